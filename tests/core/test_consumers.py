"""core.consumers.GroupConsumer: what every socket does, tested on a bare consumer."""

from channels.testing import WebsocketCommunicator

from core.consumers import GroupConsumer
from core.live import CloseCode


class RefusesEveryFrame(GroupConsumer):
    async def connect(self):
        if await self.join_groups(["test-group"]):
            await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CloseCode.BAD_FRAME)


async def test_a_close_code_leaves_as_a_plain_int_that_daphne_accepts():
    communicator = WebsocketCommunicator(RefusesEveryFrame.as_asgi(), "/ws/test/")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data="hello")
    closed = await communicator.receive_output()
    assert closed["type"] == "websocket.close"
    assert closed["code"] == CloseCode.BAD_FRAME and type(closed["code"]) is int
    await communicator.wait()

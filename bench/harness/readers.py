"""Many readers in one process on the load core: WebSocket clients (`websockets`) or raw Redis
subscribers (`redis.asyncio`). Driven over stdin/stdout by bench/fanout.py:

  argv[1]: JSON {"mode": "ws"|"redis", "urls": [...], "origin": "...", "n": N,
                 "redis_port": P, "channel": "...", "compression": true|false,
                 "event": "post.created", "cookies": ["sessionid=..."], "receipts": false}
  stdout:  READY <connected> <failed> <extensions>
  stdin:   EXPECT <messages per reader> <timeout seconds>
  stdout:  RESULT <json>   ({"latencies": [...], "delivered": n, "readers": n, ...})

"event" names the frame type counted as a message (bench/groups.py counts the room's
"message.created"); "cookies" gives reader i the Cookie header cookies[i % len] (a logged-in
member); with "receipts" the result also holds, per reader, [[message id, receipt time], ...]
so the caller can measure from its own clock (the room's frames carry no `<time datetime>`).

Receiving does as little as possible (time.time() and the frame kept); frames are parsed after
the run, so the client's own work adds little to the latency it measures.
"""

import asyncio
import json
import re
import sys
import time
from datetime import datetime

from websockets.asyncio.client import connect

POST_ID = re.compile(r'"post": (\d+)')
MESSAGE_ID = re.compile(r'"(?:post|message)": (\d+)')
CREATED = re.compile(r'<time datetime="([^"]+)"')
SEQ = re.compile(r'"seq": (\d+)')
T0 = re.compile(r'"t0": ([\d.]+)')
CONNECT_AT_ONCE = 50
EVENT = '"post.created"'  # set from the config in main()


class Reader:
    def __init__(self):
        self.frames: list[tuple[float, str]] = []
        self.posts = 0
        self.enough = asyncio.Event()
        self.want = 1 << 30
        self.socket = None

    def got(self, frame: str) -> None:
        self.frames.append((time.time(), frame))
        if EVENT in frame:
            self.posts += 1
            if self.posts >= self.want:
                self.enough.set()


async def ws_reader(
    url: str, origin: str, compression: bool, reader: Reader, ready, gate, cookie: str = ""
):
    async with gate:
        socket = None
        for _attempt in range(3):
            try:
                socket = await connect(
                    url,
                    origin=origin,
                    compression="deflate" if compression else None,
                    open_timeout=30,
                    ping_interval=None,
                    close_timeout=2,
                    max_size=2**22,
                    additional_headers={"Cookie": cookie} if cookie else None,
                )
                break
            except Exception:  # noqa: BLE001 - refused, reset or timed out: try again
                await asyncio.sleep(0.5)
    reader.socket = socket
    ready.append(socket)
    if socket is None:
        return
    try:
        async for frame in socket:
            reader.got(frame)
    except Exception:  # noqa: S110 - the socket closing ends the reader; loss is counted
        pass


async def redis_reader(port: int, channel: str, reader: Reader, ready, gate):
    import redis.asyncio as aioredis

    async with gate:
        client = aioredis.Redis(host="127.0.0.1", port=port, socket_timeout=None)
        pubsub = client.pubsub()
        await pubsub.subscribe(channel)
        await pubsub.get_message(timeout=5)  # the subscribe confirmation
    reader.socket = pubsub
    ready.append(pubsub)
    try:
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
            if message is not None:
                reader.got(message["data"].decode())
    except Exception:  # noqa: S110 - cancelled at the end
        pass
    finally:
        await client.aclose()


def _created(frame: str) -> tuple[str, float] | None:
    """(message key, the time it was stamped) for a post.created frame."""
    if EVENT not in frame:
        return None
    t0 = T0.search(frame)
    if t0:
        return "seq" + SEQ.search(frame).group(1), float(t0.group(1))
    post = POST_ID.search(frame)
    created = CREATED.search(frame.replace('\\"', '"'))
    if not post or not created:
        return None
    return "post" + post.group(1), datetime.fromisoformat(created.group(1)).timestamp()


def summarise(readers: list[Reader]) -> dict:
    stamps: dict[str, float] = {}
    latencies = []
    delivered = 0
    for reader in readers:
        seen = set()
        for received, frame in reader.frames:
            if EVENT not in frame:
                continue
            found = _created(frame)
            if found is None:
                continue
            key, stamped = found
            if key in seen:
                continue
            seen.add(key)
            stamps.setdefault(key, stamped)
            latencies.append(received - stamped)
        delivered += len(seen)
    return {
        "latencies": latencies,
        "delivered": delivered,
        "readers": len(readers),
        "messages": len(stamps),
    }


def receipts(readers: list[Reader]) -> list[list[tuple[int, float]]]:
    """Per reader, (message id, receipt time) of each counted frame, first copy only."""
    out = []
    for reader in readers:
        seen: dict[int, float] = {}
        for received, frame in reader.frames:
            found = MESSAGE_ID.search(frame) if EVENT in frame else None
            if found:
                seen.setdefault(int(found.group(1)), received)
        out.append(sorted(seen.items()))
    return out


async def main(config: dict) -> None:
    global EVENT
    EVENT = json.dumps(config.get("event", "post.created"))
    cookies = config.get("cookies") or [""]
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    readers = [Reader() for _ in range(config["n"])]
    ready: list = []
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    tasks = []
    for index, reader in enumerate(readers):
        if config["mode"] == "ws":
            url = config["urls"][index % len(config["urls"])]
            coro = ws_reader(
                url,
                config["origin"],
                config.get("compression", True),
                reader,
                ready,
                gate,
                cookies[index % len(cookies)],
            )
        else:
            coro = redis_reader(config["redis_port"], config["channel"], reader, ready, gate)
        tasks.append(asyncio.create_task(coro))
    deadline = time.monotonic() + 120
    while len(ready) < len(readers) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    connected = [s for s in ready if s is not None]
    extensions = "-"
    if config["mode"] == "ws" and connected:
        extensions = connected[0].response.headers.get("Sec-WebSocket-Extensions") or "none"
    print(f"READY {len(connected)} {len(readers) - len(connected)} {extensions}", flush=True)
    line = (await stdin.readline()).decode().split()
    want, timeout = int(line[1]), float(line[2])
    live = [r for r in readers if r.socket is not None]
    for reader in readers:
        reader.want = want
        if reader.posts >= want:
            reader.enough.set()
    try:
        await asyncio.wait_for(asyncio.gather(*(r.enough.wait() for r in live)), timeout)
    except TimeoutError:
        pass
    result = summarise(readers)
    result["connected"] = len(connected)
    if config.get("receipts"):
        result["receipts"] = receipts(readers)
    print("RESULT " + json.dumps(result), flush=True)
    for task in tasks:
        task.cancel()
    closing = [
        socket.close() if config["mode"] == "ws" else socket.aclose() for socket in connected
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*closing, return_exceptions=True), 10)
    except TimeoutError:
        pass  # the server notices the sockets go when this process exits


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))

from django.urls import path

from groups.consumers import RoomConsumer

websocket_urlpatterns: list = [
    path("ws/groups/<int:session_id>/", RoomConsumer.as_asgi()),
]

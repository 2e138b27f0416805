from befriending.routing import websocket_urlpatterns as befriending_sockets
from forum.routing import websocket_urlpatterns as forum_sockets
from groups.routing import websocket_urlpatterns as group_sockets
from moderation.routing import websocket_urlpatterns as moderation_sockets
from moderation.sockets import muted_members_do_not_type
from notifications.routing import websocket_urlpatterns as notification_sockets

websocket_urlpatterns = [
    *muted_members_do_not_type(forum_sockets),
    *moderation_sockets,
    *notification_sockets,
    *group_sockets,
    *befriending_sockets,
]

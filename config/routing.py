from forum.routing import websocket_urlpatterns as forum_sockets

websocket_urlpatterns = [*forum_sockets]

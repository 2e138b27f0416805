"""The conversation's socket (the conversation part fills it)."""

websocket_urlpatterns = []

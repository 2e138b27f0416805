"""Logging out closes that browser's live sockets."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from forum import events


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs):
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        events.close_session_sockets(session_key)

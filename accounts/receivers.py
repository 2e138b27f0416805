"""Keep track of which sessions belong to whom, whichever view logged the member in
(connected in AccountsConfig.ready)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts import services


@receiver(user_logged_in, dispatch_uid="accounts.record_session")
def record_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        services.record_session(member=user, session_key=session.session_key)


@receiver(user_logged_out, dispatch_uid="accounts.forget_session")
def forget_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        services.forget_session(session_key=session.session_key)

"""Log-in for suspended members: refused, with why and until when."""

from django.contrib.auth.backends import ModelBackend

from moderation.sanctions import ensure_can_log_in


class SanctionAwareBackend(ModelBackend):
    """Django's model backend, refusing a suspended member once their password is known to be
    right. The refusal is a ValidationError, which the log-in form (and the admin's) shows as
    its error: the owner learns why and until when, and nobody else learns anything, since a
    wrong password never gets this far. Sessions that predate the suspension were ended when
    it was issued (moderation.sanctions.issue_sanction)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        member = super().authenticate(request, username=username, password=password, **kwargs)
        if member is not None:
            ensure_can_log_in(member)
        return member

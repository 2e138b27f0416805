"""Who may read a conversation, and how much: the one rule the page, the catch-up view and the
socket all call. Everyone else gets 404, so a conversation's existence is not disclosed.

Owned by the oversight part.
"""

from dataclasses import dataclass

from befriending.models import Befriending, Cause, CauseKind

# A flagged message is shown to moderators with this many messages either side of it.
FLAG_CONTEXT = 3


@dataclass(frozen=True)
class Access:
    participant: bool = False
    # The open cause a moderator reads under (None for a participant).
    cause: Cause | None = None

    @property
    def allowed(self) -> bool:
        return self.participant or self.cause is not None

    @property
    def whole_conversation(self) -> bool:
        """A flag shows moderators only the flagged message and FLAG_CONTEXT either side."""
        return self.participant or (self.cause is not None and self.cause.kind != CauseKind.FLAG)


NO_ACCESS = Access()


def conversation_access(*, befriending: Befriending, user) -> Access:
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    if befriending.involves(user):
        return Access(participant=True)
    if getattr(user, "is_moderator", False):
        cause = befriending.causes.filter(resolved_at__isnull=True).order_by("opened_at").first()
        if cause is not None:
            return Access(cause=cause)
    return NO_ACCESS

"""Oversight without snooping: the causes that open a conversation to moderators.

Owned by the oversight part.
"""

from befriending.models import Befriending, Cause, Message


def open_cause(
    *,
    befriending: Befriending,
    kind: str,
    raised_by=None,
    message: Message | None = None,
    reason: str = "",
    severity: str = "",
) -> Cause:
    """Open a cause (call inside the writer's transaction): the conversation enters the
    moderation queue and moderators may read what the cause allows."""
    return Cause.objects.create(
        befriending=befriending,
        kind=kind,
        raised_by=raised_by,
        message=message,
        reason=reason,
        severity=severity,
    )

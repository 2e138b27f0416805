"""The append-only audit log: every moderation action, role change and lexicon change.

Writers call `record` inside the transaction of the change, so the line exists exactly when
the change does. Nothing here updates or deletes a line (see AuditEntry).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.crypto import salted_hmac

from moderation.models import AuditAction, AuditEntry

# Who is acting when a change arrives through a signal (role changes): set by the service or
# command that makes the change; absent for changes made in the admin site or a shell.
_acting: ContextVar[dict | None] = ContextVar("moderation_audit_acting", default=None)


def record(
    *,
    actor,
    action: str,
    reason: str = "",
    member=None,
    post=None,
    thread=None,
    detail: dict | None = None,
) -> AuditEntry:
    """Add one line. `actor` and `member` may be members or None (the system, a command)."""
    if thread is None and post is not None:
        thread_id = post.thread_id
    else:
        thread_id = getattr(thread, "pk", None)
    return AuditEntry.objects.create(
        actor_id=getattr(actor, "pk", None),
        action=action,
        subject_member_id=getattr(member, "pk", member if isinstance(member, int) else None),
        post_id=getattr(post, "pk", None),
        thread_id=thread_id,
        reason=reason or "",
        detail=detail or {},
    )


@contextmanager
def acting_as(actor, *, via: str, reason: str = ""):
    """Name who makes the changes signals will record inside this block."""
    token = _acting.set({"actor": actor, "via": via, "reason": reason})
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor() -> dict:
    return _acting.get() or {"actor": None, "via": "admin site or shell", "reason": ""}


def opaque_account_id(member_id: int) -> str:
    """A stable token for an account that says nothing about who it was."""
    return salted_hmac("moderation.audit.account", str(member_id)).hexdigest()[:16]


def record_account_deleted(*, member_id: int, erase_posts: bool) -> AuditEntry:
    """Written when accounts announces member_deleting (moderation.account_receivers): that an
    account went, never whose."""
    return AuditEntry.objects.create(
        action=AuditAction.ACCOUNT_DELETED,
        detail={
            "account": opaque_account_id(member_id),
            "posts": "erased" if erase_posts else "kept",
        },
    )

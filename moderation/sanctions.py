"""Warnings, mutes and suspensions: issued with a reason and an end date, enforced on every
write path (a core.guards write guard, registered in moderation.apps), at log-in
(moderation.backends) and on sockets (moderation.sockets; suspension also closes them)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.services import end_other_sessions
from core.errors import PostingRefused
from moderation import audit, notes
from moderation.models import AuditAction, NoteKind, Sanction, SanctionKind
from moderation.selectors import active_sanction

MAX_DAYS = 365


class PostingRestricted(PostingRefused, PermissionDenied):
    """A muted or suspended member tried to write. Also a PermissionDenied, so a view that
    does not catch PostingRefused still answers 403 rather than failing."""


class SanctionRefused(Exception):
    """The sanction cannot be issued or lifted; the message is for the moderator."""


def when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


def restriction_message(sanction: Sanction) -> str:
    what = "muted" if sanction.kind == SanctionKind.MUTE else "suspended"
    return (
        f"A peer moderator {what} your account until {when(sanction.ends)}, so you can't post "
        f"or react until then. Their reason: {sanction.reason}"
    )


def ensure_can_post(member) -> None:
    """Raise PostingRestricted, saying why and until when, if a mute or suspension is in
    force. One query."""
    sanction = active_sanction(member)
    if sanction is not None:
        raise PostingRestricted(restriction_message(sanction))


def is_silenced(member_id: int) -> bool:
    """Whether a member may not write now (sockets ask this for typing frames)."""
    return Sanction.objects.in_force().filter(member_id=member_id).exists()


def active_suspension(member) -> Sanction | None:
    if member is None or not getattr(member, "pk", None):
        return None
    return (
        Sanction.objects.in_force()
        .filter(member=member, kind=SanctionKind.SUSPENSION)
        .order_by("-ends")
        .first()
    )


def ensure_can_log_in(member) -> None:
    """Raise a ValidationError (shown on the log-in form) while a suspension is in force.
    Call only once the password is known to be right: it tells the owner why and until when."""
    sanction = active_suspension(member)
    if sanction is not None:
        raise ValidationError(
            f"Your account is suspended until {when(sanction.ends)}. The peer moderators' "
            f"reason: {sanction.reason}",
            code="suspended",
        )


_NOTE_SUBJECTS = {
    SanctionKind.WARNING: "A warning from the peer moderators",
    SanctionKind.MUTE: "Your account is muted for a while",
    SanctionKind.SUSPENSION: "Your account is suspended for a while",
}


def _note_text(sanction: Sanction) -> str:
    if sanction.kind == SanctionKind.WARNING:
        lead = "A peer moderator has given you a warning. Nothing about your account changes."
    elif sanction.kind == SanctionKind.MUTE:
        lead = (
            f"A peer moderator muted your account until {when(sanction.ends)}. Until then you "
            "can read everything, but you can't post, reply, edit or react."
        )
    else:
        lead = (
            f"A peer moderator suspended your account until {when(sanction.ends)}. You can "
            "log in again after that."
        )
    return f"{lead}\n\nTheir reason: {sanction.reason}"


@transaction.atomic
def issue_sanction(
    *,
    moderator,
    member,
    kind: str,
    reason: str,
    days: int | None = None,
    post=None,
) -> Sanction:
    """Warn, mute or suspend a member. A suspension ends every session and socket at once;
    the member is told why (and until when) in their inbox."""
    if kind not in SanctionKind.values:
        raise SanctionRefused("Choose a warning, a mute or a suspension.")
    if not reason.strip():
        raise SanctionRefused("Say why: the member will read it.")
    if member.pk == moderator.pk:
        raise SanctionRefused("You can't sanction yourself.")
    if member.is_moderator and not moderator.is_superuser:
        raise SanctionRefused("Only an administrator can sanction a moderator.")
    ends = None
    if kind != SanctionKind.WARNING:
        if not days or not 1 <= days <= MAX_DAYS:
            raise SanctionRefused(f"A mute or suspension lasts 1 to {MAX_DAYS} days.")
        ends = timezone.now() + timedelta(days=days)
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        reason=reason.strip(),
        ends=ends,
        issued_by=moderator,
        post=post,
    )
    audit.record(
        actor=moderator,
        action=AuditAction.SANCTION_ISSUED,
        reason=sanction.reason,
        member=member,
        post=post,
        detail={"kind": kind, "ends": ends.isoformat() if ends else None},
    )
    notes.send_note(
        recipient=member,
        kind=NoteKind.SANCTION,
        subject=_NOTE_SUBJECTS[kind],
        body=_note_text(sanction),
        post=post,
    )
    if kind == SanctionKind.SUSPENSION:
        # Raising the session generation ends every session, whatever the backend, and
        # closes the member's sockets after commit.
        end_other_sessions(member=member, current_session_key=None)
    return sanction


@transaction.atomic
def lift_sanction(*, moderator, sanction: Sanction, reason: str = "") -> Sanction:
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.lifted is not None:
        raise SanctionRefused("This sanction was already lifted.")
    sanction.lifted = timezone.now()
    sanction.lifted_by = moderator
    sanction.save(update_fields=["lifted", "lifted_by"])
    audit.record(
        actor=moderator,
        action=AuditAction.SANCTION_LIFTED,
        reason=reason,
        member=sanction.member_id,
        detail={"kind": sanction.kind, "sanction": sanction.pk},
    )
    return sanction

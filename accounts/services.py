"""Every change to a member's account goes through these functions."""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import selectors
from accounts.models import Block, Member, MemberSession, RecoveryCode, ReservedPseudonym
from accounts.profiles import UNRATED_EMPTY_TEXT, TextRating, rate_about_line
from accounts.pseudonyms import RESERVATION_DAYS, pseudonym_key
from accounts.signals import member_deleting
from core import live
from core.guards import ensure_member_can_write
from core.text import clean_text

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/i/l, so a code copied by hand survives; 31 symbols, 16 of them: about 79 bits.
_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


class AccountRefused(Exception):
    """The change cannot be made; the message is safe to show the member."""


# --- Joining -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMember:
    member: Member
    recovery_codes: list[str]


@transaction.atomic
def register_member(*, pseudonym: str, password: str) -> NewMember:
    """Create a member and their first recovery codes. Raises AccountRefused if the pseudonym
    (or a look-alike) was taken meanwhile: the unique key decides races."""
    if selectors.pseudonym_taken(pseudonym):
        raise AccountRefused("That pseudonym is taken. Please choose another.")
    try:
        with transaction.atomic():
            member = Member.objects.create_user(pseudonym, password)
    except IntegrityError as exc:
        raise AccountRefused("That pseudonym is taken. Please choose another.") from exc
    return NewMember(member=member, recovery_codes=issue_recovery_codes(member=member))


# --- Recovery codes ------------------------------------------------------------------------------


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def issue_recovery_codes(*, member) -> list[str]:
    """Replace the member's recovery codes with ten new ones; returns them in clear, once."""
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(member=member).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(member=member, digest=_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def recover_account(*, pseudonym: str, code: str, new_password: str) -> Member | None:
    """Set a new password with a recovery code, which is used up. Every session of the account
    ends: whoever else might have been in it is out. None if the pseudonym and code don't match.
    """
    member = Member.objects.filter(pseudonym_key=pseudonym_key(pseudonym), is_active=True).first()
    if member is None:
        return None
    # Deleting is the check: two requests racing with one code cannot both delete the row.
    used, _ = RecoveryCode.objects.filter(member=member, digest=_digest(code)).delete()
    if not used:
        return None
    member.set_password(new_password)
    member.session_generation += 1
    member.save(update_fields=["password", "session_generation"])
    _end_sessions(member, keep=None)
    return member


# --- Sessions ------------------------------------------------------------------------------------


def record_session(*, member, session_key: str | None) -> None:
    """Remember that a session belongs to the member (called on log-in and key rotation)."""
    if session_key:
        MemberSession.objects.get_or_create(session_key=session_key, defaults={"member": member})


def forget_session(*, session_key: str | None) -> None:
    if session_key:
        MemberSession.objects.filter(session_key=session_key).delete()


def session_rotated(*, member, old_key: str | None, new_key: str | None) -> None:
    """The current session got a new key (log-in, password change): follow it."""
    if old_key != new_key:
        forget_session(session_key=old_key)
    record_session(member=member, session_key=new_key)


def _end_sessions(member, *, keep: str | None) -> None:
    """End sessions in the store and close the member's open live sockets after commit (a
    socket of the kept session simply reconnects)."""
    member_id = member.pk
    transaction.on_commit(lambda: live.close_member_sockets(member_id))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    records = MemberSession.objects.filter(member=member)
    if keep:
        records = records.exclude(session_key=keep)
    for session_key in list(records.values_list("session_key", flat=True)):
        store(session_key=session_key).delete()
    records.delete()


@transaction.atomic
def end_other_sessions(*, member, current_session_key: str | None) -> None:
    """Log the member out everywhere else. Raising the generation ends sessions we never saw
    (any backend); deleting the known ones clears them from the store too. The caller must then
    refresh the current session's hash (django.contrib.auth.update_session_auth_hash)."""
    Member.objects.filter(pk=member.pk).update(session_generation=member.session_generation + 1)
    member.session_generation += 1
    _end_sessions(member, keep=current_session_key)


@transaction.atomic
def change_password(*, member, new_password: str) -> None:
    """Other sessions end, as the session hash includes the password; their sockets close."""
    member.set_password(new_password)
    member.save(update_fields=["password"])
    member_id = member.pk
    transaction.on_commit(lambda: live.close_member_sockets(member_id))


# --- Profile -------------------------------------------------------------------------------------


@transaction.atomic
def change_pseudonym(*, member, new_pseudonym: str) -> None:
    """Rename the member, at most once per interval, reserving the old name for its owner."""
    if selectors.can_change_pseudonym_at(member) is not None:
        raise AccountRefused("You changed your pseudonym recently. Please wait a little longer.")
    if selectors.pseudonym_taken(new_pseudonym, by_other_than=member):
        raise AccountRefused("That pseudonym is taken. Please choose another.")
    now = timezone.now()
    old_pseudonym, old_key = member.pseudonym, member.pseudonym_key
    new_key = pseudonym_key(new_pseudonym)
    ReservedPseudonym.objects.filter(until__lte=now).delete()
    ReservedPseudonym.objects.filter(member=member, pseudonym_key=new_key).delete()
    if old_key != new_key:
        ReservedPseudonym.objects.update_or_create(
            pseudonym_key=old_key,
            defaults={
                "member": member,
                "pseudonym": old_pseudonym,
                "until": now + timedelta(days=RESERVATION_DAYS),
            },
        )
    member.pseudonym = new_pseudonym
    member.pseudonym_changed = now
    try:
        with transaction.atomic():
            member.save(update_fields=["pseudonym", "pseudonym_key", "pseudonym_changed"])
    except IntegrityError as exc:
        member.pseudonym = old_pseudonym
        member.pseudonym_key = old_key
        raise AccountRefused("That pseudonym is taken. Please choose another.") from exc


def update_about(*, member, about: str) -> TextRating:
    """Save the "about" line, scanned first. A high, imminent or failed scan keeps it from
    everyone but its author (fail closed); the caller shows the author the support panel."""
    ensure_member_can_write(member)  # a muted member cannot change what others read about them
    about = clean_text(about).strip()
    rating = rate_about_line(about) if about else UNRATED_EMPTY_TEXT
    member.about = about
    member.about_withheld = bool(about) and rating.withhold
    member.save(update_fields=["about", "about_withheld"])
    return rating


# --- Blocking ------------------------------------------------------------------------------------


def block_member(*, blocker, blocked) -> None:
    """Idempotent, so repeating it reveals nothing and fails nothing."""
    if blocker.pk == blocked.pk:
        raise AccountRefused("You can't block yourself.")
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)


def unblock_member(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


# --- Leaving -------------------------------------------------------------------------------------


@transaction.atomic
def delete_account(*, member, erase_posts: bool) -> None:
    """Delete the account, its sessions, codes, reactions, blocks and settings.

    `erase_posts`: True removes the text of all the member's posts; False keeps them under
    "Deleted member". Either way no row is left pointing at the account (see
    accounts.personal_data.remaining_member_rows). The apps above do their part when they hear
    `member_deleting`, inside this transaction: forum erases or releases the posts and tells
    readers after commit; moderation records that an account was deleted, never whose.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    member_deleting.send(sender=Member, member=member, erase_posts=erase_posts)
    _end_sessions(member, keep=None)
    member.delete()
    logger.info("A member deleted their account (posts %s)", "erased" if erase_posts else "kept")

"""Notes from the peer moderators to a member, and the supportive-note templates.

The templates follow what crisis services advise platforms (Samaritans, #chatsafe): speak to
the person directly, say that it sounds hard, point to people who can help now (the support
panel is shown under every supportive note, for the reader's region), never discuss methods.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from moderation.models import Note
from notifications.models import NotificationKind
from notifications.services import notify


@dataclass(frozen=True)
class NoteTemplate:
    label: str
    subject: str
    text: str


_ONE_OF_US = (
    "We're peers, not a crisis service, so we can't send help ourselves. The people on the "
    "lines below can, at any hour, and talking to them is free and private."
)

SUPPORTIVE_NOTES: dict[str, NoteTemplate] = {
    "checking_in": NoteTemplate(
        label="Checking in after a post about being in danger",
        subject="A peer moderator is thinking of you",
        text=(
            "Hi. I'm one of the peer moderators here, and I read what you posted. It sounds "
            "like you're going through a really difficult time right now, and I'm glad you "
            "wrote it down rather than carrying it alone.\n\n"
            "If you're thinking about ending your life, or you don't feel safe tonight, please "
            "reach out to one of the lines below now. "
            f"{_ONE_OF_US}\n\n"
            "You matter here, and we'll keep reading."
        ),
    ),
    "post_waiting": NoteTemplate(
        label="A held post: why it waited",
        subject="About your post, and about you",
        text=(
            "Hi. Your post waited for a peer moderator before others could read it. That's "
            "not a punishment: when someone writes that they may be in danger, we make sure a "
            "person sees it first.\n\n"
            "It sounds like things are really hard right now. If you're not safe, please "
            "talk to one of the lines below. "
            f"{_ONE_OF_US}"
        ),
    ),
    "details_removed": NoteTemplate(
        label="Details edited out of a post",
        subject="Why we changed a few words in your post",
        text=(
            "Hi. We took a few details out of your post. We do this whenever a post describes "
            "ways of hurting oneself, because those details can put other readers at risk. "
            "It says nothing about whether what you feel is real: it is, and your post is "
            "still there for people to answer.\n\n"
            "If you're struggling right now, the lines below are there for you. "
            f"{_ONE_OF_US}"
        ),
    ),
    "thinking_of_you": NoteTemplate(
        label="A short note of support",
        subject="Thinking of you",
        text=(
            "Hi. I'm one of the peer moderators. I wanted to say that what you shared "
            "matters, and so do you. If things get heavier, the lines below are there any "
            "time, and so is this community."
        ),
    ),
}


def supportive_note_text(*, template: str, message: str = "") -> tuple[str, str]:
    """The subject and body of a supportive note: the template, then the moderator's own
    words if they added some."""
    chosen = SUPPORTIVE_NOTES[template]
    body = chosen.text
    if message.strip():
        body += f"\n\nThe moderator added:\n{message.strip()}"
    return chosen.subject, body


def unread_key(member_id: int) -> str:
    return f"moderation:unread-notes:{member_id}"


def send_note(
    *,
    recipient,
    kind: str,
    subject: str,
    body: str,
    post=None,
    with_support_panel: bool = False,
) -> Note:
    """Write to a member's inbox. Call inside the action's transaction."""
    note = Note.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject[:200],
        body=body,
        post=post,
        with_support_panel=with_support_panel,
    )
    recipient_id = recipient.pk
    transaction.on_commit(lambda: _remember_unread(recipient_id, True))

    # The bell rings for a moderator's note whatever the member's notification settings.
    notify(recipient=recipient, kind=NotificationKind.MODERATOR_NOTE, text=subject[:200],
           post=post, support_panel=with_support_panel)  # fmt: skip
    return note


def _remember_unread(member_id: int, unread: bool) -> None:
    try:
        cache.set(unread_key(member_id), unread, timeout=None)
    except Exception:  # the cache is away: the inbox link just shows no badge
        return


def has_unread_notes(member) -> bool:
    """For the page header: the cache's word, never a query (a miss reads as "nothing new")."""
    if not getattr(member, "is_authenticated", False):
        return False
    try:
        return bool(cache.get(unread_key(member.pk)))
    except Exception:
        return False


def mark_read(*, member, notes=None) -> None:
    """The member opened their inbox (or one note)."""
    unread = Note.objects.filter(recipient=member, read__isnull=True)
    if notes is not None:
        unread = unread.filter(pk__in=[n.pk for n in notes])
    unread.update(read=timezone.now())
    if not Note.objects.filter(recipient=member, read__isnull=True).exists():
        _remember_unread(member.pk, False)

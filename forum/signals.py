"""Forum signals: logging out closes that browser's live sockets; the reviewing app hears about
posts that need a peer moderator, inside the posting transaction; other apps hear about posts
readers can now see, and about reactions, after commit; about quotes, and about waiting threads
being looked at, as they happen."""

import logging

from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal, receiver

from core import live
from forum.models import Visibility

logger = logging.getLogger(__name__)

# Sent inside the transaction that saves or edits a post, when its rating asks for a peer
# moderator (a crisis rating, a failed scan, a rating the crisis model lowered) or a new
# member's links held it. Arguments: sender=Post, post=<the Post, saved>, assessment=<the
# safety.services.Assessment when the rating asks for review, else None>,
# held_for_links=<bool>. Moderation's receiver opens the post's queue item.
post_needs_review = Signal()
# Sent after commit, once a post is visible to readers: a published reply or thread, or a held
# post a moderator approved. Arguments: sender=Post, post=<the Post>.
post_published = Signal()
# Sent after commit when a member adds or takes back a reaction. Arguments: sender=Post,
# post=<the Post>, member=<who reacted>, kind=<ReactionKind value>, added=<bool>.
reaction_changed = Signal()
# Sent inside the reply's transaction when a reply quotes an earlier post of its thread (the
# reply form's hidden `quote` field), so the quoted member's notification knows once it goes
# out. Arguments: sender=Post, post=<the reply>, quoted=<the quoted Post>.
post_quoted = Signal()
# Sent when a page lists threads waiting for a first reply (the home page, /waiting/), so apps
# above can act while someone who might answer them is around. Arguments: sender=Thread,
# member=<the request's user, perhaps anonymous>.
waiting_threads_viewed = Signal()


def ask_for_review(post, *, assessment=None, held_for_links: bool = False) -> None:
    """Call inside the transaction that saves the post. Receivers run now, and one that raises
    fails the whole write (send, not send_robust): a post that needs review is never saved, let
    alone published, without its queue item. With no receiver at all (no reviewing app
    installed) the write fails too: a post that needs review would otherwise wait unseen."""
    if not post_needs_review.has_listeners(type(post)):
        raise ImproperlyConfigured("No app receives post_needs_review: nobody would review it")
    post_needs_review.send(
        sender=type(post), post=post, assessment=assessment, held_for_links=held_for_links
    )


def announce_published(post) -> None:
    """Call inside the transaction that makes `post` visible (creating or approving it); does
    nothing for a post readers cannot see yet. Receivers run after commit, and one that fails
    is logged without failing the request."""
    if post.state != Visibility.PUBLISHED:
        return
    transaction.on_commit(lambda: _send(post_published, post=post))


def announce_reaction(*, post, member, kind: str, added: bool) -> None:
    """Call inside the reaction's transaction; receivers run after commit."""
    transaction.on_commit(
        lambda: _send(reaction_changed, post=post, member=member, kind=kind, added=added)
    )


def _send(signal: Signal, **kwargs) -> None:
    for receiver_function, result in signal.send_robust(sender=type(kwargs["post"]), **kwargs):
        if isinstance(result, Exception):
            logger.error(
                "%s failed after a post was saved", receiver_function.__qualname__,
                exc_info=result,
            )  # fmt: skip


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs):
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        live.close_session_sockets(session_key)

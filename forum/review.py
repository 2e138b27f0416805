"""What the forum asks, while it writes a post or renders a page, of the app that reviews posts.

The forum announces a post that needs a peer moderator with `forum.signals.post_needs_review`;
the answers it needs back at once come through the reviewer registered here, which moderation
fills in from its AppConfig.ready() (the way core.guards takes its write guards), so the forum
never imports moderation:

- whether nobody is on duty: a high-risk post is then held instead of published;
- which threads have an open flag: peer supporters answer those with care;
- where the reader's own crisis posts in a thread stand: the author's support panel.

Until a reviewer registers, nobody reviews, and each answer is the one that changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Value
from django.db.models.expressions import Expression


@dataclass(frozen=True)
class AuthorCare:
    """What the thread page shows its reader about their own crisis posts."""

    # A crisis post of theirs that no moderator has acted on yet: the support panel.
    waiting: bool = False
    held: bool = False  # one such post is held, so nobody else can read it yet
    unstaffed: bool = False  # no moderator is on duty
    # A moderator has acted on every crisis post of theirs here: one quiet line instead.
    seen: bool = False
    # What happens next to each held crisis post, by post id, for the post's own held note.
    held_notes: dict[int, str] = field(default_factory=dict)


NO_CARE = AuthorCare()


def _nobody_wrote_one(member) -> Expression:
    return Value(False, output_field=BooleanField())


@dataclass(frozen=True)
class Reviewer:
    """The reviewing app's answers, as functions; the defaults are a forum nobody reviews."""

    unstaffed: Callable[[], bool] = lambda: False
    flagged_thread_ids: Callable[[list[int]], set[int]] = lambda thread_ids: set()
    # An expression for annotating a thread query: did `member` write a crisis post in it?
    wrote_crisis_post: Callable[[object], Expression] = _nobody_wrote_one
    care_in_thread: Callable[..., AuthorCare] = lambda *, thread, member: NO_CARE


_reviewer = Reviewer()


def register_reviewer(**answers: Callable) -> None:
    """Answer the forum's questions with these functions (the names of Reviewer's fields).
    Call from an AppConfig.ready(); a later call replaces the earlier one."""
    global _reviewer
    _reviewer = Reviewer(**answers)


def unstaffed() -> bool:
    """Is the unstaffed policy in force (the forum has moderators, none of them on duty)? The
    posting services ask only for posts rated high or above."""
    return _reviewer.unstaffed()


def flagged_thread_ids(threads: Iterable) -> set[int]:
    """Which of these threads have an open flag on their opening post."""
    ids = [thread.pk for thread in threads]
    return _reviewer.flagged_thread_ids(ids) if ids else set()


def wrote_crisis_post(member) -> Expression:
    """For annotating a thread query: has `member` a crisis post in the thread? A subquery
    inside the thread's own query, so readers who wrote none pay no query for it."""
    return _reviewer.wrote_crisis_post(member)


def care_in_thread(*, thread, member) -> AuthorCare:
    """The member's crisis posts in this thread and where each stands (read for them alone)."""
    return _reviewer.care_in_thread(thread=thread, member=member)

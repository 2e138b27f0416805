"""What the author of a crisis post is told while it waits for a peer moderator.

A post the crisis scanner rated high or imminent, or could not rate, opens a queue item with a
response target (moderation.escalation). Until a moderator first acts on that item (a claim, a
decision, a note: `QueueItem.first_action_at`), its author sees the support panel every time
they open the thread, not only on the page that answered the post, and their held post says
what happens next and roughly when. Once a moderator has acted, one quiet line replaces the
panel.

The forum shows it through forum.review, which moderation answers (see ModerationConfig.ready):
AuthorCare is the forum's shape for it.

Everything here is read for the author alone, by author id, so an anonymous post is treated as
a named one and no other reader's page can show that its author is in crisis.
"""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from forum.models import Visibility
from forum.review import NO_CARE, AuthorCare
from moderation import staffing
from moderation.models import Flag, FlagReason, ItemStatus, QueueItem


def _crisis_flags():
    """The scanner's flags that put a post in the crisis lane: a high or imminent rating, or a
    scan that failed (held, fail closed). Members' reports are not among them: a report must
    never tell the author that someone reported them."""
    return Flag.objects.filter(
        Q(reason=FlagReason.SCAN_FAILED)
        | Q(reason=FlagReason.SCAN, severity__in=settings.CRISIS_FLAG_SEVERITIES)
    )


def wrote_crisis_post(member):
    """For annotating a thread query: has `member` a post in the thread the scanner flagged as
    a crisis? A subquery inside the thread's own query, so the many readers who have none pay
    no query for this page's care."""
    return Exists(_crisis_flags().filter(post__thread=OuterRef("pk"), post__author=member))


def care_in_thread(*, thread, member, now: datetime | None = None) -> AuthorCare:
    """The member's crisis posts in this thread and where each stands. One query, plus one for
    who is on duty (moderation.staffing) while a post still waits for its first moderator."""
    now = now or timezone.now()
    crisis = _crisis_flags().filter(item=OuterRef("pk"))
    rows = list(
        QueueItem.objects.filter(post__thread=thread, post__author=member)
        # Flags are resolved with their item; an open item whose crisis flags are all resolved
        # was reopened by something else (a report), so the crisis itself was answered.
        .annotate(crisis_open=Exists(crisis.filter(resolved__isnull=True)), crisis=Exists(crisis))
        .filter(crisis=True)
        .values(
            "post_id", "post__state", "status", "due_at", "first_action_at", "claimed_by_id",
            "claimed_until", "crisis_open",
        )
    )  # fmt: skip
    if not rows:
        return NO_CARE
    waiting = [row for row in rows if _waits_for_first_look(row)]
    on_duty = staffing.current_staffing(now) if waiting else None
    unstaffed = on_duty is not None and on_duty.policy_in_force
    # With no moderators at all there is no target anyone will meet: promise no time.
    no_moderators = on_duty is not None and on_duty.moderators == 0
    held_notes = {
        row["post_id"]: _held_note(row, unstaffed=unstaffed, no_moderators=no_moderators, now=now)
        for row in rows
        if row["post__state"] == Visibility.HELD and (row["crisis_open"] or _resolved(row))
    }
    return AuthorCare(
        waiting=bool(waiting),
        held=any(row["post__state"] == Visibility.HELD for row in waiting),
        unstaffed=unstaffed,
        seen=not waiting and any(_resolved(row) or row["crisis_open"] for row in rows),
        held_notes=held_notes,
    )


def _resolved(row) -> bool:
    return row["status"] == ItemStatus.RESOLVED


def _waits_for_first_look(row) -> bool:
    return row["crisis_open"] and not _resolved(row) and row["first_action_at"] is None


def _held_note(row, *, unstaffed: bool, no_moderators: bool, now: datetime) -> str:
    """What happens next to a held crisis post, and roughly when, in the author's words."""
    meanwhile = "only you and the moderators can see it"
    if not _waits_for_first_look(row):
        claimed = row["claimed_by_id"] is not None and (row["claimed_until"] or now) > now
        if claimed:
            return f"A peer moderator is looking at your post now; until they decide, {meanwhile}."
        return f"A peer moderator has seen your post; until one decides, {meanwhile}."
    if unstaffed:
        return (
            "No peer moderator is online right now; the first one who comes online will see "
            f"your post first. Until then {meanwhile}, and the lines at the top of this page "
            "are there for you."
        )
    due = row["due_at"]
    if no_moderators:
        return f"Waiting for a peer moderator; until then {meanwhile}."
    if due is None:
        return (
            f"A peer moderator will look at your post as soon as they can; until then {meanwhile}."
        )
    if due <= now:
        return (
            "This is taking longer than usual: a peer moderator will look at your post as soon "
            f"as they can. Until then {meanwhile}."
        )
    return (
        f"A peer moderator will look at your post, usually within {_span(due - now)}; "
        f"until then {meanwhile}."
    )


def _span(left: timedelta) -> str:
    """'10 minutes', 'an hour', 'about 2 hours': how long until the response target."""
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    if minutes == 1:
        return "a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    if minutes == 60:
        return "an hour"
    hours = round(minutes / 60)
    return "about an hour" if hours == 1 else f"about {hours} hours"

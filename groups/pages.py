"""A session's page, /groups/<id>/, built in one place: its own views render it, and the room's
views render it again after a refusal (with the member's text and why), so every answer to a
POST on the room is the real page and not a page of its own."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import blocked_member_ids
from forum.reading import reader_filters
from forum.rendering import render_markdown
from groups import room_services, scheduling, selectors, services
from groups.models import Debrief, GroupSession, MessageState, Participant, ParticipantState
from groups.room_forms import RoomMessageForm, SlowModeForm
from groups.room_selectors import readable_messages, room_access

ZONE_COOKIE = "peerhaven_tz"
OUTCOME_KEY = "last_room_outcome"


def reader_zone_name(request) -> str:
    """The reader's display zone: their choice (or their browser's, set by static/js/
    timezone.js) from the cookie, else UTC."""
    return scheduling.zone_or_utc(request.COOKIES.get(ZONE_COOKIE)).key


def room_context(request, session: GroupSession, *, form=None, error: str = "") -> dict:
    """Template context for the room on /groups/<id>/: {"room": None} for anyone who may not
    read it, so the page never shows them a message. A fixed number of queries."""
    access = room_access(session=session, member=request.user)
    if not access.can_read:
        return {"room": None}
    messages = list(readable_messages(session=session, access=access))
    filters = reader_filters(request.user)
    outcome = request.session.pop(OUTCOME_KEY, None)
    now = timezone.now()
    room = {
        "session": session,
        "access": access,
        "messages": messages,
        "blocked_ids": frozenset(blocked_member_ids(request.user)),
        # forum.reading's muted words, looked for in a message's own words as in a post's.
        "muted_ids": frozenset(m.pk for m in messages if filters.mutes_text(m.body)),
        "form": form or RoomMessageForm(),
        "error": error,
        "outcome": outcome,
        "holding": any(m.state == MessageState.HELD for m in messages),
        "closed": room_services.refusal_before_lock(session=session, now=now),
        "retention_days": settings.GROUP_MESSAGE_RETENTION_DAYS,
        "is_live": access.is_live and not session.is_over(now),
    }
    if access.is_facilitator:
        room["participants"] = list(
            Participant.objects.filter(session=session, state=ParticipantState.JOINED)
            .exclude(member_id=request.user.pk)
            .select_related("member")
            .order_by("since")
        )
        room["slow_form"] = SlowModeForm(initial={"seconds": session.slow_mode_seconds})
    return {"room": room}


def held_a_place(place) -> bool:
    """In the room now, or was (a member who left reads back only what was said before they
    left: the room filters by `participant`). Waiting and removed members never were."""
    return place is not None and place.state in (ParticipantState.JOINED, ParticipantState.LEFT)


def session_page_context(
    request, session: GroupSession, *, room_form=None, room_error: str = ""
) -> dict:
    """Everything session.html shows; `room_form` and `room_error` carry a refused message's
    text and why back into the room."""
    user, now = request.user, timezone.now()
    place = selectors.place_of(session=session, member=user)
    is_facilitator = user.is_authenticated and session.facilitator_id == user.pk
    context = {
        "session": session,
        "places_left": selectors.places_left(session),
        "participant": place,
        "is_facilitator": is_facilitator,
        "description_html": render_markdown(session.description),
        "ground_rules_html": render_markdown(session.ground_rules),
        "reader_zone": reader_zone_name(request),
        "is_over": session.is_over(now),
        "is_open": session.is_open(now),
        "has_started": now >= session.opens_at,
        "can_say_helped": (
            held_a_place(place) and now >= session.opens_at and not session.cancelled_at
        ),
    }
    if place is not None and place.state == ParticipantState.WAITING:
        context["waiting_position"] = selectors.waiting_position(place)
    if place is not None and place.notice:
        context["notice"] = place.notice
        services.clear_notice(participant=place)
    if is_facilitator:
        context["helped_count"] = session.participants.filter(helped=True).count()
    if is_facilitator or (user.is_authenticated and user.is_moderator):
        debrief = Debrief.objects.filter(session=session).first()
        if is_facilitator or (debrief and debrief.needs_follow_up):
            context["debrief"] = debrief
    # Strict: only the facilitator and those who held a place ever get the room's template.
    if is_facilitator or held_a_place(place):
        context["show_room"] = True
        context.update(room_context(request, session, form=room_form, error=room_error))
    return context


def session_or_404(session_id: int) -> GroupSession:
    session = selectors.session_with_places(session_id)
    if session is None:
        raise Http404
    return session


def render_session_page(
    request,
    session: GroupSession,
    *,
    status: int = 200,
    error: str = "",
    room_form=None,
    room_error: str = "",
):
    """The session's page; after a refusal, with its status and the member's text kept."""
    if not hasattr(session, "joined_count"):
        session = session_or_404(session.pk)
    context = session_page_context(request, session, room_form=room_form, room_error=room_error)
    context["error"] = error
    return render(request, "groups/session.html", context, status=status)

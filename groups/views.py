"""Group-session pages: the list, scheduling, a session's page (with the room for those in it),
joining and leaving, and what comes after. Each view checks access (groups.permissions.guard),
calls one service or selector, and responds; the room itself is groups.room_views'."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from core.errors import PostingRefused
from core.ratelimit import Limit, hit
from forum.models import Board
from groups import pages, room_views, scheduling, selectors, services
from groups.forms import DebriefForm, ScheduleForm, SessionDetailsForm, ZoneForm
from groups.models import Debrief, ParticipantState
from groups.permissions import guard

# Joining and leaving are cheap to repeat; this stops a script, not a person changing their mind.
JOINS = Limit("group-joins", 30, 3600)
ZONE_COOKIE_AGE = 365 * 24 * 3600
SESSIONS_PER_PAGE = 20


def _to_session(session_id: int, status: int = 303) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("groups:session", args=[session_id]), status=status)


@guard("groups:list")
def session_list(request):
    board = None
    if slug := request.GET.get("board"):
        board = get_object_or_404(Board, slug=slug)
    now = timezone.now()
    page = Paginator(selectors.listed_sessions(now=now, board=board), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    sessions = list(page.object_list)
    for session in sessions:
        session.places_left = selectors.places_left(session)
    context = {
        "page": page,
        "sessions": sessions,
        "boards": Board.objects.all(),
        "board": board,
        "extra_query": f"board={board.slug}" if board else "",
        "reader_zone": pages.reader_zone_name(request),
        "zone_form": ZoneForm(initial={"timezone": pages.reader_zone_name(request)}),
        "now": now,
    }
    if request.user.is_authenticated:
        context["can_schedule"] = request.user.is_peer_supporter or request.user.is_moderator
        context["my_places"] = list(selectors.places_of(member=request.user, now=now))
    return render(request, "groups/list.html", context)


@guard("groups:zone")
def choose_zone(request):
    """Keep the reader's zone in a first-party cookie; works with JavaScript off."""
    form = ZoneForm(request.POST)
    target = request.POST.get("next") or reverse("groups:list")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("groups:list")
    if not form.is_valid():
        messages.error(request, form.errors["timezone"][0])
        return HttpResponseRedirect(target, status=303)
    response = HttpResponseRedirect(target, status=303)
    response.set_cookie(
        pages.ZONE_COOKIE,
        form.cleaned_data["timezone"],
        max_age=ZONE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@guard("groups:new")
def new_session(request):
    now = timezone.now()
    form = ScheduleForm(
        request.POST or None, now=now, initial={"timezone": pages.reader_zone_name(request)}
    )
    support = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.schedule_sessions(
                facilitator=request.user,
                board=data["board"],
                title=data["title"],
                description=data["description"],
                ground_rules=data["ground_rules"],
                schedule=services.Schedule(
                    first_local=data["starts_at"],
                    timezone=data["timezone"],
                    repeat=data["repeat"],
                    until=data["repeat_until"],
                    count=data["repeat_count"],
                ),
                duration_minutes=data["duration_minutes"],
                capacity=data["capacity"],
            )
        except scheduling.SchedulingError as error:
            form.add_error("starts_at", str(error))
        except services.DetailsRefused as refusal:
            form.add_error(None, str(refusal))
            support = refusal.support
        else:
            if form.ambiguous_note:
                messages.info(request, form.ambiguous_note)
            if len(sessions) > 1:
                messages.success(request, f"{len(sessions)} meetings are scheduled.")
            return _to_session(sessions[0].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/new.html", {"form": form, "support": support}, status=status)


@guard("groups:session")
def session_page(request, session_id):
    session = pages.session_or_404(session_id)
    if request.method == "POST":
        return room_views.post_message(request, session)
    return pages.render_session_page(request, session)


@guard("groups:join")
def join(request, session_id):
    session = pages.session_or_404(session_id)
    verdict = hit(JOINS, f"m{request.user.pk}")
    if not verdict.allowed:
        response = pages.render_session_page(
            request,
            session,
            status=429,
            error="That was a lot of joining and leaving. "
            f"Please try again in {verdict.retry_after // 60 + 1} minutes.",
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    try:
        place = services.join_session(session=session, member=request.user)
    except PostingRefused as refusal:
        return pages.render_session_page(request, session, status=403, error=str(refusal))
    if place.state == ParticipantState.WAITING:
        messages.info(request, "The session is full, so you are on the waiting list.")
    else:
        messages.success(request, "You have a place. The room opens a few minutes early.")
    return _to_session(session.pk)


@guard("groups:leave")
def leave(request, session_id):
    session = pages.session_or_404(session_id)
    services.leave_session(session=session, member=request.user)
    messages.info(request, "You have left this session. You can rejoin while places are free.")
    return _to_session(session.pk)


@guard("groups:helped")
def helped(request, session_id):
    session = pages.session_or_404(session_id)
    try:
        services.mark_helped(session=session, member=request.user)
    except services.AfterSessionRefused as refusal:
        return pages.render_session_page(request, session, status=400, error=str(refusal))
    messages.success(request, "Thank you. Your facilitator will see that it helped someone.")
    return _to_session(session.pk)


@guard("groups:debrief")
def debrief(request, session_id):
    session = pages.session_or_404(session_id)
    existing = Debrief.objects.filter(session=session).first()
    form = DebriefForm(request.POST or None, instance=existing)
    context = {"session": session, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            services.save_debrief(session=session, **form.cleaned_data)
        except services.AfterSessionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your debrief is saved. Thank you for running the group.")
            return HttpResponseRedirect(reverse("groups:mine"), status=303)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/debrief.html", context, status=status)


@guard("groups:edit")
def edit_session(request, session_id):
    """The facilitator (or a moderator) changes what a meeting says and its places."""
    session = pages.session_or_404(session_id)
    initial = {name: getattr(session, name) for name in SessionDetailsForm.base_fields}
    form = SessionDetailsForm(request.POST or None, initial=initial)
    support = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session_details(session=session, **form.cleaned_data)
        except services.EditRefused as refusal:
            form.add_error(None, str(refusal))
        except services.DetailsRefused as refusal:
            form.add_error(None, str(refusal))
            support = refusal.support
        else:
            messages.success(request, "The session's details are updated.")
            return _to_session(session.pk)
    status = 400 if request.method == "POST" else 200
    context = {"session": session, "form": form, "support": support}
    return render(request, "groups/edit.html", context, status=status)


@guard("groups:cancel")
def cancel(request, session_id):
    session = pages.session_or_404(session_id)
    if services.cancel_session(session=session):
        messages.info(request, "This meeting is cancelled; everyone with a place will see so.")
    return _to_session(session.pk)


@guard("groups:stop_series")
def stop_series(request, session_id):
    session = pages.session_or_404(session_id)
    if session.series_id is None:
        return pages.render_session_page(
            request, session, status=400, error="This meeting does not repeat."
        )
    cancelled = services.stop_series(series=session.series)
    messages.info(request, f"The series is stopped: {cancelled} upcoming meetings cancelled.")
    return _to_session(session.pk)


@guard("groups:mine")
def mine(request):
    overview = selectors.facilitator_overview(facilitator=request.user, now=timezone.now())
    context = {"overview": overview, "reader_zone": pages.reader_zone_name(request)}
    if request.user.is_moderator:
        context["follow_ups"] = selectors.debriefs_needing_follow_up()[:50]
    return render(request, "groups/mine.html", context)

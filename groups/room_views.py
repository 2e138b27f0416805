"""The room inside a session's page, and the room's own URLs (catch-up, facilitation, reports,
moderators' review). Each view checks input and access (groups.room_permissions), calls one
service, and responds; every form works without JavaScript."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import blocked_member_ids
from core.errors import PostingRefused
from core.ratelimit import Limit, hit
from forum.reading import reader_filters
from groups import facilitation, holds, pages, room_events, room_services
from groups.models import GroupSession, MessageState, RoomReview
from groups.room_forms import RoomMessageForm, RoomReportForm, SlowModeForm
from groups.room_permissions import guard
from groups.room_selectors import events_after, readable_messages, room_access
from moderation.selectors import may_moderate_board
from safety.services import is_crisis

# Flood control for a live room: looser than thread replies (a conversation moves fast; slow
# mode is the facilitator's pacing tool), tight enough to stop a script.
ROOM_MESSAGES = Limit("room-messages", 30, 300)
CATCH_UP_LIMIT = 500


def session_url(session: GroupSession) -> str:
    return f"/groups/{session.pk}/"


def _session_page(request, session, *, status: int, form=None, error: str = ""):
    """The real session page again after a refusal, with the member's text and why."""
    return pages.render_session_page(
        request, session, status=status, room_form=form, room_error=error
    )


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def post_message(request, session: GroupSession):
    """The room form's POST to /groups/<id>/ (`body`, `anonymous`): 303 to the message, or the
    room again with the text and why (400; 429 with Retry-After when over the limit)."""
    if not request.user.is_authenticated:
        return redirect_to_login(session_url(session))
    form = RoomMessageForm(request.POST)
    if not room_access(session=session, member=request.user).is_live:
        form.is_valid()  # so the page can show the text back
        form.add_error(None, "Only people who joined this session can write in its room.")
        return _refused(request, session, form, status=403)
    if not form.is_valid():
        return _refused(request, session, form, status=400)
    verdict = hit(ROOM_MESSAGES, f"m{request.user.pk}")
    if not verdict.allowed:
        form.add_error(
            None, f"You are sending messages quickly. Try again in {verdict.retry_after} seconds."
        )
        return _refused(request, session, form, status=429, retry_after=verdict.retry_after)
    try:
        outcome = room_services.post_room_message(
            session=session,
            author=request.user,
            body=form.cleaned_data["body"],
            anonymous=form.cleaned_data["anonymous"],
        )
    except PostingRefused as refusal:
        form.add_error(None, str(refusal))
        retry_after = getattr(refusal, "retry_after", 0)
        return _refused(request, session, form, status=400, retry_after=retry_after)
    message = outcome.message
    if _wants_json(request):
        return JsonResponse(_posted_json(request, outcome))
    request.session[pages.OUTCOME_KEY] = {
        "message": message.pk,
        "severity": outcome.assessment.severity,
        "failed": outcome.assessment.failed,
        "held": outcome.held,
    }
    return HttpResponseRedirect(f"{session_url(session)}#message-{message.pk}", status=303)


def _refused(request, session, form, *, status: int, retry_after: int = 0):
    if _wants_json(request):
        errors = [str(e) for e in form.non_field_errors()] + [
            str(e) for e in form.errors.get("body", [])
        ]
        response = JsonResponse({"errors": errors}, status=status)
    else:
        response = _session_page(request, session, status=status, form=form)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _posted_json(request, outcome) -> dict:
    """The fetch answer: the message as its author sees it, and the support panel at once for a
    crisis rating (as the page would show it after the redirect)."""
    from django.template.loader import render_to_string

    message = outcome.message
    panel = ""
    if outcome.held or is_crisis(outcome.assessment):
        panel = render_to_string(
            "groups/_room_outcome.html", {"held": outcome.held}, request=request
        )
    return {
        "message": message.pk,
        "seq": message.seq,
        "held": outcome.held,
        "html": room_events.render_message(message, held=outcome.held),
        "panel": panel,
    }


@guard("groups:room_events")
@require_GET
def room_events_view(request, session_id):
    """What a reconnecting reader missed: each event after `after`, the messages as they are
    now, filtered for this reader by the same function as the socket."""
    session = request.room_session
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        return JsonResponse({"error": "after must be a whole number"}, status=400)
    access = request.room_access
    found = events_after(session=session, access=access, after=after, limit=CATCH_UP_LIMIT + 1)
    if len(found) > CATCH_UP_LIMIT:
        return JsonResponse({"reload": True, "seq": session.last_seq})
    blocked_ids = frozenset(blocked_member_ids(request.user))
    muted_words = reader_filters(request.user).muted_words
    payloads = []
    for event in found:
        message = room_events.event_message(event)
        payload = room_events.payload_for_reader(
            message, member_id=request.user.pk, blocked_ids=blocked_ids, muted_words=muted_words
        )
        if payload is not None:
            payloads.append(payload)
    return JsonResponse({"events": payloads, "seq": session.last_seq})


# --- Facilitation: POST forms, each followed by the session's page -------------------------


def _facilitate(request, action):
    session = request.room_session
    try:
        action(session)
    except PostingRefused as refusal:
        return _session_page(request, session, status=400, error=str(refusal))
    return HttpResponseRedirect(session_url(session), status=303)


@guard("groups:room_pin_rules")
@require_POST
def pin_rules(request, session_id):
    pinned = request.POST.get("pinned") == "1"
    return _facilitate(
        request, lambda s: facilitation.pin_rules(session=s, actor=request.user, pinned=pinned)
    )


@guard("groups:room_slow_mode")
@require_POST
def slow_mode(request, session_id):
    form = SlowModeForm(request.POST)
    if not form.is_valid():
        error = "Slow mode takes a whole number of seconds from 0 to 600."
        return _session_page(request, request.room_session, status=400, error=error)
    seconds = form.cleaned_data["seconds"]
    return _facilitate(
        request,
        lambda s: facilitation.set_slow_mode(session=s, actor=request.user, seconds=seconds),
    )


@guard("groups:room_mute")
@require_POST
def mute(request, session_id, participant_id):
    muted = request.POST.get("muted", "1") == "1"
    return _facilitate(
        request,
        lambda s: facilitation.mute_participant(
            session=s, actor=request.user, participant_id=participant_id, muted=muted
        ),
    )


@guard("groups:room_remove")
@require_POST
def remove(request, session_id, participant_id):
    return _facilitate(
        request,
        lambda s: facilitation.remove_participant(
            session=s, actor=request.user, participant_id=participant_id
        ),
    )


@guard("groups:room_end")
@require_POST
def end(request, session_id):
    return _facilitate(request, lambda s: facilitation.end_session(session=s, actor=request.user))


# --- Reports and moderators' review ---------------------------------------------------------


@guard("groups:room_report")
@require_http_methods(["GET", "POST"])
def report(request, session_id, message_id):
    session = request.room_session
    readable = readable_messages(session=session, access=request.room_access)
    message = get_object_or_404(readable.filter(state=MessageState.SHOWN), pk=message_id)
    form = RoomReportForm(request.POST or None)
    context = {"session": session, "message": message, "form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                holds.report_message(
                    message=message, reporter=request.user, reason=form.cleaned_data["reason"]
                )
            except PostingRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                context["done"] = True
                return render(request, "groups/room_report.html", context)
        return render(request, "groups/room_report.html", context, status=400)
    return render(request, "groups/room_report.html", context)


def _review(review_id, moderator) -> RoomReview:
    """The review, if this moderator's boards include its session's (else 404, as the forum's
    own review pages answer a scoped moderator about another board)."""
    review = get_object_or_404(
        RoomReview.objects.select_related("message__session", "message__author"), pk=review_id
    )
    if not may_moderate_board(moderator, review.message.session.board_id):
        raise Http404
    return review


@guard("groups:room_review")
@require_GET
def review(request, review_id):
    item = _review(review_id, request.user)
    context = {
        "review": item,
        "message": item.message,
        "reports": list(item.reports.order_by("created")),
    }
    return render(request, "groups/room_review.html", context)


@guard("groups:room_release")
@require_POST
def release(request, review_id):
    holds.release_message(review=_review(review_id, request.user), moderator=request.user)
    return HttpResponseRedirect("/moderation/", status=303)


@guard("groups:room_keep_hidden")
@require_POST
def keep_hidden(request, review_id):
    holds.keep_hidden(review=_review(review_id, request.user), moderator=request.user)
    return HttpResponseRedirect("/moderation/", status=303)

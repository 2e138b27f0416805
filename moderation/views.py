"""Moderation pages: the queue, a post in context with its actions, reports, the notes inbox
and the audit log. Each view checks access (moderation.permissions) and input, calls one
service, and responds; every page works without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum.models import Post, PostRevision, Visibility
from moderation import notes, reports, sanctions, selectors, staffing
from moderation.action_steps import ModerationRefused
from moderation.action_table import ACTIONS, ModeratorAction
from moderation.forms import AuditFilterForm, LiftForm, QueueFilterForm, ReportForm
from moderation.models import FlagReason, Note, ReportReason, Sanction
from moderation.permissions import guard, is_administrator
from moderation.queue_sources import external_items

QUEUE_PAGE_SIZE = 100
AUDIT_PAGE_SIZE = 100


def noindex(response):
    response.noindex = True
    return response


# --- The queue -----------------------------------------------------------------------------


@guard("moderation:queue")
@require_GET
def queue(request):
    on_duty = staffing.open_queue(request.user)
    filter_form = QueueFilterForm(request.GET or None, boards=selectors.boards())
    filters = filter_form.filters()
    items = selectors.queue_items(moderator=request.user, **filters)
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "extra_query": query.urlencode(),
        "page": page,
        "items": page.object_list,
        "filter_form": filter_form,
        "filters": filters,
        "is_administrator": is_administrator(request.user),
        "staffing": on_duty,
        "targets": settings.MODERATION_TARGET_MINUTES,
        # Held and reported items of apps above moderation (a group session's messages).
        "external_items": external_items(boards=selectors.moderated_board_ids(request.user)),
    }
    return noindex(render(request, "moderation/queue.html", context))


@guard("moderation:start_break")
@require_POST
def start_break(request):
    released = staffing.start_break(moderator=request.user)
    handed_back = (
        f" The {released} item{'s' if released != 1 else ''} you held went back to the queue."
        if released
        else ""
    )
    messages.success(
        request,
        "You are on a break: no live alerts, and you don't count as on duty."
        + handed_back
        + " Take the time you need.",
    )
    return HttpResponseRedirect(reverse("moderation:queue"), status=303)


@guard("moderation:end_break")
@require_POST
def end_break(request):
    staffing.end_break(moderator=request.user)
    messages.success(request, "Welcome back. Live alerts are on again.")
    return HttpResponseRedirect(reverse("moderation:queue"), status=303)


# --- A post in context, and what moderators do with it -------------------------------------


def _action_form(action: ModeratorAction, *, opening: bool, data=None, initial=None):
    """Each action's form gets its own ids, as one page shows them all; only an opening
    post's forms offer its thread's title."""
    form = action.form_class(data, initial=initial, auto_id=f"{action.url_name}-%s")
    if not opening:
        form.fields.pop("title", None)
    return form


def _action_forms(post: Post, item, bound=None) -> dict:
    thread = post.thread
    version = item.version if item else 0
    extra = {
        "approve": {"body": post.body, "title": thread.title},
        "edit": {"body": post.body, "title": thread.title},
        "warn": {"warning_category": post.warning_category, "warning_text": post.warning_text},
        "note": {"template": "checking_in"},
    }
    if item is not None and item.judged_level:
        extra["judge"] = {"level": item.judged_level, "category": item.judged_category}
    forms = {
        action.url_name: _action_form(
            action,
            opening=post.is_opening,
            initial={"version": version, **extra.get(action.slug, {})},
        )
        for action in ACTIONS
    }
    if bound is not None:
        action, form = bound
        forms[action.url_name] = form
        forms["bound_slug"] = action.slug
    return forms


def _review_page(request, post_id: int, *, status=200, refusal="", bound=None):
    post = selectors.post_for_review(post_id)
    if post is None:
        raise Http404
    staffing.record_queue_seen(request.user.pk)
    item = selectors.item_of(post)
    version = item.version if item else 0
    forms = _action_forms(post, item, bound)
    if item is not None:
        item.post = post
    flags = list(item.flags.order_by("created")) if item else []
    context = {
        "post": post,
        "thread": post.thread,
        "item": item,
        "version": version,
        "segments": selectors.highlighted(item) if item else None,
        "context": selectors.post_in_context(post, request.user),
        "reports": list(item.reports.order_by("created")) if item else [],
        "flags": flags,
        "judgeable": any(flag.reason == FlagReason.SCAN for flag in flags),
        "revisions": list(PostRevision.objects.filter(post=post)[:10]),
        "sanctions": selectors.sanctions_of(post.author),
        "active_sanction": selectors.active_sanction(post.author),
        "history": selectors.post_history(post),
        "forms": forms,
        "refusal": refusal,
        "is_administrator": is_administrator(request.user),
    }
    return noindex(render(request, "moderation/review.html", context, status=status))


@guard("moderation:review")
@require_GET
def review(request, post_id):
    return _review_page(request, post_id)


def _action_view(action: ModeratorAction):
    @guard(f"moderation:{action.url_name}")
    @require_POST
    def act(request, post_id):
        post = get_object_or_404(Post, pk=post_id)
        form = _action_form(action, opening=post.is_opening, data=request.POST)
        if not form.is_valid():
            return _review_page(request, post_id, status=400, bound=(action, form))
        try:
            action.service(moderator=request.user, post=post, **form.cleaned_data)
        except ModerationRefused as refusal:
            return _review_page(request, post_id, status=409, refusal=str(refusal))
        messages.success(request, action.done_message)
        return HttpResponseRedirect(reverse("moderation:review", args=[post_id]), status=303)

    act.__name__ = action.url_name
    return act


ACTION_VIEWS = {action.slug: _action_view(action) for action in ACTIONS}


@guard("moderation:lift_sanction")
@require_POST
def lift_sanction(request, sanction_id):
    sanction = get_object_or_404(Sanction, pk=sanction_id)
    form = LiftForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        sanctions.lift_sanction(moderator=request.user, sanction=sanction, reason=reason)
    except sanctions.SanctionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The sanction is lifted.")
    target = (
        reverse("moderation:review", args=[sanction.post_id])
        if sanction.post_id
        else reverse("moderation:queue")
    )
    return HttpResponseRedirect(target, status=303)


# --- Members: reports and notes ------------------------------------------------------------


@guard("moderation:report")
@require_http_methods(["GET", "POST"])
def report(request, post_id):
    post = get_object_or_404(
        Post.objects.select_related("thread"),
        pk=post_id,
        state=Visibility.PUBLISHED,
        thread__state=Visibility.PUBLISHED,
    )
    form = ReportForm(request.POST or None)
    context = {"post": post, "thread": post.thread, "form": form}
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return noindex(render(request, "moderation/report.html", context, status=status))
    reason = form.cleaned_data["reason"]
    try:
        reports.report_post(
            post=post, reporter=request.user, reason=reason, note=form.cleaned_data["note"]
        )
    except reports.TooManyReports as refusal:
        context.update(refusal=str(refusal), retry_after=refusal.retry_after)
        response = render(request, "moderation/report.html", context, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return noindex(response)
    except reports.ReportRefused as refusal:
        form.add_error(None, str(refusal))
        return noindex(render(request, "moderation/report.html", context, status=400))
    context["at_risk"] = reason == ReportReason.AT_RISK
    return noindex(render(request, "moderation/report_done.html", context))


@guard("moderation:inbox")
@require_GET
def inbox(request):
    received = list(selectors.notes_for(request.user)[:100])
    unread = {note.pk for note in received if note.read is None}
    if unread:
        notes.mark_read(member=request.user)
    context = {
        "notes": received,
        "unread": unread,
        "with_panel": any(note.with_support_panel for note in received),
    }
    return noindex(render(request, "moderation/inbox.html", context))


@guard("moderation:read_note")
@require_GET
def note(request, note_id):
    shown = get_object_or_404(
        Note.objects.select_related("post__thread"), pk=note_id, recipient=request.user
    )
    if shown.read is None:
        notes.mark_read(member=request.user, notes=[shown])
    return noindex(render(request, "moderation/note.html", {"note": shown}))


# --- Administrators: the audit log ---------------------------------------------------------


@guard("moderation:audit")
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "extra_query": query.urlencode(),
        "form": form,
        "page": page,
        "entries": selectors.with_names(page.object_list),
    }
    return noindex(render(request, "moderation/audit.html", context))

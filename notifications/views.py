"""The member's notifications, their reader settings, and following threads.

Every page here is the member's own: visitors are sent to log in. Pages work without
JavaScript; notifications.js only keeps the bell's count live.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forum.models import Thread, Visibility
from notifications import selectors, services
from notifications.forms import BreakForm, ReaderSettingsForm
from notifications.models import NotificationKind
from notifications.wording import describe


def noindex(response):
    response.noindex = True
    return response


def _break_until(member):
    current = selectors.reader_settings_for(member)
    return current.break_until if current.on_break() else None


@login_required
@require_GET
def notification_list(request):
    services.nudge_if_due(member=request.user)
    page = selectors.paginate_notifications(request.user, request.GET.get("page"))
    lines = [describe(n) for n in page.object_list]
    context = {
        "page": page,
        "lines": lines,
        "has_unread": any(line.unread for line in lines),
        "support_panel": any(line.unread and line.notification.support_panel for line in lines),
        "on_break_until": _break_until(request.user),
    }
    return noindex(render(request, "notifications/list.html", context))


@login_required
@require_GET
def open_notification(request, notification_id):
    """Opening a notification reads it and goes where it points."""
    notification = services.mark_read(member=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404("No such notification")
    return HttpResponseRedirect(describe(notification).url)


@login_required
@require_POST
def read_notification(request, notification_id):
    if services.mark_read(member=request.user, notification_id=notification_id) is None:
        raise Http404("No such notification")
    return HttpResponseRedirect(reverse("notifications:list"), status=303)


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(member=request.user)
    return HttpResponseRedirect(reverse("notifications:list"), status=303)


@login_required
@require_http_methods(["GET", "POST"])
def reader_settings(request):
    current = selectors.reader_settings_for(request.user)
    initial = {
        "notify_replies": current.notify_replies,
        "notify_quotes": current.notify_quotes,
        "notify_reactions": current.notify_reactions,
        "notify_followed": current.notify_followed,
        "notify_groups": selectors.wants_kind(request.user, NotificationKind.GROUP),
        "peer_supporter": current.peer_supporter,
        "muted_words": current.muted_words,
        "muted_boards": list(current.muted_boards.all()) if current.pk else [],
        "collapsed_categories": current.collapsed_categories,
        "open_warnings": current.open_warnings,
    }
    form = ReaderSettingsForm(request.POST or None, initial=initial)
    if not request.user.is_peer_supporter:
        # The nudge preference is a peer supporter's own; left out, it is left as it was.
        del form.fields["peer_supporter"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.save_reader_settings(
            member=request.user, muted_boards=data.pop("muted_boards"), **data
        )
        messages.success(request, "Your reading and notification settings are saved.")
        return HttpResponseRedirect(reverse("notifications:settings"), status=303)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "break_form": BreakForm(),
        "on_break": current.on_break(),
        "break_until": current.break_until,
    }
    return noindex(render(request, "notifications/settings.html", context, status=status))


@login_required
@require_POST
def take_break(request):
    if "end" in request.POST:
        services.take_break(member=request.user, length=None)
        messages.success(request, "Welcome back. Notifications are on again.")
    else:
        form = BreakForm(request.POST)
        if not form.is_valid():
            return HttpResponseRedirect(reverse("notifications:settings"), status=303)
        row = services.take_break(member=request.user, length=form.cleaned_data["length"])
        messages.success(
            request,
            f"Take care. No notifications or nudges until {row.break_until:%-d %B, %H:%M} UTC.",
        )
    return HttpResponseRedirect(reverse("notifications:settings"), status=303)


@login_required
@require_POST
def follow(request, thread_id):
    thread = get_object_or_404(Thread, pk=thread_id, state=Visibility.PUBLISHED)
    if request.POST.get("action") == "unfollow":
        services.unfollow_thread(member=request.user, thread=thread)
        messages.success(request, "You no longer follow this thread.")
    else:
        services.follow_thread(member=request.user, thread=thread)
        messages.success(request, "You'll hear about new replies in this thread.")
    return HttpResponseRedirect(reverse("forum:thread", args=[thread.pk]), status=303)

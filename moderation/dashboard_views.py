"""The moderators' dashboard page (moderation.dashboard has the reads). Kept apart from
moderation.views so the queue's pages and this one can change independently."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET

from moderation import charts, selectors, staffing
from moderation.dashboard import dashboard_for
from moderation.permissions import guard, is_administrator
from moderation.views import noindex


@guard("moderation:dashboard")
@require_GET
def dashboard(request):
    now = timezone.now()
    page = dashboard_for(request.user, now=now)
    days = page.flags_per_day
    chart = charts.bar_chart([(format_date(d.day, "j M"), d.count) for d in days])
    context = {
        "dashboard": page,
        "windows": list(zip(page.action_times, page.reply_times, strict=True)),
        "chart": chart,
        "flags_total": sum(d.count for d in days),
        "busiest": max(days, key=lambda d: d.count, default=None),
        "is_administrator": is_administrator(request.user),
        "staffing": staffing.current_staffing(now),
        "lowered_category": selectors.LOWERED_CATEGORY,
    }
    return noindex(render(request, "moderation/dashboard.html", context))

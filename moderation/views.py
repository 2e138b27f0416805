"""Moderators' pages."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from moderation.models import Flag


def moderator_required(view):
    """Visitors go to log in; members who are not moderators get 403 with no content."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_moderator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@moderator_required
def queue(request):
    flags = (
        Flag.objects.filter(resolved__isnull=True)
        .select_related("post__thread", "post__author")
        .order_by("created")
    )
    return render(request, "moderation/queue.html", {"flags": flags})

"""A test-only URLconf: the site's URLs, with /groups/ holding the room's own URLs and a stand-in
session page that calls groups.room_views as groups.views does."""

from django.shortcuts import get_object_or_404, render
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from groups import room_views
from groups.models import GroupSession
from groups.room_urls import urlpatterns as room_urlpatterns


def session_page(request, session_id):
    session = get_object_or_404(GroupSession, pk=session_id)
    if request.method == "POST":
        return room_views.post_message(request, session)
    context = {"session": session, **room_views.room_context(request, session)}
    return render(request, "groups/room_page.html", context)


groups_patterns = [path("<int:session_id>/", session_page, name="session"), *room_urlpatterns]
urlpatterns = [
    path("groups/", include((groups_patterns, "groups"))),
    *[p for p in site_urlpatterns if "groups" not in str(p.pattern)],
]

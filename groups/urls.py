from django.urls import include, path

from groups import room_urls, views

app_name = "groups"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("zone/", views.choose_zone, name="zone"),
    path("new/", views.new_session, name="new"),
    path("mine/", views.mine, name="mine"),
    path("<int:session_id>/", views.session_page, name="session"),
    path("<int:session_id>/join/", views.join, name="join"),
    path("<int:session_id>/leave/", views.leave, name="leave"),
    path("<int:session_id>/helped/", views.helped, name="helped"),
    path("<int:session_id>/debrief/", views.debrief, name="debrief"),
    path("<int:session_id>/edit/", views.edit_session, name="edit"),
    path("<int:session_id>/cancel/", views.cancel, name="cancel"),
    path("<int:session_id>/stop-series/", views.stop_series, name="stop_series"),
    path("", include(room_urls)),
]

"""The room's own URLs (catch-up, facilitation, reports, moderators' review), included by
groups.urls under /groups/. Who may use each: groups.room_permissions.RULES."""

from django.urls import path

from groups import room_views

urlpatterns = [
    path("<int:session_id>/events/", room_views.room_events_view, name="room_events"),
    path("<int:session_id>/rules/", room_views.pin_rules, name="room_pin_rules"),
    path("<int:session_id>/slow/", room_views.slow_mode, name="room_slow_mode"),
    path("<int:session_id>/mute/<int:participant_id>/", room_views.mute, name="room_mute"),
    path("<int:session_id>/remove/<int:participant_id>/", room_views.remove, name="room_remove"),
    path("<int:session_id>/end/", room_views.end, name="room_end"),
    path(
        "<int:session_id>/messages/<int:message_id>/report/",
        room_views.report,
        name="room_report",
    ),
    path("reviews/<int:review_id>/", room_views.review, name="room_review"),
    path("reviews/<int:review_id>/release/", room_views.release, name="room_release"),
    path("reviews/<int:review_id>/hide/", room_views.keep_hidden, name="room_keep_hidden"),
]

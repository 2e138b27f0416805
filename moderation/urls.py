from django.urls import path

from moderation import dashboard_views, views
from moderation.action_table import ACTIONS

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("posts/<int:post_id>/", views.review, name="review"),
    *(
        path(
            f"posts/<int:post_id>/{action.slug}/",
            views.ACTION_VIEWS[action.slug],
            name=action.url_name,
        )
        for action in ACTIONS
    ),
    path("break/", views.start_break, name="start_break"),
    path("break/end/", views.end_break, name="end_break"),
    path("sanctions/<int:sanction_id>/lift/", views.lift_sanction, name="lift_sanction"),
    path("posts/<int:post_id>/report/", views.report, name="report"),
    path("notes/", views.inbox, name="inbox"),
    path("notes/<int:note_id>/", views.note, name="read_note"),
    path("audit/", views.audit_log, name="audit"),
]

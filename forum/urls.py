from django.urls import path
from django.views.generic import TemplateView

from core import health
from forum import posting_views, views

app_name = "forum"


def page(template):
    return TemplateView.as_view(template_name=f"pages/{template}.html")


urlpatterns = [
    path("", views.home, name="home"),
    path("boards/<slug:slug>/", views.board, name="board"),
    path("boards/<slug:slug>/new/", posting_views.new_thread, name="new_thread"),
    path("threads/<int:thread_id>/", views.thread, name="thread"),
    path("threads/<int:thread_id>/events/", views.thread_events, name="thread_events"),
    path("posts/preview/", posting_views.preview, name="preview"),
    path("posts/<int:post_id>/edit/", posting_views.edit_post, name="edit_post"),
    path("posts/<int:post_id>/delete/", posting_views.delete_post, name="delete_post"),
    path("posts/<int:post_id>/react/", posting_views.react, name="react"),
    path("waiting/", views.waiting, name="waiting"),
    path("search/", views.search_view, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("guidelines/", page("guidelines"), name="guidelines"),
    path("privacy/", page("privacy"), name="privacy"),
    path("terms/", page("terms"), name="terms"),
    path("safety/", page("safety"), name="safety"),
]

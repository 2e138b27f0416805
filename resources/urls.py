from django.urls import path
from django.views.generic import TemplateView

from resources import views

app_name = "resources"


def page(template):
    return TemplateView.as_view(template_name=f"resources/{template}.html")


urlpatterns = [
    path("resources/", views.index, name="index"),
    path("peer-support/", page("peer_support"), name="peer_support"),
    path("peer-support/before-you-join-a-group/", page("before_group"), name="before_group"),
    path(
        "peer-support/become-a-peer-support-worker/",
        page("become_peer_worker"),
        name="become_peer_worker",
    ),
]

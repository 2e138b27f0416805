from django.urls import path
from django.views.generic import TemplateView

app_name = "resources"

# Replaced by the resources directory (issue 5).
urlpatterns = [
    path("resources/", TemplateView.as_view(template_name="resources/index.html"), name="index"),
    path(
        "peer-support/",
        TemplateView.as_view(template_name="resources/index.html"),
        name="peer_support",
    ),
]

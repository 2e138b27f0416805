"""/befriending/: asking and matching, the conversation, oversight (a module each)."""

from django.urls import include, path

app_name = "befriending"

urlpatterns = [
    path("", include("befriending.asking_urls")),
    path("", include("befriending.conversation_urls")),
    path("", include("befriending.oversight_urls")),
]

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("forum.urls")),
    path("", include("resources.urls")),
    path("accounts/", include("accounts.urls")),
    path("moderation/", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("peer-support/", include("supporters.urls")),
    path("groups/", include("groups.urls")),
    path("befriending/", include("befriending.urls")),
    path("admin/", admin.site.urls),
]

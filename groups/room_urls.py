"""The room's own URLs (catch-up, facilitation), included by groups.urls."""

urlpatterns: list = []

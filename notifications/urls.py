from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.read_notification, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.reader_settings, name="settings"),
    path("settings/break/", views.take_break, name="take_break"),
    path("follow/<int:thread_id>/", views.follow, name="follow"),
]

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and reader settings"

    def ready(self):
        from notifications import receivers  # noqa: F401  (connects to forum.signals)

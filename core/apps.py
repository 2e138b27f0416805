from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: the live layer, rate limits, text cleaning, middleware, health
    and the shared error types. It imports no other Peerhaven app."""

    name = "core"
    verbose_name = "Peerhaven core"

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)

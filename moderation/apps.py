from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from core.guards import register_write_guard
        from moderation import account_receivers, signals  # noqa: F401  (for the audit log)
        from moderation.sanctions import ensure_can_post

        register_write_guard(ensure_can_post)

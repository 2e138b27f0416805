from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum import account_receivers, checks, signals  # noqa: F401  (checks, receivers)

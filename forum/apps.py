from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum import checks, signals  # noqa: F401  (registers checks and receivers)

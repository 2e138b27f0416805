from django.apps import AppConfig


class SupportersConfig(AppConfig):
    """The peer supporter role: applying, training, approval, pausing and revoking."""

    name = "supporters"
    verbose_name = "Peer supporters"

    def ready(self):
        import supporters.account_receivers  # noqa: F401  (export and deletion)

from django.apps import AppConfig


class SupportersConfig(AppConfig):
    """The peer supporter role: applying, training, approval, pausing and revoking."""

    name = "supporters"
    verbose_name = "Peer supporters"

from django.apps import AppConfig


class BefriendingConfig(AppConfig):
    """One-to-one befriending: a member asks, a trained peer supporter answers, for a stated
    period, in a conversation only the two of them read (moderators only with a recorded cause)."""

    name = "befriending"
    verbose_name = "Befriending"

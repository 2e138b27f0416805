from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """Group sessions: scheduled, facilitated live support groups run by peer supporters."""

    name = "groups"
    verbose_name = "Group sessions"

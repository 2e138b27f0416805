from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """Group sessions: scheduled, facilitated live support groups run by peer supporters."""

    name = "groups"
    verbose_name = "Group sessions"

    def ready(self):
        from groups.holds import QUEUE_SOURCE
        from moderation.queue_sources import register_queue_source

        # The moderation queue, dashboard and crisis-lane sweep read held and reported room
        # messages through this source; moderation never imports groups.
        register_queue_source(QUEUE_SOURCE)

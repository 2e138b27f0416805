from django.apps import AppConfig


class GroupsConfig(AppConfig):
    """Group sessions: scheduled, facilitated live support groups run by peer supporters."""

    name = "groups"
    verbose_name = "Group sessions"

    def ready(self):
        from accounts.personal_data import register_others_records
        from groups.holds import QUEUE_SOURCE
        from groups.supporter_receivers import cancel_what_they_scheduled
        from moderation.queue_sources import register_queue_source
        from supporters.signals import supporter_stood_down

        # The moderation queue, dashboard and crisis-lane sweep read held and reported room
        # messages through this source; moderation never imports groups.
        register_queue_source(QUEUE_SOURCE)
        # A moderator's decision on someone else's room message is that person's record, not the
        # moderator's: left out of the moderator's export (and still cleared with their account).
        register_others_records("groups.RoomReview.resolved_by")
        # A facilitator stood down by the moderators leaves no meeting behind them.
        supporter_stood_down.connect(cancel_what_they_scheduled, dispatch_uid="groups-stood-down")

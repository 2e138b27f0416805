"""What the role announces to the apps above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# A supporter can no longer be trusted with what they had scheduled: their role was revoked,
# or a moderator paused it. Sent with `send` inside the changing transaction, so a receiver
# that fails undoes the change. kwargs: member, reason ("revoked" or "paused by a moderator").
# A supporter who pauses themselves is not standing down from what they promised, so nothing
# is sent: they cancel what they cannot run from their own page.
supporter_stood_down = Signal()

"""Read-mostly admin for group sessions: operators look things up here and act through the
site (cancel, stop a series) so notices and locks stay in one place. Room messages show no
words: what was said in a room stays with the room and the moderation queue."""

from django.contrib import admin

from groups.models import Debrief, GroupSession, Participant, RoomMessage, Series


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["pk", "facilitator", "interval_weeks", "until", "stopped_at"]
    raw_id_fields = ["facilitator"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["member", "state", "since", "left_at", "muted"]
    readonly_fields = fields
    can_delete = False


@admin.register(GroupSession)
class GroupSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "board", "facilitator", "starts_at", "timezone", "capacity"]
    list_filter = ["board"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["facilitator", "series"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["session", "member", "state", "since"]
    list_filter = ["state"]
    raw_id_fields = ["session", "member"]


@admin.register(RoomMessage)
class RoomMessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "session", "state", "severity", "created"]
    list_filter = ["state", "severity"]
    exclude = ["body", "html"]
    raw_id_fields = ["session", "author"]


@admin.register(Debrief)
class DebriefAdmin(ReadOnlyAdmin):
    list_display = ["session", "needs_follow_up", "created"]
    list_filter = ["needs_follow_up"]
    raw_id_fields = ["session"]

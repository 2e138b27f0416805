from django.contrib import admin

from forum.models import ReaderSettings
from notifications.models import Follow, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "count", "created", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "thread", "post")


@admin.register(ReaderSettings)
class ReaderSettingsAdmin(admin.ModelAdmin):
    list_display = ("member", "peer_supporter", "break_until")
    raw_id_fields = ("member",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    raw_id_fields = ("member", "thread")

"""Read-only views of the role's records. Granting, pausing and revoking go through
supporters.services (the pages or the `supporter` command), which keep the member's flag and
the audit log true, so the admin offers no way around them."""

from django.contrib import admin

from supporters.models import Application, SupporterRole, TrainingPass


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("member", "status", "created", "submitted_at", "decided_at", "at_risk")
    list_filter = ("status", "at_risk")


@admin.register(SupporterRole)
class SupporterRoleAdmin(ReadOnlyAdmin):
    list_display = ("member", "granted_at", "granted_via", "paused_at", "paused_by_moderator")


@admin.register(TrainingPass)
class TrainingPassAdmin(ReadOnlyAdmin):
    list_display = ("member", "part", "passed_at")

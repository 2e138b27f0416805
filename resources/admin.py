from django.contrib import admin
from django.utils import timezone

from resources.models import Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "subdivision", "phone", "text_number",
                    "verified_on", "please_check")  # fmt: skip
    list_filter = ("kind", "country", "subdivision", "open_24_7", "audience")
    search_fields = ("name", "slug", "phone", "text_number", "description", "source")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "audience", "description", "languages",
                           "order")}),
        ("Where", {"fields": ("country", "subdivision")}),
        ("How to reach it", {"fields": ("phone", "phone_note", "text_number", "text_keyword",
                                        "text_note", "tty", "email", "url", "chat_url")}),
        ("When", {"fields": ("open_24_7", "hours", "time_zone", "hours_note")}),
        ("Checked", {"fields": ("source", "verified_on")}),
    )  # fmt: skip

    @admin.display(boolean=True, description="please check")
    def please_check(self, resource):
        return resource.needs_check(timezone.localdate())

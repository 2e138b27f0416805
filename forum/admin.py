from django.contrib import admin

from forum.models import Board, Post, PostRevision, Thread


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "state", "pinned", "locked", "reply_count", "last_activity"]
    list_filter = ["board", "state", "pinned", "locked"]
    search_fields = ["title"]
    raw_id_fields = ["author"]


class RevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    readonly_fields = ["body", "warning_category", "warning_text", "created"]
    exclude = ["html"]
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "author", "anonymous", "state", "created"]
    list_filter = ["state", "anonymous"]
    raw_id_fields = ["thread", "author"]
    readonly_fields = ["html", "reaction_counts"]
    inlines = [RevisionInline]

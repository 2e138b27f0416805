from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import OuterRef, Subquery

from accounts.models import Member
from moderation import audit
from moderation.models import (
    AuditAction,
    AuditEntry,
    Flag,
    ModeratorBoard,
    QueueItem,
    Report,
    Sanction,
)
from safety import lexicon_source
from safety.models import LexiconTerm
from safety.scanner import CATEGORIES, validate_entry

# Members' notes are not registered: only their recipient may read them.


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["pk", "reason", "severity", "post", "created", "resolved"]
    list_filter = ["reason", "severity"]
    raw_id_fields = ["post", "item"]


@admin.register(QueueItem)
class QueueItemAdmin(admin.ModelAdmin):
    """For looking things up; moderators act from /moderation/, where actions are checked and
    audited."""

    list_display = ["pk", "post", "status", "priority", "severity", "report_count", "opened_at"]
    list_filter = ["status", "priority", "severity"]
    raw_id_fields = ["post", "claimed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "post", "reason", "note_severity", "created", "resolved"]
    list_filter = ["reason", "note_severity"]
    raw_id_fields = ["post", "item", "reporter"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    """Read here; issued and lifted from the moderation pages, which tell the member and
    write the audit log."""

    list_display = ["member", "kind", "starts", "ends", "lifted"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "issued_by", "lifted_by", "post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModeratorBoard)
class ModeratorBoardAdmin(admin.ModelAdmin):
    list_display = ["moderator", "board"]
    raw_id_fields = ["moderator"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=AuditAction.ROLE_GRANTED,
            member=obj.moderator,
            detail={"role": "board scope", "board": obj.board_id},
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action=AuditAction.ROLE_REVOKED,
            member=obj.moderator,
            detail={"role": "board scope", "board": obj.board_id},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for scope in queryset:
            self.delete_model(request, scope)


def _pseudonym_of(field: str) -> Subquery:
    return Subquery(Member.objects.filter(pk=OuterRef(field)).values("pseudonym")[:1])


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Readable and filterable by administrators; nobody may add, change or delete a line."""

    list_display = ["created", "actor", "action", "subject", "post_id", "reason"]
    list_filter = ["action", "created"]
    search_fields = ["reason"]
    date_hierarchy = "created"

    def get_queryset(self, request):
        # The log keeps ids, not foreign keys (see AuditEntry): names come from one query.
        return (
            super()
            .get_queryset(request)
            .annotate(
                actor_pseudonym=_pseudonym_of("actor_id"),
                subject_pseudonym=_pseudonym_of("subject_member_id"),
            )
        )

    @admin.display(description="who")
    def actor(self, entry):
        if entry.actor_id is None:
            return "the system"
        return entry.actor_pseudonym or "a deleted account"

    @admin.display(description="about")
    def subject(self, entry):
        if entry.subject_member_id is None:
            return ""
        return entry.subject_pseudonym or "a deleted account"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LexiconTermForm(forms.ModelForm):
    category = forms.ChoiceField(choices=[(c, c) for c in CATEGORIES])

    class Meta:
        model = LexiconTerm
        fields = ["pattern", "kind", "category", "severity", "negatable", "fuzzy", "note"]

    def clean(self):
        """Test-compile the entry before it can reach the scanner of every process."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        term = LexiconTerm(**{k: cleaned.get(k) for k in self.Meta.fields if k != "note"})
        try:
            validate_entry(term.as_entry())
        except ValueError as problem:
            raise forms.ValidationError(f"This entry cannot be used: {problem}") from None
        return cleaned


def _term_detail(term: LexiconTerm, changed: list[str] | None = None) -> dict:
    detail = {
        "pattern": term.pattern,
        "kind": term.kind,
        "category": term.category,
        "severity": term.severity,
    }
    if changed:
        detail["changed"] = changed
    return detail


@admin.register(LexiconTerm)
class LexiconTermAdmin(admin.ModelAdmin):
    """Every change reaches every process's scanner (lexicon_source) and the audit log."""

    form = LexiconTermForm
    list_display = ["pattern", "kind", "category", "severity", "negatable", "fuzzy", "updated"]
    list_filter = ["category", "severity", "kind"]
    search_fields = ["pattern", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=AuditAction.LEXICON_CHANGED if change else AuditAction.LEXICON_ADDED,
            reason=obj.note,
            detail=_term_detail(obj, list(form.changed_data) if change else None),
        )
        transaction.on_commit(lexicon_source.announce_change)

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user, action=AuditAction.LEXICON_REMOVED, detail=_term_detail(obj)
        )
        super().delete_model(request, obj)
        transaction.on_commit(lexicon_source.announce_change)

    def delete_queryset(self, request, queryset):
        for term in queryset:
            audit.record(
                actor=request.user, action=AuditAction.LEXICON_REMOVED, detail=_term_detail(term)
            )
        super().delete_queryset(request, queryset)
        transaction.on_commit(lexicon_source.announce_change)

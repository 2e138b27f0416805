from django import forms
from django.contrib import admin
from django.db import transaction

from moderation import lexicon_source
from moderation.models import Flag, LexiconTerm
from moderation.scanner import CATEGORIES, validate_entry


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["pk", "reason", "severity", "post", "created", "resolved"]
    list_filter = ["reason", "severity"]
    raw_id_fields = ["post"]


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


@admin.register(LexiconTerm)
class LexiconTermAdmin(admin.ModelAdmin):
    form = LexiconTermForm
    list_display = ["pattern", "kind", "category", "severity", "negatable", "fuzzy", "updated"]
    list_filter = ["category", "severity", "kind"]
    search_fields = ["pattern", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lexicon_source.announce_change)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(lexicon_source.announce_change)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(lexicon_source.announce_change)

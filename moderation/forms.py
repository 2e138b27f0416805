"""Moderation forms. They check input; moderation's services make the changes.

Every action form carries the item's `version` as a hidden field: the services refuse an
action taken on a page that is out of date.
"""

from django import forms

from forum.models import WarningCategory
from moderation import notes, selectors
from moderation.models import (
    AuditAction,
    JudgedCategory,
    JudgedLevel,
    ReportReason,
    SanctionKind,
)
from moderation.sanctions import MAX_DAYS

REASON_HELP = "Optional. If you write one, the author reads it in their notes."


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong?", choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Anything the moderators should know",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the peer moderators read this. Required for “Something else”.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Tell the moderators a little about what is wrong.")
        return cleaned


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label="Reason for the author",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class ClaimForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ApproveForm(ActionForm):
    title = forms.CharField(label="Thread title", required=False, max_length=150)
    body = forms.CharField(
        label="Post (edit before approving if you need to)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class EditForm(ActionForm):
    title = forms.CharField(label="Thread title", required=False, max_length=150)
    body = forms.CharField(
        label="Post",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Take out method details. The original is kept for moderators.",
    )


class WarnForm(ActionForm):
    warning_category = forms.ChoiceField(
        label="Content warning",
        choices=[("", "(describe it below)"), *WarningCategory.choices],
        required=False,
    )
    warning_text = forms.CharField(label="Warning text", required=False, max_length=120)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("warning_category") and not cleaned.get("warning_text", "").strip():
            raise forms.ValidationError("Choose a warning or describe one.")
        return cleaned


class NoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    template = forms.ChoiceField(
        label="Note",
        choices=[(key, t.label) for key, t in notes.SUPPORTIVE_NOTES.items()],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Your own words (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added under the note. Never discuss methods.",
    )


class SanctionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    kind = forms.ChoiceField(label="Sanction", choices=SanctionKind.choices)
    days = forms.IntegerField(
        label="For how many days",
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text="Mutes and suspensions only.",
    )
    reason = forms.CharField(
        label="Reason (the member reads it)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in (SanctionKind.MUTE, SanctionKind.SUSPENSION) and not cleaned.get(
            "days"
        ):
            self.add_error("days", "Say how many days it lasts.")
        return cleaned


class JudgementForm(forms.Form):
    """How urgent a scanned post really was. No version: a judgement changes nothing another
    moderator could be acting on."""

    level = forms.ChoiceField(
        label="How urgent was this, really?",
        choices=JudgedLevel.choices,
        widget=forms.RadioSelect,
        help_text="Judge the writer's situation, not what you did with the post. This teaches "
        "the crisis scanner and changes nothing on the post.",
    )
    category = forms.ChoiceField(
        label="What is it mainly about? (optional)",
        choices=[("", "(not sure, or not a risk)"), *JudgedCategory.choices],
        required=False,
    )


class LiftForm(forms.Form):
    reason = forms.CharField(label="Why lift it", required=False, max_length=500)


class QueueFilterForm(forms.Form):
    board = forms.ChoiceField(required=False)
    category = forms.ChoiceField(required=False)
    state = forms.ChoiceField(
        required=False, choices=list(selectors.QUEUE_STATES.items()), initial="waiting"
    )

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [("", "Every board"), *((b.slug, b.name) for b in boards)]
        self.fields["category"].choices = [("", "Every category"), *selectors.category_choices()]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"state": selectors.DEFAULT_STATE}
        data = self.cleaned_data
        return {
            "board": data["board"],
            "category": data["category"],
            "state": data["state"] or selectors.DEFAULT_STATE,
        }


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(required=False, choices=[("", "Every action"), *AuditAction.choices])
    who = forms.CharField(required=False, max_length=40, label="Pseudonym")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

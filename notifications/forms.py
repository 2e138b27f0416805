from django import forms

from forum.models import Board, WarningCategory
from notifications.services import BREAK_CHOICES

MAX_MUTED_WORDS = 50
MAX_MUTED_WORD_LENGTH = 60


class ReaderSettingsForm(forms.Form):
    notify_replies = forms.BooleanField(label="Replies to my threads", required=False)
    notify_quotes = forms.BooleanField(label="Replies that quote me", required=False)
    notify_reactions = forms.BooleanField(label="Reactions to my posts", required=False)
    notify_followed = forms.BooleanField(label="Replies in threads I follow", required=False)
    notify_groups = forms.BooleanField(
        label="Group sessions I joined",
        required=False,
        help_text="A place opening up for you, a meeting cancelled, a room opening.",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_notify_groups-hint"}),
    )
    # Shown only to granted peer supporters (the view drops it for everyone else).
    peer_supporter = forms.BooleanField(
        label="Tell me when a thread waits long for a first reply",
        required=False,
    )
    muted_words = forms.CharField(
        label="Muted words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="One word or phrase a line. Threads whose title or first post contains one "
        "leave your lists and search results; replies that contain one stay folded.",
    )
    muted_boards = forms.ModelMultipleChoiceField(
        label="Muted boards",
        queryset=Board.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their threads leave your home page, waiting list and search results. "
        "A muted board's own page still lists them.",
    )
    collapsed_categories = forms.MultipleChoiceField(
        label="Always keep these warnings closed",
        choices=WarningCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_warnings = forms.BooleanField(
        label="Open other content warnings by themselves",
        required=False,
        help_text="Posts with a warning in a category above stay closed either way.",
    )

    def clean_muted_words(self):
        lines = [line.strip() for line in self.cleaned_data["muted_words"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_MUTED_WORDS:
            raise forms.ValidationError(f"Up to {MAX_MUTED_WORDS} muted words, please.")
        if any(len(line) > MAX_MUTED_WORD_LENGTH for line in lines):
            raise forms.ValidationError(
                f"Each muted word or phrase can be up to {MAX_MUTED_WORD_LENGTH} characters."
            )
        return "\n".join(lines)


class BreakForm(forms.Form):
    length = forms.ChoiceField(
        label="Take a break for",
        choices=[
            ("1h", "An hour"),
            ("1d", "A day"),
            ("3d", "Three days"),
            ("1w", "A week"),
            ("1m", "A month"),
        ],
    )

    def clean_length(self):
        return BREAK_CHOICES[self.cleaned_data["length"]]

from django import forms

from core.text import clean_text
from forum.models import WarningCategory

MAX_BODY = 20_000


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY,
        error_messages={
            "required": "Please write something before posting.",
            "max_length": "Posts can be up to %(limit_value)d characters; this one has "
            "%(show_value)d. Could you split it into two?",
        },
        help_text="Markdown works: *italics*, **bold**, > quotes, lists and links.",
    )
    warning_category = forms.ChoiceField(
        label="Content warning",
        choices=[("", "No warning"), *WarningCategory.choices],
        required=False,
    )
    warning = forms.CharField(
        label="Warning details (optional)",
        max_length=120,
        required=False,
        help_text="Readers see this first and open your message when they are ready.",
    )
    anonymous = forms.BooleanField(
        label='Post as "Anonymous member"',
        required=False,
        help_text="Other members will not see your pseudonym. Moderators still can.",
    )

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError("Please write something before posting.")
        return body


class ThreadForm(PostForm):
    title = forms.CharField(
        label="Title",
        max_length=150,
        error_messages={"required": "Please give your thread a title."},
    )
    field_order = ["title", "body", "warning_category", "warning", "anonymous"]

    def clean_title(self):
        title = clean_text(self.cleaned_data["title"]).strip()
        if not title:
            raise forms.ValidationError("Please give your thread a title.")
        return title


class EditPostForm(PostForm):
    anonymous = None

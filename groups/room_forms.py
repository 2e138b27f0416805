"""The room's forms: a message, a report, and the facilitator's settings."""

from django import forms

from groups.facilitation import MAX_SLOW_MODE_SECONDS
from groups.room_services import MAX_MESSAGE_LENGTH


class RoomMessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a message first."},
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Post as “Anonymous member”",
        help_text="Your pseudonym is not shown with this message.",
    )


class SlowModeForm(forms.Form):
    seconds = forms.IntegerField(
        label="One message per participant every (seconds; 0 turns slow mode off)",
        min_value=0,
        max_value=MAX_SLOW_MODE_SECONDS,
    )


class RoomReportForm(forms.Form):
    reason = forms.CharField(
        label="What worries you about this message?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

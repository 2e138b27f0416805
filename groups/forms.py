"""Forms for scheduling a session, choosing a display zone and the facilitator's debrief."""

from datetime import UTC, date, datetime, timedelta

from django import forms

from core.text import clean_text
from forum.models import Board
from groups import scheduling
from groups.models import Debrief

DEFAULT_GROUND_RULES = """\
- What is said here stays here. Please don't share anyone's words or pseudonym outside the room.
- Speak from your own experience; listen without fixing or judging.
- You can pass, stay quiet or leave at any time. Nobody has to explain.
- Be gentle with descriptions of self-harm or methods: no details.
- If you are in danger now, please use the crisis lines at the top of the page; the facilitator
  will also bring in a moderator.
- The facilitator may slow the room, mute or remove someone to keep it safe."""

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
# How far ahead a first meeting may be: far enough for any real plan.
SCHEDULE_AHEAD = timedelta(days=366)


def _clean(value: str) -> str:
    return clean_text(value).strip()


def _zone_name(value: str) -> str:
    """An IANA zone name the tz database knows, or a clear error."""
    name = value.strip()
    try:
        scheduling.zone_named(name)
    except scheduling.SchedulingError as error:
        raise forms.ValidationError(str(error)) from None
    return name


class SessionDetailsForm(forms.Form):
    """What a session says about itself: scheduling adds when it meets, and the edit page
    changes only these."""

    title = forms.CharField(max_length=120)
    description = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who the group is for and what you will do together.",
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.all(),
        empty_label=None,
        help_text="The board this group belongs with.",
    )
    capacity = forms.IntegerField(
        label="Places", min_value=2, max_value=50, help_text="Not counting you."
    )
    ground_rules = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        initial=DEFAULT_GROUND_RULES,
        help_text="Shown before anyone joins. Edit them to suit your group.",
    )

    def clean_title(self):
        return _clean(self.cleaned_data["title"])

    def clean_description(self):
        return _clean(self.cleaned_data["description"])

    def clean_ground_rules(self):
        return _clean(self.cleaned_data["ground_rules"])


class ScheduleForm(SessionDetailsForm):
    """`starts_at` is a wall-clock time in `timezone`; the service turns it into UTC."""

    field_order = [
        "title", "description", "board", "starts_at", "timezone", "duration_minutes",
        "capacity", "ground_rules", "repeat", "repeat_until", "repeat_count",
    ]  # fmt: skip
    starts_at = forms.DateTimeField(
        label="Starts at",
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        error_messages={"invalid": "Enter a date and time like 2026-12-08T19:00."},
    )
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="The zone “Starts at” is in, such as America/Chicago or Europe/London.",
    )
    duration_minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=180)
    repeat = forms.ChoiceField(choices=scheduling.REPEAT_CHOICES, initial=scheduling.REPEAT_NONE)
    repeat_until = forms.DateField(
        label="Last meeting on or before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    repeat_count = forms.IntegerField(
        label="Or: number of meetings",
        required=False,
        min_value=2,
        max_value=scheduling.MAX_MEETINGS,
    )

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.ambiguous_note = ""

    def clean_timezone(self):
        return _zone_name(self.cleaned_data["timezone"])

    def clean(self):
        data = super().clean()
        naive, zone_name = data.get("starts_at"), data.get("timezone")
        if naive is None or zone_name is None:
            return data
        naive = naive.replace(tzinfo=None)
        data["starts_at"] = naive
        # Checked on the wall clock before any zone arithmetic, which overflows near the ends
        # of the calendar (year 1, year 9999); a day's slack covers every zone's offset.
        utc_now = self.now.astimezone(UTC).replace(tzinfo=None)
        if naive < utc_now - timedelta(days=1):
            self.add_error("starts_at", "That time has already passed. Please pick a later one.")
            return data
        if naive > utc_now + SCHEDULE_AHEAD:
            self.add_error("starts_at", "Sessions can be scheduled up to a year ahead.")
            return data
        zone = scheduling.zone_named(zone_name)
        try:
            first = scheduling.resolve_local(naive, zone)
        except scheduling.SchedulingError as error:
            self.add_error("starts_at", str(error))
            return data
        if first.at <= self.now:
            self.add_error("starts_at", "That time has already passed. Please pick a later one.")
        if first.ambiguous:
            self.ambiguous_note = (
                f"{naive:%H:%M} happens twice that night in {zone_name} (the clocks go back); "
                "we used the first one, before the change."
            )
        self._clean_repeat(data)
        return data

    def _clean_repeat(self, data) -> None:
        if data.get("repeat", scheduling.REPEAT_NONE) == scheduling.REPEAT_NONE:
            data["repeat_until"] = data["repeat_count"] = None
            return
        until: date | None = data.get("repeat_until")
        count = data.get("repeat_count")
        if until is None and count is None:
            self.add_error("repeat_until", "Say when the repeats end: a date or a number.")
        elif until is not None and count is not None:
            self.add_error("repeat_count", "Give a last date or a number of meetings, not both.")
        elif until is not None and until <= data["starts_at"].date():
            self.add_error("repeat_until", "The last meeting must come after the first.")


class ZoneForm(forms.Form):
    """The reader's display zone, for /groups/ and the session pages (kept in a cookie)."""

    timezone = forms.CharField(max_length=64)

    def clean_timezone(self):
        return _zone_name(self.cleaned_data["timezone"])


class DebriefForm(forms.ModelForm):
    class Meta:
        model = Debrief
        fields = ["went_well", "was_hard", "needs_follow_up", "follow_up_note"]
        labels = {
            "went_well": "What went well",
            "was_hard": "What was hard",
            "needs_follow_up": "Someone may need a moderator to follow up",
            "follow_up_note": "Who and why (moderators read this)",
        }
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "was_hard": forms.Textarea(attrs={"rows": 3}),
            "follow_up_note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        for field in ("went_well", "was_hard", "follow_up_note"):
            if data.get(field):
                data[field] = _clean(data[field])
        if data.get("needs_follow_up") and not data.get("follow_up_note"):
            self.add_error("follow_up_note", "Tell the moderators who to look in on, and why.")
        return data

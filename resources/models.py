"""Crisis lines, warm lines and peer-support options, each with where its facts came from and
when someone last checked them: numbers and hours change, and a wrong one can hurt someone."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.phone import sms_uri, tel_uri, validate_number
from resources import hours as opening_hours
from resources.regions import COUNTRIES, US_STATES, Region

# An entry nobody has checked for this long is flagged to administrators.
STALE_AFTER = timedelta(days=365)

validate_keyword = RegexValidator(
    r"^[A-Za-z0-9]+$", "A text keyword is one word of letters or digits, such as HOME."
)


def validate_hours(value):
    try:
        opening_hours.parse_hours(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def validate_time_zone(value):
    if value:
        try:
            opening_hours.zone_named(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class Kind(models.TextChoices):
    CRISIS_LINE = "crisis_line", "Crisis line"
    TEXT_LINE = "text_line", "Text line"
    CHAT = "chat", "Chat"
    EMERGENCY = "emergency", "Emergency number"
    WARM_LINE = "warm_line", "Warm line"
    # Information and referral, not counselling (SAMHSA's helpline, the NAMI HelpLine).
    HELPLINE = "helpline", "Helpline (information and referral)"
    PEER_GROUP = "peer_group", "Peer support group"
    BEFRIENDING = "befriending", "One-to-one befriending"
    ONLINE_COMMUNITY = "online_community", "Online community"
    DIRECTORY = "directory", "Directory"


class Audience(models.TextChoices):
    # Labels read inside a sentence: "For veterans."
    EVERYONE = "everyone", "everyone"
    YOUNG_PEOPLE = "young_people", "young people"
    LGBTQ = "lgbtq", "LGBTQ+ people"
    LGBTQ_YOUTH = "lgbtq_youth", "LGBTQ+ young people"
    TRANS = "trans", "trans people"
    VETERANS = "veterans", "veterans"
    CARERS = "carers", "carers"


HOURS_HELP = (
    'Weekly windows in the time zone below, e.g. [{"days": [0, 1, 2, 3, 4, 5], "open": '
    '"08:00", "close": "20:00"}]. Days: 0 = Monday ... 6 = Sunday. A close at or before the '
    'open crosses midnight; "24:00" is the end of the day. Leave as [] for 24/7 lines and for '
    "lines whose hours are not verified."
)


class ResourceQuerySet(models.QuerySet):
    def for_region(self, region: Region):
        """A country's national entries, plus its state's own when the region is a state."""
        local = Q(subdivision="")
        if region.subdivision:
            local |= Q(subdivision=region.subdivision)
        return self.filter(local, country=region.country)


class Resource(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=400, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    languages = models.CharField(max_length=100, blank=True, help_text="e.g. English, Spanish")

    country = models.CharField(max_length=3, choices=list(COUNTRIES.items()))
    subdivision = models.CharField(
        "state", max_length=6, blank=True, choices=list(US_STATES.items()),
        help_text="Only for a line that serves one state; leave blank for national lines.",
    )  # fmt: skip

    phone = models.CharField(max_length=30, blank=True, validators=[validate_number])
    phone_note = models.CharField(
        max_length=150,
        blank=True,
        help_text="Shown in brackets after the number, e.g. then press 1",
    )
    text_number = models.CharField(max_length=30, blank=True, validators=[validate_number])
    text_keyword = models.CharField(max_length=30, blank=True, validators=[validate_keyword])
    text_note = models.CharField(
        max_length=150, blank=True, help_text="Shown in brackets, e.g. text AYUDA for Spanish"
    )
    tty = models.CharField("TTY", max_length=30, blank=True, validators=[validate_number])
    email = models.EmailField(blank=True)
    url = models.URLField("website", blank=True)
    chat_url = models.URLField("chat address", blank=True)

    open_24_7 = models.BooleanField("open 24/7", default=False)
    hours = models.JSONField(
        default=list, blank=True, validators=[validate_hours], help_text=HOURS_HELP
    )
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone],
        help_text="The time zone of the hours, e.g. America/Chicago.",
    )  # fmt: skip
    hours_note = models.CharField(
        max_length=200, blank=True, help_text="Shown beside the hours, e.g. call to confirm."
    )

    source = models.CharField(max_length=300, help_text="Where these facts were read.")
    verified_on = models.DateField("last verified")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower comes first.")

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        indexes = [models.Index(fields=["country", "subdivision"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.open_24_7 and self.hours:
            errors["hours"] = "A 24/7 line has no weekly hours: clear them or untick 24/7."
        if self.hours and not self.time_zone:
            errors["time_zone"] = "Weekly hours need the time zone they are written in."
        if self.subdivision and not self.subdivision.startswith(f"{self.country}-"):
            errors["subdivision"] = "This state is not in the chosen country."
        if self.text_keyword and not self.text_number:
            errors["text_number"] = "A text keyword needs the number to text it to."
        if errors:
            raise ValidationError(errors)

    # Contact links --------------------------------------------------------------------

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone) if self.phone else ""

    @property
    def text_uri(self) -> str:
        return sms_uri(self.text_number, self.text_keyword) if self.text_number else ""

    @property
    def tty_uri(self) -> str:
        return tel_uri(self.tty) if self.tty else ""

    @property
    def reachable_directly(self) -> bool:
        """Someone can call, text or chat with this line from the page."""
        return any((self.phone, self.text_number, self.chat_url))

    @property
    def has_contact(self) -> bool:
        return any((self.phone, self.text_number, self.tty, self.email, self.url, self.chat_url))

    # Hours ----------------------------------------------------------------------------

    @property
    def has_hours(self) -> bool:
        return bool(self.hours)

    def opening_status(self, at: datetime) -> opening_hours.OpeningStatus | None:
        """Open or closed at `at`; None when the hours are not known."""
        if self.open_24_7:
            return opening_hours.OpeningStatus(is_open=True)
        if not self.hours:
            return None
        windows = opening_hours.parse_hours(self.hours)
        return opening_hours.opening_status(windows, self.time_zone, at)

    def status_label(self, status: opening_hours.OpeningStatus | None) -> str:
        """The badge for a status from `opening_status`: "Open 24/7", "Closed, opens ..."."""
        if status is None:
            return ""
        if self.open_24_7:
            return "Open 24/7"
        return opening_hours.describe_status(status, self.time_zone)

    def describe_status(self, at: datetime) -> str:
        return self.status_label(self.opening_status(at))

    @property
    def hours_summary(self) -> str:
        if self.open_24_7:
            return "24 hours a day, 7 days a week"
        if not self.hours:
            return ""
        return opening_hours.describe_hours(opening_hours.parse_hours(self.hours), self.time_zone)

    def needs_check(self, today: date) -> bool:
        return today - self.verified_on >= STALE_AFTER

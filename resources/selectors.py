"""Reads for the resources directory and the support panel.

The region is what the reader chose, kept in a cookie (and, for members, in the session):
never worked out from the client's address. Listing a region's resources costs at most one
query, and none while the list is cached (60 s, forgotten whenever an entry changes).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from accounts.models import SafetyPreferences
from resources.hours import OpeningStatus
from resources.models import Kind, Resource
from resources.regions import REGIONS, Region, find_region

REGION_COOKIE = "region"
REGION_SESSION_KEY = "resources_region"
CACHE_SECONDS = 60

CRISIS_KINDS = (Kind.CRISIS_LINE, Kind.TEXT_LINE, Kind.CHAT)
TALK_KINDS = (Kind.WARM_LINE, Kind.HELPLINE)
PEER_KINDS = (Kind.PEER_GROUP, Kind.BEFRIENDING, Kind.ONLINE_COMMUNITY)
PEER_HEADINGS = {
    Kind.PEER_GROUP: "Groups",
    Kind.BEFRIENDING: "One-to-one befriending",
    Kind.ONLINE_COMMUNITY: "Online communities",
}


def default_region() -> Region:
    return find_region(settings.DEFAULT_REGION) or REGIONS["US"]


def region_for(request) -> Region:
    """The region whose lines this reader sees: their saved choice, else DEFAULT_REGION."""
    # Seam: a member's settings field (issue to come) will be read first, here.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        region = find_region(request.session.get(REGION_SESSION_KEY))
        if region is not None:
            return region
    return find_region(request.COOKIES.get(REGION_COOKIE)) or default_region()


def _cache_key(code: str) -> str:
    return f"resources:listed:{code}"


def listed_resources(region: Region) -> list[Resource]:
    """Every entry shown for `region`, in order."""
    key = _cache_key(region.code)
    resources = cache.get(key)
    if resources is None:
        resources = list(Resource.objects.for_region(region))
        cache.set(key, resources, CACHE_SECONDS)
    return resources


def forget_listed_resources() -> None:
    cache.delete_many([_cache_key(code) for code in REGIONS])


@dataclass(frozen=True)
class Entry:
    """A resource as the page shows it at one moment."""

    resource: Resource
    status: OpeningStatus | None
    badge: str
    needs_check: bool

    @property
    def state(self) -> str:
        """ "always", "open", "closed", or "" when the hours are not known."""
        if self.status is None:
            return ""
        if self.resource.open_24_7:
            return "always"
        return "open" if self.status.is_open else "closed"


@dataclass(frozen=True)
class Directory:
    region: Region
    crisis: list[Entry] = field(default_factory=list)
    emergency: list[Entry] = field(default_factory=list)
    talk: list[Entry] = field(default_factory=list)
    peer: list[tuple[str, list[Entry]]] = field(default_factory=list)
    directories: list[Entry] = field(default_factory=list)

    @property
    def warm_lines(self) -> list[Entry]:
        return [entry for entry in self.talk if entry.resource.kind == Kind.WARM_LINE]


def directory_for(region: Region, *, at: datetime | None = None) -> Directory:
    """The region's resources in the page's sections, each section in the entries' order,
    with open/closed worked out for `at`."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    by_kind: dict[str, list[Entry]] = {}
    in_order: list[Entry] = []
    for resource in listed_resources(region):
        status = resource.opening_status(at)
        entry = Entry(
            resource=resource,
            status=status,
            badge=resource.status_label(status),
            needs_check=resource.needs_check(today),
        )
        by_kind.setdefault(resource.kind, []).append(entry)
        in_order.append(entry)

    def of(kinds):
        return [entry for entry in in_order if entry.resource.kind in kinds]

    return Directory(
        region=region,
        crisis=of(CRISIS_KINDS),
        emergency=of((Kind.EMERGENCY,)),
        talk=of(TALK_KINDS),
        peer=[(PEER_HEADINGS[kind], by_kind[kind]) for kind in PEER_KINDS if kind in by_kind],
        directories=of((Kind.DIRECTORY,)),
    )


def personal_line_of(user):
    """The line a member asked to see first in their support panel (their safety
    preferences), or None. Shown only to that member."""
    if user is None or not user.is_authenticated:
        return None

    preferences = (
        SafetyPreferences.objects.filter(member=user)
        .exclude(personal_line_phone="")
        .only("personal_line_name", "personal_line_phone", "personal_line_note")
        .first()
    )
    return preferences

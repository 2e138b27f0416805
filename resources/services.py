"""Writes for the resources directory."""

from django.conf import settings

from resources.regions import Region
from resources.selectors import REGION_COOKIE, REGION_SESSION_KEY

ONE_YEAR = 365 * 24 * 60 * 60


def remember_region(request, response, region: Region) -> None:
    """Keep the reader's chosen region: in a cookie for everyone, and in a member's session."""
    response.set_cookie(
        REGION_COOKIE,
        region.code,
        max_age=ONE_YEAR,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        request.session[REGION_SESSION_KEY] = region.code

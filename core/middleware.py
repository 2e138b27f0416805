"""Request-wide behaviour: CSRF origins on any local port, and privacy headers."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

logger = logging.getLogger(__name__)


class PortAgnosticCsrfViewMiddleware(CsrfViewMiddleware):
    """A trusted origin written without a port (`http://127.0.0.1`) trusts every port, so a
    second `make run` on another PORT works without configuration."""

    def _origin_verified(self, request):
        # With Referrer-Policy: no-referrer, browsers send "Origin: null" on same-origin form
        # posts. Treat it as "origin unknown": the CSRF token is still checked, and SameSite=Lax
        # cookies are not sent by the cross-site pages (sandboxed frames) that also say null.
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        if super()._origin_verified(request):
            return True
        origin = urlsplit(request.META.get("HTTP_ORIGIN", ""))
        for trusted in settings.CSRF_TRUSTED_ORIGINS:
            entry = urlsplit(trusted)
            if (
                entry.port is None
                and "*" not in entry.netloc
                and (origin.scheme == entry.scheme and origin.hostname == entry.hostname)
            ):
                return True
        return False


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "clipboard-read", "display-capture",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "browsing-topics",
    )
)  # fmt: skip


def content_security_policy(request) -> str:
    """Only our own scripts, styles, images and sockets: no inline code, no other origin."""
    host = request.get_host()
    sockets = f"wss://{host}" if request.is_secure() else f"ws://{host} wss://{host}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            f"connect-src 'self' {sockets}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


class PrivacyHeadersMiddleware:
    """Security headers on every response, and members' words kept out of search engines
    and shared caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy(request))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(response, "noindex", False) and settings.FORUM_NOINDEX:
            response["X-Robots-Tag"] = "noindex"
        if _maybe_a_member(request):
            response["Cache-Control"] = "no-store"
        return response


def _maybe_a_member(request) -> bool:
    """Whether the request may belong to a member. If the session cannot be read (the
    database is away), assume it does: never let a shared cache keep a member's page."""
    from django.db import DatabaseError

    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return user.is_authenticated
    except DatabaseError:
        return True


class DatabaseUnavailableMiddleware:
    """When the database drops, answer with a calm 503 page instead of a crash, and hand a
    member's unsent words back to them so nothing they wrote is lost. Django reconnects on
    the next request, so the site recovers by itself when the database returns."""

    KEPT_FIELDS = ("title", "body", "warning", "about", "note")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError, connection
        from django.template.loader import render_to_string

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        try:
            connection.close_if_unusable_or_obsolete()
        except Exception:
            logger.debug("Could not tidy the broken connection", exc_info=True)
        kept = {
            name: request.POST.get(name, "")
            for name in self.KEPT_FIELDS
            if request.method == "POST" and request.POST.get(name, "").strip()
        }
        html = render_to_string("errors/database_unavailable.html", {"kept": kept})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response

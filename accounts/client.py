"""A client's address, only ever as a keyed hash that rotates daily: never stored raw."""

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone


def client_fingerprint(request) -> str:
    """A keyed, daily-rotating hash of the client address, for rate limits only.

    The day is part of the key, so yesterday's fingerprints cannot be linked to today's.
    """
    address = request.META.get("REMOTE_ADDR", "") or ""
    day = timezone.now().strftime("%Y-%m-%d")
    key = f"{settings.SECRET_KEY}:client:{day}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]

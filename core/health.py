"""`/healthz`: a real round trip to the database and to the channel layer, plus what apps
above add to the report (the crisis model's status) through `report_in_health`."""

import asyncio
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
LAYER_TIMEOUT_SECONDS = 2.0

# Apps above register a function returning extra fields (safety: the crisis model's status).
_EXTRA_REPORTS = []


def report_in_health(report) -> None:
    """Add `report()`'s fields to every /healthz answer. Call from an AppConfig.ready."""
    if report not in _EXTRA_REPORTS:
        _EXTRA_REPORTS.append(report)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database did not answer", exc_info=True)
        return False


async def _layer_round_trip() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    return message.get("token") == token


async def _layer_ok() -> bool:
    try:
        return await asyncio.wait_for(_layer_round_trip(), LAYER_TIMEOUT_SECONDS)
    except Exception:
        logger.warning("Health check: the channel layer did not answer", exc_info=True)
        return False


@never_cache
def healthz(request):
    db = database_ok()
    layer = async_to_sync(_layer_ok)()
    body = {
        "database": "ok" if db else "error",
        "channel_layer": "ok" if layer else "down",
    }
    for report in _EXTRA_REPORTS:
        body.update(report())
    return JsonResponse(body, status=200 if db else 503)

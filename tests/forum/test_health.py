"""`/healthz` makes real round trips and tells a load balancer the truth."""

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_channel_layer_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "channel_layer": "ok",
        "crisis_model": "off",
        "crisis_model_version": "",
    }


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_reports_a_dead_channel_layer_without_failing(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Nothing listens on port 1: the round trip fails fast.
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["channel_layer"] == "down"

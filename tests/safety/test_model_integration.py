"""The model layer in the forum: on by default, only ever raising ratings, and degrading to
the lexicon alone, visibly, when it cannot load."""

import json
import os
import subprocess
import sys

import pytest

from safety import layers
from safety.services import assess_text
from tests.conftest import IMPLICIT
from tests.servers import ROOT


def test_the_layer_is_on_by_default_in_production_settings():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         "print(settings.CRISIS_MODEL_ENABLED)"],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings",
             "DJANGO_DEBUG": "1"}, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "True", result.stderr


@pytest.mark.django_db
def test_assess_text_uses_both_layers_and_the_model_only_raises(model_on):
    assert layers.model_status() == "ok"
    raised = assess_text(IMPLICIT)
    assert raised.severity in ("high", "imminent")
    assert "model_risk" in raised.categories
    lexicon_says_imminent = "I have the pills counted out and I'm taking them all tonight."
    assert assess_text(lexicon_says_imminent).severity == "imminent"


@pytest.mark.django_db
def test_a_model_that_cannot_load_degrades_to_the_lexicon_and_says_so(
    model_on, monkeypatch, client
):
    from safety.ml import tuned

    def broken(*args, **kwargs):
        raise tuned.ModelLoadError("weights missing")

    monkeypatch.setattr(tuned.TunedModel, "load", broken)
    assert layers.model_status() == "unavailable"
    assert assess_text("I want to kill myself").severity in ("high", "imminent")
    assert client.get("/healthz").json()["crisis_model"] == "unavailable"


def test_crisisscan_uses_both_layers_and_fails_when_the_model_cannot_load(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CRISIS_MODEL_ENABLED": "1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT,
                   check=True, timeout=300)  # fmt: skip

    def crisisscan(**extra):
        return subprocess.run(
            [sys.executable, "manage.py", "crisisscan"], input=IMPLICIT + "\n",
            env={**env, **extra}, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    both = crisisscan()
    assert both.returncode == 0, both.stderr
    assert json.loads(both.stdout)["severity"] in ("high", "imminent")
    broken = crisisscan(CRISIS_MODEL_DIR=str(tmp_path / "nowhere"))
    assert broken.returncode != 0
    assert "cannot load" in broken.stderr and broken.stdout == ""


@pytest.mark.django_db
def test_healthz_names_the_model_version_and_nothing_when_it_is_off_or_unavailable(
    model_on, monkeypatch, client, settings
):
    from safety.ml import tuned

    body = client.get("/healthz").json()
    assert body["crisis_model"] == "ok"
    assert body["crisis_model_version"] == layers.crisis_model_layer().version != ""
    settings.CRISIS_MODEL_ENABLED = False
    assert client.get("/healthz").json()["crisis_model_version"] == ""
    settings.CRISIS_MODEL_ENABLED = True
    layers.crisis_model_layer.cache_clear()

    def broken(*args, **kwargs):
        raise tuned.ModelLoadError("weights missing")

    monkeypatch.setattr(tuned.TunedModel, "load", broken)
    body = client.get("/healthz").json()
    assert (body["crisis_model"], body["crisis_model_version"]) == ("unavailable", "")

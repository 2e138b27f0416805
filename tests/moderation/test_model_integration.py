"""The model layer in the forum: on by default, only ever raising ratings, and degrading to
the lexicon alone, visibly, when it cannot load."""

import io
import json
import os
import subprocess
import sys

import pytest

from moderation import layers
from moderation.services import assess_text
from tests.servers import ROOT

# The lexicon rates this "none"; the model, which reads meaning rather than words, does not.
IMPLICIT = "I looked up how many of my pills it would take."


@pytest.fixture
def model_on(settings):
    settings.CRISIS_MODEL_ENABLED = True
    layers.crisis_model_layer.cache_clear()
    yield
    layers.crisis_model_layer.cache_clear()


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
    from moderation import ml

    def broken(*args, **kwargs):
        raise ml.ModelLoadError("weights missing")

    monkeypatch.setattr(ml.ModelLayer, "load", broken)
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
def test_queue_items_say_which_layer_flagged_them_and_the_models_score(
    model_on, thread, other_member, client, moderator
):
    from forum import services
    from moderation.models import Flag, QueueItem

    by_model = services.create_post(thread=thread, author=other_member, body=IMPLICIT).post
    flag = Flag.objects.get(post=by_model)
    assert flag.layer == "model" and flag.model_score > 0.5
    assert QueueItem.objects.get(post=by_model).scan_layer == "model"
    by_words = services.create_post(
        thread=thread, author=other_member, body="I want to kill myself"
    ).post
    assert Flag.objects.get(post=by_words).layer in ("lexicon", "both")
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert "model judgement (" in queue and (
        "keyword match" in queue or "keywords and model" in queue
    )


@pytest.mark.django_db
def test_moderators_decisions_export_as_labelled_data(model_on, thread, other_member, moderator):
    from django.core.management import call_command

    from forum import services
    from moderation import actions
    from moderation.models import QueueItem
    from moderation.staffing import record_queue_seen

    record_queue_seen(moderator.pk)  # on duty, so the high-risk post publishes and is flagged
    kept = services.create_post(thread=thread, author=other_member, body=IMPLICIT).post
    hidden = services.create_post(
        thread=thread, author=other_member, body="I want to kill myself tonight"
    ).post
    for post, act in ((kept, actions.mark_reviewed), (hidden, actions.hide_post)):
        version = QueueItem.objects.get(post=post).version
        act(moderator=moderator, post=post, version=version)
    out = io.StringIO()
    call_command("export_moderation_labels", stdout=out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()[1:]]
    by_text = {row[4]: row for row in rows}
    assert by_text[IMPLICIT][0] == "kept" and by_text[IMPLICIT][2] == "model"
    assert by_text["I want to kill myself tonight"][0] == "hidden"
    assert other_member.pseudonym not in out.getvalue()


@pytest.mark.django_db
def test_approving_a_held_reply_notifies_the_starter_and_a_note_rings_the_bell(
    thread, member, other_member, moderator, django_capture_on_commit_callbacks
):
    from forum import services
    from moderation import actions
    from moderation.models import QueueItem
    from moderation.notes import SUPPORTIVE_NOTES
    from notifications.models import Notification

    held = services.create_post(
        thread=thread, author=other_member,
        body="I have the pills counted out and I'm taking them all tonight.",
    ).post  # fmt: skip
    assert not Notification.objects.filter(recipient=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_post(
            moderator=moderator, post=held, version=QueueItem.objects.get(post=held).version
        )
    assert Notification.objects.filter(recipient=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_supportive_note(
            moderator=moderator, post=held, version=QueueItem.objects.get(post=held).version,
            template=next(iter(SUPPORTIVE_NOTES)),
        )  # fmt: skip
    assert Notification.objects.filter(recipient=other_member, kind="moderator_note").exists()

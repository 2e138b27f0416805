"""The lexicon lives in the database; an administrator's edit reaches every process."""

import subprocess
import sys

import pytest
from django.contrib.admin.sites import AdminSite

from moderation.admin import LexiconTermForm
from safety import lexicon_source
from safety.models import LexiconTerm
from safety.services import assess_text
from tests.conftest import live_db
from tests.servers import ROOT, subprocess_database_url

NEW_SLANG = "glorbify myself"


pytestmark = pytest.mark.usefixtures("fresh_lexicon")


@pytest.mark.django_db
def test_the_data_migration_loaded_the_shipped_lexicon():
    assert LexiconTerm.objects.count() == len(lexicon_source.scanner.load_default_lexicon().entries)


@pytest.mark.django_db
def test_an_edit_takes_effect_in_this_process_once_announced():
    assert assess_text(f"I want to {NEW_SLANG}").severity == "none"
    LexiconTerm.objects.create(
        pattern=NEW_SLANG, kind="phrase", category="suicide", severity="high"
    )
    lexicon_source.announce_change()
    lexicon_source._state["cache_at"] = 0.0  # as if the few seconds between checks had passed
    assert assess_text(f"I want to {NEW_SLANG}").severity == "high"


@pytest.mark.django_db
def test_an_empty_table_falls_back_to_the_shipped_file_never_to_nothing():
    LexiconTerm.objects.all().delete()
    assert assess_text("I want to kill myself").severity in ("high", "imminent")


def test_the_admin_form_refuses_an_entry_that_cannot_compile(db):
    form = LexiconTermForm(
        data={"pattern": "(a+)+$", "kind": "regex", "category": "suicide", "severity": "high"}
    )
    assert not form.is_valid()
    assert "cannot be used" in str(form.errors)
    assert AdminSite  # the form is the one the admin uses (moderation.admin)


SECOND_PROCESS = """
import django, sys
django.setup()
from safety import lexicon_source
from safety.services import assess_text
print(assess_text(sys.argv[1]).severity, flush=True)
sys.stdin.readline()  # wait until the parent has edited the lexicon
# Stand in for the clock instead of sleeping: the version key is read every few seconds, the
# table's signature every minute.
lexicon_source._state["cache_at"] = 0.0
if sys.argv[2] == "a-minute-later":
    lexicon_source._state["db_at"] = 0.0
print(assess_text(sys.argv[1]).severity, flush=True)
"""


@live_db
def test_a_lexicon_edit_takes_effect_in_a_second_process_without_restart(settings):
    env = {
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1",
        "DATABASE_URL": subprocess_database_url(),
        "CRISIS_MODEL_ENABLED": "0",  # this is about the lexicon: the model would rate it too
    }  # fmt: skip
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
        env["PEERHAVEN_CACHE_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    # With a shared cache the version key carries the news within seconds; a local-memory
    # cache is per process, so there the once-a-minute table check is what carries it.
    when = "seconds-later" if settings.REDIS_URL else "a-minute-later"
    child = subprocess.Popen(
        [sys.executable, "-c", SECOND_PROCESS, f"I will {NEW_SLANG}", when], cwd=ROOT, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout.readline().strip() == "none"
    LexiconTerm.objects.create(
        pattern=NEW_SLANG, kind="phrase", category="suicide", severity="high"
    )
    lexicon_source.announce_change()
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "high"
    assert child.wait(timeout=30) == 0


@pytest.mark.django_db
def test_one_broken_row_is_skipped_and_logged_never_stopping_every_scan(caplog):
    LexiconTerm.objects.bulk_create(
        [LexiconTerm(pattern="(a+)+$", kind="regex", category="suicide", severity="high")]
    )  # bulk_create skips the admin's validation, as a bad import or old row might
    lexicon_source.forget()
    assert assess_text("I want to kill myself").severity in ("high", "imminent")
    assert "(a+)+$" in caplog.text and "skipped" in caplog.text


@pytest.mark.django_db
def test_the_lexicon_version_fits_the_column_that_stores_it():
    from moderation.models import Flag

    version = lexicon_source.current_lexicon().version
    assert len(version) <= Flag._meta.get_field("lexicon_version").max_length


@pytest.mark.django_db
def test_a_cache_outage_does_not_fail_scans_or_hold_posts(monkeypatch, thread, other_member):
    from django.core.cache import cache

    from forum import services

    assess_text("warm up")  # this process has a lexicon

    def down(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    lexicon_source._state["cache_at"] = 0.0  # time to look at the version key again
    assert assess_text("I want to kill myself").failed is False
    outcome = services.create_post(thread=thread, author=other_member, body="a calm day")
    assert outcome.post.state == "published"
    lexicon_source.announce_change()  # logged, not raised


@pytest.mark.django_db
def test_a_new_lexicon_file_retires_shipped_entries_it_dropped_but_never_admins_own(tmp_path):
    import json

    from safety.lexicon_sync import sync_from_file

    LexiconTerm.objects.create(pattern="admin phrase", kind="phrase", category="suicide")
    shipped = LexiconTerm.objects.filter(shipped=True)
    assert shipped.count() == len(lexicon_source.scanner.load_default_lexicon().entries)
    first = shipped.order_by("pk").first()
    smaller = tmp_path / "lexicon.json"
    rows = [{"pattern": t.pattern, "kind": t.kind, "category": t.category,
             "severity": t.severity} for t in shipped.exclude(pk=first.pk)]  # fmt: skip
    smaller.write_text(json.dumps({"version": "next", "entries": rows}))
    sync_from_file(LexiconTerm, smaller)
    assert not LexiconTerm.objects.filter(pk=first.pk).exists()
    assert LexiconTerm.objects.filter(pattern="admin phrase").exists()

"""A server process builds its crisis lexicon once, at start, not on its first post."""

import logging
import subprocess
import sys

import pytest

from safety import lexicon_source, scanner
from safety.models import LexiconTerm
from tests.conftest import live_db
from tests.servers import ROOT

pytestmark = pytest.mark.usefixtures("fresh_lexicon")


@pytest.mark.django_db
def test_building_from_the_table_does_not_compile_the_shipped_lexicon_too():
    scanner.load_default_lexicon.cache_clear()
    lexicon = lexicon_source.current_lexicon()
    assert scanner.load_default_lexicon.cache_info().currsize == 0
    assert len(lexicon.entries) == LexiconTerm.objects.count()
    shipped = scanner.load_default_lexicon()  # compiled here, for the comparison only
    assert lexicon.version.startswith(f"{shipped.version}+db.")


@pytest.mark.django_db
def test_an_empty_table_still_scans_with_the_shipped_lexicon():
    LexiconTerm.objects.all().delete()
    lexicon = lexicon_source.current_lexicon()
    assert lexicon is scanner.load_default_lexicon()


@live_db
def test_warming_builds_the_lexicon_in_a_worker_thread():
    assert lexicon_source._state["lexicon"] is None
    lexicon_source.warm_in_background().join(timeout=60)
    assert lexicon_source._state["lexicon"] is not None
    assert len(lexicon_source._state["lexicon"].entries) == LexiconTerm.objects.count()


def test_a_warm_up_that_fails_is_logged_and_left_to_the_first_scan(monkeypatch, caplog):
    def unavailable():
        raise RuntimeError("database not migrated yet")

    monkeypatch.setattr(lexicon_source, "current_lexicon", unavailable)
    with caplog.at_level(logging.INFO, logger="safety.lexicon_source"):
        lexicon_source.warm_in_background().join(timeout=10)
    assert "first scan builds it" in caplog.text
    assert lexicon_source._state["lexicon"] is None


def run_python(args, env, timeout=300):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_commands_leave_the_lexicon_alone_and_a_server_process_warms_it(tmp_path):
    """`migrate` on an empty database works and commands never pay for the build; importing
    the ASGI entry point (what daphne does) starts it."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    setup_only = (
        "import django, threading; django.setup(); "
        "from safety import lexicon_source; "
        "names = [t.name for t in threading.enumerate()]; "
        "print(lexicon_source._state['lexicon'] is None and 'lexicon-warm' not in names)"
    )
    out = run_python(["-c", setup_only], env)
    assert out.stdout.strip() == "True", out.stderr[-2000:]
    migrate = run_python(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    assert "lexicon" not in migrate.stderr.lower()
    server = (
        "import threading, config.asgi; "
        "warm = [t for t in threading.enumerate() if t.name == 'lexicon-warm']; "
        "[t.join(60) for t in warm]; "
        "from safety import lexicon_source; "
        "print(len(warm), lexicon_source._state['lexicon'] is not None)"
    )
    out = run_python(["-c", server], env)
    assert out.stdout.strip() == "1 True", out.stderr[-2000:]

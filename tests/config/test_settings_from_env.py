"""Settings come from the environment exactly as CONTRACTS.md says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ConfigurationError, database_from_url, secret_key

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "prod-key-9f8Qw2LmZx7Rt4Vb6Nc1Hy3Jk5Pd0Sa8Ge2Ui4Oo6Tr",
    "ALLOWED_HOSTS": "forum.example",
}


def settings_in_subprocess(env: dict, *names: str) -> dict:
    """Import settings fresh with only `env` set, and report the named values."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: repr(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL",
             "REDIS_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED", "FORUM_"))}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_default_database_is_sqlite_in_the_project(tmp_path):
    db = database_from_url(f"sqlite:///{ROOT / 'db.sqlite3'}", ROOT)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def test_sqlite_url_with_absolute_path():
    assert database_from_url("sqlite:////var/tmp/ph.sqlite3", ROOT)["NAME"] == "/var/tmp/ph.sqlite3"


def test_postgres_url_uses_the_connection_pool_not_persistent_connections():
    db = database_from_url("postgres://postgres@127.0.0.1:5432/peerhaven", ROOT)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres", "127.0.0.1", "5432", "peerhaven",
    )  # fmt: skip
    assert db["CONN_MAX_AGE"] == 0 and "pool" in db["OPTIONS"]


def test_unknown_database_scheme_is_a_clear_error():
    with pytest.raises(ConfigurationError, match="not supported"):
        database_from_url("mysql://root@localhost/x", ROOT)


def test_secret_key_is_required_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="DJANGO_SECRET_KEY is required"):
        secret_key(False, tmp_path / "key")


def test_development_secret_key_is_kept_in_a_file_and_reused(monkeypatch, tmp_path):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    first = secret_key(True, tmp_path / "key")
    assert first == secret_key(True, tmp_path / "key")
    assert (tmp_path / "key").stat().st_mode & 0o077 == 0


def test_defaults_with_no_environment():
    values = settings_in_subprocess(
        {"DJANGO_DEBUG": "1"}, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "CHANNEL_LAYERS",
        "CACHES", "FORUM_POSTS_PER_PAGE",
    )  # fmt: skip
    assert values["ALLOWED_HOSTS"] == repr(["127.0.0.1", "localhost"])
    assert values["CSRF_TRUSTED_ORIGINS"] == repr(["http://127.0.0.1", "http://localhost"])
    assert "InMemoryChannelLayer" in values["CHANNEL_LAYERS"]
    assert "LocMemCache" in values["CACHES"]
    assert values["FORUM_POSTS_PER_PAGE"] == "50"


def test_redis_url_switches_channel_layer_and_cache():
    values = settings_in_subprocess(
        {"DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"}, "CHANNEL_LAYERS", "CACHES"
    )
    assert (
        "channels_redis" in values["CHANNEL_LAYERS"]
        and "redis://127.0.0.1:6379/3" in values["CHANNEL_LAYERS"]
    )
    assert "RedisCache" in values["CACHES"]


def test_production_turns_on_hsts_secure_cookies_and_https_redirect():
    values = settings_in_subprocess(
        PRODUCTION, "DEBUG", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    )  # fmt: skip
    assert values == {
        "DEBUG": "False", "SECURE_HSTS_SECONDS": "31536000", "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True", "SECURE_SSL_REDIRECT": "True",
    }  # fmt: skip


def test_ssl_redirect_can_be_turned_off_alone():
    values = settings_in_subprocess(
        {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0"}, "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
    )  # fmt: skip
    assert values == {"SECURE_SSL_REDIRECT": "False", "SESSION_COOKIE_SECURE": "True"}


def test_posts_per_page_comes_from_the_environment():
    values = settings_in_subprocess(
        {"DJANGO_DEBUG": "1", "FORUM_POSTS_PER_PAGE": "200"}, "FORUM_POSTS_PER_PAGE"
    )
    assert values["FORUM_POSTS_PER_PAGE"] == "200"


def test_production_without_a_secret_key_fails_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": os.environ["PATH"], "DJANGO_DEBUG": "0"},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": os.environ["PATH"], **PRODUCTION},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_manage_py_commands_work_with_no_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": os.environ["PATH"]}, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_csrf_trusts_a_listed_origin_on_any_port(member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1:8123")
    csrf_client.force_login(member)
    csrf_client.get("/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        "/posts/preview/", {"body": "hi", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://127.0.0.1:9000",
    )  # fmt: skip
    assert response.status_code == 200
    evil = csrf_client.post(
        "/posts/preview/", {"body": "hi", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://evil.example:9000",
    )  # fmt: skip
    assert evil.status_code == 403


def test_the_csrf_middleware_is_checked_for_even_though_w003_is_silenced(settings):
    from core.checks import csrf_protection_installed

    assert csrf_protection_installed(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "Csrf" not in m]
    assert [e.id for e in csrf_protection_installed(None)] == ["peerhaven.E001"]


def test_sqlite_url_without_a_path_is_the_projects_file_not_a_memory_database():
    assert database_from_url("sqlite://", ROOT)["NAME"] == str(ROOT / "db.sqlite3")
    assert database_from_url("sqlite:///data/ph.db", ROOT)["NAME"] == str(ROOT / "data/ph.db")


def test_postgres_url_credentials_are_unquoted():
    db = database_from_url("postgresql://peer%40haven:p%2Fss@db.internal/ph", ROOT)
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "peer@haven", "p/ss", "db.internal", "",
    )  # fmt: skip

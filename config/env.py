"""Reading configuration from the environment, as CONTRACTS.md describes it.

Kept free of Django imports so settings, tests and scripts can share it.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

TRUTHY = {"1", "true", "yes", "on"}
SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUTHY


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, got {value!r}") from exc


def database_from_url(url: str, base_dir: Path) -> dict:
    """Turn `sqlite:///path`, `sqlite:////abs/path` or `postgres://user@host:port/name`
    into a Django DATABASES entry.

    dj-database-url parses the URL (quoting, every PostgreSQL alias); what stays here is ours:
    a relative SQLite path is relative to the project, not the working directory, and each
    engine gets the options this forum needs under daphne."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:/// or postgres://"
        )
    parsed = dj_database_url.parse(url)
    if parsed["ENGINE"] == "django.db.backends.sqlite3":
        # "sqlite://" with no path is the project's file, not dj-database-url's ":memory:"
        # (each process would get its own empty database).
        name = Path(parsed["NAME"] if parts.path.strip("/") else "db.sqlite3")
        return {
            "ENGINE": parsed["ENGINE"],
            "NAME": str(name if name.is_absolute() else base_dir / name),
            # WAL and a busy timeout let several processes (daphne, tests) share the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    return {
        **parsed,
        "NAME": parsed["NAME"] or "peerhaven",
        "PORT": str(parsed["PORT"] or ""),
        # Django's psycopg pool, not CONN_MAX_AGE: under daphne each request runs in its own
        # thread, so persistent per-thread connections pile up until PostgreSQL refuses them.
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 2, "max_size": 20, "timeout": 10}},
    }


def secret_key(debug: bool, key_file: Path) -> str:
    """The secret key: from the environment, or in development from a git-ignored file that
    is created once, so sessions survive restarts and are shared by processes started here."""
    value = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if value:
        return value
    if not debug:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0. Set it to a long random string, "
            "for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            # O_EXCL: two processes starting together agree on whichever key was written first.
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def redis_layer_config(url: str) -> dict:
    """channels-redis settings that lose nothing with redis-py 8."""
    return {
        "hosts": [
            {
                "address": url,
                # redis-py 8 defaults socket_timeout to 5 s, the same as channels-redis's blocking
                # BZPOPMIN: the socket times out as the reply arrives and the message is lost
                # (django/channels_redis#422). Keep it well above the 5 s blocking read.
                "socket_timeout": 15,
                "socket_connect_timeout": 3,
                # The default pool of 100 fails when hundreds of readers join at once.
                "max_connections": 1000,
                "health_check_interval": 30,
            }
        ],
        "capacity": 1500,
        "expiry": 60,
    }

"""Reading configuration from the environment, as CONTRACTS.md describes it.

Kept free of Django imports so settings, tests and scripts can share it.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

TRUTHY = {"1", "true", "yes", "on"}


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
    into a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative -> path "/relative" (relative to the project);
        # sqlite:////abs -> path "//abs" (absolute).
        raw = unquote(parts.path)
        if raw.startswith("//"):
            name = Path(raw[1:])
        else:
            name = base_dir / raw.lstrip("/") if raw.strip("/") else base_dir / "db.sqlite3"
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            # WAL and a busy timeout let several processes (daphne, tests) share the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "peerhaven",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Django's psycopg pool, not CONN_MAX_AGE: under daphne each request runs in its own
            # thread, so persistent per-thread connections pile up until PostgreSQL refuses them.
            "CONN_MAX_AGE": 0,
            "OPTIONS": {"pool": {"min_size": 2, "max_size": 20, "timeout": 10}},
        }
    raise ConfigurationError(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported; use sqlite:/// or postgres://"
    )


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

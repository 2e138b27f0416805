"""Settings for the test suite: production's shape, with test conveniences.

The shared PostgreSQL and Redis are never flushed: each run gets its own key prefixes, and
tests delete only their own keys.
"""

import os
import uuid

os.environ.setdefault("DJANGO_DEBUG", "1")
TEST_RUN_ID = os.environ.get("PEERHAVEN_TEST_RUN_ID") or uuid.uuid4().hex[:12]
os.environ["PEERHAVEN_TEST_RUN_ID"] = TEST_RUN_ID  # inherited by servers the tests start
# Every process a test starts shares this run's cache prefix, and nobody else's.
os.environ.setdefault("PEERHAVEN_CACHE_PREFIX", f"peerhaven-test-{TEST_RUN_ID}")

from config.settings import *  # noqa: E402,F403
from config.settings import ALLOWED_HOSTS, BASE_DIR, CHANNEL_LAYERS, DATABASES, REDIS_URL  # noqa: E402

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 in prod
SECURE_SSL_REDIRECT = False
# Tests of posting pin the lexicon's behaviour; the model layer has its own tests, and the
# integration tests turn it on explicitly. CRISIS_MODEL_ENABLED=1 runs the suite with it.
CRISIS_MODEL_ENABLED = os.environ.get("CRISIS_MODEL_ENABLED", "0") == "1"

if REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"asgi-test-{TEST_RUN_ID}"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a daphne subprocess in the browser tests reads the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{TEST_RUN_ID}.sqlite3")}

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # pytest-asyncio gives every test its own event loop and worker threads; connections those
    # threads take from a pool are never handed back, and after ~20 socket tests the pool is
    # empty (PoolTimeout). Production runs one loop per process and keeps the pool.
    DATABASES["default"]["OPTIONS"].pop("pool", None)

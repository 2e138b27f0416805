"""Where each process gets its crisis lexicon: the database, rebuilt when it changes.

Administrators edit entries in the admin; saving bumps a version key in the shared cache.
Each process looks at that key at most every few seconds and rebuilds its compiled lexicon
when it moved. As a backstop (a local-memory cache is not shared between processes) it also
compares the table's own signature once a minute, so an edit reaches every process within a
minute without a restart. An empty table never means "scan with nothing": the shipped file
is used instead.
"""

import functools
import hashlib
import json
import logging
import threading
import time
import uuid

from django.core.cache import cache
from django.db.models import Count, Max

from safety import scanner

logger = logging.getLogger(__name__)
VERSION_KEY = "lexicon:version"
CACHE_CHECK_SECONDS = 5.0
DATABASE_CHECK_SECONDS = 60.0

_lock = threading.Lock()
_state = {"lexicon": None, "cache_version": None, "signature": None, "cache_at": 0.0, "db_at": 0.0}


def announce_change() -> None:
    """Tell every process the lexicon changed (call after committing an edit). Without the
    cache, processes still notice within a minute through the table check."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Could not announce a lexicon change; processes will notice within a minute")


def _signature():
    from safety.models import LexiconTerm

    row = LexiconTerm.objects.aggregate(count=Count("id"), latest=Max("updated"))
    return (row["count"], row["latest"].isoformat() if row["latest"] else "")


@functools.lru_cache(maxsize=1)
def _shipped_version() -> str:
    """The shipped lexicon's version, read from its file, not by compiling the whole shipped
    lexicon beside the table's own (~0.4 s more on a process's first scan)."""
    with open(scanner.DEFAULT_LEXICON_PATH, encoding="utf-8") as handle:
        return str(json.load(handle).get("version", ""))


def _build(signature) -> scanner.Lexicon:
    """Compile the table. A row that cannot compile is skipped and logged, never allowed to
    stop the whole lexicon: that would hold every post on the forum."""
    from safety.models import LexiconTerm

    if not signature[0]:
        return scanner.load_default_lexicon()
    entries = [term.as_entry() for term in LexiconTerm.objects.all()]
    digest = hashlib.sha256(repr(signature).encode()).hexdigest()[:8]
    version = f"{_shipped_version()}+db.{digest}"  # short: stored on flags
    lexicon = scanner.Lexicon(entries, version=version, skip_invalid=True)
    for entry, reason in lexicon.skipped:
        logger.error("Lexicon entry %r skipped: %s", entry.pattern, reason)
    return lexicon


def current_lexicon() -> scanner.Lexicon:
    now = time.monotonic()
    state = _state
    if state["lexicon"] is not None and now - state["cache_at"] < CACHE_CHECK_SECONDS:
        return state["lexicon"]
    with _lock:
        try:
            cache_version = cache.get(VERSION_KEY)
        except Exception:
            # The cache (Redis) is away. That must not fail the scan, which would hold every
            # post: keep the lexicon we have and rely on the once-a-minute table check.
            logger.warning("Lexicon version key unreadable; using the table check", exc_info=True)
            cache_version = state["cache_version"]
        state["cache_at"] = now
        stale = (
            state["lexicon"] is None
            or cache_version != state["cache_version"]
            or now - state["db_at"] >= DATABASE_CHECK_SECONDS
        )
        if not stale:
            return state["lexicon"]
        signature = _signature()
        state["db_at"] = now
        if state["lexicon"] is None or signature != state["signature"]:
            state["lexicon"] = _build(signature)
            state["signature"] = signature
        state["cache_version"] = cache_version
        return state["lexicon"]


def warm_in_background() -> threading.Thread:
    """Build this process's lexicon in a worker thread, so the first post after a start does
    not wait for it (~2 s). For server processes, once the apps are loaded (config.asgi), never
    from AppConfig.ready(): that runs for every manage.py command, `migrate` on an empty
    database included. A failure (database away or not migrated yet) is logged; the first
    scan then builds the lexicon as it always did."""

    def warm() -> None:
        from django.db import connections

        try:
            current_lexicon()
        except Exception as error:  # noqa: BLE001 - any failure leaves the first scan to build it
            logger.info("Crisis lexicon not built at start (%r); the first scan builds it", error)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=warm, name="lexicon-warm", daemon=True)
    thread.start()
    return thread


def forget() -> None:
    """Drop this process's compiled lexicon (tests)."""
    with _lock:
        _state.update(lexicon=None, cache_version=None, signature=None, cache_at=0.0, db_at=0.0)

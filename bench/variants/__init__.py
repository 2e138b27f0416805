"""Settings and entry points for A/B runs of changes the benches propose or took back.

The app's code is not changed: a variant is the app's own settings plus one difference (the
connection pool off, the visitors' page cache off, or the scanner and broadcast switched
off), so each is measured beside the code as it is. The code as it was before a change runs
from `git archive` of an older commit (`harness.procs.baseline`, `--baseline`).
"""


def without_page_cache() -> None:
    """Visitors' posts block rendered on every request: forum.page_cache keeps nothing."""
    from django.core.cache.backends.dummy import DummyCache

    from forum import page_cache

    page_cache.cache = DummyCache("bench-nopagecache", {})

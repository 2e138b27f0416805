"""Where a page's time goes, measured inside one process (no server, no network).

Run by the benches with the bench database's environment:
  python bench/harness/inprocess.py profile PATH [N]   cProfile of N renders, and the queries
  python bench/harness/inprocess.py explain PATH...    EXPLAIN (ANALYZE, BUFFERS) of each query
BENCH_PATCH=nopagecache: visitors' thread pages rendered every time (forum.page_cache off).
"""

import cProfile
import io
import os
import pstats
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

if "nopagecache" in os.environ.get("BENCH_PATCH", ""):
    # As bench/variants.without_page_cache (this folder's `variants` is the comparison helper).
    from django.core.cache.backends.dummy import DummyCache

    from forum import page_cache

    page_cache.cache = DummyCache("bench-nopagecache", {})

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def profile(path: str, count: int) -> None:
    client = _client()
    for _ in range(3):
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    captured = list(queries.captured_queries)
    query_ms = sum(float(q["time"]) for q in captured) * 1000
    times = []
    for _ in range(count):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    times.sort()
    median_ms = times[len(times) // 2] * 1000
    print(
        f"{path}: median {median_ms:.1f} ms a page in-process over {count}; "
        f"{len(captured)} queries taking {query_ms:.1f} ms"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(12)
    groups = _group(stats)
    total = sum(groups.values()) or 1
    print(
        "share of profiled time by area: "
        + ", ".join(
            f"{name} {100 * secs / total:.0f}%"
            for name, secs in sorted(groups.items(), key=lambda kv: -kv[1])
        )
    )
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-2400:])


def _group(stats: pstats.Stats) -> dict[str, float]:
    """Own time per area, from the file each function lives in."""
    areas = {
        "templates": (
            "django/template/",
            "templatetags",
            "django/utils/html",
            "django/utils/safestring",
            "django/utils/functional",
            "django/utils/timesince",
            "django/utils/dateformat",
            "django/utils/formats",
            "django/middleware/csrf",
        ),
        "url reversing": ("django/urls/",),
        "ORM and database": ("django/db/", "psycopg"),
        "asgiref locals": ("asgiref/",),
    }
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        area = next((a for a, marks in areas.items() if any(m in filename for m in marks)), "other")
        totals[area] = totals.get(area, 0.0) + tottime
    return totals


def explain(paths: list[str]) -> None:
    client = _client()
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        captured = list(queries.captured_queries)
        print(f"### {path}: {len(captured)} queries\n")
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print("```sql\n" + sql[:600] + ("..." if len(sql) > 600 else "") + "\n```")
            print("```\n" + plan + "\n```\n")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    elif mode == "explain":
        explain(sys.argv[2:])
    else:
        raise SystemExit(__doc__)

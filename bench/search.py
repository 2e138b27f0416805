"""Search latency on PostgreSQL with 100,000 posts.

Run from the repository root: `.venv/bin/python bench/search.py [--posts N] [--queries N]`.

It creates a throwaway database `peerhaven_searchbench_<pid>` on 127.0.0.1:5432 (user postgres,
or BENCH_POSTGRES_URL=postgres://user@host:port), migrates it (which adds the stored search
vectors and their GIN indexes), seeds 5,000 threads and 100,000 posts with bulk_create (a few
held and hidden, as on a real forum), then times forum.search.search() for a mix of common,
rare, several-word and title queries, each the way /search/ runs it. Prints p50/p95/max in
milliseconds, overall and per kind; the target is p95 under 100 ms. The database is dropped at
the end, whatever happens; no other database is touched.
"""

import argparse
import importlib
import os
import random
import secrets
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness.stats import percentile  # noqa: E402

WORDS = (
    "feel feeling today tonight week day night morning sleep awake tired exhausted anxious anxiety "
    "panic worry worried low sad empty numb cry crying alone lonely friend friends family mum dad "
    "partner work job school therapist therapy doctor medication meds appointment walk walking "
    "garden music drawing journal journaling bed breakfast shower small win proud progress "
    "grief miss memory anniversary relapse sober recovery craving meeting sponsor support group "
    "thanks thank kind hug strength hope hopeful better worse again still trying keep going "
    "breathe breathing heart chest shaking calm quiet noise crowd bus phone call message reply "
    "weekend holiday summer winter rain sun dark light cold warm tea coffee dinner eat eating "
    "appetite weight body mirror scars sleeve talk talking listen listening understand "
    "understood burden guilty guilt shame angry anger frustrated stuck lost overwhelmed "
    "motivation energy focus brain fog diagnosis bipolar depression trauma flashback nightmare "
    "safe unsafe trust boundaries learning slowly honestly really maybe sometimes always never"
).split()
FILLER = "i you it the a and to of in my me is was that for on with but so just not have".split()
RARE = ["lighthouse", "marigold", "harbour", "origami", "violin", "pottery", "sunflower", "kayak"]

QUERIES = {
    "one common word": ["sleep", "anxiety", "friend", "work", "tired", "alone", "hope", "family"],
    "one rare word": ["lighthouse", "marigold", "origami", "kayak"],
    "several words": [
        "can't sleep at night", "panic attack on the bus", "therapist appointment tomorrow",
        "feel alone and empty", "relapse after recovery", "proud of small win",
    ],
    "title words": ["rough week", "first post", "need advice"],
    "crisis words": ["how to kill myself"],
}  # fmt: skip
TITLES = [
    "Rough week", "First post here", "Need advice", "Can't sleep again", "Small win today",
    "Feeling alone", "Panic at work", "Missing my mum", "Relapse", "Therapy tomorrow",
]  # fmt: skip


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 0.8 for rank in range(n)]


def make_text(rng: random.Random, weights) -> str:
    length = rng.randint(12, 90)
    words = rng.choices(WORDS, weights=weights, k=length)
    for i in range(0, length, 3):
        words.insert(i, rng.choice(FILLER))
    if rng.random() < 0.01:
        words.append(rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def server_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def admin_connection():
    import psycopg

    parts = urlsplit(server_url())
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres", autocommit=True,
    )  # fmt: skip


def seed(posts: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from forum.models import Board, Post, Thread, Visibility

    Member = get_user_model()
    members = Member.objects.bulk_create(
        [Member(pseudonym=f"Bench{n}", pseudonym_key=f"bench{n}", password="!") for n in range(300)]
    )
    boards = list(Board.objects.all())
    weights = zipf_weights(len(WORDS))
    threads_wanted = max(1, posts // 20)
    threads = Thread.objects.bulk_create(
        [
            Thread(
                board=rng.choice(boards), author=rng.choice(members), anonymous=rng.random() < 0.2,
                title=f"{rng.choice(TITLES)} {n}", reply_count=19,
            )
            for n in range(threads_wanted)
        ],
        batch_size=5000,
    )  # fmt: skip
    batch = []
    made = 0
    for n in range(posts):
        thread = threads[n % len(threads)]
        roll = rng.random()
        state = (
            Visibility.HELD if roll < 0.01 else Visibility.HIDDEN if roll < 0.02
            else Visibility.PUBLISHED
        )  # fmt: skip
        body = make_text(rng, weights)
        batch.append(
            Post(
                thread=thread, author=rng.choice(members), anonymous=rng.random() < 0.2,
                is_opening=n < len(threads), body=body, html=f"<p>{body}</p>", state=state,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    Post.objects.bulk_create(batch)
    made += len(batch)
    print(f"seeded {len(threads):,} threads and {made:,} posts")


@contextmanager
def search_indexes_built_after_loading():
    """Load first and build the GIN indexes once afterwards, as a bulk import would: the same
    indexes as the migration's, in a fraction of the time of updating them row by row. Then
    vacuum, so the timings are not of a table autovacuum is still working through."""
    from django.db import connection

    migration = importlib.import_module("forum.migrations.0003_search_vectors")
    indexes = [sql for sql in migration.ADD if sql.startswith("CREATE INDEX")]
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX forum_post_search_vector, forum_thread_search_vector")
    yield
    with connection.cursor() as cursor:
        for sql in indexes:
            cursor.execute(sql)
        # As autovacuum would leave a live forum's tables: visibility map and hint bits set.
        cursor.execute("VACUUM (ANALYZE) forum_post, forum_thread")
        # Write the load out now rather than while the queries are being timed.
        cursor.execute("CHECKPOINT")


def measure(rounds: int) -> dict[str, list[float]]:
    from forum.search import search

    for query in [q for queries in QUERIES.values() for q in queries]:
        search(query)  # warm the caches, as a running server's would be
    timings: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    for _ in range(rounds):
        for kind, queries in QUERIES.items():
            for query in queries:
                start = time.perf_counter()
                search(query)
                timings[kind].append((time.perf_counter() - start) * 1000)
    return timings


def report(timings: dict[str, list[float]]) -> bool:
    everything = [t for values in timings.values() for t in values]
    print(f"{'queries':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, values in [*timings.items(), ("all", everything)]:
        print(
            f"{kind:<18}{len(values):>6}{percentile(values, 50):>10.1f}"
            f"{percentile(values, 95):>10.1f}{max(values):>10.1f}"
        )
    p95 = percentile(everything, 95)
    verdict = "met" if p95 < 100 else "NOT met"
    p50 = percentile(everything, 50)
    print(f"search p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 < 100 ms: {verdict})")
    return p95 < 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=8, help="passes over the query mix")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()

    name = f"peerhaven_searchbench_{os.getpid()}"
    try:
        admin = admin_connection()
    except Exception as exc:
        print(f"PostgreSQL is not reachable at {server_url()}: {exc}; skipping the search bench")
        return 0
    started = time.perf_counter()
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ.update(
            DATABASE_URL=f"{server_url()}/{name}",
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        )
        os.environ.pop("REDIS_URL", None)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        with search_indexes_built_after_loading():
            seed(args.posts, random.Random(args.seed))
        print(f"set up in {time.perf_counter() - started:.0f} s; timing search ...")
        report(measure(args.rounds))
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never started: nothing to close
            pass
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        print(f"dropped {name}; {time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast the crisis model rates posts, on one core: short posts and posts of about 2 KB.

Run from the repository root: `.venv/bin/python bench/scan_model.py [--short N] [--long N]`.
Pins itself to CPU 0 and one BLAS thread (as `taskset -c 0` with OPENBLAS_NUM_THREADS=1 would),
then prints the start-up cost (importing the layer and loading the model), p50/p99 per post for
short and ~2 KB posts, and the peak resident memory. The target is p99 under 50 ms for a 2 KB post.
No Django needed.
"""

import os

# Before numpy is imported: its BLAS reads these once.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OPENERS = [
    "Long post, sorry.",
    "I don't really know where to start.",
    "Update on last week:",
    "Thanks to everyone who replied before.",
    "Bit of a ramble tonight.",
]
ORDINARY = [
    "Work was long again and my manager keeps moving the deadlines.",
    "I made pasta for dinner and actually ate it at the table.",
    "My sister rang and we talked for an hour about nothing much.",
    "The new tablets make me drowsy after lunch but my mood is steadier.",
    "I keep waking at five and lying there going over conversations.",
    "We took the dog along the canal and she chased every duck.",
    "My therapist wants me to notice three good things each evening.",
    "Money is tight this month so I'm batch cooking and skipping takeaways.",
    "I felt flat most of Sunday and watched old cartoons under a blanket.",
    "The bus was packed and someone's music was blaring the whole way.",
    "I finally replied to the emails I'd been dreading and it was fine.",
    "Grief still catches me in the supermarket when I see his favourite biscuits.",
    "My flatmate left the dishes again and I bit my tongue.",
    "I went to the group on Thursday and said more than usual.",
    "Some days the anxiety is a low hum and some days it's a siren.",
    "This heat is killing me, the flat never cools down at night.",
]
RISKY = [
    "I've been giving my things away and writing letters to people.",
    "Tonight I'm going to take everything I've saved up.",
    "I keep thinking everyone would be better off without me.",
]


def short_posts(count: int, rng: random.Random) -> list[str]:
    pool = ORDINARY + RISKY
    return [" ".join(rng.sample(pool, rng.choice((1, 2)))) for _ in range(count)]


def long_posts(count: int, rng: random.Random, size: int = 2000) -> list[str]:
    posts = []
    for _ in range(count):
        parts = [rng.choice(OPENERS)]
        while len(" ".join(parts)) < size:
            parts.append(rng.choice(RISKY if rng.random() < 0.05 else ORDINARY))
        posts.append(" ".join(parts)[:size])
    return posts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(layer, posts: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per post (CPU time is what a busy machine cannot inflate
    much: compare the two to see how loaded it was)."""
    wall, cpu = [], []
    for post in posts:
        started, started_cpu = time.perf_counter(), time.thread_time()
        layer.rate(post)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", type=int, default=300, help="short posts to time")
    parser.add_argument("--long", type=int, default=60, help="~2 KB posts to time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--all-cores", action="store_true", help="do not pin to CPU 0")
    args = parser.parse_args()
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})

    started = time.perf_counter()
    from safety.ml.tuned import TunedModel

    imported = time.perf_counter()
    layer = TunedModel.load()
    loaded = time.perf_counter()
    print(
        f"start-up: import {1000 * (imported - started):.0f} ms, "
        f"load {1000 * (loaded - imported):.0f} ms, total {1000 * (loaded - started):.0f} ms"
    )

    rng = random.Random(args.seed)
    layer.rate("warm up the workspace " * 40)
    for name, posts in (
        ("short", short_posts(args.short, rng)),
        ("2 KB", long_posts(args.long, rng)),
    ):
        times, cpu = timed(layer, posts)
        chars = statistics.mean(len(p) for p in posts)
        tokens = statistics.mean(sum(len(w) for w in layer.windows(p)[0]) for p in posts[:20])
        print(
            f"{name:>5} posts: n={len(posts)} mean {chars:.0f} chars, ~{tokens:.0f} tokens rated; "
            f"p50 {percentile(times, 0.5):.1f} ms, p99 {percentile(times, 0.99):.1f} ms, "
            f"{len(posts) / (sum(times) / 1000):.1f} posts/s; "
            f"CPU time p50 {percentile(cpu, 0.5):.1f} ms, p99 {percentile(cpu, 0.99):.1f} ms"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while measuring")
    print(f"peak memory (max RSS): {peak:.0f} MB")
    print("target: p99 under 50 ms for a 2 KB post on one core")


if __name__ == "__main__":
    main()

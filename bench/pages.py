"""Issue #13: how fast Peerhaven serves its pages, beside django-spirit and a floor.

Run from the repository root: `.venv/bin/python bench/pages.py [--quick | --full]`.
Sets up its own data (seed_demo: one thread of 200 posts shown on one page, 400 more threads
over the boards), starts on loopback a private redis-server and one daphne process for each of
Peerhaven, django-spirit (bench/spirit-venv, the same texts through its own models), the floor
(bench/floor_django: 200 rows, one query, one template), each variant (bench/variants) and,
with `--baseline REV`, the code as it was at commit REV (`git archive`, same database), all
pinned to core 0; wrk runs on core 1. Every target is measured in turn,
round after round (A B C A B C ...), and the table gives medians and min-max over rounds.
Targets (issue #13): thread page >= 2x Spirit's throughput and within 2x of the floor's.
"""

import argparse
import re
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import load, procs, report, spirit, variants  # noqa: E402
from harness.stats import RoundBudget, fmt, median, ratios, spread, table  # noqa: E402

# Seconds per wrk run: the thread page is slow (~0.1 s a request), so its runs are longer; wrk
# drops the requests still in flight when a run ends, which understates req/s by at most
# (connections / 2) / requests, about 10% for a 4 s run of the thread page at c=8.
PROFILES = {
    "quick": {
        "seconds": 4,
        "list_seconds": 2,
        "rounds": 3,
        "variants": ("nocache",),
        "profile_renders": 8,
        "budget": 150,
    },
    "full": {
        "seconds": 10,
        "list_seconds": 5,
        "rounds": 5,
        "variants": ("nocache", "nopool"),
        "profile_renders": 20,
        "budget": 1800,
    },
}
THREAD_POSTS = 200
THREADS_PER_PAGE = 30  # Peerhaven's default FORUM_THREADS_PER_PAGE; Spirit is set to the same
VARIANT_NOTES = {
    "nocache": "this code, visitors' posts cache off (every request renders the 200 posts)",
    "nopool": "Django's psycopg pool off (a connection per request)",
}
# Variants that must render the app's own posts, byte for byte (CSRF token values aside).
SAME_BYTES = ("nocache", "nopool")


@dataclass
class Target:
    name: str
    port: int
    paths: dict[str, str]
    c8: dict[str, list] = field(default_factory=dict)
    c1: dict[str, list] = field(default_factory=dict)


def seed(env: dict) -> int:
    first = procs.manage(env, "seed_demo", "--threads", "1", "--posts", str(THREAD_POSTS))
    thread_id = int(re.search(r"/threads/(\d+)/", first).group(1))
    procs.manage(env, "seed_demo", "--threads", "400", "--posts", "6")
    procs.manage(env, "seed_demo", "--threads", "40", "--posts", "1")
    return thread_id


def board_of(db: str, thread_id: int) -> str:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={db}") as conn:
        return conn.execute(
            "SELECT b.slug FROM forum_thread t JOIN forum_board b ON b.id = t.board_id "
            "WHERE t.id = %s",
            (thread_id,),
        ).fetchone()[0]


def fetch(port: int, path: str) -> str:
    url = f"http://127.0.0.1:{port}{path}"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read().decode()


def check_pages(targets: list[Target]) -> None:
    """Every target answers 200 with the 200 posts; variants render the app's own bytes."""
    marks = {
        "peerhaven": '<article id="post-',
        "floor": '<article id="post-',
        "spirit": 'class="comment__text',
    }
    base_page = fetch(targets[0].port, targets[0].paths["thread"])
    for target in targets:
        for page, path in target.paths.items():
            html = fetch(target.port, path)
            if page != "thread":
                continue
            mark = marks.get(target.name, '<article id="post-')
            if html.count(mark) != THREAD_POSTS:
                raise RuntimeError(f"{target.name} shows {html.count(mark)} posts, not 200")
            if target.name in SAME_BYTES and not variants.same_posts(base_page, html):
                raise RuntimeError(f"variant {target.name} does not render the app's bytes")


def start_targets(
    env: dict,
    db: str,
    redis_port: int,
    thread_id: int,
    board: str,
    wanted_variants,
    use_spirit: bool,
    baseline_rev: str | None = None,
) -> list[Target]:
    thread = f"/threads/{thread_id}/"
    pages = {"thread": thread, "home": "/", "board": f"/boards/{board}/"}
    targets = []
    _, port = procs.start_daphne(
        env, "config.asgi:application", name="peerhaven", ready_path="/healthz"
    )
    targets.append(Target("peerhaven", port, pages))
    if use_spirit:
        try:
            spirit.ensure_venv()
            export = spirit.export_peerhaven(db, thread_id, THREADS_PER_PAGE)
            spirit_env, spirit_paths = spirit.prepare(export)
            _, port = procs.start_daphne(
                spirit_env,
                "spirit_project.asgi:application",
                name="spirit",
                cwd=procs.BENCH,
                bin_dir=spirit.VENV / "bin",
            )
            targets.append(Target("spirit", port, spirit_paths))
        except (OSError, RuntimeError, subprocess.SubprocessError) as error:
            # No registry, or Spirit changed: the other comparisons still stand.
            print(f"   Spirit unavailable, skipped: {str(error)[:300]}", flush=True)
    floor_env = dict(env, PYTHONPATH=str(procs.BENCH), DJANGO_SETTINGS_MODULE="")
    floor_env.pop("DJANGO_SETTINGS_MODULE")
    _, port = procs.start_daphne(
        floor_env, "floor_django.asgi:application", name="floor", cwd=procs.BENCH, ready_path=thread
    )
    targets.append(Target("floor", port, {"thread": thread}))
    if baseline_rev:
        commit, tree, old_env = procs.baseline(env, baseline_rev)
        VARIANT_NOTES["before"] = f"the code at {commit}, before the changes measured here"
        _, port = procs.start_daphne(
            old_env, "config.asgi:application", name="before", cwd=tree, ready_path="/healthz"
        )
        targets.append(Target("before", port, pages))
    for name in wanted_variants:
        app, extra = "config.asgi:application", {}
        if name == "nopool":
            extra = {"DJANGO_SETTINGS_MODULE": "variants.settings", "BENCH_DB_POOL": "0"}
        elif name == "nocache":
            app, extra = "variants.asgi_patched:application", {"BENCH_PATCH": "nopagecache"}
        else:
            raise SystemExit(f"unknown variant {name!r} (known: {', '.join(VARIANT_NOTES)})")
        _, port = procs.start_daphne(dict(env, **extra), app, name=name, ready_path="/healthz")
        targets.append(Target(name, port, {"thread": thread}))
    return targets


def measure(
    targets: list[Target], rounds: int, seconds: float, list_seconds: float, budget: float
) -> None:
    for target in targets:  # warm caches and connection pools; not recorded
        for path in target.paths.values():
            for _ in range(3):
                fetch(target.port, path)
    for number in RoundBudget(rounds, budget):
        order = targets[number % len(targets) :] + targets[: number % len(targets)]
        print(f"   round {number + 1}/{rounds}", flush=True)
        for page in ("thread", "home", "board"):
            for target in order:
                if page not in target.paths:
                    continue
                url = f"http://127.0.0.1:{target.port}{target.paths[page]}"
                seconds_here = seconds if page == "thread" else list_seconds
                target.c8.setdefault(page, []).append(load.run(url, 8, seconds_here))
                target.c1.setdefault(page, []).append(load.run(url, 1, seconds_here))


def results_table(targets: list[Target], page: str) -> str:
    rows = []
    for target in targets:
        if page not in target.c8:
            continue
        c8, c1 = target.c8[page], target.c1[page]
        rps = [r.rps for r in c8]
        rows.append(
            [
                target.name
                + (f" ({VARIANT_NOTES[target.name]})" if target.name in VARIANT_NOTES else ""),
                fmt(median(rps)),
                spread(rps),
                fmt(median(r.p50_ms for r in c1)),
                fmt(median(r.p99_ms for r in c1)),
                sum(r.requests for r in c8) + sum(r.requests for r in c1),
                sum(r.errors for r in c8) + sum(r.errors for r in c1),
            ]
        )
    return table(
        [
            "target",
            "req/s c=8 (median)",
            "min-max",
            "p50 ms c=1",
            "p99 ms c=1",
            "requests",
            "errors",
        ],
        rows,
        title=f"## {page} page",
    )


def ratio_rows(targets: list[Target]) -> list[list]:
    by = {t.name: t for t in targets}
    rows = []

    def add(label, page, a, b, goal, ok, words=("met", "MISSED")):
        if a not in by or b not in by or page not in by[a].c8 or page not in by[b].c8:
            return
        values = ratios([r.rps for r in by[a].c8[page]], [r.rps for r in by[b].c8[page]])
        mid = median(values)
        rows.append(
            [label, page, fmt(mid), spread(values), goal, words[0] if ok(mid) else words[1]]
        )

    for page in ("thread", "home", "board"):
        add("Peerhaven / Spirit req/s", page, "peerhaven", "spirit", ">= 2", lambda m: m >= 2)
    add("floor / Peerhaven req/s", "thread", "floor", "peerhaven", "<= 2", lambda m: m <= 2)
    helps = (lambda m: m > 1.05, ("helps", "no gain"))
    for page in ("thread", "home", "board"):
        add("Peerhaven / before req/s", page, "peerhaven", "before", "(change)", *helps)
    add("nocache / before req/s", "thread", "nocache", "before", "(proposals 4, 10)", *helps)
    add("Peerhaven / nocache req/s", "thread", "peerhaven", "nocache", "(proposal 1)", *helps)
    add("nopool / Peerhaven req/s", "thread", "nopool", "peerhaven", "(pool off)", *helps)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="the default: fits `make bench`")
    group.add_argument("--full", action="store_true", help="longer runs, every variant")
    parser.add_argument("--rounds", type=int, help="override the profile's rounds")
    parser.add_argument("--seconds", type=float, help="override the seconds per run")
    parser.add_argument("--budget", type=float, help="seconds of measuring before rounds stop")
    parser.add_argument("--no-spirit", action="store_true", help="skip django-spirit")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also serve the code as it was at git commit REV, for a same-run before/after",
    )
    parser.add_argument(
        "--variants", help="comma-separated, replacing the profile's (nocache, nopool)"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of each page's queries (for bench/README)",
    )
    args = parser.parse_args()
    profile = dict(PROFILES["full" if args.full else "quick"])
    profile["rounds"] = args.rounds or profile["rounds"]
    profile["seconds"] = args.seconds or profile["seconds"]
    profile["budget"] = args.budget or profile["budget"]
    if args.variants is not None:
        profile["variants"] = tuple(v for v in args.variants.split(",") if v)
    profile["baseline"] = args.baseline or "-"

    procs.install_cleanup()
    procs.pin_self_to_load_core()
    _, redis_port = procs.start_redis()
    db = procs.create_database("pages")
    env = procs.peerhaven_env(db, redis_port, FORUM_POSTS_PER_PAGE=str(THREAD_POSTS))
    report.header(
        "Pages (issue #13): thread, home and board pages read by a visitor",
        {
            "profile": "full" if args.full else "quick",
            **{k: v for k, v in profile.items()},
            "server": "one daphne process per target, DJANGO_DEBUG=0, PostgreSQL, Redis cache",
            "FORUM_POSTS_PER_PAGE": THREAD_POSTS,
            "Spirit topics_per_page": THREADS_PER_PAGE,
        },
    )
    procs.prepare_peerhaven(env)
    thread_id = seed(env)
    board = board_of(db, thread_id)
    targets = start_targets(
        env,
        db,
        redis_port,
        thread_id,
        board,
        profile["variants"],
        not args.no_spirit,
        args.baseline,
    )
    if any(t.name == "spirit" for t in targets):
        print(f"Spirit: {spirit.versions()}")
    check_pages(targets)
    measure(
        targets, profile["rounds"], profile["seconds"], profile["list_seconds"], profile["budget"]
    )
    print()
    for page in ("thread", "home", "board"):
        print(results_table(targets, page), end="\n\n")
    print(
        table(
            ["ratio (per round, then median)", "page", "median", "min-max", "target", "verdict"],
            ratio_rows(targets),
            title="## Ratios",
        ),
        end="\n\n",
    )
    print("## Where the thread page's time goes (one process, no server, cProfile)\n")
    inproc = [str(procs.VENV_BIN / "python"), str(procs.BENCH / "harness" / "inprocess.py")]
    rendering = dict(env, BENCH_PATCH="nopagecache")
    for title, run_env in (("visitor, posts from the cache", env), ("rendered", rendering)):
        out = subprocess.run(
            [*inproc, "profile", f"/threads/{thread_id}/", str(profile["profile_renders"])],
            env=run_env,
            cwd=procs.REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        print(f"### {title}\n")
        print(out.stdout or out.stderr[-2000:])
    if args.explain:
        out = subprocess.run(
            [*inproc, "explain", f"/threads/{thread_id}/", "/", f"/boards/{board}/"],
            env=rendering,
            cwd=procs.REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        print(out.stdout or out.stderr[-2000:])
    report.footer()


if __name__ == "__main__":
    main()

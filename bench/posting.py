"""Issue #13: posting throughput and latency with readers connected, and what the crisis
scanner and the live broadcast add.

Run from the repository root: `.venv/bin/python bench/posting.py [--quick | --full]`.
Four members post replies back to back (concurrency 4, plain HTTP with kept-alive
connections, CSRF and session as a browser sends them) to a thread that 200 WebSocket readers
are listening to. Each configuration is its own daphne process on core 0, with its own thread
and its own 200 readers (on core 1, like the posters):

  normal:          Peerhaven as it is;
  scan+bcast off:  the scanner and the broadcast switched off (bench/variants/asgi_patched.py,
                   since the app has no setting for it; see bench/README.md);
  --full adds scan off and broadcast off one at a time;
  --baseline REV adds "before": the code as it was at git commit REV (`git archive`).

Then the first reply after a process start, from a member already logged in: each target's
daphne is started afresh and sent one reply, either as soon as it answers or 3 s later
(`--starts` times each, interleaved): the first reply pays for what a process builds lazily
(the crisis lexicon, unless it was built at start).

Four members would pass the limit of 40 replies in 10 minutes within seconds, so the bench
forgets the rate-limit windows in its private Redis twice a second while posting.
Configurations run in turn, round after round (A B A B ...); the table gives posts per second
and per-request latency, medians over rounds with their min-max. Target: the scanner and the
broadcast together add at most 20% (normal's p99 / off's p99 and off's posts/s / normal's).
"""

import argparse
import itertools
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import redis  # noqa: E402
from harness import procs, report  # noqa: E402
from harness.client import Member  # noqa: E402
from harness.stats import (  # noqa: E402
    RoundBudget,
    fmt,
    median,
    percentile,
    ratios,
    spread,
    table,
)

from forum.demo_content import MEMBERS  # noqa: E402  (seed_demo's members)

PROFILES = {
    "quick": {
        "seconds": 4,
        "rounds": 3,
        "readers": 200,
        "configs": ("normal", "scan+bcast off", "fastdispatch"),
        "budget": 80,
        "starts": 2,
    },
    "full": {
        "seconds": 10,
        "rounds": 5,
        "readers": 200,
        "configs": ("normal", "scan+bcast off", "scan off", "bcast off", "fastdispatch"),
        "budget": 1200,
        "starts": 5,
    },
}
# BENCH_OFF / BENCH_PATCH for bench/variants/asgi_patched.py
OFF = {
    "normal": "",
    "scan+bcast off": "scan,broadcast",
    "scan off": "scan",
    "bcast off": "broadcast",
    "fastdispatch": "",
    "before": "",
}
PATCH = {"fastdispatch": "fastdispatch"}
CONCURRENCY = 4
REPLY = (
    "I hear you. Some weeks are just heavy, and showing up here counts. What helped me "
    "was a short walk after lunch and writing three lines before bed. Reply {n}."
)


class Config:
    def __init__(self, name: str, port: int, thread_path: str, readers: subprocess.Popen):
        self.name, self.port, self.thread_path, self.readers = name, port, thread_path, readers
        self.rates: list[float] = []
        self.p50s: list[float] = []
        self.p99s: list[float] = []
        self.latencies: list[float] = []
        self.refused: list[int] = []


def start_readers(port: int, thread_id: int, count: int) -> subprocess.Popen:
    config = {
        "mode": "ws",
        "n": count,
        "origin": f"http://127.0.0.1:{port}",
        "urls": [f"ws://127.0.0.1:{port}/ws/threads/{thread_id}/"],
    }
    proc = procs.start_readers(config)
    ready = proc.stdout.readline().split()
    if not ready or ready[0] != "READY" or int(ready[1]) != count:
        raise RuntimeError(f"readers on port {port}: {ready}")
    return proc


def clear_rate_limits(client: redis.Redis) -> None:
    """Our private Redis only: forget the posting windows so members can keep posting."""
    for key in itertools.islice(client.scan_iter(match="*:rl:*", count=500), 10_000):
        client.delete(key)


def run_once(config: Config, members: list[Member], seconds: float, cache: redis.Redis) -> None:
    latencies: list[float] = []
    refused: list[int] = []
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.monotonic() + seconds

    def poster(member: Member):
        while time.monotonic() < deadline:
            status, _, took = member.reply(config.thread_path, REPLY.format(n=next(counter)))
            with lock:
                if status == 303:
                    latencies.append(took * 1000)
                else:
                    refused.append(status)

    def keep_limits_open():
        # Four members posting for seconds pass the 40-replies-in-10-minutes limit; forget the
        # windows in our private Redis twice a second so throughput is never the limit's.
        while time.monotonic() < deadline:
            clear_rate_limits(cache)
            time.sleep(0.5)

    started = time.monotonic()
    threads = [threading.Thread(target=poster, args=(m,)) for m in members]
    threads.append(threading.Thread(target=keep_limits_open))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    config.rates.append(len(latencies) / elapsed)
    config.p50s.append(percentile(latencies, 50))
    config.p99s.append(percentile(latencies, 99))
    config.latencies += latencies
    config.refused += refused


def delivered(config: Config) -> str:
    """Ask the readers what they received, then let them go."""
    config.readers.stdin.write("EXPECT 0 1\n")
    config.readers.stdin.flush()
    line = config.readers.stdout.readline()
    procs.stop(config.readers)
    if not line.startswith("RESULT "):
        return "?"
    result = json.loads(line[len("RESULT ") :])
    return f"{result['delivered']} frames to {result['connected']} readers"


def scan_cost() -> str:
    """The scanner alone on the reply text, in this process (context for the 'off' rows)."""
    try:
        sys.path.insert(0, str(procs.REPO))
        from safety.scanner import load_default_lexicon, scan

        lexicon = load_default_lexicon()
        text = REPLY.format(n=1)
        scan(text, lexicon)
        started = time.perf_counter()
        for _ in range(200):
            scan(text, lexicon)
        return f"{(time.perf_counter() - started) / 200 * 1e6:.0f} µs a scan of the reply text"
    except Exception as error:  # noqa: BLE001 - context only; the scanner is another bench's
        return f"unavailable ({error.__class__.__name__})"


START_DELAYS = (0.0, 3.0)


def first_replies(
    targets: list[tuple[str, dict, Path]], member: Member, thread_path: str, starts, cache
):
    """Milliseconds from sending to the 303 of the first reply a freshly started process takes,
    per (target, seconds waited after it first answered); targets are (name, env, source
    tree). The member's session and CSRF cookie are valid in every process (same database,
    cache and secret key)."""
    runs = [(name, env, tree, delay) for name, env, tree in targets for delay in START_DELAYS]
    taken: dict[tuple[str, float], list[float]] = {(r[0], r[3]): [] for r in runs}
    for number in range(starts):
        order = runs[number % len(runs) :] + runs[: number % len(runs)]
        for name, env, tree, delay in order:
            proc, port = procs.start_daphne(
                env,
                "config.asgi:application",
                name=f"start-{name}",
                cwd=tree,
                ready_path="/healthz",
            )
            clear_rate_limits(cache)
            time.sleep(delay)
            fresh = Member(port, member.pseudonym)
            fresh.cookies, fresh.csrf = dict(member.cookies), member.csrf
            status, _, took = fresh.reply(thread_path, REPLY.format(n=f"first-{name}-{number}"))
            fresh.close()
            procs.stop(proc)
            if status != 303:
                raise RuntimeError(f"first reply on {name}: HTTP {status}")
            taken[(name, delay)].append(took * 1000)
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="the default: fits `make bench`")
    group.add_argument("--full", action="store_true", help="longer runs, each switch alone")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--readers", type=int)
    parser.add_argument("--budget", type=float, help="seconds of measuring before rounds stop")
    parser.add_argument("--starts", type=int, help="process starts per target, first replies")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also run the code as it was at git commit REV, for a same-run before/after",
    )
    args = parser.parse_args()
    profile = dict(PROFILES["full" if args.full else "quick"])
    for key in ("rounds", "seconds", "readers", "budget", "starts"):
        if getattr(args, key):
            profile[key] = getattr(args, key)
    if args.baseline:
        profile["configs"] = (*profile["configs"], "before")
    profile["baseline"] = args.baseline or "-"

    procs.install_cleanup()
    procs.pin_self_to_load_core()
    _, redis_port = procs.start_redis()
    db = procs.create_database("posting")
    env = procs.peerhaven_env(db, redis_port)
    report.header(
        "Posting (issue #13): replies at concurrency 4 with readers connected",
        {
            "profile": "full" if args.full else "quick",
            **profile,
            "concurrency": CONCURRENCY,
            "server": "one daphne process per configuration, DJANGO_DEBUG=0, PostgreSQL, Redis",
        },
    )
    procs.prepare_peerhaven(env)
    out = procs.manage(env, "seed_demo", "--threads", str(len(profile["configs"])), "--posts", "20")
    paths = re.findall(r"/threads/\d+/", out)
    configs = []
    before = None
    if args.baseline:
        commit, tree, old_env = procs.baseline(env, args.baseline)
        before = (commit, tree, old_env)
        print(f"before: the code at {commit}", flush=True)
    for index, name in enumerate(profile["configs"]):
        app, cwd, run_env = "config.asgi:application", procs.REPO, env
        if OFF[name] or name in PATCH:
            app = "variants.asgi_patched:application"
            run_env = dict(env, BENCH_OFF=OFF[name], BENCH_PATCH=PATCH.get(name, ""))
        if name == "before":
            _, cwd, run_env = before
        _, port = procs.start_daphne(
            run_env, app, name=name.replace(" ", "-"), cwd=cwd, ready_path="/healthz"
        )
        thread_id = int(paths[index].strip("/").split("/")[1])
        configs.append(
            Config(name, port, paths[index], start_readers(port, thread_id, profile["readers"]))
        )
    members = {}
    for config in configs:
        members[config.name] = []
        for name in MEMBERS[:CONCURRENCY]:
            member = Member(config.port, name)
            member.login()
            member.prepare_thread(config.thread_path)
            members[config.name].append(member)
    cache = redis.Redis(host="127.0.0.1", port=redis_port)
    for config in configs:  # warm-up, not recorded
        clear_rate_limits(cache)
        run_once(config, members[config.name], 1.0, cache)
        config.rates, config.p50s, config.p99s, config.latencies = [], [], [], []
    for number in RoundBudget(profile["rounds"], profile["budget"]):
        print(f"   round {number + 1}/{profile['rounds']}", flush=True)
        order = configs[number % len(configs) :] + configs[: number % len(configs)]
        for config in order:
            clear_rate_limits(cache)
            run_once(config, members[config.name], profile["seconds"], cache)
    print()
    rows = []
    for config in configs:
        rows.append(
            [
                config.name,
                fmt(median(config.rates)),
                spread(config.rates),
                fmt(median(config.p50s)),
                fmt(median(config.p99s)),
                spread(config.p99s),
                fmt(percentile(config.latencies, 99)),
                len(config.latencies),
                len(config.refused),
                delivered(config),
            ]
        )
    print(
        table(
            [
                "configuration",
                "posts/s (median)",
                "min-max",
                "p50 ms",
                "p99 ms (median)",
                "p99 min-max",
                "p99 ms pooled",
                "posts",
                "refused",
                "live frames",
            ],
            rows,
            title="## Posting at concurrency 4, 200 readers per configuration",
        ),
        end="\n\n",
    )
    by = {c.name: c for c in configs}
    ratio_rows = []
    normal = by["normal"]
    for name in profile["configs"][1:]:
        off = by[name]
        throughput = ratios(off.rates, normal.rates)
        latency = ratios(normal.p99s, off.p99s)
        ok = median(throughput) <= 1.2 and median(latency) <= 1.2
        ratio_rows.append(
            [
                f"normal vs {name}",
                fmt(median(throughput)),
                spread(throughput),
                fmt(median(latency)),
                spread(latency),
                "<= 1.2 each",
                ("met" if ok else "MISSED") if name == "scan+bcast off" else "",
            ]
        )
    print(
        table(
            [
                "comparison",
                "posts/s other / normal",
                "min-max",
                "p99 normal / other",
                "min-max",
                "target",
                "verdict",
            ],
            ratio_rows,
            title="## What the scanner and broadcast add",
        ),
        end="\n\n",
    )
    print(f"scanner alone, in-process: {scan_cost()}")
    starts = [("normal", env, procs.REPO)]
    if before is not None:
        starts.append(("before", before[2], before[1]))
    first = first_replies(
        starts, members["normal"][0], by["normal"].thread_path, profile["starts"], cache
    )
    steady = median(by["normal"].p50s)
    print()
    print(
        table(
            [
                "target",
                "sent after it answers",
                "first reply ms (median)",
                "min-max",
                "starts",
                "steady p50 ms (normal)",
            ],
            [
                [name, f"{delay:g} s", fmt(median(ms)), spread(ms), len(ms), fmt(steady)]
                for (name, delay), ms in first.items()
            ],
            title="## First reply after a process start",
        ),
        end="\n\n",
    )
    if any(c.refused for c in configs):
        print(
            "refused statuses: "
            + ", ".join(f"{c.name}: {sorted(set(c.refused))}" for c in configs if c.refused)
        )
    report.footer()


if __name__ == "__main__":
    main()

"""Issue #7: how fast a reply reaches every reader of a thread, beside two floors.

Run from the repository root: `.venv/bin/python bench/fanout.py [--quick | --full]
[--readers 100,500,1000]`.

N readers (the `websockets` library, Origin http://127.0.0.1:<port>, offering
permessage-deflate as browsers do) listen to one thread through daphne and channels-redis
while demo members post replies over HTTP: one a second, then a burst of 20 within a second.
Latency is from the post's `created` time (set in the posting transaction just before its
INSERT, read from the `<time datetime>` in the event's HTML) to the frame's receipt: commit to
receipt plus the few milliseconds of in-transaction work after the INSERT, so an upper bound.

The same readers and clock measure two floors in the same run, each sent its messages at the
moments Peerhaven's posts of that round were answered (so every target sees the same arrival
pattern; one core cannot take 20 replies in one second, and a floor fed the nominal burst
would queue far more than the app ever does):
  floor-channels: bench/floor_channels, a bare Channels app whose consumer only forwards a
                  group event (same channels-redis settings); stamped just before group_send.
  redis-publish:  raw Redis PUBLISH to N redis.asyncio subscribers; stamped before PUBLISH.
and Peerhaven with two daphne processes sharing the readers (split round-robin between the
two ports, no proxy in between), posts going to the first.

Servers (daphne, redis-server) are pinned to core 0, readers and posters to core 1.
Targets: 100% delivered at every N; Peerhaven's p95 within 1.25x of floor-channels' at the
same N; two processes at 500 readers below the single-process floor's p95.
"""

import argparse
import http.client
import itertools
import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
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
        "readers": (100, 500),
        "steady": 2,
        "burst": 20,
        "rounds": 2,
        "two_procs": ("0,0",),
        "fastdispatch": False,
        "budget": 150,
        "drain": 20,
    },
    "full": {
        "readers": (100, 500, 1000),
        "steady": 5,
        "burst": 20,
        "rounds": 3,
        "two_procs": ("0,0", "0,1"),
        "fastdispatch": True,
        "budget": 1800,
        "drain": 60,
    },
}
TWO_PROC_READERS = 500
REPLY = (
    "Thank you for writing this. Reading it on a hard evening helped; I do the same "
    "5-4-3-2-1 grounding and a glass of water. Reply {n} from the fanout bench."
)


class Poster:
    """Sends one message of the schedule; safe to call from several threads."""

    def send(self, number: int) -> bool:
        raise NotImplementedError


class PeerhavenPoster(Poster):
    def __init__(self, port: int, thread_path: str, server):
        self.thread_path = thread_path
        self.server = server
        self.members = []
        for name in MEMBERS:
            member = Member(port, name)
            member.login()
            member.prepare_thread(thread_path)
            self.members.append((member, threading.Lock()))
        self.failures: list[int] = []
        self.durations: list[float] = []
        self.answered: list[float] = []  # monotonic times of 303s, for the floors' replay

    def send(self, number: int) -> bool:
        member, lock = self.members[number % len(self.members)]
        with lock:
            status, _, took = member.reply(self.thread_path, REPLY.format(n=number))
        if status != 303:
            self.failures.append(status)
        else:
            self.durations.append(took)
            self.answered.append(time.monotonic())
        return status == 303


class FloorPoster(Poster):
    def __init__(self, port: int, html: str):
        self.port, self.html = port, html.encode()
        self.local = threading.local()

    def send(self, number: int) -> bool:
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.local.conn = conn
            try:
                conn.request("POST", "/send/", body=self.html)
                response = conn.getresponse()
                response.read()
                return response.status == 204
            except (http.client.HTTPException, ConnectionError):
                # A kept-alive connection the server closed while idle: reconnect once.
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        return False


class RedisPoster(Poster):
    def __init__(self, port: int, channel: str, html: str):
        self.client = redis.Redis(host="127.0.0.1", port=port)
        self.channel, self.html = channel, html

    def send(self, number: int) -> bool:
        payload = {"type": "post.created", "seq": number, "t0": time.time(), "html": self.html}
        self.client.publish(self.channel, json.dumps(payload))
        return True


def replay(poster: Poster, offsets: list[float]) -> int:
    """Send at the same moments (relative to the first) as Peerhaven's posts were answered."""
    start = time.monotonic() + 0.2
    sent = 0
    for number, offset in enumerate(offsets):
        time.sleep(max(0.0, start + offset - time.monotonic()))
        sent += poster.send(number)
    return sent


def run_schedule(poster: Poster, steady: int, burst: int) -> int:
    """`steady` messages one a second, then `burst` spread evenly over one second."""
    start = time.monotonic() + 0.2
    sent = 0
    for number in range(steady):
        time.sleep(max(0.0, start + number - time.monotonic()))
        sent += poster.send(number)
    burst_start = start + steady

    def slot(index: int) -> bool:
        time.sleep(max(0.0, burst_start + index / burst - time.monotonic()))
        return poster.send(steady + index)

    with ThreadPoolExecutor(max_workers=burst) as pool:
        sent += sum(pool.map(slot, range(burst)))
    return sent


def run_phase(
    config: dict,
    poster: Poster,
    steady: int,
    burst: int,
    offsets: list[float] | None = None,
    drain: float = 20,
) -> dict:
    readers = procs.start_readers(config)
    began = time.monotonic()
    try:
        ready = readers.stdout.readline().split()
        connected_at = time.monotonic()
        if not ready or ready[0] != "READY":
            raise RuntimeError(f"readers did not start: {ready}")
        time.sleep(1.0)  # let presence announcements and joins settle
        if offsets is None:
            sent = run_schedule(poster, steady, burst)
        else:
            sent = replay(poster, offsets)
        posted_at = time.monotonic()
        readers.stdin.write(f"EXPECT {sent} {drain}\n")
        readers.stdin.flush()
        line = readers.stdout.readline()
        if not line.startswith("RESULT "):
            raise RuntimeError(f"readers gave no result: {line!r}")
        result = json.loads(line[len("RESULT ") :])
        drained_at = time.monotonic()
        print(
            f"     connect {connected_at - began:.1f} s, post {posted_at - connected_at:.1f} s,"
            f" drain {drained_at - posted_at:.1f} s",
            flush=True,
        )
        readers.wait(20)
    finally:
        procs.stop(readers)
    result.update(
        sent=sent, expected=sent * config["n"], failed_connects=int(ready[2]), extensions=ready[3]
    )
    return result


def clear_rate_limits(redis_port: int) -> None:
    """Our private Redis only: forget the posting windows so members can keep posting."""
    client = redis.Redis(host="127.0.0.1", port=redis_port)
    for key in itertools.islice(client.scan_iter(match="*:rl:*", count=500), 10_000):
        client.delete(key)


def live_html(port: int, thread_path: str) -> str:
    """One post as a live event carries it, for the floors' payloads (same size)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", thread_path, headers={"Host": f"127.0.0.1:{port}"})
    page = conn.getresponse().read().decode()
    article = re.search(r"<article.*?</article>", page, re.DOTALL).group(0)
    return re.sub(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">', "", article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="the default: fits `make bench`")
    group.add_argument("--full", action="store_true", help="100, 500 and 1000 readers")
    parser.add_argument("--readers", help="comma-separated reader counts, e.g. 100,500,1000")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--steady", type=int, help="posts at one a second before the burst")
    parser.add_argument("--burst", type=int, help="posts in the one-second burst")
    parser.add_argument("--two-procs", help="cores of the two daphne processes: 0,0 and/or 0,1")
    parser.add_argument("--budget", type=float, help="seconds of measuring before rounds stop")
    parser.add_argument("--drain", type=float, help="seconds readers wait after the last post")
    parser.add_argument(
        "--fastdispatch", action="store_true", help="also measure the proposed consumer change"
    )
    args = parser.parse_args()
    profile = dict(PROFILES["full" if args.full else "quick"])
    if args.readers:
        profile["readers"] = tuple(int(n) for n in args.readers.split(","))
    for key in ("rounds", "steady", "burst", "budget", "drain"):
        if getattr(args, key):
            profile[key] = getattr(args, key)
    if args.fastdispatch:
        profile["fastdispatch"] = True
    if args.two_procs:
        profile["two_procs"] = tuple(args.two_procs.split("/"))

    procs.install_cleanup()
    procs.pin_self_to_load_core()
    redis_proc, redis_port = procs.start_redis()
    db = procs.create_database("fanout")
    env = procs.peerhaven_env(db, redis_port)
    report.header(
        "Fanout (issue #7): post to every reader of a thread",
        {
            "profile": "full" if args.full else "quick",
            **profile,
            "latency": "post.created (in the transaction) -> frame received",
            "server": "daphne, DJANGO_DEBUG=0, PostgreSQL, channels-redis, private redis-server",
        },
    )
    procs.prepare_peerhaven(env)
    out = procs.manage(env, "seed_demo", "--threads", "1", "--posts", "20")
    thread_path = re.search(r"/threads/\d+/", out).group(0)
    thread_id = int(thread_path.strip("/").split("/")[1])
    server_a, port_a = procs.start_daphne(
        env, "config.asgi:application", name="peerhaven-a", ready_path="/healthz"
    )
    floor_env = dict(
        env, PYTHONPATH=str(procs.BENCH), REDIS_URL=f"redis://127.0.0.1:{redis_port}/1"
    )
    _, floor_port = procs.start_daphne(
        floor_env, "floor_channels.asgi:application", name="floor-channels", cwd=procs.BENCH
    )
    html = live_html(port_a, thread_path)
    peerhaven = PeerhavenPoster(port_a, thread_path, server_a)
    floor = FloorPoster(floor_port, html)
    raw = RedisPoster(redis_port, "floor-raw", html)
    origin = f"http://127.0.0.1:{port_a}"
    ws_a = f"ws://127.0.0.1:{port_a}/ws/threads/{thread_id}/"

    second: dict[str, tuple] = {}
    patched: dict[str, int] = {}

    def patched_process() -> str:
        """daphne C on core 0 with the proposed consumer change (bench/variants)."""
        if "port" not in patched:
            _, patched["port"] = procs.start_daphne(
                dict(env, BENCH_PATCH="fastdispatch"),
                "variants.asgi_patched:application",
                name="peerhaven-fastdispatch",
                ready_path="/healthz",
            )
        return f"ws://127.0.0.1:{patched['port']}/ws/threads/{thread_id}/"

    def second_process(cores: str) -> str:
        """Start (or reuse) daphne B on the given core; return its WebSocket URL."""
        core_b = int(cores.split(",")[1])
        if cores not in second:
            for other in list(second.values()):
                procs.stop(other[0])
            second.clear()
            proc, port_b = procs.start_daphne(
                env,
                "config.asgi:application",
                name=f"peerhaven-b-core{core_b}",
                core=core_b,
                ready_path="/healthz",
            )
            second[cores] = (proc, port_b)
        return f"ws://127.0.0.1:{second[cores][1]}/ws/threads/{thread_id}/"

    results: dict[tuple[str, int], list[dict]] = {}
    kinds = [
        "peerhaven",
        "floor-channels",
        "redis-publish",
        *(["peerhaven fastdispatch"] if profile["fastdispatch"] else []),
    ]
    for number in RoundBudget(profile["rounds"], profile["budget"]):
        for n in profile["readers"]:
            # Peerhaven first: the floors then replay the moments its posts were answered, so
            # every target sees the same arrival pattern (the app cannot post 20 replies in a
            # second on one core; a floor fed the nominal burst would queue far more).
            rest = kinds[1:]
            phases = ["peerhaven", *rest[number % len(rest) :], *rest[: number % len(rest)]]
            offsets: list[float] | None = None
            if n == TWO_PROC_READERS:
                phases += [f"peerhaven x2 (cores {c})" for c in profile["two_procs"]]
            for kind in phases:
                print(f"   round {number + 1}/{profile['rounds']}: {n} readers, {kind}", flush=True)
                config = {"n": n, "origin": origin, "mode": "ws", "urls": [ws_a]}
                poster: Poster = peerhaven
                if kind == "floor-channels":
                    config["urls"] = [f"ws://127.0.0.1:{floor_port}/ws/floor/"]
                    poster = floor
                elif kind == "redis-publish":
                    config.update(mode="redis", redis_port=redis_port, channel="floor-raw")
                    poster = raw
                elif kind == "peerhaven fastdispatch":
                    config["urls"] = [patched_process()]
                elif kind.startswith("peerhaven x2"):
                    config["urls"] = [ws_a, second_process(kind.split("cores ")[1].rstrip(")"))]
                if poster is peerhaven:
                    clear_rate_limits(redis_port)
                    peerhaven.answered = []
                result = run_phase(
                    config,
                    poster,
                    profile["steady"],
                    profile["burst"],
                    None if poster is peerhaven else offsets,
                    profile["drain"],
                )
                if kind == "peerhaven":
                    answered = peerhaven.answered
                    offsets = [t - answered[0] for t in answered] if answered else None
                results.setdefault((kind, n), []).append(result)
    print()
    print_results(results, profile, peerhaven)
    report.footer()


def print_results(results, profile, peerhaven: PeerhavenPoster) -> None:
    rows = []
    for (kind, n), runs in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        latencies = [x * 1000 for run in runs for x in run["latencies"]]
        delivered = sum(r["delivered"] for r in runs)
        expected = sum(r["expected"] for r in runs)
        p95s = [percentile([x * 1000 for x in r["latencies"]], 95) for r in runs]
        rows.append(
            [
                n,
                kind,
                fmt(percentile(latencies, 50)),
                fmt(percentile(latencies, 95)),
                fmt(percentile(latencies, 99)),
                spread(p95s),
                f"{delivered}/{expected} ({100 * delivered / expected if expected else 0:.2f}%)",
                sum(r["connected"] for r in runs) // len(runs),
                runs[0]["extensions"],
            ]
        )
    print(
        table(
            [
                "readers",
                "target",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "p95 min-max (rounds)",
                f"delivered/expected (within {profile['drain']} s of the last post)",
                "connected",
                "ws extensions",
            ],
            rows,
            title="## Delivery latency, all rounds pooled",
        ),
        end="\n\n",
    )

    def p95_by_round(kind, n):
        return [percentile(r["latencies"], 95) for r in results.get((kind, n), [])]

    ratio_rows = []
    for n in profile["readers"]:
        values = ratios(p95_by_round("peerhaven", n), p95_by_round("floor-channels", n))
        if values:
            mid = median(values)
            ratio_rows.append(
                [
                    "Peerhaven p95 / floor-channels p95",
                    n,
                    fmt(mid),
                    spread(values),
                    "<= 1.25",
                    "met" if mid <= 1.25 else "MISSED",
                ]
            )
        values = ratios(
            p95_by_round("peerhaven fastdispatch", n), p95_by_round("floor-channels", n)
        )
        if values:
            mid = median(values)
            ratio_rows.append(
                [
                    "Peerhaven fastdispatch p95 / floor-channels p95",
                    n,
                    fmt(mid),
                    spread(values),
                    "<= 1.25",
                    "met" if mid <= 1.25 else "MISSED",
                ]
            )
        values = ratios(p95_by_round("peerhaven", n), p95_by_round("redis-publish", n))
        if values:
            ratio_rows.append(
                [
                    "Peerhaven p95 / redis-publish p95",
                    n,
                    fmt(median(values)),
                    spread(values),
                    "(context)",
                    "",
                ]
            )
    for cores in profile["two_procs"]:
        kind = f"peerhaven x2 (cores {cores})"
        values = ratios(
            p95_by_round(kind, TWO_PROC_READERS), p95_by_round("floor-channels", TWO_PROC_READERS)
        )
        if values:
            mid = median(values)
            ratio_rows.append(
                [
                    f"{kind} p95 / floor-channels p95",
                    TWO_PROC_READERS,
                    fmt(mid),
                    spread(values),
                    "< 1",
                    "met" if mid < 1 else "MISSED",
                ]
            )
        values = ratios(
            p95_by_round(kind, TWO_PROC_READERS), p95_by_round("peerhaven", TWO_PROC_READERS)
        )
        if values:
            ratio_rows.append(
                [
                    f"{kind} p95 / one process p95",
                    TWO_PROC_READERS,
                    fmt(median(values)),
                    spread(values),
                    "(context)",
                    "",
                ]
            )
    for kind_n, runs in results.items():
        for run in runs:
            if run["delivered"] < run["expected"] or run["failed_connects"]:
                ratio_rows.append(
                    [
                        f"{kind_n[0]}: delivery",
                        kind_n[1],
                        f"{run['delivered']}/{run['expected']}",
                        "",
                        "100%",
                        "MISSED",
                    ]
                )
    ratio_rows.append(
        [
            "every target: 100% delivered",
            "all",
            "",
            "",
            "100%",
            "met"
            if all(
                r["delivered"] == r["expected"] and not r["failed_connects"]
                for runs in results.values()
                for r in runs
            )
            else "MISSED",
        ]
    )
    print(
        table(
            ["ratio (per round, then median)", "readers", "median", "min-max", "target", "verdict"],
            ratio_rows,
            title="## Targets",
        ),
        end="\n\n",
    )
    durations = [d * 1000 for d in peerhaven.durations]
    print(
        f"Peerhaven reply POSTs (request sent -> 303 received): p50 "
        f"{fmt(percentile(durations, 50))} ms, p95 {fmt(percentile(durations, 95))} ms, "
        f"p99 {fmt(percentile(durations, 99))} ms over {len(durations)}"
    )
    if peerhaven.failures:
        print(
            f"posts refused: {len(peerhaven.failures)} (HTTP {sorted(set(peerhaven.failures))});"
            f" server log:\n{procs.log_tail(peerhaven.server, 40)}"
        )


if __name__ == "__main__":
    main()

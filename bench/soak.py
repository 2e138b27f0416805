"""Soak: readers and posters on one thread for a while, with Redis killed and restarted in the
middle. Then: every post is in the database exactly once, and every reader saw every visible
post (live or after catching up, as the page script does).

    .venv/bin/python bench/soak.py                       # 300 readers, 5 posters, 120 s
    .venv/bin/python bench/soak.py --readers 50 --seconds 20   # what CI runs

Starts its own PostgreSQL database (dropped after), its own redis-server and one daphne, all
on loopback. Exit status 1 if anything was lost or duplicated.
"""

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import websockets

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_PASSWORD = "peerhaven demo password"  # seed_demo's members


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {port}")


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Member:
    """One poster: a cookie jar, logged in through the real form."""

    def __init__(self, base: str, pseudonym: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(LoopbackCookieJar()), NoRedirect()
        )
        self.token = self._token("/accounts/login/")
        self._post("/accounts/login/", {"username": pseudonym, "password": DEMO_PASSWORD})

    def _token(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=30).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def _post(self, path: str, fields: dict):
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.token}).encode()
        request = urllib.request.Request(self.base + path, data, headers={"Origin": self.base})
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:
            return answer

    def reply(self, thread_id: int, body: str) -> tuple[int | None, float]:
        """Post a reply; return its id and when the request was sent (so delivery latency
        is measured from before the commit, an upper bound on commit-to-receipt)."""
        self.token = self._token(f"/threads/{thread_id}/")
        sent = time.monotonic()
        answer = self._post(f"/threads/{thread_id}/", {"body": body})
        if answer.status != 303:
            return None, sent
        return int(answer.headers["Location"].rsplit("#post-", 1)[1]), sent


class LoopbackCookieJar(CookieJar):
    """Production cookies are Secure; this load generator talks plain HTTP on loopback, so it
    keeps them anyway (a browser would be on HTTPS behind the proxy)."""

    def make_cookies(self, response, request):
        cookies = super().make_cookies(response, request)
        for cookie in cookies:
            cookie.secure = False
        return cookies


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Reader:
    """A page reading the thread: live events, reconnect with backoff, catch-up by sequence."""

    def __init__(self, base: str, thread_id: int, seq: int):
        self.base, self.thread_id, self.seq = base, thread_id, seq
        self.seen: dict[int, float] = {}
        self.live: set[int] = set()
        self.reconnects = 0
        self.stop = False

    async def run(self):
        url = self.base.replace("http://", "ws://") + f"/ws/threads/{self.thread_id}/"
        attempt = 0
        while not self.stop:
            try:
                async with websockets.connect(url, origin=self.base, open_timeout=10) as sock:
                    if attempt:
                        self.reconnects += 1
                        await self.catch_up()
                    attempt = 0
                    while not self.stop:
                        try:
                            frame = json.loads(await asyncio.wait_for(sock.recv(), 1.0))
                        except TimeoutError:
                            continue
                        await self.apply(frame, live=True)
            except (OSError, websockets.exceptions.WebSocketException, TimeoutError):
                attempt += 1
                await asyncio.sleep(min(5.0, 0.2 * 2**attempt) * (0.5 + os.urandom(1)[0] / 510))

    async def apply(self, frame: dict, *, live: bool):
        seq = frame.get("seq")
        if seq is None:
            return  # presence, typing
        if seq > self.seq + 1 and live:
            await self.catch_up()
        if seq <= self.seq:
            return
        self.seq = seq
        if frame["type"] == "post.created":
            self.seen.setdefault(frame["post"], time.monotonic())
            if live:
                self.live.add(frame["post"])

    async def catch_up(self):
        url = f"{self.base}/threads/{self.thread_id}/events/?since={self.seq}"
        try:
            body = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=30).read())
        except OSError:
            return
        for frame in json.loads(body).get("events", []):
            await self.apply(frame, live=False)


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600,
        capture_output=capture, text=True,
    )  # fmt: skip


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def soak(args, base: str, thread_id: int, redis: Redis, members: list[str]):
    readers = [Reader(base, thread_id, 0) for _ in range(args.readers)]
    tasks = [asyncio.ensure_future(r.run()) for r in readers]
    await asyncio.sleep(3)  # let them connect
    posted: dict[int, float] = {}
    failures = 0
    posters = await asyncio.gather(
        *(asyncio.to_thread(Member, base, members[i % len(members)]) for i in range(args.posters))
    )
    deadline = time.monotonic() + args.seconds
    killed_at = time.monotonic() + args.seconds / 2

    async def post_loop(index: int, member: Member):
        nonlocal failures
        n = 0
        while time.monotonic() < deadline:
            n += 1
            body = f"soak {index}-{n}: you are not alone."
            post_id, sent = await asyncio.to_thread(member.reply, thread_id, body)
            if post_id is None:
                failures += 1
            else:
                posted[post_id] = sent
            await asyncio.sleep(args.interval)

    async def chaos():
        await asyncio.sleep(max(0.0, killed_at - time.monotonic()))
        redis.kill()
        print(f"  killed Redis at {args.seconds / 2:.0f} s", flush=True)
        await asyncio.sleep(3)
        redis.start()
        print("  restarted Redis", flush=True)

    await asyncio.gather(*(post_loop(i, m) for i, m in enumerate(posters)), chaos())
    await asyncio.sleep(5)  # live delivery settles
    for reader in readers:
        reader.stop = True
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.gather(*(r.catch_up() for r in readers))  # the page is looked at again
    return readers, posted, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--posters", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--interval", type=float, default=3.0, help="seconds between a poster's posts"
    )
    args = parser.parse_args()

    name = f"peerhaven_soak_{os.getpid()}"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    redis, server = Redis(), None
    database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        redis.start()
        port = free_port()
        env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "soak-" + "k" * 20 + name,
               "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0",
               "DATABASE_URL": database_url, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
               "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        thread_path = manage(env, "seed_demo", "--threads", "1", "--posts", "1", capture=True)
        thread_id = int(thread_path.stdout.split("/")[2])
        from forum.demo_content import MEMBERS

        server = subprocess.Popen(
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "--access-log",
             "/dev/null", "config.asgi:application"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        print(f"soak: {args.readers} readers, {args.posters} posters, {args.seconds:.0f} s, "
              f"Redis killed and restarted halfway; PostgreSQL db {name}", flush=True)  # fmt: skip
        started = time.monotonic()
        readers, posted, failures = asyncio.run(soak(args, base, thread_id, redis, MEMBERS))
        elapsed = time.monotonic() - started

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as db:
            rows = db.execute(
                "SELECT id, body, state FROM forum_post WHERE thread_id = %s AND NOT is_opening",
                (thread_id,),
            ).fetchall()  # fmt: skip
        stored = {row[0] for row in rows}
        in_db = {row[0] for row in rows if row[2] == "published"}  # what readers must see
        held = len(stored) - len(in_db)
        bodies = [row[1] for row in rows]
        duplicates = len(bodies) - len(set(bodies))
        missing_in_db = set(posted) - stored
        lost = sum(len(in_db - set(r.seen)) for r in readers)
        latencies = [(r.seen[p] - posted[p]) * 1000 for r in readers for p in r.live if p in posted]
        live_share = sum(len(r.live & in_db) for r in readers) / max(1, len(in_db) * len(readers))
        print(
            f"posts accepted {len(posted)} (refused {failures}); in database {len(stored)} "
            f"({held} not published); duplicates {duplicates}; missing {len(missing_in_db)}"
        )
        print(
            f"readers {len(readers)}; reconnects {sum(r.reconnects for r in readers)}; "
            f"deliveries expected {len(in_db) * len(readers)}; lost {lost}; "
            f"live {live_share:.1%}, the rest by catch-up"
        )
        if latencies:
            p50 = statistics.median(latencies)
            p95, p99 = percentile(latencies, 0.95), percentile(latencies, 0.99)
            print(f"live delivery, from sending the post: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
                  f"p99 {p99:.0f} ms; run {elapsed:.0f} s")  # fmt: skip
        # Ordinary replies must all be published: a hold here means an outage made the
        # scanner fail closed on harmless text, which would silence the whole forum.
        ok = not missing_in_db and not duplicates and lost == 0 and held == 0 and len(posted) > 0
        print("RESULT", "ok: nothing lost" if ok else "FAILED: something was lost or duplicated")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        redis.kill()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

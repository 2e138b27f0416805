"""Private services for one bench run: a redis-server, throwaway PostgreSQL databases and
daphne processes, each pinned to a core, all stopped or dropped when the run ends.

Every process started here is remembered by its id and ended by that id (its own session),
never by name. Databases are named `peerhaven_bench_<pid>_<what>` and dropped with FORCE.
"""

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent.parent
BENCH = REPO / "bench"
VENV_BIN = REPO / ".venv" / "bin"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
SERVER_CORE = 0
LOAD_CORE = 1

_processes: list[subprocess.Popen] = []
_databases: list[str] = []
_workdir: Path | None = None


def workdir() -> Path:
    """A private temporary folder for logs and exports, removed at exit."""
    global _workdir
    if _workdir is None:
        _workdir = Path(tempfile.mkdtemp(prefix=f"peerhaven-bench-{os.getpid()}-"))
    return _workdir


def pin_self_to_load_core() -> None:
    """The load generator (this script and what it starts without taskset) runs on core 1."""
    cores = os.sched_getaffinity(0)
    if {SERVER_CORE, LOAD_CORE} <= cores:
        os.sched_setaffinity(0, {LOAD_CORE})


def cores_note() -> str:
    cores = sorted(os.sched_getaffinity(0) | {LOAD_CORE})
    return f"server pinned to core {SERVER_CORE}, load generator to core {LOAD_CORE} (of {cores})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    cmd: list[str],
    *,
    name: str,
    env: dict | None = None,
    cwd: Path = REPO,
    core: int | None = SERVER_CORE,
) -> subprocess.Popen:
    """Start a process in its own session, pinned to `core`, logging to the work folder."""
    if core is not None:
        cmd = ["taskset", "-c", str(core), *cmd]
    log = open(workdir() / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    proc.bench_name = name  # type: ignore[attr-defined]
    proc.bench_log = log  # type: ignore[attr-defined]
    _processes.append(proc)
    return proc


def stop(proc: subprocess.Popen, timeout: float = 8.0) -> None:
    """End a process we started (and its session) by its id: TERM, then KILL."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    log = getattr(proc, "bench_log", None)
    if log is not None:
        log.close()
    if proc in _processes:
        _processes.remove(proc)


def log_tail(proc: subprocess.Popen, lines: int = 30) -> str:
    path = workdir() / f"{proc.bench_name}.log"  # type: ignore[attr-defined]
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_for_http(proc: subprocess.Popen, url: str, deadline_s: float = 40.0) -> None:
    """Until the server answers `url` (any status below 500), or fail with its log."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.bench_name} exited:\n{log_tail(proc)}")  # type: ignore[attr-defined]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.bench_name} did not answer {url}:\n{log_tail(proc)}")  # type: ignore[attr-defined]


# Redis ------------------------------------------------------------------------------------


def start_redis() -> tuple[subprocess.Popen, int]:
    """A private redis-server (no persistence) on a free port, pinned to the server core."""
    port = free_port()
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    proc = start(
        [
            redis,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
            "--maxclients",
            "10000",
            "--dir",
            str(workdir()),
        ],
        name=f"redis-{port}",
    )
    end = time.monotonic() + 10
    while time.monotonic() < end:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return proc, port
        time.sleep(0.1)
    raise RuntimeError(f"redis-server did not start:\n{log_tail(proc)}")


# PostgreSQL -------------------------------------------------------------------------------


def create_database(what: str) -> str:
    name = f"peerhaven_bench_{os.getpid()}_{what}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    _databases.append(name)
    return name


def drop_database(name: str) -> None:
    with contextlib.suppress(psycopg.Error), psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if name in _databases:
        _databases.remove(name)


def pg_version() -> str:
    with psycopg.connect(PG_ADMIN) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# Peerhaven --------------------------------------------------------------------------------

SECRET = "bench-only-secret-key-not-for-production-" + "x" * 24


def peerhaven_env(db: str, redis_port: int | None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FORUM_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
        PEERHAVEN_CACHE_PREFIX=f"bench{os.getpid()}",
        PYTHONPATH=f"{REPO}{os.pathsep}{BENCH}",
    )
    env.pop("REDIS_URL", None)
    if redis_port is not None:
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 300, cwd: Path = REPO) -> str:
    """Run manage.py on the load core (set-up is not measured) and return its stdout."""
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_peerhaven(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def baseline(env: dict, rev: str) -> tuple[str, Path, dict]:
    """The app as it was at git revision `rev`, for a same-run before/after comparison: its
    files from `git archive` (read-only for the repository) in the work folder, its static
    files collected there, and the environment that imports it instead of the working tree.
    It serves the database the current code migrated (new columns must be nullable or have
    a database default for the old code to write rows). Returns (short commit, tree, env).
    BENCH_GIT_REPO names the repository to take it from when this tree is not a checkout."""
    git = ["git", "-C", os.environ.get("BENCH_GIT_REPO", str(REPO))]
    commit = subprocess.run(
        [*git, "rev-parse", "--short=10", f"{rev}^{{commit}}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    tree = workdir() / f"baseline-{commit}"
    if not tree.exists():
        tree.mkdir()
        archive = subprocess.run(
            [*git, "archive", "--format=tar", commit],
            capture_output=True, check=True,
        )  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    old_env = dict(env, PYTHONPATH=f"{tree}{os.pathsep}{BENCH}")
    manage(old_env, "collectstatic", "--noinput", "-v", "0", cwd=tree)
    return commit, tree, old_env


def start_daphne(
    env: dict,
    app: str,
    *,
    name: str,
    port: int | None = None,
    cwd: Path = REPO,
    bin_dir: Path = VENV_BIN,
    core: int | None = SERVER_CORE,
    ready_path: str = "/",
) -> tuple[subprocess.Popen, int]:
    port = port or free_port()
    proc = start(
        [
            str(bin_dir / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "--access-log",
            "/dev/null",
            app,
        ],
        name=name,
        env=env,
        cwd=cwd,
        core=core,
    )
    wait_for_http(proc, f"http://127.0.0.1:{port}{ready_path}")
    return proc, port


# Clean-up ---------------------------------------------------------------------------------


def start_readers(config: dict) -> subprocess.Popen:
    """bench/harness/readers.py on the load core (it pins itself), stopped at exit like the
    servers. Talk to it over stdin/stdout (see that file's docstring)."""
    readers = subprocess.Popen(
        [str(VENV_BIN / "python"), str(BENCH / "harness" / "readers.py"), json.dumps(config)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _processes.append(readers)
    return readers


def cleanup() -> None:
    for proc in list(reversed(_processes)):
        with contextlib.suppress(Exception):
            stop(proc)
    for name in list(_databases):
        drop_database(name)
    global _workdir
    if _workdir is not None and not os.environ.get("BENCH_KEEP_LOGS"):
        shutil.rmtree(_workdir, ignore_errors=True)
        _workdir = None


def _on_signal(signum, frame):
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    atexit.register(cleanup)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, _on_signal)


def python_version() -> str:
    return sys.version.split()[0]

"""What every bench prints first: the command, versions, configuration and machine state."""

import importlib.metadata
import os
import platform
import shlex
import subprocess
import sys

from harness import load, procs


def header(title: str, config: dict) -> None:
    packages = ("Django", "channels", "channels-redis", "daphne", "psycopg", "redis", "websockets")
    versions = []
    for name in packages:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
    redis_version = next((w[2:] for w in redis.stdout.split() if w.startswith("v=")), "?")
    print(f"# {title}")
    print(f"command: {shlex.join([os.path.relpath(sys.argv[0], procs.REPO), *sys.argv[1:]])}")
    print(
        f"python {platform.python_version()}; {', '.join(versions)}; "
        f"PostgreSQL {procs.pg_version()}; redis-server {redis_version}; load: {load.tool_name()}"
    )
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}; {procs.cores_note()}; "
        f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print("config: " + "; ".join(f"{k}={v}" for k, v in config.items()))
    print(flush=True)


def footer() -> None:
    print(
        f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other work on this machine inflates absolute figures; compare within a run)"
    )

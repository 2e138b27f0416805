"""HTTP load: `wrk` when it is installed (Debian's package), else a small asyncio client.

Both keep connections alive, run for a fixed time, and report requests per second and
latency percentiles; both count responses that were not 200 so a fast error page can never
pass for a fast page.
"""

import asyncio
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from harness.stats import percentile

# BENCH_NO_WRK=1 forces the asyncio client (to check the fallback).
WRK = None if os.environ.get("BENCH_NO_WRK") else shutil.which("wrk")


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx responses, socket errors and timeouts


def tool_name() -> str:
    if WRK:
        version = subprocess.run([WRK, "--version"], capture_output=True, text=True).stdout
        return version.split("Copyright")[0].strip() or "wrk"
    return "python asyncio client (wrk not installed: apt-get install wrk)"


def run(url: str, connections: int, seconds: float) -> LoadResult:
    if WRK:
        return _wrk(url, connections, seconds)
    return asyncio.run(_python_load(url, connections, seconds))


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNIT[match.group(2)]


def _wrk(url: str, connections: int, seconds: float) -> LoadResult:
    out = subprocess.run(
        [
            WRK,
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    if not rps:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return LoadResult(
        rps=float(rps.group(1)),
        p50_ms=_ms(pct.get("50", "")),
        p99_ms=_ms(pct.get("99", "")),
        requests=int(total.group(1)) if total else 0,
        errors=errors,
    )


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _python_load(url: str, connections: int, seconds: float) -> LoadResult:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: peerhaven-bench\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds

    async def one_connection():
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while time.monotonic() < end:
                started = time.perf_counter()
                writer.write(request)
                status = await asyncio.wait_for(_read_response(reader), 10)
                latencies.append((time.perf_counter() - started) * 1000)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    started = time.monotonic()
    results = await asyncio.gather(
        *(one_connection() for _ in range(connections)), return_exceptions=True
    )
    elapsed = time.monotonic() - started
    errors += sum(1 for r in results if isinstance(r, BaseException))
    return LoadResult(
        rps=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        requests=len(latencies),
        errors=errors,
    )

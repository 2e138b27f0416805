"""CI's short soak: 50 readers, 5 posters, 20 seconds, Redis killed and restarted halfway."""

import shutil
import subprocess
import sys

import pytest

from tests.conftest import requires_service
from tests.servers import ROOT

pytestmark = pytest.mark.services


def test_a_short_soak_loses_nothing_through_a_redis_restart():
    if not shutil.which("redis-server"):
        requires_service("redis-server", "the soak starts its own")
    run = subprocess.run(
        [sys.executable, "bench/soak.py", "--readers", "50", "--seconds", "20"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "lost 0;" in run.stdout and "RESULT ok" in run.stdout

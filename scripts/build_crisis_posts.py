"""Build the model layer's labelled posts from the hand-written sources.

    .venv/bin/python scripts/build_crisis_posts.py

Reads safety/ml/data/source/*.txt (one hand-written post a line; the file name is the
category and its first line names the label) and writes safety/ml/data/posts.tsv with
`split<TAB>label<TAB>category<TAB>text` lines, adding:
- posts from a few templates with varied slots (plans with a time and a means, self-harm after a
  trigger, someone else at risk, abuse, harassment, and harmless uses of risky words);
- two- and three-sentence posts joined from the sources (a risky sentence among ordinary ones
  must still read as risk; ordinary sentences together must still read as safe).

The split is fixed: every source line and every template slot value is a group, a fifth of the
groups (by a hash of their name) are validation, and joined posts only join posts of one split,
so no sentence is seen in training and validation both. Deterministic: same sources, same file.
This file is written, not scraped: none of it comes from the evaluation set in shared/eval.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "safety" / "ml" / "data"
SOURCE = DATA / "source"
OUT = DATA / "posts.tsv"
SEED = 14
LABELS = ("safe", "risk", "imminent")

TIMES = [
    "tonight",
    "tomorrow morning",
    "this weekend",
    "on Friday",
    "after my shift",
    "when everyone's asleep",
    "at midnight",
    "before the sun comes up",
    "on Sunday night",
    "in a couple of hours",
    "after the kids go to school",
    "once my flatmate leaves",
    "on my birthday",
    "right after I post this",
    "before my court date",
    "on Monday",
]
METHODS = [
    "jump from the bridge by the station",
    "take every pill I've saved up",
    "hang myself in the shed",
    "drive off the coast road",
    "step in front of the last train",
    "open my wrists in the bath",
    "use the gun in my grandad's cupboard",
    "walk into the reservoir",
    "take all my insulin",
    "jump from the top floor of the car park",
    "swallow the tablets I've been hoarding",
    "drink the weedkiller in the garage",
    "put the car in the closed garage with the engine on",
    "throw myself off the cliffs",
]
PLAN_TEMPLATES = [
    "{time_cap} I'm going to {method}.",
    "I've made up my mind, {time} I'll {method}.",
    "Everything's sorted. I'm going to {method} {time}.",
    "{time_cap} is when I {method}. I've got what I need.",
    "I'm not telling anyone, but {time} I plan to {method}.",
    "It's decided: {time}, {method}. No more waiting.",
]
SH_TRIGGERS = [
    "After the argument with my mum",
    "When I saw my grades",
    "Because I felt disgusting",
    "After he left me on read all day",
    "When the flashbacks started",
    "After my boss shouted at me",
    "As soon as I got home from school",
    "When I couldn't stop crying",
    "After I binged",
    "Because I deserved it",
    "When the voices got loud",
    "After the group chat laughed at me",
]
SH_ACTS = [
    "cut my arms again",
    "burned myself with a lighter",
    "carved into my thigh",
    "hit myself until I bruised",
    "scratched my wrists until they bled",
    "took a razor to my stomach",
    "punched the wall until my hand swelled, on purpose",
    "pressed a hot spoon into my arm",
    "cut deeper than ever before",
]
PEOPLE = [
    "friend",
    "sister",
    "brother",
    "cousin",
    "girlfriend",
    "boyfriend",
    "mum",
    "dad",
    "flatmate",
    "coworker",
    "best mate",
    "teenage son",
    "daughter",
    "partner",
    "student",
]
AT_RISK = [
    "keeps telling me they want to die",
    "told me they have a plan to kill themselves",
    "has been cutting again and hides it from everyone",
    "said goodbye in our group chat and turned their phone off",
    "is talking about taking all their pills",
    "says we'd all be better off without them",
    "just texted me that they're on the bridge",
    "has stopped eating and says there's no point living",
    "wrote a note and I found it in their bag",
    "told me their stepdad hurts them",
    "is being beaten at home and won't report it",
    "is threatening to hurt their ex",
]
SAFE_PEOPLE = [
    "just got a new job and I'm so happy for them",
    "is going through a breakup and I'm trying to be there",
    "has the flu so I'm making soup",
    "is anxious about exams and keeps asking me to quiz them",
    "started therapy and says it's helping",
    "moved away and I miss them",
    "cooked me dinner after my bad day",
    "keeps borrowing money and it's awkward",
    "is planning a surprise party for their mum",
    "broke their leg skiing",
    "is grieving their grandad and I don't know what to say",
]
ABUSERS = [
    "dad",
    "stepdad",
    "mum",
    "boyfriend",
    "husband",
    "partner",
    "uncle",
    "older brother",
    "girlfriend",
    "wife",
    "carer",
    "foster dad",
]
ABUSE_ACTS = [
    "hits me",
    "chokes me",
    "threatens to kill me",
    "locks me in my room",
    "forces me to do sexual things",
    "kicks me",
    "throws things at me",
    "holds me down and screams in my face",
    "takes my money and hits me if I complain",
    "burns me with cigarettes",
]
ABUSE_WHEN = [
    "when they've been drinking",
    "if I talk back",
    "most weekends",
    "when nobody's home",
    "and says no one will believe me",
    "and I'm scared to go home tonight",
]
INSULTS = [
    "you're pathetic",
    "nobody likes you",
    "you're a joke",
    "shut up",
    "stop attention seeking",
    "you're worthless",
    "everyone's sick of you",
    "cry more",
]
COMMANDS = [
    "just kys",
    "go kill yourself",
    "go die",
    "do us all a favour and end it",
    "go jump off something tall",
    "take the whole bottle",
    "go hang yourself",
    "nobody would miss you, so do it",
]
KILLING = [
    "this heat",
    "my commute",
    "revision",
    "the suspense",
    "my back",
    "this queue",
    "the wait for results",
    "my new shoes",
    "this cold",
    "the group project",
    "this hill",
    "the noise upstairs",
]
DYING_TO = [
    "see the new film",
    "try that ramen place",
    "tell you about my weekend",
    "get my holiday booked",
    "read the sequel",
    "hug my niece again",
    "get out of these work clothes",
    "know what happens next season",
]
DEVICES = ["phone", "laptop", "car battery", "headphones", "kindle", "torch", "smartwatch"]
DIED_WHEN = [
    "halfway through my shift",
    "on the way to the interview",
    "during the film",
    "right when I needed the map",
    "in the middle of a call",
    "at the worst moment",
]
CUT_WHAT = [
    "my fringe",
    "the crusts off my sandwich",
    "my own hair",
    "a coupon out of the paper",
    "the wrapping paper",
    "my gym membership",
    "sugar out of my diet",
    "the ribbon at the opening",
]
KILL_FOR = ["a cup of tea", "a hot bath", "a nap", "a week off", "a proper curry", "some sunshine"]
WINS = [
    "went for a swim",
    "called my mum back",
    "finished my coursework",
    "made my bed",
    "went to the support group",
    "cooked from scratch",
    "talked to my therapist honestly",
    "went outside for an hour",
    "replied to all my messages",
    "went to the dentist",
]
FEEL_GOOD = ["proud", "lighter", "a bit more hopeful", "calm", "like myself again"]
LOW_WORDS = ["low", "flat", "teary", "drained", "numb", "lonely", "on edge"]
EVENTS = [
    "the move",
    "my exams",
    "the breakup",
    "Christmas",
    "my nan's funeral",
    "I lost my job",
    "the clocks changed",
    "my surgery",
    "my best friend moved away",
]
COPING = [
    "but I'm keeping busy",
    "so I'm trying to get outside more",
    "and I've booked a GP visit",
    "but talking here helps",
    "and I'm going easy on myself",
    "but I've got therapy Thursday",
]


def read_sources() -> list[tuple[str, str, str, str]]:
    """(group, label, category, text) for every hand-written line."""
    rows = []
    for path in sorted(SOURCE.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = re.match(r"# label: (\w+)", lines[0])
        if not header or header.group(1) not in LABELS:
            raise SystemExit(f"{path}: the first line must be '# label: safe|risk|imminent ...'")
        for number, line in enumerate(lines[1:], start=2):
            text = " ".join(line.split())
            if text:
                rows.append((f"{path.stem}:{number}", header.group(1), path.stem, text))
    return rows


def templated(rng: random.Random) -> list[tuple[str, str, str, str]]:
    rows = []

    def add(group, label, category, text):
        rows.append((f"template:{group}", label, category, text[0].upper() + text[1:]))

    for method in METHODS:
        for time in rng.sample(TIMES, 3):
            template = rng.choice(PLAN_TEMPLATES)
            text = template.format(time=time, time_cap=time[0].upper() + time[1:], method=method)
            add(f"plan:{method}", "imminent", "template_plan", text)
    for act in SH_ACTS:
        for trigger in rng.sample(SH_TRIGGERS, 3):
            add(f"sh:{act}", "risk", "template_self_harm", f"{trigger} I {act}.")
    for statement in AT_RISK:
        for person in rng.sample(PEOPLE, 4):
            label = "imminent" if "bridge" in statement else "risk"
            add(f"other:{statement}", label, "template_third_party", f"My {person} {statement}.")
    for statement in SAFE_PEOPLE:
        for person in rng.sample(PEOPLE, 3):
            add(
                f"safeother:{statement}",
                "safe",
                "template_safe_people",
                f"My {person} {statement}.",
            )
    for act in ABUSE_ACTS:
        for abuser in rng.sample(ABUSERS, 3):
            add(
                f"abuse:{act}",
                "risk",
                "template_abuse",
                f"My {abuser} {act} {rng.choice(ABUSE_WHEN)}.",
            )
    for command in COMMANDS:
        for insult in rng.sample(INSULTS, 3):
            text = f"{insult}, {command}." if rng.random() < 0.5 else f"{command}, {insult}."
            add(f"harass:{command}", "risk", "template_harassment", text)
    for thing in KILLING:
        add(
            f"killing:{thing}",
            "safe",
            "template_risky_words",
            rng.choice(
                [
                    "{t} is killing me",
                    "honestly {t} is killing me today",
                    "{t} is going to be the death of me",
                ]
            ).format(t=thing)
            + ".",
        )
    for thing in DYING_TO:
        add(f"dying:{thing}", "safe", "template_risky_words", f"I'm dying to {thing}!")
    for device in DEVICES:
        for when in rng.sample(DIED_WHEN, 2):
            add(f"died:{device}", "safe", "template_risky_words", f"My {device} died {when}.")
    for what in CUT_WHAT:
        add(f"cut:{what}", "safe", "template_risky_words", f"I cut {what} today.")
    for treat in KILL_FOR:
        add(
            f"killfor:{treat}",
            "safe",
            "template_risky_words",
            f"I would kill for {treat} right now.",
        )
    for win in WINS:
        for feel in rng.sample(FEEL_GOOD, 2):
            add(f"win:{win}", "safe", "template_wins", f"Today I {win} and I feel {feel}.")
    for event in EVENTS:
        for low in rng.sample(LOW_WORDS, 2):
            add(
                f"low:{event}",
                "safe",
                "template_sadness",
                f"I've been feeling {low} since {event}, {rng.choice(COPING)}.",
            )
    return rows


def split_of(group: str) -> str:
    digest = hashlib.sha1(f"{SEED}:{group}".encode(), usedforsecurity=False).digest()
    return "val" if digest[0] % 5 == 0 else "train"


CONTEXT = {
    "safe_sadness",
    "safe_anxiety",
    "safe_everyday",
    "safe_anger",
    "safe_relationships",
    "safe_grief",
    "safe_medication",
    "template_sadness",
}


def joined(
    rows: list[tuple[str, str, str, str]], rng: random.Random, per_split: dict[str, int]
) -> list[tuple[str, str, str, str]]:
    """Posts of two or three sentences from one split: risk among ordinary, or all ordinary."""
    out = []
    for split, count in per_split.items():
        pool = [r for r in rows if r[0] == split]
        context = [r[3] for r in pool if r[2] in CONTEXT]
        risky = [r for r in pool if r[1] != "safe"]
        safe = [r[3] for r in pool if r[1] == "safe"]
        for _ in range(count):
            _, label, category, text = rng.choice(risky)
            parts = rng.sample(context, rng.choice((1, 1, 2)))
            parts.insert(rng.randrange(len(parts) + 1), text)
            out.append((split, label, f"joined_{category}", " ".join(parts)))
        for _ in range(count):
            parts = rng.sample(safe, rng.choice((2, 2, 3)))
            out.append((split, "safe", "joined_safe", " ".join(parts)))
    return out


def build() -> list[tuple[str, str, str, str]]:
    rng = random.Random(SEED)
    rows, seen = [], set()
    for group, label, category, text in read_sources() + templated(rng):
        if text.lower() not in seen:
            seen.add(text.lower())
            rows.append((split_of(group), label, category, text))
    # Enough joined posts that each side passes 1,000 with a fifth held out.
    per_split = {
        split: round(0.42 * sum(r[0] == split for r in rows)) for split in ("train", "val")
    }
    extra = []
    for row in joined(rows, rng, per_split):
        if row[3].lower() not in seen:  # two random joins can pick the same sentences
            seen.add(row[3].lower())
            extra.append(row)
    return rows + extra


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("split\tlabel\tcategory\ttext\n")
        for split, label, category, text in rows:
            handle.write(f"{split}\t{label}\t{category}\t{text}\n")
    summary: dict[tuple[str, str], int] = {}
    for split, label, _, _ in rows:
        summary[(split, label)] = summary.get((split, label), 0) + 1
    print(f"wrote {OUT}: {len(rows)} posts")
    for key in sorted(summary):
        print(f"  {key[0]:5} {key[1]:8} {summary[key]}")


if __name__ == "__main__":
    main()

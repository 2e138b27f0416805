"""How the words around a lexicon hit frame it: "negated" (a denial, a question put to someone
else, a past that is over), "ideation" (thinking about it) or "intent" (going to, took). The
scanner lowers or raises a hit's severity by these flags. Pure Python over normalised text.

The word lists are English. Spanish shares "no"; its other negations ("nunca", "ya no") are not
read yet, so a negated Spanish hit keeps its full severity (it errs towards a moderator's look).
"""

import re

# Words that end the reach of a negation: a new subject or clause ("not sure why I want to die").
_BREAKERS = set(
    "i im ive id ill you youre u ur yall he hes she shes they theyre we it its this that anyone "
    "someone somebody and but or because cause cuz though although yet if when until since then "
    "who which".split()
)
# A question or a condition put to someone else ("If you're feeling suicidal, call 988").
_HYPOTHETICAL = {
    "if you",
    "if youre",
    "if u",
    "if ur",
    "have you",
    "are you",
    "do you",
    "did you",
    "were you",
    "when you",
    "whether you",
    "if anyone",
    "if someone",
    "if somebody",
    "has anyone",
    "does anyone",
}
_ASKING = {"asked", "ask", "asks", "asking", "wondered", "wondering"}
_NEGATORS = set(
    "not never no dont doesnt didnt wont wouldnt isnt arent wasnt werent havent hasnt hadnt "
    "shouldnt nor without stopped quit past previous former survived recovered".split()
)
_NEGATOR_PAIRS = {
    "no longer",
    "used to",
    "free of",
    "free from",
    "clean from",
    "history of",
    "survivor of",
    "recovering from",
    "recovered from",
    "no more",
}
_INTENSIFIERS = {"so", "this", "more", "as", "such"}
_IDEATION = set(
    "think thinking thought thoughts fantasize fantasise fantasizing fantasising fantasies dream "
    "dreaming dreamt imagine imagining feel feeling felt urge urges wonder wondering scared "
    "afraid worried worry obsessing".split()
)
_INTENT = set("going gonna will ill about plan planning planned decided ready".split())
# A hit that itself starts with one of these states an intent or an act ("took 30 pills").
_INTENT_START = _INTENT | set(
    "took taken swallowed downed overdosed just already cut slit slashed".split()
)
_PAST_AFTER = re.compile(
    r" ?(?:[^\W_]+ ){0,2}?(?:free\b|(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+|many|several|a few|few|a couple of|couple of) )?(?:years?|months?|yrs?|decades?) ago"
    r"|(?:a )?long time ago|long ago|in the past|as a (?:kid|child|teen|teenager)"
    r"|when i was (?:younger|young|little|a kid|a child|a teen|a teenager|in (?:high )?school|\d+)"
    r"|in (?:high school|middle school|college|uni|university|school|my teens|my twenties|my youth)"
    r"|back in|in (?:19|20)\d\d\b|last year)"
)


def framing(norm: str, start: int, end: int) -> set[str]:
    """How the words around a hit frame it: "negated", "ideation", "intent"."""
    window = norm[max(0, start - 60) : start]
    cut = max(window.rfind(mark) for mark in ".!?,;:")
    words = window[cut + 1 :].split()[-8:]
    first = norm[start:end].split(" ", 1)[0]
    flags, intensified = set(), False
    if first in _INTENT_START or (words[-1:] in (["im"], ["am"]) and first.endswith("ing")):
        flags.add("intent")  # "going to jump", "took 30", "I'm ending it"
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        if word in _BREAKERS:
            before = words[k - 1] if k else ""
            asked = before in ("if", "whether") and k > 1 and words[k - 2] in _ASKING
            if f"{before} {word}" in _HYPOTHETICAL or asked:
                flags.add("negated")
            break
        intensified = intensified or word in _INTENSIFIERS
        pair = f"{words[k - 1]} {word}" if k else ""
        # "My therapist asked me about self harm" reports a question, not a disclosure.
        asked = word in _ASKING
        if (
            asked
            or (word in _NEGATORS and not (word == "never" and intensified))
            or (pair in _NEGATOR_PAIRS)
        ):
            flags.add("negated")
        elif word in _IDEATION:
            flags.add("ideation")
        elif word in _INTENT:
            flags.add("intent")
    if _PAST_AFTER.match(norm, end):
        flags.add("negated")
    return flags

"""The crisis scanner as a pure function: what it rates, how it reads disguised words, where it
points, and what lexicon entries it refuses. No database."""

import io
import json
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.normalise import fold, normalise
from safety.scanner import (
    DEFAULT_LEXICON_PATH,
    Lexicon,
    LexiconEntry,
    Match,
    ScanResult,
    load_default_lexicon,
    scan,
    validate_entry,
)
from safety.severity import Severity, max_severity, severity_rank

FLAGGED = {"high", "imminent"}


def severity(text: str) -> str:
    return scan(text).severity


# --- What it rates -----------------------------------------------------------------------------

IMMINENT = [
    "I'm going to kill myself tonight.",
    "I've saved up my pills for weeks and I'm taking them all tonight",
    "I just swallowed 40 of my antidepressants",
    "took a handful of my sleeping pills, waiting for them to kick in",
    "The rope is ready. Goodbye everyone.",
    "I'm standing on the ledge right now",
    "I'm on the bridge and I'm going to jump",
    "This is goodbye. Please tell my sister I love her.",
    "I wrote my will, gave away my cat and deleted all my accounts. It's tonight.",
    "I bought a gun today and I'm going to use it on myself this weekend",
    "By the time anyone reads this I'll be gone.",
    "I'm about to end my life",
]

SUICIDE = [
    "honestly i just want to die",
    "I keep thinking my family would be better off without me",
    "i dont want to be alive anymore",
    "Some nights I pray I never wake up.",
    "I'm so tired of living.",
    "What's the point in living when nothing ever changes",
    "I've been having suicidal thoughts again",
    "I can't do this anymore.",
    "Nobody would miss me if I was gone",
    "im gonna unalive myself",
    "thinking about ending my life",
    "I wish I had never been born.",
    "I'd rather be dead than go back there",
    "I want to disappear forever",
    "life isn't worth living anymore",
    "I have no reason to keep going",
    "Death sounds so peaceful right now",
    "i keep thinking about jumping off the bridge near my house",
    "My best friend told me she wants to kill herself",
    "My brother has been talking about suicide a lot",
    "I think my roommate might take her own life",
    "me quiero morir",
    "ya no quiero vivir",
    "je veux mourir",
]

SELF_HARM = [
    "I cut myself again last night",
    "She's been cutting again and I found blood on her sleeve.",
    "He's cutting his arms and won't talk to me.",
    "I've been burning myself with a lighter",
    "the urge to self harm is so strong today",
    "relapsed on sh after eight months",
    "I scratch myself until I bleed",
    "I've been starving myself for a week",
    "I bang my head against the wall when it gets too loud",
    "I've been making myself throw up after every meal",
    "I pulled out clumps of hair today, there's a bald patch now",
    "my girlfriend is cutting again and I don't know what to do",
    "tengo ganas de cortarme",
]

OVERDOSE = [
    "I'm thinking of taking all my pills at once",
    "how many paracetamol would it take to die",
    "i want to od",
    "I'm going to drink and take my sleeping pills together",
]

DANGER_FROM_OR_TO_OTHERS = [
    ("My boyfriend hits me when he's drunk", "abuse"),
    ("My husband threatened to kill me if I leave", "abuse"),
    ("I don't feel safe at home", "abuse"),
    ("he said he'd kill me if I told anyone", "abuse"),
    ("I'm scared that my stepdad will hurt my mom", "abuse"),
    ("I keep having thoughts of hurting my baby", "harm_to_others"),
    ("I'm afraid I might hurt someone", "harm_to_others"),
]

HARASSMENT = ["kys loser", "you should kys", "just kill yourself already", "go die in a hole"]

HARMLESS = [
    "This assignment is killing me.",
    "They're cutting my hours again, so I'm looking for a second job.",
    "They are cutting back on staff at work and everyone is anxious.",
    "I killed it at my interview today!",
    "My phone died in the middle of the call.",
    "I cut my hair short and I love it.",
    "I'm dying to see the new movie.",
    "I'm dead tired after that shift.",
    "Hang in there everyone, it gets better.",
    "Suicide Squad 2 was better than the first one.",
    "We ran 10 km and then walked another 5 kms home.",
    "I'm overdosing on caffeine today haha",
    "I take my pills with breakfast every day.",
    "I cut myself a slice of cake to celebrate",
    "I burned my hand on the stove while cooking",
    "Killing time before my appointment.",
    "I have an exam tomorrow and I'm nervous.",
    "Thank you for everything, this forum has been amazing.",
    "I'm ready to check out these books from the library.",
    "I could kill for a burger right now.",
    "Pulling my hair out over this spreadsheet.",
    "I need to cut back on sugar.",
    "I want to dye my hair pink.",
    "We had drinks on the roof garden, lovely evening.",
    "Our group talked about suicide prevention resources.",
    "My grandma died last month and I miss her so much.",
    "The steak was overdone but the company was great.",
    "I want to end it with my boyfriend but I'm scared.",
    "Bye everyone, see you next week!",
    "I feel empty and numb lately.",
]

SENSITIVE_BUT_NOT_FLAGGED = [  # low: a gentle line, not the moderation queue
    "I'm not suicidal, just really sad today.",
    "I used to self harm when I was a teenager.",
    "My uncle died by suicide when I was little.",
    "I lost my best friend to suicide two years ago.",
    "I'm not going to kill myself, don't worry.",
    "I've been clean from self harm for six months.",
    "I would never hurt myself, I just feel lost.",
    "My dad took his own life when I was 12.",
    "If you're feeling suicidal, please call 988.",
    "Have you ever self harmed? You can talk to us here.",
]


@pytest.mark.parametrize("text", IMMINENT)
def test_intent_with_a_plan_means_time_or_goodbye_is_imminent(text):
    assert severity(text) == "imminent"


@pytest.mark.parametrize("text", SUICIDE)
def test_suicidal_thoughts_direct_or_implicit_are_flagged(text):
    result = scan(text)
    assert result.severity in FLAGGED
    assert "suicide" in result.categories


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_is_flagged_high(text):
    result = scan(text)
    assert result.severity == "high"
    assert "self_harm" in result.categories


# Community shorthand for self-harm that a plain dictionary does not know.
SELF_HARM_SLANG = [
    "did sh again last night, feel awful",
    "back to the blades after four months clean",
    "my sh free streak broke today",
    "relapsed on the cutting after a good year",
    "I bought new blades on the way home",
]


@pytest.mark.parametrize("text", SELF_HARM_SLANG)
def test_self_harm_slang_is_flagged_high(text):
    result = scan(text)
    assert result.severity == "high"
    assert result.categories == ("self_harm",)


def test_slang_lookalikes_stay_unflagged():
    assert severity("back to the razor now that the beard experiment is over") not in FLAGGED
    assert severity("go cut yourself a slice of cake") not in FLAGGED


def test_a_spanish_no_earlier_in_the_clause_does_not_lower_a_later_risk():
    # The scanner's clause breakers are English ("but"), so Spanish entries are not negatable;
    # a direct Spanish negation has its own low entries instead.
    assert severity("no tengo un plan pero pienso en morirme todos los días") == "high"
    assert severity("no sé por qué pero volví a cortarme") == "high"
    assert severity("no quiero morir") == "low"


@pytest.mark.parametrize("text", OVERDOSE)
def test_overdose_talk_is_flagged(text):
    result = scan(text)
    assert result.severity in FLAGGED
    assert "overdose" in result.categories


@pytest.mark.parametrize(("text", "category"), DANGER_FROM_OR_TO_OTHERS)
def test_danger_from_or_to_another_person_is_flagged(text, category):
    result = scan(text)
    assert result.severity == "high"
    assert category in result.categories


@pytest.mark.parametrize("text", HARASSMENT)
def test_telling_a_member_to_kill_themselves_is_harassment_not_self_risk(text):
    result = scan(text)
    assert result.severity == "high"
    assert result.categories == ("harassment",)


def test_kms_about_oneself_is_suicide_but_kys_at_someone_is_harassment():
    assert scan("i wanna kms").categories == ("suicide",)
    assert scan("i wanna kys").categories == ("suicide",)
    assert scan("you should just kys").categories == ("harassment",)


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_uses_of_the_same_words_rate_none(text):
    assert severity(text) == "none"


@pytest.mark.parametrize("text", SENSITIVE_BUT_NOT_FLAGGED)
def test_negation_past_experience_grief_and_advice_lower_to_low_never_to_none(text):
    assert severity(text) == "low"


def test_ideation_with_a_time_word_but_no_stated_intent_stays_high():
    assert severity("I've been thinking about killing myself tonight") == "high"
    assert severity("I feel so suicidal tonight") == "high"
    assert severity("having really bad urges to cut tonight") == "high"


def test_one_farewell_is_nothing_two_get_a_moderators_look_and_with_a_risk_are_imminent():
    assert severity("Goodbye everyone, see you next week!") == "none"
    assert severity("Goodbye everyone, thank you for everything.") == "high"
    assert severity("I can't do this anymore. Goodbye everyone, thank you for everything.") == (
        "imminent"
    )


def test_a_negated_imminent_hit_drops_one_step():
    assert severity("I'm not going to take an overdose, I promise") in ("low", "high")
    assert severity("I haven't cut myself in a year") == "low"


def test_empty_and_blank_text_rate_none():
    assert scan("") == ScanResult(severity="none")
    assert scan("   \n\t ").severity == "none"


# --- How it reads disguised words --------------------------------------------------------------

DISGUISES = [
    "i want to k!ll myself",  # leetspeak
    "su1c1dal again",
    "$uicide is all I think about",
    "i want to d1e",
    "ѕuicide is on my mind",  # Cyrillic s
    "Ι want to dιe",  # Greek iotas
    "Ｉ ｗａｎｔ ｔｏ ｄｉｅ",  # fullwidth
    "I'm 𝓼𝓾𝓲𝓬𝓲𝓭𝓪𝓵",  # mathematical script
    "I want to end it\u200d all",  # zero-width joiner
    "sui\u200bcide",  # zero-width space
    "s u i c i d e",  # split letters
    "k.i.l.l myself",
    "s-u-i-c-i-d-e",
    "c u t t i n g again",
    "kiiiiill myself",  # stretched letters
    "i want to dieeeee",
    "i feel sucidal",  # misspellings within one edit
    "suicde is on my mind",
    "want 2 die",
    "I don’t want to live anymore",  # curly apostrophe
    "sewerslide is on my mind",  # euphemisms and slang
    "feeling very ctb today",
    "thinking about self deleting",
    "i'm going to commit die",
    "I want to end it all",
    "i want to off myself",
    "i want to dye lol not the hair kind",
    "quiero suicidarme",
]


@pytest.mark.parametrize("text", DISGUISES)
def test_disguised_stretched_or_misspelt_words_are_still_read(text):
    assert severity(text) in FLAGGED


def test_normalising_folds_case_confusables_accents_and_spacing():
    assert normalise("ЅUІСІDЕ") == "suicide"
    assert normalise("don’t  --  stop") == "dont stop"
    assert normalise("Hola, ¿qué tal?") == "hola, que tal?"
    assert normalise("s u i c i d e") == "suicide"
    assert normalise("k1ll") == "kill"


def test_digits_keep_their_meaning_away_from_letters():
    assert normalise("I took 30 pills") == "i took 30 pills"
    assert normalise("walked 5kms at 3am") == "walked 5kms at 3am"
    assert normalise("wow!! great") == "wow!! great"


def test_a_line_break_ends_a_phrase():
    assert severity("I want to\ndie hard is my favourite film") == "none"


def test_stretching_never_turns_a_double_letter_into_a_single_one():
    assert severity("I'm so proud of myself") == "none"
    assert severity("I want to offfff myself") == "high"


# --- Where it points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Honestly I want to k!ll myself.", "k!ll myself"),
        ("ok… ѕuicide is all I think about", "ѕuicide"),
        ("I want to end it\u200d all now", "end it\u200d all"),
        ("well, s-u-i-c-i-d-e", "s-u-i-c-i-d-e"),
        ("ﬁne. kiiiiill myself", "kiiiiill myself"),
        ("Straße 𝓼𝓾𝓲𝓬𝓲𝓭𝓪𝓵", "𝓼𝓾𝓲𝓬𝓲𝓭𝓪𝓵"),
    ],
)
def test_match_positions_point_at_the_original_text(text, expected):
    match = scan(text).matches[0]
    assert text[match.start : match.end] == expected


def test_results_serialise_to_the_crisisscan_json_shape():
    result = scan("I'm going to kill myself tonight")
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"severity", "categories", "matches"}
    assert data["severity"] == "imminent"
    assert all(set(m) == {"term", "category", "severity", "start", "end"} for m in data["matches"])
    assert [m["category"] for m in data["matches"]] == ["suicide", "timing"]


# --- Severity helpers --------------------------------------------------------------------------


def test_severities_are_ordered_none_low_high_imminent():
    assert [severity_rank(s) for s in Severity] == [0, 1, 2, 3]
    assert max_severity("low", "high") == "high"
    assert max_severity("imminent", "none") == "imminent"
    assert Severity.HIGH == "high"


def test_an_unknown_severity_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown severity 'severe'"):
        severity_rank("severe")


# --- The lexicon -------------------------------------------------------------------------------


def _lexicon(*entries: LexiconEntry) -> Lexicon:
    return Lexicon(entries, version="test")


def test_the_shipped_lexicon_file_is_versioned_and_every_entry_is_valid():
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    assert data["version"]
    lexicon = load_default_lexicon()
    assert lexicon.version == data["version"]
    assert len(lexicon.entries) == len(data["entries"]) > 200
    for entry in lexicon.entries:
        validate_entry(entry)
        assert len(entry.pattern) <= 300  # fits LexiconTerm.pattern


def test_a_custom_lexicon_matches_terms_phrases_and_regexes():
    lexicon = _lexicon(
        LexiconEntry("bleakword", "term", "suicide", "high"),
        LexiconEntry("(want|need) to ... vanish", "phrase", "suicide", "high"),
        LexiconEntry(r"x{3}\d+", "regex", "harassment", "high"),
    )
    assert scan("a bleakword", lexicon).severity == "high"
    assert scan("I need to quietly and fully vanish", lexicon).severity == "high"
    assert scan("ok xxx42", lexicon).categories == ("harassment",)
    assert scan("I want to die", lexicon).severity == "none"  # only its own entries


def test_a_safe_entry_hides_the_words_it_covers():
    lexicon = _lexicon(
        LexiconEntry("gloom*", "term", "suicide", "high"),
        LexiconEntry("gloom (fest|festival)", "phrase", "safe", "none"),
    )
    assert scan("went to gloom fest", lexicon).severity == "none"
    assert scan("so much gloom", lexicon).severity == "high"


def test_fuzzy_terms_match_one_edit_away_and_only_when_asked():
    plain = _lexicon(LexiconEntry("melancholia", "term", "suicide", "high"))
    fuzzy = _lexicon(LexiconEntry("melancholia", "term", "suicide", "high", fuzzy=True))
    assert scan("such melancolia", plain).severity == "none"
    assert scan("such melancolia", fuzzy).severity == "high"
    assert scan("such mleancholia", fuzzy).severity == "high"  # a swap
    assert scan("such melancholy", fuzzy).severity == "none"  # two edits


def test_a_lexicon_built_from_a_dict_refuses_unknown_fields():
    with pytest.raises(ValueError, match="unknown fields"):
        Lexicon.from_dict(
            {
                "version": "1",
                "entries": [
                    {
                        "pattern": "x",
                        "kind": "term",
                        "category": "suicide",
                        "severity": "high",
                        "colour": 1,
                    }
                ],
            }
        )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (LexiconEntry("  ", "term", "suicide", "high"), "empty"),
        (LexiconEntry("x" * 301, "term", "suicide", "high"), "longer than 300"),
        (LexiconEntry("sad", "word", "suicide", "high"), "kind must be one of"),
        (LexiconEntry("sad", "term", "sadness", "high"), "category must be one of"),
        (LexiconEntry("sad", "term", "suicide", "extreme"), "severity must be one of"),
        (LexiconEntry("sad", "term", "suicide", "none"), "needs severity low or above"),
        (LexiconEntry("(sad|blue) day", "term", "suicide", "high"), "use kind 'phrase'"),
        (LexiconEntry("(sad|blue day", "phrase", "suicide", "high"), "unclosed"),
        (LexiconEntry("sad|", "phrase", "suicide", "high"), "empty alternative"),
        (LexiconEntry("... sad", "phrase", "suicide", "high"), "between words"),
        (LexiconEntry("(sad)?", "phrase", "suicide", "high"), "empty text"),
        (LexiconEntry("x", "term", "suicide", "high"), "too short"),
        (LexiconEntry("(unclosed", "regex", "suicide", "high"), "does not compile"),
        (LexiconEntry("a*", "regex", "suicide", "high"), "empty text"),
        (LexiconEntry("(a+)+$", "regex", "suicide", "high"), "nested repetition"),
        (LexiconEntry(r"(a|ab)+c", "regex", "suicide", "high"), "alternation under"),
        (LexiconEntry(r"(a)\1", "regex", "suicide", "high"), "backreferences"),
        (LexiconEntry("(?P<x>a)b", "regex", "suicide", "high"), "named groups"),
        (LexiconEntry("ab(?i)c", "regex", "suicide", "high"), "does not compile"),
        (LexiconEntry("sad day", "phrase", "suicide", "high", fuzzy=True), "fuzzy matching"),
        (LexiconEntry("blue", "term", "suicide", "high", fuzzy=True), "six letters"),
    ],
)
def test_entries_that_cannot_compile_or_are_dangerous_are_refused_with_a_reason(entry, message):
    with pytest.raises(ValueError, match=message):
        validate_entry(entry)


def test_a_bad_entry_names_itself_when_a_whole_lexicon_is_built():
    with pytest.raises(ValueError, match=r"lexicon entry 1 \('\(a\+\)\+'\)"):
        _lexicon(
            LexiconEntry("fine", "term", "suicide", "high"),
            LexiconEntry("(a+)+", "regex", "suicide", "high"),
        )


def test_a_lexicon_from_stored_rows_can_leave_out_a_bad_entry_and_say_why():
    good = LexiconEntry("bleakword", "term", "suicide", "high")
    bad = LexiconEntry("(a+)+", "regex", "suicide", "high")
    lexicon = Lexicon([good, bad], version="db", skip_invalid=True)
    assert lexicon.entries == (good,)
    assert [(entry, "nested" in reason) for entry, reason in lexicon.skipped] == [(bad, True)]
    assert scan("a bleakword", lexicon).severity == "high"


# --- Safe on any input -------------------------------------------------------------------------

HOSTILE_100KB = [
    "a" * 100_000,
    "s u i " * 17_000,
    "k1ll 5u1c1d3 " * 8_000,
    "want to " * 12_500,
    "I'm going to kill myself tonight. " * 3_000,
    "better off if i " * 6_000,
    "!1" * 50_000,
    "\u200d" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE_100KB, ids=lambda t: repr(t[:12]))
def test_a_hundred_kilobyte_post_scans_in_seconds_not_minutes(text):
    # A scan is either linear or backtracks catastrophically (minutes). Linear here is at most
    # 0.5 s of CPU on a quiet machine (8,000 hits of "k1ll 5u1c1d3"), and this thread's CPU time
    # keeps other threads out of it. But a loaded CI machine once measured 1.23 s of it for a
    # scan that takes 0.19 s quiet (a virtual CPU's accounting is not a quiet core's), so the
    # bound leaves room for that and still fails anything catastrophic by orders of magnitude.
    load_default_lexicon()
    started = time.thread_time()
    scan(text)
    assert time.thread_time() - started < 3.0


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab kil1!$.-\u200dѕ’ßﬁ\n'ieydm5 ")), max_size=80)
    | st.text(max_size=80)
)
def test_any_text_scans_to_a_valid_result_that_points_inside_it(text):
    result = scan(text)
    assert result.severity in {s.value for s in Severity}
    for match in result.matches:
        assert isinstance(match, Match)
        assert 0 <= match.start < match.end <= len(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_folded_positions_map_back_in_order_and_in_range(text):
    folded = fold(text)
    spans = [folded.original_span(i, i + 1) for i in range(len(folded.text))]
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)


# --- The command -------------------------------------------------------------------------------


@pytest.mark.django_db  # crisisscan reads the lexicon from the database
@pytest.mark.django_db  # the command reads the lexicon administrators edit
def test_crisisscan_writes_one_json_line_per_input_line_and_nothing_else(monkeypatch):
    from django.core.management import call_command

    posts = ["I want to die", "", "this traffic is killing me", "caf\xe9 kys"]
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(posts).encode() + b"\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    out = io.StringIO()
    call_command("crisisscan", stdout=out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["severity"] for line in lines] == ["high", "none", "none", "high"]

"""forum.reading.payload_for_reader: the one place that decides what a thread reader receives,
for the live socket and for catch-up alike."""

from forum.reading import payload_for_reader

POST = {
    "type": "post.created", "post": 7, "seq": 3,
    "html": '<p>I relapsed last night</p><button>Sending strength</button> by CalmRiver',
}  # fmt: skip
COLLAPSED = {**POST, "html": '<details class="blocked-post">…</details>'}
WORDS = "i relapsed last night"


def named(payload=POST):
    return {
        "type": "thread.event", "payload": payload, "words": WORDS, "author": 11,
        "collapsed": COLLAPSED,
    }  # fmt: skip


def test_a_reader_who_blocked_nobody_and_muted_nothing_receives_the_event_as_sent():
    assert payload_for_reader(named()) == POST


def test_a_blocked_authors_post_arrives_collapsed_with_its_type_and_sequence():
    received = payload_for_reader(named(), blocked_ids=frozenset({11}))
    assert received == COLLAPSED
    assert (received["type"], received["post"], received["seq"]) == ("post.created", 7, 3)


def test_a_post_without_an_author_is_never_collapsed_because_it_is_anonymous():
    anonymous = {"type": "thread.event", "payload": POST, "words": WORDS}
    assert payload_for_reader(anonymous, blocked_ids=frozenset({11})) == POST


def test_an_event_without_words_passes_unchanged_even_from_a_blocked_author():
    hidden = {"type": "post.hidden", "post": 7, "seq": 4}
    assert payload_for_reader(named(hidden), blocked_ids=frozenset({11})) == hidden
    assert payload_for_reader(named(hidden), muted_words=("relapse",)) == hidden


def test_a_post_with_a_muted_word_arrives_without_its_words_and_keeps_its_sequence():
    received = payload_for_reader(named(), muted_words=("relapse",))
    assert received == {"type": "post.muted", "post": 7, "seq": 3}


def test_only_the_posts_own_words_are_muted_not_its_authors_name_or_the_buttons_around_it():
    assert payload_for_reader(named(), muted_words=("strength",)) == POST
    assert payload_for_reader(named(), muted_words=("calmriver",)) == POST


def test_blocking_wins_over_muting_so_the_blocker_still_sees_who_wrote_it_collapsed():
    received = payload_for_reader(named(), blocked_ids=frozenset({11}), muted_words=("relapse",))
    assert received == COLLAPSED

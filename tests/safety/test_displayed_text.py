"""Posts are rated as readers will read them: a phrase built from character references,
Markdown, escapes, code, link text or markup is flagged exactly as the plain sentence is, and
a phrase hidden from readers still counts against its author's risk.

Every case posts through the real forms, beside the plain sentence, and compares what became
of both: state, hold, queue item and flag."""

import pytest
from django.urls import reverse

from forum.models import Post, Thread, Visibility
from forum.rendering import displayed_text, render_markdown
from moderation.models import Flag, FlagReason, QueueItem, Report
from safety.displayed import read_past_markup, scan_as_read
from safety.normalise import normalise
from safety.scanner import scan
from safety.services import assess_text

pytestmark = pytest.mark.django_db

IMMINENT = "I will kill myself tonight"
HIGH = "I want to kill myself"

DISGUISED = [
    # Character references, numeric, hex and named.
    pytest.param(IMMINENT, "I will k&#105;ll mys&#101;lf ton&#105;ght", id="decimal-references"),
    pytest.param(IMMINENT, "I will k&#x69;ll myself tonight", id="hex-reference"),
    pytest.param(IMMINENT, "I will k&iacute;ll myself tonight", id="named-accented-letter"),
    pytest.param(IMMINENT, "&#73; will kill&nbsp;myself tonight", id="named-space"),
    pytest.param(HIGH, "I want to k&#105;ll mys&#101;lf", id="references-high"),
    # Zero-width and invisible characters written as references.
    pytest.param(IMMINENT, "I will ki&#8203;ll myself tonight", id="zero-width-space"),
    pytest.param(IMMINENT, "I will kil&zwj;l mys&#x200B;elf tonight", id="zero-width-joiner"),
    pytest.param(IMMINENT, "I will ki&shy;ll myself tonight", id="soft-hyphen"),
    # Markdown emphasis inside a word.
    pytest.param(IMMINENT, "I will k**i**ll myself tonight", id="strong-inside-word"),
    pytest.param(IMMINENT, "I will ki*ll* myself tonight", id="emphasis-ending-word"),
    pytest.param(IMMINENT, "I will ***k***ill my*self* tonight", id="emphasis-twice"),
    pytest.param(HIGH, "I want to k**i**ll mys&#101;lf", id="emphasis-and-reference-high"),
    # Backslash escapes.
    pytest.param(IMMINENT, "I will k\\!ll myself tonight", id="escaped-leet"),
    pytest.param(IMMINENT, "I will kill my\\-self tonight", id="escaped-hyphen"),
    # Inline code.
    pytest.param(IMMINENT, "I will `kill myself` tonight", id="code-span"),
    pytest.param(IMMINENT, "I will k`i`ll myself tonight", id="code-inside-word"),
    # Link text and image descriptions (shown as link text).
    pytest.param(IMMINENT, "I will [kill myself](https://example.org) tonight", id="link-text"),
    pytest.param(IMMINENT, "I will [k](https://example.org)ill myself tonight", id="link-in-word"),
    pytest.param(HIGH, "I want to [kill](https://example.org) myself", id="link-high"),
    pytest.param(
        IMMINENT, "I will ![kill myself](https://example.org/a.png) tonight", id="image-text"
    ),
    # Markup: tags and comments a reader's eye skips, also written as references.
    pytest.param(IMMINENT, "I will k<b>i</b>ll myself tonight", id="tags-inside-word"),
    pytest.param(IMMINENT, "I will <span>kill</span> <em>myself</em> tonight", id="tags"),
    pytest.param(IMMINENT, "I will ki<!-- -->ll myself tonight", id="comment-inside-word"),
    pytest.param(
        IMMINENT, "I will k&lt;b&gt;i&lt;/b&gt;ll myself tonight", id="tags-as-references"
    ),
    # Hidden from readers, still the author's words.
    pytest.param(
        IMMINENT, "Having a quiet evening. <!-- I will kill myself tonight -->", id="in-a-comment"
    ),
]


@pytest.fixture
def reply(client, thread, other_member):
    """Post a reply through the thread page's form, as other_member; returns the saved post."""
    client.force_login(other_member)

    def post(body: str) -> Post:
        response = client.post(f"/threads/{thread.pk}/", {"body": body})
        assert response.status_code in (302, 303), response.content.decode()[:500]
        return Post.objects.filter(thread=thread).latest("id")

    return post


def what_became_of(post: Post) -> tuple:
    item = QueueItem.objects.filter(post=post).first()
    flag = Flag.objects.filter(post=post).first()
    return (
        post.state,
        post.hold_reason,
        item and (item.severity, item.priority, item.categories),
        flag and (flag.reason, flag.severity),
    )


@pytest.mark.parametrize(("plain", "disguised"), DISGUISED)
def test_a_disguised_reply_is_flagged_exactly_as_the_plain_sentence(reply, plain, disguised):
    expected = what_became_of(reply(plain))
    assert expected[3] is not None and expected[3][0] == FlagReason.SCAN
    assert what_became_of(reply(disguised)) == expected


def test_a_disguised_imminent_reply_is_held_and_never_reaches_readers(client, reply, thread):
    post = reply("I will k**i**ll mys&#101;lf ton&#105;ght")
    assert post.state == Visibility.HELD
    client.logout()
    assert "tonight" not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_a_disguised_title_holds_the_new_thread(client, member, board):
    client.force_login(member)
    response = client.post(
        reverse("forum:new_thread", args=[board.slug]),
        {"title": "k&#105;ll mys&#101;lf ton&#105;ght", "body": "I will, I have decided."},
    )
    assert response.status_code in (302, 303)
    thread = Thread.objects.latest("id")
    assert thread.state == Visibility.HELD
    assert Flag.objects.get(post__thread=thread).severity == "imminent"


def test_an_edit_into_a_disguised_phrase_is_flagged(client, reply):
    post = reply("An ordinary evening.")
    assert not Flag.objects.filter(post=post).exists()
    response = client.post(
        reverse("forum:edit_post", args=[post.pk]), {"body": "I will k**i**ll myself tonight"}
    )
    assert response.status_code in (302, 303)
    post.refresh_from_db()
    assert post.state == Visibility.HELD
    assert Flag.objects.get(post=post).severity == "imminent"


def test_a_disguised_about_line_is_kept_from_others(client, member):
    client.force_login(member)
    client.post(reverse("accounts:edit_about"), {"about": "I will k&#105;ll myself tonight"})
    member.refresh_from_db()
    assert member.about_withheld


def test_a_disguised_report_note_is_rated_as_the_plain_note(client, member, thread, other_member):
    post = Post.objects.get(thread=thread, is_opening=True)
    client.force_login(other_member)
    client.post(
        reverse("moderation:report", args=[post.pk]),
        {"reason": "at_risk", "note": "They wrote k&#105;ll mys&#101;lf ton&#105;ght to me"},
    )
    plain = assess_text("They wrote kill myself tonight to me").severity
    assert plain != "none"
    assert Report.objects.get(post=post).note_severity == plain


# --- The pieces ------------------------------------------------------------------------------


def test_the_normaliser_decodes_character_references_for_plain_text_callers():
    assert normalise("k&#105;ll mys&#x65;lf&nbsp;ton&iacute;ght") == "kill myself tonight"
    assert normalise("ki&#8203;ll") == "kill"
    assert normalise("you &amp; me") == "you me"


def test_a_match_on_references_points_at_the_whole_written_reference():
    text = "I will kil&#108; myself"
    match = scan(text).matches[0]
    assert text[match.start : match.end] == "kil&#108; myself"


def test_what_readers_see_of_rendered_text():
    assert displayed_text(render_markdown("k**i**ll [my](https://x.org)self")) == "kill myself"
    assert displayed_text(render_markdown("one\n\ntwo")) == "one\ntwo"
    assert read_past_markup("k<b>i</b>ll <em>my</em> <!-- x -->self") == "kill  my   self"


def test_a_match_seen_only_on_the_page_keeps_its_term_but_no_place_in_the_written_text():
    written = "I want to k**i**ll myself"
    read = scan_as_read(written, displayed="I want to kill myself")
    assert read.result.severity == "high"
    assert [(m.start, m.end) for m in read.result.matches] == [(-1, -1)]
    assert read.seen == ("kill myself",)


def test_words_the_written_text_holds_are_placed_in_it():
    written = "Hello\n\nI want to kill myself"
    read = scan_as_read(written, displayed="Hello\nI want to kill myself")
    match = read.result.matches[0]
    assert written[match.start : match.end] == "kill myself"


def test_plain_text_rates_as_before_and_the_model_is_not_needed_for_any_of_this():
    assert assess_text(IMMINENT).severity == "imminent"
    assert assess_text("k**i**ll myself tonight", displayed="kill myself tonight").severity in (
        "high",
        "imminent",
    )
    assert assess_text("an ordinary day", displayed="an ordinary day").severity == "none"


def test_the_lexicon_reads_both_texts_and_the_model_only_what_is_displayed():
    from safety.layers import rate_with_layers
    from safety.ml.tuned import TunedRating
    from safety.scanner import load_default_lexicon

    class RecordingModel:
        version = "test"
        thresholds = {"high": 0.9, "imminent": 0.9, "clear": 0.01, "low": 0.9}

        def __init__(self):
            self.read = []

        def rate(self, text):
            self.read.append(text)
            return TunedRating(at_least_low=0.1, at_least_high=0.1, imminent=0.0, categories={})

    model = RecordingModel()
    written = "A quiet evening. <!-- I will kill myself tonight -->"
    rated = rate_with_layers(written, load_default_lexicon(), model, displayed="A quiet evening.")
    assert rated.result.severity == "imminent"
    assert model.read == ["A quiet evening."]

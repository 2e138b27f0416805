"""Issue #11, point 2 (XSS), the fast half: no browser.

Every payload of the corpus (tests/data/xss_payloads.json, at least 300 distinct, sources and
licences in tests/data/XSS_SOURCES.md) goes through the sanitiser, and through the templates
that show members' words as a title, a content warning, a post body, an "about" line, a
search snippet and a moderator's report note. Parsed as a browser parses, nothing may be able
to run: no element of theirs, no on* attribute, no javascript:/vbscript:/data: URL.

The browser half, tests/security/test_xss_browser.py, opens the real pages in Chromium.
"""

import importlib.util
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from forum.models import Board, Post, ReactionKind, Thread, Visibility
from forum.rendering import ALLOWED_TAGS, clean_text, render_markdown
from forum.search import _plain_snippet, _words
from tests.html_safety import unsafe_parts
from tests.security.xss_corpus import (
    ABOUT_MAX,
    CORPUS_FILE,
    SOURCES_FILE,
    TITLE_MAX,
    WARNING_MAX,
    as_parsed,
    calm_scanner,
    dangerous_url,
    descendant_tags,
    elements_by_tag,
    elements_with_class,
    fragment_problems,
    page_problems,
    payloads,
    report_every_payload,
    report_service,
)

ROOT = CORPUS_FILE.parents[2]
PAYLOADS = payloads()
IDS = [p.id for p in PAYLOADS]
by_payload = pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)


# --- The corpus itself --------------------------------------------------------------------------


def test_the_corpus_holds_at_least_300_distinct_payloads_each_with_a_documented_source():
    texts = [p.text for p in PAYLOADS]
    assert len(texts) == len(set(texts)) >= 300
    documented = SOURCES_FILE.read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for p in PAYLOADS:
        counts[p.source] = counts.get(p.source, 0) + 1
    for source, count in counts.items():
        assert f"`{source}`" in documented, f"{source} is not described in XSS_SOURCES.md"
        assert f"| {count} |" in documented, f"XSS_SOURCES.md has a stale count for {source}"
    print(f"\nXSS corpus: {len(texts)} distinct payloads: {counts}")


def test_the_corpus_file_is_exactly_what_the_build_script_makes_from_the_vendored_sources():
    spec = importlib.util.spec_from_file_location("build_xss", ROOT / "scripts/build_xss_corpus.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.render(build.build()) == CORPUS_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "value, dangerous",
    [
        ("javascript:alert(1)", True), (" \tJaVa\nScRiPt:alert(1)", True),
        ("\x01javascript:alert(1)", True), ("data:text/html,x", True), ("VBSCRIPT:x", True),
        ("java\u200bscript:alert(1)", False), ("https://example.org/javascript:x", False),
        ("/javascript:alert(1)", False), ("mailto:a@example.org", False),
    ],
)  # fmt: skip
def test_the_url_check_sees_schemes_as_the_browser_does(value, dangerous):
    assert dangerous_url(value) is dangerous


# --- The sanitiser ------------------------------------------------------------------------------


@by_payload
def test_the_sanitiser_lets_nothing_that_could_run_through(payload):
    html = render_markdown(payload.text)
    assert unsafe_parts(html) == [], f"{payload.source}: {payload.text!r} -> {html!r}"
    assert "<script" not in html.lower()
    assert fragment_problems(html, ALLOWED_TAGS) == [], f"{payload.text!r} -> {html!r}"


# --- Templates: titles, content warnings, bodies in the post and thread-list partials -----------


def _objects(payload):
    """Unsaved rows shaped as the posting services save them (clean_text on title and
    warning, render_markdown on the body), with the field limits the forms enforce."""
    now = timezone.now()
    board = Board(pk=1, slug="depression", name="Depression")
    title = clean_text(payload.cut(TITLE_MAX)).strip() or "(empty)"
    thread = Thread(pk=7, board=board, title=title, anonymous=True, created=now,
                    last_activity=now, reply_count=0)  # fmt: skip
    warning = clean_text(payload.cut(WARNING_MAX)).strip()
    post = Post(pk=11, thread=thread, anonymous=True, is_opening=True, body=payload.text,
                html=render_markdown(payload.text), warning_category="other",
                warning_text=warning, created=now, state=Visibility.PUBLISHED)  # fmt: skip
    return board, thread, post


def _assert_text_only(html, class_name, expected=None, allowed_children=()):
    found = list(elements_with_class(html, class_name))
    assert found, f"no .{class_name} in the page"
    for element in found:
        children = [t for t in descendant_tags(element) if t not in allowed_children]
        assert children == [], f".{class_name} holds elements {children}"
        if expected is not None:
            assert "".join(element.itertext()).strip() == as_parsed(expected).strip()


@by_payload
def test_titles_warnings_and_bodies_are_escaped_in_the_post_and_thread_list_partials(payload):
    board, thread, post = _objects(payload)
    kinds = ReactionKind.choices
    live = render_to_string("forum/_post.html", {"post": post, "thread": thread, "live": True,
                                                 "reaction_kinds_all": kinds})  # fmt: skip
    page = render_to_string(
        "forum/_post.html",
        {"post": post, "thread": thread, "live": False, "user": AnonymousUser(),
         "blocked_ids": set(), "reacted_pairs": set(), "reaction_kinds_all": kinds,
         "viewer_is_moderator": True},
    )  # fmt: skip
    listing = render_to_string("forum/_thread_list.html", {"threads": [thread], "show_board": True})
    for html in (live, page, listing):
        assert page_problems(html) == [], payload.text
    for html in (live, page):
        summary = next(elements_by_tag(html, "summary"))
        assert descendant_tags(summary) == ["span"], "the warning text made markup"
        assert post.warning_text in "".join(summary.itertext())
        body = next(elements_with_class(html, "post-body"))
        assert set(descendant_tags(body)) <= ALLOWED_TAGS
    _assert_text_only(listing, "thread-title", thread.title)


@by_payload
def test_titles_are_escaped_in_the_title_and_heading_of_their_thread_page(payload):
    from django.core.paginator import Paginator

    from forum.forms import PostForm

    board, thread, post = _objects(payload)
    request = RequestFactory().get(f"/threads/{thread.pk}/")
    request.user = AnonymousUser()
    context = {
        "thread": thread, "form": PostForm(), "page": Paginator([post], 50).page(1),
        "posts": [post], "reacted_pairs": set(), "blocked_ids": set(),
        "reaction_kinds_all": ReactionKind.choices, "viewer_is_moderator": False,
    }  # fmt: skip
    html = render_to_string("forum/thread.html", context, request=request)
    assert page_problems(html) == [], payload.text
    _assert_text_only(html, "thread-heading", thread.title)
    title = next(elements_by_tag(html, "title"))
    assert "".join(title.itertext()) == as_parsed(f"{thread.title} · Peerhaven")


@by_payload
def test_about_lines_titles_and_warnings_are_escaped_on_the_profile_page(payload):
    from accounts.models import Member

    board, thread, post = _objects(payload)
    thread.author = member = Member(pk=5, pseudonym="XssAuthor", about=payload.cut(ABOUT_MAX),
                                    date_joined=timezone.now())  # fmt: skip
    reply = Post(pk=12, thread=thread, author=member, body=payload.text,
                 html=render_markdown(payload.text), created=timezone.now())  # fmt: skip
    request = RequestFactory().get("/accounts/members/XssAuthor/")
    request.user = AnonymousUser()
    context = {"member": member, "is_self": False, "show_about": True, "about_withheld": False,
               "post_count": 2, "threads": [thread], "replies": [post, reply],
               "can_block": False, "blocking": False}  # fmt: skip
    html = render_to_string("accounts/profile.html", context, request=request)
    assert page_problems(html) == [], payload.text
    _assert_text_only(html, "profile-about", member.about)
    _assert_text_only(html, "profile-threads", allowed_children=("li", "a", "span", "time"))
    _assert_text_only(html, "profile-replies", allowed_children=("li", "a", "span", "time", "p"))


# --- Search snippets: escaped text with <mark> around the words ---------------------------------


@by_payload
def test_search_snippets_highlight_the_payloads_own_words_without_making_markup(payload):
    snippet = str(_plain_snippet(payload.text, _words(payload.text)))
    assert fragment_problems(snippet, {"mark"}) == [], f"{payload.text!r} -> {snippet!r}"
    assert not re.search(r"<mark\s+[^>]", snippet), "an attribute on <mark>"


@by_payload
def test_postgres_headlines_turn_only_their_own_markers_into_marks(payload):
    from forum import search

    if not hasattr(search, "_safe_headline"):
        pytest.skip("no ts_headline snippets in forum.search")
    marked = f"{search.START}{payload.text[:100]}{search.STOP} {payload.text}"
    html = str(search._safe_headline(marked))
    assert fragment_problems(html, {"mark"}) == [], f"{payload.text!r} -> {html!r}"


# Query words that also spell part of the <mark> tag or of an entity the escaping made.
@pytest.mark.parametrize("words", [["mark", "ar"], ["lt", "gt"], ["quot", "amp"], ["x27"]])
def test_search_snippets_highlight_only_the_members_words_never_our_own_markup(words):
    text = '<b>"Tom & Jerry\'s" market</b> of marks'
    snippet = str(_plain_snippet(text, words))
    body = next(elements_by_tag(f"<body>{snippet}</body>", "body"))
    assert descendant_tags(body) == ["mark"] * len(list(body.iter("mark")))
    assert "".join(body.itertext()) == text, f"the snippet garbles the text: {snippet!r}"


# --- Whole pages through the test client --------------------------------------------------------


PAGE_SAMPLE_STRIDE = 12


@pytest.fixture
def scan_says_none(monkeypatch):
    calm_scanner(monkeypatch)


def _page(client, path, *, method="get", data=None) -> str:
    response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 400), f"{path}: {response.status_code}"
    return response.content.decode()


def _check_pages(pages: dict[str, str]) -> None:
    problems = {path: page_problems(html) for path, html in pages.items()}
    problems = {path: found for path, found in problems.items() if found}
    assert problems == {}, f"{len(problems)} of {len(pages)} pages: {problems}"


@pytest.mark.django_db
def test_every_page_escapes_each_payload_as_title_warning_body_and_about_line(
    client, board, make_member, moderator, scan_says_none, django_capture_on_commit_callbacks
):
    """Through the real views, for a sample of the corpus (the browser test takes all of it):
    each payload is the title, opening post, warning text and author's "about" line of a
    thread of its own, and a reply (no warning) in a shared thread; then every page that shows
    them is fetched and parsed: threads, board and waiting lists, home, profiles, search, the
    author's edit page, new-thread preview and notifications (someone replied in the thread
    with the payload as title), the moderators' queue and review pages."""
    from accounts.services import update_about
    from forum import services

    replies = services.create_thread(board=board, author=moderator, title="Replies",
                                     body="Replies to read.").post.thread  # fmt: skip
    authors = {}
    sample = PAYLOADS[::PAGE_SAMPLE_STRIDE]
    for payload in sample:
        author = make_member(f"Xss{payload.index:03d}")
        update_about(member=author, about=payload.cut(ABOUT_MAX))
        outcome = services.create_thread(
            board=board, author=author, title=payload.cut(TITLE_MAX) if
            clean_text(payload.cut(TITLE_MAX)).strip() else f"({payload.id})",
            body=payload.text, warning_category="other", warning_text=payload.cut(WARNING_MAX),
        )  # fmt: skip
        services.create_post(thread=replies, author=author, body=payload.text)
        authors[payload.id] = (author, outcome.post)
    assert not Post.objects.exclude(state=Visibility.PUBLISHED).exists()

    pages = {}

    def fetch(path, label="", **kwargs):
        pages[f"{path} {label}".strip()] = _page(client, path, **kwargs)

    client.force_login(moderator)
    for author, post in authors.values():
        fetch(f"/threads/{post.thread_id}/")
        fetch(f"/accounts/members/{author.pseudonym}/")
        fetch(f"/moderation/posts/{post.pk}/")
    for k in range(1, len(sample) // 50 + 2):
        fetch(f"/threads/{replies.pk}/?page={k}")
    for k in range(1, len(sample) // 30 + 2):
        fetch(f"/boards/{board.slug}/?page={k}")
        fetch(f"/waiting/?page={k}")
    fetch("/")
    fetch("/moderation/")
    for query in ["alert", "script", "javascript", "onerror", "svg", "img", "XSS", "data",
                  "mark", "lt", "quot", "amp", "x27", "<script>alert(1)</script>"]:  # fmt: skip
        fetch("/search/", query, data={"q": query})
    # Pages only the author sees (the same form widgets for every post): a third of the sample,
    # and their notifications, which name the thread someone replied in.
    from django.apps import apps

    notifying = apps.is_installed("notifications")
    for payload in sample[::3]:
        author, post = authors[payload.id]
        if notifying:  # notifications are made after commit
            with django_capture_on_commit_callbacks(execute=True):
                services.create_post(thread=post.thread, author=moderator, body="Not alone.")
        client.force_login(author)
        if notifying:
            fetch("/notifications/", payload.id)
            assert list(elements_with_class(pages[f"/notifications/ {payload.id}"], "notification"))
        fetch(f"/posts/{post.pk}/edit/", payload.id)
        fetch("/accounts/settings/about/", payload.id)
        fields = {"title": payload.cut(TITLE_MAX), "body": payload.text,
                  "warning": payload.cut(WARNING_MAX), "preview": "1"}  # fmt: skip
        fetch(f"/boards/{board.slug}/new/", payload.id, method="post", data=fields)
    _check_pages(pages)
    print(f"\n{len(sample)} payloads through the views, {len(pages)} pages parsed")


# --- The moderators' queue and review pages: report notes -------------------------------------


@pytest.mark.django_db
def test_report_notes_are_escaped_in_the_moderators_queue_and_review_pages(
    client, board, make_member, moderator, scan_says_none
):
    if report_service() is None:
        pytest.skip("no moderation.reports.report_post yet: enable with the queue work")
    from forum import services

    reported = make_member("ReportedAuthor")  # moderators may not review their own posts
    targets = [
        services.create_thread(
            board=board, author=reported, title=f"Reported {k}", body="Reported words."
        ).post  # fmt: skip
        for k in range(13)
    ]
    authors = [make_member(f"Reporter{p.index:03d}") for p in PAYLOADS]
    per_target = report_every_payload(authors, targets)
    client.force_login(moderator)
    pages = {"/moderation/": _page(client, "/moderation/")}
    for post in targets:
        path = f"/moderation/posts/{post.pk}/"
        html = pages[path] = _page(client, path)
        listed = [li for box in elements_with_class(html, "reports-list") for li in box]
        assert len(listed) == per_target[post.pk], f"{path} does not show every report"
        for li in listed:
            assert set(descendant_tags(li)) <= {"span"}, "a report note made markup"
    _check_pages(pages)
    print(f"\n{len(PAYLOADS)} report notes on {len(targets)} review pages and the queue")

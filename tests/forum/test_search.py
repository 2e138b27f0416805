"""Search finds what every reader may see, ranks it, and never leaks what it must not.

These run on SQLite and, with DATABASE_URL set, on PostgreSQL's full-text path."""

import pytest
from django.db import connection

from forum import services
from forum.models import Board, Post, Thread, Visibility
from forum.reading import ReaderFilters
from forum.search import search

pytestmark = pytest.mark.django_db


def hit_posts(query, **kwargs):
    return [hit.post_id for hit in search(query, **kwargs)]


def test_a_visitor_finds_a_post_by_its_words_and_the_result_links_to_it(client, make_thread):
    thread = make_thread(title="Evenings", body="The garden helps me breathe again.")
    post = thread.posts.get()
    html = client.get("/search/?q=garden").content.decode()
    assert f'href="/threads/{thread.pk}/?post={post.pk}#post-{post.pk}">Evenings</a>' in html
    assert "<mark>garden</mark>" in html.lower()


def test_a_title_matches_the_opening_post_not_every_reply(make_thread, other_member):
    thread = make_thread(title="Insomnia again", body="Awake at four.")
    for n in range(3):
        services.create_post(thread=thread, author=other_member, body=f"Hang in there {n}.")
    assert hit_posts("insomnia") == [thread.posts.get(is_opening=True).pk]


def test_held_hidden_and_deleted_posts_never_appear(make_thread, thread, other_member, member):
    for state in (Visibility.HELD, Visibility.HIDDEN):
        Post.objects.create(
            thread=thread, author=other_member, body=f"secret marigold {state}",
            html="<p>x</p>", state=state,
        )  # fmt: skip
    removed = services.create_post(thread=thread, author=member, body="marigold words").post
    services.delete_post(post=removed, member=member)
    assert hit_posts("marigold") == []


def test_posts_in_held_or_hidden_threads_never_appear(make_thread):
    held = make_thread(title="Sunflower one", body="sunflower")
    hidden = make_thread(title="Sunflower two", body="sunflower")
    Thread.objects.filter(pk=held.pk).update(state=Visibility.HELD)
    Thread.objects.filter(pk=hidden.pk).update(state=Visibility.HIDDEN)
    assert hit_posts("sunflower") == []


def test_an_anonymous_authors_pseudonym_never_leaks(client, make_member, make_thread):
    secret = make_member("HiddenWillow")
    thread = make_thread(author=secret, anonymous=True, title="Lighthouse", body="lighthouse")
    services.create_post(thread=thread, author=secret, anonymous=True, body="lighthouse again")
    assert hit_posts("HiddenWillow") == []
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "Lighthouse" in html
    assert "HiddenWillow" not in html and "hiddenwillow" not in html.lower()


def test_snippets_are_escaped_so_a_post_cannot_inject_markup(make_thread, client):
    body = '<script>alert("x")</script> pebble <b>bold</b> <img src=x onerror=alert(1)> end'
    make_thread(title="Escaping", body=body)
    html = client.get("/search/?q=pebble").content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<img src=x" not in html
    # PostgreSQL's ts_headline passes some markup through as text: it arrives escaped.
    assert "&lt;img src=x onerror=alert" in html


def test_results_are_ranked_title_matches_first_on_postgresql(make_thread):
    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL's; SQLite lists newest first")
    body_only = make_thread(title="A long week", body="I miss my dog so much.")
    titled = make_thread(title="My dog died", body="It happened on Sunday, the dog was old.")
    assert hit_posts("dog")[:2] == [titled.posts.get().pk, body_only.posts.get().pk]


def test_search_uses_the_gin_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the index exists only on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN "
            "('forum_post_search_vector', 'forum_thread_search_vector') ORDER BY 1"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "forum_post_search_vector",
            "forum_thread_search_vector",
        ]


def test_the_support_panel_appears_above_results_for_a_crisis_query(client, make_thread):
    make_thread(title="Tonight", body="how are you all")
    html = client.get("/search/?q=how to kill myself").content.decode()
    assert "data-support-panel" in html
    assert html.index("data-support-panel") < html.index('id="search-page-q"')


def test_no_support_panel_for_an_ordinary_query(client, make_thread):
    make_thread(title="Sleep", body="tips for sleep")
    html = client.get("/search/?q=sleep tips").content.decode()
    assert "data-support-panel" not in html


def test_muted_words_and_boards_leave_that_members_results_only(
    client, make_thread, member, other_member
):
    from forum.models import ReaderSettings

    anxiety = Board.objects.get(slug="anxiety")
    kept = make_thread(title="Harbour", body="harbour lights")
    worded = make_thread(title="Harbour relapse", body="harbour after a relapse")
    boarded = make_thread(title="Harbour worries", body="harbour", on_board=anxiety)
    settings_row = ReaderSettings.objects.create(member=member, muted_words="RELAPSE")
    settings_row.muted_boards.add(anxiety)
    client.force_login(member)
    mine = client.get("/search/?q=harbour").content.decode()
    assert "Harbour</a>" in mine
    assert "Harbour relapse" not in mine and "Harbour worries" not in mine
    client.force_login(other_member)
    theirs = client.get("/search/?q=harbour").content.decode()
    assert "Harbour relapse" in theirs and "Harbour worries" in theirs
    filters = ReaderFilters(muted_words=("relapse",), muted_board_ids=frozenset({anxiety.pk}))
    assert hit_posts("harbour", filters=filters) == [kept.posts.get().pk]
    assert worded.pk and boarded.pk


def test_an_empty_or_symbol_only_query_finds_nothing(client):
    assert search("") == [] and search("!!! ?") == []
    assert client.get("/search/?q=").status_code == 200

"""Members start threads, reply, edit, delete, react; the rules that keep it safe hold."""

import re

import pytest

from forum import services
from forum.models import Post, PostRevision, Reaction, Thread, Visibility
from forum.rendering import render_markdown

pytestmark = pytest.mark.django_db


def test_starting_a_thread_redirects_303_to_the_new_post(client, member, board):
    client.force_login(member)
    response = client.post(
        f"/boards/{board.slug}/new/",
        {"title": "First time posting", "body": "Hello, I'm new here.", "warning": ""},
    )
    thread = Thread.objects.get(title="First time posting")
    post = thread.posts.get()
    assert response.status_code == 303
    assert response["Location"] == f"/threads/{thread.pk}/#post-{post.pk}"
    assert post.html == "<p>Hello, I'm new here.</p>"


def test_a_reply_on_a_later_page_redirects_with_the_page_number(client, member, thread, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    services.create_post(thread=thread, author=member, body="second")
    client.force_login(member)
    response = client.post(f"/threads/{thread.pk}/", {"body": "third, on page two"})
    post = Post.objects.get(body="third, on page two")
    assert response.status_code == 303
    assert response["Location"] == f"/threads/{thread.pk}/?page=2#post-{post.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="post-{post.pk}"' in page


def test_visitors_posting_are_sent_to_log_in(client, thread, board):
    assert client.post(f"/threads/{thread.pk}/", {"body": "hi"})["Location"].startswith(
        "/accounts/login/"
    )
    assert client.get(f"/boards/{board.slug}/new/")["Location"].startswith("/accounts/login/")


def test_an_empty_reply_is_refused_with_a_clear_error(client, member, thread):
    client.force_login(member)
    response = client.post(f"/threads/{thread.pk}/", {"body": "   "})
    assert response.status_code == 400
    assert "Please write something before posting." in response.content.decode()


def test_a_rejected_thread_keeps_the_members_words(client, member, board):
    client.force_login(member)
    response = client.post(
        f"/boards/{board.slug}/new/", {"title": "", "body": "words I must not lose"}
    )
    assert response.status_code == 400
    assert "words I must not lose" in response.content.decode()


def test_replying_to_a_locked_thread_is_refused_and_keeps_the_text(client, member, thread):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(member)
    response = client.post(f"/threads/{thread.pk}/", {"body": "my careful reply"})
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert not Post.objects.filter(body="my careful reply").exists()
    with pytest.raises(services.PostingRefused):
        services.create_post(thread=thread, author=member, body="direct")


def test_preview_matches_the_saved_rendering(client, member, thread):
    client.force_login(member)
    body = "**Bold** and a [link](https://warmline.org)\n\n> quoted"
    preview = client.post("/posts/preview/", {"body": body}).json()["html"]
    client.post(f"/threads/{thread.pk}/", {"body": body})
    assert Post.objects.get(body=body).html == preview == render_markdown(body)


def test_preview_button_shows_the_rendering_without_posting(client, member, thread):
    client.force_login(member)
    response = client.post(f"/threads/{thread.pk}/", {"body": "*draft*", "preview": "1"})
    assert response.status_code == 200
    assert "<em>draft</em>" in response.content.decode()
    assert not Post.objects.filter(body="*draft*").exists()


def test_quoting_a_post_starts_the_reply_with_its_words(client, member, other_member, thread):
    reply = services.create_post(thread=thread, author=other_member, body="hang in there").post
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/?quote={reply.pk}").content.decode()
    assert "BraveOtter7 wrote:\n&gt; hang in there" in html


def test_editing_keeps_the_earlier_version_for_moderators_and_marks_edited(
    client, member, thread, moderator
):
    post = thread.posts.get()
    client.force_login(member)
    response = client.post(f"/posts/{post.pk}/edit/", {"body": "Some days are lighter now."})
    assert response.status_code == 303
    post.refresh_from_db()
    assert post.edited is not None and post.html == "<p>Some days are lighter now.</p>"
    assert PostRevision.objects.get(post=post).body == "Some days are heavy."
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert ">edited<" in html and "Some days are heavy." not in html


def test_editing_or_deleting_another_members_post_is_refused(client, other_member, thread):
    post = thread.posts.get()
    client.force_login(other_member)
    assert client.post(f"/posts/{post.pk}/edit/", {"body": "hijack"}).status_code == 403
    assert client.post(f"/posts/{post.pk}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.body == "Some days are heavy." and post.state == Visibility.PUBLISHED


def test_deleting_leaves_a_removed_by_the_author_placeholder(client, member, other_member, thread):
    reply = services.create_post(thread=thread, author=member, body="regret this").post
    services.create_post(thread=thread, author=other_member, body="replying to you")
    client.force_login(member)
    assert client.post(f"/posts/{reply.pk}/delete/").status_code == 303
    reply.refresh_from_db()
    assert (reply.state, reply.body, reply.html) == (Visibility.DELETED, "", "")
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "This post was removed by the author." in html
    assert "regret this" not in html and "replying to you" in html
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_anonymous_post_shows_anonymous_member_and_hides_the_pseudonym(
    client, member, other_member, thread
):
    client.force_login(other_member)
    client.post(f"/threads/{thread.pk}/", {"body": "I feel this too", "anonymous": "on"})
    client.logout()
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "Anonymous member" in html
    assert "BraveOtter7" not in html


def test_anonymous_starter_replying_shows_as_original_poster(client, member, make_thread):
    thread = make_thread(anonymous=True)
    services.create_post(thread=thread, author=member, body="update from me", anonymous=True)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert html.count("Anonymous (original poster)") == 2
    assert "QuietHeron42" not in html


def test_named_starter_replying_anonymously_is_not_unmasked_as_original_poster(
    client, member, thread
):
    services.create_post(thread=thread, author=member, body="secret update", anonymous=True)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "Anonymous (original poster)" not in html
    assert "Anonymous member" in html


def test_anonymous_authors_pseudonym_is_in_no_bytes_others_receive(
    client, make_member, make_thread
):
    secret = make_member("WhisperingFern")
    thread = make_thread(author=secret, anonymous=True, title="Hard night")
    services.create_post(thread=thread, author=secret, body="still here", anonymous=True)
    reader = make_member("JustReading")
    surfaces = [
        "/", f"/boards/{thread.board.slug}/", f"/threads/{thread.pk}/", "/waiting/",
        f"/threads/{thread.pk}/events/?since=0", "/search/?q=Hard+night", "/search/?q=still+here",
    ]  # fmt: skip
    for who in (None, reader):
        if who:
            client.force_login(who)
        for url in surfaces:
            body = client.get(url).content.decode()
            assert "WhisperingFern" not in body and "whisperingfern" not in body.lower(), url


def test_moderators_see_the_real_account_behind_an_anonymous_post(
    client, member, other_member, thread, moderator
):
    services.create_post(thread=thread, author=other_member, body="anon words", anonymous=True)
    client.force_login(moderator)
    assert "(moderators see: BraveOtter7)" in client.get(f"/threads/{thread.pk}/").content.decode()


def test_content_warning_collapses_the_body_behind_details(client, member, board):
    services.create_thread(
        board=board, author=member, title="About my past", body="the hard part",
        warning_category="self_harm", warning_text="mentions of scars",
    )  # fmt: skip
    html = client.get("/threads/{}/".format(Thread.objects.get(title="About my past").pk))
    text = html.content.decode()
    assert re.search(
        r'<details class="content-warning"[^>]*>\s*<summary>Content warning: Self-harm: mentions '
        r"of scars",
        text,
    )
    assert text.index("<details") < text.index("the hard part")


def test_reactions_toggle_and_count(client, member, other_member, thread):
    post = thread.posts.get()
    client.force_login(other_member)
    client.post(f"/posts/{post.pk}/react/", {"kind": "hug"})
    client.post(f"/posts/{post.pk}/react/", {"kind": "me_too"})
    post.refresh_from_db()
    assert post.reaction_counts == {"hug": 1, "me_too": 1}
    client.post(f"/posts/{post.pk}/react/", {"kind": "hug"})
    post.refresh_from_db()
    assert post.reaction_counts == {"me_too": 1}
    assert Reaction.objects.filter(post=post).count() == 1


def test_a_reaction_kind_that_does_not_exist_is_refused(client, member, thread):
    client.force_login(member)
    response = client.post(
        f"/posts/{thread.posts.get().pk}/react/", {"kind": "downvote"},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert response.status_code == 400


def test_reactions_answer_json_for_the_page_script(client, member, thread):
    client.force_login(member)
    response = client.post(
        f"/posts/{thread.posts.get().pk}/react/", {"kind": "strength"},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert response.json()["counts"] == {"strength": 1}
    assert response.json()["pressed"] is True


def test_a_new_member_may_start_three_threads_in_ten_minutes_then_gets_429(
    client, make_member, board
):
    newcomer = make_member("NewHere1", new=True)
    client.force_login(newcomer)
    for n in range(3):
        ok = client.post(f"/boards/{board.slug}/new/", {"title": f"t{n}", "body": "hello"})
        assert ok.status_code == 303
    limited = client.post(f"/boards/{board.slug}/new/", {"title": "t4", "body": "keep me"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "keep me" in limited.content.decode()


def test_a_new_member_may_post_ten_replies_in_ten_minutes_then_gets_429(
    client, make_member, thread
):
    newcomer = make_member("NewHere2", new=True)
    client.force_login(newcomer)
    for n in range(10):
        assert client.post(f"/threads/{thread.pk}/", {"body": f"r{n}"}).status_code == 303
    limited = client.post(f"/threads/{thread.pk}/", {"body": "the words I typed"})
    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert "the words I typed" in limited.content.decode()


def test_a_new_members_post_with_more_than_two_links_is_held_and_shown_to_them(
    client, make_member, thread
):
    newcomer = make_member("NewHere3", new=True)
    client.force_login(newcomer)
    body = "[a](https://a.example.org) [b](https://b.example.org) https://c.example.org"
    client.post(f"/threads/{thread.pk}/", {"body": body})
    post = Post.objects.get(body=body)
    assert post.state == Visibility.HELD
    own_view = client.get(f"/threads/{thread.pk}/").content.decode()
    assert 'data-state="held"' in own_view and "wait for a peer moderator" in own_view
    assert client.post(f"/threads/{thread.pk}/", {"body": "still me"}).status_code == 303
    client.logout()
    assert "c.example.org" not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_links_that_do_not_survive_sanitising_do_not_count(client, make_member, thread):
    newcomer = make_member("NewHere4", new=True)
    body = "[a](https://a.example) [b](https://b.example) [x](javascript:alert(1))"
    outcome = services.create_post(thread=thread, author=newcomer, body=body)
    assert outcome.post.state == Visibility.PUBLISHED


def test_established_members_links_are_not_held(member, thread):
    body = " ".join(f"https://{n}.example" for n in "abcd")
    assert services.create_post(thread=thread, author=member, body=body).post.state == "published"


def test_titles_containing_html_are_accepted_and_shown_escaped(client, member, board):
    client.force_login(member)
    client.post(f"/boards/{board.slug}/new/", {"title": "<b>not bold</b>", "body": "hi"})
    thread = Thread.objects.get(title="<b>not bold</b>")
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html and "<b>not bold</b>" not in html

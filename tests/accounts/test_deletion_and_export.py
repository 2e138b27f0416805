import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Block, Member, MemberSession, RecoveryCode, ReservedPseudonym
from accounts.personal_data import (
    OTHERS_RECORDS,
    SECRET_FIELDS,
    export_member_data,
    member_links,
    remaining_member_rows,
)
from accounts.signals import member_deleting
from forum import services as forum_services
from forum.models import Post, PostRevision, Reaction, Thread

OLD_NAME, NAME = "Zephyrquill", "Marrowlight"


@pytest.fixture
def leaver(make_member, other_member, make_thread, make_reply, password):
    """A member with something in every kind of record, and markers in all their words."""
    person = make_member(OLD_NAME)
    services.change_pseudonym(member=person, new_pseudonym=NAME)  # leaves a reservation
    person.about = "zqx-about"
    person.save()
    services.issue_recovery_codes(member=person)

    named = make_thread(person, title="zqx-title-named", body="zqx-opening-named")
    make_thread(person, title="zqx-title-anon", body="zqx-opening-anon", anonymous=True)
    theirs = make_thread(other_member, title="Other's thread", body="other opening")
    reply = make_reply(theirs, person, body="zqx-reply-named", warning_text="zqx-warning")
    make_reply(theirs, person, body="zqx-reply-anon", anonymous=True)
    make_reply(named, other_member, body="a kind answer")
    forum_services.edit_post(post=reply, editor=person, body="zqx-reply-edited")  # a revision
    removed = make_reply(theirs, person, body="zqx-removed-earlier")
    forum_services.delete_post(post=removed, member=person)  # its text lives in a revision

    their_post = theirs.posts.get(is_opening=True)
    forum_services.toggle_reaction(post=their_post, member=person, kind="hug")
    forum_services.toggle_reaction(post=their_post, member=other_member, kind="hug")
    forum_services.toggle_reaction(
        post=named.posts.get(is_opening=True), member=other_member, kind="me_too"
    )

    Block.objects.create(blocker=person, blocked=other_member)
    Block.objects.create(blocker=other_member, blocked=person)
    return person


@pytest.fixture(autouse=True)
def _scanner_says_none(monkeypatch):
    """Editing a post runs the crisis scanner; these tests are about accounts, not its verdicts."""
    from safety.services import Assessment

    monkeypatch.setattr("forum.services.assess_text", lambda text, **views: Assessment("none"))


def log_in_twice(person, password):
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post("/accounts/login/", {"username": NAME, "password": password})
    return browsers


def delete_via_page(browser, password, choice):
    return browser.post(reverse("accounts:delete"), {"posts": choice, "password": password})


@pytest.mark.parametrize("choice", ["erase", "keep"])
@pytest.mark.django_db
def test_deleting_an_account_leaves_no_row_pointing_at_it(
    leaver, password, choice, database_dump, django_capture_on_commit_callbacks
):
    pk = leaver.pk
    browser, elsewhere = log_in_twice(leaver, password)
    assert remaining_member_rows(pk)  # the fixture really does fill the records

    with django_capture_on_commit_callbacks(execute=True):
        response = delete_via_page(browser, password, choice)

    assert response["Location"] == "/"
    assert not Member.objects.filter(pk=pk).exists()
    assert remaining_member_rows(pk) == {}
    for model in (RecoveryCode, MemberSession, ReservedPseudonym):
        assert not model.objects.exists()
    assert not Reaction.objects.filter(member_id=pk).exists()
    assert not Block.objects.exists()
    assert all(s.get_decoded().get("_auth_user_id") != str(pk) for s in Session.objects.all())
    assert "_auth_user_id" not in browser.session and "_auth_user_id" not in elsewhere.session
    dump = database_dump()
    for trace in (NAME, OLD_NAME, NAME.lower(), "zqx-about"):
        assert trace not in dump


@pytest.mark.django_db
def test_erasing_posts_removes_their_text_everywhere_and_keeps_placeholders(
    leaver, other_member, database_dump, django_capture_on_commit_callbacks
):
    thread_ids = list(Thread.objects.filter(author=leaver).values_list("pk", flat=True))
    post_ids = list(Post.objects.filter(author=leaver).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(member=leaver, erase_posts=True)

    assert "zqx" not in database_dump()
    for post in Post.objects.filter(pk__in=post_ids):
        assert (post.state, post.body, post.html, post.author_id) == ("deleted", "", "", None)
        assert (post.warning_text, post.warning_category, post.reaction_counts) == ("", "", {})
    assert not PostRevision.objects.filter(post_id__in=post_ids).exists()
    threads = Thread.objects.filter(pk__in=thread_ids)
    assert {t.title for t in threads} == {"Removed thread"}
    assert {t.anonymous for t in threads} == {True, False}
    assert Post.objects.filter(body="a kind answer", author=other_member).exists()
    theirs = Thread.objects.get(title="Other's thread")
    assert theirs.reply_count == 0
    assert theirs.posts.get(is_opening=True).reaction_counts == {"hug": 1}


@pytest.mark.django_db
def test_keeping_posts_cuts_them_loose_from_the_account(
    leaver, database_dump, django_capture_on_commit_callbacks
):
    pk = leaver.pk
    anonymous_before = dict(
        Post.objects.filter(author=leaver, body__startswith="zqx").values_list("body", "anonymous")
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(member=leaver, erase_posts=False)

    kept = dict(Post.objects.filter(body__startswith="zqx").values_list("body", "anonymous"))
    assert kept == anonymous_before
    assert not Post.objects.filter(author_id=pk).exists()
    assert set(Thread.objects.filter(title__startswith="zqx").values_list("author", flat=True)) == {
        None
    }
    assert Thread.objects.get(title="Other's thread").reply_count == 2
    theirs = Thread.objects.get(title="Other's thread").posts.get(is_opening=True)
    assert theirs.reaction_counts == {"hug": 1}


@pytest.mark.django_db
def test_a_part_of_the_deletion_that_fails_rolls_all_of_it_back(
    leaver, django_capture_on_commit_callbacks
):
    """Apps above do their part inside the deletion's transaction: forum has already erased the
    posts when a later receiver fails, and nothing of it may stay, nor be broadcast."""
    posts_before = sorted(Post.objects.filter(author=leaver).values_list("pk", "body", "state"))

    def fail(sender, **kwargs):
        raise RuntimeError("a later receiver failed")

    member_deleting.connect(fail, dispatch_uid="test.fail")
    try:
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
            services.delete_account(member=leaver, erase_posts=True)
    finally:
        member_deleting.disconnect(dispatch_uid="test.fail")

    assert callbacks == []
    assert Member.objects.filter(pk=leaver.pk).exists()
    assert sorted(Post.objects.filter(author=leaver).values_list("pk", "body", "state")) == (
        posts_before
    )
    assert Reaction.objects.filter(member=leaver).exists()
    assert not Thread.objects.filter(title="Removed thread").exists()


@pytest.mark.django_db
def test_deleting_needs_the_password_and_a_choice(client, member, password):
    client.force_login(member)
    url = reverse("accounts:delete")
    assert client.post(url, {"posts": "erase", "password": "wrong"}).status_code == 400
    assert client.post(url, {"password": password}).status_code == 400
    assert Member.objects.filter(pk=member.pk).exists()
    page = client.get(url).content.decode()
    assert 'value="erase"' in page and 'value="keep"' in page and "checked" not in page


@pytest.mark.django_db
def test_the_export_holds_every_row_that_belongs_to_the_member(client, leaver, password):
    client.force_login(leaver)
    response = client.post(reverse("accounts:export"), {"password": password})
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)

    assert data["profile"]["pseudonym"] == NAME
    assert data["profile"]["about"] == "zqx-about"
    for link in member_links():
        if link.label in OTHERS_RECORDS:
            assert link.label not in data["records"]
            continue
        expected = set(link.rows(leaver.pk).values_list("pk", flat=True))
        assert {row["id"] for row in data["records"][link.label]} == expected, link.label

    posts = data["records"]["forum.Post.author"]
    assert {p["body"] for p in posts} >= {"zqx-opening-anon", "zqx-reply-anon", "zqx-reply-edited"}
    assert all("thread_id" in p for p in posts)
    assert {t["title"] for t in data["records"]["forum.Thread.author"]} == {
        "zqx-title-named",
        "zqx-title-anon",
    }
    assert [r["kind"] for r in data["records"]["forum.Reaction.member"]] == ["hug"]
    assert len(data["records"]["accounts.Block.blocker"]) == 1
    assert data["records"]["accounts.ReservedPseudonym.member"][0]["pseudonym"] == OLD_NAME


@pytest.mark.django_db
def test_the_export_never_contains_secrets_or_who_blocked_the_member(leaver, other_member):
    text = json.dumps(export_member_data(leaver))
    assert leaver.password not in text
    for digest in RecoveryCode.objects.values_list("digest", flat=True):
        assert digest not in text
    for key in MemberSession.objects.values_list("session_key", flat=True):
        assert key not in text
    blocks = export_member_data(leaver)["records"]["accounts.Block.blocker"]
    assert [b["blocked_id"] for b in blocks] == [other_member.pk]


@pytest.mark.django_db
def test_the_export_needs_the_password(client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:export")).status_code == 200
    assert client.post(reverse("accounts:export"), {"password": "wrong"}).status_code == 400


def test_the_walk_finds_every_model_that_points_at_members():
    labels = {link.label for link in member_links()}
    assert labels >= {
        "forum.Post.author",
        "forum.Thread.author",
        "forum.Reaction.member",
        "accounts.Block.blocker",
        "accounts.Block.blocked",
        "accounts.RecoveryCode.member",
        "accounts.MemberSession.member",
        "accounts.ReservedPseudonym.member",
        "accounts.Member_groups.member",
    }
    assert OTHERS_RECORDS <= labels
    # Moderation registers its own (accounts never names moderation's models).
    assert OTHERS_RECORDS >= {
        "accounts.Block.blocked",
        "moderation.QueueItem.claimed_by",
        "moderation.Sanction.issued_by",
        "moderation.Sanction.lifted_by",
    }
    assert {label.rsplit(".", 1)[0] for label in SECRET_FIELDS} <= {
        link.label.rsplit(".", 1)[0] for link in member_links()
    } | {"accounts.Member"}

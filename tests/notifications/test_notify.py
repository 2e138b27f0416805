"""Who hears about what: replies, quotes, reactions, follows and moderators' notes."""

import pytest

from accounts.models import Block
from forum import services, signals
from forum.models import Post, Visibility
from notifications import services as notification_services
from notifications.models import Follow, Notification, NotificationKind, QuotedPost
from notifications.selectors import unread_count
from notifications.wording import describe

pytestmark = pytest.mark.django_db


def lines_for(member):
    return [describe(n).text for n in Notification.objects.filter(recipient=member)]


def test_a_reply_tells_the_threads_starter_and_nobody_else(thread, member, other_member, reply):
    reply(thread, other_member)
    assert lines_for(member) == [
        f"{other_member.pseudonym} replied to your thread “{thread.title}”"
    ]
    assert Notification.objects.exclude(recipient=member).count() == 0


def test_replying_in_ones_own_thread_tells_nobody(thread, member, reply):
    reply(thread, member)
    assert Notification.objects.count() == 0


def test_replies_add_up_on_one_unread_line_and_start_a_new_one_once_read(
    thread, member, other_member, make_member, reply
):
    first = reply(thread, other_member)
    reply(thread, make_member())
    reply(thread, other_member)
    line = Notification.objects.get(recipient=member)
    assert line.count == 3 and line.post_id == first.pk  # lands on the first unread reply
    assert lines_for(member) == [f"3 new replies to your thread “{thread.title}”"]
    notification_services.mark_all_read(member=member)
    reply(thread, other_member)
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 1


def test_an_anonymous_reply_never_names_its_author(thread, member, make_member, reply, client):
    secret = make_member("HiddenWillow")
    reply(thread, secret, anonymous=True)
    assert lines_for(member) == [f"Anonymous member replied to your thread “{thread.title}”"]
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert "Anonymous member replied" in html and "HiddenWillow" not in html


def test_a_reply_quoting_someone_tells_them_once_as_a_quote(
    thread, member, other_member, make_member, reply
):
    quoted = reply(thread, other_member, body="What helps me is walking.")
    quoting = reply(thread, make_member("KindFinch"), body="> What helps me is walking.")
    # The view records the hidden `quote` field in the reply's transaction; here, by hand.
    Notification.objects.all().delete()
    QuotedPost.objects.create(post=quoting, quoted=quoted)
    notification_services.notify_about_post(post=quoting)
    assert lines_for(other_member) == [f"KindFinch quoted you in “{thread.title}”"]
    assert lines_for(member) == [f"KindFinch replied to your thread “{thread.title}”"]


def test_quoting_through_the_reply_form_records_the_quoted_post(
    client, thread, member, other_member, make_member, reply
):
    quoted = reply(thread, other_member, body="Walking helps me.")
    quoter = make_member("KindFinch")
    client.force_login(quoter)
    page = client.get(f"/threads/{thread.pk}/?quote={quoted.pk}").content.decode()
    assert f'<input type="hidden" name="quote" value="{quoted.pk}">' in page
    assert f"{other_member.pseudonym} wrote:" in page
    response = client.post(
        f"/threads/{thread.pk}/",
        {"body": "> Walking helps me.\n\nMe too.", "quote": str(quoted.pk)},
    )
    assert response.status_code == 303
    new = Post.objects.latest("id")
    assert QuotedPost.objects.get(post=new).quoted_id == quoted.pk


def test_a_quote_of_a_post_in_another_thread_is_ignored(
    client, make_thread, thread, other_member, member
):
    elsewhere = make_thread(author=other_member, title="Elsewhere")
    client.force_login(member)
    client.post(
        f"/threads/{thread.pk}/",
        {"body": "hello", "quote": str(elsewhere.posts.get().pk)},
    )
    assert not QuotedPost.objects.exists()


def test_followers_hear_about_replies_in_a_thread_they_follow(
    thread, member, other_member, make_member, reply
):
    follower = make_member("WatchfulWren")
    Follow.objects.create(member=follower, thread=thread)
    reply(thread, other_member)
    assert lines_for(follower) == [
        f"{other_member.pseudonym} replied in “{thread.title}”, a thread you follow"
    ]


def test_reactions_are_grouped_per_post_and_kind(thread, member, make_member, react):
    opening = thread.posts.get()
    for _ in range(4):
        react(opening, make_member())
    react(opening, make_member(), kind="thank_you")
    texts = sorted(lines_for(member))
    assert texts == [
        f"4 hugs on your post in “{thread.title}”",
        f"A thank-you for your post in “{thread.title}”",
    ]
    assert unread_count(member) == 2


def test_taking_a_reaction_back_takes_it_off_the_unread_line(thread, member, other_member, react):
    opening = thread.posts.get()
    react(opening, other_member)
    react(opening, other_member)  # toggled off
    assert Notification.objects.count() == 0
    react(opening, other_member)
    assert Notification.objects.get().count == 1


def test_reacting_to_ones_own_post_tells_nobody(thread, member, react):
    react(thread.posts.get(), member)
    assert Notification.objects.count() == 0


def test_a_blocked_member_never_notifies(thread, member, other_member, reply, react):
    Block.objects.create(blocker=member, blocked=other_member)
    reply(thread, other_member)
    reply(thread, other_member, anonymous=True)
    react(thread.posts.filter(is_opening=True).get(), other_member)
    assert Notification.objects.count() == 0


def test_held_posts_notify_only_once_published(thread, member, other_member, committed):
    outcome = committed(
        services.create_post, thread=thread, author=other_member,
        body="I have the pills counted out and I'm taking them all tonight.",
    )  # fmt: skip
    assert outcome.post.state == Visibility.HELD
    assert Notification.objects.count() == 0

    def approve():  # what the moderators' approval does, in its transaction
        Post.objects.filter(pk=outcome.post.pk).update(state=Visibility.PUBLISHED)
        outcome.post.state = Visibility.PUBLISHED
        signals.announce_published(outcome.post)

    committed(lambda: approve())
    assert lines_for(member) == [
        f"{other_member.pseudonym} replied to your thread “{thread.title}”"
    ]


def test_switched_off_kinds_are_not_delivered(thread, member, other_member, reply, react):
    from forum.models import ReaderSettings

    ReaderSettings.objects.create(member=member, notify_replies=False, notify_reactions=False)
    reply(thread, other_member)
    react(thread.posts.filter(is_opening=True).get(), other_member)
    assert Notification.objects.count() == 0


def test_a_member_on_a_break_hears_nothing_until_it_ends(thread, member, other_member, reply):
    from datetime import timedelta

    notification_services.take_break(member=member, length=timedelta(hours=1))
    reply(thread, other_member)
    assert Notification.objects.count() == 0
    notification_services.take_break(member=member, length=None)
    reply(thread, other_member)
    assert Notification.objects.count() == 1


def test_a_moderators_note_reaches_the_member_even_on_a_break(thread, member):
    from datetime import timedelta

    notification_services.take_break(member=member, length=timedelta(days=1))
    note = notification_services.notify(
        recipient=member,
        kind=NotificationKind.MODERATOR_NOTE,
        text="We read your post and we're thinking of you.",
        post=thread.posts.get(),
        support_panel=True,
    )
    assert note.thread_id == thread.pk
    assert describe(note).text == "A note from the peer moderators"
    assert unread_count(member) == 1


def test_a_reply_hidden_later_takes_its_notification_with_it(thread, member, other_member, reply):
    hidden = reply(thread, other_member)
    Post.objects.filter(pk=hidden.pk).update(state=Visibility.HIDDEN)
    assert unread_count(member) == 0


def test_notifications_are_deleted_with_the_recipients_account(thread, member, other_member, reply):
    from accounts.personal_data import remaining_member_rows
    from accounts.services import delete_account

    reply(thread, other_member)
    Follow.objects.create(member=member, thread=thread)
    delete_account(member=member, erase_posts=False)
    assert remaining_member_rows(member.pk) == {}
    assert Post.objects.filter(author=other_member).exists()

"""The notifications page, the bell, reading, following and the reader's settings page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Board, ReaderSettings
from notifications.models import Follow, Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(thread, other_member, reply):
    """`member`'s thread with one reply from `other_member`, notified."""
    return reply(thread, other_member)


def test_visitors_are_sent_to_log_in(client):
    for url in ("/notifications/", "/notifications/settings/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post("/notifications/read-all/")
    assert response["Location"].startswith("/accounts/login/")


def test_the_bell_shows_the_unread_count_in_every_page_header(client, member, replied):
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'href="/notifications/" class="bell" data-bell>' in html
    assert "<span data-bell-number>1</span>" in html
    assert 'src="/static/js/notifications.js"' in html


def test_visitors_get_no_bell(client):
    html = client.get("/").content.decode()
    assert "data-bell" not in html and "notifications.js" not in html


def test_opening_a_notification_reads_it_and_lands_on_the_reply(client, member, replied):
    client.force_login(member)
    page = client.get("/notifications/").content.decode()
    notification = Notification.objects.get()
    assert f'href="/notifications/{notification.pk}/"' in page
    response = client.get(f"/notifications/{notification.pk}/")
    assert response["Location"] == (
        f"/threads/{replied.thread_id}/?post={replied.pk}#post-{replied.pk}"
    )
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(client, other_member, replied):
    client.force_login(other_member)
    notification = Notification.objects.get()
    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_and_all_as_read(client, member, make_thread, other_member, reply, replied):
    second = make_thread(title="Another evening")
    reply(second, other_member)
    client.force_login(member)
    first = Notification.objects.order_by("id").first()
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 303
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert client.post("/notifications/read-all/").status_code == 303
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "Mark all as read" not in client.get("/notifications/").content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill(member, make_thread, make_member, n):
    from forum.models import Post

    Notification.objects.filter(recipient=member).delete()
    repliers = [make_member() for _ in range(3)]
    thread = make_thread(author=member, title="Many replies")
    rows = []
    for i in range(n):
        post = Post.objects.create(
            thread=thread, author=repliers[i % 3], body=f"reply {i}", html=f"<p>reply {i}</p>",
            anonymous=i % 2 == 0,
        )  # fmt: skip
        kind = [NotificationKind.REPLY, NotificationKind.REACTION, NotificationKind.QUOTE][i % 3]
        rows.append(
            Notification(recipient=member, kind=kind, thread=thread, post=post, reaction="hug")
        )
    Notification.objects.bulk_create(rows)


def test_the_notifications_page_runs_the_same_queries_for_5_and_100_rows(
    client, member, make_thread, make_member, settings
):
    import notifications.selectors as notification_selectors

    notification_selectors.NOTIFICATIONS_PER_PAGE = 200
    try:
        client.force_login(member)
        _fill(member, make_thread, make_member, 5)
        few = _queries(client, "/notifications/")
        _fill(member, make_thread, make_member, 100)
        many = _queries(client, "/notifications/")
    finally:
        notification_selectors.NOTIFICATIONS_PER_PAGE = 30
    assert few == many


def test_a_supportive_moderators_note_shows_the_support_panel(client, member, thread):
    from notifications.services import notify

    notify(
        recipient=member,
        kind=NotificationKind.MODERATOR_NOTE,
        text="We're thinking of you <b>tonight</b>.",
        support_panel=True,
    )
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert "data-support-panel" in html
    assert "We&#x27;re thinking of you &lt;b&gt;tonight&lt;/b&gt;." in html


def test_following_and_unfollowing_a_thread(client, thread, other_member):
    client.force_login(other_member)
    page = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "Follow this thread" in page
    response = client.post(f"/notifications/follow/{thread.pk}/", {"action": "follow"})
    assert response.status_code == 303 and response["Location"] == f"/threads/{thread.pk}/"
    assert Follow.objects.filter(member=other_member, thread=thread).exists()
    assert "Stop following" in client.get(f"/threads/{thread.pk}/").content.decode()
    client.post(f"/notifications/follow/{thread.pk}/", {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_a_thread_nobody_may_read_cannot_be_followed(client, thread, other_member):
    from forum.models import Thread

    Thread.objects.filter(pk=thread.pk).update(state="held")
    client.force_login(other_member)
    assert client.post(f"/notifications/follow/{thread.pk}/").status_code == 404


def test_the_settings_page_saves_the_readers_choices(client, member):
    client.force_login(member)
    assert client.get("/notifications/settings/").status_code == 200
    anxiety = Board.objects.get(slug="anxiety")
    response = client.post(
        "/notifications/settings/",
        {
            "notify_replies": "on",
            "notify_followed": "on",
            "peer_supporter": "on",
            "muted_words": "Relapse\n\n  calories  \n",
            "muted_boards": [anxiety.pk],
            "collapsed_categories": ["self_harm"],
            "open_warnings": "on",
        },
    )
    assert response.status_code == 303
    saved = ReaderSettings.objects.get(member=member)
    assert (saved.notify_replies, saved.notify_quotes, saved.notify_reactions) == (
        True, False, False,
    )  # fmt: skip
    assert saved.open_warnings
    assert not saved.peer_supporter  # the nudge box is a granted supporter's alone
    assert saved.muted_words == "Relapse\ncalories"
    assert list(saved.muted_boards.all()) == [anxiety]
    assert saved.collapsed_categories == ["self_harm"]


def test_too_many_muted_words_are_refused_with_the_text_kept(client, member):
    client.force_login(member)
    words = "\n".join(f"word{n}" for n in range(60))
    response = client.post("/notifications/settings/", {"muted_words": words})
    assert response.status_code == 400
    assert "word59" in response.content.decode()


def test_taking_a_break_and_ending_it(client, member):
    client.force_login(member)
    response = client.post("/notifications/settings/break/", {"length": "1d"})
    assert response.status_code == 303
    assert ReaderSettings.objects.get(member=member).on_break()
    assert "End my break now" in client.get("/notifications/settings/").content.decode()
    client.post("/notifications/settings/break/", {"end": "1"})
    assert not ReaderSettings.objects.get(member=member).on_break()


def test_account_settings_link_to_the_reading_and_notification_settings(client, member):
    client.force_login(member)
    html = client.get("/accounts/settings/").content.decode()
    assert 'href="/notifications/settings/">Reading and notifications</a>' in html

"""Lines that apps above notifications announce (group sessions): their text and their link on
the list, opening them, counting them on the bell, switching them off, exporting them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import notifications.selectors as notification_selectors
from accounts.personal_data import export_member_data, remaining_member_rows
from accounts.services import delete_account
from notifications.announcements import announce
from notifications.models import MutedKind, Notification, NotificationKind
from notifications.selectors import unread_count

pytestmark = pytest.mark.django_db

GROUP = NotificationKind.GROUP


def say(member, text="A place opened up in “Tuesday circle”: it is yours", link="/groups/4/"):
    return announce(recipient_ids=[member.pk], kind=GROUP, text=text, link=link)


@pytest.mark.parametrize(
    "link",
    ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example", "groups/4/",
     "/groups/4/ x", ""],
)  # fmt: skip
def test_a_link_that_is_not_a_path_on_this_site_is_refused(member, link):
    with pytest.raises(ValidationError):
        say(member, link=link)
    assert not Notification.objects.exists()


def test_the_list_shows_the_group_line_once_and_the_bell_counts_it(client, member):
    say(member)
    assert unread_count(member) == 1
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert html.count("A place opened up in “Tuesday circle”: it is yours") == 1
    assert 'data-kind="group"' in html


def test_opening_a_group_line_reads_it_and_goes_to_its_link(client, member):
    say(member)
    line = Notification.objects.get()
    client.force_login(member)
    response = client.get(f"/notifications/{line.pk}/")
    assert response.status_code == 302 and response["Location"] == "/groups/4/"
    line.refresh_from_db()
    assert line.read_at is not None


def test_a_stored_outside_link_leads_back_to_the_list_not_away(client, member):
    Notification.objects.create(recipient=member, kind=GROUP, text="x", link="//evil.example/")
    client.force_login(member)
    line = Notification.objects.get()
    assert client.get(f"/notifications/{line.pk}/")["Location"] == "/notifications/"


def test_the_text_is_shown_escaped(client, member):
    say(member, text="<script>alert(1)</script> in “Circle”")
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_once_key_sends_each_member_one_line(member, other_member):
    for _ in range(2):
        announce(
            recipient_ids=[member.pk, other_member.pk], kind=GROUP, text="The room is open",
            link="/groups/4/", once_key="group-opens:4",
        )  # fmt: skip
    assert Notification.objects.filter(recipient=member).count() == 1
    assert Notification.objects.filter(recipient=other_member).count() == 1


def test_the_bell_count_goes_out_after_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        say(member)
    assert len(callbacks) == 1


def test_the_list_page_runs_the_same_queries_with_many_group_lines(client, member):
    notification_selectors.NOTIFICATIONS_PER_PAGE = 200
    try:
        client.force_login(member)
        say(member)
        with CaptureQueriesContext(connection) as few:
            assert client.get("/notifications/").status_code == 200
        for n in range(60):
            say(member, text=f"The room for “Circle {n}” is open", link=f"/groups/{n}/")
        with CaptureQueriesContext(connection) as many:
            assert client.get("/notifications/").status_code == 200
    finally:
        notification_selectors.NOTIFICATIONS_PER_PAGE = 30
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_settings_page_turns_group_sessions_off_and_on(client, member):
    client.force_login(member)
    html = client.get("/notifications/settings/").content.decode()
    assert "Group sessions I joined" in html
    assert (
        'name="notify_groups"' in html and "checked" in html.split('name="notify_groups"')[1][:80]
    )
    assert client.post("/notifications/settings/", {"notify_replies": "on"}).status_code == 303
    assert MutedKind.objects.filter(member=member, kind=GROUP).exists()
    assert say(member) == []
    client.post("/notifications/settings/", {"notify_groups": "on"})
    assert not MutedKind.objects.filter(member=member).exists()
    assert say(member) == [member.pk]


def test_a_refused_settings_form_keeps_the_group_choice(client, member):
    client.force_login(member)
    response = client.post(
        "/notifications/settings/", {"notify_groups": "on", "muted_words": "x" * 61}
    )
    assert response.status_code == 400
    assert not MutedKind.objects.exists()


def test_the_export_lists_group_lines_and_the_switch_and_deletion_removes_them(member):
    say(member)
    MutedKind.objects.create(member=member, kind=GROUP)
    records = export_member_data(member)["records"]
    assert [row["link"] for row in records["notifications.Notification.recipient"]] == [
        "/groups/4/"
    ]
    assert [row["kind"] for row in records["notifications.MutedKind.member"]] == ["group"]
    delete_account(member=member, erase_posts=True)
    assert not Notification.objects.exists() and not MutedKind.objects.exists()
    assert not remaining_member_rows(member.pk)

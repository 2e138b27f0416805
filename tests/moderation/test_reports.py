"""Members report posts: one report each, merged per post, rate-limited when someone may be
at risk, and never announced to the member reported."""

import pytest

from moderation.models import Note, Priority, QueueItem, Report
from moderation.reports import AT_RISK_REPORTS, AlreadyReported, report_post
from tests.moderation.conftest import IMMINENT

pytestmark = pytest.mark.django_db


def _report(client, post, reason="spam", note=""):
    return client.post(f"/moderation/posts/{post.pk}/report/", {"reason": reason, "note": note})


def test_members_see_a_report_link_on_others_posts_but_not_their_own(
    client, thread, reply, member, other_member
):
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert f'href="/moderation/posts/{reply.pk}/report/"' in html
    opening = thread.posts.get(is_opening=True)
    assert f'href="/moderation/posts/{opening.pk}/report/"' not in html
    client.logout()
    assert "/report/" not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_moderators_see_a_moderate_link_on_posts(client, thread, reply, moderator):
    client.force_login(moderator)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert f'href="/moderation/posts/{reply.pk}/"' in html


def test_the_report_form_offers_every_reason(client, reply, member):
    client.force_login(member)
    html = client.get(f"/moderation/posts/{reply.pk}/report/").content.decode()
    for label in (
        "Someone may be at risk",
        "Harassment or hostility",
        "Spam",
        "Graphic or triggering content without a warning",
        "Misinformation",
        "Something else",
    ):
        assert label in html


def test_a_report_puts_the_post_in_the_queue_and_thanks_the_reporter(
    client, reply, member, moderator
):
    client.force_login(member)
    response = _report(client, reply, "harassment", "They called someone names.")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    item = QueueItem.objects.get(post=reply)
    assert item.report_count == 1 and item.report_reasons == {"harassment": 1}
    assert Report.objects.get(post=reply).note == "They called someone names."
    client.force_login(moderator)
    assert "1 report: harassment or hostility" in client.get("/moderation/").content.decode()


def test_reports_from_several_members_merge_into_one_item_with_a_count(client, reply, make_member):
    for n, reason in enumerate(["spam", "spam", "misinformation"]):
        client.force_login(make_member(f"Reader{n}"))
        assert _report(client, reply, reason).status_code == 200
    item = QueueItem.objects.get(post=reply)
    assert QueueItem.objects.count() == 1
    assert item.report_count == 3
    assert item.report_reasons == {"spam": 2, "misinformation": 1}


def test_a_member_reports_a_post_only_once(client, reply, member):
    client.force_login(member)
    _report(client, reply, "spam")
    response = _report(client, reply, "harassment")
    assert response.status_code == 400
    assert "already reported this post" in response.content.decode()
    assert Report.objects.count() == 1 and QueueItem.objects.get(post=reply).report_count == 1
    with pytest.raises(AlreadyReported):
        report_post(post=reply, reporter=member, reason="spam")


def test_at_risk_reports_are_rate_limited_per_reporter(client, make_thread, other_member, member):
    posts = [
        make_thread(author=other_member, title=f"t{n}").posts.get(is_opening=True)
        for n in range(AT_RISK_REPORTS.count + 1)
    ]
    client.force_login(member)
    for post in posts[:-1]:
        assert _report(client, post, "at_risk").status_code == 200
    response = _report(client, posts[-1], "at_risk", "They said goodbye.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "They said goodbye." in response.content.decode()  # the note is kept
    assert not Report.objects.filter(post=posts[-1]).exists()


def test_another_reporter_is_not_slowed_by_someone_elses_reports(
    client, make_thread, other_member, member, make_member
):
    posts = [
        make_thread(author=other_member, title=f"t{n}").posts.get(is_opening=True)
        for n in range(AT_RISK_REPORTS.count + 1)
    ]
    client.force_login(member)
    for post in posts[:-1]:
        _report(client, post, "at_risk")
    client.force_login(make_member("FreshEyes"))
    assert _report(client, posts[-1], "at_risk").status_code == 200


def test_an_at_risk_report_reaches_moderators_only_and_tells_the_reported_member_nothing(
    client, reply, member, other_member
):
    client.force_login(member)
    response = _report(client, reply, "at_risk", "I'm worried about them.")
    assert "data-support-panel" in response.content.decode()  # for the worried reporter
    item = QueueItem.objects.get(post=reply)
    assert item.priority == Priority.AT_RISK_REPORT
    assert not Note.objects.filter(recipient=other_member).exists()
    client.force_login(other_member)
    assert "No notes" in client.get("/moderation/notes/").content.decode()


def test_a_report_note_about_imminent_danger_raises_the_item_to_the_top(client, reply, member):
    client.force_login(member)
    _report(client, reply, "other", f"They wrote to me: {IMMINENT}")
    item = QueueItem.objects.get(post=reply)
    assert item.priority == Priority.IMMINENT
    assert Report.objects.get(post=reply).note_severity == "imminent"


def test_something_else_needs_a_note(client, reply, member):
    client.force_login(member)
    response = _report(client, reply, "other", "")
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_nobody_reports_their_own_post(client, reply, other_member):
    client.force_login(other_member)
    assert _report(client, reply, "spam").status_code == 403
    assert not Report.objects.exists()


def test_held_posts_cannot_be_reported(client, held_reply, member):
    client.force_login(member)
    assert _report(client, held_reply, "spam").status_code == 404

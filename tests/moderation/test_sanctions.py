"""Warnings, mutes and suspensions: with reasons and end dates, enforced on every form, at
log-in and on sockets."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from forum import services as forum
from forum.models import Post
from moderation.models import AuditAction, AuditEntry, Note, Sanction
from moderation.sanctions import (
    PostingRestricted,
    SanctionRefused,
    ensure_can_post,
    issue_sanction,
)
from tests.conftest import live_db
from tests.forum.test_live import in_thread, listen, next_event, no_event

BACKEND = "moderation.backends.SanctionAwareBackend"
PASSWORD = "a calm long passphrase 7"


@pytest.fixture
def muted(other_member, moderator):
    issue_sanction(
        moderator=moderator, member=other_member, kind="mute", reason="Heated replies.", days=3
    )
    return other_member


@pytest.mark.django_db
def test_a_muted_member_is_told_why_and_until_when_on_the_reply_form(client, thread, muted):
    client.force_login(muted)
    response = client.post(f"/threads/{thread.pk}/", {"body": "one more thing"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "muted your account until" in html and "Heated replies." in html
    ends = Sanction.objects.get(member=muted).ends
    assert f"{ends:%Y}" in html
    assert not Post.objects.filter(body="one more thing").exists()


@pytest.mark.django_db
def test_a_muted_member_cannot_start_a_thread_edit_or_react(client, thread, reply, muted):
    client.force_login(muted)
    new_thread = client.post(
        f"/boards/{thread.board.slug}/new/", {"title": "Hello", "body": "Anyone here?"}
    )
    assert new_thread.status_code == 403
    edit = client.post(f"/posts/{reply.pk}/edit/", {"body": "changed"})
    assert edit.status_code == 403
    opening = thread.posts.get(is_opening=True)
    react = client.post(f"/posts/{opening.pk}/react/", {"kind": "hug"})
    assert react.status_code == 400 and "muted" in react.json()["error"]
    reply.refresh_from_db()
    assert reply.body == "Hang in there." and opening.reaction_counts == {}


@pytest.mark.django_db
def test_every_forum_write_service_refuses_a_muted_member(thread, reply, muted):
    opening = thread.posts.get(is_opening=True)
    writes = [
        lambda: forum.create_thread(board=thread.board, author=muted, title="t", body="b"),
        lambda: forum.create_post(thread=thread, author=muted, body="b"),
        lambda: forum.edit_post(post=reply, editor=muted, body="b"),
        lambda: forum.toggle_reaction(post=opening, member=muted, kind="hug"),
    ]
    for write in writes:
        with pytest.raises(PostingRestricted):
            write()


@pytest.mark.django_db
def test_a_muted_member_reads_the_reason_in_their_notes(client, muted):
    client.force_login(muted)
    html = client.get("/moderation/notes/").content.decode()
    assert "Your account is muted for a while" in html and "Heated replies." in html


@pytest.mark.django_db
def test_a_mute_ends_on_its_own_and_can_be_lifted_early(client, thread, muted, moderator):
    sanction = Sanction.objects.get(member=muted)
    Sanction.objects.filter(pk=sanction.pk).update(ends=timezone.now() - timezone.timedelta(1))
    ensure_can_post(muted)  # over

    again = issue_sanction(moderator=moderator, member=muted, kind="mute", reason="r", days=1)
    client.force_login(moderator)
    client.post(f"/moderation/sanctions/{again.pk}/lift/", {"reason": "Talked it through."})
    ensure_can_post(muted)
    entry = AuditEntry.objects.get(action=AuditAction.SANCTION_LIFTED)
    assert (entry.actor_id, entry.subject_member_id, entry.reason) == (
        moderator.pk,
        muted.pk,
        "Talked it through.",
    )


@pytest.mark.django_db
def test_a_warning_is_recorded_and_told_but_restricts_nothing(other_member, moderator, thread):
    issue_sanction(moderator=moderator, member=other_member, kind="warning", reason="Be kind.")
    forum.create_post(thread=thread, author=other_member, body="Sorry, everyone.")
    assert Note.objects.get(recipient=other_member).subject == "A warning from the peer moderators"


@pytest.mark.django_db
def test_mutes_and_suspensions_need_an_end_and_a_reason(other_member, moderator):
    with pytest.raises(SanctionRefused):
        issue_sanction(moderator=moderator, member=other_member, kind="mute", reason="r")
    with pytest.raises(SanctionRefused):
        issue_sanction(moderator=moderator, member=other_member, kind="mute", reason=" ", days=1)


@pytest.mark.django_db
def test_only_an_administrator_may_sanction_a_moderator(moderator, second_moderator, administrator):
    with pytest.raises(SanctionRefused):
        issue_sanction(moderator=second_moderator, member=moderator, kind="warning", reason="r")
    issue_sanction(moderator=administrator, member=moderator, kind="warning", reason="r")


@pytest.mark.django_db
def test_a_suspension_ends_the_members_sessions_at_once(
    client, other_member, moderator, django_capture_on_commit_callbacks
):
    client.post("/accounts/login/", {"username": other_member.pseudonym, "password": PASSWORD})
    assert client.get("/accounts/settings/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        issue_sanction(
            moderator=moderator, member=other_member, kind="suspension", reason="Threats.", days=7
        )
    assert client.get("/accounts/settings/").status_code == 302  # logged out


@pytest.mark.django_db
def test_a_suspended_member_cannot_log_in_and_is_told_why_and_until_when(
    client, other_member, moderator, settings
):
    settings.AUTHENTICATION_BACKENDS = [BACKEND]
    issue_sanction(
        moderator=moderator, member=other_member, kind="suspension", reason="Threats.", days=7
    )
    response = client.post(
        "/accounts/login/", {"username": other_member.pseudonym, "password": PASSWORD}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your account is suspended until" in html and "Threats." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_password_never_learns_of_a_suspension(client, other_member, moderator, settings):
    settings.AUTHENTICATION_BACKENDS = [BACKEND]
    issue_sanction(
        moderator=moderator, member=other_member, kind="suspension", reason="Threats.", days=7
    )
    response = client.post(
        "/accounts/login/", {"username": other_member.pseudonym, "password": "not it at all"}
    )
    assert "suspended" not in response.content.decode()


@pytest.mark.django_db
def test_after_a_suspension_ends_the_member_logs_in_again(
    client, other_member, moderator, settings
):
    settings.AUTHENTICATION_BACKENDS = [BACKEND]
    sanction = issue_sanction(
        moderator=moderator, member=other_member, kind="suspension", reason="Threats.", days=1
    )
    Sanction.objects.filter(pk=sanction.pk).update(ends=timezone.now() - timezone.timedelta(1))
    response = client.post(
        "/accounts/login/", {"username": other_member.pseudonym, "password": PASSWORD}
    )
    assert response.status_code == 302


# --- Sockets -----------------------------------------------------------------------------


@live_db
async def test_a_suspended_members_sockets_are_closed(thread, other_member, moderator):
    socket = await listen(thread.pk, user=other_member)
    await in_thread(
        issue_sanction,
        moderator=moderator,
        member=other_member,
        kind="suspension",
        reason="Threats.",
        days=1,
    )
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=3)
    assert output["code"] == 4401
    await socket.disconnect()  # as daphne would after a server-side close


@live_db
async def test_a_muted_members_typing_frames_go_nowhere(thread, member, other_member, moderator):
    await sync_to_async(issue_sanction)(
        moderator=moderator, member=other_member, kind="mute", reason="Heated.", days=1
    )
    writer = await listen(thread.pk, user=other_member)
    reader = await listen(thread.pk)
    await writer.send_to(text_data=json.dumps({"type": "typing"}))
    assert await no_event(reader, skip=("presence",)) is None

    unmuted = await listen(thread.pk, user=member)
    await unmuted.send_to(text_data=json.dumps({"type": "typing"}))
    assert await next_event(reader, skip=("presence",)) == {"type": "typing"}
    for socket in (writer, reader, unmuted):
        await socket.disconnect()


@live_db
async def test_a_muted_member_still_receives_the_thread_live(
    thread, member, other_member, moderator
):
    await sync_to_async(issue_sanction)(
        moderator=moderator, member=other_member, kind="mute", reason="Heated.", days=1
    )
    socket = await listen(thread.pk, user=other_member)
    await in_thread(forum.create_post, thread=thread, author=member, body="Still here for you.")
    assert (await next_event(socket))["type"] == "post.created"
    await socket.disconnect()

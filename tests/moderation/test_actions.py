"""Each moderator action: what it does to the post and thread, what the author sees, and the
line it leaves in the audit log. (Live events: test_live_moderation.py.)"""

import pytest

from forum import services as forum
from forum.models import Post, PostRevision, Thread, Visibility
from moderation.models import AuditAction, AuditEntry, ItemStatus, Note, QueueItem
from tests.moderation.conftest import IMMINENT, act, flagged

pytestmark = pytest.mark.django_db


def _last_audit(action):
    return AuditEntry.objects.filter(action=action).latest("created")


def _reload(post):
    post.refresh_from_db()
    post.thread.refresh_from_db()
    return post


def test_approving_a_held_reply_publishes_it_counts_it_and_resolves_the_item(
    client, thread, held_reply, moderator, other_member
):
    replies_before = Thread.objects.get(pk=thread.pk).reply_count
    client.force_login(moderator)

    response = act(client, "approve", held_reply, reason="You're welcome here.")

    assert response.status_code == 303
    assert response["Location"] == f"/moderation/posts/{held_reply.pk}/"
    post = _reload(held_reply)
    assert post.state == Visibility.PUBLISHED and post.hold_reason == ""
    assert post.thread.reply_count == replies_before + 1
    item = QueueItem.objects.get(post=post)
    assert item.status == ItemStatus.RESOLVED and item.claimed_by is None
    assert not item.flags.filter(resolved__isnull=True).exists()
    entry = _last_audit(AuditAction.POST_APPROVED)
    assert (entry.actor_id, entry.subject_member_id, entry.post_id) == (
        moderator.pk,
        other_member.pk,
        post.pk,
    )
    assert entry.reason == "You're welcome here."
    note = Note.objects.get(recipient=other_member)
    assert "approved your post" in note.body and "You're welcome here." in note.body
    assert note.with_support_panel  # the item was rated imminent


def test_an_approved_post_is_visible_to_other_readers(client, thread, held_reply, moderator):
    assert "pills counted out" not in client.get(f"/threads/{thread.pk}/").content.decode()
    client.force_login(moderator)
    act(client, "approve", held_reply)
    client.logout()
    assert "pills counted out" in client.get(f"/threads/{thread.pk}/").content.decode()


def test_approving_a_held_thread_publishes_it_optionally_after_editing_it(
    client, make_thread, moderator, other_member
):
    thread = make_thread(author=other_member, title="Tonight", body=IMMINENT)
    opening = thread.posts.get(is_opening=True)
    assert thread.state == Visibility.HELD
    client.force_login(moderator)

    act(client, "approve", opening, title="Tonight is hard", body="Tonight is very hard.")

    thread.refresh_from_db()
    opening.refresh_from_db()
    assert thread.state == Visibility.PUBLISHED and thread.title == "Tonight is hard"
    assert opening.state == Visibility.PUBLISHED and opening.body == "Tonight is very hard."
    assert PostRevision.objects.get(post=opening).body == IMMINENT
    assert AuditEntry.objects.get(action=AuditAction.POST_APPROVED).detail["edited"] is True


def test_approving_unchanged_text_sent_back_with_browser_line_ends_is_not_an_edit(
    client, thread, other_member, moderator
):
    held = forum.create_post(thread=thread, author=other_member, body=f"One.\n{IMMINENT}").post
    client.force_login(moderator)
    act(client, "approve", held, body=held.body.replace("\n", "\r\n"))
    assert not PostRevision.objects.filter(post=held).exists()


def test_approving_without_a_reason_sends_the_author_nothing(
    client, held_reply, moderator, other_member
):
    client.force_login(moderator)
    act(client, "approve", held_reply)
    assert not Note.objects.filter(recipient=other_member).exists()


def test_keeping_a_published_post_marks_it_reviewed_and_leaves_it_alone(client, reply, moderator):
    item = flagged(reply, "high", "self_harm")
    client.force_login(moderator)
    act(client, "keep", reply)
    item.refresh_from_db()
    assert item.status == ItemStatus.RESOLVED
    assert Post.objects.get(pk=reply.pk).state == Visibility.PUBLISHED
    assert _last_audit(AuditAction.POST_REVIEWED).post_id == reply.pk


def test_a_held_post_cannot_be_kept_as_it_is_and_the_moderator_is_told_why(
    client, held_reply, moderator
):
    client.force_login(moderator)
    response = act(client, "keep", held_reply)
    assert response.status_code == 409
    assert "needs approving" in response.content.decode()
    assert Post.objects.get(pk=held_reply.pk).state == Visibility.HELD


def test_hiding_a_reply_takes_it_from_readers_and_from_the_count(
    client, thread, reply, moderator, other_member
):
    before = Thread.objects.get(pk=thread.pk).reply_count
    client.force_login(moderator)

    act(client, "hide", reply, reason="It names a method.")

    post = _reload(reply)
    assert post.state == Visibility.HIDDEN
    assert post.thread.reply_count == before - 1
    assert "It names a method." in Note.objects.get(recipient=other_member).body
    assert _last_audit(AuditAction.POST_HIDDEN).reason == "It names a method."
    client.logout()
    assert "Hang in there." not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_hiding_an_opening_post_hides_its_thread(client, thread, moderator):
    opening = thread.posts.get(is_opening=True)
    client.force_login(moderator)
    act(client, "hide", opening)
    assert Thread.objects.get(pk=thread.pk).state == Visibility.HIDDEN
    client.logout()
    assert client.get(f"/threads/{thread.pk}/").status_code == 404


def test_restoring_a_hidden_reply_brings_it_and_the_count_back(client, thread, reply, moderator):
    before = Thread.objects.get(pk=thread.pk).reply_count
    client.force_login(moderator)
    act(client, "hide", reply)
    act(client, "restore", reply, reason="A second look: it's fine.")
    post = _reload(reply)
    assert post.state == Visibility.PUBLISHED
    assert post.thread.reply_count == before
    assert _last_audit(AuditAction.POST_RESTORED).reason == "A second look: it's fine."


def test_restoring_a_post_that_is_not_hidden_is_refused(client, reply, moderator):
    client.force_login(moderator)
    response = act(client, "restore", reply)
    assert response.status_code == 409 and "not hidden" in response.content.decode()


def test_editing_out_method_details_keeps_the_original_for_moderators_only(
    client, thread, reply, moderator, member
):
    Post.objects.filter(pk=reply.pk).update(body="I looked up how many of the pills it takes.")
    client.force_login(moderator)

    act(client, "edit", reply, body="[details removed by a moderator]", reason="Safety.")

    post = _reload(reply)
    assert post.body == "[details removed by a moderator]" and post.edited is not None
    assert "details removed" in post.html
    assert PostRevision.objects.get(post=post).body.startswith("I looked up how many")
    review = client.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert "Earlier versions (moderators only)" in review and "I looked up how many" in review
    client.force_login(member)
    assert "I looked up how many" not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_a_content_warning_folds_the_post_for_readers(client, thread, reply, moderator):
    client.force_login(moderator)
    act(client, "warn", reply, warning_category="self_harm", warning_text="mentions of pills")
    post = _reload(reply)
    assert post.warning_category == "self_harm" and post.warning_text == "mentions of pills"
    assert PostRevision.objects.filter(post=post).exists()
    client.logout()
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "Content warning: Self-harm: mentions of pills" in html
    assert _last_audit(AuditAction.POST_WARNING).detail["category"] == "self_harm"


def test_locking_a_thread_stops_replies(client, thread, reply, moderator, member):
    client.force_login(moderator)
    act(client, "lock", reply, reason="The conversation has run its course.")
    assert Thread.objects.get(pk=thread.pk).locked
    with pytest.raises(forum.PostingRefused):
        forum.create_post(thread=thread, author=member, body="one more")
    assert _last_audit(AuditAction.THREAD_LOCKED).thread_id == thread.pk


def test_hiding_a_thread_takes_it_from_everyone_but_moderators(client, thread, reply, moderator):
    client.force_login(moderator)
    act(client, "hide-thread", reply)
    assert Thread.objects.get(pk=thread.pk).state == Visibility.HIDDEN
    assert client.get(f"/threads/{thread.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/threads/{thread.pk}/").status_code == 404
    assert QueueItem.objects.get(post=reply).status == ItemStatus.RESOLVED


def test_escalating_keeps_the_item_waiting_marked_for_administrators(
    client, reply, moderator, administrator
):
    flagged(reply, "high")
    client.force_login(moderator)
    act(client, "escalate", reply, reason="Threat towards someone else.")
    item = QueueItem.objects.get(post=reply)
    assert item.status == ItemStatus.ESCALATED
    assert _last_audit(AuditAction.ITEM_ESCALATED).reason == "Threat towards someone else."
    client.force_login(administrator)
    assert f"item-{item.pk}" in client.get("/moderation/?state=escalated").content.decode()
    assert f"item-{item.pk}" in client.get("/moderation/").content.decode()


def test_a_supportive_note_reaches_the_authors_inbox_with_the_support_panel(
    client, held_reply, moderator, other_member
):
    client.force_login(moderator)
    act(client, "note", held_reply, template="checking_in", message="We're glad you're here.")

    note = Note.objects.get(recipient=other_member)
    assert note.kind == "support" and note.with_support_panel
    assert "It sounds like you're going through a really difficult time" in note.body
    assert "We're glad you're here." in note.body
    assert _last_audit(AuditAction.NOTE_SENT).detail["template"] == "checking_in"
    client.force_login(other_member)
    inbox = client.get("/moderation/notes/").content.decode()
    assert "A peer moderator is thinking of you" in inbox
    assert "data-support-panel" in inbox
    assert "A peer moderator will see your post" not in inbox  # the panel without `held`
    assert moderator.pseudonym not in inbox


def test_sanctioning_from_a_post_warns_the_author_and_records_why(
    client, reply, moderator, other_member
):
    client.force_login(moderator)
    response = act(client, "sanction", reply, kind="warning", reason="Please be kinder.")
    assert response.status_code == 303
    assert "Please be kinder." in Note.objects.get(recipient=other_member).body
    entry = _last_audit(AuditAction.SANCTION_ISSUED)
    assert entry.subject_member_id == other_member.pk and entry.detail["kind"] == "warning"


def test_a_moderator_cannot_act_on_their_own_post(client, thread, moderator):
    own = forum.create_post(thread=thread, author=moderator, body="My own words.").post
    client.force_login(moderator)
    assert act(client, "hide", own).status_code == 403
    assert Post.objects.get(pk=own.pk).state == Visibility.PUBLISHED


def test_an_invalid_action_form_comes_back_with_its_errors(client, reply, moderator):
    client.force_login(moderator)
    response = act(client, "warn", reply)
    assert response.status_code == 400
    assert "Choose a warning or describe one." in response.content.decode()


def test_the_review_page_shows_the_post_in_context_with_its_neighbours(
    client, make_thread, other_member, moderator
):
    thread = make_thread(replies=2)
    middle = thread.posts.order_by("created", "id")[1]
    flagged(middle, "high")
    client.force_login(moderator)
    html = client.get(f"/moderation/posts/{middle.pk}/").content.decode()
    assert thread.title in html
    assert "Before" in html and "After" in html
    assert "Reply number 2" in html  # the post after
    assert f'name="version" value="{QueueItem.objects.get(post=middle).version}"' in html


def test_an_item_whose_post_its_author_removed_can_still_be_closed(
    client, reply, moderator, other_member
):
    flagged(reply, "high")
    forum.delete_post(post=reply, member=other_member)
    client.force_login(moderator)
    assert (
        "Mark reviewed (the author removed it)"
        in client.get(f"/moderation/posts/{reply.pk}/").content.decode()
    )
    assert act(client, "keep", reply).status_code == 303
    assert QueueItem.objects.get(post=reply).status == ItemStatus.RESOLVED


def test_only_an_opening_posts_forms_offer_the_thread_title(client, thread, held_reply, moderator):
    client.force_login(moderator)
    reply_page = client.get(f"/moderation/posts/{held_reply.pk}/").content.decode()
    assert 'name="title"' not in reply_page
    opening = thread.posts.get(is_opening=True)
    assert 'name="title"' in client.get(f"/moderation/posts/{opening.pk}/").content.decode()

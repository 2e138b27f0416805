"""What the model layer means for moderators: the queue says which layer flagged a post, and
their decisions export as labelled data for the next training run."""

import io

import pytest

from tests.conftest import IMPLICIT


@pytest.mark.django_db
def test_queue_items_say_which_layer_flagged_them_and_the_models_score(
    model_on, thread, other_member, client, moderator
):
    from forum import services
    from moderation.models import Flag, QueueItem

    by_model = services.create_post(thread=thread, author=other_member, body=IMPLICIT).post
    flag = Flag.objects.get(post=by_model)
    assert flag.layer == "model" and flag.model_score > 0.5
    assert QueueItem.objects.get(post=by_model).scan_layer == "model"
    by_words = services.create_post(
        thread=thread, author=other_member, body="I want to kill myself"
    ).post
    assert Flag.objects.get(post=by_words).layer in ("lexicon", "both")
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert "model judgement (" in queue and (
        "keyword match" in queue or "keywords and model" in queue
    )


@pytest.mark.django_db
def test_moderators_decisions_export_as_labelled_data(model_on, thread, other_member, moderator):
    from django.core.management import call_command

    from forum import services
    from moderation import actions
    from moderation.models import QueueItem
    from moderation.staffing import record_queue_seen

    record_queue_seen(moderator.pk)  # on duty, so the high-risk post publishes and is flagged
    kept = services.create_post(thread=thread, author=other_member, body=IMPLICIT).post
    hidden = services.create_post(
        thread=thread, author=other_member, body="I want to kill myself tonight"
    ).post
    for post, act in ((kept, actions.mark_reviewed), (hidden, actions.hide_post)):
        version = QueueItem.objects.get(post=post).version
        act(moderator=moderator, post=post, version=version)
    out = io.StringIO()
    call_command("export_moderation_labels", stdout=out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()[1:]]
    by_text = {row[4]: row for row in rows}
    assert by_text[IMPLICIT][0] == "kept" and by_text[IMPLICIT][2] == "model"
    header = out.getvalue().splitlines()[0].split("\t")
    assert header[5:7] == ["model_version", "reason"]  # then label, category, lang
    model_version, reason = by_text[IMPLICIT][5], by_text[IMPLICIT][6]
    assert model_version and model_version == QueueItem.objects.get(post=kept).model_version
    assert "model: high" in reason or "model: imminent" in reason
    assert by_text["I want to kill myself tonight"][0] == "hidden"
    assert other_member.pseudonym not in out.getvalue()


@pytest.mark.django_db
def test_approving_a_held_reply_notifies_the_starter_and_a_note_rings_the_bell(
    thread, member, other_member, moderator, django_capture_on_commit_callbacks
):
    from forum import services
    from moderation import actions
    from moderation.models import QueueItem
    from moderation.notes import SUPPORTIVE_NOTES
    from notifications.models import Notification

    held = services.create_post(
        thread=thread, author=other_member,
        body="I have the pills counted out and I'm taking them all tonight.",
    ).post  # fmt: skip
    assert not Notification.objects.filter(recipient=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_post(
            moderator=moderator, post=held, version=QueueItem.objects.get(post=held).version
        )
    assert Notification.objects.filter(recipient=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_supportive_note(
            moderator=moderator, post=held, version=QueueItem.objects.get(post=held).version,
            template=next(iter(SUPPORTIVE_NOTES)),
        )  # fmt: skip
    assert Notification.objects.filter(recipient=other_member, kind="moderator_note").exists()


@pytest.mark.django_db
def test_a_flag_records_which_model_rated_it_and_why_and_moderators_see_it(
    model_on, thread, other_member, client, moderator
):
    from forum import services
    from moderation.models import Flag, QueueItem
    from safety.layers import crisis_model_layer

    post = services.create_post(thread=thread, author=other_member, body=IMPLICIT).post
    flag = Flag.objects.get(post=post)
    version = crisis_model_layer().version
    assert version and flag.model_version == version
    assert flag.scan_reason.startswith("lexicon: no match; model: ")
    assert flag.scan_reason.endswith("decided by the model")
    item = QueueItem.objects.get(post=post)
    assert (item.model_version, item.scan_reason) == (version, flag.scan_reason)
    client.force_login(moderator)
    rated = f"Rated by lexicon {flag.lexicon_version} and model {version}: "
    assert rated in client.get("/moderation/").content.decode()
    assert rated in client.get(f"/moderation/posts/{post.pk}/").content.decode()

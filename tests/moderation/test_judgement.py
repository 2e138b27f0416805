"""Moderators judge how urgent a scanned post really was, and the judgement becomes the crisis
model's training label: through the review page, into the export, into the corpus."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import services as forum
from forum.models import Visibility
from moderation import dashboard, judgements, reports
from moderation.management.commands.export_moderation_labels import COLUMNS, guess_lang
from moderation.models import AuditAction, AuditEntry, JudgedCategory, JudgedLevel, QueueItem
from safety.ml.corpus import LEVELS, moderation_rows
from tests.conftest import live_db
from tests.forum.test_live import in_thread
from tests.moderation.conftest import act, flagged, version_of
from tests.moderation.test_live_moderation import next_item, open_queue

pytestmark = pytest.mark.django_db

RELAPSE = "did it again last night after three months clean, I don't know how to stop"
SPANISH = "no puedo más con todo esto, ya no quiero estar aquí y nadie se da cuenta"
FIGURATIVE = "this exam is killing me but I think I will pass"
LEVEL_WORDS = (
    "Not a risk",
    "Touches on crisis, nobody at risk now",
    "At risk",
    "Life in danger now",
)


def scanned(thread, author, body: str, severity: str = "high", *categories: str):
    """A published post with a scan flag on it, rated as given."""
    post = forum.create_post(thread=thread, author=author, body=body).post
    flagged(post, severity, *categories)
    return post


def judge(client, post, **data):
    return client.post(f"/moderation/posts/{post.pk}/judge/", data)


def export(tmp_path):
    path = tmp_path / "labels.tsv"
    with open(path, "w", encoding="utf-8") as out:
        call_command("export_moderation_labels", stdout=out)
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    return path, lines[0].split("\t"), {row["text"]: row for row in rows}


def test_the_review_page_of_a_scanned_post_asks_how_urgent_it_really_was(
    client, thread, other_member, moderator
):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)

    page = client.get(f"/moderation/posts/{post.pk}/").content.decode()

    assert "How urgent was this, really?" in page and "Save judgement" in page
    assert f'action="/moderation/posts/{post.pk}/judge/"' in page
    assert all(words in page for words in LEVEL_WORDS)
    assert 'type="radio" name="level"' in page and 'name="category"' in page


def test_a_moderator_judges_a_scanned_post_and_nothing_else_changes(
    client, thread, other_member, moderator
):
    post = scanned(thread, other_member, RELAPSE, "high", "suicide")
    before = QueueItem.objects.get(post=post)
    client.force_login(moderator)

    response = judge(client, post, level="high", category="self_harm")

    assert response.status_code == 303
    assert response["Location"] == f"/moderation/posts/{post.pk}/"
    item = QueueItem.objects.get(post=post)
    assert (item.judged_level, item.judged_category) == ("high", "self_harm")
    assert item.judged_at is not None
    # A label, not an action: the post, the version, the claim and the clock stay as they were.
    post.refresh_from_db()
    assert post.state == Visibility.PUBLISHED
    assert (item.version, item.status, item.claimed_by_id, item.first_action_at) == (
        before.version,
        before.status,
        None,
        None,
    )
    entry = AuditEntry.objects.get(action=AuditAction.ITEM_JUDGED)
    assert (entry.actor_id, entry.post_id, entry.subject_member_id) == (
        moderator.pk,
        post.pk,
        other_member.pk,
    )
    assert entry.detail == {
        "item": item.pk,
        "level": "high",
        "category": "self_harm",
        "scanned": "high",
        "previous": None,
    }


def test_the_judgement_shows_on_the_review_page_and_the_queue_row(
    client, thread, other_member, moderator
):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)
    judge(client, post, level="high", category="self_harm")

    review = client.get(f"/moderation/posts/{post.pk}/").content.decode()
    queue = client.get("/moderation/").content.decode()

    for page in (review, queue):
        assert 'class="hint judged"' in page
        assert "Judged by a moderator: At risk (self-harm)" in page
    assert re.search(r'name="level" value="high"[^>]*checked', review)  # to change it from
    assert "judged a scan&#x27;s rating" in review  # in "What moderators did"


def test_a_moderator_may_change_their_judgement_and_the_last_one_counts(
    client, thread, other_member, moderator, second_moderator
):
    post = scanned(thread, other_member, FIGURATIVE, "high", "suicide")
    client.force_login(moderator)
    judge(client, post, level="low", category="suicide")
    client.force_login(second_moderator)

    judge(client, post, level="none", category="suicide")

    item = QueueItem.objects.get(post=post)
    assert (item.judged_level, item.judged_category) == ("none", "")  # "not a risk" has none
    entries = AuditEntry.objects.filter(action=AuditAction.ITEM_JUDGED).order_by("created", "id")
    assert [e.detail["level"] for e in entries] == ["low", "none"]
    assert entries.last().detail["previous"] == ["low", "suicide"]


@live_db
async def test_open_queues_show_a_judgement_at_once_and_review_pages_do_not_go_stale(
    thread, other_member, moderator, second_moderator
):
    post = await in_thread(scanned, thread, other_member, RELAPSE, "high", "self_harm")
    version = await in_thread(version_of, post)
    queue = await open_queue(second_moderator)

    await in_thread(
        judgements.judge_scan, moderator=moderator, post=post, level="high", category="self_harm"
    )

    event = await next_item(queue)
    assert event["post"] == post.pk and event["version"] == version
    assert "Judged by a moderator: At risk (self-harm)" in event["html"]
    await queue.disconnect()


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_members_and_visitors_cannot_judge(client, thread, other_member, member, who):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    if who == "member":
        client.force_login(member)

    response = judge(client, post, level="none")

    if who == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert QueueItem.objects.get(post=post).judged_level == ""
    assert not AuditEntry.objects.filter(action=AuditAction.ITEM_JUDGED).exists()


def test_a_judgement_needs_a_level(client, thread, other_member, moderator):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)

    response = judge(client, post, category="self_harm")

    assert response.status_code == 400
    assert QueueItem.objects.get(post=post).judged_level == ""


def test_only_a_post_the_scanner_rated_can_be_judged(client, reply, moderator, member):
    reports.report_post(post=reply, reporter=member, reason="spam", note="")
    client.force_login(moderator)

    page = client.get(f"/moderation/posts/{reply.pk}/").content.decode()
    response = judge(client, reply, level="high")

    assert "How urgent was this, really?" not in page
    assert response.status_code == 409
    assert QueueItem.objects.get(post=reply).judged_level == ""


def test_judging_a_scan_is_not_a_first_response_to_the_person(
    client, thread, other_member, moderator
):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)
    judge(client, post, level="high", category="self_harm")

    week = dashboard.flag_to_first_action(now=timezone.now(), boards=None)[0]
    assert (week.measured, week.pending) == (0, 1)

    act(client, "keep", post)
    week = dashboard.flag_to_first_action(now=timezone.now(), boards=None)[0]
    assert (week.measured, week.pending) == (1, 0)


# --- The export and the corpus ----------------------------------------------------------------


def test_the_export_adds_label_category_and_lang_after_the_existing_columns(
    client, thread, other_member, moderator, tmp_path
):
    judged = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    kept_only = scanned(thread, other_member, FIGURATIVE, "high", "suicide")
    client.force_login(moderator)
    judge(client, judged, level="high", category="self_harm")
    act(client, "keep", kept_only)

    _, header, rows = export(tmp_path)

    assert header == [
        "decision", "severity", "layer", "model_score", "text", "model_version", "reason",
        "label", "category", "lang",
    ]  # fmt: skip
    assert rows[RELAPSE]["decision"] == ""  # judged, not (yet) kept or hidden
    assert (rows[RELAPSE]["label"], rows[RELAPSE]["category"]) == ("high", "self_harm")
    assert rows[RELAPSE]["lang"] == "en"
    assert rows[FIGURATIVE]["decision"] == "kept"
    assert (rows[FIGURATIVE]["label"], rows[FIGURATIVE]["category"]) == ("", "")


def test_judged_rows_and_only_those_become_corpus_lines(
    client, thread, other_member, moderator, tmp_path
):
    high = scanned(thread, other_member, RELAPSE, "high", "suicide")
    spanish = scanned(thread, other_member, SPANISH + "\n\nde verdad", "high", "suicide")
    figurative = scanned(thread, other_member, FIGURATIVE, "high", "suicide")
    unjudged = scanned(thread, other_member, "I keep thinking about the bridge", "high")
    client.force_login(moderator)
    judge(client, high, level="high", category="self_harm")
    judge(client, spanish, level="imminent", category="suicide")
    judge(client, figurative, level="none")
    act(client, "hide", unjudged)

    path, _, rows = export(tmp_path)

    assert other_member.pseudonym not in path.read_text(encoding="utf-8")
    assert rows[SPANISH + " de verdad"]["lang"] == "es"  # one line, tabs and newlines folded
    assert sorted(moderation_rows(path)) == sorted(
        [
            f"high\tself_harm\ten\t{RELAPSE}",
            f"imminent\tsuicide\tes\t{SPANISH} de verdad",
            f"none\tnone\ten\t{FIGURATIVE}",
        ]
    )


def test_a_post_edited_after_its_judgement_exports_without_a_label(
    client, thread, other_member, moderator, tmp_path
):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)
    judge(client, post, level="high", category="self_harm")
    QueueItem.objects.filter(post=post).update(judged_at=timezone.now() - timedelta(minutes=5))
    forum.edit_post(post=post, editor=other_member, body="Feeling steadier today, thank you.")

    path, _, rows = export(tmp_path)

    assert rows["Feeling steadier today, thank you."]["label"] == ""
    assert moderation_rows(path) == []
    page = client.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert "The post was edited since: judge it again" in page


def test_a_post_its_author_deleted_is_not_exported(
    client, thread, other_member, moderator, tmp_path
):
    post = scanned(thread, other_member, RELAPSE, "high", "self_harm")
    client.force_login(moderator)
    judge(client, post, level="high", category="self_harm")
    forum.delete_post(post=post, member=other_member)

    path, _, rows = export(tmp_path)

    assert rows == {} and moderation_rows(path) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I don't want to be here anymore and nobody notices", "en"),
        ("ya no puedo más, estoy cansada de todo", "es"),
        ("¿alguien más se siente así?", "es"),
        ("honestly no sé, estoy tan tired de todo esto, I can't", "es"),  # mostly Spanish
        ("I told my mom que estoy bien but I'm not, I just want to sleep", "en"),
        ("", "en"),
    ],
)
def test_lang_is_a_simple_count_of_common_spanish_and_english_words(text, lang):
    assert guess_lang(text) == lang


def test_the_judged_levels_and_categories_are_the_corpus_own():
    from safety.ml.tuned import MODEL_CATEGORIES

    assert tuple(JudgedLevel.values) == LEVELS
    assert tuple(JudgedCategory.values) == MODEL_CATEGORIES

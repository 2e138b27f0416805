"""Notes from the moderators: read by their recipient, and by nobody else."""

import pytest

from moderation.models import Note
from moderation.notes import SUPPORTIVE_NOTES, has_unread_notes, send_note, supportive_note_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(other_member, django_capture_on_commit_callbacks):
    subject, body = supportive_note_text(template="checking_in", message="Thinking of you.")
    with django_capture_on_commit_callbacks(execute=True):
        return send_note(
            recipient=other_member,
            kind="support",
            subject=subject,
            body=body,
            with_support_panel=True,
        )


def test_a_member_reads_their_notes_with_the_support_panel(client, note, other_member):
    client.force_login(other_member)
    page = client.get(f"/moderation/notes/{note.pk}/").content.decode()
    assert "A peer moderator is thinking of you" in page and "Thinking of you." in page
    assert "data-support-panel" in page


@pytest.mark.parametrize("reader", ["member", "moderator", "administrator"])
def test_nobody_else_can_read_a_members_note(client, note, reader, request):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(f"/moderation/notes/{note.pk}/")
    assert response.status_code == 404
    assert "Thinking of you." not in response.content.decode()
    assert "Thinking of you." not in client.get("/moderation/notes/").content.decode()


def test_opening_the_inbox_marks_notes_read(client, note, other_member):
    assert has_unread_notes(other_member)
    client.force_login(other_member)
    assert 'class="badge">new<' in client.get("/moderation/notes/").content.decode()
    assert Note.objects.get(pk=note.pk).read is not None
    assert not has_unread_notes(other_member)
    assert 'class="badge">new<' not in client.get("/moderation/notes/").content.decode()


def test_every_supportive_template_speaks_to_the_person_and_never_of_methods():
    for template in SUPPORTIVE_NOTES.values():
        text = template.text.lower()
        assert "you" in text
        for word in ("pill", "overdose", "rope", "cut ", "method"):
            assert word not in text


def test_the_header_learns_of_unread_notes_without_a_query(
    rf, note, other_member, django_assert_num_queries
):
    from moderation.context_processors import moderation_notes

    request = rf.get("/")
    request.user = other_member
    with django_assert_num_queries(0):
        assert moderation_notes(request) == {"has_unread_notes": True}

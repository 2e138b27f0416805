"""The posting table (forum.permissions) is what the views do, for every role and URL."""

import pytest
from django.urls import get_resolver, reverse

from forum import services
from forum.permissions import ALLOW, DENY, LOGIN, ROLES, RULES

pytestmark = pytest.mark.django_db

FORM_DATA = {
    "forum:new_thread": {"title": "A title", "body": "A body"},
    "forum:thread": {"body": "A reply"},
    "forum:preview": {"body": "*hi*"},
    "forum:edit_post": {"body": "Edited words"},
    "forum:react": {"kind": "hug"},
}


@pytest.fixture
def scene(make_member, moderator, board):
    author = make_member("TheAuthor")
    outcome = services.create_thread(board=board, author=author, title="Mine", body="My words")
    return {"author": author, "other_member": make_member("SomeoneElse"),
            "moderator": moderator, "board": board, "post": outcome.post}  # fmt: skip


def url_for(name, scene):
    post = scene["post"]
    kwargs = {
        "forum:board": {"slug": scene["board"].slug},
        "forum:new_thread": {"slug": scene["board"].slug},
        "forum:thread": {"thread_id": post.thread_id},
        "forum:thread_events": {"thread_id": post.thread_id},
        "forum:edit_post": {"post_id": post.pk},
        "forum:delete_post": {"post_id": post.pk},
        "forum:react": {"post_id": post.pk},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


CASES = [(name, method, role) for (name, method) in RULES for role in ROLES]


@pytest.mark.parametrize("name,method,role", CASES)
def test_each_posting_url_answers_each_role_as_the_table_says(client, scene, name, method, role):
    if role != "visitor":
        client.force_login(scene[role])
    url = url_for(name, scene)
    if method == "post":
        response = client.post(url, FORM_DATA.get(name, {}))
    else:
        response = client.get(url)
    expected = RULES[(name, method)].outcome(role)
    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/accounts/login/"), location
    elif expected == DENY:
        assert response.status_code == 403
    else:
        assert expected == ALLOW
        assert response.status_code in (200, 303), response.status_code
        assert not location.startswith("/accounts/login/")


def test_every_forum_url_is_in_the_table():
    names = {
        f"forum:{p.name}" for p in get_resolver().url_patterns[0].url_patterns if p.name
    }  # the first include() is forum.urls
    assert names == {name for name, _ in RULES}

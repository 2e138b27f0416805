"""Every URL is in an authorization table, and the tables hold for notifications and
resources (accounts, posting and moderation walk their own tables in their test suites)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.authorization import ADMIN_PREFIX, NOTIFICATION_RULES, RESOURCE_RULES, covered_url_names

pytestmark = pytest.mark.django_db


def all_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_the_resolver_knows_is_in_an_authorization_table():
    names = {n for n in all_url_names() if not n.startswith(ADMIN_PREFIX)}
    missing = names - covered_url_names()
    assert missing == set(), f"decide who may use these: {sorted(missing)}"
    assert len(names) > 60  # quoted in the closing note: the URLs walked


def test_the_admin_refuses_members_and_moderators(client, member, moderator):
    for who in (member, moderator):
        client.force_login(who)
        assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("name", sorted(RESOURCE_RULES))
@pytest.mark.parametrize("role", ["visitor", "member"])
def test_resource_pages_are_open_to_everyone(client, member, name, role):
    if role == "member":
        client.force_login(member)
    assert client.get(reverse(name)).status_code == 200


@pytest.fixture
def notification_for(member, other_member, thread, django_capture_on_commit_callbacks):
    from forum import services
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):  # notifications follow the commit
        services.create_post(thread=thread, author=other_member, body="hello there")
    return Notification.objects.filter(recipient=member).first()


@pytest.mark.parametrize("name", sorted(NOTIFICATION_RULES))
@pytest.mark.parametrize("role", ["visitor", "member", "owner"])
def test_notification_urls_answer_as_the_table_says(
    client, member, make_member, notification_for, thread, name, role
):
    kwargs = {}
    if name in ("notifications:open", "notifications:read"):
        assert notification_for is not None
        kwargs = {"notification_id": notification_for.pk}
    elif name == "notifications:follow":
        kwargs = {"thread_id": thread.pk}
    if role == "owner":
        client.force_login(member)
    elif role == "member":
        client.force_login(make_member("SomeoneElse"))
    url = reverse(name, kwargs=kwargs)
    response = (
        client.post(url)
        if name != "notifications:list"
        and name != "notifications:settings"
        and name != "notifications:open"
        else client.get(url)
    )
    expected = NOTIFICATION_RULES[name][role]
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == "hidden":
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302, 303), response.status_code
        assert "/accounts/login/" not in response.get("Location", "")

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import profiles, services
from safety.account_receivers import rate_profile_line
from safety.services import Assessment


def profile(client, pseudonym="QuietHeron"):
    return client.get(reverse("accounts:profile", args=[pseudonym]))


@pytest.mark.django_db
def test_a_profile_shows_pseudonym_month_joined_post_count_and_about(
    client, member, make_thread, make_reply, other_member
):
    member.about = "Here most evenings."
    member.save()
    thread = make_thread(other_member, title="Evenings")
    make_reply(thread, member, body="Me too, most nights.")
    make_thread(member, title="My first thread")
    page = profile(client).content.decode()
    assert "<h1" in page and "QuietHeron" in page
    assert f"Member since {timezone.now():%B %Y}" in page
    assert "2 posts" in page
    assert "Here most evenings." in page
    assert "My first thread" in page
    assert "Me too, most nights." in page


@pytest.mark.django_db
def test_profile_urls_are_the_ones_the_forum_links_to(member):
    assert reverse("accounts:profile", args=["QuietHeron"]) == "/accounts/members/QuietHeron/"


@pytest.mark.django_db
def test_a_profile_address_in_another_case_leads_to_the_pseudonym_as_written(client, member):
    response = profile(client, "quietheron")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/members/QuietHeron/"


@pytest.mark.django_db
def test_anonymous_posts_never_appear_on_or_count_towards_a_profile(
    client, member, other_member, make_thread, make_reply
):
    make_thread(member, title="Secret thread title", body="secret opening", anonymous=True)
    elsewhere = make_thread(other_member, title="Someone else's thread")
    make_reply(elsewhere, member, body="secret anonymous reply", anonymous=True)
    make_reply(elsewhere, member, body="named reply")
    page = profile(client).content.decode()
    assert "Secret thread title" not in page
    assert "secret" not in page
    assert "1 post<" in page
    assert "named reply" in page


@pytest.mark.django_db
def test_held_hidden_and_removed_posts_stay_off_a_profile(
    client, member, other_member, make_thread, make_reply
):
    thread = make_thread(other_member)
    make_reply(thread, member, body="held words", state="held")
    make_reply(thread, member, body="hidden words", state="hidden")
    make_thread(member, title="Held thread").__class__.objects.filter(title="Held thread").update(
        state="held"
    )
    page = profile(client).content.decode()
    assert "held words" not in page and "hidden words" not in page and "Held thread" not in page
    assert "0 posts" in page


@pytest.mark.django_db
def test_a_reply_with_a_content_warning_shows_the_warning_not_the_words(
    client, member, other_member, make_thread, make_reply
):
    thread = make_thread(other_member)
    make_reply(thread, member, body="hard words", warning_category="self_harm")
    page = profile(client).content.decode()
    assert "Content warning: Self-harm" in page
    assert "hard words" not in page


@pytest.mark.django_db
def test_profiles_ask_search_engines_not_to_index_them(client, member):
    assert profile(client)["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_an_unknown_or_suspended_member_has_no_profile(client, member):
    assert profile(client, "NoSuchMember").status_code == 404
    member.is_active = False
    member.save()
    assert profile(client).status_code == 404


@pytest.mark.django_db
def test_a_profile_costs_the_same_queries_however_many_posts(
    client, member, other_member, make_thread, make_reply, django_assert_num_queries
):
    make_thread(member)
    profile(client)
    with django_assert_num_queries(4):
        profile(client)
    for n in range(15):
        make_reply(make_thread(member, title=f"T{n}"), member)
    with django_assert_num_queries(4):
        profile(client)


def assessed(severity, failed=False):
    return lambda text: Assessment(severity=severity, failed=failed)


@pytest.mark.parametrize(
    ("severity", "failed"), [("high", False), ("imminent", False), ("high", True)]
)
@pytest.mark.django_db
def test_a_worrying_about_line_is_kept_from_others_and_its_author_sees_support(
    client, member, other_member, monkeypatch, severity, failed
):
    monkeypatch.setattr("safety.account_receivers.assess_text", assessed(severity, failed))
    client.force_login(member)
    response = client.post(reverse("accounts:edit_about"), {"about": "I can't go on"})
    assert response["Location"] == "/accounts/members/QuietHeron/"
    own_view = client.get(response["Location"]).content.decode()
    assert "data-support-panel" in own_view
    assert "I can&#x27;t go on" in own_view

    client.force_login(other_member)
    others_view = profile(client).content.decode()
    assert "go on" not in others_view
    assert "data-support-panel" not in others_view
    client.logout()
    assert "go on" not in profile(client).content.decode()


@pytest.mark.django_db
def test_an_ordinary_about_line_is_shown_to_everyone(client, member, monkeypatch):
    monkeypatch.setattr("safety.account_receivers.assess_text", assessed("low"))
    client.force_login(member)
    response = client.post(reverse("accounts:edit_about"), {"about": "Gardening helps."})
    assert response["Location"] == reverse("accounts:settings")
    client.logout()
    page = profile(client).content.decode()
    assert "Gardening helps." in page and "data-support-panel" not in page


@pytest.mark.django_db
def test_the_about_line_is_scanned_by_the_crisis_scanner(member, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "safety.account_receivers.assess_text", lambda text: seen.append(text) or Assessment("none")
    )
    services.update_about(member=member, about="  Tea and walks  ")
    assert seen == ["Tea and walks"]


@pytest.mark.django_db
def test_an_about_line_with_contact_details_is_refused(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:edit_about"), {"about": "write me: me@example.org"})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.about == ""


@pytest.mark.django_db
def test_a_profile_never_lists_more_than_twenty_threads(client, member, make_thread):
    for n in range(25):
        make_thread(member, title=f"Thread number {n}")
    page = profile(client).content.decode()
    assert len(re.findall(r"Thread number \d+", page)) == 20


def failing_rater(text):
    raise RuntimeError("the scanner broke")


@pytest.mark.parametrize("rater", [failing_rater, None], ids=["rater raises", "no rater"])
@pytest.mark.django_db
def test_an_about_line_nobody_could_rate_is_kept_from_others(client, member, monkeypatch, rater):
    monkeypatch.setattr("accounts.profiles._about_rater", rater)
    rating = services.update_about(member=member, about="Here most evenings.")
    assert rating.failed
    member.refresh_from_db()
    assert member.about == "Here most evenings." and member.about_withheld
    assert "Here most evenings." not in profile(client).content.decode()


def test_profile_lines_are_rated_by_the_crisis_scanner_safety_registers():
    assert profiles._about_rater is rate_profile_line

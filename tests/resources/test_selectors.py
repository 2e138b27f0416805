"""Reading the reader's region and the cached lists behind the page and the panel."""

import pytest
from django.test import override_settings

from resources import selectors
from resources.models import Resource
from resources.regions import REGIONS, find_region
from resources.selectors import REGION_COOKIE, REGION_SESSION_KEY, listed_resources, region_for

pytestmark = pytest.mark.django_db
ILLINOIS = REGIONS["US-IL"]


def test_a_visitor_without_a_choice_gets_the_default_region(visitor_request):
    assert region_for(visitor_request()).code == "US-IL"


@override_settings(DEFAULT_REGION="GB")
def test_the_default_region_comes_from_settings(visitor_request):
    assert region_for(visitor_request()).code == "GB"


@override_settings(DEFAULT_REGION="nowhere")
def test_a_misconfigured_default_falls_back_to_the_united_states(visitor_request):
    assert region_for(visitor_request()).code == "US"


def test_a_visitor_s_cookie_decides_their_region(visitor_request):
    assert region_for(visitor_request(cookies={REGION_COOKIE: "CA"})).code == "CA"


def test_a_member_s_session_choice_comes_before_the_cookie(rf, member, client):
    client.force_login(member)
    session = client.session
    session[REGION_SESSION_KEY] = "IE"
    request = rf.get("/")
    request.COOKIES[REGION_COOKIE] = "CA"
    request.user, request.session = member, session
    assert region_for(request).code == "IE"


def test_region_codes_are_read_strictly(visitor_request):
    assert find_region("us-il") is ILLINOIS
    for junk in ("", "XX", "US-ZZ", None, 5, "US-IL; drop"):
        assert find_region(junk) is None


def test_a_state_lists_national_entries_and_its_own_but_not_another_state_s(make_resource):
    make_resource(name="Texas line", subdivision="US-TX")
    names = {r.name for r in listed_resources(ILLINOIS)}
    assert {"Illinois Warm Line", "988 Suicide & Crisis Lifeline"} <= names
    assert "Texas line" not in names
    assert "Texas line" in {r.name for r in listed_resources(REGIONS["US-TX"])}
    assert "Samaritans" not in names


def test_the_list_is_cached_and_a_second_read_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        listed_resources(ILLINOIS)
    with django_assert_num_queries(0):
        listed_resources(ILLINOIS)


def test_saving_an_entry_forgets_every_cached_list(make_resource):
    listed_resources(ILLINOIS), listed_resources(REGIONS["CA"])
    line = Resource.objects.get(slug="illinois-warm-line")
    line.phone = "866-000-0000"
    line.save()
    assert next(r for r in listed_resources(ILLINOIS) if r.pk == line.pk).phone == "866-000-0000"
    canada = make_resource(name="New Canadian line", country="CA")
    assert canada.pk in {r.pk for r in listed_resources(REGIONS["CA"])}


def test_deleting_an_entry_forgets_the_cached_lists():
    listed_resources(ILLINOIS)
    Resource.objects.get(slug="illinois-warm-line").delete()
    assert "Illinois Warm Line" not in {r.name for r in listed_resources(ILLINOIS)}


def test_the_lists_are_forgotten_again_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        Resource.objects.get(slug="shout").save()
    assert callbacks
    listed_resources(ILLINOIS)
    for callback in callbacks:
        callback()
    assert selectors.cache.get(selectors._cache_key("US-IL")) is None

"""The support panel: one component, the reader's region's numbers, a fixed query count."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from resources.selectors import REGION_COOKIE

pytestmark = pytest.mark.django_db

TAG = Template("{% load resources_tags %}{% support_panel %}")


def panel_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def include(request, **context):
    return render_to_string("resources/support_panel.html", context, request=request)


def test_the_panel_lists_the_regions_crisis_lines_warm_lines_and_emergency_number(
    visitor_request,
):
    html = TAG.render(Context({"request": visitor_request()}))
    assert html.count("data-support-panel") == 1
    assert "<section data-support-panel" in html
    assert 'href="tel:988"' in html and 'href="sms:741741?body=HOME"' in html
    assert "Illinois Warm Line" in html and re.search(r'data-badge="(open|closed)"', html)
    assert "Hours vary by source; call to confirm." in html
    assert 'href="tel:911"' in html
    assert "This forum cannot send help." in html


def test_the_panel_follows_the_readers_chosen_region(visitor_request):
    html = TAG.render(Context({"request": visitor_request(cookies={REGION_COOKIE: "GB"})}))
    assert 'href="tel:116123"' in html and 'href="sms:85258?body=SHOUT"' in html
    assert 'href="tel:999"' in html
    assert "tel:988" not in html and "Illinois" not in html


def test_elsewhere_the_panel_points_to_worldwide_directories(visitor_request):
    html = TAG.render(Context({"request": visitor_request(cookies={REGION_COOKIE: "INT"})}))
    assert "https://findahelpline.com/" in html
    assert 'href="tel:112"' in html and "your local emergency number" in html


def test_the_panel_renders_with_one_query_and_none_once_cached(
    visitor_request, make_resource, django_assert_num_queries
):
    for n in range(5):
        make_resource(name=f"Extra line {n}")
    with django_assert_num_queries(1):
        TAG.render(Context({"request": visitor_request()}))
    with django_assert_num_queries(0):
        html = TAG.render(Context({"request": visitor_request()}))
    assert "Extra line 4" in html


def test_the_panel_in_the_posting_flow_costs_the_same_for_a_member(
    client, member, django_assert_num_queries, rf
):
    client.force_login(member)
    request = rf.get("/")
    request.user = member
    request.session = client.session
    request.session.get("last_post_outcome")  # the forum view has read the session already
    with django_assert_num_queries(2):  # the region's lines, and the member's own line
        html = include(request, held=True)
    assert "tel:988" in html


def test_the_panel_works_with_only_the_request_in_the_context(visitor_request):
    html = Template('{% include "resources/support_panel.html" %}').render(
        Context({"request": visitor_request()})
    )
    assert "tel:988" in html


def test_the_panel_works_with_no_request_at_all_and_shows_the_default_region():
    html = TAG.render(Context({}))
    assert "tel:988" in html and "Illinois Warm Line" in html


def test_a_held_post_s_panel_says_a_moderator_will_see_it_and_it_is_waiting(visitor_request):
    text = panel_text(include(visitor_request(), held=True))
    assert "A peer moderator will see your post." in text
    assert "It is waiting for them before others can read it." in text


def test_a_published_post_s_panel_says_a_moderator_will_see_it_without_waiting(visitor_request):
    text = panel_text(include(visitor_request(), held=False))
    assert "A peer moderator will see your post." in text
    assert "waiting" not in text


def test_outside_the_posting_flow_the_panel_does_not_mention_a_moderator(visitor_request):
    assert "moderator" not in include(visitor_request())
    html = Template("{% load resources_tags %}{% support_panel after_post=True %}").render(
        Context({"request": visitor_request()})
    )
    assert "A peer moderator will see your post." in html


@pytest.mark.parametrize("held", [True, False, None])
def test_the_panel_never_promises_a_response_time(visitor_request, held):
    context = {} if held is None else {"held": held}
    text = panel_text(include(visitor_request(), **context)).lower()
    for promise in ("within", "minute", "shortly", "as soon as", "will reply", "will respond",
                    "get back to you", "right away", "soon"):  # fmt: skip
        assert promise not in text, promise


def test_the_forum_outcome_include_renders_the_panel_after_a_high_rated_post(visitor_request):
    html = render_to_string(
        "forum/_outcome.html",
        {"outcome": {"severity": "high", "held": True, "failed": False}},
        request=visitor_request(),
    )
    assert "data-support-panel" in html and "A peer moderator will see your post." in html
    assert "tel:988" in html


def test_the_panel_has_no_inline_style_or_script(visitor_request):
    html = include(visitor_request(), held=True)
    assert "style=" not in html and "<script" not in html

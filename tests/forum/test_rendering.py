"""The renderer turns Markdown into HTML that is safe to put in any page."""

import pytest

from forum.rendering import count_links, render_markdown
from tests.html_safety import unsafe_parts

DANGEROUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)">',
    "<iframe src=//evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<https://example.org/" onmouseover="alert(1)>',
    "[x](java\tscript:alert(1))",
    "[x](\x01javascript:alert(1))",
]


@pytest.mark.parametrize("payload", DANGEROUS)
def test_dangerous_markup_never_survives(payload):
    html = render_markdown(payload)
    assert unsafe_parts(html) == []
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text_not_markup():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[a peer line](https://warmline.org)")
    assert (
        html == '<p><a href="https://warmline.org" rel="nofollow ugc noopener">a peer line</a></p>'
    )


def test_bare_addresses_become_links_but_not_inside_code():
    assert 'href="https://example.org"' in render_markdown("see https://example.org")
    assert "href" not in render_markdown("`https://example.org`")


def test_only_http_https_and_mailto_links_are_kept():
    assert "href" in render_markdown("[mail](mailto:someone@example.org)")
    assert "href" not in render_markdown("[ftp](ftp://example.org/file)")


def test_images_from_elsewhere_become_plain_links():
    html = render_markdown("![a cat](https://cats.example/cat.png)")
    assert "<img" not in html
    assert '<a href="https://cats.example/cat.png" rel="nofollow ugc noopener">a cat</a>' in html


def test_headings_are_demoted_below_the_page_outline():
    assert render_markdown("# Big") == "<h3>Big</h3>"


def test_direction_override_characters_are_removed():
    assert "\u202e" not in render_markdown("hello \u202edlrow")


def test_deep_nesting_does_not_blow_up():
    html = render_markdown("> " * 500 + "deep")
    assert "deep" in html
    assert html.count("<blockquote>") <= 25


def test_link_count_counts_only_links_that_survived():
    html = render_markdown("[a](https://a.org) [b](javascript:x) https://c.org")
    assert count_links(html) == 2


def test_bare_urls_with_schemes_outside_the_allow_list_never_become_links():
    for text in ("data://example.org/,%3Cscript%3E", "ftp://example.org/x", "irc://example.org"):
        html = render_markdown(text)
        assert unsafe_parts(html) == []
        assert 'href="data' not in html and 'href="ftp' not in html and 'href="irc' not in html


def test_search_highlight_markers_cannot_be_typed_into_posts():
    assert "\ue000" not in render_markdown("fake \ue000highlight\ue001")

"""Markdown to sanitised HTML, behind one function so the sanitiser can be swapped.

markdown-it-py renders CommonMark with raw HTML off; bleach then keeps only an allow-list of
tags, attributes and URL schemes and marks every link `rel="nofollow ugc noopener"`.
Members cannot upload images, so a Markdown image becomes a plain link to its address.
"""

import re
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from core.text import clean_text

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# Headings inside a post would compete with the page's own outline; demote them.
HEADING_LEVEL_SHIFT = 2
# Deeper quotes are flattened to this depth before parsing: markdown-it drops text nested
# beyond maxNesting, and a member's words must never silently disappear.
MAX_QUOTE_DEPTH = 8
MAX_NESTING = 40

_DEEP_QUOTE = re.compile(rf"^(?:[ \t]{{0,3}}>){{{MAX_QUOTE_DEPTH + 1},}}", re.MULTILINE)


def _render_image_as_link(self, tokens, idx, options, env):
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInline(token.children or [], options, env) or escapeHtml(src)
    return f'<a href="{escapeHtml(src)}">{alt}</a>'


def _render_heading_open(self, tokens, idx, options, env):
    level = min(int(tokens[idx].tag[1]) + HEADING_LEVEL_SHIFT, 6)
    return f"<h{level}>"


def _render_heading_close(self, tokens, idx, options, env):
    level = min(int(tokens[idx].tag[1]) + HEADING_LEVEL_SHIFT, 6)
    return f"</h{level}>\n"


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "maxNesting": MAX_NESTING})
    md.enable("strikethrough")
    md.add_render_rule("image", _render_image_as_link)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _only_allowed_schemes(attrs, new=False):
    """The linkifier runs after the sanitiser with schemes of its own (data:, ftp:, irc:...):
    drop any link it makes outside our allow-list."""
    scheme = urlsplit(attrs.get((None, "href"), "").strip()).scheme.lower()
    return None if scheme and scheme not in ALLOWED_PROTOCOLS else attrs


_LINKIFY_URLS = build_url_re(protocols=sorted(ALLOWED_PROTOCOLS))


_markdown = _build_markdown()
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[_only_allowed_schemes, _set_link_rel],
            skip_tags=["pre", "code"],
            parse_email=False,
            url_re=_LINKIFY_URLS,
        )
    ],
)


def render_markdown(source: str) -> str:
    """Render a member's Markdown to HTML that is safe to insert in any page."""
    source = _DEEP_QUOTE.sub(">" * MAX_QUOTE_DEPTH, clean_text(source))
    html = _markdown.render(source)
    return _cleaner.clean(html).strip()


def count_links(html: str) -> int:
    """Links that survived sanitising, for the new-member link rule."""
    return html.count("<a ")


# Elements that start a new line on the page: their text never runs into the next block's.
_BLOCKS = frozenset(
    {"p", "br", "hr", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6"}
)


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def displayed_text(html: str) -> str:
    """What readers see of rendered HTML: its text, tags removed and character references
    decoded, one line per block. The crisis scan reads this beside what the member typed."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts)).strip()

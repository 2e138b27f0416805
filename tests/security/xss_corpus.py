"""The XSS corpus of issue #11 (tests/data/xss_payloads.json) and the checks both XSS test
modules share. Sources, licences and how the file is built: tests/data/XSS_SOURCES.md.

A payload "gets through" when, after the page is parsed the way a browser parses it, anything
could run: a <script>/<iframe>/<svg>/... element that is not ours, any on* attribute, or a
URL attribute whose scheme is javascript:, vbscript: or data:.
"""

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from core.live import CloseCode

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS_FILE = DATA / "xss_payloads.json"
SOURCES_FILE = DATA / "XSS_SOURCES.md"

# Field limits from the models; longer payloads are cut to fit, as the forms would require.
TITLE_MAX, WARNING_MAX, ABOUT_MAX, NOTE_MAX = 150, 120, 200, 1000
SESSION_TITLE_MAX, AVAILABILITY_MAX = 120, 300

# Elements members' words must never produce. Outside members' words, our templates use only
# OUR_ELEMENTS (below) of these; any other one anywhere in a page is foreign.
FOREIGN_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "style", "base", "meta", "link", "form", "input", "button", "textarea", "select",
        "img", "video", "audio", "source", "track", "picture", "portal", "marquee", "isindex",
        "keygen", "xml", "template", "noscript", "bgsound", "layer", "details", "dialog",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
        "srcset", "srcdoc", "ping", "cite", "longdesc", "lowsrc", "dynsrc", "codebase",
        "archive", "manifest", "icon", "usemap", "content", "to", "from", "values", "by",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
# What the URL parser ignores before matching a scheme: C0 controls and spaces, plus tab and
# newlines anywhere (WHATWG URL). Zero-width and other invisible characters are NOT ignored,
# so "java\u200bscript:" is a harmless relative URL.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")


@dataclass(frozen=True)
class Payload:
    index: int
    text: str
    source: str

    @property
    def id(self) -> str:
        return f"p{self.index:03d}"

    def cut(self, limit: int) -> str:
        return self.text[:limit]


@cache
def payloads() -> tuple[Payload, ...]:
    items = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))
    return tuple(Payload(i, item["payload"], item["source"]) for i, item in enumerate(items))


def dangerous_url(value: str) -> bool:
    """Whether a browser would treat this attribute value as a script or data URL."""
    normalised = _IGNORED_IN_URL.sub("", value or "").lower()
    return normalised.startswith(DANGEROUS_SCHEMES)


@lru_cache(maxsize=16)
def _parse(html: str):
    """The tree a browser would build. html5lib implements the HTML5 parsing algorithm;
    bleach vendors it (bleach is what sanitises our posts). Callers must not change it."""
    from bleach._vendor import html5lib

    return html5lib.parse(html, namespaceHTMLElements=False)


def as_parsed(text: str) -> str:
    """Text as the DOM holds it: the HTML parser turns CR and CRLF into LF and drops NUL."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attr_name(name: str) -> str:
    # html5lib spells foreign attributes "{namespace}local"; xlink:href matters here.
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.rsplit("}", 1)[-1]
    return _local(name)


# Elements our own pages do use, outside members' words; anywhere else they are foreign.
OUR_ELEMENTS = frozenset({"script", "link", "meta", "form", "input", "button", "textarea",
                          "select", "details"})  # fmt: skip


def page_problems(html: str, *, static_prefix: str = "/static/") -> list[str]:
    """Everything in a whole page that could run script and is not ours: any on* attribute,
    any script/data URL, any <script> that is not one of our static files, <link>/<meta>
    outside <head>, and any element our templates never use (<iframe>, <svg>, <style>...)."""
    problems = []
    root = _parse(html)
    head = root.find("head")
    in_head = {id(child) for child in head} if head is not None else set()
    for element in root.iter():
        tag = _local(element.tag)
        if not tag:
            continue  # comments
        for name, value in element.attrib.items():
            attr = _attr_name(name)
            if attr.startswith("on"):
                problems.append(f"<{tag} {attr}=...>")
            elif (attr in URL_ATTRIBUTES or attr.endswith(":href")) and dangerous_url(value):
                problems.append(f"<{tag} {attr}={value[:60]!r}>")
        if tag == "script" and _is_our_close_codes(element, in_head):
            continue  # data the browser never runs, and exactly the server's own
        if tag == "script":
            src = element.attrib.get("src", "")
            if not src.startswith(static_prefix) or (element.text or "").strip():
                problems.append(f"<script src={src!r}> with {len(element.text or '')} chars")
        elif tag in ("link", "meta") and id(element) not in in_head:
            problems.append(f"<{tag}> outside <head>")
        elif tag in FOREIGN_TAGS and tag not in OUR_ELEMENTS:
            problems.append(f"<{tag}>")
    return problems


def fragment_problems(html: str, allowed_tags) -> list[str]:
    """A sanitised fragment (a post body): only allowed tags, no on*, no script URLs."""
    problems = []
    body = _parse(f"<!doctype html><body>{html}").find("body")
    for element in body.iter():
        tag = _local(element.tag)
        if not tag or element is body:
            continue
        if tag not in allowed_tags:
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            attr = _attr_name(name)
            if attr.startswith("on"):
                problems.append(f"<{tag} {attr}=...>")
            elif dangerous_url(value):
                problems.append(f"<{tag} {attr}={value[:60]!r}>")
    return problems


def elements_with_class(html: str, class_name: str):
    """Elements of a whole page carrying a class, parsed as a browser would."""
    for element in _parse(html).iter():
        if class_name in (element.attrib.get("class", "") if _local(element.tag) else "").split():
            yield element


def elements_by_tag(html: str, tag: str):
    for element in _parse(html).iter():
        if _local(element.tag) == tag:
            yield element


def descendant_tags(element) -> list[str]:
    return [_local(e.tag) for e in element.iter() if e is not element and _local(e.tag)]


# --- Shared set-up ------------------------------------------------------------------------------


def report_service():
    """`moderation.reports.report_post` (the report service that came with the moderation
    queue work); the report-note checks enable themselves when it is there."""
    try:
        from moderation.reports import report_post
    except ImportError:
        return None
    return report_post


def calm_scanner(monkeypatch) -> None:
    """The XSS tests are about rendering, not moderation: every post, about line and note is
    published whatever the crisis scanner would say (and without its cost)."""
    from safety.services import Assessment

    def calm(text, **views):
        return Assessment(severity="none")

    monkeypatch.setattr("forum.services.assess_text", calm)
    monkeypatch.setattr("safety.account_receivers.assess_text", calm)
    monkeypatch.setattr("groups.room_services.assess_text", calm)
    if report_service() is not None:
        monkeypatch.setattr("moderation.reports.assess_text", calm)


def report_every_payload(authors, targets) -> dict[int, int]:
    """Each payload's author reports one of the target posts with the payload as the note
    (cut to the 1,000 characters a note may have), spread over the targets. Returns the
    number of reports per target post id."""
    report_post = report_service()
    per_target: dict[int, int] = {}
    for payload, author in zip(payloads(), authors, strict=False):
        candidates = [t for t in targets if t.author_id != author.pk]
        target = candidates[payload.index % len(candidates)]
        note = payload.cut(NOTE_MAX)
        report_post(post=target, reporter=author, reason="other" if note.strip() else "spam",
                    note=note)  # fmt: skip
        per_target[target.pk] = per_target.get(target.pk, 0) + 1
    return per_target


def _is_our_close_codes(element, in_head) -> bool:
    """The one inline <script> a page may carry: core's close codes as a JSON data block in
    <head>, with exactly the codes the server has (core.templatetags.live_tags)."""
    if id(element) not in in_head or element.attrib.get("type") != "application/json":
        return False
    if element.attrib.get("id") != "close-codes" or set(element.attrib) != {"id", "type"}:
        return False
    try:
        return json.loads(element.text or "") == {code.name: code.value for code in CloseCode}
    except ValueError:
        return False

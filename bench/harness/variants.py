"""Template variants of the thread page, built from the app's templates as they are now.

Each is a mechanical rewrite, so the variant stays in step with the app and the page it
renders can be compared with the app's own, byte for byte (see `same_posts`):

- inline: `_post.html` written into the loop of `thread.html` instead of an include per post.
- lean:   inline, plus per-post work hoisted out of the reactions loop: the react URL is
          reversed once per post, not once per button; the CSRF input is written from the
          context variable instead of the tag; the pressed-button lookups are skipped when
          the reader has pressed nothing. Same bytes out.
- cached: lean, plus for visitors the posts block is rendered as live events render it (no
          CSRF input in reaction forms) and kept in the cache for 60 s under the thread's
          event sequence number, which every post event increments.
"""

import re
from pathlib import Path

from harness.procs import REPO

APP_TEMPLATES = REPO / "forum" / "templates" / "forum"
INCLUDE = '{% for post in posts %}{% include "forum/_post.html" %}{% endfor %}'


class VariantUnavailable(RuntimeError):
    """The app's templates changed shape; the variant cannot be built faithfully."""


def _replace_once(text: str, old: str, new: str, what: str) -> str:
    if text.count(old) != 1:
        raise VariantUnavailable(f"{what}: expected one {old!r}")
    return text.replace(old, new)


_LOAD = re.compile(r"^\{% load ([\w ]+) %\}")


def _post_body(lean: bool) -> tuple[str, str]:
    """The post template without its leading `{% load %}`, and the libraries it loads."""
    post = (APP_TEMPLATES / "_post.html").read_text()
    load = _LOAD.match(post)
    if not load:
        raise VariantUnavailable("_post.html: expected to start with {% load ... %}")
    libraries, post = load.group(1), post[load.end() :]
    if lean:
        post = _replace_once(
            post,
            "{% for kind, label in reaction_kinds_all %}",
            "{% url 'forum:react' post.pk as react_url %}"
            "{% for kind, label in reaction_kinds_all %}",
            "reactions loop",
        )
        post = _replace_once(post, "{% url 'forum:react' post.pk %}", "{{ react_url }}", "url")
        post = _replace_once(
            post,
            "{% csrf_token %}",
            '<input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">',
            "csrf",
        )
        post = post.replace(
            "post.pk|reacted:kind in reacted_pairs",
            "reacted_pairs and post.pk|reacted:kind in reacted_pairs",
        )
    return post, libraries


def build(kind: str, into: Path) -> Path:
    """Write the variant's `forum/thread.html` under `into` and return `into`."""
    thread = (APP_TEMPLATES / "thread.html").read_text()
    post, libraries = _post_body(lean=kind != "inline")
    thread = _replace_once(
        thread, "{% load static %}", f"{{% load static cache {libraries} %}}", "load"
    )
    loop = "{% for post in posts %}" + post + "{% endfor %}"
    if kind == "cached":
        loop = (
            "{% if user.is_authenticated %}" + loop + "{% else %}"
            "{% cache 60 thread-posts thread.pk thread.event_seq page.number %}"
            "{% with live=True %}" + loop + "{% endwith %}{% endcache %}{% endif %}"
        )
    thread = _replace_once(thread, INCLUDE, loop, "thread.html loop")
    target = into / kind / "forum"
    target.mkdir(parents=True, exist_ok=True)
    (target / "thread.html").write_text(thread)
    return into / kind


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
_POSTS = re.compile(r'<div class="posts".*?<div class="live-status"', re.DOTALL)


def posts_block(html: str) -> str:
    """The posts of a thread page, CSRF token values blanked (they differ per response)."""
    match = _POSTS.search(html)
    return _TOKEN.sub('name="csrfmiddlewaretoken" value=""', match.group(0) if match else "")


def same_posts(a: str, b: str) -> bool:
    return posts_block(a) == posts_block(b)

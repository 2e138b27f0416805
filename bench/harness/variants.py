"""Comparing the posts of two thread pages, for variants that claim to render the app's bytes.

The template variants measured before proposals 4 and 1 were applied (`inline`, `lean`,
`cached`: mechanical rewrites of the templates) are gone with those proposals; their figures
stay in bench/README.md, and the code as it was runs from an older commit (`--baseline`).
"""

import re

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
_POSTS = re.compile(r'<div class="posts".*?<div class="live-status"', re.DOTALL)


def posts_block(html: str) -> str:
    """The posts of a thread page, CSRF token values blanked (they differ per response)."""
    match = _POSTS.search(html)
    return _TOKEN.sub('name="csrfmiddlewaretoken" value=""', match.group(0) if match else "")


def same_posts(a: str, b: str) -> bool:
    return posts_block(a) == posts_block(b)

"""An HTML safety check for tests: parse the markup and refuse anything that could run."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from forum.rendering import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, [])
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event attribute {name}")
            elif name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                if scheme and scheme not in ALLOWED_PROTOCOLS:
                    self.problems.append(f"href scheme {scheme}")


def unsafe_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems

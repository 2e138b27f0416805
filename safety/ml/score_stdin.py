"""Both layers over stdin, one post a line, one JSON result a line (crisisscan's format).

    .venv/bin/python -m safety.ml.score_stdin [--lexicon-only] < posts.txt

For measuring before the layer is wired into `manage.py crisisscan`: the lexicon is the one shipped
in safety/lexicon/lexicon.json (not the database's). Exits 2 if the model cannot load.
"""

import argparse
import json
import sys

from safety.ml.layer import ModelLoadError, combine, load_layer_or_none
from safety.scanner import load_default_lexicon, scan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicon-only", action="store_true", help="skip the model layer")
    args = parser.parse_args(argv)
    lexicon = load_default_lexicon()
    try:
        layer = None if args.lexicon_only else load_layer_or_none(strict=True)
    except ModelLoadError as exc:
        print(exc, file=sys.stderr)
        return 2
    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
    for line in stdin:
        text = line.rstrip("\n")
        result = scan(text, lexicon)
        if layer is not None:
            result = combine(result, layer.rate(text))
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python manage.py crisisscan`: rate posts read from standard input, one per line.

Writes exactly one JSON object per input line to standard output, in order, and nothing else:
{"severity": "none"|"low"|"high"|"imminent", "categories": [...], "matches": [...]}.
Empty lines give a "none" result, so scripts can pair inputs and outputs by line number.
"""

import io
import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safety import scanner
from safety.layers import scan_with_layers
from safety.severity import Severity


def _lexicon() -> scanner.Lexicon:
    # The lexicon the forum uses: the database's, loaded by a data migration and edited by
    # administrators (safety.lexicon_source).
    from safety.lexicon_source import current_lexicon

    return current_lexicon()


def _model_layer():
    """Both layers when the model is on; a model that is configured but cannot load is an
    error here (exit status 1), because a score without it would be silently different."""
    if not settings.CRISIS_MODEL_ENABLED:
        return None
    try:
        from safety.ml.tuned import ModelLoadError, TunedModel
    except ImportError as problem:
        raise CommandError(
            f"crisis model configured but its packages are missing: {problem}"
        ) from None
    try:
        return TunedModel.load(model_dir=settings.CRISIS_MODEL_DIR or None)
    except ModelLoadError as problem:
        raise CommandError(f"crisis model configured but cannot load: {problem}") from None


class Command(BaseCommand):
    help = "Rate posts read from standard input, one per line, as JSON lines on standard output."
    requires_system_checks = []  # a pipe filter: no checks output, nothing else on stdout

    def handle(self, *args, **options):
        lexicon = _lexicon()
        layer = _model_layer()
        # Bytes in, so the locale cannot change the encoding; only "\n" ends a post.
        lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
        out = self.stdout
        for line in lines:
            text = line.removesuffix("\n").removesuffix("\r")
            try:
                result = scan_with_layers(text, lexicon, layer).to_dict()
            except Exception as problem:  # one bad line must not shift every later line
                self.stderr.write(f"crisisscan: could not scan a line ({problem!r}); rated high")
                result = {"severity": Severity.HIGH, "categories": [], "matches": []}
            out.write(json.dumps(result), ending="\n")
            out.flush()

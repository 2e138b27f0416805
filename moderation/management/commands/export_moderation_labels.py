"""`manage.py export_moderation_labels`: what moderators made of scanned posts, as labelled data.

Writes tab-separated lines to stdout, under a header, one per scanned post that a moderator
kept, hid or judged:

    decision  severity  layer  model_score  text  model_version  reason  label  category  lang

- decision: "kept" (kept published, approved or restored) or "hidden", the latest of them; ""
  when a moderator judged the post but has not decided on it.
- severity, layer, model_score, model_version, reason: the latest scan's rating, the model layer
  that rated it ("" when none did) and the scanner's own account of why.
- label, category: a moderator's judgement of how urgent the post really was
  (moderation.judgements): one of none / low / high / imminent and one of the six categories of
  safety/ml/LABELLING.md ("none" for a "none" label, "" when the moderator left it open). Both
  are "" when nobody judged the post, or when it was edited after the judgement (the label was
  for other words). The decision says what readers may see, not how much danger the writer was
  in: only `label` is a training label.
- lang: "es" when the post looks Spanish (see `guess_lang`), else "en".

The first seven columns keep their order, so older readers are unchanged. Only posts whose text
still exists are written (a post its author deleted has none), each on one line; no author is
ever written, anonymous or not. safety/ml/corpus.py --add-moderation-labels reads this file.
"""

import re

from django.core.management.base import BaseCommand
from django.db.models import Q

from moderation.models import AuditAction, AuditEntry, Flag, FlagReason, JudgedLevel

KEPT = {AuditAction.POST_APPROVED, AuditAction.POST_REVIEWED, AuditAction.POST_RESTORED}
HIDDEN = {AuditAction.POST_HIDDEN, AuditAction.THREAD_HIDDEN}
COLUMNS = (
    "decision", "severity", "layer", "model_score", "text", "model_version", "reason",
    "label", "category", "lang",
)  # fmt: skip

# Common words of one language that are rare in the other ("no", "me", "a", "he" are both).
SPANISH_WORDS = frozenset(
    "que de la el los las y o pero porque para por con una unos unas mi mis tu tus su sus yo "
    "ella ellos nos estoy estás está estaba estar es soy eres era fue ser muy más ya nada nadie "
    "todo todos toda hoy ahora cuando como cómo qué quiero quería puedo puede tengo tiene tenía "
    "hay eso esto esta este del al se lo le les también siempre nunca bien mal vida siento".split()
)
ENGLISH_WORDS = frozenset(
    "the and i i'm im to of it it's is my you that in this was for with just have has had but "
    "not be are they what so am been will would about can't cant don't dont feel want know "
    "like really she we there when".split()
)
SPANISH_MARKS = ("¿", "¡", "ñ")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_lang(text: str) -> str:
    """The post's language for LABELLING.md's `lang`: "es" when the text has more common
    Spanish words (que, de, estoy, ...) than common English ones (the, and, I, ...), with ¿, ¡
    or ñ anywhere counting as one more Spanish word; otherwise "en", ties included. A post
    mostly in Spanish with some English (Spanglish) comes out "es", as LABELLING.md asks.
    Crude on purpose: a labeller can correct a row by hand."""
    folded = text.casefold().replace("\u2019", "'")
    words = WORD.findall(folded)
    spanish = sum(word in SPANISH_WORDS for word in words)
    spanish += any(mark in folded for mark in SPANISH_MARKS)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "es" if spanish > english else "en"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _judgement(post) -> tuple[str, str]:
    """(label, category) as the export writes them; ("", "") when there is no judgement of
    these words."""
    item = getattr(post, "queue_item", None)  # None: the post has no queue item
    if item is None or not item.judged_level:
        return "", ""
    if post.edited and item.judged_at and post.edited > item.judged_at:
        return "", ""
    if item.judged_level == JudgedLevel.NONE:
        return JudgedLevel.NONE, "none"
    return item.judged_level, item.judged_category


class Command(BaseCommand):
    help = "Moderators' decisions and judgements on scanned posts, as TSV labelled data."

    def handle(self, *args, **options):
        decided = AuditEntry.objects.filter(action__in=KEPT | HIDDEN, post_id__isnull=False)
        decisions: dict[int, str] = {
            post_id: "hidden" if action in HIDDEN else "kept"
            for post_id, action in decided.order_by("created", "id").values_list(
                "post_id", "action"
            )
        }
        flags = (
            Flag.objects.filter(reason=FlagReason.SCAN)
            .filter(
                Q(post_id__in=decided.values("post_id"))
                | Q(post__queue_item__judged_level__in=JudgedLevel.values)
            )
            .exclude(post__body="")
            .select_related("post__queue_item")
            .order_by("post_id", "-created", "-id")
        )
        seen = set()
        self.stdout.write("\t".join(COLUMNS))
        for flag in flags.iterator(chunk_size=500):
            if flag.post_id in seen:
                continue  # an older scan of the same post
            seen.add(flag.post_id)
            text = _one_line(flag.post.body)
            if not text:
                continue
            label, category = _judgement(flag.post)
            score = "" if flag.model_score is None else f"{flag.model_score:.4f}"
            row = (
                decisions.get(flag.post_id, ""),
                flag.severity,
                flag.layer,
                score,
                text,
                _one_line(flag.model_version),
                _one_line(flag.scan_reason),
                label,
                category,
                guess_lang(text),
            )
            self.stdout.write("\t".join(row))

"""`manage.py export_moderation_labels`: moderators' decisions as labelled data.

Writes tab-separated lines to stdout, one per scanned post a moderator has decided on:
`decision  severity  layer  model_score  text  model_version  reason`, where decision is
"kept" (kept published or approved) or "hidden", model_version the model layer that rated the
post ("" when none did) and reason the scanner's own account of its rating (the two come
last, so readers of the first five columns are unchanged). These are the next training
round's hardest examples: what the scanner raised and a person judged (see
safety/ml/train.py). Anonymous or not, no author is written; only the post's text.
"""

from django.core.management.base import BaseCommand

from moderation.models import AuditAction, AuditEntry, Flag

KEPT = {AuditAction.POST_APPROVED, AuditAction.POST_REVIEWED, AuditAction.POST_RESTORED}
HIDDEN = {AuditAction.POST_HIDDEN, AuditAction.THREAD_HIDDEN}


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Command(BaseCommand):
    help = "Moderators' decisions on scanned posts, as TSV labelled data for training."

    def handle(self, *args, **options):
        decisions: dict[int, str] = {}
        for entry in AuditEntry.objects.filter(action__in=KEPT | HIDDEN).order_by("created", "id"):
            if entry.post_id:
                decisions[entry.post_id] = "hidden" if entry.action in HIDDEN else "kept"
        flags = (
            Flag.objects.filter(post_id__in=decisions, reason="scan")
            .select_related("post")
            .order_by("post_id", "-created")
        )
        seen = set()
        self.stdout.write("decision\tseverity\tlayer\tmodel_score\ttext\tmodel_version\treason")
        for flag in flags:
            if flag.post_id in seen or not flag.post.body:
                continue
            seen.add(flag.post_id)
            score = "" if flag.model_score is None else f"{flag.model_score:.4f}"
            self.stdout.write(
                f"{decisions[flag.post_id]}\t{flag.severity}\t{flag.layer}\t{score}\t"
                f"{_one_line(flag.post.body)}\t{_one_line(flag.model_version)}\t"
                f"{_one_line(flag.scan_reason)}"
            )

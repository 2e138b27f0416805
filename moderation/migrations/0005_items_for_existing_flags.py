"""Give every existing flag a queue item: one per post, the most urgent flag's priority."""

from django.db import migrations

SEVERITIES = ("none", "low", "high", "imminent")


def _priority(flag) -> int:
    if flag.severity == "imminent":
        return 0
    if flag.reason == "scan_failed":
        return 1
    if flag.severity == "high":
        return 2
    return 4


def build_items(apps, schema_editor):
    Flag = apps.get_model("moderation", "Flag")
    QueueItem = apps.get_model("moderation", "QueueItem")
    for flag in Flag.objects.filter(item__isnull=True).order_by("created", "pk"):
        item, created = QueueItem.objects.get_or_create(
            post_id=flag.post_id,
            defaults={
                "status": "open" if flag.resolved is None else "resolved",
                "opened_at": flag.created,
                "resolved_at": flag.resolved,
                "priority": _priority(flag),
                "severity": flag.severity,
            },
        )
        if not created:
            if flag.resolved is None:
                item.status, item.resolved_at = "open", None
            item.priority = min(item.priority, _priority(flag))
            item.severity = max(item.severity, flag.severity, key=SEVERITIES.index)
        item.categories = sorted({*item.categories, *flag.categories})
        if flag.matches:
            item.matches, item.matched_at = flag.matches, flag.created
            item.lexicon_version = flag.lexicon_version
        if flag.reason not in item.sources:
            item.sources = [*item.sources, flag.reason]
        tags = set(item.tags.split()) | set(flag.categories)
        if flag.reason != "scan":
            tags.add(f"hold:{flag.reason}")
        item.tags = f" {' '.join(sorted(tags))} "
        item.save()
        flag.item = item
        flag.save(update_fields=["item"])


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_queue_items_reports_sanctions_audit")]
    operations = [migrations.RunPython(build_items, migrations.RunPython.noop)]

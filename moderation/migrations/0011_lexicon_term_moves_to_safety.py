"""LexiconTerm now belongs to safety (safety 0001): moderation forgets it in its state only.
The table and its rows are kept; safety's model uses the same table name. Its content type
moves with it, so administrators' permissions and admin history on the lexicon stay attached."""

from django.db import migrations


def _move_content_type(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="lexiconterm").exists():
        return
    ContentType.objects.filter(app_label=source, model="lexiconterm").update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, "moderation", "safety")


def backwards(apps, schema_editor):
    _move_content_type(apps, "safety", "moderation")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("moderation", "0010_sync_lexicon_cutting_exception"),
        ("safety", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LexiconTerm")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]

from django.db import migrations


def mark_and_sync(apps, schema_editor):
    """Mark the rows the current file has as shipped, so a later file that drops one retires
    it. Rows it does not have are left alone: they may be administrators' own."""
    from safety.lexicon_sync import sync_from_file

    sync_from_file(apps.get_model("moderation", "LexiconTerm"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_lexicon_none_severity_and_shipped")]
    operations = [migrations.RunPython(mark_and_sync, migrations.RunPython.noop)]

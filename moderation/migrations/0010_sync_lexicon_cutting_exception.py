from django.db import migrations


def sync(apps, schema_editor):
    """Load the shipped lexicon's new exception ("they're cutting my hours") into the table."""
    from safety.lexicon_sync import sync_from_file

    sync_from_file(apps.get_model("moderation", "LexiconTerm"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_crisis_lane")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

from django.db import migrations


def sync(apps, schema_editor):
    """Load the shipped lexicon's Spanish entries (ideation, self-harm, overdose, third party,
    abuse, threats, goodbyes and timing cues, figurative exceptions) and its new English
    self-harm slang into the table; the Spanish catch-all self-harm entry it replaces goes."""
    from safety.lexicon_sync import sync_from_file

    sync_from_file(apps.get_model("safety", "LexiconTerm"))


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
        ("moderation", "0012_flag_model_version_and_scan_reason"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

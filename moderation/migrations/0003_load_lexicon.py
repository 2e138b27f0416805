from django.db import migrations


def load(apps, schema_editor):
    from safety.lexicon_sync import sync_from_file

    sync_from_file(apps.get_model("moderation", "LexiconTerm"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_lexicon_term")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The "peer supporter" box was something any member could tick, and it showed them which
waiting threads were flagged for care. It is now only a granted supporter's nudge preference, so
it is cleared for everyone who is not one (at the time of this migration, nobody is)."""

from django.db import migrations


def clear_for_non_supporters(apps, schema_editor):
    ReaderSettings = apps.get_model("forum", "ReaderSettings")
    ReaderSettings.objects.filter(peer_supporter=True, member__is_peer_supporter=False).update(
        peer_supporter=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_reader_settings_and_visits_move_to_forum"),
        ("accounts", "0006_peer_supporter_mark"),
    ]

    operations = [migrations.RunPython(clear_for_non_supporters, migrations.RunPython.noop)]

"""ReaderSettings and ThreadVisit now belong to forum (its 0004 takes them over in Django's state);
this forgets them here. Nothing changes in the database: the tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_crisis_lane"),
        ("forum", "0004_reader_settings_and_visits_move_to_forum"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="threadvisit", name="member"),
                migrations.RemoveField(model_name="threadvisit", name="thread"),
                migrations.DeleteModel(name="ReaderSettings"),
                migrations.DeleteModel(name="ThreadVisit"),
            ],
        ),
    ]

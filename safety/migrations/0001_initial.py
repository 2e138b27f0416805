"""LexiconTerm moves here from moderation (issue 18). Its table, moderation_lexiconterm, and
its rows stay where they are: this migration only tells Django's state that safety owns it
now, and moderation's 0011 forgets it. On an empty database the table is created and loaded
by moderation's earlier migrations, which this one follows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("moderation", "0010_sync_lexicon_cutting_exception")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LexiconTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("pattern", models.CharField(max_length=300)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("term", "Word"),
                                    ("phrase", "Phrase"),
                                    ("regex", "Regular expression"),
                                ],
                                default="phrase",
                                max_length=10,
                            ),
                        ),
                        ("category", models.CharField(max_length=30)),
                        (
                            "severity",
                            models.CharField(
                                choices=[
                                    ("none", "None (a cue: raises other matches nearby)"),
                                    ("low", "Low"),
                                    ("high", "High"),
                                    ("imminent", "Imminent"),
                                ],
                                default="high",
                                max_length=10,
                            ),
                        ),
                        (
                            "negatable",
                            models.BooleanField(
                                default=True,
                                help_text='"not", "never", "used to" before it lower the rating.',
                            ),
                        ),
                        (
                            "fuzzy",
                            models.BooleanField(
                                default=False,
                                help_text="Also match misspellings one letter away (6+ letters).",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200)),
                        ("shipped", models.BooleanField(default=False, editable=False)),
                        ("updated", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "moderation_lexiconterm",
                        "ordering": ["category", "pattern"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("pattern", "kind", "category"), name="one_lexicon_row"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

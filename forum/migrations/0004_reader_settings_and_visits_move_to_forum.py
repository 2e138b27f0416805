"""ReaderSettings and ThreadVisit move here from notifications (issue 19): what a reader chose
not to see and how far they have read decide what the forum shows them. Their tables,
notifications_readersettings (with its muted boards) and notifications_threadvisit, and their
rows stay where they are: this migration only tells Django's state that forum owns them now,
and notifications' 0003 forgets them. On an empty database notifications' earlier migrations
create the tables, and this one follows them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_search_vectors"),
        ("notifications", "0002_crisis_lane"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReaderSettings",
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
                        ("notify_replies", models.BooleanField(default=True)),
                        ("notify_quotes", models.BooleanField(default=True)),
                        ("notify_reactions", models.BooleanField(default=True)),
                        ("notify_followed", models.BooleanField(default=True)),
                        ("peer_supporter", models.BooleanField(default=False)),
                        ("muted_words", models.TextField(blank=True)),
                        ("collapsed_categories", models.JSONField(blank=True, default=list)),
                        ("open_warnings", models.BooleanField(default=False)),
                        ("break_until", models.DateTimeField(blank=True, null=True)),
                        (
                            "member",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reader_settings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "muted_boards",
                            models.ManyToManyField(blank=True, related_name="+", to="forum.board"),
                        ),
                    ],
                    options={
                        "db_table": "notifications_readersettings",
                    },
                ),
                migrations.CreateModel(
                    name="ThreadVisit",
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
                        ("last_seen", models.DateTimeField()),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thread_visits",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "thread",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="forum.thread",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "notifications_threadvisit",
                        "constraints": [
                            models.UniqueConstraint(fields=("member", "thread"), name="visit_once")
                        ],
                    },
                ),
            ],
        ),
    ]

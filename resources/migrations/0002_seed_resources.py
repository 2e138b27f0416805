"""Seed the directory from RESOURCES.md (every row, verified 2026-11-25)."""

from django.db import migrations

from resources.seed import seed_resources


def seed(apps, schema_editor):
    seed_resources(apps.get_model("resources", "Resource"))


def unseed(apps, schema_editor):
    from resources.seed import ENTRIES

    Resource = apps.get_model("resources", "Resource")
    Resource.objects.filter(slug__in=[entry["slug"] for entry in ENTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

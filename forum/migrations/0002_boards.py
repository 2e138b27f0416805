from django.db import migrations


def add_boards(apps, schema_editor):
    from forum.boards import BOARDS, COMMON_GUIDELINES

    Board = apps.get_model("forum", "Board")
    for order, (slug, name, description, guidelines) in enumerate(BOARDS):
        Board.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "guidelines": f"{guidelines}\n\n{COMMON_GUIDELINES}",
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]
    operations = [migrations.RunPython(add_boards, migrations.RunPython.noop)]

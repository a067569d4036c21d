"""The one public room exists from the start: no page has to make it."""

from django.db import migrations


def create_public_room(apps, schema_editor):
    Room = apps.get_model("chat", "Room")
    Room.objects.get_or_create(kind="public")


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0002_moderator_permissions"),
    ]

    operations = [
        migrations.RunPython(create_public_room, migrations.RunPython.noop),
    ]

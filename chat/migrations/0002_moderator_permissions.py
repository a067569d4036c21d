"""Moderators (the admins' group) delete chat messages and review reports."""

from django.db import migrations

PERMISSIONS = [("message", "delete_message"), ("report", "view_report"), ("report", "delete_report")]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model, codename in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="chat", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        permissions.append(permission)
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="chat",
        codename__in=[codename for _, codename in PERMISSIONS],
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("members", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

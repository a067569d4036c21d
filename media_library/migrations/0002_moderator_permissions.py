"""
Moderators (the admins' group) manage every media asset: change, publish
(approve for the public) and delete. Nobody adds assets in the admin: they
are uploaded on the site, where files are checked.
"""

from django.db import migrations

ACTIONS = ("change", "publish", "delete")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="media_library", model="mediaasset"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_mediaasset",
            defaults={"name": f"Can {action} media asset"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="media_library",
        codename__in=[f"{action}_mediaasset" for action in ACTIONS],
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("media_library", "0001_initial"),
        ("members", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""
A migration operation for apps that give a role group permissions on their
models. The permissions are created if need be: Django makes them only after
all migrations have run.
"""

from django.db import migrations


def grant_permissions(
    group_name: str, app_label: str, permissions: list[tuple[str, str]]
) -> migrations.RunPython:
    """Give `group_name` the (model, codename) permissions of `app_label`."""

    def find(apps) -> tuple[list, list]:
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        Group = apps.get_model("auth", "Group")
        found = []
        for model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            found.append(permission)
        return list(Group.objects.filter(name=group_name)), found

    def grant(apps, schema_editor) -> None:
        groups, found = find(apps)
        for group in groups:
            group.permissions.add(*found)

    def revoke(apps, schema_editor) -> None:
        groups, found = find(apps)
        for group in groups:
            group.permissions.remove(*found)

    return migrations.RunPython(grant, revoke)

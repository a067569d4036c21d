"""Moderators (the admins' group) moderate the community and review reports."""

from django.db import migrations

from members.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("members", "0002_role_groups"),
    ]

    operations = [
        grant_permissions(
            "Moderators",
            "community",
            [
                ("post", "moderate_community"),
                ("report", "view_report"),
                ("mute", "view_mute"),
                ("mute", "add_mute"),
                ("mute", "change_mute"),
                ("mute", "delete_mute"),
            ],
        )
    ]

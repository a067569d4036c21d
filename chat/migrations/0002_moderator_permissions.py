"""Moderators (the admins' group) delete chat messages and review reports."""

from django.db import migrations

from members.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("members", "0002_role_groups"),
    ]

    operations = [
        grant_permissions(
            "Moderators",
            "chat",
            [
                ("message", "delete_message"),
                ("report", "view_report"),
                ("report", "delete_report"),
            ],
        )
    ]

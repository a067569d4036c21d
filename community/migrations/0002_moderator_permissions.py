"""Moderators (the admins' group) moderate the community and review its reports."""

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
            # The one permission community.access asks: the admin's
            # screens and the site's moderation buttons all follow it.
            [("post", "moderate_community")],
        )
    ]

"""
Moderators (the admins' group) manage every media asset: change, publish
(approve for the public) and delete. Nobody adds assets in the admin: they
are uploaded on the site, where files are checked.
"""

from django.db import migrations

from members.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("media_library", "0001_initial"),
        ("members", "0002_role_groups"),
    ]

    operations = [
        grant_permissions(
            "Moderators",
            "media_library",
            [
                ("mediaasset", "change_mediaasset"),
                ("mediaasset", "publish_mediaasset"),
                ("mediaasset", "delete_mediaasset"),
            ],
        )
    ]

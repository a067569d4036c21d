"""
Create the group of each role, with its Wagtail permissions.

Students have no admin access. Teachers may enter the admin and add and choose
images and documents (page permissions under the course catalog are granted
where the catalog is created). Moderators (the admins' group) may publish and
lock any page, approve workflow tasks assigned to them, and manage all images
and documents. Wagtail's own unused "Editors" group is removed so that the
groups match the roles.
"""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
IMAGES = ("wagtailimages", "image")
DOCUMENTS = ("wagtaildocs", "document")

GLOBAL_PERMISSIONS = {
    "Students": [],
    "Teachers": [ACCESS_ADMIN],
    "Moderators": [ACCESS_ADMIN],
}
COLLECTION_PERMISSIONS = {
    "Students": [],
    "Teachers": [
        (*IMAGES, "add_image"),
        (*IMAGES, "choose_image"),
        (*DOCUMENTS, "add_document"),
        (*DOCUMENTS, "choose_document"),
    ],
    "Moderators": [
        *[(*IMAGES, f"{action}_image") for action in ("add", "change", "delete", "choose")],
        *[
            (*DOCUMENTS, f"{action}_document")
            for action in ("add", "change", "delete", "choose")
        ],
    ],
}
ROOT_PAGE_PERMISSIONS = {
    "Students": [],
    "Teachers": [],
    "Moderators": [
        ("wagtailcore", "page", f"{action}_page")
        for action in ("add", "change", "publish", "lock", "unlock")
    ],
}


def create_role_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    def permission(app_label, model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        return perm

    root_collection = Collection.objects.filter(depth=1).first()
    root_page = Page.objects.filter(depth=1).first()

    for name in GLOBAL_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(*p) for p in GLOBAL_PERMISSIONS[name]))
        for p in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(*p)
            )
        for p in ROOT_PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(*p)
            )

    Group.objects.filter(name="Editors", user__isnull=True).delete()


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Students", "Teachers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]

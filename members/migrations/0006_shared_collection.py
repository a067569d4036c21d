"""
Teachers choose images and documents among their own uploads and those in a
Shared collection, created here, rather than among every file of the site:
their "choose" permissions move from the root collection to Shared. Whoever
may change a file may also choose it (courses.permissions), so their own
uploads stay theirs to choose, and moderators still choose from everything.
"""

from django.db import migrations

SHARED = "Shared"
CHOOSE = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]
# The tree's paths, as django-treebeard writes them: four base-36 digits a level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def next_child_path(parent, last_child_path: str | None) -> str:
    step = int(last_child_path[-STEPLEN:], 36) + 1 if last_child_path else 1
    digits = ""
    for _ in range(STEPLEN):
        step, digit = divmod(step, 36)
        digits = ALPHABET[digit] + digits
    return parent.path + digits


def move_teachers_choose(apps, source, destination) -> None:
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    for app_label, codename in CHOOSE:
        for grant in GroupCollectionPermission.objects.filter(
            group__name="Teachers",
            collection=source,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=grant.group, collection=destination, permission=grant.permission
            )
            grant.delete()


def share(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.get(depth=1)
    shared = Collection.objects.filter(depth=2, name=SHARED).first()
    if shared is None:
        children = Collection.objects.filter(depth=2, path__startswith=root.path)
        last_path = children.order_by("-path").values_list("path", flat=True).first()
        shared = Collection.objects.create(
            name=SHARED, path=next_child_path(root, last_path), depth=2, numchild=0
        )
        root.numchild = children.count()
        root.save(update_fields=["numchild"])
    move_teachers_choose(apps, source=root, destination=shared)


def unshare(apps, schema_editor):
    # The collection stays, with whatever files it holds.
    Collection = apps.get_model("wagtailcore", "Collection")
    shared = Collection.objects.filter(depth=2, name=SHARED).first()
    if shared is not None:
        root = Collection.objects.get(depth=1)
        move_teachers_choose(apps, source=shared, destination=root)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_deletion_due_at"),
    ]

    operations = [migrations.RunPython(share, unshare)]

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_public_ids(apps, schema_editor):
    """A random public id for each existing order and donation, one by one."""
    for model_name in ("Order", "Donation"):
        model = apps.get_model("commerce", model_name)
        for pk in model.objects.filter(public_id=None).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0002_payment_reference_once"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Orders and donations are addressed by an unguessable id: added empty,
        # filled row by row (a default would give every row the same one), then
        # made unique and required.
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="donation",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="donation",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        # Provider events that cannot be acted on are kept with the reason, and
        # do not count towards "each event once".
        migrations.AddField(
            model_name="providerevent",
            name="problem",
            field=models.CharField(
                blank=True,
                help_text="Why it was set aside rather than acted on.",
                max_length=255,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="providerevent",
            name="commerce_event_once",
        ),
        migrations.AddConstraint(
            model_name="providerevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("problem", "")),
                fields=("provider", "event_id"),
                name="commerce_event_once",
            ),
        ),
        # A deleted account's Stripe customer outlives it until Stripe has
        # deleted it too.
        migrations.AlterField(
            model_name="stripecustomer",
            name="user",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]

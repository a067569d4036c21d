"""Every account has its handle (0008): it is required and unique, case aside."""

import django.core.validators
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_user_handle_backfill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="handle",
            field=models.CharField(
                help_text="Others mention you as @handle.",
                max_length=30,
                validators=[
                    django.core.validators.RegexValidator(
                        "\\A[A-Za-z0-9_]{3,30}\\Z",
                        code="invalid",
                        message=(
                            "A handle is 3 to 30 characters: letters A to Z "
                            "without accents, digits and underscores."
                        ),
                    )
                ],
                verbose_name="handle",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("handle"),
                name="members_user_handle_ci_unique",
                violation_error_message="This handle is taken.",
            ),
        ),
    ]

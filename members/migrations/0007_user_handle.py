"""
Members get a handle, the @handle others mention them by: nullable here, so
that 0008 can give existing accounts theirs before 0009 requires it.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_shared_collection"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="handle",
            field=models.CharField(
                help_text="Others mention you as @handle.",
                max_length=30,
                null=True,
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
    ]

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0003_public_room"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["resolved_at", "-created_at"],
                "verbose_name": "chat report",
            },
        ),
    ]

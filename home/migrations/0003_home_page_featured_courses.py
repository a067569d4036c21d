import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0009_course_notification_confirmation"),
        ("home", "0002_standard_page_legal_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="HomePageFeaturedCourse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("course", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="courses.coursepage")),
                ("page", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="featured_courses", to="home.homepage")),
            ],
            options={
                "verbose_name": "featured course",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
    ]

from django.utils.text import slugify

import factory
import wagtail_factories

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Subject


class SubjectFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.LazyAttribute(lambda subject: slugify(subject.name))

    class Meta:
        model = Subject


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    subject = factory.SubFactory(SubjectFactory)
    access_level = CoursePage.AccessLevel.OPEN

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")

    class Meta:
        model = ModulePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What this lesson is about."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>The secret of this lesson.</p>")]
    )

    class Meta:
        model = LessonPage

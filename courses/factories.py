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


def quiz_block_value(pass_mark: int = 50, tries: int = 3, **question) -> dict:
    """A quiz with one question, "2 + 2?", whose right answer is the second choice."""
    return {
        "title": "Quick check",
        "pass_mark": pass_mark,
        "tries": tries,
        "questions": [
            {
                "prompt": "2 + 2?",
                "explanation": "Count on your fingers.",
                "choices": [
                    {"text": "3", "correct": False},
                    {"text": "4", "correct": True},
                ],
                **question,
            }
        ],
    }

"""Demo courses for seed_demo: every access level, availability and block type."""

from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image

from PIL import Image as PillowImage
from PIL import ImageDraw

from home.models import HomePage
from media_library.models import MediaAsset
from members.models import User

from .models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
    Subject,
)
from .services import course_index_setup

SUBJECTS = [
    ("Mathematics", "Numbers, shapes and patterns.", "#1d4ed8"),
    ("Computing", "Programming and how computers work.", "#047857"),
    ("Science", "How the natural world works.", "#b45309"),
]

# title, subject, access level, availability, price
COURSES = [
    ("Algebra from scratch", "Mathematics", "open", "available", None),
    ("Geometry in the real world", "Mathematics", "email", "available", None),
    ("Python for beginners", "Computing", "members", "available", None),
    (
        "Web development with Django",
        "Computing",
        "purchase",
        "available",
        Decimal("29.00"),
    ),
    ("Introduction to chemistry", "Science", "open", "coming_soon", None),
    (
        "Physics of everyday things",
        "Science",
        "purchase",
        "available",
        Decimal("1500.00"),
    ),
]


def _picture(name: str, colour: str) -> Image:
    canvas = PillowImage.new("RGB", (1200, 675), colour)
    ImageDraw.Draw(canvas).text((60, 560), name, fill="white", font_size=64)
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    filename = f"{name.lower().replace(' ', '-')}.jpg"
    image = Image(title=name, file=ImageFile(buffer, name=filename))
    image.save()
    return image


def _worksheet() -> Document:
    lines = b"1. Solve x + 3 = 5\n2. Solve 2x = 8\n"
    document = Document(
        title="Worksheet", file=ContentFile(lines, name="worksheet.txt")
    )
    document.save()
    return document


def _lesson_body(image: Image, document: Document, video: MediaAsset | None) -> list:
    return [
        ("paragraph", "<p>Read on, try the code, then take the quiz.</p>"),
        ("heading", {"text": "The idea", "size": "h2"}),
        ("callout", {"kind": "tip", "text": "<p>Take notes as you go.</p>"}),
        ("image", {"image": {"image": image, "alt_text": "", "decorative": True}}),
        (
            "video",
            {"asset": video, "caption": "Welcome"}
            if video
            else {"embed": "https://www.youtube.com/watch?v=aircAruvnKk"},
        ),
        ("code", {"language": "python", "code": "x = 5 - 3\nprint(x)"}),
        ("file", {"document": document, "title": "Practice worksheet"}),
        (
            "quiz",
            {
                "title": "Check your understanding",
                "pass_mark": 50,
                "questions": [
                    {
                        "prompt": "What is 5 - 3?",
                        "choices": [
                            {"text": "1", "correct": False},
                            {"text": "2", "correct": True},
                            {"text": "8", "correct": False},
                        ],
                        "explanation": "Take 3 away from 5 and 2 are left.",
                    }
                ],
            },
        ),
    ]  # fmt: skip


def create_demo_courses(
    *, home: HomePage, teacher: User, student: User, video: MediaAsset
) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    index = CourseIndexPage(
        title="Courses",
        slug="courses",
        intro="<p>Learn something new, at your own pace.</p>",
        owner=teacher,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    course_index_setup(index=index)

    subjects = {}
    for name, description, colour in SUBJECTS:
        subjects[name], _ = Subject.objects.get_or_create(
            name=name,
            defaults={
                "slug": name.lower(),
                "description": description,
                "icon": _picture(name, colour),
            },
        )
    document = _worksheet()
    for title, subject, access_level, availability, price in COURSES:
        colour = next(c for n, _, c in SUBJECTS if n == subject)
        course = CoursePage(
            title=title,
            owner=teacher,
            subject=subjects[subject],
            overview=f"<p>{title}: a course for curious minds.</p>",
            thumbnail=_picture(title, colour),
            access_level=access_level,
            availability=availability,
            price=price,
            currency="USD" if price and price < 100 else ("KES" if price else ""),
            estimated_hours=4,
            search_description=f"Learn {title.lower()} step by step.",
        )
        index.add_child(instance=course)
        course.save_revision().publish()
        for module_number in (1, 2):
            module = ModulePage(
                title=f"Part {module_number}",
                description="Two short lessons.",
                owner=teacher,
            )
            course.add_child(instance=module)
            module.save_revision().publish()
            for lesson_number in (1, 2):
                lesson = LessonPage(
                    title=f"Lesson {module_number}.{lesson_number}",
                    summary="A short lesson with a quiz at the end.",
                    free_preview=module_number == 1 and lesson_number == 1,
                    # The teacher's own video in the first part; a video
                    # from the web in the second.
                    body=_lesson_body(
                        course.thumbnail,
                        document,
                        video if module_number == 1 else None,
                    ),
                    owner=teacher,
                )
                module.add_child(instance=lesson)
                lesson.save_revision().publish()
        if course.access_level in ("open", "members") and not course.is_coming_soon:
            Enrollment.objects.get_or_create(
                user=student, course=course, defaults={"source": "free"}
            )
            # The student is part-way through: the first lesson is done.
            first = LessonPage.objects.descendant_of(course).order_by("path").first()
            LessonProgress.objects.create(
                user=student, lesson=first, course=course, completed_at=timezone.now()
            )
    return index

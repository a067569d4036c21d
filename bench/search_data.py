"""
Data for the search page benchmark (bench/search_page.py), run in a Django
shell on the benchmark's scratch database after `seed_demo`:

- `catalog_generate`: a large generated catalog of published courses,
  modules and lessons under the demo's course index, written in bulk;
- `search_index_build`: the lessons' search texts and Wagtail's search index
  over everything, as the site's tasks would keep them;
- `student_session_key`: a signed-in session of the demo student.

Each returns what the benchmark reports (timings, a session key) and writes
its progress to stderr.
"""

import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.rich_text import RichText

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonSearchText,
    ModulePage,
    Subject,
)
from courses.services import lesson_search_texts_sync
from members.models import User

# Every tenth course is about Python and every tenth about data science; a
# tenth of the other lessons mention Python in passing.
TOPICS = (
    "Python",
    "Data science",
    "Web design",
    "Statistics",
    "Music theory",
    "Photography",
    "Spanish",
    "Algebra",
    "Creative writing",
    "Gardening",
)
ANGLES = (
    "first steps",
    "in practice",
    "for everyone",
    "the essentials",
    "beyond the basics",
    "projects",
    "a short course",
    "a deep dive",
)
WORDS = [
    "learn",
    "practice",
    "example",
    "question",
    "answer",
    "idea",
    "method",
    "step",
    "project",
    "lesson",
    "skill",
    "build",
    "read",
    "write",
    "test",
    "measure",
    "compare",
    "explain",
    "review",
    "improve",
    "understand",
    "plan",
    "data",
    "table",
    "chart",
    "list",
    "value",
    "number",
    "function",
    "loop",
    "pattern",
    "model",
    "result",
    "error",
    "colour",
    "light",
    "sound",
    "rhythm",
    "melody",
    "scale",
    "chord",
    "voice",
    "story",
    "chapter",
    "character",
    "garden",
    "soil",
    "seed",
    "plant",
    "water",
    "season",
    "harvest",
    "camera",
    "lens",
    "shutter",
    "frame",
    "focus",
    "grammar",
    "verb",
    "noun",
    "sentence",
    "phrase",
    "word",
    "meaning",
    "context",
    "culture",
    "travel",
    "market",
    "simple",
    "clear",
    "careful",
    "quick",
    "steady",
    "common",
    "useful",
    "practical",
    "visual",
    "formal",
    "open",
    "first",
    "next",
    "last",
    "small",
    "large",
    "whole",
    "part",
    "early",
    "later",
    "often",
    "always",
    "together",
    "people",
    "teacher",
    "student",
    "group",
    "class",
    "team",
    "friend",
    "reader",
    "listener",
    "writer",
    "maker",
]
# Access levels in the proportions a catalog might have (the rest are open).
ACCESS_LEVELS = (
    *[CoursePage.AccessLevel.OPEN] * 6,
    CoursePage.AccessLevel.EMAIL,
    *[CoursePage.AccessLevel.MEMBERS] * 2,
    CoursePage.AccessLevel.PURCHASE,
)
LESSONS_PER_MODULE = 5
COURSES_PER_BATCH = 50


def catalog_generate(*, courses: int, lessons: int, seed: int = 0) -> dict:
    """
    Add `courses` published courses of `lessons` lessons each (in modules of
    up to five) after the catalog's existing courses, owned by the demo
    teacher and filed under the demo subjects. Pages are written with bulk
    inserts and their tree paths computed here: Wagtail's `add_child` takes
    several queries a page. They have no revisions (nobody edits them).
    """
    index = CourseIndexPage.objects.get()
    owner = User.objects.filter(role=User.Role.TEACHER).order_by("pk").first()
    subjects = list(Subject.objects.all())
    last_course = index.get_last_child()
    first_step = (
        Page._str2int(last_course.path[-Page.steplen :]) + 1 if last_course else 1
    )
    rng = random.Random(seed)  # noqa: S311 (made-up text, the same each run)
    now = timezone.now()
    started = time.perf_counter()
    for batch_start in range(0, courses, COURSES_PER_BATCH):
        numbers = range(batch_start, min(batch_start + COURSES_PER_BATCH, courses))
        course_pages, module_pages, lesson_pages = [], [], []
        for number in numbers:
            published_at = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            course = _course(number, rng=rng, subjects=subjects)
            _place(
                course,
                parent=index,
                step=first_step + number,
                children=-(-lessons // LESSONS_PER_MODULE),
                owner=owner,
                published_at=published_at,
            )
            course_pages.append(course)
            topic = TOPICS[number % len(TOPICS)]
            for module_number, first in enumerate(
                range(0, lessons, LESSONS_PER_MODULE), start=1
            ):
                module = ModulePage(
                    title=f"Module {module_number}: {_words(rng, 3)}",
                    slug=f"module-{module_number}",
                    description=_sentence(rng),
                )
                in_module = min(LESSONS_PER_MODULE, lessons - first)
                _place(
                    module,
                    parent=course,
                    step=module_number,
                    children=in_module,
                    owner=owner,
                    published_at=published_at,
                )
                module_pages.append(module)
                for step in range(1, in_module + 1):
                    lesson = _lesson(first + step, topic=topic, rng=rng)
                    _place(
                        lesson,
                        parent=module,
                        step=step,
                        children=0,
                        owner=owner,
                        published_at=published_at + timedelta(minutes=first + step),
                    )
                    lesson_pages.append(lesson)
        with transaction.atomic():
            for model, pages in (
                (CoursePage, course_pages),
                (ModulePage, module_pages),
                (LessonPage, lesson_pages),
            ):
                _insert_pages(model, pages)
            index.numchild += len(course_pages)
            Page.objects.filter(pk=index.pk).update(numchild=index.numchild)
        _progress(
            f"generated {numbers.stop} of {courses} courses "
            f"({time.perf_counter() - started:.0f} s)"
        )
    return {
        "courses": courses,
        "lessons": courses * lessons,
        "seconds": time.perf_counter() - started,
    }


def search_index_build() -> dict:
    """
    What the site's tasks keep up to date as pages are published: every
    published lesson's search texts (`lesson_search_texts_sync` over the
    catalog), then Wagtail's search index over everything (`update_index`).
    """
    index = CourseIndexPage.objects.get()
    started = time.perf_counter()
    lesson_search_texts_sync(page_id=index.pk)
    texts_seconds = time.perf_counter() - started
    _progress(
        f"{LessonSearchText.objects.count()} lesson search texts "
        f"({texts_seconds:.0f} s); update_index..."
    )
    started = time.perf_counter()
    call_command("update_index", verbosity=0, stdout=sys.stderr)
    return {
        "lessons": LessonPage.objects.live().count(),
        "texts_seconds": texts_seconds,
        "index_seconds": time.perf_counter() - started,
    }


def student_session_key() -> str:
    """A session in which the demo student is signed in."""
    student = User.objects.filter(role=User.Role.STUDENT).order_by("pk").first()
    session = SessionStore()
    session[SESSION_KEY] = str(student.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = student.get_session_auth_hash()
    session.create()
    return session.session_key


def _course(number: int, *, rng: random.Random, subjects: list[Subject]) -> CoursePage:
    topic = TOPICS[number % len(TOPICS)]
    title = f"{topic}: {rng.choice(ANGLES)} {number + 1}"
    access_level = rng.choice(ACCESS_LEVELS)
    sold = access_level == CoursePage.AccessLevel.PURCHASE
    return CoursePage(
        title=title,
        slug=slugify(title),
        subject=rng.choice(subjects) if subjects else None,
        summary=f"{topic} {_sentence(rng)}"[:300],
        overview="".join(f"<p>{_sentence(rng)}</p>" for _ in range(3)),
        level=rng.choice(CoursePage.Level.values),
        estimated_hours=rng.randint(2, 40),
        access_level=access_level,
        price=Decimal("19.00") if sold else None,
        currency="USD" if sold else "",
    )


def _lesson(number: int, *, topic: str, rng: random.Random) -> LessonPage:
    title = _words(rng, rng.randint(2, 5)).capitalize()
    if rng.random() < 0.3:
        title = f"{topic}: {title.lower()}"
    paragraphs = [_paragraph(rng, topic=topic) for _ in range(rng.randint(1, 3))]
    return LessonPage(
        title=title,
        slug=f"{slugify(title)[:40]}-{number}",
        summary=_sentence(rng),
        free_preview=number == 1,
        body=[("paragraph", RichText(html)) for html in paragraphs],
    )


def _place(
    page: Page,
    *,
    parent: Page,
    step: int,
    children: int,
    owner: User | None,
    published_at: datetime,
) -> None:
    """Give `page` the tree position and published state `add_child` would."""
    page.depth = parent.depth + 1
    page.path = Page._get_path(parent.path, page.depth, step)
    page.numchild = children
    page.url_path = f"{parent.url_path}{page.slug}/"
    page.locale_id = parent.locale_id
    page.draft_title = page.title
    page.owner = owner
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = published_at


def _insert_pages(model: type[Page], pages: list[Page]) -> None:
    """
    `bulk_create` refuses multi-table models such as pages: insert their
    `Page` rows with it, then the page type's own rows with the insert that
    `bulk_create` makes for each table.
    """
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create(
        Page(**{name: getattr(page, name) for name in page_fields}) for page in pages
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)


def _paragraph(rng: random.Random, *, topic: str) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(4, 8))]
    if rng.random() < 0.5:
        sentences[0] = (
            f"In {topic.lower()}, {sentences[0][0].lower()}{sentences[0][1:]}"
        )
    if topic != "Python" and rng.random() < 0.1:
        sentences.append("A few lines of Python can automate this.")
    return f"<p>{' '.join(sentences)}</p>"


def _sentence(rng: random.Random) -> str:
    return f"{_words(rng, rng.randint(8, 16)).capitalize()}."


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(WORDS, k=count))


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # noqa: T201

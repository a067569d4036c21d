"""
A large site, written in bulk: thousands of published courses, tens of
thousands of lessons, learners with their enrollments and progress, and the
search texts and index over them. `manage.py seed_scale` builds one on top
of the demo content; the benchmarks (bench/) measure pages against it.

Rows are inserted with `bulk_create` and pages' tree paths computed here:
Wagtail's `add_child` and the enrollment services take several queries a
row, hours for a catalog this size. Generated pages have no revisions
(nobody edits them) and the text is made up, the same for the same seed.
"""

import random
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backends

from allauth.account.models import EmailAddress

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    LessonSearchText,
    ModulePage,
    Subject,
)
from courses.services import lesson_search_texts_sync
from members.models import User
from members.roles import ROLE_GROUP_NAMES

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
ROWS_PER_BATCH = 5000
# Generated members' addresses (learners' and teachers'): a domain nobody
# receives mail for.
MEMBER_DOMAIN = "@scale.lectern.invalid"
MEMBER_EMAIL = "{role}-{number:05d}" + MEMBER_DOMAIN


def catalog_generate(
    *,
    courses: int,
    lessons: int,
    lessons_per_module: int = LESSONS_PER_MODULE,
    access_level: str | None = None,
    owners: list[User] | None = None,
    seed: int = 0,
) -> dict:
    """
    Add `courses` published courses of `lessons` lessons each (in modules of
    `lessons_per_module`) after the catalog's existing courses, owned in
    turn by `owners` (by the demo teacher if none are given), filed under
    the existing subjects and showing the existing courses' pictures; open
    to `access_level` visitors, or to a mix of them. Returns the new
    courses' ids and timings.
    """
    index = CourseIndexPage.objects.get()
    owners = owners or [demo_member(User.Role.TEACHER)]
    subjects = list(Subject.objects.all())
    thumbnails = list(
        CoursePage.objects.filter(thumbnail__isnull=False)
        .order_by("path")
        .values_list("thumbnail_id", flat=True)
    )
    last_course = index.get_last_child()
    first_step = (
        Page._str2int(last_course.path[-Page.steplen :]) + 1 if last_course else 1
    )
    rng = random.Random(seed)  # noqa: S311 (made-up text, the same each run)
    now = timezone.now()
    started = time.perf_counter()
    course_ids = []
    for batch_start in range(0, courses, COURSES_PER_BATCH):
        steps = range(
            first_step + batch_start,
            first_step + min(batch_start + COURSES_PER_BATCH, courses),
        )
        course_pages, module_pages, lesson_pages = [], [], []
        for step in steps:
            published_at = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            course = _course(step, rng=rng, subjects=subjects)
            # A course's modules and lessons are its owner's too.
            owner = owners[(step - first_step) % len(owners)]
            if access_level is not None:
                course.access_level = access_level
                course.price, course.currency = None, ""
            if thumbnails:
                course.thumbnail_id = thumbnails[step % len(thumbnails)]
            _place(
                course,
                parent=index,
                step=step,
                children=-(-lessons // lessons_per_module),
                owner=owner,
                published_at=published_at,
            )
            course_pages.append(course)
            topic = TOPICS[step % len(TOPICS)]
            for module_number, first in enumerate(
                range(0, lessons, lessons_per_module), start=1
            ):
                module = ModulePage(
                    title=f"Module {module_number}: {_words(rng, 3)}",
                    slug=f"module-{module_number}",
                    description=_sentence(rng),
                )
                in_module = min(lessons_per_module, lessons - first)
                _place(
                    module,
                    parent=course,
                    step=module_number,
                    children=in_module,
                    owner=owner,
                    published_at=published_at,
                )
                module_pages.append(module)
                for lesson_step in range(1, in_module + 1):
                    lesson = _lesson(first + lesson_step, topic=topic, rng=rng)
                    _place(
                        lesson,
                        parent=module,
                        step=lesson_step,
                        children=0,
                        owner=owner,
                        published_at=published_at
                        + timedelta(minutes=first + lesson_step),
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
        course_ids += [course.pk for course in course_pages]
        _progress(
            f"generated {len(course_ids)} of {courses} courses "
            f"({time.perf_counter() - started:.0f} s)"
        )
    return {
        "courses": courses,
        "lessons": courses * lessons,
        "course_ids": course_ids,
        "seconds": time.perf_counter() - started,
    }


def demo_member(role: str) -> User | None:
    """The demo's teacher or student: the first of the role not generated here."""
    return (
        User.objects.filter(role=role)
        .exclude(email__endswith=MEMBER_DOMAIN)
        .order_by("pk")
        .first()
    )


def members_generate(*, users: int, role: str = User.Role.STUDENT) -> dict:
    """
    Add `users` members of `role` (students unless told), with verified
    addresses, no usable password (nobody signs in as them) and their role's
    group, numbered after those an earlier run made. Returns them, in the
    order they were made, and timings.
    """
    started = time.perf_counter()
    generated = User.objects.filter(email__endswith=MEMBER_DOMAIN, role=role)
    first = generated.count() + 1
    group = Group.objects.get(name=ROLE_GROUP_NAMES[role])
    made = []
    for batch_start in range(first, first + users, ROWS_PER_BATCH):
        numbers = range(batch_start, min(batch_start + ROWS_PER_BATCH, first + users))
        with transaction.atomic():
            members = User.objects.bulk_create(
                User(
                    email=MEMBER_EMAIL.format(role=role, number=number),
                    handle=f"{role}{number}",
                    first_name=role.title(),
                    last_name=str(number),
                    password=make_password(None),
                    role=role,
                )
                for number in numbers
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(
                    user=member, email=member.email, verified=True, primary=True
                )
                for member in members
            )
            User.groups.through.objects.bulk_create(
                User.groups.through(user=member, group=group) for member in members
            )
        made += members
    return {"users": users, "members": made, "seconds": time.perf_counter() - started}


def enrollments_generate(
    *,
    course_ids: list[int],
    student: User | None,
    student_enrollments: int,
    per_learner: int,
    progress_per_enrollment: int,
    seed: int = 0,
) -> dict:
    """
    Enroll `student` in courses of `course_ids` until they have
    `student_enrollments`, and every generated learner in 0 to twice
    `per_learner` of them at random; in each course each has visited its
    first 0 to twice `progress_per_enrollment` lessons (all but the last
    completed), at times spread over the last year.
    """
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311
    lessons = _lessons_by_course(course_ids)
    sources = dict(
        CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "access_level")
    )
    choices: list[tuple[int, list[int]]] = []
    student_id = student.pk if student else None
    if student is not None:
        taken = set(student.enrollments.values_list("course_id", flat=True))
        wanted = max(student_enrollments - len(taken), 0)
        available = [pk for pk in course_ids if pk not in taken]
        # The student's own: every one of them with some progress.
        choices.append((student.pk, available[:wanted]))
    learners = User.objects.filter(
        email__endswith=MEMBER_DOMAIN, role=User.Role.STUDENT
    ).order_by("pk")
    for learner in learners.values_list("pk", flat=True).iterator():
        count = min(rng.randint(0, 2 * per_learner), len(course_ids))
        choices.append((learner, rng.sample(course_ids, count)))

    now = timezone.now()
    enrollments, progress, in_progress = [], [], []
    for user_id, courses in choices:
        for course_id in courses:
            enrollments.append(
                Enrollment(
                    user_id=user_id,
                    course_id=course_id,
                    source=Enrollment.Source.PURCHASE
                    if sources[course_id] == CoursePage.AccessLevel.PURCHASE
                    else Enrollment.Source.FREE,
                )
            )
            fewest = 1 if user_id == student_id else 0
            visited = lessons[course_id][
                : rng.randint(fewest, 2 * progress_per_enrollment)
            ]
            when = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            for number, lesson_id in enumerate(visited):
                progress.append(
                    LessonProgress(
                        user_id=user_id,
                        lesson_id=lesson_id,
                        course_id=course_id,
                        # Copied to visited_at below (auto_now sets it on insert).
                        completed_at=when + timedelta(minutes=10 * number),
                    )
                )
            if visited:
                in_progress.append(len(progress) - 1)
    with transaction.atomic():
        Enrollment.objects.bulk_create(enrollments, batch_size=ROWS_PER_BATCH)
        LessonProgress.objects.bulk_create(progress, batch_size=ROWS_PER_BATCH)
        first_pk = progress[0].pk if progress else None
        if first_pk is not None:
            rows = LessonProgress.objects.filter(pk__gte=first_pk)
            rows.update(visited_at=F("completed_at"))
            # The last lesson visited in each course is not finished yet.
            unfinished = [progress[number].pk for number in in_progress]
            for batch_start in range(0, len(unfinished), ROWS_PER_BATCH):
                rows.filter(
                    pk__in=unfinished[batch_start : batch_start + ROWS_PER_BATCH]
                ).update(completed_at=None)
    return {
        "enrollments": len(enrollments),
        "progress": len(progress),
        "seconds": time.perf_counter() - started,
    }


def search_index_build(*, course_ids: list[int] | None = None) -> dict:
    """
    What the site's tasks keep up to date as pages are published: the
    published lessons' search texts, then Wagtail's search index. With
    `course_ids`, only those courses' pages and texts are added to the
    index; without, `update_index` rebuilds it over everything.
    """
    index = CourseIndexPage.objects.get()
    started = time.perf_counter()
    lesson_search_texts_sync(page_id=index.pk)
    texts_seconds = time.perf_counter() - started
    _progress(
        f"{LessonSearchText.objects.count()} lesson search texts "
        f"({texts_seconds:.0f} s); search index..."
    )
    started = time.perf_counter()
    if course_ids is None:
        call_command("update_index", verbosity=0, stdout=sys.stderr)
    else:
        _index_courses(course_ids)
    return {
        "lessons": LessonPage.objects.live().count(),
        "texts_seconds": texts_seconds,
        "index_seconds": time.perf_counter() - started,
    }


def _index_courses(course_ids: list[int]) -> None:
    """Add the courses, and their modules and lessons, to the search index."""
    backends = get_search_backends(with_auto_update=True)
    for batch_start in range(0, len(course_ids), COURSES_PER_BATCH):
        paths = CoursePage.objects.filter(
            pk__in=course_ids[batch_start : batch_start + COURSES_PER_BATCH]
        ).values_list("path", flat=True)
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path)
        for model in (CoursePage, ModulePage, LessonPage):
            pages = list(model.get_indexed_objects().filter(within))
            for backend in backends:
                backend.add_bulk(model, pages)


def _lessons_by_course(course_ids: list[int]) -> dict[int, list[int]]:
    """The courses' lesson ids, in the order a student meets them."""
    course_at = dict(
        CoursePage.objects.filter(pk__in=course_ids).values_list("path", "pk")
    )
    course_path_length = (
        CourseIndexPage.objects.get().depth * Page.steplen + Page.steplen
    )
    lessons = defaultdict(list)
    for path, pk in LessonPage.objects.order_by("path").values_list("path", "pk"):
        if course_id := course_at.get(path[:course_path_length]):
            lessons[course_id].append(pk)
    return lessons


def _course(number: int, *, rng: random.Random, subjects: list[Subject]) -> CoursePage:
    topic = TOPICS[number % len(TOPICS)]
    title = f"{topic}: {rng.choice(ANGLES)} {number}"
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

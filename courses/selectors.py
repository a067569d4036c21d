from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.forms import Form
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.text import get_text_list

from wagtail.blocks import StructValue
from wagtail.images.models import Image

from members.models import User

from .access import (
    Access,
    course_access,
    course_allows_enrollment,
    course_grant,
    course_takes_enrollments,
    lesson_access,
    lesson_accesses_within,
    lesson_in_courses,
    lesson_list_readable,
    lessons_waiting_in,
    user_oversees_course,
)
from .models import (
    Certificate,
    CourseCompletion,
    CourseIndexPage,
    CourseNotification,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    LessonSearchText,
    ModulePage,
    QuizAttempt,
    Subject,
)
from .published import published_memo, published_memo_many
from .searching import search_or_autocomplete
from .viewer import Viewer

CATALOG_THUMBNAIL = "fill-640x360"


CATALOG_SORTS = {
    "title": [F("title").asc()],
    "newest": [F("first_published_at").desc(nulls_last=True), F("pk").desc()],
    # Best rated first; among equals, the most rated; courses nobody rated last.
    "rating": [
        F("rating__average").desc(nulls_last=True),
        F("rating__count").desc(nulls_last=True),
        F("title").asc(),
    ],
}


def course_thumbnails() -> Prefetch:
    """Courses' thumbnails with their renditions for cards, as a list's prefetch."""
    return Prefetch(
        "thumbnail", queryset=Image.objects.prefetch_renditions(CATALOG_THUMBNAIL)
    )


def course_list(
    *,
    index: CourseIndexPage,
    subject: str = "",
    access_level: str = "",
    level: str = "",
    teacher: int | None = None,
    query: str = "",
    sort: str = "title",
    with_thumbnails: bool = False,
):
    """
    The catalog: published courses under `index`, filtered, searched, sorted;
    `with_thumbnails` for lists that show them other than by cards (which
    read them when they are not kept: `course_cards`).
    """
    courses = (
        CoursePage.objects.live()
        .public()
        .child_of(index)
        .select_related("subject", "owner", "rating")
    )
    if with_thumbnails:
        courses = courses.prefetch_related(course_thumbnails())
    if subject:
        # By id: search backends filter only on indexed fields.
        subject_id = Subject.objects.filter(slug=subject).values_list("pk", flat=True)
        courses = courses.filter(subject=subject_id.first())
    if access_level:
        courses = courses.filter(access_level=access_level)
    if level:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(owner_id=teacher)
    if query:
        return search_or_autocomplete(courses, query)
    return courses.order_by(*CATALOG_SORTS.get(sort, CATALOG_SORTS["title"]))


def courses_kept(pks: Iterable[int]) -> dict[int, CoursePage]:
    """
    Courses by id, as lists show them (with their subject, teacher and
    rating): kept per generation of the published site, so that a list
    asks the database for its ids alone. Callers choose which courses they
    may show; one no longer there is left out.
    """
    found = published_memo_many(
        [("course", pk) for pk in pks],
        lambda missing: {
            ("course", course.pk): course
            for course in CoursePage.objects.select_related(
                "subject", "owner", "rating"
            ).filter(pk__in=[pk for _, pk in missing])
        },
    )
    return {pk: course for (_, pk), course in found.items()}


def lessons_kept(pks: Iterable[int]) -> dict[int, LessonPage]:
    """Lessons by id, without their bodies, as `courses_kept` keeps courses."""
    found = published_memo_many(
        [("lesson", pk) for pk in pks],
        lambda missing: {
            ("lesson", lesson.pk): lesson
            for lesson in LessonPage.objects.defer_streamfields().filter(
                pk__in=[pk for _, pk in missing]
            )
        },
    )
    return {pk: lesson for (_, pk), lesson in found.items()}


def lesson_list_served() -> QuerySet[LessonPage]:
    """
    The lessons the site serves at their URLs: published (live, in a live
    module) in a live course (see CourseContentMixin.route), and not behind
    a privacy setting. The API serves these; drafts are previewed in the
    editor.
    """
    return (
        LessonPage.objects.published()
        .public()
        .filter(lesson_in_courses(CoursePage.objects.live()))
    )


def lesson_quiz(*, lesson: LessonPage, block_id: str) -> StructValue | None:
    """The quiz block of the lesson with this id, if it has one."""
    return next(
        (
            block.value
            for block in lesson.body
            if block.block_type == "quiz" and str(block.id) == str(block_id)
        ),
        None,
    )


def lesson_search_text_list(*, viewer: Viewer) -> QuerySet[LessonSearchText]:
    """
    What `viewer` may search of published lessons, one version of each: the
    full text of those they may read (`lesson_list_readable`), the outline of
    the others. Lessons behind a privacy setting (a password, a group) are
    left out, as the catalog leaves out such courses.
    """
    readable = Q(lesson__in=lesson_list_readable(viewer=viewer).values("pk"))
    return LessonSearchText.objects.filter(
        (Q(kind=LessonSearchText.Kind.FULL) & readable)
        | (Q(kind=LessonSearchText.Kind.OUTLINE) & ~readable)
    ).exclude(lesson__in=LessonPage.objects.not_public().values("pk"))


def course_outline(*, course: CoursePage) -> list[tuple[ModulePage, list[LessonPage]]]:
    """
    The published modules of a course with their published lessons, in tree
    order: the caller's own copy of what the process keeps for the current
    generation of published content.
    """
    if course.pk is None:
        # A course previewed before its first save.
        return _course_outline(course=course)
    return published_memo(
        ("course-outline", course.pk), lambda: _course_outline(course=course)
    )


def _course_outline(*, course: CoursePage) -> list[tuple[ModulePage, list[LessonPage]]]:
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
    by_module: dict[str, list[LessonPage]] = {module.path: [] for module in modules}
    for lesson in lessons.defer_streamfields():
        parent_path = lesson.path[: -CoursePage.steplen]
        if parent_path in by_module:
            by_module[parent_path].append(lesson)
    return [(module, by_module[module.path]) for module in modules]


@dataclass(frozen=True)
class CourseProgress:
    completed: int
    total: int
    resume: LessonPage | None

    @property
    def percentage(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.completed == self.total


@dataclass(frozen=True)
class OutlineLesson:
    page: LessonPage
    done: bool
    current: bool
    # The viewer's access to the lesson (`lesson_access_within`).
    access: Access

    @property
    def locked(self) -> bool:
        return not self.access.allowed


@dataclass(frozen=True)
class LessonOutline:
    """The course around a lesson: its modules, its lessons, the viewer's progress."""

    modules: list[tuple[ModulePage, list[OutlineLesson]]]
    # The viewer's access to the course (`course_access`), and to the
    # lesson when the outline lists it: published, in a published module.
    access: Access
    lesson_access: Access | None
    lesson_done: bool
    # The viewer's own bookmark and notes on the lesson.
    lesson_bookmarked: bool
    lesson_note: str
    progress: CourseProgress
    previous: LessonPage | None
    next: LessonPage | None
    # In a long course, the modules whose lessons are not listed until the
    # reader opens them: all but the lesson's own.
    folded: frozenset[int] = frozenset()
    # The viewer's latest visit in the course was to the lesson, just now
    # (`LessonRecords.resumes_here`): reading it again need not be recorded.
    lesson_resumes_here: bool = False


# A course with more lessons than this lists beside a lesson those of the
# lesson's module only (the others when opened): a page of 500 lessons'
# links is long to send, and to read.
OUTLINE_LESSONS_UNFOLDED = 60


def outline_for_viewer(
    *,
    viewer: Viewer,
    course: CoursePage,
    access: Access,
    outline: list[tuple[ModulePage, list[LessonPage]]],
    done: set[int],
    current: LessonPage | None = None,
) -> list[tuple[ModulePage, list[OutlineLesson]]]:
    """
    A course's outline (`course_outline`) as `viewer` sees it: each lesson
    done, current or locked, given their access to the course (`access`)
    and the lessons they completed (`done`).
    """
    accesses = lesson_accesses_within(
        access=access,
        lessons=[lesson for _, lessons in outline for lesson in lessons],
        user=viewer.user,
        course=course,
        waiting=lessons_waiting_in(outline=outline, done=done),
    )
    return [
        (
            module,
            [
                OutlineLesson(
                    page=lesson,
                    done=lesson.pk in done,
                    current=current is not None and lesson.pk == current.pk,
                    access=accesses[lesson.pk],
                )
                for lesson in lessons
            ],
        )
        for module, lessons in outline
    ]


def lesson_outline(
    *, viewer: Viewer, course: CoursePage, lesson: LessonPage
) -> LessonOutline:
    """
    The outline shown beside a lesson, each lesson done, current or locked
    for `viewer`, in a fixed number of queries however long the course.
    """
    access = course_access(viewer=viewer, course=course)
    records = _lesson_records(user=viewer.user, course=course, lesson=lesson)
    done = records.done
    modules = outline_for_viewer(
        viewer=viewer,
        course=course,
        access=access,
        outline=course_outline(course=course),
        done=done,
        current=lesson,
    )
    items = [item for _, module_items in modules for item in module_items]
    ordered = [item.page for item in items]
    ids = [page.pk for page in ordered]
    to_complete = {page.pk for page in ordered if not page.is_coming_soon}
    position = ids.index(lesson.pk) if lesson.pk in ids else None
    return LessonOutline(
        modules=modules,
        access=access,
        lesson_access=items[position].access if position is not None else None,
        lesson_done=lesson.pk in done,
        lesson_bookmarked=records.bookmarked,
        lesson_note=records.note,
        lesson_resumes_here=records.resumes_here,
        progress=CourseProgress(
            completed=len(done & to_complete), total=len(to_complete), resume=None
        ),
        previous=ordered[position - 1] if position else None,
        next=(
            ordered[position + 1]
            if position is not None and position + 1 < len(ordered)
            else None
        ),
        folded=frozenset(
            module.pk
            for module, module_items in modules
            if not any(item.current for item in module_items)
        )
        if len(items) > OUTLINE_LESSONS_UNFOLDED
        else frozenset(),
    )


def course_progress(*, user: User, course: CoursePage) -> CourseProgress:
    """
    How far `user` is through the lessons of `course` they complete to finish
    it (`to_complete`), and where to resume.
    """
    lessons = LessonPage.objects.to_complete().descendant_of(course)
    progress = LessonProgress.objects.filter(
        user=user, course=course, lesson__in=lessons
    )
    last = progress.order_by("-visited_at").select_related("lesson").first()
    return CourseProgress(
        completed=progress.filter(completed_at__isnull=False).count(),
        total=lessons.count(),
        resume=last.lesson if last else None,
    )


def course_progress_in_outline(
    *,
    user: User,
    course: CoursePage,
    outline: list[tuple[ModulePage, list[LessonPage]]],
    done: set[int],
) -> CourseProgress:
    """
    `course_progress` from the course's outline (its published lessons) and
    the lessons `user` completed, already at hand: one query, for where to
    resume.
    """
    lessons = {
        lesson.pk: lesson
        for _, items in outline
        for lesson in items
        if not lesson.is_coming_soon
    }
    last = (
        LessonProgress.objects.filter(
            user=user, course=course, lesson__in=list(lessons)
        )
        .order_by("-visited_at")
        .values_list("lesson_id", flat=True)
        .first()
    )
    return CourseProgress(
        completed=len(done.intersection(lessons)),
        total=len(lessons),
        resume=lessons.get(last),
    )


def course_list_enrolled(*, user: User) -> QuerySet[CoursePage]:
    """The published courses `user` is enrolled in, most recently joined first."""
    return (
        CoursePage.objects.live()
        .filter(enrollments__user=user)
        .order_by("-enrollments__created_at", "-pk")
    )


def enrollment_list_with_progress(
    *, user: User, courses: list[CoursePage]
) -> list[tuple[CoursePage, CourseProgress, Certificate | None]]:
    """
    `courses` of `user`'s (a page of `course_list_enrolled`) with their
    progress and certificate, in a fixed number of queries however many.
    """
    if not courses:
        return []
    lessons_by_course = lessons_to_complete(courses=courses)

    # Every progress row of these courses, but as plain values: the lesson
    # pages are fetched for the newest row of each course only.
    completed: dict[int, int] = {course.pk: 0 for course in courses}
    resume_ids: dict[int, int] = {}
    progress = (
        LessonProgress.objects.filter(user=user, course__in=courses)
        .order_by("-visited_at")
        .values_list("course_id", "lesson_id", "completed_at")
    )
    for course_id, lesson_id, completed_at in progress:
        if lesson_id not in lessons_by_course[course_id]:
            continue
        completed[course_id] += completed_at is not None
        resume_ids.setdefault(course_id, lesson_id)
    lessons = lessons_kept(resume_ids.values())
    resume = {
        course_id: lessons[pk] for course_id, pk in resume_ids.items() if pk in lessons
    }

    certificates = Certificate.objects.filter(user=user, course__in=courses)
    by_course = {certificate.course_id: certificate for certificate in certificates}
    return [
        (
            course,
            CourseProgress(
                completed=completed[course.pk],
                total=len(lessons_by_course[course.pk]),
                resume=resume.get(course.pk),
            ),
            by_course.get(course.pk),
        )
        for course in courses
    ]


def lessons_to_complete(*, courses: list[CoursePage]) -> dict[int, frozenset[int]]:
    """
    The lessons students complete to finish each of `courses`, by course:
    kept for the current generation of published content, and those not
    kept read in one query.
    """
    by_key = {("lessons-to-complete", course.pk): course for course in courses}
    found = published_memo_many(
        list(by_key),
        lambda missing: _lessons_to_complete(courses=[by_key[key] for key in missing]),
    )
    return {course.pk: found[key] for key, course in by_key.items()}


def _lessons_to_complete(*, courses: list[CoursePage]) -> dict[tuple, frozenset[int]]:
    lessons = _lesson_ids_by_course(
        LessonPage.objects.to_complete(), [course.path for course in courses]
    )
    return {
        ("lessons-to-complete", course.pk): lessons[course.path] for course in courses
    }


def _lesson_ids_by_course(
    lessons: QuerySet[LessonPage], course_paths: list[str]
) -> dict[str, frozenset[int]]:
    """The ids of `lessons` in each course, by its path, in one query."""
    found: dict[str, set[int]] = {path: set() for path in course_paths}
    if course_paths:
        # Courses all sit in the catalog, so their paths have one length; a
        # lesson's path starts with its course's. One IN over that prefix,
        # not an OR of a LIKE per course: the query's cost stays flat, to
        # compile and to run, however many courses there are.
        course_path = Substr("path", 1, len(course_paths[0]))
        for lesson_id, path in (
            lessons.alias(course_path=course_path)
            .filter(course_path__in=course_paths)
            .order_by()
            .values_list("id", course_path)
        ):
            found[path].add(lesson_id)
    return {path: frozenset(ids) for path, ids in found.items()}


@dataclass(frozen=True)
class LessonRecords:
    """What a student's progress rows in a course say about one lesson."""

    done: set[int]
    bookmarked: bool = False
    note: str = ""
    # The lesson is where they resume already: their latest visit in the
    # course, less than VISIT_RECORD_INTERVAL ago.
    resumes_here: bool = False


# A student reading one lesson (reloading it, answering its quiz) is not
# recorded again for this long: the visit it would record is the last one.
VISIT_RECORD_INTERVAL = timedelta(minutes=1)


def _lesson_records(
    *, user: User | AnonymousUser, course: CoursePage, lesson: LessonPage
) -> LessonRecords:
    """
    The lessons of `course` that `user` completed, whether they bookmarked
    `lesson`, their notes on it and whether they resume there, in one query.
    """
    if not user.is_authenticated:
        return LessonRecords(done=set())
    # By id: a lesson being previewed before its first save has none.
    records = LessonProgress.objects.filter(user=user, course_id=course.pk)
    # The notes of this lesson only, not of every lesson visited.
    rows = records.values_list(
        "lesson_id",
        "completed_at",
        "visited_at",
        "bookmarked",
        Case(
            When(lesson_id=lesson.pk, then="note"),
            default=Value(""),
            output_field=TextField(),
        ),
    )
    done, own, latest = set(), (False, ""), None
    for lesson_id, completed_at, visited_at, bookmarked, note in rows:
        if completed_at is not None:
            done.add(lesson_id)
        if lesson_id == lesson.pk:
            own = (bookmarked, note)
        if latest is None or visited_at > latest[1]:
            latest = (lesson_id, visited_at)
    return LessonRecords(
        done,
        *own,
        resumes_here=latest is not None
        and latest[0] == lesson.pk
        and latest[1] > timezone.now() - VISIT_RECORD_INTERVAL,
    )


def lesson_ids_completed(*, user: User | AnonymousUser, course: CoursePage) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        LessonProgress.objects.filter(
            user=user, course=course, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def question_right_choices(question: StructValue) -> list[int]:
    """The positions of a quiz question's correct choices."""
    return [
        position
        for position, choice in enumerate(question["choices"])
        if choice["correct"]
    ]


def question_is_right(*, question: StructValue, chosen: list[int]) -> bool:
    """Right when exactly the question's correct choices are chosen."""
    return chosen == question_right_choices(question)


def quiz_score(*, quiz: StructValue, chosen: list[list[int]]) -> tuple[int, bool]:
    """
    How many of the quiz's questions the choices (a list per question) get
    right, and whether that passes.
    """
    questions = quiz["questions"]
    score = sum(
        question_is_right(question=question, chosen=choices)
        for question, choices in zip(questions, chosen, strict=True)
    )
    return score, 100 * score >= quiz["pass_mark"] * len(questions)


@dataclass(frozen=True)
class QuestionResult:
    prompt: str
    right: bool
    # Empty until earned: see `quiz_standing`.
    explanation: str


@dataclass(frozen=True)
class QuizStanding:
    """Where a student stands on one quiz block of a lesson."""

    title: str
    tries: int
    passed: bool  # on any try
    last: QuizAttempt | None
    results: list[QuestionResult]  # of the last try
    tries_left: int  # before every explanation shows


def quiz_standing(*, quiz: StructValue, attempts: list[QuizAttempt]) -> QuizStanding:
    """
    A student's standing on `quiz` from their tries at it, newest first. A
    question's explanation shows once it is answered right, and every one
    once the quiz's tries are used: never after a wrong answer with tries
    left, which would give the answer away.
    """
    last = attempts[0] if attempts else None
    tries = quiz["tries"] or 1  # unset in a draft being previewed
    explain_all = len(attempts) >= tries
    results = []
    if last is not None:
        for index, question in enumerate(quiz["questions"]):
            chosen = last.answers[index] if index < len(last.answers) else []
            right = question_is_right(question=question, chosen=chosen)
            results.append(
                QuestionResult(
                    prompt=question["prompt"],
                    right=right,
                    explanation=question["explanation"] if right or explain_all else "",
                )
            )
    return QuizStanding(
        title=quiz["title"],
        tries=len(attempts),
        passed=any(attempt.passed for attempt in attempts),
        last=last,
        results=results,
        tries_left=max(0, tries - len(attempts)),
    )


def lesson_quiz_standings(
    *, user: User | AnonymousUser, lesson: LessonPage
) -> dict[str, QuizStanding]:
    """`user`'s standing on each quiz of the lesson, by block id, in one query."""
    quizzes = [
        (str(block.id), block.value)
        for block in lesson.body
        if block.block_type == "quiz"
    ]
    attempts: dict[str, list[QuizAttempt]] = defaultdict(list)
    if quizzes and user.is_authenticated and lesson.pk:
        for attempt in QuizAttempt.objects.filter(user=user, lesson=lesson).order_by(
            "-created_at", "-pk"
        ):
            attempts[str(attempt.block_id)].append(attempt)
    return {
        block_id: quiz_standing(quiz=quiz, attempts=attempts[block_id])
        for block_id, quiz in quizzes
    }


def quizzes_to_pass(*, standings: dict[str, QuizStanding]) -> str:
    """
    What a student must still pass before the lesson can be completed, in
    words: "Pass the quiz “Check” to complete this lesson."; "" for nothing.
    """
    titles = [f"“{item.title}”" for item in standings.values() if not item.passed]
    if not titles:
        return ""
    return (
        f"Pass the quiz{pluralize(len(titles))} {get_text_list(titles, 'and')} "
        "to complete this lesson."
    )


@dataclass(frozen=True)
class ScrollPage:
    """
    One page of a list that scrolls on (the catalog's cards, My learning's
    courses): whether more follow is known from one item more than the page
    shows, so that no page counts the whole list.
    """

    courses: list[CoursePage]
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.courses)

    def __len__(self) -> int:
        return len(self.courses)

    @property
    def next_page_number(self) -> int:
        return self.number + 1


# Past any list's last page: a larger number asks for this one, so that the
# offset stays one the database can count to.
LAST_SCROLL_PAGE = 100_000


def scroll_page_number(number: str | int | None) -> int:
    """The page a `?page=` asks for: the first when it is no page number."""
    try:
        return min(max(1, int(number or 1)), LAST_SCROLL_PAGE)
    except ValueError:
        return 1


def scroll_page_get(*, courses, number: str | int | None, per_page: int) -> ScrollPage:
    """Page `number` of `courses` (the first when it is no page number)."""
    page = scroll_page_number(number)
    start = (page - 1) * per_page
    found = list(courses[start : start + per_page + 1])
    return ScrollPage(
        courses=found[:per_page], number=page, has_next=len(found) > per_page
    )


def scroll_page_of_courses_kept(page: ScrollPage) -> ScrollPage:
    """A page of course ids (`scroll_page_get` of ids) with the courses, kept."""
    courses = courses_kept(page.courses)
    return replace(page, courses=[courses[pk] for pk in page.courses if pk in courses])


def course_index_page_context(
    *, index: CourseIndexPage, filter_form: Form, page_number: str | None
) -> dict:
    """The catalog's page: its filters, and the page of courses they select."""
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    if filters.get("query"):
        courses = scroll_page_get(
            courses=course_list(index=index, **filters),
            number=page_number,
            per_page=index.courses_per_page,
        )
    else:
        courses = _catalog_page_kept(index=index, filters=filters, number=page_number)
    return {"filter_form": filter_form, "courses": courses}


def _catalog_page_kept(
    *, index: CourseIndexPage, filters: dict, number: str | None
) -> ScrollPage:
    """
    A page of the catalog chosen by filters alone, no search: the same for
    every visitor, so the courses it lists are kept per generation of the
    published site, and so are the courses themselves.
    """
    page_number = scroll_page_number(number)

    def listed() -> tuple[tuple[int, ...], bool] | None:
        # A page of ids: `scroll_page_get` of any list.
        page = scroll_page_get(
            courses=course_list(index=index, **filters).values_list("pk", flat=True),
            number=page_number,
            per_page=index.courses_per_page,
        )
        if page_number > 1 and not page.courses:
            return None  # past the end: not kept, whatever the number asked
        return tuple(page.courses), page.has_next

    pks, has_next = published_memo(
        ("catalog-page", index.pk, tuple(sorted(filters.items())), page_number), listed
    ) or ((), False)
    return scroll_page_of_courses_kept(
        ScrollPage(courses=list(pks), number=page_number, has_next=has_next)
    )


def course_page_context(*, course: CoursePage, viewer: Viewer) -> dict:
    """
    A course's page: its outline, what gives `viewer` the course and what
    they may do (read its lessons, enroll), and their progress in it.
    """
    if course.pk is None:  # previewing a course that is not saved yet
        return {"outline": [], "has_access": False, "can_enroll": False}
    user = viewer.user
    grant = course_grant(user=user, course=course)
    takes_enrollments = course_takes_enrollments(course=course)
    access = course_access(viewer=viewer, course=course)
    outline = course_outline(course=course)
    done = lesson_ids_completed(user=user, course=course)
    context = {
        # Each module with its lessons as `viewer` sees them (OutlineLesson).
        "outline": outline_for_viewer(
            viewer=viewer, course=course, access=access, outline=outline, done=done
        ),
        "grant": grant,
        # A student of the course, whose chat and board are theirs: granted
        # it, and done with what it requires.
        "has_access": grant is not None and access.unlock != "prerequisites",
        "takes_enrollments": takes_enrollments,
        "can_enroll": grant is None
        and course_allows_enrollment(
            user=user, course=course, takes_enrollments=takes_enrollments
        ),
        "access": access,
        # A visitor reading an email course by emailed link still signs in
        # to enroll.
        "sign_in_to_enroll": access.unlock == "sign_in"
        or (
            not user.is_authenticated
            and course.access_level == CoursePage.AccessLevel.EMAIL
        ),
        "teaches": user_oversees_course(user=user, course=course),
    }
    if grant is not None:
        context["progress"] = course_progress_in_outline(
            user=user, course=course, outline=outline, done=done
        )
    return context


def module_page_context(*, module: ModulePage) -> dict:
    """A module's page: its course, and its published lessons."""
    return {
        "course": module.get_parent().specific,
        "lessons": LessonPage.objects.live().child_of(module).defer_streamfields(),
    }


def lesson_page_context(*, lesson: LessonPage, viewer: Viewer) -> dict:
    """A lesson's page: whether `viewer` may read it, and the course around it."""
    course = lesson.get_course()
    progress = lesson_progress_context(lesson=lesson, course=course, viewer=viewer)
    outline = progress["outline"]
    # The outline asked already, unless the lesson is a draft or its
    # module is: then it is the course's overseers' alone, or nobody's.
    access = outline.lesson_access or lesson_access(
        viewer=viewer, lesson=lesson, course=course, within=outline.access
    )
    return {
        **progress,
        "note_max_length": LessonProgress.NOTE_MAX_LENGTH,
        "module": lesson.get_parent(),
        "access": access,
    }


def lesson_progress_context(
    *, lesson: LessonPage, course: CoursePage, viewer: Viewer
) -> dict:
    """
    What the outline and the completion box show: the lesson's page renders
    them, and so do the HTMX answers that change the student's progress.
    """
    outline = lesson_outline(viewer=viewer, course=course, lesson=lesson)
    standings = lesson_quiz_standings(user=viewer.user, lesson=lesson)
    return {
        "page": lesson,
        "course": course,
        "teaches": user_oversees_course(user=viewer.user, course=course),
        "outline": outline,
        "completed": outline.lesson_done,
        "quiz_standings": standings,
        "quizzes_to_pass": quizzes_to_pass(standings=standings),
    }


def course_list_taught_by(*, user: User) -> QuerySet[CoursePage]:
    """Courses `user` owns or co-teaches, drafts included, with enrollment counts."""
    return (
        CoursePage.objects.taught_by(user)
        .annotate(enrollment_count=Count("enrollments", distinct=True))
        .order_by("-latest_revision_created_at")
    )


def course_list_taught_publicly(*, user: User) -> QuerySet[CoursePage]:
    """The published courses a teacher owns or co-teaches, for their profile."""
    return (
        CoursePage.objects.live()
        .public()
        .taught_by(user)
        .select_related("subject")
        .order_by("title")
    )


def course_list_of_member(*, user: User) -> QuerySet[CoursePage]:
    """The published courses `user` is enrolled in or teaches."""
    return (
        CoursePage.objects.live()
        .filter(
            Q(enrollments__user=user)
            | Q(pk__in=CoursePage.objects.taught_by(user).values("pk"))
        )
        .distinct()
        .order_by("title")
    )


def student_list_of_teacher(*, teacher: User) -> QuerySet[User]:
    """
    The students in `teacher`'s care, the one relation that the media
    library, progress reports and chat moderation rely on: those enrolled in
    a course the teacher owns or co-teaches, and those an admin assigned.
    """
    taught = CoursePage.objects.taught_by(teacher)
    return (
        User.objects.filter(is_active=True, role=User.Role.STUDENT)
        .filter(
            Q(teacher_assignments__teacher=teacher) | Q(enrollments__course__in=taught)
        )
        .exclude(pk=teacher.pk)
        .distinct()
    )


def teacher_has_student(*, teacher: User, student: User) -> bool:
    return student_list_of_teacher(teacher=teacher).filter(pk=student.pk).exists()


def course_notification_list_due(
    *, lesson: LessonPage | None = None
) -> QuerySet[CourseNotification]:
    """
    Confirmed addresses still to be told that what they asked about opened:
    a course (by default), or `lesson`.
    """
    return _notifications_due().filter(lesson=lesson)


def _notifications_due() -> QuerySet[CourseNotification]:
    return CourseNotification.objects.filter(
        confirmed_at__isnull=False, notified_at__isnull=True
    )


def course_list_with_notifications_due() -> QuerySet[CoursePage]:
    """Open courses that confirmed addresses are still to be told about."""
    return CoursePage.objects.live().filter(
        availability=CoursePage.Availability.AVAILABLE,
        pk__in=course_notification_list_due().values("course_id"),
    )


def lesson_list_with_notifications_due() -> QuerySet[LessonPage]:
    """Open lessons that confirmed addresses are still to be told about."""
    return lesson_list_served().filter(
        availability=LessonPage.Availability.AVAILABLE,
        pk__in=_notifications_due().values("lesson_id"),
    )


def lesson_notes_of(*, user: User) -> list[LessonProgress]:
    """
    The lessons the site serves that `user` bookmarked or keeps notes on,
    the last visited first, with their courses (kept: `courses_kept`).
    """
    records = list(
        LessonProgress.objects.filter(user=user)
        .filter(Q(bookmarked=True) | ~Q(note=""))
        .order_by("-visited_at")
    )
    lessons = lessons_kept({record.lesson_id for record in records})
    courses = courses_kept({record.course_id for record in records})
    # A lesson deleted since its row was read is left out.
    records = [
        record
        for record in records
        if record.lesson_id in lessons and record.course_id in courses
    ]
    for record in records:
        record.lesson = lessons[record.lesson_id]
        record.course = courses[record.course_id]
    served = lessons_served_in(course_paths={_course_path(r) for r in records})
    return [r for r in records if r.lesson_id in served[_course_path(r)]]


def _course_path(record: LessonProgress) -> str:
    # A lesson sits two steps below its course: course, module, lesson.
    return record.lesson.path[: -2 * LessonPage.steplen]


def lessons_served_in(*, course_paths: set[str]) -> dict[str, frozenset[int]]:
    """
    The lessons the site serves (`lesson_list_served`) in each course, by
    its path: kept for the current generation of published content, and
    those not kept read in one query.
    """
    found = published_memo_many(
        [("lessons-served", path) for path in course_paths],
        lambda missing: _lessons_served_in(course_paths=[path for _, path in missing]),
    )
    return {path: found[("lessons-served", path)] for path in course_paths}


def _lessons_served_in(*, course_paths: list[str]) -> dict[tuple, frozenset[int]]:
    lessons = _lesson_ids_by_course(lesson_list_served(), course_paths)
    return {("lessons-served", path): ids for path, ids in lessons.items()}


def learning_data_export(*, user: User) -> dict:
    """A member's learning, for the export of their account's data."""
    return {
        "enrollments": [
            {
                "course": enrollment.course.title,
                "source": enrollment.source,
                "since": enrollment.created_at.isoformat(),
            }
            for enrollment in Enrollment.objects.filter(user=user).select_related(
                "course"
            )
        ],
        "progress": [
            {
                "lesson": progress.lesson.title,
                "course": progress.course.title,
                "completed_at": progress.completed_at.isoformat()
                if progress.completed_at
                else None,
                "bookmarked": progress.bookmarked,
                "note": progress.note,
            }
            for progress in LessonProgress.objects.filter(user=user).select_related(
                "lesson", "course"
            )
        ],
        "quiz_attempts": [
            {
                "lesson": attempt.lesson.title,
                "score": attempt.score,
                "max_score": attempt.max_score,
                "passed": attempt.passed,
                "at": attempt.created_at.isoformat(),
            }
            for attempt in QuizAttempt.objects.filter(user=user).select_related(
                "lesson"
            )
        ],
        "certificates": [
            {
                "course": c.course_title,
                "issued_at": c.issued_at.isoformat(),
                "code": c.code,
            }
            for c in Certificate.objects.filter(user=user)
        ],
        "courses_completed": [
            {
                "course": completion.course.title,
                "completed_at": completion.completed_at.isoformat(),
            }
            for completion in CourseCompletion.objects.filter(user=user)
            .select_related("course")
            .order_by("completed_at")
        ],
    }

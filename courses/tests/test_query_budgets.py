"""
Query counts stay flat as the catalog and courses grow: each page is
measured at a small size, the data grown, and measured again; the two
counts must be equal, and within the page's budget.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
from courses.models import CourseIndexPage, Enrollment, LessonPage, LessonProgress
from courses.published import invalidate_published
from courses.views import MY_LEARNING_PER_PAGE
from home.models import HomePageFeaturedCourse
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

# Each includes the few queries every page's header and footer make (the
# catalog's link, the site's legal pages) and, for members, the session and
# the user (their permissions and the bell's unread count are kept in the
# cache once read). "computed" is development's (and the tests'), where
# nothing of the published site is kept; "kept" is production's, where
# routes, outlines, cards and links are kept for the current generation of
# published content (courses/published.py).
BUDGETS = {
    "computed": {
        # Each of its two rows of cards reads its courses' images.
        "home": 13,
        # A page's courses by id, then the courses.
        "catalog": 12,
        # The course page's include its rating (its students' reviews, summed up).
        "course": 10,
        "course enrolled": 15,
        "lesson": 10,
        "lesson enrolled": 13,
        # Its courses by id, then the courses, lessons and notes' pages.
        "my learning": 16,
        # The Wagtail admin's explorer for a teacher, on a module of their course.
        "explorer": 37,
        # The sidebar's page explorer (the admin API) on that module.
        "sidebar explorer": 15,
    },
    "kept": {
        "home": 5,
        "catalog": 0,
        "course": 2,
        "course enrolled": 7,
        "lesson": 0,
        "lesson enrolled": 3,
        "my learning": 6,
        "explorer": 37,
        "sidebar explorer": 15,
    },
}


@pytest.fixture(autouse=True, params=list(BUDGETS))
def budget(request, settings):
    """The budgets of each way of running (`BUDGETS`): each test runs both."""
    settings.PAGE_CACHE_SECONDS = 0 if request.param == "computed" else 600
    return BUDGETS[request.param]


def published() -> None:
    """What publishing the pages a test made would do: nothing kept is current."""
    invalidate_published()


def thumbnail() -> Image:
    buffer = BytesIO()
    PillowImage.new("RGB", (64, 36), "teal").save(buffer, "PNG")
    image = Image(title="Thumb", file=ImageFile(buffer, name="thumb.png"))
    image.save()
    return image


def build_course(index, teacher, modules: int, lessons: int):
    course = CoursePageFactory(parent=index, owner=teacher, thumbnail=thumbnail())
    for _ in range(modules):
        add_module(course, lessons)
    return course


def add_module(course, lessons: int):
    module = ModulePageFactory(parent=course, owner=course.owner)
    for _ in range(lessons):
        LessonPageFactory(parent=module, owner=course.owner)
    return module


def count_queries(client, url: str, api=False, **headers) -> tuple[int, object]:
    """
    The queries of a second view of `url` (the first makes renditions, and
    fills what is kept). A query string of its own keeps an anonymous
    visitor's page out of the page cache (an API refuses one it does not
    know, and is not cached).
    """
    if not api:
        url += ("&" if "?" in url else "?") + "budget"
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries), response


def enroll(user, course) -> None:
    """Enrolled, with the course's first lesson done, bookmarked and noted."""
    Enrollment.objects.create(user=user, course=course, source="free")
    LessonProgress.objects.create(
        user=user,
        lesson=LessonPage.objects.descendant_of(course).order_by("path").first(),
        course=course,
        completed_at=timezone.now(),
        bookmarked=True,
        note="Worth reading again.",
    )


def test_home_page_queries_stay_flat(client, home_page, course_index, teacher, budget):
    featured = build_course(course_index, teacher, modules=1, lessons=1)
    build_course(course_index, teacher, modules=1, lessons=1)
    HomePageFeaturedCourse.objects.create(page=home_page, course=featured)
    small, _ = count_queries(client, "/")

    for position in range(1, 4):
        course = build_course(course_index, teacher, modules=1, lessons=1)
        HomePageFeaturedCourse.objects.create(
            page=home_page, course=course, sort_order=position
        )
    for _ in range(4):
        build_course(course_index, teacher, modules=1, lessons=1)
    published()
    large, response = count_queries(client, "/")

    assert large == small
    assert large <= budget["home"]
    assert len(response.context["home_courses"].featured) == 4


CATALOG_VIEWS = [
    ("/courses/", {}),
    ("/courses/?page=2", {"HTTP_HX_REQUEST": "true"}),
    ("/courses/?level=beginner&sort=newest&page=2", {"HTTP_HX_REQUEST": "true"}),
]


def test_catalog_queries_stay_flat_on_every_page(
    client, course_index, teacher, monkeypatch, budget
):
    """The first page, the cards scrolled on to, and a filtered later page."""
    monkeypatch.setattr(CourseIndexPage, "courses_per_page", 2)
    for _ in range(5):
        build_course(course_index, teacher, modules=1, lessons=1)
    small = [count_queries(client, url, **headers)[0] for url, headers in CATALOG_VIEWS]

    for _ in range(6):
        build_course(course_index, teacher, modules=1, lessons=1)
    published()
    large = [count_queries(client, url, **headers)[0] for url, headers in CATALOG_VIEWS]

    assert large == small
    assert max(large) <= budget["catalog"]
    _, first = count_queries(client, "/courses/")
    assert len(first.context["courses"]) == 2
    assert first.context["courses"].has_next


def test_course_page_queries_stay_flat(client, course_index, teacher, budget):
    """Its outline, and for an enrolled student their progress in it."""
    course = build_course(course_index, teacher, modules=1, lessons=2)
    student = UserFactory()
    enroll(student, course)
    small = count_queries(client, course.url)[0]
    client.force_login(student)
    small_enrolled = count_queries(client, course.url)[0]

    for _ in range(3):
        add_module(course, lessons=5)
    published()
    enrolled, response = count_queries(client, course.url)
    client.logout()
    anonymous = count_queries(client, course.url)[0]

    assert (anonymous, enrolled) == (small, small_enrolled)
    assert anonymous <= budget["course"]
    assert enrolled <= budget["course enrolled"]
    assert sum(len(items) for _, items in response.context["outline"]) == 17
    assert "1 of 17 lessons" in response.content.decode()


def test_lesson_page_queries_stay_flat(client, course_index, teacher, budget):
    """
    The outline beside the lesson, its neighbours and, for an enrolled
    student, their progress and their visit recorded.
    """
    course = build_course(course_index, teacher, modules=1, lessons=3)
    lesson = LessonPage.objects.descendant_of(course).order_by("path")[1]
    student = UserFactory()
    enroll(student, course)
    small = count_queries(client, lesson.url)[0]
    client.force_login(student)
    small_enrolled = count_queries(client, lesson.url)[0]

    add_module(course, lessons=10)
    for _ in range(5):
        LessonPageFactory(parent=lesson.get_parent(), owner=teacher)
    published()
    enrolled, response = count_queries(client, lesson.url)
    client.logout()
    anonymous = count_queries(client, lesson.url)[0]

    assert (anonymous, enrolled) == (small, small_enrolled)
    assert anonymous <= budget["lesson"]
    assert enrolled <= budget["lesson enrolled"]
    outline = response.context["outline"]
    states = [
        (item.done, item.current) for _, items in outline.modules for item in items
    ]
    assert len(states) == 18
    assert states[:3] == [(True, False), (False, True), (False, False)]
    first, _, third = LessonPage.objects.child_of(lesson.get_parent()).order_by("path")[
        :3
    ]
    assert (outline.previous, outline.next) == (first, third)
    assert "1 of 18 lessons" in response.content.decode()


def test_my_learning_queries_stay_flat(client, course_index, teacher, budget):
    student = UserFactory()
    enroll(student, build_course(course_index, teacher, modules=2, lessons=2))
    client.force_login(student)
    small = count_queries(client, "/learning/")[0]

    # More courses than a page shows.
    for _ in range(MY_LEARNING_PER_PAGE):
        enroll(student, build_course(course_index, teacher, modules=2, lessons=2))
    published()
    large, response = count_queries(client, "/learning/")

    assert large == small
    assert large <= budget["my learning"]
    content = response.content.decode()
    assert content.count("1 of 4 lessons") == MY_LEARNING_PER_PAGE
    assert content.count("Worth reading again.") == MY_LEARNING_PER_PAGE + 1


def test_teachers_explorer_queries_stay_flat_in_a_longer_module(
    client, course_index, teacher, budget
):
    """Each row's buttons ask whether the teacher may delete it, edit it..."""
    course = build_course(course_index, teacher, modules=1, lessons=2)
    module = course.get_children().get()
    LessonPageFactory(parent=module, owner=teacher, live=False)
    client.force_login(teacher)
    url = f"/admin/pages/{module.pk}/"
    small = count_queries(client, url)[0]

    for _ in range(6):
        LessonPageFactory(parent=module, owner=teacher)
        LessonPageFactory(parent=module, owner=teacher, live=False)
    published()
    large, response = count_queries(client, url)

    assert large == small
    assert large <= budget["explorer"]
    # Teachers delete drafts, never what is published.
    content = response.content.decode()
    deletable = {
        lesson.pk
        for lesson in LessonPage.objects.child_of(module)
        if f"/admin/pages/{lesson.pk}/delete/" in content
    }
    drafts = set(
        LessonPage.objects.child_of(module).not_live().values_list("pk", flat=True)
    )
    assert deletable == drafts
    assert len(drafts) == 7


def test_teachers_sidebar_explorer_queries_stay_flat_in_a_longer_module(
    client, course_index, teacher, budget
):
    """Each page listed has a parent, children, a workflow and a schedule."""
    course = build_course(course_index, teacher, modules=2, lessons=2)
    module = course.get_children().first()
    LessonPageFactory(parent=module, owner=teacher, live=False)
    client.force_login(teacher)
    modules = (
        f"/admin/api/main/pages/?child_of={course.pk}&for_explorer=1&fields=parent"
    )
    lessons = (
        f"/admin/api/main/pages/?child_of={module.pk}&for_explorer=1&fields=parent"
    )
    small = count_queries(client, lessons, api=True)[0]

    for _ in range(6):
        LessonPageFactory(parent=module, owner=teacher)
        LessonPageFactory(parent=module, owner=teacher, live=False)
    add_module(course, lessons=3)
    large, response = count_queries(client, lessons, api=True)

    assert large == small
    assert large <= budget["sidebar explorer"]
    listed = response.json()["items"]
    assert len(listed) == 15
    assert {item["meta"]["parent"]["id"] for item in listed} == {module.pk}
    drafts = {item["id"] for item in listed if not item["meta"]["status"]["live"]}
    assert len(drafts) == 7
    # A course's modules, with their lessons counted.
    counted = {
        item["id"]: item["meta"]["children"]["count"]
        for item in client.get(modules).json()["items"]
    }
    assert counted == {
        page.pk: page.get_children().count() for page in course.get_children()
    }
    assert sorted(counted.values()) == [2, 3, 15]

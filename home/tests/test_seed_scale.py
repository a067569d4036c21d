from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest
from allauth.account.models import EmailAddress

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    SubjectFactory,
)
from courses.models import (
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    LessonSearchText,
    ModulePage,
)
from home.scale import MEMBER_DOMAIN
from members.factories import TeacherFactory, UserFactory
from members.models import User
from members.roles import ROLE_GROUP_NAMES

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

SIZES = {
    "courses": 4,
    "modules": 2,
    "lessons": 3,
    "long_course": 7,
    "teachers": 2,
    "users": 6,
    "enrollments": 1,
    "progress": 1,
    "student_enrollments": 3,
}


@pytest.fixture
def demo(settings, home_page):
    """What seed_scale builds on: seed_demo's catalog, teacher and student."""
    settings.DEBUG = True
    index = CourseIndexPageFactory(parent=home_page)
    teacher = TeacherFactory()
    student = UserFactory()
    SubjectFactory.create_batch(2)
    course = CoursePageFactory(parent=index, owner=teacher)
    module = ModulePageFactory(parent=course)
    LessonPageFactory.create_batch(2, parent=module)
    return {"index": index, "teacher": teacher, "student": student}


def seed_scale(**sizes) -> str:
    out = StringIO()
    call_command("seed_scale", **{**SIZES, **sizes}, stdout=out)
    return out.getvalue()


def test_seed_scale_adds_published_courses_in_a_sound_page_tree(demo, client):
    seed_scale()

    courses = CoursePage.objects.child_of(demo["index"]).live()
    assert courses.count() == 1 + 4 + 1
    assert LessonPage.objects.live().count() == 2 + 4 * 2 * 3 + 7
    assert set(
        ModulePage.objects.exclude(numchild=0).values_list("numchild", flat=True)
    ) == {2, 3, 7}
    # Paths, depths and child counts as Wagtail's own writes leave them.
    assert not any(Page.find_problems())
    # The generated courses are shared by the generated teachers, a course's
    # pages by its owner; the demo's course and the long one stay the demo
    # teacher's.
    teachers = User.objects.filter(
        email__endswith=MEMBER_DOMAIN, role=User.Role.TEACHER
    )
    assert teachers.count() == 2
    assert all(
        teacher.groups.get().name == ROLE_GROUP_NAMES[User.Role.TEACHER]
        for teacher in teachers
    )
    by_path = list(courses.order_by("path"))
    assert [course.owner for course in by_path[1:-1]] == [*teachers.order_by("pk")] * 2
    for course in by_path[1:]:
        assert set(
            Page.objects.descendant_of(course, inclusive=True).values_list(
                "owner", flat=True
            )
        ) == {course.owner_id}
    # The long course comes last, open to anonymous visitors.
    long_course = by_path[-1]
    assert long_course.access_level == CoursePage.AccessLevel.OPEN
    assert {by_path[0].owner, long_course.owner} == {demo["teacher"]}

    lesson = LessonPage.objects.descendant_of(long_course).order_by("path").last()
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert lesson.title in response.content.decode()


def test_seed_scale_without_teachers_gives_the_demo_teacher_every_course(demo):
    seed_scale(teachers=0)

    assert not User.objects.filter(role=User.Role.TEACHER).exclude(
        pk=demo["teacher"].pk
    )
    generated = Page.objects.descendant_of(demo["index"]).exclude(owner__isnull=True)
    # The demo's course, then four of two modules of three lessons, and the
    # long course's module of seven.
    assert generated.count() == 1 + 4 * (1 + 2 + 6) + (1 + 1 + 7)
    assert set(generated.values_list("owner", flat=True)) == {demo["teacher"].pk}


def test_seed_scale_adds_learners_and_enrolls_the_student_with_progress(demo):
    seed_scale()

    learners = User.objects.filter(
        email__endswith=MEMBER_DOMAIN, role=User.Role.STUDENT
    )
    assert learners.count() == 6
    # Generated teachers learn nothing here.
    assert not Enrollment.objects.filter(user__role=User.Role.TEACHER).exists()
    learner = learners.first()
    assert learner.role == User.Role.STUDENT
    assert not learner.has_usable_password()
    assert list(learner.groups.values_list("name", flat=True)) == [
        ROLE_GROUP_NAMES[User.Role.STUDENT]
    ]
    verified = EmailAddress.objects.filter(
        user__in=learners, verified=True, primary=True
    )
    assert verified.count() == 6

    enrollments = Enrollment.objects.filter(user=demo["student"])
    assert enrollments.count() == 3
    for enrollment in enrollments:
        visited = LessonProgress.objects.filter(
            user=demo["student"], course=enrollment.course
        ).order_by("-visited_at")
        assert visited.exists()
        # Where the student resumes: the last lesson visited, not yet done.
        assert visited[0].completed_at is None
        assert all(progress.completed_at for progress in visited[1:])
        lessons = LessonPage.objects.descendant_of(enrollment.course)
        assert set(visited.values_list("lesson", flat=True)) <= set(
            lessons.values_list("pk", flat=True)
        )


def test_seed_scale_makes_the_catalog_searchable(demo):
    seed_scale()

    generated = CoursePage.objects.order_by("path").last()
    found = CoursePage.objects.live().search(generated.title)
    assert generated in list(found)
    assert LessonSearchText.objects.filter(course=generated).count() == 2 * 7


def test_seed_scale_runs_once_and_only_in_development(demo, settings):
    seed_scale(courses=1, long_course=0, users=1)
    with pytest.raises(CommandError, match="already"):
        seed_scale(courses=1, long_course=0, users=1)

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed_scale(courses=1, long_course=0, users=1)

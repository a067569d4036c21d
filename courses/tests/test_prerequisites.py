"""
Prerequisites: a course opens its lessons to those who completed the
courses it requires, and a module that requires the one before opens its
lessons once that one is complete. Locked lessons say what unlocks them,
and every door asks the one rule.
"""

from datetime import timedelta
from importlib import import_module

from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset

import pytest

from courses.access import (
    course_access,
    course_list_granted,
    course_list_readable,
    file_is_gated,
    lesson_list_readable,
    user_has_course_access,
)
from courses.factories import LessonPageFactory, ModulePageFactory
from courses.models import (
    CourseCompletion,
    CoursePage,
    CoursePrerequisite,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
)
from courses.services import lesson_complete
from courses.tests.test_admin import course_form
from courses.tests.test_files import place, private_files, public_files
from courses.viewer import Viewer
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "The secret of this lesson."


def lessons_of(page) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(page).order_by("path"))


def require(course: CoursePage, *required: CoursePage) -> CoursePage:
    """Publish `course` requiring `required`, as the editor's inline panel does."""
    for position, other in enumerate(required):
        course.prerequisite_links.add(
            CoursePrerequisite(required=other, sort_order=position)
        )
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def complete(user, course: CoursePage) -> None:
    for lesson in lessons_of(course):
        LessonProgress.objects.create(
            user=user, lesson=lesson, course=course, completed_at="2026-11-01T10:00Z"
        )


@pytest.fixture
def basics(make_course) -> CoursePage:
    return make_course(title="Basics")


@pytest.fixture
def advanced(make_course, basics) -> CoursePage:
    return require(make_course(title="Advanced"), basics)


@pytest.fixture
def student(advanced):
    user = UserFactory()
    Enrollment.objects.create(user=user, course=advanced, source="free")
    return user


def readable(user) -> set[int]:
    return set(lesson_list_readable(viewer=Viewer(user)).values_list("pk", flat=True))


# A course that requires others


def test_a_course_opens_once_what_it_requires_is_complete(
    client, advanced, basics, student
):
    lesson = lessons_of(advanced)[0]
    client.force_login(student)

    page = client.get(lesson.url).content.decode()
    assert SECRET not in page
    assert "This course requires" in page
    assert f'href="{basics.url}">Basics</a>: complete it first.' in page
    course_page = client.get(advanced.url).content.decode()
    assert 'data-testid="prerequisites"' in course_page
    assert "You are enrolled." in course_page

    complete(student, basics)

    assert SECRET in client.get(lesson.url).content.decode()
    assert (
        'data-testid="prerequisites"' not in client.get(advanced.url).content.decode()
    )


def test_every_door_asks_for_the_prerequisites(
    client, api_client, advanced, basics, student, teacher
):
    lesson = lessons_of(advanced)[0]
    document = Document.objects.create(
        title="Answers",
        file=ContentFile(b"the answers", name="answers.txt"),
        uploaded_by_user=teacher,
    )
    lesson.body = [("file", {"document": document, "title": ""})]
    lesson.save_revision().publish()
    api = api_client(student)
    client.force_login(student)

    locked = api.get(f"/api/v1/lessons/{lesson.pk}")
    assert locked.status_code == 403
    detail = locked.json()["detail"]
    assert detail["unlock"] == "prerequisites"
    assert [course["title"] for course in detail["unlocked_by"]] == ["Basics"]
    viewer = api.get(f"/api/v1/courses/{advanced.pk}").json()["viewer"]
    assert viewer["unlock"] == "prerequisites"
    assert [course["id"] for course in viewer["prerequisites_missing"]] == [basics.pk]
    assert lesson.pk not in readable(student)
    assert advanced not in course_list_readable(viewer=Viewer(student))
    assert advanced not in course_list_granted(user=student)
    assert not user_has_course_access(user=student, course=advanced)
    assert client.get(document.url).status_code == 403

    complete(student, basics)

    assert api.get(f"/api/v1/lessons/{lesson.pk}").status_code == 200
    assert lesson.pk in readable(student)
    assert advanced in course_list_granted(user=student)
    assert user_has_course_access(user=student, course=advanced)
    assert b"".join(client.get(document.url).streaming_content) == b"the answers"


def test_the_teacher_and_free_previews_do_not_wait(client, advanced, teacher):
    preview = lessons_of(advanced)[0]
    preview.free_preview = True
    preview.save_revision().publish()

    assert SECRET in client.get(preview.url).content.decode()
    assert SECRET not in client.get(lessons_of(advanced)[1].url).content.decode()
    client.force_login(teacher)
    assert SECRET in client.get(lessons_of(advanced)[1].url).content.decode()


def test_only_published_prerequisites_count_and_all_must_be_complete(
    make_course, basics, student
):
    extra = make_course(title="Extra")
    draft = make_course(title="Draft")
    draft.unpublish()
    advanced = require(make_course(title="Two"), basics, extra, draft)
    complete(student, basics)

    access = course_access(viewer=Viewer(student), course=advanced)

    assert access.unlock == "prerequisites"
    assert [course.title for course in access.unlocked_by] == ["Extra"]
    assert access.lesson_locked_message == (
        "This course requires “Extra”: complete it first."
    )
    complete(student, extra)
    assert course_access(viewer=Viewer(student), course=advanced).allowed


def test_a_course_without_prerequisites_asks_nothing_more(
    basics, django_assert_num_queries
):
    viewer = Viewer(UserFactory())
    basics = CoursePage.objects.get(pk=basics.pk)

    assert not basics.has_prerequisites
    # An open course: one query, the permissions that would make the
    # member one who oversees it; none for prerequisites.
    with django_assert_num_queries(1):
        assert course_access(viewer=viewer, course=basics).allowed


def edit(client, course, *required):
    """Publish `course` from the editor, requiring `required`."""
    data = course_form(
        title=course.title,
        slug=course.slug,
        prerequisite_links=inline_formset(
            [{"required": other.pk} for other in required]
        ),
        **{"action-publish": "action-publish"},
    )
    return client.post(f"/admin/pages/{course.pk}/edit/", data)


def test_the_editor_publishes_prerequisites_and_refuses_them_going_round(
    client, make_course, basics
):
    client.force_login(AdminFactory())
    advanced = make_course(title="Advanced")

    assert edit(client, advanced, basics).status_code == 302
    advanced = CoursePage.objects.get(pk=advanced.pk)
    assert advanced.has_prerequisites
    assert [link.required for link in advanced.prerequisite_links.all()] == [basics]

    refused = edit(client, basics, advanced)
    assert refused.status_code == 200
    assert "Advanced requires this course already" in refused.content.decode()
    third = require(make_course(title="Third"), advanced)
    assert (
        "requires this course already" in edit(client, basics, third).content.decode()
    )
    assert "A course cannot require itself." in (
        edit(client, basics, basics).content.decode()
    )
    basics = CoursePage.objects.get(pk=basics.pk)
    assert not basics.has_prerequisites
    assert not basics.prerequisite_links.exists()


def test_removing_the_prerequisites_opens_the_course(client, advanced, student):
    assert advanced.has_prerequisites
    advanced.prerequisite_links.clear()
    advanced.save_revision().publish()

    assert not CoursePage.objects.get(pk=advanced.pk).has_prerequisites
    assert user_has_course_access(user=student, course=advanced)


# A course completed stays completed


def test_a_course_completed_once_stays_completed_when_it_gains_a_lesson(
    client, api_client, advanced, basics, student, teacher,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """
    Its last lesson completed, a course stays completed for the courses
    that require it; a lesson added before a student finished it counts.
    """
    latecomer = UserFactory()
    Enrollment.objects.create(user=latecomer, course=advanced, source="free")
    first, last = lessons_of(basics)

    def completes(user, lesson):
        # Recorded once the completion is committed.
        with django_capture_on_commit_callbacks(execute=True):
            lesson_complete(viewer=Viewer(user), lesson=lesson)

    for user in (student, latecomer):
        completes(user, first)
    assert not CourseCompletion.objects.exists()
    completes(student, last)
    assert CourseCompletion.objects.get().user == student

    module = ModulePage.objects.child_of(basics).get()
    LessonPageFactory(parent=module, owner=teacher, title="Added later")
    completes(latecomer, last)

    lesson = lessons_of(advanced)[0]
    assert course_access(viewer=Viewer(student), course=advanced).allowed
    assert user_has_course_access(user=student, course=advanced)
    assert advanced in course_list_granted(user=student)
    assert lesson.pk in readable(student)
    assert api_client(student).get(f"/api/v1/lessons/{lesson.pk}").status_code == 200
    client.force_login(student)
    assert SECRET in client.get(lesson.url).content.decode()

    access = course_access(viewer=Viewer(latecomer), course=advanced)
    assert [course.title for course in access.unlocked_by] == ["Basics"]
    assert not user_has_course_access(user=latecomer, course=advanced)
    assert advanced not in course_list_granted(user=latecomer)
    assert lesson.pk not in readable(latecomer)
    assert CourseCompletion.objects.get().user == student


def test_the_migration_records_the_courses_completed_before_it(
    basics, make_course, teacher
):
    migration = ("courses", "0020_course_completions")
    record_completions = import_module(
        "courses.migrations.0020_course_completions"
    ).record_completions
    finished, halfway, elsewhere = UserFactory(), UserFactory(), UserFactory()
    # Neither counts: students finish without them.
    module = ModulePage.objects.child_of(basics).get()
    LessonPageFactory(
        parent=module, owner=teacher, title="Soon", availability="coming_soon"
    )
    hidden = ModulePageFactory(parent=basics, owner=teacher, title="Unpublished")
    LessonPageFactory(parent=hidden, owner=teacher, title="Hidden")
    hidden.unpublish()
    other = make_course(title="Other")
    complete(elsewhere, other)
    first, last = lessons_of(module)[:2]
    when = timezone.now() - timedelta(days=3)
    # The last lesson was in Other when `finished` completed it: a lesson
    # counts where it is now, as for prerequisites.
    for user, lesson, course, hours in (
        (finished, first, basics, 0),
        (finished, last, other, 1),
        (halfway, first, basics, 0),
    ):
        LessonProgress.objects.create(
            user=user,
            lesson=lesson,
            course=course,
            completed_at=when + timedelta(hours=hours),
        )

    state = MigrationLoader(connection).project_state(migration)
    record_completions(state.apps, None)

    completions = CourseCompletion.objects.order_by("course__title")
    assert [(c.user, c.course.title) for c in completions] == [
        (finished, "Basics"),
        (elsewhere, "Other"),
    ]
    assert completions[0].completed_at == when + timedelta(hours=1)


# A module that requires the one before


@pytest.fixture
def stepped(make_course, teacher) -> CoursePage:
    """A course whose second module requires the first."""
    course = make_course(title="Stepped")
    second = ModulePageFactory(
        parent=course, owner=teacher, title="Second", requires_previous=True
    )
    LessonPageFactory(parent=second, owner=teacher, title="Later")
    return course


def test_a_module_opens_once_the_one_before_is_complete(client, stepped):
    student = UserFactory()
    Enrollment.objects.create(user=student, course=stepped, source="free")
    first, second = ModulePage.objects.child_of(stepped).order_by("path")
    later = lessons_of(second)[0]
    client.force_login(student)

    page = client.get(later.url).content.decode()
    assert SECRET not in page
    assert f"Complete the module “{first.title}” first." in page
    assert later.pk not in readable(student)
    course_page = client.get(stepped.url).content.decode()
    assert f"After “{first.title}”" in course_page

    for lesson in lessons_of(first)[:1]:
        client.post(f"/learning/lessons/{lesson.pk}/complete/")
    assert SECRET not in client.get(later.url).content.decode()
    client.post(f"/learning/lessons/{lessons_of(first)[1].pk}/complete/")

    assert SECRET in client.get(later.url).content.decode()
    assert later.pk in readable(student)
    assert lessons_of(first)[0].pk in readable(student)


def test_a_waiting_module_is_closed_to_visitors_of_an_open_course(api_client, stepped):
    later = lessons_of(ModulePage.objects.get(title="Second"))[0]

    locked = api_client().get(f"/api/v1/lessons/{later.pk}")

    assert locked.status_code == 403
    assert locked.json()["detail"]["unlock"] == "previous_module"
    assert later.pk not in readable(UserFactory())
    modules = api_client().get(f"/api/v1/courses/{stepped.pk}").json()["modules"]
    assert [lesson["unlock"] for lesson in modules[1]["lessons"]] == ["previous_module"]
    assert [lesson["readable"] for lesson in modules[0]["lessons"]] == [True, True]


def test_requiring_a_course_takes_the_lessons_images_out_of_public_storage(
    make_course, basics, teacher, django_capture_on_commit_callbacks
):
    course = make_course(title="Gated")
    image = Image.objects.create(
        title="Diagram", file=get_test_image_file(), uploaded_by_user=teacher
    )
    place(lessons_of(course)[0], image=image)
    assert image.file.name in public_files()

    with django_capture_on_commit_callbacks(execute=True):
        require(course, basics)

    image.refresh_from_db()
    assert file_is_gated(image)
    assert image.file.name in private_files()

    with django_capture_on_commit_callbacks(execute=True):
        basics.unpublish()

    image.refresh_from_db()
    assert image.file.name in public_files()

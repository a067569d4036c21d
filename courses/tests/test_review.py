"""A course goes to review, and live, whole: with its modules and lessons."""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment, LessonPage, ModulePage
from courses.review import course_changes
from courses.services import course_review_workflow
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft(factory, **fields):
    """A page as the editor leaves it when a teacher saves a draft."""
    page = factory(live=False, **fields)
    page.save_revision(user=fields["owner"])
    return page


def edit(page, user, **fields):
    """A draft of changes to a page, as "Save draft" leaves it."""
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision(user=user)


@pytest.fixture
def draft_course(course_index, teacher):
    """A new course, as a teacher writes it: 2 modules, 3 lessons, all drafts."""
    course = draft(CoursePageFactory, parent=course_index, owner=teacher)
    first = draft(ModulePageFactory, parent=course, owner=teacher, title="Knots")
    second = draft(ModulePageFactory, parent=course, owner=teacher, title="Sails")
    draft(LessonPageFactory, parent=first, owner=teacher, title="Lesson 1")
    draft(LessonPageFactory, parent=first, owner=teacher, title="Lesson 2")
    draft(LessonPageFactory, parent=second, owner=teacher, title="Lesson 3")
    return course


def submit(course, user) -> WorkflowState:
    """What Wagtail does on "Submit to Course review" in the course's editor."""
    course.save_revision(user=user)
    return course_review_workflow().start(course, user)


def decide(client, course, action: str, comment: str = ""):
    state = course.current_workflow_state
    client.force_login(AdminFactory())
    return client.post(
        f"/admin/pages/workflow/action/{course.pk}/{action}/"
        f"{state.current_task_state.pk}/",
        {"comment": comment},
    )


def titles(pages) -> list[str]:
    return [page.get_latest_revision().object_str for page in pages]


def live_titles(course) -> list[str]:
    return list(
        Page.objects.descendant_of(course, inclusive=True)
        .live()
        .order_by("path")
        .values_list("title", flat=True)
    )


def test_a_course_goes_to_review_with_its_new_and_changed_pages(make_course, teacher):
    course = make_course()
    unchanged, changed = LessonPage.objects.descendant_of(course).order_by("path")
    edit(changed, teacher, title="Going further, revised")
    module = ModulePage.objects.child_of(course).get()
    draft(LessonPageFactory, parent=module, owner=teacher, title="A new lesson")
    new_module = draft(
        ModulePageFactory, parent=course, owner=teacher, title="A new module"
    )
    draft(LessonPageFactory, parent=new_module, owner=teacher, title="Its lesson")

    assert titles(course_changes(course=course)) == [
        "Going further, revised",
        "A new lesson",
        "A new module",
        "Its lesson",
    ]
    assert unchanged.pk not in {page.pk for page in course_changes(course=course)}


def test_a_lesson_scheduled_to_go_live_is_no_longer_a_change(make_course, teacher):
    course = make_course()
    module = ModulePage.objects.child_of(course).get()
    lesson = draft(
        LessonPageFactory,
        parent=module,
        owner=teacher,
        go_live_at=timezone.now() + timedelta(days=7),
    )
    assert lesson.pk in {page.pk for page in course_changes(course=course)}

    lesson.get_latest_revision().publish()

    lesson.refresh_from_db()
    assert not lesson.live
    assert lesson.pk not in {page.pk for page in course_changes(course=course)}


def test_a_lesson_taken_down_stays_down_until_it_is_edited(make_course, teacher):
    course = make_course()
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    lesson.save_revision(user=teacher).publish()
    lesson.refresh_from_db()
    lesson.unpublish()  # an admin takes it down

    assert lesson.pk not in {page.pk for page in course_changes(course=course)}

    edit(lesson, teacher, title="Fixed")
    assert titles(course_changes(course=course)) == ["Fixed"]


def test_one_approval_publishes_the_course_with_all_its_pages(
    client, draft_course, teacher
):
    submit(draft_course, teacher)
    assert live_titles(draft_course) == []

    response = decide(client, draft_course, "approve")

    assert response.status_code == 302
    assert live_titles(draft_course) == [
        draft_course.title,
        "Knots",
        "Lesson 1",
        "Lesson 2",
        "Sails",
        "Lesson 3",
    ]
    assert not course_changes(course=draft_course).exists()
    # Parents first, in one go: the course, then its pages in tree order.
    published = PageLogEntry.objects.filter(action="wagtail.publish").order_by("pk")
    assert [entry.label for entry in published] == live_titles(draft_course)


def test_approval_publishes_changes_to_a_live_course(client, make_course, teacher):
    course = make_course()
    lesson = LessonPage.objects.descendant_of(course).order_by("path").last()
    edit(lesson, teacher, title="Going further, revised")
    submit(course, teacher)

    decide(client, course, "approve")

    lesson.refresh_from_db()
    assert lesson.title == "Going further, revised"
    assert not lesson.has_unpublished_changes


def test_requesting_changes_publishes_nothing_and_the_teacher_reads_why(
    client, draft_course, teacher
):
    submit(draft_course, teacher)

    decide(client, draft_course, "reject", "Lesson 3 needs an example.")

    assert live_titles(draft_course) == []
    assert titles(course_changes(course=draft_course)) == [
        "Knots",
        "Lesson 1",
        "Lesson 2",
        "Sails",
        "Lesson 3",
    ]
    lesson = LessonPage.objects.get(title="Lesson 3")
    client.force_login(teacher)
    for page in (draft_course, lesson):
        content = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "Lesson 3 needs an example." in content


def test_resubmitting_sends_the_course_with_the_changes_made_since(
    client, draft_course, teacher
):
    submit(draft_course, teacher)
    decide(client, draft_course, "reject", "Lesson 3 needs an example.")
    lesson = LessonPage.objects.get(title="Lesson 3")
    client.force_login(teacher)
    edit(lesson, teacher, title="Lesson 3, with an example")

    draft_course.current_workflow_state.resume(teacher)
    decide(client, draft_course, "approve")

    assert "Lesson 3, with an example" in live_titles(draft_course)


def test_the_moderator_sees_each_page_going_live_with_the_course(
    client, make_course, teacher
):
    course = make_course()
    changed = LessonPage.objects.descendant_of(course).order_by("path").last()
    revision = edit(changed, teacher, title="Going further, revised")
    submit(course, teacher)
    client.force_login(AdminFactory())

    content = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    assert "approving publishes the course together with" in content
    assert "Going further, revised" in content
    compare = f"/admin/pages/{changed.pk}/revisions/compare/live...{revision.pk}/"
    assert compare in content
    preview = f"/admin/pages/{changed.pk}/revisions/{revision.pk}/view/"
    assert preview in content
    assert "Going further, revised" in client.get(compare).content.decode()
    assert "Going further, revised" in client.get(preview).content.decode()
    assert "First steps" not in content  # unchanged


def test_modules_and_lessons_offer_no_submit_or_publish_of_their_own(
    client, draft_course, teacher
):
    module = ModulePage.objects.child_of(draft_course).first()
    lesson = LessonPage.objects.child_of(module).first()
    client.force_login(teacher)

    for url in (
        f"/admin/pages/{module.pk}/edit/",
        f"/admin/pages/{lesson.pk}/edit/",
        f"/admin/pages/add/courses/modulepage/{draft_course.pk}/",
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
    ):
        content = client.get(url).content.decode()
        assert 'name="action-submit"' not in content, url
        assert 'name="action-publish"' not in content, url
        assert "Changes here go live with the course" in content, url
    course_editor = client.get(f"/admin/pages/{draft_course.pk}/edit/")
    assert 'name="action-submit"' in course_editor.content.decode()


def test_a_module_cannot_be_submitted_alone(client, draft_course, teacher):
    client.force_login(teacher)

    response = client.post(
        f"/admin/pages/add/courses/modulepage/{draft_course.pk}/",
        {"title": "Alone", "slug": "alone", "action-submit": "Submit"},
    )

    assert response.status_code == 400
    assert "submit the course" in response.content.decode()
    assert not ModulePage.objects.filter(title="Alone").exists()
    assert not WorkflowState.objects.exists()


def test_a_course_in_review_is_frozen_for_its_teachers(client, draft_course, teacher):
    module = ModulePage.objects.child_of(draft_course).first()
    lesson = LessonPage.objects.child_of(module).first()
    submit(draft_course, teacher)
    client.force_login(teacher)

    client.post(
        f"/admin/pages/{lesson.pk}/edit/",
        nested_form_data(
            {
                "title": "Changed after submitting",
                "slug": lesson.slug,
                "body": streamfield([]),
                "comments": inline_formset([]),
            }
        ),
    )
    lesson.refresh_from_db()
    assert lesson.get_latest_revision().object_str == "Lesson 1"
    response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert "is in review with its course" in response.content.decode()

    add = client.get(f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    assert add.status_code in (302, 403)
    teacher = type(teacher).objects.get(pk=teacher.pk)  # a new request
    assert not module.permissions_for_user(teacher).can_add_subpage()
    other_course = CoursePageFactory(parent=draft_course.get_parent(), owner=teacher)
    other_module = ModulePageFactory(parent=other_course, owner=teacher)
    other_lesson = LessonPageFactory(parent=other_module, owner=teacher, live=False)
    assert not other_lesson.permissions_for_user(teacher).can_move_to(module)


def test_after_a_request_for_changes_the_teacher_edits_again(
    client, draft_course, teacher
):
    lesson = LessonPage.objects.get(title="Lesson 3")
    submit(draft_course, teacher)
    decide(client, draft_course, "reject", "More, please.")
    client.force_login(teacher)

    response = client.get(f"/admin/pages/{lesson.pk}/edit/")

    assert "is in review with its course" not in response.content.decode()
    assert lesson.permissions_for_user(teacher).can_edit()
    assert lesson.permissions_for_user(teacher).can_delete()


def test_a_reviewer_edits_a_lesson_in_review_and_approval_publishes_it(
    client, draft_course, teacher
):
    lesson = LessonPage.objects.get(title="Lesson 2")
    submit(draft_course, teacher)
    moderator = AdminFactory()
    assert lesson.get_lock().for_user(teacher)
    assert not lesson.get_lock().for_user(moderator)
    edit(lesson, moderator, title="Lesson 2, tidied")

    decide(client, draft_course, "approve")

    assert "Lesson 2, tidied" in live_titles(draft_course)


def test_pages_deleted_or_moved_away_in_review_do_not_stop_approval(
    client, draft_course, course_index, teacher
):
    submit(draft_course, teacher)
    LessonPage.objects.get(title="Lesson 1").delete()
    elsewhere = CoursePageFactory(parent=course_index, owner=TeacherFactory())
    ModulePage.objects.get(title="Sails").move(elsewhere, pos="last-child")

    decide(client, draft_course, "approve")

    assert live_titles(draft_course) == [draft_course.title, "Knots", "Lesson 2"]
    assert not ModulePage.objects.get(title="Sails").live


def test_a_scheduled_lesson_goes_live_at_its_time_after_approval(
    client, draft_course, teacher
):
    lesson = LessonPage.objects.get(title="Lesson 3")
    edit(lesson, teacher, go_live_at=timezone.now() + timedelta(days=7))
    submit(draft_course, teacher)

    decide(client, draft_course, "approve")

    lesson.refresh_from_db()
    assert not lesson.live
    assert lesson.get_latest_revision().approved_go_live_at is not None
    assert "Sails" in live_titles(draft_course)


# A course with no published lesson is never offered for enrollment.


@pytest.fixture
def course_without_lessons(course_index, teacher):
    course = CoursePageFactory(parent=course_index, owner=teacher)
    module = ModulePageFactory(parent=course, owner=teacher)
    draft(LessonPageFactory, parent=module, owner=teacher)
    return course


def test_a_course_without_published_lessons_says_they_are_coming(
    client, course_without_lessons
):
    client.force_login(UserFactory())

    content = client.get(course_without_lessons.url).content.decode()

    assert "Lessons are coming" in content
    assert "Enroll for free" not in content


def test_enrolling_in_a_course_without_published_lessons_is_refused(
    client, course_without_lessons
):
    client.force_login(UserFactory())

    response = client.post(f"/learning/{course_without_lessons.pk}/enroll/")

    assert response.status_code == 403
    assert "enrollment opens when its lessons are published" in (
        response.content.decode()
    )
    assert not Enrollment.objects.exists()


def test_a_live_lesson_in_an_unpublished_module_is_not_published(client, make_course):
    course = make_course()
    ModulePage.objects.child_of(course).get().unpublish()
    client.force_login(UserFactory())

    assert client.post(f"/learning/{course.pk}/enroll/").status_code == 403
    assert not Enrollment.objects.exists()

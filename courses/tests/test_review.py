"""A course goes to review, and live, whole: with its modules and lessons."""

import html
import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest

from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import (
    CoursePage,
    CourseReviewTask,
    Enrollment,
    LessonPage,
    ModulePage,
)
from courses.review import course_changes
from courses.services import course_review_workflow
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import User
from members.roles import ROLE_GROUP_NAMES

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


# Approval waits until everything going live with the course is finished,
# wherever the moderator approves: the course's editor or their dashboard.

QUIZ_WITHOUT_A_RIGHT_ANSWER = [
    (
        "quiz",
        quiz_block_value(
            choices=[
                {"text": "3", "correct": False},
                {"text": "4", "correct": False},
            ]
        ),
    )
]
NOT_FINISHED = "'Lesson 2' is not finished: Quiz: Mark at least one choice as correct."


def dashboard_actions(client, course) -> dict[str, bool]:
    """
    The moderator's actions on the course in their dashboard's "Awaiting
    your review": each one's label, and whether it opens a dialog.
    """
    buttons = re.findall(
        rf'<button data-workflow-action-url="/admin/pages/workflow/action/'
        rf'{course.pk}/[^"]+"\s*(data-launch-modal)?>([^<]+)</button>',
        client.get("/admin/").content.decode(),
    )
    return {label: bool(modal) for modal, label in buttons}


def approve_dialog(client, course) -> str:
    """The dialog the dashboard's "Approve" opens, as its script fetches it."""
    state = course.current_workflow_state
    response = client.get(
        f"/admin/pages/workflow/action/{course.pk}/approve/"
        f"{state.current_task_state.pk}/",
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    return html.unescape(response.json()["html"])


@pytest.fixture
def unfinished_in_review(draft_course, teacher):
    """
    A finished course in review, whose second lesson a moderator has since
    left unfinished, as a saved draft.
    """
    submit(draft_course, teacher)
    lesson = LessonPage.objects.get(title="Lesson 2")
    edit(lesson, AdminFactory(), body=QUIZ_WITHOUT_A_RIGHT_ANSWER)
    return draft_course


def test_moderators_approve_courses_with_a_course_review_task():
    task = course_review_workflow().tasks.get().specific

    assert isinstance(task, CourseReviewTask)
    assert task.name == "Moderator review"
    assert list(task.groups.values_list("name", flat=True)) == [
        ROLE_GROUP_NAMES[User.Role.ADMIN]
    ]


def test_approving_from_the_dashboard_is_refused_while_a_lesson_is_unfinished(
    client, unfinished_in_review
):
    course = unfinished_in_review
    client.force_login(AdminFactory())

    actions = dashboard_actions(client, course)
    dialog = approve_dialog(client, course)
    response = decide(client, course, "approve")

    # "Approve" opens a dialog that names the unfinished lesson, with no
    # approval to give; approving anyway is refused (Wagtail's admin sends
    # a refused moderator back to the dashboard).
    assert actions == {
        "Request changes": True,
        "Approve": True,
        "Approve with comment": True,
    }
    assert "cannot go live yet" in dialog
    assert NOT_FINISHED in dialog
    assert "<form" not in dialog
    assert (response.status_code, response.url) == (302, "/admin/")
    assert live_titles(course) == []
    course.refresh_from_db()
    assert course.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = course.current_workflow_state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_with_a_comment_is_refused_too(client, unfinished_in_review):
    course = unfinished_in_review
    state = course.current_workflow_state

    response = decide(client, course, "approve", "Looks good.")

    assert (response.status_code, response.url) == (302, "/admin/")
    assert live_titles(course) == []
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_once_the_lesson_is_finished_approving_from_the_dashboard_publishes_it_all(
    client, unfinished_in_review
):
    course = unfinished_in_review
    lesson = LessonPage.objects.get(title="Lesson 2")
    edit(lesson, AdminFactory(), body=[("quiz", quiz_block_value())])
    client.force_login(AdminFactory())

    actions = dashboard_actions(client, course)
    dialog = approve_dialog(client, course)
    response = decide(client, course, "approve")

    assert actions == {
        "Request changes": True,
        "Approve": False,
        "Approve with comment": True,
    }
    assert "<form" in dialog
    assert "cannot go live yet" not in dialog
    assert response.status_code == 302
    assert live_titles(course) == [
        course.title,
        "Knots",
        "Lesson 1",
        "Lesson 2",
        "Sails",
        "Lesson 3",
    ]
    lesson.refresh_from_db()
    assert lesson.body[0].block_type == "quiz"
    course.refresh_from_db()
    assert course.current_workflow_state is None


def test_a_course_sold_without_a_price_is_not_approved_from_the_dashboard(
    client, draft_course, teacher
):
    sold = {"access_level": "purchase", "price": Decimal(25), "currency": "KES"}
    submit(edit(draft_course, teacher, **sold).as_object(), teacher)
    course = CoursePage.objects.get(pk=draft_course.pk)
    edit(course, AdminFactory(), price=None)

    response = decide(client, course, "approve")

    assert (response.status_code, response.url) == (302, "/admin/")
    assert live_titles(course) == []
    course = CoursePage.objects.get(pk=course.pk)
    assert course.going_live_errors() == [
        f"'{course.title}' is not finished: "
        "Set a price for a course that requires a purchase."
    ]


def test_requesting_changes_on_an_unfinished_course_still_works(
    client, unfinished_in_review
):
    course = unfinished_in_review

    response = decide(client, course, "reject", "Lesson 2's quiz needs an answer.")

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert live_titles(course) == []


def test_the_editor_refuses_to_approve_an_unfinished_course_and_says_why(
    client, unfinished_in_review
):
    course = unfinished_in_review
    client.force_login(AdminFactory())

    response = client.post(
        f"/admin/pages/{course.pk}/edit/",
        nested_form_data(
            {
                "title": course.title,
                "slug": course.slug,
                "overview": rich_text("<p>Knots.</p>"),
                "level": "beginner",
                "access_level": "open",
                "availability": "available",
                "tags": "",
                "comments": inline_formset([]),
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
            }
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NOT_FINISHED]
    assert live_titles(course) == []
    course.refresh_from_db()
    assert course.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

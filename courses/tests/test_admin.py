"""Teachers and moderators in the Wagtail editor, through its own views."""

from decimal import Decimal

from wagtail.models import Page, WorkflowState
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
)
from courses.models import (
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
)
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def course_form(**extra):
    return nested_form_data(
        {
            "title": "Photosynthesis",
            "slug": "photosynthesis",
            "overview": rich_text("<p>How plants eat light.</p>"),
            "level": "beginner",
            "access_level": "open",
            "availability": "available",
            "tags": "",
            "comments": inline_formset([]),
            "prerequisite_links": inline_formset([]),
            **extra,
        }
    )


def add_url(parent) -> str:
    return f"/admin/pages/add/courses/coursepage/{parent.pk}/"


def test_teacher_creates_a_course_in_the_catalog_as_a_draft(
    client, course_index, teacher
):
    client.force_login(teacher)

    response = client.post(add_url(course_index), course_form())

    assert response.status_code == 302
    course = CoursePage.objects.get(slug="photosynthesis")
    assert course.owner == teacher
    assert not course.live


def test_teacher_cannot_publish_directly(client, course_index, teacher):
    client.force_login(teacher)

    client.post(
        add_url(course_index), course_form(**{"action-publish": "action-publish"})
    )

    assert not CoursePage.objects.get(slug="photosynthesis").live


def test_teacher_submits_a_course_for_review_and_a_moderator_approves(
    client, course_index, teacher
):
    client.force_login(teacher)
    client.post(
        add_url(course_index), course_form(**{"action-submit": "action-submit"})
    )
    course = CoursePage.objects.get(slug="photosynthesis")
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(course.pk)
    )
    assert state.workflow.name == "Course review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not course.live

    client.force_login(AdminFactory())
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Lovely course."},
    )

    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_moderator_rejects_with_a_comment(client, course_index, teacher):
    client.force_login(teacher)
    client.post(
        add_url(course_index), course_form(**{"action-submit": "action-submit"})
    )
    course = CoursePage.objects.get(slug="photosynthesis")
    state = WorkflowState.objects.get(object_id=str(course.pk))

    client.force_login(AdminFactory())
    client.post(
        f"/admin/pages/workflow/action/{course.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Add a module on respiration."},
    )

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Add a module on respiration."
    course.refresh_from_db()
    assert not course.live


def test_teacher_edits_their_course_but_not_another_teachers(
    client, course_index, teacher
):
    mine = CoursePageFactory(parent=course_index, owner=teacher)
    theirs = CoursePageFactory(parent=course_index, owner=TeacherFactory())
    client.force_login(teacher)

    assert client.get(f"/admin/pages/{mine.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{theirs.pk}/edit/")
    assert response.status_code in (302, 403)

    client.post(f"/admin/pages/{theirs.pk}/edit/", course_form(title="Hijacked"))
    theirs.refresh_from_db()
    assert theirs.title != "Hijacked"
    assert theirs.get_latest_revision() is None or (
        theirs.get_latest_revision().as_object().title != "Hijacked"
    )


def test_co_teacher_edits_the_course_and_its_modules(client, course_index, teacher):
    course = CoursePageFactory(parent=course_index, owner=TeacherFactory())
    module = ModulePageFactory(parent=course, owner=course.owner)
    course.co_teachers.add(teacher)
    course.save()
    client.force_login(teacher)

    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{module.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/pages/add/courses/lessonpage/{module.pk}/").status_code
        == 200
    )


def test_teacher_cannot_add_modules_to_another_teachers_course(
    client, course_index, teacher
):
    theirs = CoursePageFactory(parent=course_index, owner=TeacherFactory())
    client.force_login(teacher)

    response = client.get(f"/admin/pages/add/courses/modulepage/{theirs.pk}/")

    assert response.status_code in (302, 403)
    assert not Page.objects.child_of(theirs).exists()


def test_teachers_cannot_create_courses_outside_the_catalog(client, home_page, teacher):
    client.force_login(teacher)

    response = client.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/")

    assert response.status_code in (302, 403)


def test_teacher_dashboard_lists_their_courses_with_state_and_enrollments(
    client, course_index, teacher
):
    mine = CoursePageFactory(parent=course_index, owner=teacher, title="My Botany")
    CoursePageFactory(
        parent=course_index, owner=TeacherFactory(), title="Their Zoology"
    )
    for student in UserFactory.create_batch(3):
        Enrollment.objects.create(user=student, course=mine, source="free")
    client.force_login(teacher)

    content = client.get("/admin/").content.decode()

    assert 'data-testid="my-courses-panel"' in content
    assert "My Botany" in content
    assert "<td>3</td>" in content
    assert "Their Zoology" not in content


def test_teacher_previews_a_lesson_before_publishing(client, make_course, teacher):
    course = make_course()
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    client.force_login(teacher)
    preview_url = f"/admin/pages/{lesson.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": "A new summary",
            "body": streamfield([("paragraph", rich_text("<p>Draft words</p>"))]),
            "comments": inline_formset([]),
        }
    )

    assert client.post(preview_url, data).json()["is_valid"]
    content = client.get(preview_url).content.decode()

    assert "Draft words" in content
    assert not LessonProgress.objects.exists()


def test_teacher_cannot_move_a_lesson_into_another_teachers_course(
    course_index, teacher
):
    mine = CoursePageFactory(parent=course_index, owner=teacher)
    my_module = ModulePageFactory(parent=mine, owner=teacher)
    lesson = LessonPageFactory(parent=my_module, owner=teacher, live=False)
    theirs = CoursePageFactory(parent=course_index, owner=TeacherFactory())
    their_module = ModulePageFactory(parent=theirs, owner=theirs.owner)

    tester = lesson.permissions_for_user(teacher)

    assert tester.can_move_to(ModulePageFactory(parent=mine, owner=teacher))
    assert not tester.can_move_to(their_module)


def test_teacher_reorders_their_course_but_not_anothers(course_index, teacher):
    mine = CoursePageFactory(parent=course_index, owner=teacher)
    theirs = CoursePageFactory(parent=course_index, owner=TeacherFactory())

    assert mine.permissions_for_user(teacher).can_reorder_children()
    assert not theirs.permissions_for_user(teacher).can_reorder_children()


def test_teacher_cannot_delete_a_course_students_hold(client, course_index, teacher):
    course = CoursePageFactory(parent=course_index, owner=teacher, live=False)
    assert course.permissions_for_user(teacher).can_delete()
    Enrollment.objects.create(user=UserFactory(), course=course, source="purchase")

    assert not course.permissions_for_user(teacher).can_delete()
    client.force_login(teacher)
    client.post(f"/admin/pages/{course.pk}/delete/")
    assert CoursePage.objects.filter(pk=course.pk).exists()


def list_block(items: list) -> dict:
    """A ListBlock's value as the editor posts it."""
    return {
        "count": str(len(items)),
        **{
            str(index): {"value": item, "deleted": "", "order": str(index), "id": ""}
            for index, item in enumerate(items)
        },
    }


def quiz_form_value(*, correct: bool = True) -> dict:
    right_choice = {"text": "4", **({"correct": "on"} if correct else {})}
    question = {
        "prompt": "2 + 2?",
        "explanation": "",
        "choices": list_block([{"text": "3"}, right_choice]),
    }
    return {
        "title": "Quick check",
        "pass_mark": "50",
        "tries": "3",
        "questions": list_block([question]),
    }


def lesson_form(**fields) -> dict:
    return nested_form_data({"summary": "", "comments": inline_formset([]), **fields})


def test_previewing_a_new_course_and_a_new_lesson(client, make_course, teacher):
    course = make_course()
    module = course.get_children().first()
    client.force_login(teacher)
    course_data = nested_form_data(
        {"title": "Draft course", "slug": "draft-course", "level": "beginner",
         "access_level": "open", "availability": "available", "tags": "",
         "overview": rich_text("<p>Soon</p>"), "comments": inline_formset([]),
         "prerequisite_links": inline_formset([])}
    )  # fmt: skip
    lesson_data = lesson_form(
        title="Draft lesson",
        slug="draft-lesson",
        body=streamfield([("quiz", quiz_form_value())]),
    )

    add = "/admin/pages/add/courses"
    for url, data, text in [
        (
            f"{add}/coursepage/{course.get_parent().pk}/preview/",
            course_data,
            "Draft course",
        ),
        (f"{add}/lessonpage/{module.pk}/preview/", lesson_data, "2 + 2?"),
    ]:
        assert client.post(url, data).json()["is_valid"]
        response = client.get(url)
        assert response.status_code == 200
        assert text in response.content.decode()


def test_a_quiz_without_a_correct_choice_is_saved_as_a_draft_but_not_published(
    client, make_course, teacher
):
    lesson = LessonPage.objects.descendant_of(make_course()).first()
    edit_url = f"/admin/pages/{lesson.pk}/edit/"

    def unanswered_quiz(**action) -> dict:
        return lesson_form(
            title=lesson.title,
            slug=lesson.slug,
            body=streamfield([("quiz", quiz_form_value(correct=False))]),
            **action,
        )

    client.force_login(teacher)
    drafted = client.post(edit_url, unanswered_quiz())
    client.force_login(AdminFactory())
    refused = client.post(edit_url, unanswered_quiz(**{"action-publish": "publish"}))

    assert drafted.status_code == 302
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["quiz"]
    assert refused.status_code == 200
    assert "Mark at least one choice as correct." in refused.content.decode()
    lesson.refresh_from_db()
    assert [block.block_type for block in lesson.body] == ["paragraph"]


def test_an_autosave_creates_a_half_written_lesson(client, make_course, teacher):
    module = ModulePage.objects.child_of(make_course()).get()
    client.force_login(teacher)

    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        lesson_form(
            title="The bowline",
            slug="the-bowline",
            body=streamfield(
                [
                    ("heading", {"text": "", "size": "h2"}),
                    (
                        "video",
                        {
                            "asset": "",
                            "embed": "",
                            "caption": "Soon",
                            "captions": {"count": 0},
                            "transcript": "",
                        },
                    ),
                    ("quiz", quiz_form_value(correct=False)),
                ]
            ),
        ),
        headers={"accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json()["success"]
    lesson = LessonPage.objects.get(slug="the-bowline")
    assert not lesson.live
    draft = lesson.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["heading", "video", "quiz"]


def test_a_course_for_sale_is_drafted_without_a_price_but_needs_one_for_review(
    client, course_index, teacher
):
    client.force_login(teacher)
    submit = {"action-submit": "submit"}

    drafted = client.post(add_url(course_index), course_form(access_level="purchase"))
    course = CoursePage.objects.get(slug="photosynthesis")
    edit_url = f"/admin/pages/{course.pk}/edit/"
    refused = client.post(edit_url, course_form(access_level="purchase", **submit))
    submitted = client.post(
        edit_url,
        course_form(access_level="purchase", price="25", currency="kes", **submit),
    )

    assert drafted.status_code == 302
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "price": ["Set a price for a course that requires a purchase."],
        "currency": ["Enter a three-letter currency code."],
    }
    assert submitted.status_code == 302
    course = CoursePage.objects.get(pk=course.pk)
    assert course.workflow_in_progress
    draft = course.get_latest_revision_as_object()
    assert (draft.price, draft.currency) == (Decimal("25.00"), "KES")


def test_a_course_goes_to_review_only_with_its_changed_lessons_finished(
    client, make_course, teacher
):
    course = make_course()
    lesson = LessonPage.objects.descendant_of(course).last()
    lesson.body = [("video", {"asset": None, "embed": None, "caption": "Soon"})]
    lesson.save_revision(user=teacher)
    edit_url = f"/admin/pages/{course.pk}/edit/"
    client.force_login(teacher)

    drafted = client.post(edit_url, course_form())
    refused = client.post(edit_url, course_form(**{"action-submit": "submit"}))
    lesson.body = [("paragraph", "<p>Tie it one-handed.</p>")]
    lesson.save_revision(user=teacher)
    submitted = client.post(edit_url, course_form(**{"action-submit": "submit"}))

    assert drafted.status_code == 302
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        f"'{lesson.title}' is not finished: Video: Choose a file from the media "
        "library or give a web address (one of the two)."
    ]
    assert submitted.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).workflow_in_progress


def test_teacher_writes_the_summary_on_the_content_tab(client, course_index, teacher):
    client.force_login(teacher)

    form = client.get(add_url(course_index)).content.decode()
    content_tab = form[form.index('id="tab-content"') : form.index('id="tab-details"')]
    assert 'name="summary"' in content_tab

    client.post(add_url(course_index), course_form(summary="Plants eat light."))
    assert CoursePage.objects.get(slug="photosynthesis").summary == "Plants eat light."


def test_a_summary_over_300_characters_is_refused(client, course_index, teacher):
    client.force_login(teacher)

    response = client.post(add_url(course_index), course_form(summary="x" * 301))

    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    assert not CoursePage.objects.filter(slug="photosynthesis").exists()

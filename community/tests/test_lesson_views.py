"""
A lesson's questions under the lesson: who sees them, who may ask, what
bad input and a busy asker get, and what the list costs.
"""

from django.test import RequestFactory

import pytest

from community.factories import CommentFactory, LikeFactory, MuteFactory, PostFactory
from community.models import Post, Status
from community.wagtail_hooks import lesson_questions_panel
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import course_index_setup
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# The panel's queries whatever the number of questions: the session and
# user, the lesson and its course, whether the viewer may read it and may
# ask there (a mute), how many questions there are (for the pager), a
# page of them with their counts, their tags and attachments; and which
# courses have prerequisites, which modules wait for the one before and
# since when other apps grant the viewer courses (lessons that drip open
# from then), which decide who reads which lessons.
PANEL_BUDGET = 25


@pytest.fixture
def teacher(db):
    return TeacherFactory(display_name="Tom Teacher")


@pytest.fixture
def make_lesson(home_page, teacher):
    """A lesson of a published course by `teacher`, of the access level given."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)

    def make(access_level=CoursePage.AccessLevel.OPEN) -> LessonPage:
        course = CoursePageFactory(
            parent=index, owner=teacher, access_level=access_level
        )
        module = ModulePageFactory(parent=course, owner=teacher)
        return LessonPageFactory(parent=module, owner=teacher, title="Knots")

    return make


def url(lesson: LessonPage) -> str:
    return f"/community/lessons/{lesson.pk}/questions/"


def ask(lesson: LessonPage, **fields) -> PostFactory:
    return PostFactory(lesson=lesson, course=lesson.get_course(), **fields)


def enrolled_student(lesson: LessonPage):
    student = UserFactory(display_name="Ada")
    Enrollment.objects.create(user=student, course=lesson.get_course(), source="free")
    return student


def test_anonymous_reader_sees_an_open_lessons_questions_but_cannot_ask(
    client, make_lesson
):
    lesson = make_lesson()
    ask(lesson, title="Why a bowline?", author=UserFactory(display_name="Bo"))

    response = client.get(url(lesson), **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Why a bowline?" in content
    assert "Asked by Bo" in content
    assert "Sign in</a> to ask a question" in content
    assert 'name="title"' not in content
    assert "<html" not in content  # the panel alone, for HTMX


def test_anonymous_post_is_refused_and_saves_nothing(client, make_lesson):
    lesson = make_lesson()

    response = client.post(url(lesson), {"title": "Hi", "body": "Me"}, **HTMX)

    assert response.status_code == 403
    assert not Post.objects.exists()


def test_enrolled_student_asks_and_gets_the_panel_back(client, make_lesson):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    student = enrolled_student(lesson)
    client.force_login(student)

    response = client.post(
        url(lesson),
        {"title": "How tight?", "body": "Should it **slip**?"},
        **HTMX,
    )

    question = Post.objects.get()
    assert (question.lesson_id, question.course_id) == (
        lesson.pk,
        lesson.get_course().pk,
    )
    assert question.author == student
    assert "<strong>slip</strong>" in question.body_html
    content = response.content.decode()
    assert response.status_code == 200
    assert "Your question is posted." in content
    assert question.get_absolute_url() in content
    # A fresh form to ask another.
    assert 'name="title"' in content
    assert "How tight?</textarea>" not in content


def test_a_held_question_says_so_to_its_asker(client, make_lesson, settings):
    settings.COMMUNITY_HOLD_FIRST_POSTS = 1
    lesson = make_lesson()
    client.force_login(UserFactory())

    response = client.post(url(lesson), {"title": "First?", "body": "Hm."}, **HTMX)

    assert Post.objects.get().status == Status.HELD
    content = response.content.decode()
    assert "Your question is held for review" in content
    assert "Held for review</span>" in content


def test_asking_without_javascript_goes_to_the_question(client, make_lesson):
    lesson = make_lesson()
    client.force_login(UserFactory())

    response = client.post(url(lesson), {"title": "How tight?", "body": "Hm."})

    question = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()


def test_without_javascript_the_questions_are_a_page_with_the_way_back(
    client, make_lesson
):
    lesson = make_lesson()

    response = client.get(url(lesson))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert "Questions about Knots" in content
    assert f'href="{lesson.url}"' in content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "body": "Why?"}, "This field is required."),
        ({"title": "Why?", "body": "   "}, "This field is required."),
        ({"title": "x" * 201, "body": "Why?"}, "at most 200 characters"),
        ({"title": "Why?", "body": "x" * 10_001}, "at most 10000 characters"),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(
    client, make_lesson, fields, message
):
    lesson = make_lesson()
    client.force_login(UserFactory())

    response = client.post(url(lesson), fields, **HTMX)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'name="title"' in response.content.decode()
    assert not Post.objects.exists()


def test_script_in_a_question_is_shown_as_text(client, make_lesson):
    lesson = make_lesson()
    client.force_login(UserFactory())

    client.post(
        url(lesson),
        {"title": "<script>alert(1)</script>", "body": "<img src=x onerror=alert(1)>"},
        **HTMX,
    )
    content = client.get(url(lesson), **HTMX).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    assert "<img" not in Post.objects.get().body_html


def test_asking_too_often_is_refused_with_429(client, make_lesson, settings):
    settings.COMMUNITY_POST_RATE = "1/600"
    lesson = make_lesson()
    client.force_login(UserFactory())
    client.post(url(lesson), {"title": "One", "body": "First."}, **HTMX)

    response = client.post(url(lesson), {"title": "Two", "body": "Again."}, **HTMX)

    assert response.status_code == 429
    assert "too often" in response.content.decode()
    assert list(Post.objects.values_list("title", flat=True)) == ["One"]


def test_muted_member_reads_why_and_cannot_ask(client, make_lesson):
    lesson = make_lesson()
    member = UserFactory()
    MuteFactory(user=member, course=lesson.get_course())
    client.force_login(member)

    shown = client.get(url(lesson), **HTMX).content.decode()
    response = client.post(url(lesson), {"title": "Hi", "body": "Me"}, **HTMX)

    assert "A moderator has muted you here until" in shown
    assert 'name="title"' not in shown
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_non_enrolled_member_gets_404_on_a_purchase_lesson(client, make_lesson):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    ask(lesson, title="Secret question")
    client.force_login(UserFactory())

    shown = client.get(url(lesson), **HTMX)
    posted = client.post(url(lesson), {"title": "Hi", "body": "Me"}, **HTMX)

    assert shown.status_code == 404
    assert "Secret question" not in shown.content.decode()
    assert posted.status_code == 404
    assert Post.objects.count() == 1


def test_the_course_teacher_sees_its_questions_held_ones_too(
    client, make_lesson, teacher
):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    ask(lesson, title="Published question")
    ask(lesson, title="Held question", status=Status.HELD)
    client.force_login(teacher)

    content = client.get(url(lesson), **HTMX).content.decode()

    assert "Published question" in content
    assert "Held question" in content
    assert "Held for review" in content


def test_another_teacher_gets_404_on_a_gated_lesson(client, make_lesson):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    client.force_login(TeacherFactory())

    assert client.get(url(lesson), **HTMX).status_code == 404


def test_admin_sees_every_question(client, make_lesson):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    ask(lesson, title="Published question")
    ask(lesson, title="Hidden question", status=Status.HIDDEN)
    client.force_login(AdminFactory())

    content = client.get(url(lesson), **HTMX).content.decode()

    assert "Published question" in content
    assert "Hidden question" in content


def test_askers_see_their_own_held_and_hidden_questions_marked_others_do_not(
    client, make_lesson
):
    lesson = make_lesson()
    asker = UserFactory()
    ask(lesson, title="My held one", author=asker, status=Status.HELD)
    ask(lesson, title="My hidden one", author=asker, status=Status.HIDDEN)
    ask(lesson, title="Someone's hidden one", status=Status.HIDDEN)
    client.force_login(asker)

    mine = client.get(url(lesson), **HTMX).content.decode()
    client.force_login(UserFactory())
    others = client.get(url(lesson), **HTMX).content.decode()

    assert "My held one" in mine
    assert "Held for review" in mine
    assert "My hidden one" in mine
    assert "Hidden</span>" in mine
    assert "Someone&#x27;s hidden one" not in mine
    assert "My held one" not in others
    assert "My hidden one" not in others


def test_questions_list_newest_first_with_their_answers_likes_and_state(
    client, make_lesson
):
    lesson = make_lesson()
    older = ask(lesson, title="Older question")
    newer = ask(lesson, title="Newer question")
    answer = CommentFactory(post=older)
    CommentFactory(post=older)
    CommentFactory(post=older, status=Status.HIDDEN)
    older.accepted_answer = answer
    older.save()
    LikeFactory(post=newer)

    content = client.get(url(lesson), **HTMX).content.decode()

    newer_at, older_at = content.index("Newer question"), content.index("Older")
    assert newer_at < older_at
    assert "0 answers" in content[newer_at:older_at]
    assert "1 like" in content[newer_at:older_at]
    assert "Answered" not in content[newer_at:older_at]
    assert "2 answers" in content[older_at:]
    assert "Answered" in content[older_at:]


def test_questions_of_other_lessons_are_not_listed(client, make_lesson):
    lesson, other = make_lesson(), make_lesson()
    ask(other, title="Elsewhere")

    content = client.get(url(lesson), **HTMX).content.decode()

    assert "Elsewhere" not in content
    assert "No questions yet." in content


def test_unpublished_lessons_have_no_questions_panel(client, make_lesson):
    lesson = make_lesson()
    lesson.unpublish()

    assert client.get(url(lesson), **HTMX).status_code == 404
    assert client.get("/community/lessons/999999/questions/").status_code == 404


def test_the_lesson_page_loads_the_panel_only_for_its_readers(client, make_lesson):
    open_lesson = make_lesson()
    gated_lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)

    shown = client.get(open_lesson.url).content.decode()
    locked = client.get(gated_lesson.url).content.decode()

    assert f'hx-get="{url(open_lesson)}"' in shown
    assert 'hx-trigger="revealed"' in shown
    assert f'href="{url(open_lesson)}"' in shown  # without JavaScript
    assert url(gated_lesson) not in locked


def test_the_lesson_page_panel_costs_no_query(make_lesson, django_assert_num_queries):
    lesson = make_lesson()
    request = RequestFactory().get(lesson.url)

    with django_assert_num_queries(0):
        html = lesson_questions_panel(request, lesson)

    assert url(lesson) in html


def many_questions(lesson: LessonPage, count: int) -> None:
    for number in range(count):
        question = ask(lesson, title=f"Question {number}", tags=["knots"])
        CommentFactory(post=question)
        LikeFactory(post=question)


@pytest.mark.parametrize(("questions", "shown"), [(5, 5), (50, 20)])
def test_panel_query_budget(
    client, make_lesson, questions, shown, django_assert_max_num_queries
):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    student = enrolled_student(lesson)
    many_questions(lesson, questions)
    client.force_login(student)
    client.get(url(lesson), **HTMX)

    with django_assert_max_num_queries(PANEL_BUDGET):
        response = client.get(url(lesson), **HTMX)

    assert response.content.decode().count('data-testid="lesson-question"') == shown


@pytest.mark.parametrize("questions", [25, 60])
def test_a_further_page_of_questions_costs_the_same(
    client, make_lesson, questions, django_assert_max_num_queries
):
    lesson = make_lesson(CoursePage.AccessLevel.PURCHASE)
    many_questions(lesson, questions)
    client.force_login(enrolled_student(lesson))
    client.get(f"{url(lesson)}?page=2", **HTMX)

    with django_assert_max_num_queries(PANEL_BUDGET):
        response = client.get(f"{url(lesson)}?page=2", **HTMX)

    assert response.content.decode().count('data-testid="lesson-question"') == min(
        questions - 20, 20
    )


def test_questions_page_newest_first_twenty_at_a_time(client, make_lesson):
    lesson = make_lesson()
    for number in range(45):
        ask(lesson, title=f"Question {number:02}")

    panel = client.get(url(lesson), **HTMX).content.decode()
    second = client.get(f"{url(lesson)}?page=2", **HTMX)
    third = client.get(f"{url(lesson)}?page=3", **HTMX).content.decode()
    plain = client.get(f"{url(lesson)}?page=2").content.decode()

    assert panel.count('data-testid="lesson-question"') == 20
    assert "Question 44" in panel
    assert "Question 25" in panel
    assert "Question 24" not in panel
    # The next page's link names the panel's own URL: the panel sits in
    # the lesson's page, whose URL is another.
    assert f'hx-get="{url(lesson)}?page=2"' in panel
    assert f'href="{url(lesson)}?page=2">More questions</a>' in panel
    # HTMX gets the next page's questions alone, for the end of the list.
    second_html = second.content.decode()
    assert second.status_code == 200
    assert 'id="lesson-questions"' not in second_html
    assert "Question 24" in second_html
    assert "Question 05" in second_html
    assert "Question 25" not in second_html
    assert f"{url(lesson)}?page=3" in second_html
    assert third.count('data-testid="lesson-question"') == 5
    assert "More questions" not in third
    # Without scripts, the link opens the whole page at that page.
    assert "<html" in plain
    assert "Question 24" in plain
    assert "Question 25" not in plain

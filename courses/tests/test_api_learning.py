"""
The REST API's learning: my enrollments with progress, lessons completed,
quizzes scored on the server, certificates claimed; and lists whose query
counts stay flat as they grow.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from courses.factories import quiz_block_value
from courses.models import (
    Certificate,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

PAID = {"access_level": CoursePage.AccessLevel.PURCHASE, "price": 9, "currency": "USD"}

# Two questions: the second needs both even numbers chosen.
QUIZ = quiz_block_value()
QUIZ["questions"].append(
    {
        "prompt": "Even numbers?",
        "explanation": "Divisible by two.",
        "choices": [
            {"text": "2", "correct": True},
            {"text": "3", "correct": False},
            {"text": "4", "correct": True},
        ],
    }
)


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


@pytest.fixture
def quiz_lesson(make_course):
    course = make_course()
    lesson = lessons_of(course)[0]
    lesson.body = [("quiz", QUIZ)]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def attempts_url(lesson, block_id=None) -> str:
    return (
        f"/api/v1/lessons/{lesson.pk}/quizzes/{block_id or lesson.body[0].id}/attempts"
    )


def answer(client, lesson, answers, block_id=None):
    return client.post(
        attempts_url(lesson, block_id),
        {"answers": answers},
        content_type="application/json",
    )


def complete(user, course, lessons) -> None:
    for lesson in lessons:
        LessonProgress.objects.create(
            user=user, lesson=lesson, course=course, completed_at=timezone.now()
        )


# Completing lessons


def test_a_student_completes_a_lesson_and_sees_their_progress(api_client, make_course):
    course = make_course()
    first, _second = lessons_of(course)
    student = UserFactory()
    client = api_client(student)
    url = f"/api/v1/lessons/{first.pk}/completion"

    response = client.post(url)

    assert response.status_code == 201
    data = response.json()
    assert data["lesson"]["id"] == first.pk
    assert data["progress"]["completed"] == 1
    assert data["progress"]["total"] == 2
    assert data["progress"]["percentage"] == 50
    assert LessonProgress.objects.get(user=student).completed_at is not None
    # Again: it already was.
    assert client.post(url).status_code == 200


def test_completing_a_locked_lesson_is_refused(api_client, make_course):
    lesson = lessons_of(make_course(**PAID))[0]

    response = api_client(UserFactory()).post(f"/api/v1/lessons/{lesson.pk}/completion")

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_those_who_oversee_a_course_leave_no_progress(api_client, make_course, role):
    course = make_course()
    lesson = lessons_of(course)[0]
    user = course.owner if role == "owner" else AdminFactory()

    response = api_client(user).post(f"/api/v1/lessons/{lesson.pk}/completion")

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_a_lesson_with_a_quiz_is_complete_once_it_is_passed(api_client, quiz_lesson):
    client = api_client(UserFactory())
    url = f"/api/v1/lessons/{quiz_lesson.pk}/completion"

    response = client.post(url)

    assert response.status_code == 400
    assert "Pass the quiz" in response.json()["message"]
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_completion_needs_a_token(api_client, make_course):
    lesson = lessons_of(make_course())[0]

    response = api_client().post(f"/api/v1/lessons/{lesson.pk}/completion")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_completing_an_unknown_lesson_is_not_found(api_client, make_course):
    make_course()

    response = api_client(UserFactory()).post("/api/v1/lessons/999999/completion")

    assert response.status_code == 404


# Bookmarks and notes


def notes_url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/notes"


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_a_student_bookmarks_a_lesson_keeps_notes_and_lists_them(
    api_client, make_course
):
    course = make_course()
    first, _second = lessons_of(course)
    student = UserFactory()
    client = api_client(student)

    bookmarked = patch(client, notes_url(first), {"bookmarked": True})
    noted = patch(client, notes_url(first), {"note": "Roots drink."})

    assert bookmarked.status_code == noted.status_code == 200
    data = noted.json()
    assert (data["bookmarked"], data["note"]) == (True, "Roots drink.")
    assert (data["lesson"]["id"], data["course"]["id"]) == (first.pk, course.pk)
    [listed] = client.get("/api/v1/learning/notes").json()["results"]
    assert (listed["lesson"]["id"], listed["note"]) == (first.pk, "Roots drink.")
    assert (
        api_client(UserFactory()).get("/api/v1/learning/notes").json()["results"] == []
    )


@pytest.mark.parametrize("who", ["not enrolled", "owner", "admin"])
def test_notes_on_a_lesson_one_may_not_read_or_oversees_are_refused(
    api_client, make_course, who
):
    course = make_course(**PAID)
    user = {"not enrolled": UserFactory, "admin": AdminFactory}.get(
        who, lambda: course.owner
    )()

    response = patch(api_client(user), notes_url(lessons_of(course)[0]), {"note": "x"})

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    "payload", [{"note": "x" * 10_001}, {"bookmarked": "perhaps"}, {"note": 5}]
)
def test_malformed_notes_are_refused_and_the_old_ones_kept(
    api_client, make_course, payload
):
    lesson = lessons_of(make_course())[0]
    client = api_client(UserFactory())
    patch(client, notes_url(lesson), {"note": "Roots drink."})

    response = patch(client, notes_url(lesson), payload)

    assert response.status_code == 422
    assert LessonProgress.objects.get().note == "Roots drink."


def test_notes_need_a_token(api_client, make_course):
    lesson = lessons_of(make_course())[0]

    assert patch(api_client(), notes_url(lesson), {"note": "x"}).status_code == 401
    assert api_client().get("/api/v1/learning/notes").status_code == 401


# Quizzes


def test_a_quiz_is_scored_on_the_server(api_client, quiz_lesson):
    student = UserFactory()

    response = answer(api_client(student), quiz_lesson, {"q0": [1], "q1": [0]})

    assert response.status_code == 201
    data = response.json()
    assert data["kept"] is True
    assert (data["score"], data["max_score"], data["percentage"]) == (1, 2, 50)
    assert data["passed"] is True
    # Passing the lesson's only quiz completes it.
    assert data["completed_lesson"] is True
    standing = data["standing"]
    assert standing["tries"] == 1
    assert standing["last"]["answers"] == [[1], [0]]
    # Explained where answered right; not where wrong, which would give it away.
    assert standing["results"] == [
        {"prompt": "2 + 2?", "right": True, "explanation": "Count on your fingers."},
        {"prompt": "Even numbers?", "right": False, "explanation": ""},
    ]
    attempt = QuizAttempt.objects.get(user=student)
    assert (attempt.score, attempt.max_score) == (1, 2)
    assert LessonProgress.objects.get(user=student).completed_at is not None


def test_the_lesson_shows_a_students_last_try(api_client, quiz_lesson):
    client = api_client(UserFactory())
    answer(client, quiz_lesson, {"q0": [0]})

    [quiz] = client.get(f"/api/v1/lessons/{quiz_lesson.pk}").json()["quizzes"]

    assert quiz["tries"] == 1
    assert quiz["passed"] is False
    assert quiz["tries_left"] == 2
    assert quiz["last"]["score"] == 0


def test_a_teachers_answers_are_checked_not_kept(api_client, quiz_lesson):
    teacher = quiz_lesson.get_course().owner

    response = answer(api_client(teacher), quiz_lesson, {"q0": [1], "q1": [0, 2]})

    assert response.status_code == 200
    assert response.json()["kept"] is False
    assert response.json()["score"] == 2
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({"q0": [7]}, 400),  # no such choice
        ({"q0": [-1]}, 400),
        ({"q9": [0]}, 400),  # no such question
        ({"anything": [0]}, 400),
        ({"q0": ["one"]}, 422),
        ({"q0": 1}, 422),
        ([1, 0], 422),
        ("q0", 422),
        (None, 422),
        ({"q0": [10**30]}, 400),
        ({f"q{n}": [0] for n in range(101)}, 422),
    ],
)
def test_malformed_answers_are_refused_and_nothing_is_kept(
    api_client, quiz_lesson, answers, status
):
    response = answer(api_client(UserFactory()), quiz_lesson, answers)

    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "fields", "detail"}
    assert not QuizAttempt.objects.exists()


def test_a_body_that_is_not_json_is_refused(api_client, quiz_lesson):
    response = api_client(UserFactory()).post(
        attempts_url(quiz_lesson), "{not json", content_type="application/json"
    )

    assert response.status_code in (400, 422)
    assert not QuizAttempt.objects.exists()


def test_unknown_quizzes_are_not_found(api_client, quiz_lesson):
    client = api_client(UserFactory())

    unknown = answer(client, quiz_lesson, {}, "00000000-0000-0000-0000-000000000000")
    not_an_id = answer(client, quiz_lesson, {}, "quiz")

    assert unknown.status_code == 404
    assert not_an_id.status_code == 422


def test_a_student_who_may_not_read_the_lesson_cannot_take_its_quiz(
    api_client, make_course
):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    lesson.body = [("quiz", QUIZ)]
    lesson.save_revision().publish()
    lesson.refresh_from_db()

    for user in (UserFactory(), TeacherFactory()):
        response = answer(api_client(user), lesson, {"q0": [1]})
        assert response.status_code == 403
        # The right answers stay hidden even in a refusal.
        assert "Count on your fingers." not in response.content.decode()
    assert not QuizAttempt.objects.exists()


# My learning


def test_my_enrollments_with_progress(api_client, make_course):
    course = make_course(title="Knitting")
    other = make_course(title="Weaving")
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    Enrollment.objects.create(user=UserFactory(), course=other, source="free")
    complete(student, course, lessons_of(course)[:1])

    response = api_client(student).get("/api/v1/learning/enrollments")

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["course"]["title"] == "Knitting"
    assert item["course"]["url"] == f"http://testserver/api/v1/courses/{course.pk}"
    assert item["progress"]["completed"] == 1
    assert item["progress"]["total"] == 2
    assert item["certificate"] is None


def test_my_enrollments_come_a_page_at_a_time_with_their_progress(
    api_client, make_course
):
    student = UserFactory()
    courses = [make_course(title=title) for title in ("Clay", "Glaze", "Kiln")]
    for course in courses:
        Enrollment.objects.create(user=student, course=course, source="free")
    complete(student, courses[0], lessons_of(courses[0]))

    client = api_client(student)
    first = client.get("/api/v1/learning/enrollments?page_size=2").json()
    second = client.get("/api/v1/learning/enrollments?page_size=2&page=2").json()

    assert first["count"] == 3
    assert [item["course"]["title"] for item in first["results"]] == ["Kiln", "Glaze"]
    assert first["next"].endswith("page=2")
    [oldest] = second["results"]
    assert oldest["course"]["title"] == "Clay"
    assert (oldest["progress"]["completed"], oldest["progress"]["total"]) == (2, 2)
    assert second["next"] is None


def test_my_learning_needs_a_token(api_client):
    assert api_client().get("/api/v1/learning/enrollments").status_code == 401
    assert api_client().get("/api/v1/learning/certificates").status_code == 401


# Certificates


def test_a_student_who_completed_a_course_claims_its_certificate(
    api_client, make_course
):
    course = make_course(title="Knitting")
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    complete(student, course, lessons_of(course))
    client = api_client(student)
    url = f"/api/v1/courses/{course.pk}/certificate"

    response = client.post(
        url, {"name": "Ada Lovelace"}, content_type="application/json"
    )

    assert response.status_code == 201
    data = response.json()
    certificate = Certificate.objects.get(user=student)
    assert data["id"] == certificate.pk
    assert data["student_name"] == "Ada Lovelace"
    assert data["course_title"] == "Knitting"
    assert data["html_url"] == f"http://testserver{certificate.get_absolute_url()}"
    # Issued once: a later claim keeps the name.
    again = client.post(url, {"name": "Someone Else"}, content_type="application/json")
    assert again.status_code == 200
    assert again.json()["student_name"] == "Ada Lovelace"
    # Mine, listed and by id; nobody else's.
    listed = client.get("/api/v1/learning/certificates").json()["results"]
    assert [item["id"] for item in listed] == [certificate.pk]
    assert client.get(data["url"].removeprefix("http://testserver")).status_code == 200
    other = api_client(UserFactory())
    assert (
        other.get(f"/api/v1/learning/certificates/{certificate.pk}").status_code == 404
    )
    assert other.get("/api/v1/learning/certificates").json()["count"] == 0
    # The course's enrollment shows it.
    [item] = client.get("/api/v1/learning/enrollments").json()["results"]
    assert item["certificate"]["id"] == certificate.pk


def test_a_certificate_needs_every_lesson_completed(api_client, make_course):
    course = make_course()
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    complete(student, course, lessons_of(course)[:1])

    response = api_client(student).post(
        f"/api/v1/courses/{course.pk}/certificate",
        {"name": "Ada"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "Complete every lesson" in response.json()["message"]
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, None])
def test_a_certificate_needs_a_name(api_client, make_course, name):
    course = make_course()
    student = UserFactory()
    complete(student, course, lessons_of(course))

    response = api_client(student).post(
        f"/api/v1/courses/{course.pk}/certificate",
        {"name": name},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "name" in response.json()["fields"]
    assert not Certificate.objects.exists()


# Lists stay within a fixed number of queries


def thumbnail() -> Image:
    buffer = BytesIO()
    PillowImage.new("RGB", (64, 36), "teal").save(buffer, "PNG")
    image = Image(title="Thumb", file=ImageFile(buffer, name="thumb.png"))
    image.save()
    return image


def queries(client, url: str) -> int:
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/api/v1/courses", "/api/v1/courses?q=course"])
def test_catalog_queries_stay_flat(api_client, make_course, url):
    student = UserFactory()
    client = api_client(student)
    counts = []
    for size in (2, 6):
        while CoursePage.objects.count() < size:
            course = make_course(thumbnail=thumbnail())
            course.co_teachers.add(TeacherFactory())
            course.save_revision().publish()
            Enrollment.objects.create(user=student, course=course, source="free")
        counts.append(queries(client, url))

    assert counts[0] == counts[1]


def test_learning_lists_queries_stay_flat(api_client, make_course):
    student = UserFactory()
    client = api_client(student)
    counts = {"enrollments": [], "certificates": [], "subjects": [], "notes": []}
    for size in (2, 6):
        while CoursePage.objects.count() < size:
            course = make_course()
            Enrollment.objects.create(user=student, course=course, source="free")
            complete(student, course, lessons_of(course))
            LessonProgress.objects.filter(course=course).update(
                bookmarked=True, note="Again."
            )
            Certificate.objects.create(
                user=student, course=course, student_name="A", course_title="C"
            )
        for name, url in (
            ("enrollments", "/api/v1/learning/enrollments"),
            ("certificates", "/api/v1/learning/certificates"),
            ("notes", "/api/v1/learning/notes"),
            ("subjects", "/api/v1/subjects"),
        ):
            counts[name].append(queries(client, url))

    for name, (small, large) in counts.items():
        assert small == large, name

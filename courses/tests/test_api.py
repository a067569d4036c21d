"""
The REST API's subjects, courses and lessons: the catalog as its page
shows it, and lesson bodies only for those the course rule lets read them,
whichever door they knock at.
"""

import json

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from allauth.account.models import EmailAddress

from courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    SubjectFactory,
    quiz_block_value,
)
from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress
from media_library.factories import MP4_BYTES, MediaAssetFactory, uploaded
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

OPEN, EMAIL, MEMBERS, PURCHASE = CoursePage.AccessLevel
# Every lesson the factories make says this; no locked response may.
SECRET = "secret of this lesson"


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def make_paid(make_course, **fields) -> CoursePage:
    return make_course(access_level=PURCHASE, price=9, currency="USD", **fields)


def verified_member():
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


# Who asks, for a course: None is an anonymous visitor.
ROLES = {
    "anonymous": lambda course: None,
    "student": lambda course: UserFactory(),
    "verified student": lambda course: verified_member(),
    "enrolled student": lambda course: (
        Enrollment.objects.create(
            user=UserFactory(), course=course, source="purchase"
        ).user
    ),
    "owner teacher": lambda course: course.owner,
    "other teacher": lambda course: TeacherFactory(),
    "admin": lambda course: AdminFactory(),
}
STAFF = {"owner teacher", "admin"}
# Who reads a lesson's body, per access level (courses/tests/test_access.py).
READERS = {
    OPEN: set(ROLES),
    EMAIL: {"verified student", "enrolled student", *STAFF},
    MEMBERS: {"student", "verified student", "enrolled student", "other teacher"}
    | STAFF,
    PURCHASE: {"enrolled student", *STAFF},
}
# What would unlock it for the others.
UNLOCK = {
    (EMAIL, "anonymous"): "verify_email",
    (EMAIL, "student"): "verify_email",
    (EMAIL, "other teacher"): "verify_email",
    (MEMBERS, "anonymous"): "sign_in",
    (PURCHASE, "anonymous"): "purchase",
    (PURCHASE, "student"): "purchase",
    (PURCHASE, "verified student"): "purchase",
    (PURCHASE, "other teacher"): "purchase",
}


# Subjects


def test_subjects_are_listed_by_name_with_links(api_client):
    SubjectFactory(name="Music", slug="music")
    SubjectFactory(name="Art", slug="art")

    response = api_client().get("/api/v1/subjects")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    art = data["results"][0]
    assert art["name"] == "Art"
    assert art["url"] == f"http://testserver/api/v1/subjects/{art['id']}"
    assert art["courses_url"] == "http://testserver/api/v1/courses?subject=art"


def test_subject_detail_and_unknown_subject(api_client):
    subject = SubjectFactory(name="Music", description="Sound.")

    assert api_client().get(f"/api/v1/subjects/{subject.pk}").json()["description"] == (
        "Sound."
    )
    response = api_client().get(f"/api/v1/subjects/{subject.pk + 1}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# The catalog


def test_catalog_lists_published_public_courses_as_the_page_does(
    api_client, make_course, course_index, teacher
):
    shown = make_course(title="Shown", summary="Learn to knit.")
    draft = make_course(title="Draft")
    draft.unpublish()

    response = api_client().get("/api/v1/courses")

    assert response.status_code == 200
    data = response.json()
    assert [course["title"] for course in data["results"]] == ["Shown"]
    course = data["results"][0]
    assert course["id"] == shown.pk
    assert course["url"] == f"http://testserver/api/v1/courses/{shown.pk}"
    assert course["html_url"] == f"http://testserver{shown.url}"
    assert course["summary"] == "Learn to knit."
    assert course["subject"]["name"] == shown.subject.name
    assert course["access_level"] == "open"
    assert course["coming_soon"] is False
    assert course["teachers"] == [
        {
            "id": teacher.pk,
            "handle": teacher.handle,
            "display_name": teacher.name,
            "html_url": f"http://testserver{teacher.get_absolute_url()}",
        }
    ]
    # Anonymous visitors have no enrollments to speak of.
    assert course["enrolled"] is None


def test_catalog_lists_co_teachers_after_the_owner(api_client, make_course, teacher):
    course = make_course()
    co_teacher = TeacherFactory()
    gone = TeacherFactory(is_active=False)
    course.co_teachers.add(co_teacher, gone)
    course.save_revision().publish()

    data = api_client().get("/api/v1/courses").json()

    assert [t["id"] for t in data["results"][0]["teachers"]] == [
        teacher.pk,
        co_teacher.pk,
    ]


def test_catalog_says_which_courses_the_viewer_is_enrolled_in(api_client, make_course):
    joined, _other = make_course(title="A"), make_course(title="B")
    student = UserFactory()
    Enrollment.objects.create(user=student, course=joined, source="free")

    results = api_client(student).get("/api/v1/courses").json()["results"]

    assert {c["title"]: c["enrolled"] for c in results} == {"A": True, "B": False}


def test_catalog_filters_as_its_page_does(api_client, make_course):
    music = SubjectFactory(name="Music", slug="music")
    other_teacher = TeacherFactory()
    make_course(title="Piano", subject=music, level="advanced")
    make_paid(make_course, title="Violin", subject=music, owner=other_teacher)
    make_course(title="Pottery", access_level=MEMBERS)
    client = api_client()

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/v1/courses?{query}")
        assert response.status_code == 200, response.json()
        return [course["title"] for course in response.json()["results"]]

    assert titles("subject=music") == ["Piano", "Violin"]
    assert titles("access_level=members") == ["Pottery"]
    assert titles("level=advanced") == ["Piano"]
    assert titles(f"teacher={other_teacher.pk}") == ["Violin"]
    assert titles("q=violin") == ["Violin"]
    # Still typing: titles that start with the word.
    assert titles("q=pott") == ["Pottery"]
    assert titles("q=%21%21") == []


def test_catalog_sorts_newest_first(api_client, make_course):
    make_course(title="Older")
    make_course(title="Newer")

    results = api_client().get("/api/v1/courses?sort=newest").json()["results"]

    assert [course["title"] for course in results] == ["Newer", "Older"]


@pytest.mark.parametrize(
    ("query", "field", "status"),
    [
        ("subject=nothing", "subject", 400),
        ("teacher=999999", "teacher", 400),
        (f"teacher={2**63}", "teacher", 422),
        ("access_level=free", "access_level", 422),
        ("sort=price", "sort", 422),
        ("q=" + "x" * 101, "q", 422),
        ("q=%00", "q", 400),
        ("page=0", "page", 422),
        ("page_size=101", "page_size", 422),
    ],
)
def test_catalog_refuses_bad_filters_with_the_error_shape(
    api_client, make_course, query, field, status
):
    make_course()

    response = api_client().get(f"/api/v1/courses?{query}")

    assert response.status_code == status
    assert field in response.json()["fields"]


def test_catalog_pages(api_client, make_course):
    for title in "ABC":
        make_course(title=title)

    data = api_client().get("/api/v1/courses?page_size=2&page=2").json()

    assert data["count"] == 3
    assert [course["title"] for course in data["results"]] == ["C"]
    assert data["next"] is None
    assert "page=1" in data["previous"]


def test_search_results_page_and_count_without_fetching_them_all(
    api_client, make_course
):
    for number in range(3):
        make_course(title=f"Weaving {number}")

    data = api_client().get("/api/v1/courses?q=weaving&page_size=2").json()

    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"] is not None


def test_without_a_catalog_the_list_is_empty(api_client):
    assert api_client().get("/api/v1/courses").json()["count"] == 0


# A course


def test_course_detail_shows_the_outline_to_anyone(api_client, make_course):
    course = make_paid(make_course, overview="<p>All about bees.</p>")
    first, second = lessons_of(course)
    second.free_preview = True
    second.save_revision().publish()

    response = api_client().get(f"/api/v1/courses/{course.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["overview"] == "<p>All about bees.</p>"
    assert data["price"] == "9.00"
    assert data["currency"] == "USD"
    [module] = data["modules"]
    assert [
        (lesson["id"], lesson["free_preview"], lesson["readable"])
        for lesson in module["lessons"]
    ] == [(first.pk, False, False), (second.pk, True, True)]
    assert module["lessons"][0]["url"] == f"http://testserver/api/v1/lessons/{first.pk}"
    assert data["viewer"] == {
        "can_read": False,
        "unlock": "purchase",
        "prerequisites_missing": [],
        "grant": None,
        "enrolled": False,
        "can_enroll": False,
        "can_leave": False,
        "takes_enrollments": True,
        "teaches": False,
    }
    assert data["progress"] is None
    assert SECRET not in response.content.decode()


def test_course_detail_hides_unpublished_modules(api_client, make_course):
    course = make_course()
    hidden = ModulePageFactory(parent=course, owner=course.owner, title="Later")
    LessonPageFactory(parent=hidden, owner=course.owner, title="Not yet")
    hidden.unpublish()

    data = api_client(course.owner).get(f"/api/v1/courses/{course.pk}").json()

    first_module = lessons_of(course)[0].get_parent()
    assert [module["title"] for module in data["modules"]] == [first_module.title]


def test_course_detail_for_an_enrolled_student_has_progress(api_client, make_course):
    course = make_course()
    first, _second = lessons_of(course)
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    LessonProgress.objects.create(
        user=student, lesson=first, course=course, completed_at="2024-01-01T00:00Z"
    )

    data = api_client(student).get(f"/api/v1/courses/{course.pk}").json()

    assert data["enrolled"] is True
    assert data["viewer"]["grant"] == "You are enrolled."
    assert data["viewer"]["can_leave"] is True
    assert data["progress"]["completed"] == 1
    assert data["progress"]["total"] == 2
    assert data["progress"]["percentage"] == 50
    assert data["progress"]["resume"]["id"] == first.pk
    assert [lesson["completed"] for lesson in data["modules"][0]["lessons"]] == [
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("role", "can_enroll", "teaches"),
    [
        ("anonymous", False, False),
        ("student", True, False),
        ("owner teacher", True, True),
        ("other teacher", True, False),
        ("admin", True, True),
    ],
)
def test_course_detail_says_what_the_viewer_may_do(
    api_client, make_course, role, can_enroll, teaches
):
    course = make_course(access_level=MEMBERS)
    user = ROLES[role](course)

    viewer = api_client(user).get(f"/api/v1/courses/{course.pk}").json()["viewer"]

    assert viewer["can_enroll"] is can_enroll
    assert viewer["teaches"] is teaches
    assert viewer["can_read"] is (role != "anonymous")
    assert viewer["unlock"] == (None if role != "anonymous" else "sign_in")


def test_unpublished_and_private_courses_are_not_found_even_by_their_teacher(
    api_client, make_course
):
    draft = make_course()
    draft.unpublish()
    private = make_course()
    private.view_restrictions.create(restriction_type="password", password="x")

    for course in (draft, private):
        for user in (None, course.owner, AdminFactory()):
            response = api_client(user).get(f"/api/v1/courses/{course.pk}")
            assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/subjects/{id}"),
        ("get", "/api/v1/courses/{id}"),
        ("post", "/api/v1/courses/{id}/enrollment"),
        ("delete", "/api/v1/courses/{id}/enrollment"),
        ("get", "/api/v1/lessons/{id}"),
        ("post", "/api/v1/lessons/{id}/completion"),
        ("get", "/api/v1/learning/certificates/{id}"),
    ],
)
def test_ids_no_database_holds_are_refused_not_looked_up(api_client, method, path):
    client = api_client(UserFactory())

    response = getattr(client, method)(path.format(id=10**30))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_unknown_course_is_not_found(api_client, make_course):
    lesson = lessons_of(make_course())[0]

    assert api_client().get("/api/v1/courses/999999").status_code == 404
    # A lesson is not a course.
    assert api_client().get(f"/api/v1/courses/{lesson.pk}").status_code == 404


# Enrolling and leaving


def test_a_student_enrolls_and_leaves(api_client, make_course):
    course = make_course(access_level=MEMBERS)
    student = UserFactory()
    client = api_client(student)
    url = f"/api/v1/courses/{course.pk}/enrollment"

    response = client.post(url)
    assert response.status_code == 201
    assert response.json()["course"]["id"] == course.pk
    assert response.json()["source"] == "free"
    assert Enrollment.objects.filter(user=student, course=course).exists()
    # Again: already enrolled.
    assert client.post(url).status_code == 200

    assert client.delete(url).status_code == 204
    assert not Enrollment.objects.filter(user=student, course=course).exists()
    # Nothing left to leave.
    response = client.delete(url)
    assert response.status_code == 400
    assert "not enrolled" in response.json()["message"]


def test_anonymous_visitors_must_sign_in_to_enroll(api_client, make_course):
    course = make_course()

    response = api_client().post(f"/api/v1/courses/{course.pk}/enrollment")

    assert response.status_code == 401
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"access_level": PURCHASE, "price": 9, "currency": "USD"}, "not open for"),
        ({"access_level": EMAIL}, "not open for"),
        ({"availability": "coming_soon"}, "not open yet"),
    ],
)
def test_enrollment_is_refused_where_the_course_does_not_allow_it(
    api_client, make_course, fields, message
):
    course = make_course(**fields)

    response = api_client(UserFactory()).post(f"/api/v1/courses/{course.pk}/enrollment")

    assert response.status_code == 403
    assert message in response.json()["message"]
    assert not Enrollment.objects.exists()


def test_a_bought_course_cannot_be_left(api_client, make_course):
    course = make_paid(make_course)
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="purchase")

    response = api_client(student).delete(f"/api/v1/courses/{course.pk}/enrollment")

    assert response.status_code == 403
    assert Enrollment.objects.filter(user=student).exists()


def test_enrolling_in_an_unpublished_course_is_not_found(api_client, make_course):
    course = make_course()
    course.unpublish()

    response = api_client(UserFactory()).post(f"/api/v1/courses/{course.pk}/enrollment")

    assert response.status_code == 404


# Lessons: who reads the body


@pytest.mark.parametrize("level", list(READERS))
@pytest.mark.parametrize("role", list(ROLES))
def test_lesson_access_matrix(api_client, make_course, level, role):
    course = make_course(
        access_level=level, price=9 if level == PURCHASE else None, currency="USD"
    )
    lesson = lessons_of(course)[0]
    client = api_client(ROLES[role](course))

    response = client.get(f"/api/v1/lessons/{lesson.pk}")

    if role in READERS[level]:
        assert response.status_code == 200
        assert response.json()["body"][0]["type"] == "paragraph"
        assert SECRET in response.json()["body"][0]["value"]
    else:
        assert response.status_code == 403
        data = response.json()
        assert data["code"] == "locked"
        assert data["detail"]["unlock"] == UNLOCK[level, role]
        assert data["detail"]["lesson"]["title"] == "First steps"
        assert SECRET not in response.content.decode()


def test_a_locked_lesson_says_where_to_unlock_it(api_client, make_course):
    course = make_course(access_level=MEMBERS)
    lesson = lessons_of(course)[0]

    detail = api_client().get(f"/api/v1/lessons/{lesson.pk}").json()["detail"]

    assert detail["links"] == {
        "course": f"http://testserver/api/v1/courses/{course.pk}",
        "course_html": f"http://testserver{course.url}",
        "sign_in": "http://testserver/accounts/login/",
    }
    assert detail["lesson"]["summary"] == "What this lesson is about."


def test_a_free_preview_is_read_by_anyone(api_client, make_course):
    course = make_paid(make_course)
    lesson = lessons_of(course)[0]
    lesson.free_preview = True
    lesson.save_revision().publish()

    response = api_client().get(f"/api/v1/lessons/{lesson.pk}")

    assert response.status_code == 200
    assert SECRET in response.json()["body"][0]["value"]


@pytest.mark.parametrize("role", ["anonymous", "enrolled student", "other teacher"])
def test_a_coming_soon_course_locks_its_lessons_free_previews_too(
    api_client, make_course, role
):
    course = make_course(availability="coming_soon")
    lesson = lessons_of(course)[0]
    lesson.free_preview = True
    lesson.save_revision().publish()

    response = api_client(ROLES[role](course)).get(f"/api/v1/lessons/{lesson.pk}")

    assert response.status_code == 403
    assert response.json()["detail"]["unlock"] == "coming_soon"
    assert SECRET not in response.content.decode()


def test_the_owner_reads_a_coming_soon_course(api_client, make_course):
    course = make_course(availability="coming_soon")
    lesson = lessons_of(course)[0]

    assert (
        api_client(course.owner).get(f"/api/v1/lessons/{lesson.pk}").status_code == 200
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_lessons_of_unpublished_modules_courses_or_drafts_are_not_found(
    api_client, make_course, role
):
    course = make_course()
    user = ROLES[role](course)
    hidden_module = ModulePageFactory(parent=course, owner=course.owner)
    in_hidden_module = LessonPageFactory(parent=hidden_module, owner=course.owner)
    hidden_module.unpublish()
    draft = LessonPageFactory(parent=lessons_of(course)[0].get_parent())
    draft.unpublish()
    hidden_course = make_course()
    in_hidden_course = lessons_of(hidden_course)[0]
    hidden_course.unpublish()
    client = api_client(user)

    for lesson in (in_hidden_module, draft, in_hidden_course):
        response = client.get(f"/api/v1/lessons/{lesson.pk}")
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


def test_unknown_lesson_is_not_found(api_client, make_course):
    course = make_course()

    assert api_client().get("/api/v1/lessons/999999").status_code == 404
    # A course is not a lesson.
    assert api_client().get(f"/api/v1/lessons/{course.pk}").status_code == 404


def test_a_lesson_shows_its_place_in_the_course(api_client, make_course):
    course = make_course()
    first, second = lessons_of(course)

    data = api_client().get(f"/api/v1/lessons/{second.pk}").json()

    assert data["course"]["id"] == course.pk
    assert data["module"]["id"] == second.get_parent().pk
    assert data["previous"]["id"] == first.pk
    assert data["next"] is None
    assert data["completed"] is False
    assert data["progress"]["total"] == 2


def test_reading_a_lesson_is_where_a_student_resumes(api_client, make_course):
    course = make_course()
    lesson = lessons_of(course)[1]
    student = UserFactory()

    api_client(student).get(f"/api/v1/lessons/{lesson.pk}")
    api_client(course.owner).get(f"/api/v1/lessons/{lesson.pk}")

    # Teachers reading their course leave no trace.
    assert list(LessonProgress.objects.values_list("user", "lesson")) == [
        (student.pk, lesson.pk)
    ]


# Lesson bodies as structured blocks


def test_rich_text_links_are_expanded(api_client, make_course):
    course = make_course()
    first, second = lessons_of(course)
    second.body = [
        ("paragraph", f'<p>See <a linktype="page" id="{first.pk}">the first</a>.</p>'),
        (
            "callout",
            {
                "kind": "tip",
                "text": f'<p><a linktype="page" id="{first.pk}">Go</a></p>',
            },
        ),
        ("heading", {"text": "Why", "size": "h2"}),
        ("code", {"language": "python", "code": "print(1)"}),
    ]
    second.save_revision().publish()

    body = api_client().get(f"/api/v1/lessons/{second.pk}").json()["body"]

    assert [block["type"] for block in body] == [
        "paragraph",
        "callout",
        "heading",
        "code",
    ]
    assert f'<a href="{first.url}">the first</a>' in body[0]["value"]
    assert body[1]["value"] == {
        "kind": "tip",
        "text": f'<p><a href="{first.url}">Go</a></p>',
    }
    assert body[2]["value"] == {"text": "Why", "size": "h2"}
    assert body[3]["value"] == {"language": "python", "code": "print(1)"}
    assert all(block["id"] for block in body)


def test_quiz_blocks_never_say_which_answers_are_right(api_client, make_course):
    course = make_course()
    lesson = lessons_of(course)[0]
    lesson.body = [("quiz", quiz_block_value())]
    lesson.save_revision().publish()
    lesson.refresh_from_db()

    response = api_client().get(f"/api/v1/lessons/{lesson.pk}")

    [block] = response.json()["body"]
    assert block["value"] == {
        "title": "Quick check",
        "pass_mark": 50,
        "tries": 3,
        "questions": [
            {"key": "q0", "prompt": "2 + 2?", "multiple": False, "choices": ["3", "4"]}
        ],
    }
    content = response.content.decode()
    assert "correct" not in content
    assert "Count on your fingers." not in content
    [quiz] = response.json()["quizzes"]
    assert quiz["block_id"] == str(lesson.body[0].id)
    assert quiz["attempts_url"].endswith(
        f"/api/v1/lessons/{lesson.pk}/quizzes/{lesson.body[0].id}/attempts"
    )
    assert quiz["last"] is None


def test_images_and_files_are_urls_that_ask_the_file_rule(api_client, make_course):
    course = make_paid(make_course)
    teacher = course.owner
    image = Image.objects.create(
        title="Diagram", file=get_test_image_file(), uploaded_by_user=teacher
    )
    document = Document.objects.create(
        title="Answers",
        file=ContentFile(b"the answers", name="answers.txt"),
        uploaded_by_user=teacher,
    )
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("image", {"image": image, "caption": "A diagram"}),
        ("file", {"document": document, "title": ""}),
    ]
    lesson.save_revision().publish()
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="purchase")

    body = api_client(student).get(f"/api/v1/lessons/{lesson.pk}").json()["body"]

    picture, download = (block["value"] for block in body)
    assert picture["caption"] == "A diagram"
    assert picture["image"]["id"] == image.pk
    # A paid lesson's image is private: its URL is the checked view's.
    assert picture["image"]["url"].startswith("http://testserver/learning/files/")
    assert download["title"] == "Answers"
    assert download["document"]["url"] == f"http://testserver{document.url}"
    # Those URLs refuse whoever may not read the lesson.
    picture_path = picture["image"]["url"].removeprefix("http://testserver")
    assert api_client().get(picture_path).status_code in (302, 403)


def test_videos_are_urls_of_the_media_librarys_checked_view(api_client, make_course):
    course = make_course()
    video = MediaAssetFactory(upload=uploaded("talk.mp4", MP4_BYTES), title="Talk")
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("video", {"asset": video, "embed": None, "caption": "Watch"}),
        ("video", {"asset": None, "embed": "https://youtu.be/abc", "caption": ""}),
    ]
    lesson.save_revision().publish()

    body = api_client().get(f"/api/v1/lessons/{lesson.pk}").json()["body"]

    uploaded_video, embedded = (block["value"] for block in body)
    assert uploaded_video["asset"] == {
        "id": video.pk,
        "kind": "video",
        "title": "Talk",
        "mime_type": video.mime_type,
        "url": f"http://testserver/library/{video.pk}/file/",
        "poster_url": None,
    }
    assert uploaded_video["caption"] == "Watch"
    assert embedded == {
        "asset": None,
        "embed_url": "https://youtu.be/abc",
        "caption": "",
        "captions": [],
        "transcript": "",
    }


# Nothing leaks through another door


def test_wagtails_own_page_api_is_not_mounted(api_client, make_course):
    lesson = lessons_of(make_paid(make_course))[0]

    assert api_client().get("/api/v2/pages/").status_code == 404
    assert api_client().get(f"/api/v2/pages/{lesson.pk}/").status_code == 404


def test_no_operation_gives_a_locked_body_to_a_student(api_client, make_course):
    course = make_paid(make_course)
    lesson = lessons_of(course)[0]
    lesson.body = [
        ("paragraph", "<p>The secret of this lesson.</p>"),
        ("quiz", quiz_block_value(explanation="The secret of this lesson.")),
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    student = UserFactory()
    client = api_client(student)
    quiz_id = lesson.body[1].id

    responses = [
        client.get("/api/v1/courses"),
        client.get(f"/api/v1/courses/{course.pk}"),
        client.get(f"/api/v1/lessons/{lesson.pk}"),
        client.get("/api/v1/courses?q=secret"),
        client.post(f"/api/v1/lessons/{lesson.pk}/completion"),
        client.post(
            f"/api/v1/lessons/{lesson.pk}/quizzes/{quiz_id}/attempts",
            {"answers": {"q0": [0]}},
            content_type="application/json",
        ),
        client.get("/api/v1/learning/enrollments"),
    ]

    for response in responses:
        assert response.status_code in (200, 403), response
        assert "secret" not in response.content.decode().lower()
    assert not LessonProgress.objects.exists()


def test_the_api_ignores_the_session_a_browser_sends(client, api_client, make_course):
    course = make_course(access_level=MEMBERS)
    lesson = lessons_of(course)[0]
    client.force_login(UserFactory())

    response = client.get(f"/api/v1/lessons/{lesson.pk}")

    assert response.status_code == 403
    assert response.json()["detail"]["unlock"] == "sign_in"


def test_openapi_schema_lists_the_course_operations(api_client):
    paths = json.loads(api_client().get("/api/v1/openapi.json").content)["paths"]

    assert {
        "/api/v1/subjects",
        "/api/v1/courses",
        "/api/v1/courses/{course_id}",
        "/api/v1/courses/{course_id}/enrollment",
        "/api/v1/lessons/{lesson_id}",
    } <= set(paths)

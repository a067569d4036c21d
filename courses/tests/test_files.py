"""
Files in lessons: documents and images used in a lesson not everyone may
read are kept out of public storage from the moment the lesson is saved,
and go, by every URL, only to those the course rule lets have them.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Page

import pytest

from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
from courses.models import CoursePage, Enrollment, LessonPage
from courses.storage import GATED_PREFIX, gated_name
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PAID = {"access_level": CoursePage.AccessLevel.PURCHASE, "price": 9, "currency": "USD"}


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def public_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def private_files() -> set[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def body(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


@pytest.fixture
def document(teacher):
    return Document.objects.create(
        title="Answers",
        file=ContentFile(b"the answers", name="answers.txt"),
        uploaded_by_user=teacher,
    )


@pytest.fixture
def image(teacher):
    return Image.objects.create(
        title="Diagram", file=get_test_image_file(), uploaded_by_user=teacher
    )


def place(lesson: LessonPage, *, document=None, image=None, publish=True) -> None:
    blocks = []
    if document is not None:
        blocks.append(("file", {"document": document, "title": ""}))
    if image is not None:
        blocks.append(("image", {"image": image, "caption": ""}))
    lesson.body = blocks
    revision = lesson.save_revision()
    if publish:
        revision.publish()


@pytest.fixture
def capture_commits(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (old files' removal)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_documents_never_sit_in_public_storage(document):
    assert document.file.name not in public_files()
    assert document.file.name in private_files()
    assert document.url.startswith("/documents/")


def test_a_document_in_a_paid_lesson_goes_only_to_its_readers(
    client, make_course, document
):
    course = make_course(**PAID)
    place(lessons_of(course)[0], document=document)

    assert client.get(document.url)["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(document.url).status_code == 403
    buyer = UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")
    client.force_login(buyer)
    response = client.get(document.url)
    assert b"".join(response.streaming_content) == b"the answers"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_an_image_in_a_paid_lesson_leaves_public_storage_with_its_renditions(
    client, make_course, image, capture_commits
):
    public_name = image.file.name
    rendition = image.get_rendition("fill-40x40")
    assert rendition.url.startswith(settings.MEDIA_URL)
    course = make_course(**PAID)

    with capture_commits():
        place(lessons_of(course)[0], image=image)

    image.refresh_from_db()
    assert image.file.name != public_name
    assert public_name not in public_files()
    assert rendition.file.name not in public_files()
    assert not any(
        name.startswith(("original_images", "images")) for name in public_files()
    )
    assert image.file.name in private_files()
    new_rendition = image.get_rendition("fill-40x40")
    assert new_rendition.file.name in private_files()
    for url in (image.file.url, new_rendition.url):
        assert url.startswith("/learning/files/")
        client.logout()
        assert client.get(url)["Location"].startswith("/accounts/login/")
        client.force_login(UserFactory())
        assert client.get(url).status_code == 403
        buyer = UserFactory()
        Enrollment.objects.create(user=buyer, course=course, source="purchase")
        client.force_login(buyer)
        assert body(client, url)[:4] in (b"\x89PNG", b"GIF8")


def test_an_image_in_an_open_lesson_stays_public(make_course, image):
    course = make_course(access_level=CoursePage.AccessLevel.OPEN)
    place(lessons_of(course)[0], image=image)

    image.refresh_from_db()
    assert image.file.name in public_files()
    assert image.file.url.startswith(settings.MEDIA_URL)


def test_an_image_whose_private_name_is_taken_gets_one_that_fits(make_course, teacher):
    # As long a name as Wagtail gives an upload, and a file left behind in
    # private storage (a restore, an interrupted move) under its gated name.
    image = Image.objects.create(
        title="Diagram",
        file=get_test_image_file(filename="d" * 80 + ".png"),
        uploaded_by_user=teacher,
    )
    max_length = Image._meta.get_field("file").max_length
    assert len(image.file.name) > max_length - len(GATED_PREFIX) - 8
    left_behind = gated_name(image.file.name, gated=True)
    storages["private_files"].save(left_behind, ContentFile(b"left behind"))

    place(lessons_of(make_course(**PAID))[0], image=image)

    image.refresh_from_db()
    assert len(image.file.name) <= max_length
    assert image.file.name != left_behind
    assert image.file.name in private_files()
    assert storages["private_files"].open(left_behind).read() == b"left behind"


def test_the_rule_holds_before_any_worker_has_run(
    client, settings, make_course, document, image
):
    # Wagtail's reference index is filled by a task: with no worker, it
    # knows nothing of the lesson yet.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    course = make_course(**PAID)
    place(lessons_of(course)[0], document=document, image=image)

    image.refresh_from_db()
    assert image.file.name in private_files()
    assert client.get(document.url).status_code == 302
    assert client.get(image.file.url).status_code == 302


def test_a_draft_is_enough_to_close_the_file(client, make_course, document, image):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson, document=document, image=image, publish=False)

    image.refresh_from_db()
    assert image.file.name in private_files()
    assert client.get(document.url).status_code == 302
    assert client.get(image.file.url).status_code == 302


def test_a_new_draft_of_a_live_lesson_closes_the_file_at_once(
    client, make_course, document
):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson)
    assert client.get(document.url).status_code == 200

    place(LessonPage.objects.get(pk=lesson.pk), document=document, publish=False)

    assert client.get(document.url).status_code == 302


def test_making_a_course_paid_closes_its_images(make_course, image):
    course = make_course(access_level=CoursePage.AccessLevel.OPEN)
    place(lessons_of(course)[0], image=image)
    image.refresh_from_db()
    assert image.file.name in public_files()

    course.access_level = CoursePage.AccessLevel.PURCHASE
    course.price, course.currency = 9, "USD"
    course.save_revision().publish()

    image.refresh_from_db()
    assert image.file.name in private_files()


def test_moving_a_lesson_into_a_paid_course_closes_its_images(make_course, image):
    open_course = make_course(access_level=CoursePage.AccessLevel.OPEN)
    paid_course = make_course(**PAID)
    lesson = LessonPageFactory(
        parent=lessons_of(open_course)[0].get_parent(), slug="moving-lesson"
    )
    place(lesson, image=image)
    image.refresh_from_db()
    assert image.file.name in public_files()

    lesson.move(lessons_of(paid_course)[0].get_parent(), pos="last-child")

    image.refresh_from_db()
    assert image.file.name in private_files()


def test_deleting_the_lesson_opens_its_images_again(
    make_course, image, capture_commits
):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson, image=image)

    with capture_commits():
        Page.objects.get(pk=lesson.pk).delete()

    image.refresh_from_db()
    assert image.file.name in public_files()
    assert image.file.url.startswith(settings.MEDIA_URL)


def test_a_teacher_cannot_borrow_a_file_by_placing_it_in_their_own_lesson(
    client, course_index, make_course, document, image
):
    make_course_with_file = make_course(**PAID)
    place(lessons_of(make_course_with_file)[0], document=document, image=image)
    image.refresh_from_db()
    borrower = TeacherFactory()
    own_course = CoursePageFactory(parent=course_index, owner=borrower, **PAID)
    module = ModulePageFactory(parent=own_course, owner=borrower)
    own_lesson = LessonPageFactory(parent=module, owner=borrower)
    place(own_lesson, document=document, image=image, publish=False)
    student = UserFactory()
    Enrollment.objects.create(user=student, course=own_course, source="purchase")

    for user in (borrower, student):
        client.force_login(user)
        assert client.get(document.url).status_code == 403
        assert client.get(image.file.url).status_code == 403


def test_the_uploader_and_admins_always_have_their_files(
    client, make_course, teacher, document
):
    course = make_course(**PAID)
    place(lessons_of(course)[0], document=document)

    for user in (teacher, AdminFactory()):
        client.force_login(user)
        assert body(client, document.url) == b"the answers"


def test_files_of_no_lesson_are_served_to_everyone(client, document, image):
    assert body(client, document.url) == b"the answers"
    assert image.file.url.startswith(settings.MEDIA_URL)


def test_the_gated_file_view_serves_nothing_else(client, image, teacher):
    avatar_like = "avatars/someone.png"
    for name in (
        image.file.name,
        avatar_like,
        "../../etc/passwd",
        "documents/nope.txt",
    ):
        assert client.get(f"/learning/files/{name}").status_code == 404


def test_moderators_who_review_the_course_read_it_and_have_its_files(
    client, make_course, document
):
    # In the Moderators group without being an admin: they review what
    # teachers submit.
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson, document=document)
    client.force_login(moderator)

    assert body(client, document.url) == b"the answers"
    assert document.url in client.get(lesson.url).content.decode()


def test_a_live_courses_thumbnail_in_its_own_paid_lesson_goes_to_everyone(
    client, make_course, image
):
    # Shown on the catalog to everyone, it is no secret; its bytes stay
    # private all the same, so that nothing has to move them back when the
    # course stops showing it.
    course = make_course(thumbnail=image, **PAID)
    place(lessons_of(course)[0], image=image)

    image.refresh_from_db()
    assert image.file.name in private_files()
    assert body(client, image.file.url)[:4] in (b"\x89PNG", b"GIF8")

    course.unpublish()

    assert client.get(image.file.url).status_code == 302


def test_a_draft_that_drops_a_file_leaves_it_closed_while_live_shows_it(
    client, make_course, document, image
):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson, document=document, image=image)

    # As the editor saves a draft: the instance holds the draft's content,
    # the stored row keeps the live one.
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = []
    draft.save_revision()

    image.refresh_from_db()
    assert image.file.name in private_files()
    assert client.get(document.url).status_code == 302
    assert client.get(image.file.url).status_code == 302


def test_documents_have_one_way_out_that_asks_their_collection_too(client, document):
    restricted = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type="login"
    )
    document.collection = restricted
    document.save()

    assert client.get(document.url)["Location"].startswith("/accounts/login/")
    assert client.get(f"/learning/files/{document.file.name}").status_code == 404


def test_api_clients_follow_a_lessons_file_links_with_their_token(
    api_client, make_course, document, image
):
    course = make_course(**PAID)
    lesson = lessons_of(course)[0]
    place(lesson, document=document, image=image)
    buyer, stranger = UserFactory(), UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")

    blocks = api_client(buyer).get(f"/api/v1/lessons/{lesson.pk}").json()["body"]
    urls = [value for block in blocks for value in _urls_in(block["value"])]

    assert any("/documents/" in url for url in urls)
    assert any("/learning/files/" in url for url in urls)
    for url in urls:
        assert body(api_client(buyer), url)
        # The token alone decides: a stranger's is refused even beside the
        # buyer's session, and a broken one is a 401, not the session's answer.
        with_session = api_client(stranger)
        with_session.force_login(buyer)
        assert with_session.get(url).status_code == 403
        broken = Client(headers={"Authorization": "Bearer not-a-token"})
        broken.force_login(buyer)
        assert broken.get(url).status_code == 401


def _urls_in(value) -> list[str]:
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls_in(item)]
    return [value] if isinstance(value, str) and value.startswith("http") else []

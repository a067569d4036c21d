"""
The REST API's tour (e2e/api_tour.py, the README's example), run over HTTP
against the test server with nothing but `requests`; and the same calls by
the wrong people, refused.
"""

import re

from django.core import mail

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from PIL import Image

from community.factories import CommentFactory, PostFactory
from community.models import Comment, Like, Post
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment, LessonProgress
from courses.services import course_index_setup
from e2e.api_tour import ApiError, Lectern
from e2e.conftest import E2E_DIR
from media_library.models import MediaAsset
from members.factories import FACTORY_PASSWORD, TeacherFactory, UserFactory
from members.models import User
from members.tests.test_mfa import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-unusual-passphrase"
SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def lesson(home_page):
    """A lesson of an email-verified course, with a question already answered."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, display_name="Tom Teacher")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="email"
    )
    lesson = LessonPageFactory(
        parent=ModulePageFactory(parent=course, owner=teacher),
        title="The bowline",
        body=[
            ("paragraph", "<p>Make a small loop, the rabbit comes out of the hole.</p>")
        ],
    )
    question = PostFactory(title="Which rope?", lesson=lesson, course=course)
    CommentFactory(post=question, author=teacher, body="Any soft rope.")
    return lesson


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "knot.png"
    Image.new("RGB", (64, 48), "navy").save(path, "PNG")
    return path


def emailed_key() -> str:
    return re.search(r"/accounts/confirm-email/([^/]+)/", mail.outbox[-1].body)[1]


def test_a_client_registers_signs_in_with_two_factor_learns_and_takes_part(
    live_server, lesson, picture
):
    lectern = Lectern(live_server.url)
    email = "tourist@example.com"

    lectern.register(email, PASSWORD, "Tess Tourist")
    lectern.verify(emailed_key())
    tourist = User.objects.get(email=email)
    # As the member would on the site's two-factor page.
    TOTP.activate(tourist, SECRET)
    asked_for_code = []
    lectern.sign_in(
        email, PASSWORD, lambda: asked_for_code.append(1) or totp_code(SECRET)
    )
    course = lectern.first_open_course("knots")
    lectern.enroll(course)
    lesson_id = course["modules"][0]["lessons"][0]["id"]
    read = lectern.read_lesson(lesson_id)
    progress = lectern.complete(lesson_id)
    question = lectern.ask(lesson_id, "Why a rabbit?", "Is it **only** a rhyme?")
    liked = lectern.like_an_answer(lesson_id)
    uploaded = lectern.upload_picture(str(picture), "My bowline")

    assert asked_for_code == [1]
    assert Enrollment.objects.filter(user=tourist, course_id=course["id"]).exists()
    assert "rabbit comes out" in str(read["body"])
    assert LessonProgress.objects.filter(user=tourist, lesson_id=lesson_id).exists()
    assert progress
    post = Post.objects.get(pk=question["id"])
    assert (post.author, post.lesson_id) == (tourist, lesson_id)
    assert "<strong>only</strong>" in question["body_html"]
    assert liked
    assert Like.objects.filter(user=tourist, comment__body="Any soft rope.").exists()
    asset = MediaAsset.objects.get(pk=uploaded["id"])
    assert (asset.owner, asset.title, asset.kind) == (tourist, "My bowline", "image")


def refusal(call) -> tuple[int, str]:
    with pytest.raises(ApiError) as refused:
        call()
    return refused.value.status, refused.value.body["code"]


def test_the_same_calls_by_the_wrong_people_are_refused(live_server, lesson, picture):
    owner = UserFactory(email_verified=True)
    Enrollment.objects.create(user=owner, course=lesson.get_course(), source="free")
    question = PostFactory(author=owner, lesson=lesson, course=lesson.get_course())
    mine = Lectern(live_server.url)
    mine.sign_in(owner.email, FACTORY_PASSWORD, ask_code=None)
    upload = mine.upload_picture(str(picture), "Mine")
    course_id = lesson.get_course().pk

    answer = Comment.objects.get(body="Any soft rope.")
    like = f"/community/comments/{answer.pk}/like"

    anonymous = Lectern(live_server.url)
    for call in (
        lambda: anonymous.enroll({"id": course_id}),
        lambda: anonymous.complete(lesson.pk),
        lambda: anonymous.ask(lesson.pk, "Hello?", "Anyone?"),
        lambda: anonymous.call("PUT", like),
        lambda: anonymous.upload_picture(str(picture), "Spam"),
    ):
        assert refusal(call) == (401, "not_authenticated")
    # Reading is the course rule's: a visitor is told what would unlock it.
    assert refusal(lambda: anonymous.read_lesson(lesson.pk)) == (403, "locked")

    # A member whose address is not verified may not read an email course.
    unverified = UserFactory()
    stranger = Lectern(live_server.url)
    stranger.sign_in(unverified.email, FACTORY_PASSWORD, ask_code=None)
    assert refusal(lambda: stranger.read_lesson(lesson.pk)) == (403, "locked")
    assert refusal(lambda: stranger.enroll({"id": course_id}))[0] == 403
    assert refusal(lambda: stranger.complete(lesson.pk))[0] == 403
    assert refusal(lambda: stranger.ask(lesson.pk, "Hello?", "Anyone?"))[0] in (
        403,
        404,
    )
    assert refusal(lambda: stranger.upload_picture(str(picture), "Spam"))[0] == 403

    # Nobody else edits or deletes a member's question or picture.
    other = Lectern(live_server.url)
    other.sign_in(
        UserFactory(email_verified=True).email, FACTORY_PASSWORD, ask_code=None
    )
    edit = {"json": {"title": "Defaced"}}
    assert (
        refusal(lambda: other.call("PATCH", f"/community/posts/{question.pk}", **edit))[
            0
        ]
        == 403
    )
    assert refusal(lambda: other.call("DELETE", f"/media/{upload['id']}"))[0] in (
        403,
        404,
    )
    question.refresh_from_db()
    assert question.title != "Defaced"
    assert MediaAsset.objects.filter(pk=upload["id"]).exists()
    assert Post.objects.filter(author=unverified).count() == 0
    assert Enrollment.objects.filter(user=unverified).count() == 0
    assert not MediaAsset.objects.filter(title="Spam").exists()
    assert not answer.likes.exists()


def test_the_readme_shows_the_tour_as_it_is():
    script = (E2E_DIR / "api_tour.py").read_text()
    readme = (E2E_DIR.parent / "README.md").read_text()

    assert script[script.index("import sys") :] in readme

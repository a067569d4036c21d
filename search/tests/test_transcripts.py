"""
A lesson video's transcript is found by search as the lesson's body is:
by those who may read the lesson, never by anyone else.
"""

from django.contrib.auth.models import AnonymousUser

import pytest

from courses.models import CoursePage, Enrollment, LessonPage
from courses.viewer import Viewer
from members.factories import UserFactory
from search.selectors import search_results

pytestmark = pytest.mark.django_db

WEB_VIDEO = {"asset": None, "embed": None, "caption": "", "captions": []}


def lessons_found(word: str, user) -> list[str]:
    return [
        text.lesson.title
        for text in search_results(
            viewer=Viewer(user), query=word, result_type="lesson"
        )
    ]


def test_a_transcript_is_found_only_by_the_lessons_readers(make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE,
        lessons=[{"title": "Deep water"}],
    )
    lesson = LessonPage.objects.descendant_of(course).get()
    lesson.body = [
        ("video", {**WEB_VIDEO, "transcript": "Anglerfish glow in the dark."})
    ]
    lesson.save_revision().publish()
    buyer = UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")

    assert lessons_found("anglerfish", buyer) == ["Deep water"]
    assert lessons_found("anglerfish", UserFactory()) == []
    assert lessons_found("anglerfish", AnonymousUser()) == []


def test_the_videos_caption_line_is_found_too(make_course):
    course = make_course(lessons=[{"title": "Open water"}])
    lesson = LessonPage.objects.descendant_of(course).get()
    lesson.body = [("video", {**WEB_VIDEO, "caption": "Dolphins"})]
    lesson.save_revision().publish()

    assert lessons_found("dolphins", AnonymousUser()) == ["Open water"]

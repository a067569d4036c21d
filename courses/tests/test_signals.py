import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from courses.models import LessonPage

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    """A caching proxy on loopback that records the PURGE requests it gets."""

    purged: list[str]

    def do_PURGE(self) -> None:  # noqa: N802 (the HTTP method's name)
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def frontend_cache(settings):
    PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_publishing_a_lesson_purges_it_its_course_and_the_catalog(
    make_course, frontend_cache
):
    course = make_course(slug="algebra")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    frontend_cache.clear()

    lesson.title = "First steps, revised"
    lesson.save_revision().publish()

    assert set(frontend_cache) >= {lesson.url, course.url, "/courses/"}


def test_unpublishing_a_course_purges_the_catalog(make_course, frontend_cache):
    course = make_course()
    frontend_cache.clear()

    course.unpublish()

    assert "/courses/" in frontend_cache

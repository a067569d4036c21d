"""
The search matrix: who finds what, for every kind of searcher. Each piece of
content carries a word of its own; each searcher finds a word only where the
rules of its app (courses.access, media_library.access, community.access)
let them read it,
and words of a lesson's body never show to those who may not read it, not
even in a snippet.

The content is built once for the module (in a transaction rolled back at
its end): every test only searches it.
"""

import re
import time

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings

from wagtail.models import Page, Site

import pytest

from commerce.factories import MembershipFactory, PlanFactory
from community.factories import PostFactory
from community.models import Status
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage, LessonSearchText
from courses.services import course_index_setup
from courses.viewer import SESSION_KEY, Viewer
from home.factories import HomePageFactory
from media_library.factories import MediaAssetFactory, review
from media_library.services import media_asset_hide
from members.factories import AdminFactory, TeacherFactory, UserFactory
from search.selectors import RESULT_TYPES, search_results

from .helpers import moderator, paragraph, publish

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "email session",
    "student",
    "enrolled",
    "verified member",
    "plan member",
    "course teacher",
    "other teacher",
    "moderator",
    "admin",
]
EVERYONE = set(ROLES)
NOBODY: set[str] = set()
# Those who read every lesson of the course: its teacher, moderators, admins.
OVERSEERS = {"course teacher", "moderator", "admin"}
# Those who see every member's media, whatever its state.
MEDIA_MODERATORS = {"moderator", "admin"}
PURCHASE_READERS = {"enrolled", "plan member", *OVERSEERS}

# word: (type of result, the content's key, who finds it)
MATRIX = {
    "amberquill": ("lesson", "open lesson", EVERYONE),
    "brassfinch": ("lesson", "purchase lesson", EVERYONE),
    "cobaltheron": ("lesson", "purchase lesson", EVERYONE),
    "dunlinvault": ("lesson", "purchase lesson", PURCHASE_READERS),
    "emberlark": ("lesson", "preview lesson", EVERYONE),
    "fernwhistle": (
        "lesson",
        "email lesson",
        {"email session", "verified member", *OVERSEERS},
    ),
    "gravelmoth": ("lesson", "coming soon lesson", OVERSEERS),
    "hollowpike": ("lesson", "draft lesson", NOBODY),
    "ivoryskiff": ("lesson", "lesson of unpublished module", NOBODY),
    "juniperkite": ("lesson", "lesson of unpublished course", NOBODY),
    "nimbusforge": ("course", "coming soon course", EVERYONE),
    "lumenwharf": ("course", "unpublished course", NOBODY),
    "kestrelbloom": ("media", "public media", EVERYONE),
    "lanternmoss": ("media", "pending media", MEDIA_MODERATORS),
    "marshwren": ("media", "private media", MEDIA_MODERATORS),
    "nettlecairn": (
        "media",
        "course media",
        {"enrolled", "plan member", "course teacher", *MEDIA_MODERATORS},
    ),
    "oakenflume": ("media", "hidden media", MEDIA_MODERATORS),
    "rookmeadow": ("post", "feed post", EVERYONE),
    "saltmarrow": ("post", "board post", {"enrolled", "plan member", *OVERSEERS}),
    "thistlegate": ("post", "open lesson question", EVERYONE),
    "umberreach": ("post", "purchase lesson question", PURCHASE_READERS),
    # Held and hidden posts are looked after where they are, not searched.
    "vellumtide": ("post", "hidden post", NOBODY),
    "pebblequartz": ("person", "course teacher", EVERYONE),
    "quillonrust": ("person", "enrolled", NOBODY),
}
# Words only in lessons' bodies: searched through the page, for leaks.
BODY_WORDS = ["amberquill", "dunlinvault", "emberlark", "fernwhistle", "gravelmoth"]


def lesson(title: str, summary: str = "", body: str = "", **fields) -> dict:
    return {
        "title": title,
        "summary": summary or f"About {title.lower()}.",
        "body": paragraph(body or "Nothing to see."),
        **fields,
    }


def build_content() -> dict:
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="lectern")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    index = CourseIndexPageFactory(parent=home)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, bio="Teaches with pebblequartz.")

    def course(*lessons, **fields) -> CoursePage:
        course = CoursePageFactory(parent=index, owner=teacher, **fields)
        module = ModulePageFactory(parent=course, owner=teacher)
        for each in lessons:
            LessonPageFactory(parent=module, owner=teacher, **each)
        return publish(course)

    open_course = course(lesson("Open lesson", body="Read about amberquill."))
    LessonPageFactory(
        parent=open_course.get_children().get(),
        owner=teacher,
        live=False,
        **lesson("Draft hollowpike"),
    )
    module = ModulePageFactory(parent=open_course, owner=teacher)
    LessonPageFactory(
        parent=module, owner=teacher, **lesson("Lesson of a module ivoryskiff")
    )
    publish(module).unpublish()
    purchase = course(
        lesson("Brassfinch basics", "The cobaltheron way.", "Deep dunlinvault."),
        lesson("Taster", body="A taste of emberlark.", free_preview=True),
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=10,
        currency="USD",
    )
    course(
        lesson("Email lesson", body="Only fernwhistle."),
        access_level=CoursePage.AccessLevel.EMAIL,
    )
    soon = course(
        lesson("Soon lesson", body="Waiting gravelmoth."),
        title="Nimbusforge",
        availability=CoursePage.Availability.COMING_SOON,
    )
    gone = course(lesson("Gone juniperkite"), title="Lumenwharf")
    gone.unpublish()

    enrolled = UserFactory(bio="Learns with quillonrust.")
    Enrollment.objects.create(user=enrolled, course=purchase, source="purchase")
    admin = AdminFactory()
    stranger = UserFactory(email_verified=True)
    classmate = UserFactory(email_verified=True)
    Enrollment.objects.create(user=classmate, course=purchase, source="purchase")
    public = MediaAssetFactory(
        owner=stranger, visibility="public", title="kestrelbloom"
    )
    review(public, user=admin)
    hidden = MediaAssetFactory(owner=stranger, visibility="public", title="oakenflume")
    review(hidden, user=admin)
    media_asset_hide(asset=hidden, user=admin)

    lessons = {page.title: page for page in LessonPage.objects.all()}
    return {
        "people": {
            "anonymous": AnonymousUser(),
            "email session": AnonymousUser(),
            "student": UserFactory(),
            "enrolled": enrolled,
            "verified member": UserFactory(email_verified=True),
            "plan member": MembershipFactory(plan=PlanFactory(courses=[purchase])).user,
            "course teacher": teacher,
            "other teacher": TeacherFactory(),
            "moderator": moderator(),
            "admin": admin,
        },
        "found": {
            "open lesson": lessons["Open lesson"],
            "purchase lesson": lessons["Brassfinch basics"],
            "preview lesson": lessons["Taster"],
            "email lesson": lessons["Email lesson"],
            "coming soon lesson": lessons["Soon lesson"],
            "draft lesson": lessons["Draft hollowpike"],
            "lesson of unpublished module": lessons["Lesson of a module ivoryskiff"],
            "lesson of unpublished course": lessons["Gone juniperkite"],
            "coming soon course": soon,
            "unpublished course": gone,
            "public media": public,
            "pending media": MediaAssetFactory(
                owner=stranger, visibility="public", title="lanternmoss"
            ),
            "private media": MediaAssetFactory(owner=stranger, title="marshwren"),
            "course media": MediaAssetFactory(
                owner=classmate,
                visibility="course",
                course=purchase,
                title="nettlecairn",
            ),
            "hidden media": hidden,
            "feed post": PostFactory(author=stranger, title="Rookmeadow"),
            "board post": PostFactory(
                author=classmate, course=purchase, body="Saltmarrow for all."
            ),
            "open lesson question": PostFactory(
                author=stranger,
                course=open_course,
                lesson=lessons["Open lesson"],
                title="Thistlegate?",
            ),
            "purchase lesson question": PostFactory(
                author=classmate,
                course=purchase,
                lesson=lessons["Brassfinch basics"],
                body="How umberreach?",
            ),
            "hidden post": PostFactory(
                author=stranger, title="Vellumtide", status=Status.HIDDEN
            ),
            "course teacher": teacher,
            "enrolled": enrolled,
        },
    }


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private"
        ),
        transaction.atomic(),
    ):
        yield build_content()
        transaction.set_rollback(True)


def viewer(role: str, content) -> Viewer:
    if role == "email session":
        return Viewer(AnonymousUser(), "visitor@example.com")
    return Viewer(content["people"][role])


def log_in(client, role: str, content) -> None:
    """Make `client` the searcher named `role`, through the doors users use."""
    if role == "email session":
        session = client.session
        session[SESSION_KEY] = {"email": "v@example.com", "until": time.time() + 60}
        session.save()
    elif role != "anonymous":
        client.force_login(content["people"][role])


def standing_for(result, result_type: str):
    """What a result stands for: a lesson's search text stands for the lesson."""
    return result.lesson if result_type == "lesson" else result


def test_every_piece_of_content_has_its_own_word(content):
    assert {key for _type, key, _who in MATRIX.values()} == set(content["found"])


@pytest.mark.parametrize("role", ROLES)
def test_each_searcher_finds_only_what_they_may_see(content, role):
    searcher = viewer(role, content)

    results = {
        word: {
            type_name: [standing_for(result, type_name) for result in results]
            for type_name in RESULT_TYPES
            if (
                results := list(
                    search_results(viewer=searcher, query=word, result_type=type_name)
                )
            )
        }
        for word in MATRIX
    }

    assert results == {
        word: {result_type: [content["found"][key]]} if role in finders else {}
        for word, (result_type, key, finders) in MATRIX.items()
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_searcher_gets_one_version_of_each_lesson(content, role):
    results = list(
        search_results(
            viewer=viewer(role, content), query="brassfinch", result_type="lesson"
        )
    )

    full = role in PURCHASE_READERS
    assert [result.kind for result in results] == [
        LessonSearchText.Kind.FULL if full else LessonSearchText.Kind.OUTLINE
    ]


def results_region(response) -> str:
    """The results of the page, without the search form that repeats the words."""
    content = response.content.decode()
    return content[content.index('id="search-results"') :]


@pytest.mark.parametrize("role", ROLES)
def test_body_words_show_only_to_those_who_may_read_the_lesson(client, content, role):
    log_in(client, role, content)
    outcomes = {}
    for word in BODY_WORDS:
        lesson_url = content["found"][MATRIX[word][1]].url

        response = client.get("/search/", {"q": word})

        results = results_region(response)
        if f'href="{lesson_url}"' in results and f"<mark>{word}</mark>" in results:
            outcomes[word] = "found"
        elif lesson_url not in results and not re.search(word, results, re.I):
            outcomes[word] = "not a trace"
        else:
            outcomes[word] = "leaked"
        assert response.status_code == 200

    assert outcomes == {
        word: "found" if role in MATRIX[word][2] else "not a trace"
        for word in BODY_WORDS
    }

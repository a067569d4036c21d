"""
The search matrix's world: content of every kind and state, each piece
carrying a word of its own, the searchers of every role, and who finds
which word. The page's and the API's matrix tests search it.
"""

from django.contrib.auth.models import AnonymousUser

from wagtail.models import Page, Site

from commerce.factories import MembershipFactory, PlanFactory
from community.factories import PostFactory
from community.models import Status
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import course_index_setup
from home.factories import HomePageFactory
from media_library.factories import MediaAssetFactory, review
from media_library.services import media_asset_hide
from members.factories import AdminFactory, TeacherFactory, UserFactory

from .helpers import moderator, paragraph, publish

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

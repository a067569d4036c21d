"""
The URL matrix's table: for every URL pattern the project serves, what each
kind of person gets when they ask for it (see test_url_matrix.py).

A pattern is found in the table by its URL name, by a name pattern for a
group (``"wagtailsnippets_courses_subject:*"``) or, for a pattern without a
name, by its route (``"/admin/test404/"``). The first entry that matches
wins: explicit entries come before their group's default. An entry holds
one case or more, each with the arguments to fill in (names of objects of
the test's world) and the rule that says who gets what.
"""

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

# ------------------------------------------------------------------ who asks

ANONYMOUS = "anonymous"
EMAIL_VERIFIED = "email_verified"  # not signed in; followed an email-access link
STUDENT = "student"  # signed in, in no course
ENROLLED = "enrolled"  # given the paid course by an admin; owns media
BUYER = "buyer"  # bought the paid course: a paid order, a purchase enrollment
PLAN_MEMBER = "plan_member"  # an active membership of a plan that unlocks it
OWNER_TEACHER = "owner_teacher"  # owns the paid, email and draft courses
OTHER_TEACHER = "other_teacher"  # owns the open course
MODERATOR = "moderator"  # in the Moderators group, not a superuser
ADMIN = "admin"  # a superuser

ROLES = (
    ANONYMOUS,
    EMAIL_VERIFIED,
    STUDENT,
    ENROLLED,
    BUYER,
    PLAN_MEMBER,
    OWNER_TEACHER,
    OTHER_TEACHER,
    MODERATOR,
    ADMIN,
)
VISITORS = frozenset({ANONYMOUS, EMAIL_VERIFIED})
STUDENTS = frozenset({STUDENT, ENROLLED, BUYER, PLAN_MEMBER})
TEACHERS = frozenset({OWNER_TEACHER, OTHER_TEACHER})
STAFF = TEACHERS | {MODERATOR, ADMIN}  # those who may enter the Wagtail admin
MEMBERS = STUDENTS | STAFF
EVERYONE = VISITORS | MEMBERS
# Who may chat in the paid course's room; and who may read its lessons:
# they, and moderators, who review what teachers submit.
PAID_COURSE_MEMBERS = frozenset({ENROLLED, BUYER, PLAN_MEMBER, OWNER_TEACHER, ADMIN})
PAID_COURSE_READERS = PAID_COURSE_MEMBERS | {MODERATOR}
# A verified email address: every member here, and the visitor with the link.
EMAIL_COURSE_READERS = EVERYONE - {ANONYMOUS}
# Who looks after the enrolled student's media whatever its state: they,
# their teacher (the paid course's owner), moderators.
CARETAKERS = frozenset({ENROLLED, OWNER_TEACHER, MODERATOR, ADMIN})
# In the admin: the owner teacher teaches the courses and uploaded the files
# asked about; moderators and admins manage everyone's.
OWNER_AND_MODERATORS = frozenset({OWNER_TEACHER, MODERATOR, ADMIN})

# ------------------------------------------------------------ what they get


@dataclass(frozen=True)
class Outcome:
    """What a response may be: its status, and for a redirect where to."""

    name: str
    status: tuple[int, ...]
    # For redirects: the URL names the Location may start with; () for
    # anywhere but the sign-in pages and the admin's dashboard.
    to: tuple[str, ...] | None = None
    # The REST API's answers: JSON; an error in the API's one shape
    # (members/api_base.ErrorOut), a 401 saying how to sign in.
    api: bool = False

    def __str__(self) -> str:
        return self.name


OK = Outcome("200", (200,))
# The admin's own sign-in address sends on to allauth's.
LOGIN = Outcome("redirect to sign in", (302,), ("account_login", "wagtailadmin_login"))
ADMIN_REFUSED = Outcome(
    "redirect to the admin's dashboard", (302,), ("wagtailadmin_home",)
)
REDIRECT = Outcome("redirect", (301, 302, 303), ())
FORBIDDEN = Outcome("403", (403,))
NOT_FOUND = Outcome("404", (404,))
NOT_ALLOWED = Outcome("405", (405,))
SERVER_ERROR = Outcome("500", (500,))
BAD_REQUEST = Outcome("400", (400,))
# What tells HTMX to stop polling (htmx's own status code).
STOP_POLLING = Outcome("286: stop polling", (286,))
# Refused one way or another: neither the bytes nor the record.
REFUSED = (LOGIN, FORBIDDEN, NOT_FOUND)
# Refused inside the admin: sent to the dashboard with a message, or told
# there is no such thing (what the user may not even know exists).
ADMIN_DENIED = (ADMIN_REFUSED, NOT_FOUND, FORBIDDEN)
# The REST API's.
API_OK = Outcome("200 (JSON)", (200,), api=True)
UNAUTHORIZED = Outcome("401: not signed in (no token)", (401,), api=True)
API_FORBIDDEN = Outcome("403 (JSON)", (403,), api=True)
API_NOT_FOUND = Outcome("404 (JSON)", (404,), api=True)
UNPROCESSABLE = Outcome("422: arguments not valid (JSON)", (422,), api=True)
API_REFUSED = (API_FORBIDDEN, API_NOT_FOUND)

Outcomes = Outcome | tuple[Outcome, ...]


@dataclass(frozen=True)
class Rule:
    """
    Who is `allowed` (they get `granted`), and what the others get:
    visitors (not signed in), members, and, where it differs, members who
    may enter the Wagtail admin (`staff`).
    """

    name: str
    allowed: frozenset[str]
    granted: Outcomes = OK
    visitors: Outcomes = LOGIN
    members: Outcomes = FORBIDDEN
    staff: Outcomes | None = None

    def expect(self, role: str) -> tuple[Outcome, ...]:
        if role in self.allowed:
            found = self.granted
        elif role in VISITORS:
            found = self.visitors
        elif role in STAFF and self.staff is not None:
            found = self.staff
        else:
            found = self.members
        return found if isinstance(found, tuple) else (found,)


def admin_area(
    name: str, allowed: frozenset[str], *, granted: Outcomes = OK, refused=ADMIN_DENIED
) -> Rule:
    """
    A view of the Wagtail admin: those who may not enter the admin are sent
    to sign in; those who may, but not use this view, are refused.
    """
    return Rule(name, allowed, granted, visitors=LOGIN, members=LOGIN, staff=refused)


# The site.
PUBLIC = Rule("public", EVERYONE)
SIGNED_IN = Rule("signed-in only", MEMBERS)
SIGNED_IN_SENT_ON = Rule("signed-in only, then sent on", MEMBERS, granted=REDIRECT)
POST_ONLY = Rule("POST only", EVERYONE, granted=NOT_ALLOWED)
NOTHING_THERE = Rule("nothing there", EVERYONE, granted=NOT_FOUND)
TO_SIGN_IN = Rule("everyone is sent to sign in", EVERYONE, granted=LOGIN)
DURING_SIGN_IN = Rule(
    "a step of signing in: visitors start there, members are sent on",
    frozenset(),
    members=REDIRECT,
)
TWO_FACTOR_SET_UP = Rule(
    "members with two-factor authentication set up (nobody here)",
    frozenset(),
    members=NOT_FOUND,
)
NOT_BY_INTEGER_ID = Rule(
    "a record is not found by counting ids: nobody",
    frozenset(),
    visitors=REFUSED,
    members=REFUSED,
)
PAID_COURSE_FILE = Rule(
    "a file of the paid lesson: its readers only",
    PAID_COURSE_READERS,
    visitors=REFUSED,
    members=(FORBIDDEN, NOT_FOUND),
)
EMAIL_COURSE_FILE = Rule(
    "a file of the email lesson: verified addresses only",
    EMAIL_COURSE_READERS,
    visitors=REFUSED,
    members=(FORBIDDEN, NOT_FOUND),
)


def raw_file_path(readers: frozenset[str]) -> Rule:
    """A gated file's raw media path: never the bytes to anyone refused."""
    # Whether readers get it here too, or only at its checked URL, is up to
    # the storage.
    return Rule(
        "a raw path of a gated file: no bytes to the refused",
        readers,
        granted=(OK, *REFUSED),
        visitors=REFUSED,
        members=REFUSED,
    )


# The Wagtail admin.
ANY_STAFF = admin_area("anyone who may enter the admin", STAFF)
ANY_STAFF_SENT_ON = admin_area(
    "anyone who may enter the admin, sent on", STAFF, granted=REDIRECT
)
COURSE_TEACHERS = admin_area(
    "the course's teacher, moderators and admins", OWNER_AND_MODERATORS
)
UPLOADER = admin_area(
    "the file's uploader (a teacher), moderators and admins", OWNER_AND_MODERATORS
)
COURSE_TEACHERS_ONLY = admin_area(
    "the course's teacher and admins (not moderators)",
    frozenset({OWNER_TEACHER, ADMIN}),
)
MODERATORS = admin_area("moderators and admins", frozenset({MODERATOR, ADMIN}))
ADMINS = admin_area("admins only", frozenset({ADMIN}))
NOBODY_IN_ADMIN = admin_area("nobody: not offered", frozenset())
ADMIN_POST_ONLY = admin_area("POST only", STAFF, granted=NOT_ALLOWED)
MODERATORS_POST_ONLY = admin_area(
    "moderators and admins, POST only",
    frozenset({MODERATOR, ADMIN}),
    granted=NOT_ALLOWED,
)
ADMIN_NOTHING_THERE = admin_area("nothing there", STAFF, granted=NOT_FOUND)

# ------------------------------------------------------------------ the table


class Raw(str):
    """A URL argument (or path) as it is, not the name of a world object."""


@dataclass(frozen=True)
class Case:
    """
    One request to a pattern. `args` fill its arguments by name: names of
    world objects, whose pk goes in (their unguessable UUID, for a UUID
    argument), or `Raw` values. Or `path` names the world attribute that
    holds the URL path itself. `query` may name world attributes in braces.
    """

    label: str
    rule: Rule
    args: dict[str, str] = field(default_factory=dict)
    path: str = ""
    query: str = ""
    # Build the URL with the records' integer ids, whatever the route asks
    # for: a door that must stay shut.
    by_integer_id: bool = False
    # Pages with gated content: who must find `secret` in the page (and
    # nobody else may).
    readers: frozenset[str] | None = None
    secret: str = ""
    # Files: the world attribute holding the bytes the allowed get.
    content: str = ""
    # What varies by who asks even for visitors without an account: a 200
    # to anyone but an anonymous visitor must be private.
    gated: bool = False
    # The same bytes for everyone (a public file): shared caches may keep it
    # whoever asks.
    shared: bool = False


@dataclass(frozen=True)
class Entry:
    # URL names, name patterns, or routes ("/..."), sharing the cases.
    match: tuple[str, ...]
    cases: tuple[Case, ...]

    def matches(self, *, name: str | None, route: str) -> bool:
        return any(matches(match, name=name, route=route) for match in self.match)


def matches(match: str, *, name: str | None, route: str) -> bool:
    if match.startswith("/"):
        return fnmatchcase("/" + route, match)
    return name is not None and fnmatchcase(name, match)


def entry(match: str | tuple[str, ...], rule: Rule, **case) -> Entry:
    """An entry of one case, labelled by its rule."""
    return cases(match, Case(case.pop("label", rule.name), rule, **case))


def cases(match: str | tuple[str, ...], *each: Case) -> Entry:
    return Entry(match if isinstance(match, tuple) else (match,), each)


# What only some may read, each a marker no other text contains.
GATED_SECRET = "GATED-LESSON-SECRET"
EMAIL_SECRET = "EMAIL-LESSON-SECRET"
DRAFT_SECRET = "DRAFT-LESSON-SECRET"
# Titles that listings show only to those who may see the thing itself.
DRAFT_COURSE_TITLE = "Unannounced course"
GATED_IMAGE_TITLE = "Diagram of the paid lesson"
GATED_DOCUMENT_TITLE = "Worksheet of the paid lesson"
# Community posts that some places and listings must not show, and what the
# student is notified of.
BOARD_POST_TITLE = "COMMUNITY-BOARD-POST"
QUESTION_TITLE = "COMMUNITY-LESSON-QUESTION"
HIDDEN_POST_TITLE = "COMMUNITY-HIDDEN-POST"
HELD_POST_TITLE = "COMMUNITY-HELD-POST"
HIDDEN_REVIEW_TEXT = "COMMUNITY-HIDDEN-REVIEW"
NOTIFICATION_TEXT = "NOTIFICATION-FOR-THE-STUDENT"
# What the REST API tells only the one it is about.
PRIVATE_MEDIA_TITLE = "MEDIA-PRIVATE-OF-THE-ENROLLED"
CERTIFICATE_NAME = "CERTIFICATE-HOLDER-THE-ENROLLED"
ORDER_ITEM_TEXT = "ORDER-ITEM-OF-THE-BUYER"
PAYMENT_REFERENCE = "pi_3QmatrixPaid"
CHAT_MESSAGE = "CHAT-MESSAGE-IN-THE-PAID-COURSE"

# URL arguments by name, where an entry gives none.
DEFAULT_ARGS = {
    "course_id": "paid_course",
    "lesson_id": "gated_lesson",
    "page_id": "paid_course",
    "parent_page_id": "paid_course",
    "page_to_move_id": "draft_lesson",
    "destination_id": "draft_module",
    "revision_id": "paid_course_revision",
    "task_state_id": "draft_task_state",
    "workflow_state_id": "draft_workflow_state",
    "task_id": "review_task",
    "image_id": "gated_image",
    "document_id": "gated_document",
    "doc_id": "gated_document",
    "collection_id": "course_collection",
    "session_id": "editing_session",
    "room_id": "course_room",
    "user_id": "owner_teacher",
    "recipient_id": "owner_teacher",
    "plan_id": "plan",
    "order_id": "order",
    "donation_id": "donation",
    "redirect_id": "redirect",
    "restriction_id": Raw("999999"),
    "page_view_restriction_id": Raw("999999"),
    "uploaded_file_id": "uploaded_image",
    "code": "certificate.code",
    "token": Raw("not-a-real-token"),
    "block_id": Raw("9f3c1c56-1f0e-4a35-9a0a-2b1b6d1e0c11"),
    "action_name": Raw("approve"),
    "course_pk": "paid_course",
    "lesson_pk": "gated_lesson",
    "content_type_app_name": Raw("courses"),
    "content_type_model_name": Raw("modulepage"),
}

# The enrolled student's media, by state, and the paid lesson's video (the
# owner teacher's own, private).
MEDIA_CARETAKERS = Rule("its owner, their teacher and moderators", CARETAKERS)
MEDIA_OF_PAID_COURSE = Rule(
    "its caretakers and the paid course's readers", CARETAKERS | PAID_COURSE_READERS
)
# Moderators look after all media (media_library.access), so they keep it.
LESSON_VIDEO = Rule("the paid lesson's readers", PAID_COURSE_READERS)
MEDIA = (
    ("private", MEDIA_CARETAKERS, "private_asset", True),
    ("shared with the paid course", MEDIA_OF_PAID_COURSE, "course_asset", True),
    ("public, approved", PUBLIC, "public_asset", False),
    ("public, in review", MEDIA_CARETAKERS, "review_asset", False),
    ("public, hidden", MEDIA_CARETAKERS, "hidden_asset", False),
    ("the paid lesson's video", LESSON_VIDEO, "lesson_video", True),
)

# Payment records in the admin, and the world object of each.
RECORDS = {
    "order": "order",
    "payment": "order_payment",
    "donation": "donation",
    "membership": "membership",
    "providerevent": "provider_event",
}

ROOM_OF_PAID_COURSE = Rule("the paid course's members", PAID_COURSE_MEMBERS)
DIRECT_ROOM = Rule("its two members", frozenset({ENROLLED, OWNER_TEACHER}))
# A member refused what is not theirs: forbidden, or not found at all.
MEMBER_REFUSED = (FORBIDDEN, NOT_FOUND)


def community_place(name: str, allowed: frozenset[str]) -> Rule:
    """A community place or post: whoever may not see it is not told it is there."""
    return Rule(name, allowed, visitors=NOT_FOUND, members=NOT_FOUND)


# The community (community.access). The feed is everyone's to read; the
# paid course's board is for its members, teachers, moderators and admins;
# its paid lesson's questions for the lesson's readers (the same people).
# Community moderators (moderators and admins) moderate everything, the
# course's teacher its board and lesson threads.
COMMUNITY_MODERATORS = frozenset({MODERATOR, ADMIN})
BOARD_MEMBERS = PAID_COURSE_READERS
BOARD_MODERATORS = COMMUNITY_MODERATORS | {OWNER_TEACHER}
BOARD = community_place("the paid course's board members", BOARD_MEMBERS)
LESSON_QUESTIONS = community_place("the paid lesson's readers", PAID_COURSE_READERS)
# The student's hidden feed post; the buyer's board post held for review.
HIDDEN_POST_READERS = COMMUNITY_MODERATORS | {STUDENT}
HELD_POST_READERS = BOARD_MODERATORS | {BUYER}
# The paid course's reviews: the buyer's, shown; the enrolled student's,
# hidden by a moderator.
HIDDEN_REVIEW_READERS = COMMUNITY_MODERATORS | {ENROLLED}


def community_author(name: str, allowed: frozenset[str], *, on_board: bool) -> Rule:
    """
    Signed in, and some of those who see it: the others are refused; on
    the board, those outside it are not even told it is there.
    """
    return Rule(name, allowed, members=MEMBER_REFUSED if on_board else FORBIDDEN)


# The contributions whose pages only some of their readers may open:
# (label, world object, author, on the board?), by kind.
CONTRIBUTIONS = {
    "post": (
        ("the student's feed post", "feed_post", STUDENT, False),
        ("the enrolled student's board post", "board_post", ENROLLED, True),
    ),
    "comment": (
        ("the enrolled student's comment on the feed", "feed_comment", ENROLLED, False),
        ("the buyer's comment on the board", "board_comment", BUYER, True),
    ),
}


def contribution_moderators(author: str, on_board: bool) -> frozenset[str]:
    return (BOARD_MODERATORS if on_board else COMMUNITY_MODERATORS) | {author}


def contribution_reporters(author: str, on_board: bool) -> frozenset[str]:
    return (BOARD_MEMBERS if on_board else MEMBERS) - {author}


# Those pages, and who may open them, from a contribution's author and place.
CONTRIBUTION_PAGES = {
    "edit": ("its author", lambda author, on_board: frozenset({author})),
    "delete": ("its author and its moderators", contribution_moderators),
    "likes": ("its author and its moderators", contribution_moderators),
    "report": ("who sees it, but its author", contribution_reporters),
    "mute": (
        "its moderators (to mute its author)",
        lambda author, on_board: BOARD_MODERATORS if on_board else COMMUNITY_MODERATORS,
    ),
}


# The REST API. Its one credential is an access token: a request without one
# is a visitor's, whatever session it carries. What needs signing in is a
# 401 to visitors; what anyone may ask for (optional authentication) refuses
# them as it refuses members.


def api_rule(
    name: str,
    allowed: frozenset[str],
    *,
    visitors: Outcomes = UNAUTHORIZED,
    members: Outcomes = API_FORBIDDEN,
) -> Rule:
    return Rule(name, allowed, API_OK, visitors=visitors, members=members)


def api_open_to_visitors(
    name: str, allowed: frozenset[str], refused: Outcomes = API_REFUSED
) -> Rule:
    """For anyone to ask, with a token or none: those not allowed are refused
    alike, signed in or not."""
    return api_rule(name, allowed, visitors=refused, members=refused)


def api_own(name: str, owner: str) -> Rule:
    """One's own: nobody else is told it is there."""
    return api_rule(name, frozenset({owner}), members=API_NOT_FOUND)


API_PUBLIC = Rule("public", EVERYONE, API_OK)
API_SIGNED_IN = api_rule("signed in (a token)", MEMBERS)
API_NOTHING_THERE = Rule("nothing there", EVERYONE, granted=API_NOT_FOUND)
API_NOT_VALID = Rule(
    "arguments nothing can have: not valid", EVERYONE, granted=UNPROCESSABLE
)
# Operations that only write (POST, PUT, PATCH, DELETE) at an address with
# nothing to GET.
WRITE_ONLY = Rule("written to only: no GET", EVERYONE, granted=NOT_ALLOWED)
# A place of the community: not found by who may not see it, as its page.
API_BOARD = api_open_to_visitors(BOARD.name, BOARD_MEMBERS, API_NOT_FOUND)
# The API refuses a lesson's questions as it refuses the lesson (403, with
# what would unlock it: the outline is public); the page's panel, loaded
# only inside the lesson, is a 404.
API_LESSON_QUESTIONS = api_open_to_visitors(
    "the lesson's readers; locked to others", PAID_COURSE_READERS, API_FORBIDDEN
)
# A question itself, its comments and answers: not there for anyone else.
API_LESSON_QUESTION = api_open_to_visitors(
    LESSON_QUESTIONS.name, PAID_COURSE_READERS, API_NOT_FOUND
)


TABLE: list[Entry] = [
    # ======================================================================
    # The site
    # ======================================================================
    # Wagtail serves every page. A course's outline is public; a lesson's
    # body goes to those the course rule lets read it.
    cases(
        "wagtail_serve",
        Case("home", PUBLIC, path="home.url"),
        Case("catalog", PUBLIC, path="catalog.url"),
        Case("paid course", PUBLIC, path="paid_course.url"),
        Case("paid module", PUBLIC, path="paid_module.url"),
        Case(
            "gated lesson",
            PUBLIC,
            path="gated_lesson.url",
            readers=PAID_COURSE_READERS,
            secret=GATED_SECRET,
        ),
        Case(
            "email lesson",
            PUBLIC,
            path="email_lesson.url",
            readers=EMAIL_COURSE_READERS,
            secret=EMAIL_SECRET,
            gated=True,
        ),
        Case("free preview", PUBLIC, path="preview_lesson.url"),
        Case("open lesson", PUBLIC, path="open_lesson.url"),
        Case("draft course", NOTHING_THERE, path="draft_course_path"),
        Case("draft lesson", NOTHING_THERE, path="draft_lesson_path"),
        Case("no such page", NOTHING_THERE, path=Raw("/no-such-page/")),
    ),
    # Page privacy by password: nothing in Lectern is restricted this way.
    entry("wagtailcore_authenticate_with_password", NOTHING_THERE),
    entry("wagtaildocs_authenticate_with_password", NOTHING_THERE),
    # Wagtail's own front-end sign-in form would sign people in past
    # allauth's rate limits and two-factor authentication: it redirects.
    entry(("wagtailcore_login", "/_util/login/"), TO_SIGN_IN),
    # Support pages: robots.txt and the sitemap, the same for everyone
    # (what the sitemap leaves out: home/tests/test_sitemap.py).
    entry(("robots_txt", "sitemap_index"), PUBLIC, shared=True),
    entry("sitemap", PUBLIC, args={"section": Raw("pages")}, shared=True),
    # Files: Wagtail's documents, and private images and renditions, go
    # only to those the course rule lets have them.
    cases(
        "wagtaildocs_serve",
        Case(
            "document of the paid lesson",
            PAID_COURSE_FILE,
            path="gated_document.url",
            content="gated_document_bytes",
            gated=True,
        ),
        Case(
            "document of the email lesson",
            EMAIL_COURSE_FILE,
            path="email_document.url",
            content="email_document_bytes",
            gated=True,
        ),
        Case(
            "document in no lesson",
            PUBLIC,
            path="loose_document.url",
            content="loose_document_bytes",
        ),
    ),
    cases(
        "courses:gated_file",
        Case(
            "image of the paid lesson",
            PAID_COURSE_FILE,
            args={"name": "gated_image.file.name"},
            content="gated_image_bytes",
            gated=True,
        ),
        Case(
            "its rendition",
            PAID_COURSE_FILE,
            args={"name": "gated_rendition.file.name"},
            gated=True,
        ),
        Case("no such file", NOTHING_THERE, args={"name": Raw("documents/none.txt")}),
    ),
    # A development server serves MEDIA_ROOT as it is: public files only
    # (see FILE_DOORS for the gated ones' raw paths).
    cases(
        "/^media/*",
        Case("image in no lesson", PUBLIC, path="loose_image_raw_path", shared=True),
        Case("its rendition", PUBLIC, path="loose_rendition_raw_path", shared=True),
    ),
    # Members.
    entry("members:profile_edit", SIGNED_IN),
    entry("members:account_delete", SIGNED_IN),
    entry("members:account_export", SIGNED_IN),
    entry("members:account_delete_cancel", POST_ONLY),
    entry("members:mfa_email_code", POST_ONLY),
    entry("members:mfa_sms_code", POST_ONLY),
    entry("members:two_factor_phone", SIGNED_IN),
    cases(
        "members:profile",
        Case("a teacher's", PUBLIC, args={"pk": "owner_teacher"}),
        Case("a student's", PUBLIC, args={"pk": "enrolled"}),
    ),
    # Accounts (allauth).
    entry("account_login", PUBLIC),
    entry("account_signup", PUBLIC),
    entry(
        "account_logout",
        Rule("signed-in; visitors are sent on", MEMBERS, visitors=REDIRECT),
    ),
    entry("account_inactive", PUBLIC),
    entry("account_email_verification_sent", PUBLIC),
    entry("account_reset_password", PUBLIC),
    entry("account_reset_password_done", PUBLIC),
    entry("account_reset_password_from_key_done", PUBLIC),
    entry(
        "account_reset_password_from_key",
        PUBLIC,
        args={"uidb36": Raw("1"), "key": Raw("not-a-real-key")},
    ),
    entry("account_confirm_email", PUBLIC, args={"key": Raw("not-a-real-key")}),
    entry("account_confirm_login_code", DURING_SIGN_IN),
    entry("mfa_authenticate", DURING_SIGN_IN),
    entry("account_reauthenticate", SIGNED_IN),
    entry("account_email", SIGNED_IN),
    entry("account_change_password", SIGNED_IN),
    entry("account_set_password", SIGNED_IN_SENT_ON),
    entry("mfa_index", SIGNED_IN),
    entry("mfa_reauthenticate", SIGNED_IN_SENT_ON),
    # Setting up asks for the password again first.
    entry("mfa_activate_totp", SIGNED_IN_SENT_ON),
    entry("mfa_generate_recovery_codes", SIGNED_IN_SENT_ON),
    entry("mfa_deactivate_totp", TWO_FACTOR_SET_UP),
    entry("mfa_view_recovery_codes", TWO_FACTOR_SET_UP),
    entry("mfa_download_recovery_codes", TWO_FACTOR_SET_UP),
    # Courses.
    entry("courses:my_learning", SIGNED_IN),
    entry("courses:certificate", PUBLIC),
    # Who holds the course's certificate is sent to it; nobody else here
    # completed the course.
    entry(
        "courses:certificate_claim",
        Rule("its holder, sent to it", frozenset({ENROLLED}), granted=REDIRECT),
    ),
    # Confirmation links show a button first (mail scanners open links).
    entry("courses:email_access_confirm", PUBLIC),
    entry("courses:notification_confirm", PUBLIC),
    entry("courses:enroll", POST_ONLY),
    entry("courses:unenroll", POST_ONLY),
    entry("courses:lesson_complete", POST_ONLY),
    entry("courses:lesson_notes", POST_ONLY),
    entry("courses:quiz_submit", POST_ONLY),
    # A long course's folded module, as the lesson's page lists it beside
    # the lesson: titles and the reader's own marks, no lesson's text.
    cases(
        "courses:lesson_outline_module",
        Case(
            "a module of the lesson's course",
            PUBLIC,
            args={"lesson_id": "gated_lesson", "module_id": "paid_module"},
        ),
        Case(
            "a module of another course",
            NOTHING_THERE,
            args={"lesson_id": "gated_lesson", "module_id": "open_module"},
        ),
        Case(
            "a draft lesson's",
            NOTHING_THERE,
            args={"lesson_id": "draft_lesson", "module_id": "draft_module"},
        ),
    ),
    # The email forms, for visitors' course pages kept in the page cache.
    entry("courses:notify_me", NOTHING_THERE, label="an open course: no form"),
    entry("courses:lesson_notify_me", NOTHING_THERE, label="an open lesson: no form"),
    cases(
        "courses:email_access_request",
        Case("its email course", PUBLIC, args={"course_id": "email_course"}),
        Case("a paid course: no form", NOTHING_THERE),
    ),
    # Media library.
    entry("media_library:dashboard", PUBLIC),
    entry("media_library:mine", SIGNED_IN),
    entry("media_library:students", Rule("teachers only", TEACHERS)),
    entry("media_library:upload", SIGNED_IN),
    entry("media_library:hide", POST_ONLY, args={"pk": "public_asset"}),
    entry("media_library:unhide", POST_ONLY, args={"pk": "hidden_asset"}),
    cases(
        "media_library:detail",
        *(Case(label, rule, args={"pk": asset}) for label, rule, asset, _ in MEDIA),
    ),
    cases(
        "media_library:file",
        *(
            Case(
                label,
                rule,
                args={"pk": asset, "rendition": Raw("file")},
                gated=gated,
                shared=rule is PUBLIC,
                content=f"{asset}_bytes" if asset == "lesson_video" else "",
            )
            for label, rule, asset, gated in MEDIA
        ),
        Case(
            "private image's preview",
            MEDIA_CARETAKERS,
            args={"pk": "private_asset", "rendition": Raw("preview")},
            gated=True,
        ),
    ),
    cases(
        "media_library:caption",
        *(
            Case(
                label,
                rule,
                args={"pk": asset, "language": Raw("en")},
                gated=gated,
                shared=rule is PUBLIC,
                content="captions_bytes",
            )
            for label, rule, asset, gated in MEDIA
        ),
        Case(
            "a language it has no captions in",
            NOTHING_THERE,
            args={"pk": "public_asset", "language": Raw("fr")},
        ),
    ),
    entry(
        "media_library:captions",
        Rule("the video's owner and moderators", OWNER_AND_MODERATORS),
        args={"pk": "lesson_video"},
    ),
    entry(
        "media_library:caption_delete",
        POST_ONLY,
        args={"pk": "lesson_video", "language": Raw("en")},
    ),
    entry("media_library:edit", MEDIA_CARETAKERS, args={"pk": "private_asset"}),
    entry(
        "media_library:delete",
        Rule("its owner and moderators", frozenset({ENROLLED, MODERATOR, ADMIN})),
        args={"pk": "private_asset"},
    ),
    # Payments. Orders and donations are addressed by an unguessable
    # reference: their pages are for whoever holds the link.
    entry("commerce:plans", PUBLIC),
    cases(
        "commerce:donate",
        # Nothing can be paid here: no payment provider is set up.
        Case(
            "to a teacher",
            Rule(
                "nobody: no payment provider",
                frozenset(),
                visitors=NOT_FOUND,
                members=NOT_FOUND,
            ),
        ),
        Case(
            "to a student",
            Rule(
                "nobody: this student takes no donations",
                frozenset(),
                visitors=MEMBER_REFUSED,
                members=MEMBER_REFUSED,
            ),
            args={"recipient_id": "student"},
        ),
    ),
    entry("commerce:donations_received", SIGNED_IN),
    cases(
        "commerce:order",
        Case(
            "by its reference",
            Rule(
                "the buyer only",
                frozenset({BUYER}),
                visitors=REFUSED,
                members=MEMBER_REFUSED,
            ),
            args={"public_id": "order"},
        ),
        Case(
            "by its integer id",
            NOT_BY_INTEGER_ID,
            args={"public_id": "order"},
            by_integer_id=True,
        ),
    ),
    cases(
        "commerce:donation",
        Case(
            "a member's, by its reference",
            Rule(
                "the donor only",
                frozenset({ENROLLED}),
                visitors=REFUSED,
                members=MEMBER_REFUSED,
            ),
            args={"public_id": "donation"},
        ),
        Case(
            "a visitor's, by its reference",
            Rule("whoever holds the link", EVERYONE),
            args={
                "public_id": "anonymous_donation",
                "donation_id": "anonymous_donation",
            },
        ),
        Case(
            "a member's, by its integer id",
            NOT_BY_INTEGER_ID,
            args={"public_id": "donation"},
            by_integer_id=True,
        ),
        Case(
            "a visitor's, by its integer id",
            NOT_BY_INTEGER_ID,
            args={
                "public_id": "anonymous_donation",
                "donation_id": "anonymous_donation",
            },
            by_integer_id=True,
        ),
    ),
    entry("commerce:course_checkout", POST_ONLY),
    entry("commerce:course_mpesa", POST_ONLY),
    entry("commerce:plan_checkout", POST_ONLY),
    entry("commerce:stripe_webhook", POST_ONLY),
    entry("commerce:mpesa_callback", POST_ONLY),
    # Chat. A course's room is for those who may read the course.
    # What the search finds is checked by role in search/tests.
    entry(("search:search", "search:suggestions"), PUBLIC),
    entry("chat:my_chats", SIGNED_IN),
    entry("chat:public", SIGNED_IN_SENT_ON),
    entry("chat:direct", POST_ONLY),
    cases(
        "chat:room",
        Case("the paid course's", ROOM_OF_PAID_COURSE),
        Case("the public room", SIGNED_IN, args={"room_id": "public_room"}),
        Case("a direct room", DIRECT_ROOM, args={"room_id": "direct_room"}),
    ),
    cases(
        "chat:older",
        Case("the paid course's", ROOM_OF_PAID_COURSE, query="before={message.pk}"),
        Case(
            "a direct room",
            DIRECT_ROOM,
            args={"room_id": "direct_room"},
            query="before={message.pk}",
        ),
    ),
    cases(
        "chat:course",
        Case(
            "the paid course",
            Rule(
                "its members are sent to its room",
                PAID_COURSE_MEMBERS,
                granted=REDIRECT,
                members=MEMBER_REFUSED,
            ),
        ),
        Case(
            "a draft course",
            Rule("nobody: a draft has no room", frozenset(), members=MEMBER_REFUSED),
            args={"course_id": "draft_course"},
        ),
        Case(
            "no such course",
            Rule("nobody", frozenset(), members=NOT_FOUND),
            args={"course_id": Raw("999999")},
        ),
    ),
    # The community. Its listings show what each may see: board posts to
    # the course's members, hidden and held posts to their authors and
    # moderators, and lesson questions only under their lessons.
    cases(
        "community:feed",
        Case(
            "board posts of my courses",
            PUBLIC,
            readers=BOARD_MEMBERS,
            secret=BOARD_POST_TITLE,
        ),
        Case(
            "a hidden post",
            PUBLIC,
            readers=HIDDEN_POST_READERS,
            secret=HIDDEN_POST_TITLE,
        ),
        Case("a held post", PUBLIC, readers=HELD_POST_READERS, secret=HELD_POST_TITLE),
        Case(
            "no lesson questions",
            PUBLIC,
            readers=frozenset(),
            secret=QUESTION_TITLE,
        ),
    ),
    cases(
        "community:board",
        Case(
            "the paid course's",
            BOARD,
            readers=HELD_POST_READERS,
            secret=HELD_POST_TITLE,
        ),
        Case(
            "a draft course's",
            community_place(
                "the course's teacher, moderators and admins", OWNER_AND_MODERATORS
            ),
            args={"course_pk": "draft_course"},
        ),
        Case("no such course", NOTHING_THERE, args={"course_pk": Raw("999999")}),
    ),
    cases(
        "community:post",
        Case("the student's feed post", PUBLIC, args={"pk": "feed_post"}),
        Case("a board post", BOARD, args={"pk": "board_post"}),
        Case("a lesson question", LESSON_QUESTIONS, args={"pk": "question"}),
        Case(
            "a hidden feed post",
            community_place("its author and community moderators", HIDDEN_POST_READERS),
            args={"pk": "hidden_post"},
        ),
        Case(
            "a held board post",
            community_place("its author and its moderators", HELD_POST_READERS),
            args={"pk": "held_post"},
        ),
        Case("no such post", NOTHING_THERE, args={"pk": Raw("999999")}),
    ),
    entry("community:post_new", SIGNED_IN),
    # Edit and delete, who liked, report, mute its author: each for some of
    # those who see it.
    *(
        cases(
            f"community:{kind}_{page}",
            *(
                Case(
                    label,
                    community_author(
                        rule_name, allowed(author, on_board), on_board=on_board
                    ),
                    args={"pk": record},
                )
                for label, record, author, on_board in CONTRIBUTIONS[kind]
            ),
        )
        for kind in CONTRIBUTIONS
        for page, (rule_name, allowed) in CONTRIBUTION_PAGES.items()
    ),
    # Buttons, and the form's preview.
    entry(
        (
            "community:preview",
            "community:post_like",
            "community:post_hide",
            "community:post_unhide",
            "community:post_lock",
            "community:post_unlock",
            "community:post_approve",
            "community:post_unaccept",
            "community:comment_new",
        ),
        POST_ONLY,
        args={"pk": "question"},
    ),
    entry(
        (
            "community:comment_like",
            "community:comment_hide",
            "community:comment_unhide",
            "community:comment_accept",
        ),
        POST_ONLY,
        args={"pk": "answer"},
    ),
    # A course's reviews: anyone who may open its page reads the shown
    # ones; those who see a review may report it, but its author.
    cases(
        "community:course_reviews",
        Case(
            "the paid course's",
            PUBLIC,
            readers=HIDDEN_REVIEW_READERS,
            secret=HIDDEN_REVIEW_TEXT,
        ),
        Case("a draft course's", NOTHING_THERE, args={"course_pk": "draft_course"}),
    ),
    cases(
        "community:review_report",
        Case(
            "the buyer's review",
            Rule("those who see it, but its author", MEMBERS - {BUYER}),
            args={"pk": "review"},
        ),
        Case(
            "a hidden review",
            Rule(
                "its moderators (its author may not report it)",
                COMMUNITY_MODERATORS,
                visitors=(LOGIN,),
                members=MEMBER_REFUSED,
            ),
            args={"pk": "hidden_review"},
        ),
    ),
    entry(
        (
            "community:review_delete",
            "community:review_reply",
            "community:review_hide",
            "community:review_unhide",
        ),
        POST_ONLY,
        args={"pk": "review"},
    ),
    # A lesson's questions: for those who may read the lesson.
    cases(
        "community:lesson_questions",
        Case(
            "the paid lesson's",
            LESSON_QUESTIONS,
            readers=PAID_COURSE_READERS,
            secret=QUESTION_TITLE,
        ),
        Case("a free preview's", PUBLIC, args={"lesson_pk": "preview_lesson"}),
        Case(
            "the email lesson's",
            community_place("verified addresses", EMAIL_COURSE_READERS),
            args={"lesson_pk": "email_lesson"},
            gated=True,
        ),
        Case("a draft lesson's", NOTHING_THERE, args={"lesson_pk": "draft_lesson"}),
    ),
    # Notifications: one's own. The bell, signed out, tells HTMX to stop.
    entry(
        "notifications:list",
        SIGNED_IN,
        readers=frozenset({STUDENT}),
        secret=NOTIFICATION_TEXT,
    ),
    entry("notifications:bell", Rule("members", MEMBERS, visitors=STOP_POLLING)),
    entry(
        (
            "notifications:mark_all_read",
            "notifications:open",
            "notifications:digest",
            "notifications:course_email",
        ),
        POST_ONLY,
        args={"pk": "notification"},
    ),
    # The digest's link: the signature is the credential (a button, then
    # a POST, unsubscribes).
    cases(
        "notifications:unsubscribe",
        Case(
            "the student's",
            Rule("whoever holds the link", EVERYONE),
            args={"token": "unsubscribe_token"},
            gated=True,
        ),
        Case(
            "a tampered one",
            Rule(
                "nobody: a tampered link",
                frozenset(),
                visitors=BAD_REQUEST,
                members=BAD_REQUEST,
            ),
        ),
    ),
    # ======================================================================
    # The Wagtail admin: whoever may not enter it is sent to sign in
    # ======================================================================
    # Everyone signs in through allauth.
    entry("/admin/login/", TO_SIGN_IN),
    entry("wagtailadmin_login", TO_SIGN_IN),
    # Switched off (WAGTAIL_PASSWORD_RESET_ENABLED): allauth resets passwords.
    entry(
        "wagtailadmin_password_reset*",
        NOTHING_THERE,
        args={"uidb64": Raw("MQ"), "token": Raw("not-a-real-token")},
    ),
    entry("wagtailadmin_sprite", PUBLIC),
    entry("wagtailadmin_javascript_catalog", PUBLIC),
    entry("/admin/.*/$", ADMIN_NOTHING_THERE, path=Raw("/admin/no-such-page/")),
    entry("/admin/test404/", ANY_STAFF),
    # Wagtail's deliberate error, to try error reporting.
    entry(
        "wagtailadmin_error_test",
        admin_area("an error on purpose", STAFF, granted=SERVER_ERROR),
    ),
    # The dashboard lists one's courses, and what awaits one's review.
    entry(
        "wagtailadmin_home",
        ANY_STAFF,
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry("wagtailadmin_account", ANY_STAFF),
    entry("wagtailadmin_logout", ADMIN_POST_ONLY),
    entry("wagtailadmin_dismissibles", ANY_STAFF),
    # Nothing to preview without a block.
    entry("wagtailadmin_block_preview", ADMIN_NOTHING_THERE),
    entry(
        "wagtailadmin_editing_sessions:*",
        ADMIN_POST_ONLY,
        args={
            "app_label": Raw("wagtailcore"),
            "model_name": Raw("page"),
            "object_id": "paid_course",
        },
    ),
    entry(
        "wagtailadmin_tag_*autocomplete",
        ANY_STAFF,
        args={"app_name": Raw("taggit"), "model_name": Raw("tag")},
    ),
    entry("wagtailembeds:*", ANY_STAFF),
    entry("wagtail_modeladmin:javascript_catalog", ANY_STAFF),
    entry(
        "wagtail_bulk_action",
        COURSE_TEACHERS,
        args={
            "app_label": Raw("wagtailcore"),
            "model_name": Raw("page"),
            "action": Raw("publish"),
        },
        query="id={draft_module.pk}",
    ),
    # Pages: a course's teachers (and moderators and admins) work on it;
    # other teachers neither see nor touch it. Lectern mounts some views
    # ahead of Wagtail's, at the same addresses, to narrow what they show
    # (courses/admin_urls.py): each entry names both.
    entry(
        ("wagtailadmin_explore_root",),
        admin_area(
            "anyone who may enter the admin, from the highest page they see",
            STAFF,
            granted=(OK, REDIRECT),
        ),
    ),
    cases(
        (
            "wagtailadmin_explore*",
            "/admin/pages/<int:parent_page_id>/",
            "/admin/pages/<int:parent_page_id>/results/",
        ),
        Case("the paid course", COURSE_TEACHERS),
        Case(
            "the catalog, where teachers add courses",
            ANY_STAFF,
            args={"parent_page_id": "catalog"},
            readers=OWNER_AND_MODERATORS,
            secret=DRAFT_COURSE_TITLE,
        ),
    ),
    entry(
        ("wagtailadmin_choose_page_child", "/admin/choose-page/<int:parent_page_id>/"),
        ANY_STAFF,
        label="the catalog: anyone may link to a published course",
        args={"parent_page_id": "catalog"},
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry(
        (
            "wagtailadmin_choose_page_chosen_multiple",
            "/admin/choose-page/chosen-multiple/",
        ),
        COURSE_TEACHERS,
        label="the draft course: its teachers only",
        query="id={draft_course.pk}",
    ),
    entry(
        "wagtailadmin_choose_page_search",
        ANY_STAFF,
        query="q=Unannounced",
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry("wagtailadmin_choose_page*", ANY_STAFF),
    entry(
        ("wagtailadmin_pages:choose_parent", "/admin/pages/create/*"),
        # Teachers add courses to the catalog: the one place they may.
        ANY_STAFF_SENT_ON,
        args={"app_label": Raw("courses"), "model_name": Raw("coursepage")},
    ),
    entry(
        "wagtailadmin_pages:type_use*",
        ANY_STAFF,
        args={
            "content_type_app_name": Raw("courses"),
            "content_type_model_name": Raw("coursepage"),
        },
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry(
        "wagtailadmin_pages:search*",
        ANY_STAFF,
        query="q=Unannounced",
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    # Its only subpage type: straight to the form.
    entry(
        "wagtailadmin_pages:add_subpage",
        admin_area(
            "the course's teacher, moderators and admins",
            OWNER_AND_MODERATORS,
            granted=REDIRECT,
        ),
    ),
    cases(
        "wagtailadmin_pages:delete",
        Case("a live course", ADMINS),
        Case(
            "a draft course (its teacher may delete it)",
            admin_area("its teacher and admins", frozenset({OWNER_TEACHER, ADMIN})),
            args={"page_id": "draft_course"},
        ),
    ),
    # Moving is deleting and adding again: a teacher moves a draft lesson
    # of their course. The confirmation names both pages.
    entry("wagtailadmin_pages:move*", COURSE_TEACHERS),
    entry("wagtailadmin_pages:unpublish", MODERATORS),
    entry("wagtailadmin_pages:set_privacy", MODERATORS),
    entry("wagtailadmin_pages:revisions_unschedule", MODERATORS),
    entry("wagtailadmin_pages:convert_alias", ADMIN_NOTHING_THERE),
    entry("wagtailadmin_pages:lock", ADMIN_POST_ONLY),
    entry("wagtailadmin_pages:unlock", ADMIN_POST_ONLY),
    entry("wagtailadmin_pages:set_page_position", ADMIN_POST_ONLY),
    # Wagtail's old address: on to the history, which checks.
    entry("wagtailadmin_pages:revisions_index", ANY_STAFF_SENT_ON),
    entry(
        "wagtailadmin_pages:revisions_compare",
        COURSE_TEACHERS,
        args={
            "pk": "paid_course",
            "revision_id_a": Raw("earliest"),
            "revision_id_b": Raw("latest"),
        },
    ),
    # The draft course waits for review by moderators.
    entry(
        (
            "wagtailadmin_pages:workflow_action",
            "wagtailadmin_pages:collect_workflow_action_data",
            "wagtailadmin_pages:workflow_preview",
        ),
        MODERATORS,
        args={"page_id": "draft_course"},
    ),
    entry(
        "wagtailadmin_pages:workflow_history*",
        COURSE_TEACHERS,
        args={"page_id": "draft_course"},
    ),
    # Only says whether publishing would cancel a workflow, and its name.
    entry(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        ANY_STAFF,
        args={"page_id": "draft_course"},
    ),
    # Reviewers read what they review.
    cases(
        "wagtailadmin_pages:view_draft",
        Case("the paid course", COURSE_TEACHERS),
        Case(
            "a draft lesson",
            COURSE_TEACHERS,
            args={"page_id": "draft_lesson"},
            readers=OWNER_AND_MODERATORS,
            secret=DRAFT_SECRET,
        ),
    ),
    entry("wagtailadmin_pages:*", COURSE_TEACHERS),
    # The admin's API, which its choosers and explorer read.
    entry(
        "wagtailadmin_api:pages:action",
        ADMIN_POST_ONLY,
        args={"pk": "paid_course", "action_name": Raw("copy")},
    ),
    entry(
        "wagtailadmin_api:pages:listing",
        ANY_STAFF,
        query="child_of={catalog.pk}",
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry(
        "wagtailadmin_api:pages:detail",
        COURSE_TEACHERS,
        label="the draft course: its teachers only",
        args={"pk": "draft_course"},
    ),
    entry(
        "wagtailadmin_api:pages:find",
        admin_area(COURSE_TEACHERS.name, OWNER_AND_MODERATORS, granted=REDIRECT),
        label="the draft course: its teachers only",
        query="id={draft_course.pk}",
    ),
    *(
        entry_set
        for kind, title in (
            ("images", GATED_IMAGE_TITLE),
            ("documents", GATED_DOCUMENT_TITLE),
        )
        for entry_set in (
            entry(
                f"wagtailadmin_api:{kind}:listing",
                ANY_STAFF,
                readers=OWNER_AND_MODERATORS,
                secret=title,
            ),
            entry(
                f"wagtailadmin_api:{kind}:detail",
                UPLOADER,
                args={"pk": f"gated_{kind[:-1]}"},
            ),
            # Looked up, then sent on to the detail.
            entry(
                f"wagtailadmin_api:{kind}:find",
                admin_area(UPLOADER.name, OWNER_AND_MODERATORS, granted=REDIRECT),
                query=f"id={{gated_{kind[:-1]}.pk}}",
            ),
        )
    ),
    # Images and documents: teachers add them, and choose their own and
    # shared ones; moderators and admins manage all. The paid lesson's are
    # the owner teacher's uploads.
    entry(
        ("wagtailimages:index*", "wagtailimages_chooser:choose*"),
        ANY_STAFF,
        readers=OWNER_AND_MODERATORS,
        secret=GATED_IMAGE_TITLE,
    ),
    entry("wagtailimages_chooser:create", ANY_STAFF),
    entry(
        "wagtailimages_chooser:chosen_multiple",
        ANY_STAFF,
        query="id={gated_image.pk}",
        readers=OWNER_AND_MODERATORS,
        secret=GATED_IMAGE_TITLE,
    ),
    entry("wagtailimages:add*", ANY_STAFF),
    entry("wagtailimages:*_multiple", ADMIN_POST_ONLY),
    entry("wagtailimages:*_uploaded_image", ADMIN_POST_ONLY),
    # Lectern routes no image serve view, which the URL generator needs.
    entry("wagtailimages:url_generator*", ADMIN_NOTHING_THERE),
    # The bytes of the paid lesson's image: as on the site, its readers
    # only (see the report on moderators).
    entry(
        "wagtailimages:preview",
        admin_area(
            "the paid lesson's readers among those in the admin",
            PAID_COURSE_READERS & STAFF,
        ),
        args={"filter_spec": Raw("max-165x165")},
    ),
    entry("wagtailimages:*", UPLOADER),
    entry("wagtailimages_chooser:*", UPLOADER, args={"pk": "gated_image"}),
    entry(
        ("wagtaildocs:index*", "wagtaildocs_chooser:choose*"),
        ANY_STAFF,
        readers=OWNER_AND_MODERATORS,
        secret=GATED_DOCUMENT_TITLE,
    ),
    entry("wagtaildocs_chooser:create", ANY_STAFF),
    entry(
        "wagtaildocs_chooser:chosen_multiple",
        ANY_STAFF,
        query="id={gated_document.pk}",
        readers=OWNER_AND_MODERATORS,
        secret=GATED_DOCUMENT_TITLE,
    ),
    entry("wagtaildocs:add*", ANY_STAFF),
    entry("wagtaildocs:*_multiple", ADMIN_POST_ONLY),
    entry("wagtaildocs:*_uploaded_document", ADMIN_POST_ONLY),
    entry("wagtaildocs:*", UPLOADER),
    entry("wagtaildocs_chooser:*", UPLOADER, args={"pk": "gated_document"}),
    # Snippets. Each has its own menu; Wagtail's index of them lists none.
    entry("wagtailsnippets:index", NOBODY_IN_ADMIN),
    entry("wagtailsnippets_courses_subject:*", ADMINS, args={"pk": "subject"}),
    # Teachers pick a subject for their courses.
    entry(
        "wagtailsnippetchoosers_courses_subject:create",
        ADMINS,
        args={"pk": "subject"},
    ),
    entry(
        "wagtailsnippetchoosers_courses_subject:*", ANY_STAFF, args={"pk": "subject"}
    ),
    entry("wagtailsnippets_commerce_plan:*", ADMINS, args={"pk": "plan"}),
    # What the site sells is no secret.
    entry("wagtailsnippetchoosers_commerce_plan:create", ADMINS),
    entry("wagtailsnippetchoosers_commerce_plan:*", ANY_STAFF, args={"pk": "plan"}),
    # Coupon codes are secret: only admins see them, choosers included.
    entry("wagtailsnippets_commerce_coupon:*", ADMINS, args={"pk": "coupon"}),
    entry("wagtailsnippetchoosers_commerce_coupon:*", ADMINS, args={"pk": "coupon"}),
    # Which student is in which teacher's care is for admins.
    entry(
        (
            "wagtailsnippets_members_teacherassignment:*",
            "wagtailsnippetchoosers_members_teacherassignment:*",
        ),
        ADMINS,
        args={"pk": "teacher_assignment"},
    ),
    # Chat reports: members write them; moderators read them and give their
    # verdict on the message (by POST), never edit or delete them.
    entry(
        (
            "wagtailsnippets_chat_report:add",
            "wagtailsnippets_chat_report:edit",
            "wagtailsnippets_chat_report:copy",
            "wagtailsnippets_chat_report:delete",
            "wagtailsnippets_chat_report:usage",
            "wagtailsnippetchoosers_chat_report:create",
        ),
        NOBODY_IN_ADMIN,
        args={"pk": "report"},
    ),
    entry(
        (
            "wagtailsnippets_chat_report:delete_message",
            "wagtailsnippets_chat_report:mute_author",
            "wagtailsnippets_chat_report:dismiss",
        ),
        MODERATORS_POST_ONLY,
        args={"pk": "report"},
    ),
    entry(
        ("wagtailsnippets_chat_report:*", "wagtailsnippetchoosers_chat_report:*"),
        MODERATORS,
        args={"pk": "report"},
    ),
    # The community's screens: for community moderators only (teachers
    # moderate on the site). Its records are read there, and acted on by
    # the buttons of their pages (POST); nobody adds, edits, copies or
    # deletes them as records.
    *(
        entry_set
        for model, record, actions in (
            ("report", "post_report", ("hide", "mute_author", "dismiss")),
            ("post", "hidden_post", ("approve", "hide", "unhide")),
            ("comment", "feed_comment", ("hide", "unhide")),
            ("review", "review", ("hide", "unhide")),
            ("mute", "mute", ("end",)),
        )
        for entry_set in (
            entry(
                (
                    *(
                        f"wagtailsnippets_community_{model}:{view}"
                        for view in ("add", "edit", "copy", "delete", "usage")
                    ),
                    f"wagtailsnippetchoosers_community_{model}:create",
                ),
                NOBODY_IN_ADMIN,
                args={"pk": record},
            ),
            entry(
                tuple(f"wagtailsnippets_community_{model}:{a}" for a in actions),
                MODERATORS_POST_ONLY,
                args={"pk": record},
            ),
            entry(
                (
                    f"wagtailsnippets_community_{model}:*",
                    f"wagtailsnippetchoosers_community_{model}:*",
                ),
                MODERATORS,
                args={"pk": record},
            ),
        )
    ),
    entry(
        (
            "community_held_posts:add",
            "community_held_posts:edit",
            "community_held_posts:copy",
            "community_held_posts:delete",
            "community_held_posts:usage",
        ),
        NOBODY_IN_ADMIN,
        args={"pk": "held_post"},
    ),
    entry(
        ("community_held_posts:approve", "community_held_posts:hide"),
        MODERATORS_POST_ONLY,
        args={"pk": "held_post"},
    ),
    entry(
        ("community_held_posts:index*", "community_held_posts:inspect"),
        MODERATORS,
        args={"pk": "held_post"},
        readers=COMMUNITY_MODERATORS,
        secret=HELD_POST_TITLE,
    ),
    entry("community_held_posts:*", MODERATORS, args={"pk": "held_post"}),
    # Media assets arrive through the site's upload (or the lesson chooser's,
    # the same one), never the admin's snippet forms.
    entry(
        (
            "wagtailsnippets_media_library_mediaasset:add",
            "wagtailsnippets_media_library_mediaasset:copy",
            "wagtailsnippets_media_library_mediaasset:preview_on_add",
            "wagtailsnippetchoosers_media_library_mediaasset:create",
        ),
        NOBODY_IN_ADMIN,
        args={"pk": "public_asset"},
    ),
    entry(
        "wagtailsnippets_media_library_mediaasset:revisions_*",
        MODERATORS,
        args={
            "pk": "public_asset",
            "revision_id": "media_revision",
            "revision_id_a": Raw("earliest"),
            "revision_id_b": Raw("latest"),
        },
    ),
    entry(
        "wagtailsnippets_media_library_mediaasset:confirm_workflow_cancellation",
        ANY_STAFF,
        args={"pk": "review_asset"},
    ),
    # The asset in review: moderators review it, and so does the teacher
    # of its course (through the workflow's own views).
    entry(
        (
            "wagtailsnippets_media_library_mediaasset:workflow_action",
            "wagtailsnippets_media_library_mediaasset:collect_workflow_action_data",
            "wagtailsnippets_media_library_mediaasset:workflow_preview",
        ),
        admin_area("its course's teacher and moderators", OWNER_AND_MODERATORS),
        args={
            "pk": "review_asset",
            "task_state_id": "media_task_state",
            "task_id": "media_task_state.task",
        },
    ),
    entry(
        "wagtailsnippets_media_library_mediaasset:*workflow*",
        MODERATORS,
        args={
            "pk": "review_asset",
            "workflow_state_id": "media_workflow_state",
        },
    ),
    # Who may see a student's private media is the site's rule: never
    # listed to a teacher who does not look after it.
    entry(
        (
            "wagtailsnippets_media_library_mediaasset:*",
            "wagtailsnippetchoosers_media_library_mediaasset:*",
        ),
        MODERATORS,
        args={"pk": "private_asset"},
    ),
    cases(
        "media_library_playable_chooser:chosen",
        Case(
            "the teacher's own private video",
            admin_area("its owner only", frozenset({OWNER_TEACHER})),
            args={"pk": "lesson_video"},
        ),
    ),
    # Its upload tab too: every member of staff here may upload on the site.
    entry("media_library_playable_chooser:*", ANY_STAFF),
    # Payment records: admins read them, nobody edits them; teachers see
    # the donations they received.
    *(
        entry(
            f"commerce_{model}_modeladmin_{view}",
            NOBODY_IN_ADMIN,
            args={"instance_pk": record},
        )
        for model, record in RECORDS.items()
        for view in ("create", "edit", "delete")
    ),
    entry(
        "commerce_donation_modeladmin_index",
        admin_area("teachers and admins", TEACHERS | {ADMIN}),
    ),
    entry(
        "commerce_donation_modeladmin_*",
        admin_area("its recipient and admins", frozenset({OWNER_TEACHER, ADMIN})),
        args={"instance_pk": "donation"},
    ),
    *(
        entry(f"commerce_{model}_modeladmin_*", ADMINS, args={"instance_pk": record})
        for model, record in RECORDS.items()
        if model != "donation"
    ),
    entry("commerce_revenue", ADMINS),
    # A course's analytics: its students, its sales, its teacher's donations.
    entry("analytics:index", ANY_STAFF),
    entry("analytics:report", COURSE_TEACHERS_ONLY),
    cases(
        "analytics:export",
        *(
            Case(f"its {table}", COURSE_TEACHERS_ONLY, args={"table": Raw(table)})
            for table in ["students", "revenue"]
        ),
    ),
    entry("commerce_setup", ADMINS),
    # The site's setup: admins only.
    entry("wagtailusers_users:*", ADMINS, args={"pk": "student"}),
    entry("wagtailusers_groups:*", ADMINS, args={"pk": "teachers_group"}),
    entry("wagtailsites:*", ADMINS, args={"pk": "site"}),
    entry("wagtailadmin_collections:*", ADMINS, args={"pk": "course_collection"}),
    # Workflow tasks are listed by name to whoever may enter the admin;
    # only admins may create them (Wagtail checks on saving).
    entry("wagtailadmin_workflows:task_cho*", ANY_STAFF),
    entry(
        (
            "wagtailadmin_workflows:enable*",
            "wagtailadmin_workflows:remove",
        ),
        ADMIN_POST_ONLY,
        args={
            "pk": "review_workflow",
            "page_pk": "catalog",
            "workflow_pk": "review_workflow",
        },
    ),
    entry(
        "wagtailadmin_workflows:*",
        ADMINS,
        args={
            "pk": "review_workflow",
            "page_pk": "catalog",
            "workflow_pk": "review_workflow",
            "app_label": Raw("wagtailcore"),
            "model_name": Raw("groupapprovaltask"),
        },
    ),
    entry(
        "wagtailredirects:process_import",
        admin_area("POST only, admins", frozenset({ADMIN}), granted=NOT_ALLOWED),
    ),
    entry("wagtailredirects:*", ADMINS),
    # Promoted search results and the query log: admins only. Wagtail's
    # query chooser is narrowed ahead of it (search/admin_urls.py).
    entry(
        (
            "/admin/searchpicks/queries/chooser/",
            "/admin/searchpicks/queries/chooser/results/",
        ),
        ADMINS,
    ),
    entry("wagtailsearchpromotions:*", ADMINS, args={"query_id": "search_query"}),
    # Without an id: on to the current site's.
    entry(
        "/admin/settings/<slug:app_name>/<slug:model_name>/",
        admin_area(ADMINS.name, frozenset({ADMIN}), granted=REDIRECT),
        args={"app_name": Raw("home"), "model_name": Raw("legalpages")},
    ),
    # Legal pages are not previewable.
    entry(
        "wagtailsettings:preview_on_edit",
        admin_area(ADMINS.name, frozenset({ADMIN}), granted=NOT_FOUND),
        args={"app_name": Raw("home"), "model_name": Raw("legalpages"), "pk": "site"},
    ),
    entry(
        "wagtailsettings:*",
        ADMINS,
        args={"app_name": Raw("home"), "model_name": Raw("legalpages"), "pk": "site"},
    ),
    # Lectern has no form pages.
    entry("wagtailforms:delete_submissions", NOBODY_IN_ADMIN),
    # Reports and listings that name every page, or whoever owns or edited
    # one (the forms listing's filters): for those who see every page.
    entry(
        (
            "wagtailadmin_reports:page_types_usage*",
            "/admin/reports/page-types-usage/*",
            "wagtailadmin_reports:locked_pages*",
            "wagtailforms:index*",
            "/admin/forms/",
            "/admin/forms/results/",
        ),
        MODERATORS,
    ),
    entry("wagtailforms:*", ADMIN_NOTHING_THERE),
    # Those about pages list only the pages one may see.
    entry(
        (
            "wagtailadmin_reports:workflow*",
            "/admin/reports/workflow/*",
            "wagtailadmin_reports:site_history*",
        ),
        ANY_STAFF,
        readers=OWNER_AND_MODERATORS,
        secret=DRAFT_COURSE_TITLE,
    ),
    entry("wagtailadmin_reports:aging_pages*", ANY_STAFF),
    # ======================================================================
    # The REST API (/api/v1/): with the role's access token
    # ======================================================================
    # What it offers, and how to use it: the same for everyone.
    entry("api:openapi-json", API_PUBLIC, shared=True),
    entry("api:openapi-view", PUBLIC, shared=True),
    # Under /api/, nothing else is there: the API's 404, not the site's page.
    entry("api:api-root", API_NOTHING_THERE),
    entry("/^api/*", API_NOTHING_THERE, path=Raw("/api/v1/no-such-resource")),
    # Addresses with only operations that write (POST, PUT, PATCH, DELETE):
    # a GET is not allowed, whoever asks.
    entry(
        (
            "api:register",
            "api:email_verify",
            "api:email_resend",
            "api:token_obtain",
            "api:token_refresh",
            "api:token_verify",
            "api:logout",
            "api:me_avatar",
            "api:me_deletion",
            "api:course_enrollment",
            "api:lesson_completion",
            "api:lesson_notes",
            "api:quiz_attempt_create",
            "api:course_certificate",
            "api:media_hide",
            "api:media_captions",
            "api:media_caption",
            "api:community_post_accepted_answer",
            "api:community_post_like",
            "api:community_comment_like",
            "api:community_report_create",
            "api:community_review_reply",
            "api:notification_mark_all_read",
            "api:notification_mark_read",
            "api:notification_course_email",
            "api:checkout_create",
            "api:mpesa_payment_create",
        ),
        WRITE_ONLY,
        args={
            "asset_id": "public_asset",
            "language": Raw("en"),
            "post_id": "question",
            "comment_id": "answer",
            "review_id": "review",
            "notification_id": "notification",
        },
    ),
    # Members: one's own account.
    entry("api:me", API_SIGNED_IN),
    entry("api:me_export", API_SIGNED_IN),
    # Courses: the catalog and outlines are public, drafts nobody's (their
    # teachers preview them in the editor); lessons as on their pages.
    entry(
        ("api:subject_list", "api:subject_detail"),
        API_PUBLIC,
        args={"subject_id": "subject"},
        shared=True,
    ),
    entry(
        "api:course_list",
        API_PUBLIC,
        readers=frozenset(),
        secret=DRAFT_COURSE_TITLE,
    ),
    cases(
        "api:course_detail",
        Case(
            "the paid course: its outline, no lesson's body",
            API_PUBLIC,
            readers=frozenset(),
            secret=GATED_SECRET,
        ),
        Case("a draft course", API_NOTHING_THERE, args={"course_id": "draft_course"}),
        Case("no such course", API_NOTHING_THERE, args={"course_id": Raw("999999")}),
        Case("an id no course can have", API_NOT_VALID, args={"course_id": Raw("0")}),
    ),
    cases(
        "api:lesson_detail",
        Case(
            "the paid lesson",
            api_open_to_visitors(
                "the paid lesson's readers; locked to others",
                PAID_COURSE_READERS,
                API_FORBIDDEN,
            ),
            readers=PAID_COURSE_READERS,
            secret=GATED_SECRET,
        ),
        # A verified address without an account has no token.
        Case(
            "the email lesson",
            api_open_to_visitors(
                "members with a verified address; locked to visitors",
                MEMBERS,
                API_FORBIDDEN,
            ),
            args={"lesson_id": "email_lesson"},
            readers=MEMBERS,
            secret=EMAIL_SECRET,
        ),
        Case("a free preview", API_PUBLIC, args={"lesson_id": "preview_lesson"}),
        Case("an open lesson", API_PUBLIC, args={"lesson_id": "open_lesson"}),
        Case("a draft lesson", API_NOTHING_THERE, args={"lesson_id": "draft_lesson"}),
        Case("no such lesson", API_NOTHING_THERE, args={"lesson_id": Raw("999999")}),
        Case("an id no lesson can have", API_NOT_VALID, args={"lesson_id": Raw("0")}),
    ),
    # Learning: one's own.
    entry("api:enrollment_list", API_SIGNED_IN),
    entry("api:lesson_note_list", API_SIGNED_IN),
    entry(
        "api:certificate_list",
        API_SIGNED_IN,
        readers=frozenset({ENROLLED}),
        secret=CERTIFICATE_NAME,
    ),
    entry(
        "api:certificate_detail",
        api_own("its holder", ENROLLED),
        args={"certificate_id": "certificate"},
    ),
    # Media: as the media library's pages.
    entry(
        "api:media_list",
        API_PUBLIC,
        readers=frozenset(),
        secret=PRIVATE_MEDIA_TITLE,
        shared=True,
    ),
    entry(
        "api:media_mine",
        API_SIGNED_IN,
        readers=frozenset({ENROLLED}),
        secret=PRIVATE_MEDIA_TITLE,
    ),
    cases(
        "api:media_detail",
        *(
            Case(
                label,
                API_PUBLIC
                if rule is PUBLIC
                else api_open_to_visitors(rule.name, rule.allowed),
                args={"asset_id": asset},
            )
            for label, rule, asset, _ in MEDIA
        ),
        Case("no such asset", API_NOTHING_THERE, args={"asset_id": Raw("999999")}),
    ),
    # The community: what each may see, as on its pages.
    cases(
        "api:community_post_list",
        Case(
            "board posts of my courses",
            API_PUBLIC,
            readers=BOARD_MEMBERS,
            secret=BOARD_POST_TITLE,
        ),
        Case(
            "a hidden post",
            API_PUBLIC,
            readers=HIDDEN_POST_READERS,
            secret=HIDDEN_POST_TITLE,
        ),
        Case(
            "a held post",
            API_PUBLIC,
            readers=HELD_POST_READERS,
            secret=HELD_POST_TITLE,
        ),
        Case(
            "no lesson questions",
            API_PUBLIC,
            readers=frozenset(),
            secret=QUESTION_TITLE,
        ),
    ),
    cases(
        "api:community_board_post_list",
        Case(
            "the paid course's",
            API_BOARD,
            readers=HELD_POST_READERS,
            secret=HELD_POST_TITLE,
        ),
        Case(
            "a draft course's",
            api_open_to_visitors(
                "the course's teacher, moderators and admins",
                OWNER_AND_MODERATORS,
                API_NOT_FOUND,
            ),
            args={"course_id": "draft_course"},
        ),
        Case("no such course", API_NOTHING_THERE, args={"course_id": Raw("999999")}),
    ),
    # A course's reviews, as on its page; one's own review of it.
    cases(
        "api:community_course_review_list",
        Case(
            "the paid course's",
            API_PUBLIC,
            readers=HIDDEN_REVIEW_READERS,
            secret=HIDDEN_REVIEW_TEXT,
        ),
        Case("a draft course's", API_NOTHING_THERE, args={"course_id": "draft_course"}),
    ),
    cases(
        "api:community_course_review_mine",
        Case(
            "of the paid course",
            api_rule(
                "its author's (hidden, still theirs)",
                frozenset({BUYER, ENROLLED}),
                members=API_NOT_FOUND,
            ),
            readers=frozenset({ENROLLED}),
            secret=HIDDEN_REVIEW_TEXT,
        ),
    ),
    cases(
        "api:community_lesson_question_list",
        Case(
            "the paid lesson's",
            API_LESSON_QUESTIONS,
            readers=PAID_COURSE_READERS,
            secret=QUESTION_TITLE,
        ),
        Case("a free preview's", API_PUBLIC, args={"lesson_id": "preview_lesson"}),
        Case(
            "the email lesson's",
            api_open_to_visitors("verified addresses", MEMBERS, API_FORBIDDEN),
            args={"lesson_id": "email_lesson"},
        ),
        Case("a draft lesson's", API_NOTHING_THERE, args={"lesson_id": "draft_lesson"}),
    ),
    *(
        cases(
            f"api:community_{kind}",
            *(
                Case(label, rule, args={f"{kind.split('_')[0]}_id": record})
                for label, record, rule in records
            ),
        )
        for kind, records in (
            (
                "post_detail",
                (
                    ("the student's feed post", "feed_post", API_PUBLIC),
                    ("a board post", "board_post", API_BOARD),
                    ("a lesson question", "question", API_LESSON_QUESTION),
                    (
                        "a hidden feed post",
                        "hidden_post",
                        api_open_to_visitors(
                            "its author and community moderators",
                            HIDDEN_POST_READERS,
                            API_NOT_FOUND,
                        ),
                    ),
                    (
                        "a held board post",
                        "held_post",
                        api_open_to_visitors(
                            "its author and its moderators",
                            HELD_POST_READERS,
                            API_NOT_FOUND,
                        ),
                    ),
                    ("no such post", Raw("999999"), API_NOTHING_THERE),
                ),
            ),
            (
                "post_comment_list",
                (
                    ("the student's feed post", "feed_post", API_PUBLIC),
                    ("a board post", "board_post", API_BOARD),
                    ("a lesson question", "question", API_LESSON_QUESTION),
                ),
            ),
            (
                "comment_detail",
                (
                    ("a comment on the feed", "feed_comment", API_PUBLIC),
                    ("a comment on the board", "board_comment", API_BOARD),
                    ("an answer to a lesson question", "answer", API_LESSON_QUESTION),
                    ("no such comment", Raw("999999"), API_NOTHING_THERE),
                ),
            ),
        )
    ),
    # Who liked a post or a comment: its author and its moderators.
    *(
        cases(
            f"api:community_{kind}_like_list",
            *(
                Case(
                    label,
                    api_rule(
                        CONTRIBUTION_PAGES["likes"][0],
                        contribution_moderators(author, on_board),
                        members=API_REFUSED if on_board else API_FORBIDDEN,
                    ),
                    args={f"{kind}_id": record},
                )
                for label, record, author, on_board in CONTRIBUTIONS[kind]
            ),
        )
        for kind in CONTRIBUTIONS
    ),
    # Notifications: one's own.
    entry(
        "api:notification_list",
        API_SIGNED_IN,
        readers=frozenset({STUDENT}),
        secret=NOTIFICATION_TEXT,
    ),
    entry("api:notification_unread_count", API_SIGNED_IN),
    entry("api:notification_course_email_list", API_SIGNED_IN),
    entry(
        "api:notification_detail",
        api_own("its recipient", STUDENT),
        args={"notification_id": "notification"},
    ),
    # Chat: the rooms one may join, as their pages.
    entry("api:chat_room_list", API_SIGNED_IN),
    *(
        cases(
            name,
            Case(
                "the paid course's",
                api_rule(
                    ROOM_OF_PAID_COURSE.name, PAID_COURSE_MEMBERS, members=API_REFUSED
                ),
                readers=PAID_COURSE_MEMBERS if secret else None,
                secret=secret,
            ),
            Case(
                "the public room",
                API_SIGNED_IN,
                args={"room_id": "public_room"},
            ),
            Case(
                "a direct room",
                api_rule(DIRECT_ROOM.name, DIRECT_ROOM.allowed, members=API_REFUSED),
                args={"room_id": "direct_room"},
            ),
        )
        for name, secret in (
            ("api:chat_room_detail", ""),
            ("api:chat_room_message_list", CHAT_MESSAGE),
        )
    ),
    # Search: nobody finds what they may not see (more in search/tests).
    cases(
        "api:search",
        Case("nothing asked", API_PUBLIC),
        Case(
            "a draft course",
            API_PUBLIC,
            query="q=Unannounced",
            readers=frozenset(),
            secret=DRAFT_COURSE_TITLE,
        ),
    ),
    # Commerce: one's own orders and payments.
    entry(
        "api:order_list",
        API_SIGNED_IN,
        readers=frozenset({BUYER}),
        secret=ORDER_ITEM_TEXT,
    ),
    entry(
        "api:order_detail",
        api_own("its buyer", BUYER),
        readers=frozenset({BUYER}),
        secret=ORDER_ITEM_TEXT,
    ),
    entry(
        "api:payment_list",
        API_SIGNED_IN,
        readers=frozenset({BUYER}),
        secret=PAYMENT_REFERENCE,
    ),
]

# Files at whatever URL their objects give, and at their raw media paths.
FILE_DOORS: list[Case] = [
    Case(
        "paid lesson's image: image.file.url",
        PAID_COURSE_FILE,
        path="gated_image.file.url",
        content="gated_image_bytes",
        gated=True,
    ),
    Case(
        "paid lesson's image: rendition.url",
        PAID_COURSE_FILE,
        path="gated_rendition.url",
        gated=True,
    ),
    *(
        Case(
            f"{label}: raw media path",
            raw_file_path(readers),
            path=f"{name}_raw_path",
            gated=True,
        )
        for label, name, readers in (
            ("paid lesson's image", "gated_image", PAID_COURSE_READERS),
            ("paid lesson's rendition", "gated_rendition", PAID_COURSE_READERS),
            ("paid lesson's document", "gated_document", PAID_COURSE_READERS),
            ("paid lesson's video", "lesson_video", PAID_COURSE_READERS),
            ("email lesson's document", "email_document", EMAIL_COURSE_READERS),
        )
    ),
]

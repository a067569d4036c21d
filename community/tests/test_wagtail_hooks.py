"""
Community moderation in the Wagtail admin (reports and their verdicts, held
posts, posts, comments, course reviews, mutes), for community moderators only; and the
community's part of an account's data export and deletion.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from community.factories import (
    CommentFactory,
    LikeFactory,
    MuteFactory,
    PostFactory,
    ReportFactory,
)
from community.models import (
    Comment,
    Like,
    Mute,
    Post,
    Report,
    Review,
    Revision,
    Status,
)
from community.services import post_update
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CourseRating, Enrollment
from courses.services import course_index_setup
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.selectors import account_data_export
from members.services import account_delete

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

REPORTS = "wagtailsnippets_community_report"
POSTS = "wagtailsnippets_community_post"
HELD = "community_held_posts"
COMMENTS = "wagtailsnippets_community_comment"
REVIEWS = "wagtailsnippets_community_review"
MUTES = "wagtailsnippets_community_mute"
VERDICTS = {
    "hide": {},
    "mute_author": {"minutes": "60", "where": "", "reason": "Spam"},
    "dismiss": {},
}


@pytest.fixture
def moderator(db):
    """A member of the Moderators group, not a superuser."""
    user = UserFactory(display_name="Mo Moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="members"
    )
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    return course


@pytest.fixture
def student(course):
    student = UserFactory(email_verified=True, display_name="Bo")
    Enrollment.objects.create(user=student, course=course, source="free")
    return student


@pytest.fixture
def post(course, student):
    """A post on the course's board, by a student."""
    return PostFactory(
        course=course, author=student, title="Buy cheap knots", body="**Now**"
    )


@pytest.fixture
def report(post):
    ReportFactory(post=post, reason=Report.Reason.SPAM)
    return ReportFactory(post=post, reason=Report.Reason.ABUSE, details="Rude too")


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(namespace: str, name: str, *args) -> str:
    return reverse(f"{namespace}:{name}", args=args)


def is_open(report: Report) -> bool:
    report.refresh_from_db()
    return report.resolved_at is None


# Reports


def test_moderators_list_open_reports_first_and_filter_them(client, moderator, post):
    older = ReportFactory(post=post)
    newer = ReportFactory(post=post)
    resolved = ReportFactory(post=PostFactory(title="Old news"))
    Report.objects.filter(pk=resolved.pk).update(
        resolved_at=timezone.now(), verdict=Report.Verdict.DISMISSED
    )
    client.force_login(moderator)

    listing = client.get(url(REPORTS, "list"))
    everything = client.get(url(REPORTS, "list"), {"status": "all"})
    resolved_only = client.get(url(REPORTS, "list"), {"status": "resolved"})

    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [newer, older]
    content = listing.content.decode()
    for shown in ("Buy cheap knots", "Board of Knots", "Bo"):
        assert shown in content
    assert url(REPORTS, "inspect", older.pk) in content
    assert "Old news" not in content
    assert list(everything.context["object_list"]) == [newer, older, resolved]
    assert list(resolved_only.context["object_list"]) == [resolved]


def test_the_review_shows_the_post_and_every_report_of_it(client, moderator, report):
    client.force_login(moderator)

    response = client.get(url(REPORTS, "inspect", report.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Buy cheap knots" in content
    assert "<strong>Now</strong>" in content
    assert "Spam or advertising" in content
    assert "Harassment or hate: Rude too" in content
    for verdict in VERDICTS:
        assert url(REPORTS, verdict, report.pk) in content


def test_the_review_of_a_comment_shows_the_comments_around_it(client, moderator, post):
    comments = [CommentFactory(post=post, body=f"Comment {n}") for n in range(9)]
    reported = comments[4]
    comments[4].body_html = "<p>You are all idiots</p>"
    comments[4].save()
    report = ReportFactory(post=None, comment=reported)
    client.force_login(moderator)

    response = client.get(url(REPORTS, "inspect", report.pk))

    content = response.content.decode()
    assert "Buy cheap knots" in content
    assert "<mark><p>You are all idiots</p></mark>" in content
    assert "Comment 3" in content
    assert "Comment 5" in content
    assert "Comment 0" not in content
    assert "Comment 8" not in content


def test_a_moderator_hides_the_post_and_every_report_of_it_resolves(
    client, moderator, report
):
    client.force_login(moderator)

    response = client.post(url(REPORTS, "hide", report.pk))

    assert response.status_code == 302
    assert response["Location"] == url(REPORTS, "list")
    assert Post.objects.get().status == Status.HIDDEN
    assert set(Report.objects.values_list("verdict", "resolved_by")) == {
        (Report.Verdict.HIDDEN, moderator.pk)
    }
    assert flashed(response) == [
        "It is hidden: only its author and moderators see it now."
    ]


def test_a_moderator_hides_a_reported_comment(client, moderator, post):
    comment = CommentFactory(post=post)
    report = ReportFactory(post=None, comment=comment)
    client.force_login(moderator)

    client.post(url(REPORTS, "hide", report.pk))

    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert Post.objects.get().status == Status.PUBLISHED
    assert not is_open(report)


def test_a_moderator_dismisses_the_reports_and_the_post_stays(
    client, moderator, report
):
    client.force_login(moderator)

    response = client.post(url(REPORTS, "dismiss", report.pk))

    assert response.status_code == 302
    assert Post.objects.get().status == Status.PUBLISHED
    assert set(Report.objects.values_list("verdict", flat=True)) == {"dismissed"}
    assert flashed(response) == ["The report is dismissed; what was reported stays."]


@pytest.mark.parametrize(
    ("where", "in_course"), [("", False), ("course", True)], ids=["site", "course"]
)
def test_a_moderator_mutes_the_author_for_the_chosen_time_and_place(
    client, moderator, report, student, where, in_course
):
    client.force_login(moderator)

    response = client.post(
        url(REPORTS, "mute_author", report.pk),
        {"minutes": "10080", "where": where, "reason": "Spamming the board"},
    )

    mute = Mute.objects.get()
    assert response.status_code == 302
    assert (mute.user, mute.muted_by, mute.reason) == (
        student,
        moderator,
        "Spamming the board",
    )
    assert (mute.course is not None) is in_course
    assert mute.until > timezone.now() + timedelta(days=6, hours=23)
    assert Post.objects.get().status == Status.PUBLISHED
    assert set(Report.objects.values_list("verdict", flat=True)) == {"muted"}
    assert "Bo is muted" in flashed(response)[0]


@pytest.mark.parametrize("minutes", ["", "0", "61", "forever"])
def test_a_mute_of_no_offered_length_is_refused_clearly(
    client, moderator, report, minutes
):
    client.force_login(moderator)

    response = client.post(
        url(REPORTS, "mute_author", report.pk), {"minutes": minutes, "where": ""}
    )

    assert response.status_code == 400
    assert "Choose how long and where to mute them." in response.content.decode()
    assert not Mute.objects.exists()
    assert is_open(report)


def test_a_moderator_asked_to_mute_a_moderator_is_told_why_not(
    client, moderator, course
):
    report = ReportFactory(post=PostFactory(author=AdminFactory()))
    client.force_login(moderator)

    response = client.post(
        url(REPORTS, "mute_author", report.pk), {"minutes": "60", "where": ""}
    )

    assert response.status_code == 400
    assert "Moderators cannot be muted." in response.content.decode()
    assert not Mute.objects.exists()
    assert is_open(report)


def test_a_verdict_on_resolved_reports_is_refused_clearly(client, moderator, report):
    client.force_login(moderator)
    client.post(url(REPORTS, "dismiss", report.pk))

    response = client.post(url(REPORTS, "hide", report.pk))

    assert response.status_code == 400
    assert "already resolved" in response.content.decode()
    assert Post.objects.get().status == Status.PUBLISHED


@pytest.mark.parametrize("verdict", VERDICTS)
def test_verdicts_are_given_by_post_only(client, moderator, report, verdict):
    client.force_login(moderator)

    response = client.get(url(REPORTS, verdict, report.pk), VERDICTS[verdict])

    assert response.status_code == 405
    assert is_open(report)


def test_the_history_of_each_report_shows_the_verdict(client, moderator, report):
    client.force_login(moderator)
    client.post(url(REPORTS, "hide", report.pk))

    for each in Report.objects.all():
        response = client.get(url(REPORTS, "history", each.pk))

        assert response.status_code == 200
        assert "Report upheld: hidden" in response.content.decode()
    post_history = client.get(url(POSTS, "history", report.post_id))
    assert "Hidden" in post_history.content.decode()


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_nobody_deletes_or_edits_a_report_as_a_record(client, report, who, request):
    client.force_login(
        request.getfixturevalue("moderator") if who == "moderator" else AdminFactory()
    )
    listing = client.get(url(REPORTS, "list"))
    bulk_url = reverse("wagtail_bulk_action", args=["community", "report", "delete"])

    responses = [
        client.get(url(REPORTS, "delete", report.pk)),
        client.post(url(REPORTS, "delete", report.pk)),
        client.post(url(REPORTS, "edit", report.pk), {"reason": "other"}),
        client.post(f"{bulk_url}?id={report.pk}"),
    ]

    assert url(REPORTS, "delete", report.pk) not in listing.content.decode()
    assert all(response.status_code in (302, 403) for response in responses)
    assert Report.objects.filter(pk=report.pk, reason="abuse").exists()


# Held posts, posts and comments


def test_a_moderator_approves_a_held_post(client, moderator):
    held = PostFactory(title="My first post", status=Status.HELD)
    PostFactory(title="Already out")
    client.force_login(moderator)

    listing = client.get(url(HELD, "index"))
    response = client.post(url(HELD, "approve", held.pk))

    assert [p.title for p in listing.context["object_list"]] == ["My first post"]
    assert response.status_code == 302
    assert response["Location"] == url(HELD, "index")
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
    assert held.moderated_by == moderator


def test_a_moderator_hides_a_held_post(client, moderator):
    held = PostFactory(status=Status.HELD)
    client.force_login(moderator)

    client.post(url(HELD, "hide", held.pk))

    held.refresh_from_db()
    assert held.status == Status.HIDDEN


def test_moderators_search_and_filter_posts(client, moderator, course):
    PostFactory(title="Knot theory", course=course)
    PostFactory(title="Knot hidden", status=Status.HIDDEN)
    PostFactory(title="Sailing")
    client.force_login(moderator)

    def titles(**params) -> set[str]:
        response = client.get(url(POSTS, "list"), params)
        assert response.status_code == 200
        return {post.title for post in response.context["object_list"]}

    assert titles(q="knot") == {"Knot theory", "Knot hidden"}
    assert titles(status="hidden") == {"Knot hidden"}
    assert titles(place="board") == {"Knot theory"}
    assert titles(place="feed", q="knot") == {"Knot hidden"}
    assert titles(course=course.pk) == {"Knot theory"}


def test_a_moderator_reads_a_posts_edit_history(client, moderator, post, student):
    post_update(
        post=post, user=student, title="Knots for sale", body="Fixed", tags=[],
        attachments=[],
    )  # fmt: skip
    client.force_login(moderator)

    response = client.get(url(POSTS, "inspect", post.pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Knots for sale" in content
    assert "Buy cheap knots" in content
    assert "**Now**" in content
    assert Revision.objects.filter(post=post).count() == 1


def test_a_moderator_hides_and_unhides_a_post(client, moderator, post):
    client.force_login(moderator)

    client.post(url(POSTS, "hide", post.pk))
    post.refresh_from_db()
    hidden = post.status
    response = client.post(url(POSTS, "unhide", post.pk))
    post.refresh_from_db()

    assert hidden == Status.HIDDEN
    assert post.status == Status.PUBLISHED
    assert response["Location"] == url(POSTS, "inspect", post.pk)


def test_unhiding_what_is_not_hidden_is_refused_clearly(client, moderator, post):
    client.force_login(moderator)

    response = client.post(url(POSTS, "unhide", post.pk))

    assert response.status_code == 400
    assert "This post is not hidden." in response.content.decode()


def test_a_moderator_finds_hides_and_unhides_a_comment(client, moderator, post):
    comment = CommentFactory(post=post, body="Rude words")
    CommentFactory(post=post, body="Kind words")
    client.force_login(moderator)

    found = client.get(url(COMMENTS, "list"), {"q": "rude"})
    inspect = client.get(url(COMMENTS, "inspect", comment.pk))
    client.post(url(COMMENTS, "hide", comment.pk))
    comment.refresh_from_db()
    hidden = comment.status
    client.post(url(COMMENTS, "unhide", comment.pk))
    comment.refresh_from_db()

    assert list(found.context["object_list"]) == [comment]
    assert "Buy cheap knots" in inspect.content.decode()
    assert hidden == Status.HIDDEN
    assert comment.status == Status.PUBLISHED


# Reviews


def review(course, author, rating: int, body: str) -> Review:
    return Review.objects.create(
        course=course, author=author, rating=rating, body=body, body_html=body
    )


def test_a_moderator_finds_hides_and_unhides_a_review(client, moderator, course):
    abusive = review(course, UserFactory(display_name="Cy"), 1, "Abusive words")
    fair = review(course, UserFactory(display_name="Di"), 4, "Fair words")
    client.force_login(moderator)

    found = client.get(url(REVIEWS, "list"), {"q": "abusive"})
    one_star = client.get(url(REVIEWS, "list"), {"rating": "1"})
    inspect = client.get(url(REVIEWS, "inspect", abusive.pk)).content.decode()
    client.post(url(REVIEWS, "hide", abusive.pk))
    hidden_rating = CourseRating.objects.get(course=course)
    hidden = client.get(url(REVIEWS, "list"), {"status": Status.HIDDEN})
    client.post(url(REVIEWS, "unhide", abusive.pk))
    abusive.refresh_from_db()

    assert list(found.context["object_list"]) == [abusive]
    assert list(one_star.context["object_list"]) == [abusive]
    assert "1 out of 5 stars for Knots" in inspect
    assert "Abusive words" in inspect
    # Not reported: it says so, and offers to hide it.
    assert "Reported" not in inspect
    assert url(REVIEWS, "hide", abusive.pk) in inspect
    # Hidden, it no longer counts in the course's rating.
    assert (hidden_rating.count, hidden_rating.average) == (1, fair.rating)
    assert list(hidden.context["object_list"]) == [abusive]
    assert abusive.status == Status.PUBLISHED
    assert CourseRating.objects.get(course=course).count == 2
    assert [entry.action for entry in ModelLogEntry.objects.order_by("pk")] == [
        "community.hide",
        "community.unhide",
    ]


# Mutes


def test_a_moderator_lists_mutes_in_force_and_ends_one_early(client, moderator):
    mute = MuteFactory(user=UserFactory(display_name="Loud"))
    MuteFactory(
        user=UserFactory(display_name="Was loud"),
        until=timezone.now() - timedelta(hours=1),
    )
    client.force_login(moderator)

    listing = client.get(url(MUTES, "list"))
    response = client.post(url(MUTES, "end", mute.pk))

    assert [str(m.user) for m in listing.context["object_list"]] == ["Loud"]
    assert response.status_code == 302
    mute.refresh_from_db()
    assert mute.until <= timezone.now()
    assert flashed(response) == ["Loud may write again."]
    assert ModelLogEntry.objects.filter(action="community.unmute").exists()


# Who may


def every_url(
    report: Report, post: Post, comment: Comment, review: Review, mute: Mute
) -> list:
    """(method, url, data) for every screen and button of the Community menu."""
    gets = [
        url(REPORTS, "list"),
        url(REPORTS, "inspect", report.pk),
        url(REPORTS, "history", report.pk),
        url(HELD, "index"),
        url(HELD, "inspect", post.pk),
        url(POSTS, "list"),
        url(POSTS, "inspect", post.pk),
        url(POSTS, "history", post.pk),
        url(POSTS, "edit", post.pk),
        url(POSTS, "delete", post.pk),
        url(COMMENTS, "list"),
        url(COMMENTS, "inspect", comment.pk),
        url(REVIEWS, "list"),
        url(REVIEWS, "inspect", review.pk),
        url(REVIEWS, "history", review.pk),
        url(MUTES, "list"),
        url(MUTES, "inspect", mute.pk),
        reverse("wagtailsnippetchoosers_community_report:choose"),
        reverse("wagtailsnippetchoosers_community_post:choose"),
    ]
    posts = [
        *(
            (url(REPORTS, verdict, report.pk), data)
            for verdict, data in VERDICTS.items()
        ),
        (url(HELD, "approve", post.pk), {}),
        (url(HELD, "hide", post.pk), {}),
        (url(POSTS, "approve", post.pk), {}),
        (url(POSTS, "hide", post.pk), {}),
        (url(POSTS, "delete", post.pk), {}),
        (url(COMMENTS, "hide", comment.pk), {}),
        (url(REVIEWS, "hide", review.pk), {}),
        (url(MUTES, "end", mute.pk), {}),
        (url(MUTES, "delete", mute.pk), {}),
    ]
    return [("get", u, {}) for u in gets] + [("post", u, d) for u, d in posts]


@pytest.mark.parametrize("who", ["teacher of the course", "student", "other teacher"])
def test_teachers_and_students_neither_see_nor_act_in_the_community_admin(
    client, course, student, who
):
    """A course's teacher moderates its board on the site, not here."""
    post = PostFactory(course=course, author=student, status=Status.HELD)
    comment = CommentFactory(post=post, author=UserFactory())
    report = ReportFactory(post=None, comment=comment)
    written = review(course, student, 1, "Abusive words")
    mute = MuteFactory(user=UserFactory(), course=course)
    until = mute.until
    users = {
        "teacher of the course": course.owner,
        "student": UserFactory(email_verified=True),
        "other teacher": TeacherFactory(),
    }
    client.force_login(users[who])

    admin_home = client.get(reverse("wagtailadmin_home"))
    responses = [
        getattr(client, method)(address, data)
        for method, address, data in every_url(report, post, comment, written, mute)
    ]

    assert url(REPORTS, "list") not in admin_home.content.decode()
    for response in responses:
        assert response.status_code in (302, 403), response.request
        assert str(post.title).encode() not in response.content
    post.refresh_from_db()
    comment.refresh_from_db()
    mute.refresh_from_db()
    assert post.status == Status.HELD
    assert comment.status == Status.PUBLISHED
    written.refresh_from_db()
    assert written.status == Status.PUBLISHED
    assert mute.until == until
    assert is_open(report)
    assert Post.objects.filter(pk=post.pk).exists()


def test_moderators_find_the_community_menu(client, moderator):
    client.force_login(moderator)

    content = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Community" in content
    for listing in (REPORTS, POSTS, COMMENTS, REVIEWS, MUTES):
        assert url(listing, "list") in content
    assert url(HELD, "index") in content


# Accounts


def test_the_data_export_includes_the_members_posts(post, student):
    LikeFactory(user=student, post=PostFactory())

    export = account_data_export(user=student)

    assert [p["title"] for p in export["posts"]] == ["Buy cheap knots"]
    assert len(export["likes"]) == 1


def test_a_deleted_account_leaves_only_what_others_replied_to(post, student):
    lonely = PostFactory(author=student, title="Nobody answered")
    CommentFactory(post=post, author=UserFactory(), body="I replied")
    Revision.objects.create(post=post, body="Old", written_at=timezone.now())
    LikeFactory(user=student, post=PostFactory())
    ReportFactory(reporter=student)

    account_delete(user=student)

    post.refresh_from_db()
    assert post.author is None
    assert not post.revisions.exists()
    assert not Post.objects.filter(pk=lonely.pk).exists()
    assert not Like.objects.filter(user_id=student.pk).exists()
    assert not Report.objects.filter(reporter_id=student.pk).exists()

"""
Students' reviews of courses: who may rate and review, the one review each
and its edits, the rating the catalog and the course page show, teachers'
replies, moderators hiding, reports, bad input, and what the panel costs.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from community.access import review_write_refusal
from community.factories import MuteFactory
from community.models import Report, Review, Status
from community.selectors import community_data_export, review_summary
from community.services import (
    community_data_delete,
    contribution_hide,
    contribution_unhide,
    report_create,
    report_resolve,
    review_delete,
    review_reply,
    review_save,
)
from courses.factories import LessonPageFactory, ModulePageFactory
from courses.models import CourseRating, Enrollment, LessonProgress
from members.factories import UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# The panel's queries whatever the number of reviews, for a student of the
# course: the course, the session and user (their permissions kept), whether they
# may review it (their grant, their progress: three), their own review, how
# many reviews they see (for the pager), a page of them, and the counts of
# each number of stars.
PANEL_BUDGET = 12
# For a teacher of the course, who may reply to each review: no grant or
# progress asked, but the courses they teach and whether they are muted.
PANEL_BUDGET_TEACHER = 10


def complete(user, lesson) -> None:
    LessonProgress.objects.update_or_create(
        user=user,
        lesson=lesson,
        defaults={"course": lesson.get_course(), "completed_at": timezone.now()},
    )


def reviewer(community, **user_fields):
    """A student of the course who has completed its one lesson."""
    user = UserFactory(email_verified=True, **user_fields)
    Enrollment.objects.create(user=user, course=community.course, source="admin")
    complete(user, community.lesson)
    return user


def reviews_url(course) -> str:
    return f"/community/courses/{course.pk}/reviews/"


def rating_of(course) -> CourseRating | None:
    return CourseRating.objects.filter(course=course).first()


# Who may review


def test_a_student_reviews_once_they_have_done_enough_of_the_course(
    community, settings
):
    settings.REVIEW_MIN_PROGRESS = 50
    student = community.course_member
    # A second lesson: completing one of two is half of the course.
    module = community.lesson.get_parent()
    second = LessonPageFactory(parent=module, owner=community.teacher)

    refusal = review_write_refusal(user=student, course=community.course)
    assert refusal == (
        "You may review this course once you have completed 50% of it; "
        "you have completed 0%."
    )
    complete(student, second)

    assert review_write_refusal(user=student, course=community.course) == ""


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ("anonymous", "Sign in to review this course."),
        ("member", "Only the course's students review it."),
        ("non-member", "Only the course's students review it."),
        ("teacher", "Those who teach or review a course do not rate it."),
        ("admin", "Those who teach or review a course do not rate it."),
    ],
)
def test_who_else_may_not_review(community, role, refusal):
    user = community.viewer(role).user
    if role != "anonymous":
        complete(user, community.lesson)

    assert review_write_refusal(user=user, course=community.course) == refusal
    if role != "anonymous":
        with pytest.raises(PermissionDenied, match=refusal):
            review_save(author=user, course=community.course, rating=5)
    assert not Review.objects.exists()


def test_a_muted_student_may_not_review(community):
    student = reviewer(community)
    MuteFactory(user=student, course=community.course)

    with pytest.raises(PermissionDenied, match="muted you here"):
        review_save(author=student, course=community.course, rating=1)


# One review each, and the rating


def test_a_student_has_one_review_which_they_edit(community):
    student = reviewer(community)

    first = review_save(
        author=student, course=community.course, rating=3, body="Good **knots**."
    )
    second = review_save(
        author=student, course=community.course, rating=4, body="Better after all."
    )

    assert second.pk == first.pk
    review = Review.objects.get()
    assert (review.rating, review.body) == (4, "Better after all.")
    assert review.edited_at is not None
    assert rating_of(community.course).average == Decimal("4.00")


def test_the_rating_is_the_mean_of_the_shown_reviews(community):
    for stars in (5, 4, 4):
        review_save(author=reviewer(community), course=community.course, rating=stars)

    rating = rating_of(community.course)
    assert (rating.count, rating.average) == (3, Decimal("4.33"))
    summary = review_summary(course=community.course)
    assert summary.stars == [(5, 1), (4, 2), (3, 0), (2, 0), (1, 0)]


@pytest.mark.parametrize("rating", [0, 6, -1, "5", None])
def test_a_rating_out_of_range_changes_nothing(community, rating):
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=2, body="Fine.")

    with pytest.raises(ValidationError, match="1 to 5 stars"):
        review_save(author=student, course=community.course, rating=rating)

    review = Review.objects.get()
    assert (review.rating, review.body) == (2, "Fine.")
    assert rating_of(community.course).average == Decimal("2.00")


def test_a_review_too_long_is_refused(community):
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        review_save(
            author=reviewer(community),
            course=community.course,
            rating=5,
            body="x" * 5001,
        )
    assert not Review.objects.exists()


def test_writing_reviews_too_fast_is_refused(community, settings):
    settings.COMMUNITY_REVIEW_RATE = "2/600"
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=2)
    review_save(author=student, course=community.course, rating=3)

    with pytest.raises(ValidationError) as refused:
        review_save(author=student, course=community.course, rating=5)

    assert refused.value.error_list[0].code == "rate_limited"
    assert Review.objects.get().rating == 3


def test_deleting_a_review_or_the_account_takes_it_out_of_the_rating(community):
    leaving, staying, deleting = (reviewer(community) for _ in range(3))
    for user, stars in ((leaving, 1), (staying, 5), (deleting, 3)):
        review_save(author=user, course=community.course, rating=stars)

    review_delete(review=Review.objects.get(author=deleting), user=deleting)
    community_data_delete(user=leaving)

    assert list(Review.objects.values_list("author", flat=True)) == [staying.pk]
    rating = rating_of(community.course)
    assert (rating.count, rating.average) == (1, Decimal("5.00"))


def test_only_its_author_deletes_a_review(community):
    review = review_save(author=reviewer(community), course=community.course, rating=4)

    with pytest.raises(PermissionDenied):
        review_delete(review=review, user=community.admin)
    assert Review.objects.exists()


def test_the_data_export_holds_ones_reviews(community):
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=4, body="Clear.")

    exported = community_data_export(user=student)["course_reviews"]

    assert exported[0]["course"] == "Sailing"
    assert (exported[0]["rating"], exported[0]["body"]) == (4, "Clear.")


# Replies


def test_a_teacher_of_the_course_replies_and_the_reviewer_hears_once(community):
    student = reviewer(community)
    review = review_save(author=student, course=community.course, rating=2)

    review_reply(review=review, user=community.teacher, body="Thank you, *noted*.")
    review_reply(review=review, user=community.teacher, body="Fixed in module 2.")

    review.refresh_from_db()
    assert review.reply == "Fixed in module 2."
    assert review.replied_by == community.teacher
    told = Notification.objects.filter(recipient=student)
    assert list(told.values_list("kind", "text")) == [
        ("community.review_reply", "Tess replied to your review of “Sailing”")
    ]


@pytest.mark.parametrize("role", ["other teacher", "course member", "member"])
def test_nobody_else_replies(community, role):
    review = review_save(author=reviewer(community), course=community.course, rating=2)

    with pytest.raises(PermissionDenied, match="course's teachers"):
        review_reply(review=review, user=community.viewer(role).user, body="Hi")
    review.refresh_from_db()
    assert review.reply == ""


def test_an_empty_reply_is_refused(community):
    review = review_save(author=reviewer(community), course=community.course, rating=2)

    with pytest.raises(ValidationError, match="Write something first"):
        review_reply(review=review, user=community.teacher, body="   ")


# Moderation and reports


def test_a_moderator_hides_a_review_and_the_rating_leaves_it_out(community):
    abusive = review_save(author=reviewer(community), course=community.course, rating=1)
    review_save(author=reviewer(community), course=community.course, rating=5)

    contribution_hide(target=abusive, moderator=community.admin)
    assert rating_of(community.course).average == Decimal("5.00")

    contribution_unhide(target=abusive, moderator=community.admin)
    assert rating_of(community.course).average == Decimal("3.00")


def test_the_courses_teacher_may_not_hide_its_reviews(community):
    review = review_save(author=reviewer(community), course=community.course, rating=1)

    with pytest.raises(PermissionDenied):
        contribution_hide(target=review, moderator=community.teacher)
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED


def test_a_reported_review_is_hidden_by_the_verdict(community):
    review = review_save(author=reviewer(community), course=community.course, rating=1)
    report = report_create(
        reporter=community.member, reason=Report.Reason.ABUSE, review=review
    )
    with pytest.raises(ValidationError, match="already reported this review"):
        report_create(
            reporter=community.member, reason=Report.Reason.SPAM, review=review
        )

    closed = report_resolve(
        report=report, moderator=community.admin, verdict=Report.Verdict.HIDDEN
    )

    assert closed == 1
    review.refresh_from_db()
    assert review.status == Status.HIDDEN
    assert rating_of(community.course).count == 0


def test_nobody_reports_their_own_review(community):
    student = reviewer(community)
    review = review_save(author=student, course=community.course, rating=1)

    with pytest.raises(PermissionDenied, match="your own review"):
        report_create(reporter=student, reason=Report.Reason.SPAM, review=review)


# The pages


def test_anyone_reads_the_reviews_and_the_student_writes_theirs(client, community):
    others = reviewer(community, display_name="Olga")
    review_save(author=others, course=community.course, rating=5, body="Loved it.")
    student = reviewer(community, display_name="Sam")

    anonymous = client.get(reviews_url(community.course), **HTMX)
    assert anonymous.status_code == 200
    assert b"Loved it." in anonymous.content
    assert b"Sign in</a> to review it" in anonymous.content
    assert "private" in anonymous["Cache-Control"]

    client.force_login(student)
    response = client.post(
        reviews_url(community.course),
        {"rating": "4", "body": "Solid *basics*."},
        **HTMX,
    )

    assert response.status_code == 200
    assert b"<em>basics</em>" in response.content
    assert b"Save your review" in response.content
    assert Review.objects.get(author=student).rating == 4
    assert rating_of(community.course).average == Decimal("4.50")


@pytest.mark.parametrize("rating", ["9", "", "four"])
def test_a_tampered_rating_is_a_400_and_keeps_the_review(client, community, rating):
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=2, body="Fine.")
    client.force_login(student)

    response = client.post(
        reviews_url(community.course), {"rating": rating, "body": "Changed"}, **HTMX
    )

    assert response.status_code == 400
    review = Review.objects.get()
    assert (review.rating, review.body) == (2, "Fine.")


def test_a_student_who_may_not_review_gets_a_403(client, community):
    client.force_login(community.course_member)  # nothing completed yet

    response = client.post(reviews_url(community.course), {"rating": "5"}, **HTMX)

    assert response.status_code == 403
    assert b"completed 50% of it" in response.content
    assert not Review.objects.exists()


def test_a_hidden_review_shows_to_its_author_and_moderators_only(client, community):
    student = reviewer(community)
    review = review_save(
        author=student, course=community.course, rating=1, body="Rude words"
    )
    contribution_hide(target=review, moderator=community.admin)

    for user, shown in (
        (None, False),
        (community.member, False),
        (community.teacher, False),
        (student, True),
        (community.admin, True),
    ):
        client.logout()
        if user:
            client.force_login(user)
        content = client.get(reviews_url(community.course), **HTMX).content
        assert (b"Rude words" in content) == shown, user


def test_reviews_of_a_draft_course_are_not_found(client, community):
    community.course.unpublish()

    assert client.get(reviews_url(community.course)).status_code == 404


@pytest.mark.parametrize(
    ("role", "budget"),
    [("course member", PANEL_BUDGET), ("teacher", PANEL_BUDGET_TEACHER)],
)
def test_the_reviews_panel_costs_the_same_however_many_reviews(
    client, community, role, budget
):
    client.force_login(community.viewer(role).user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            assert client.get(reviews_url(community.course), **HTMX).status_code == 200
        return len(counted)

    review_save(author=reviewer(community), course=community.course, rating=4)
    queries()  # the member's permissions kept
    few = queries()
    for _ in range(12):
        review_save(author=reviewer(community), course=community.course, rating=3)

    assert queries() == few == budget


# The rating where courses are listed


def test_the_catalog_sorts_by_rating_and_the_card_shows_it(client, community):
    review_save(author=reviewer(community), course=community.course, rating=4)
    module = ModulePageFactory(parent=community.other_course)
    LessonPageFactory(parent=module)
    index = community.course.get_parent()

    response = client.get(index.url, {"sort": "rating"})

    titles = [course.title for course in response.context["courses"]]
    assert titles.index("Sailing") < titles.index("Rowing")
    assert b'data-testid="course-rating"' in response.content
    assert b"(1 rating)" in response.content


def test_the_api_lists_the_rating_and_sorts_by_it(api_client, community):
    review_save(author=reviewer(community), course=community.course, rating=5)

    response = api_client().get("/api/v1/courses", {"sort": "rating"})

    courses = response.json()["results"]
    assert courses[0]["title"] == "Sailing"
    assert courses[0]["rating"] == {"average": 5.0, "count": 1}
    assert courses[1]["rating"] is None


def test_a_rating_older_than_its_reviews_is_summed_up_again(community):
    """The summary row is rewritten whole: nothing accumulates."""
    CourseRating.objects.create(course=community.course, count=99, average=1)
    review_save(author=reviewer(community), course=community.course, rating=3)

    rating = rating_of(community.course)
    assert (rating.count, rating.average) == (1, Decimal("3.00"))


# The REST API: the same rules


def api_reviews_url(course) -> str:
    return f"/api/v1/community/courses/{course.pk}/reviews"


def test_the_api_lists_the_reviews_one_may_see(api_client, community):
    review_save(author=reviewer(community), course=community.course, rating=5)
    hidden = review_save(
        author=reviewer(community), course=community.course, rating=1, body="Rude"
    )
    contribution_hide(target=hidden, moderator=community.admin)

    shown = api_client().get(api_reviews_url(community.course)).json()["results"]
    to_author = (
        api_client(hidden.author)
        .get(api_reviews_url(community.course))
        .json()["results"]
    )

    assert [review["rating"] for review in shown] == [5]
    assert shown[0]["course"]["title"] == "Sailing"
    assert [(r["rating"], r["status"]) for r in to_author] == [
        (1, "hidden"),
        (5, "published"),
    ]
    other = api_client().get(api_reviews_url(community.other_course))
    assert other.json()["results"] == []


def test_a_student_rates_changes_and_deletes_through_the_api(api_client, community):
    student = reviewer(community)
    client = api_client(student)
    mine = f"{api_reviews_url(community.course)}/mine"
    assert client.get(mine).status_code == 404

    written = client.put(
        mine, {"rating": 4, "body": "Clear."}, content_type="application/json"
    )
    changed = client.put(mine, {"rating": 5}, content_type="application/json")

    assert written.status_code == changed.status_code == 200
    assert (changed.json()["id"], changed.json()["rating"]) == (
        written.json()["id"],
        5,
    )
    assert client.get(mine).json()["body"] == ""
    assert rating_of(community.course).average == Decimal("5.00")
    assert client.delete(mine).status_code == 204
    assert not Review.objects.exists()
    assert rating_of(community.course).count == 0


@pytest.mark.parametrize(
    "payload", [{"rating": 6}, {"rating": 0}, {"body": "No stars"}]
)
def test_the_api_refuses_a_rating_out_of_range_and_keeps_the_review(
    api_client, community, payload
):
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=2, body="Fine.")

    response = api_client(student).put(
        f"{api_reviews_url(community.course)}/mine",
        payload,
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Review.objects.get().rating == 2


def test_the_api_refuses_a_student_not_far_enough(api_client, community):
    response = api_client(community.course_member).put(
        f"{api_reviews_url(community.course)}/mine",
        {"rating": 5},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "completed 50% of it" in response.json()["message"]
    assert not Review.objects.exists()


def test_the_teacher_replies_and_members_report_through_the_api(api_client, community):
    review = review_save(author=reviewer(community), course=community.course, rating=2)
    reply = f"/api/v1/community/reviews/{review.pk}/reply"

    refused = api_client(community.other_teacher).put(
        reply, {"body": "Hi"}, content_type="application/json"
    )
    replied = api_client(community.teacher).put(
        reply, {"body": "We fixed it."}, content_type="application/json"
    )
    reported = api_client(community.member).post(
        "/api/v1/community/reports",
        {"review_id": review.pk, "reason": "spam"},
        content_type="application/json",
    )
    two_targets = api_client(community.member).post(
        "/api/v1/community/reports",
        {"review_id": review.pk, "post_id": 1, "reason": "spam"},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert replied.status_code == 200
    assert replied.json()["reply"]["body"] == "We fixed it."
    assert replied.json()["reply"]["author"]["display_name"] == "Tess"
    assert reported.status_code == 201
    assert reported.json()["review_id"] == review.pk
    assert two_targets.status_code == 400
    assert Report.objects.filter(review=review).count() == 1


# The buttons, through their addresses


@pytest.mark.parametrize(
    ("action", "role", "expected"),
    [
        ("delete", "author", 302),
        ("delete", "member", 403),
        ("delete", "admin", 403),
        ("reply", "teacher", 302),
        ("reply", "other teacher", 403),
        ("reply", "author", 403),
        ("hide", "admin", 302),
        ("hide", "teacher", 403),
        ("hide", "member", 403),
        ("unhide", "member", 403),
    ],
)
def test_each_button_is_for_those_it_is_offered_to(
    client, community, action, role, expected
):
    author = reviewer(community)
    review = review_save(author=author, course=community.course, rating=3, body="Ok")
    client.force_login(author if role == "author" else community.viewer(role).user)

    response = client.post(
        f"/community/reviews/{review.pk}/{action}/", {"reply": "Thanks."}
    )

    assert response.status_code == expected
    changed = {
        "delete": lambda: not Review.objects.filter(pk=review.pk).exists(),
        "reply": lambda: Review.objects.get(pk=review.pk).reply == "Thanks.",
        "hide": lambda: Review.objects.get(pk=review.pk).status == Status.HIDDEN,
        "unhide": lambda: False,
    }[action]()
    assert changed == (expected == 302)
    if expected == 302:
        assert response["Location"].startswith(reviews_url(community.course))
        assert "#review-None" not in response["Location"]


def test_a_hidden_review_stays_hidden_when_edited_and_cannot_be_deleted(
    client, community
):
    author = reviewer(community)
    review = review_save(author=author, course=community.course, rating=1, body="Bad")
    contribution_hide(target=review, moderator=community.admin)

    review_save(author=author, course=community.course, rating=5, body="Great!")
    client.force_login(author)
    response = client.post(f"/community/reviews/{review.pk}/delete/")

    review.refresh_from_db()
    assert (review.status, review.rating) == (Status.HIDDEN, 5)
    assert response.status_code == 403
    assert rating_of(community.course).count == 0


def test_the_rating_is_saved_only_when_it_changes(community):
    """Saving it empties the page cache: a review's words alone do not."""
    student = reviewer(community)
    review_save(author=student, course=community.course, rating=4, body="Good.")

    with CaptureQueriesContext(connection) as queries:
        review_save(author=student, course=community.course, rating=4, body="Fine.")

    assert not [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and "courses_courserating" in query["sql"]
    ]


def test_a_private_courses_reviews_follow_its_privacy_setting(client, community):
    PageViewRestriction.objects.create(
        page=community.course, restriction_type=PageViewRestriction.LOGIN
    )
    review = review_save(author=reviewer(community), course=community.course, rating=4)

    assert client.get(reviews_url(community.course), **HTMX).status_code == 404
    assert client.get(f"/community/reviews/{review.pk}/report/").status_code == 302
    client.force_login(community.member)
    assert client.get(reviews_url(community.course), **HTMX).status_code == 200
    assert client.get(f"/community/reviews/{review.pk}/report/").status_code == 200

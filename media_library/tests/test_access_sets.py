"""
`asset_list_visible_to`, the set-wise rule for lists and search, agrees with
`asset_is_visible_to` for every kind of viewer and every state of an asset
(assets used in lessons aside: search finds those through the lesson).
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from wagtail import hooks

import pytest

from courses.access import HookGrant
from courses.models import CoursePage, Enrollment
from courses.viewer import Viewer
from media_library.access import asset_is_visible_to, asset_list_visible_to
from media_library.factories import MediaAssetFactory, review
from media_library.services import media_asset_hide
from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment

pytestmark = pytest.mark.django_db

# The assets anyone may see (shared publicly and approved).
PUBLIC = {
    "student's public",
    "student's public, for the course",
    "co-teacher's public",
    "co-teacher's public, for the course",
}


@pytest.fixture(autouse=True)
def _another_app_grants_the_course(course):
    """An app (commerce, say) granting one member `course`, as plans do."""

    granted = course

    def grant(*, user, course=None) -> list[HookGrant]:
        if user.first_name != "Granted":
            return []
        return [
            HookGrant(
                label="Included in your plan.",
                courses=CoursePage.objects.filter(pk=granted.pk),
                since=timezone.now(),
            )
        ]

    with hooks.register_temporarily("grant_course_access", grant):
        yield


@pytest.fixture
def co_teacher(course):
    co_teacher = TeacherFactory(email_verified=True)
    course.co_teachers.add(co_teacher)
    course.save()  # ParentalManyToManyField: stored on save
    return co_teacher


@pytest.fixture
def assets(student, co_teacher, course, admin, django_capture_on_commit_callbacks):
    """
    Assets in every state, of `student` (enrolled in `course`) and of a
    co-teacher of `course` (not anyone's student).
    """

    def approved(asset):
        with django_capture_on_commit_callbacks(execute=True):
            review(asset, user=admin)
        return asset

    def hidden(asset):
        with django_capture_on_commit_callbacks(execute=True):
            media_asset_hide(asset=asset, user=admin)
        return asset

    assets = {}
    for name, owner in (("student", student), ("co-teacher", co_teacher)):

        def make(visibility="private", shared=False, owner=owner):
            return MediaAssetFactory(
                owner=owner, visibility=visibility, course=course if shared else None
            )

        assets |= {
            f"{name}'s private": make(),
            f"{name}'s private, for the course": make(shared=True),
            f"{name}'s course-only": make("course", shared=True),
            f"{name}'s hidden course-only": hidden(make("course", shared=True)),
            f"{name}'s public in review": make("public"),
            f"{name}'s public in review, for the course": make("public", shared=True),
            f"{name}'s public": approved(make("public")),
            f"{name}'s public, for the course": approved(make("public", shared=True)),
            f"{name}'s rejected": review(make("public"), "reject", user=admin),
            f"{name}'s hidden public": hidden(approved(make("public", shared=True))),
        }
    return assets


@pytest.fixture
def viewers(student, teacher, co_teacher, course, admin):
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="free")
    assigned_teacher = TeacherFactory()
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    TeacherAssignment.objects.create(teacher=assigned_teacher, student=student)
    return {
        "anonymous": Viewer(AnonymousUser()),
        "email session": Viewer(AnonymousUser(), "visitor@example.com"),
        "student": Viewer(student),
        "classmate": Viewer(classmate),
        "granted by another app": Viewer(UserFactory(first_name="Granted")),
        "other student": Viewer(UserFactory(email_verified=True)),
        "course teacher": Viewer(teacher),
        "co-teacher": Viewer(co_teacher),
        "assigned teacher": Viewer(assigned_teacher),
        "other teacher": Viewer(TeacherFactory()),
        "moderator": Viewer(moderator),
        "admin": Viewer(admin),
    }


def test_listed_assets_are_those_visible_one_by_one(assets, viewers):
    set_wise, one_by_one = {}, {}
    for who, viewer in viewers.items():
        listed = set(asset_list_visible_to(viewer=viewer))
        for name, asset in assets.items():
            set_wise[who, name] = asset in listed
            one_by_one[who, name] = asset_is_visible_to(viewer=viewer, asset=asset)

    assert set_wise == one_by_one
    # Not agreeing by accident: visitors see approved public media only.
    assert {name for name in assets if one_by_one["anonymous", name]} == PUBLIC
    assert all(one_by_one["admin", name] for name in assets)


def test_a_deactivated_member_is_listed_what_they_are_shown(assets, student):
    student.is_active = False
    student.save()
    viewer = Viewer(student)

    listed = set(asset_list_visible_to(viewer=viewer))

    assert {name: asset in listed for name, asset in assets.items()} == {
        name: asset_is_visible_to(viewer=viewer, asset=asset)
        for name, asset in assets.items()
    }
    # Like any visitor's.
    assert {name for name, asset in assets.items() if asset in listed} == PUBLIC

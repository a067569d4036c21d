from django.utils import timezone

import pytest

from chat.access import room_list_joinable, user_may_join_room
from chat.models import Room
from chat.services import direct_room_open
from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePrerequisite, Enrollment, LessonProgress
from members.factories import AdminFactory, UserFactory
from members.models import User

pytestmark = pytest.mark.django_db


def test_the_rooms_one_may_join_all_at_once_are_those_one_may_join_each(
    course_setup,
):
    student, classmate = course_setup["students"][:2]
    teacher, outsider = course_setup["teacher"], course_setup["outsider"]
    draft = CoursePageFactory(parent=course_setup["course"].get_parent(), owner=teacher)
    Enrollment.objects.create(user=student, course=draft, source="free")
    draft_room = Room.objects.create(kind=Room.Kind.COURSE, course=draft)
    draft.unpublish()
    direct_room_open(user=student, other=outsider)
    deactivated = UserFactory(email_verified=True, is_active=False)
    superuser = AdminFactory(email_verified=True, is_superuser=True)
    users = [student, classmate, teacher, outsider, UserFactory(), deactivated]
    rooms = list(Room.objects.select_related("course"))

    for user in [*users, superuser]:
        # Afresh: a user remembers the courses they teach once asked.
        user = User.objects.get(pk=user.pk)
        each = {room for room in rooms if user_may_join_room(user=user, room=room)}
        assert set(room_list_joinable(user=user)) == each, user
    # What the comparison covers: a draft's room, for its teacher only.
    assert draft_room in room_list_joinable(user=User.objects.get(pk=teacher.pk))
    assert draft_room not in room_list_joinable(user=student)
    assert not room_list_joinable(user=deactivated).exists()


def test_a_course_s_room_waits_for_its_prerequisites(course_setup):
    course, student = course_setup["course"], course_setup["students"][0]
    room = course_setup["room"]
    basics = CoursePageFactory(parent=course.get_parent(), title="Basics")
    lesson = LessonPageFactory(parent=ModulePageFactory(parent=basics))
    course.prerequisite_links.add(CoursePrerequisite(required=basics))
    course.save_revision().publish()
    room = Room.objects.select_related("course").get(pk=room.pk)

    assert not user_may_join_room(user=student, room=room)
    assert room not in room_list_joinable(user=student)
    assert user_may_join_room(user=course_setup["teacher"], room=room)

    LessonProgress.objects.create(
        user=student, lesson=lesson, course=basics, completed_at=timezone.now()
    )

    assert user_may_join_room(user=student, room=room)
    assert room in room_list_joinable(user=student)

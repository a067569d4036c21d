"""
The courses app's models, by what they are about: the catalog's pages,
subjects, the course review task, students' learning, the addresses
Lectern emails, and what search may match of lessons. Every model is
importable from `courses.models`, as Django expects, and so are the mixin
and the default that migrations name there.
"""

from .emails import (
    CourseNotification,
    EmailAccessToken,
    EnrollmentReminder,
    VerifiedEmail,
)
from .learning import (
    Certificate,
    CourseCompletion,
    CourseRating,
    Enrollment,
    LessonFile,
    LessonProgress,
    QuizAttempt,
    certificate_code,
)
from .pages import (
    CourseContentMixin,
    CourseIndexPage,
    CoursePage,
    CoursePrerequisite,
    CourseTag,
    LessonPage,
    ModulePage,
    PageUrlMixin,
)
from .search import LessonSearchText
from .subjects import Subject
from .workflows import CourseReviewTask

__all__ = [
    "Certificate",
    "CourseCompletion",
    "CourseContentMixin",
    "CourseIndexPage",
    "CourseNotification",
    "CoursePage",
    "CoursePrerequisite",
    "CourseRating",
    "CourseReviewTask",
    "CourseTag",
    "EmailAccessToken",
    "Enrollment",
    "EnrollmentReminder",
    "LessonFile",
    "LessonPage",
    "LessonProgress",
    "LessonSearchText",
    "ModulePage",
    "PageUrlMixin",
    "QuizAttempt",
    "Subject",
    "VerifiedEmail",
    "certificate_code",
]

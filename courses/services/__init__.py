"""
The writes of courses, by concern.

- catalog: a course index made ready for teachers; the Course review workflow
- review: publishing what a course review approved
- enrollment: enrolling and leaving
- learning: lessons visited and completed, quiz attempts, certificates
- notifications: "notify me" for coming-soon courses and lessons, enrollment
  reminders
- email_access: emailed access links, the rate limit on emails to typed
  addresses, and forgetting an address's records with its account
- search: what search may match of published lessons
"""

from .catalog import course_index_setup, course_review_workflow
from .email_access import (
    email_access_confirm,
    email_access_request,
    email_records_delete,
)
from .enrollment import enrollment_create, enrollment_delete
from .learning import (
    certificate_issue,
    lesson_complete,
    lesson_notes_save,
    lesson_visit,
    quiz_attempt_create,
)
from .notifications import (
    course_available_emails_send,
    course_notification_confirm,
    course_notification_request,
    course_opened_notify,
    enrollment_reminders_send,
    lesson_available_emails_send,
    lesson_opened_notify,
)
from .review import course_review_publish
from .search import lesson_search_texts_sync, lesson_search_texts_update

__all__ = [
    "certificate_issue",
    "course_available_emails_send",
    "course_index_setup",
    "course_notification_confirm",
    "course_notification_request",
    "course_opened_notify",
    "course_review_publish",
    "course_review_workflow",
    "email_access_confirm",
    "email_access_request",
    "email_records_delete",
    "enrollment_create",
    "enrollment_delete",
    "enrollment_reminders_send",
    "lesson_available_emails_send",
    "lesson_complete",
    "lesson_notes_save",
    "lesson_opened_notify",
    "lesson_search_texts_sync",
    "lesson_search_texts_update",
    "lesson_visit",
    "quiz_attempt_create",
]

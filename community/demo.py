"""
Demo community for seed_demo: posts in the feed and on a course's board,
comments with a reply, likes, and a lesson question the teacher answered
and the student accepted. Made through the services, as members would.
"""

from courses.models import CoursePage, LessonPage
from members.models import User

from .models import Post
from .services import answer_accept, comment_create, like_toggle, post_create


def create_demo_community(*, teacher: User, student: User) -> None:
    """What the demo's teacher and student have said, once."""
    if Post.objects.exists():
        return
    course = CoursePage.objects.filter(enrollments__user=student).order_by("path")[0]
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path")[0]

    welcome = post_create(
        author=teacher,
        title="Welcome to the Lectern community",
        body=(
            "This is the place to **share what you are learning**, ask for help "
            "and meet other students.\n\n"
            "- Questions about a lesson go under the lesson itself.\n"
            "- Be kind: we are all beginners at something."
        ),
        tags=["welcome"],
    )
    hello = comment_create(
        post=welcome,
        author=student,
        body="Hello everyone! I am learning to code in the evenings.",
    )
    comment_create(
        post=welcome,
        author=teacher,
        parent=hello,
        body=f"Welcome, @{student.handle}! Evenings are a fine time to learn.",
    )
    like_toggle(user=student, post=welcome)
    like_toggle(user=teacher, comment=hello)

    tips = post_create(
        author=student,
        title="How I keep a study streak",
        body=(
            "Twenty minutes a day, every day, beats a long weekend session. "
            "I finish one lesson, then write down one thing I learnt."
        ),
        tags=["study-tips"],
    )
    like_toggle(user=teacher, post=tips)

    post_create(
        author=teacher,
        course=course,
        title="Introduce yourself",
        body=f"Tell the others on *{course.title}* what brought you here.",
        tags=["introductions"],
    )

    question = post_create(
        author=student,
        lesson=lesson,
        title="Do I need to finish the quiz to go on?",
        body="Can I read the next lesson before I pass this lesson's quiz?",
    )
    answer = comment_create(
        post=question,
        author=teacher,
        body=(
            "You can read on at any time; the quizzes only count towards "
            "your certificate."
        ),
    )
    answer_accept(post=question, comment=answer, user=student)
    like_toggle(user=student, comment=answer)

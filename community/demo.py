"""
Demo community for seed_demo: posts in the feed and on a course's board,
comments with a reply, likes, a lesson question the teacher answered and
the student accepted, reviews of two courses by the student and two
classmates, one with the teacher's reply, and reviews of Python for
beginners by the learners of courses.demo's class who got far enough.
Made through the services, as members would.
"""

from courses.demo import DEMO_CLASS_COURSE, DEMO_CLASS_EMAIL, demo_progress_create
from courses.models import CoursePage, LessonPage
from members.models import User

from .access import review_write_refusal
from .models import Post, Review
from .services import (
    answer_accept,
    comment_create,
    like_toggle,
    post_create,
    review_reply,
    review_save,
)

# Classmates of the demo student, who finished a course or two and said
# what they thought. They cannot sign in (no password).
CLASSMATES = [
    ("lina@lectern.local", "Lina", "Park"),
    ("omar@lectern.local", "Omar", "Haddad"),
]
# What the class's learners who got far enough said, in turn.
CLASS_REVIEWS = [
    (5, "Clear and patient: I wrote my first program in a week."),
    (4, "Good pace. More exercises on loops, please."),
    (5, ""),
    (3, "The quizzes helped, but if and else took me a while."),
    (5, "Exactly what I needed to start."),
    (4, ""),
]
# (course, reviewer, stars, words); reviewer 0 is the demo student, who has
# finished Reading music.
REVIEWS = [
    (
        "Algebra from scratch",
        1,
        5,
        "Short and clear. The worked examples made equations click for me.",
    ),
    ("Algebra from scratch", 2, 5, ""),
    (
        "Reading music",
        0,
        4,
        "The rhythm lesson was hard at first; the practice sheet helped.",
    ),
    ("Reading music", 1, 5, "I can finally follow a score at choir practice!"),
    ("Reading music", 2, 4, "A gentle start. I would like more exercises."),
]


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


def create_demo_reviews(*, teacher: User, student: User) -> None:
    """The courses' first reviews, and the teacher's reply to one, once."""
    if Review.objects.exists():
        return
    courses = {
        course.title: course
        for course in CoursePage.objects.filter(
            title__in={title for title, *_ in REVIEWS}
        )
    }
    reviewers = [student]
    for email, first_name, last_name in CLASSMATES:
        classmate = User.objects.filter(email=email).first()
        if classmate is None:
            classmate = User.objects.create_user(
                email=email, password=None, first_name=first_name, last_name=last_name
            )
            for course in courses.values():
                lessons = LessonPage.objects.descendant_of(course).count()
                demo_progress_create(classmate, course, lessons)
        reviewers.append(classmate)
    for title, reviewer, stars, words in REVIEWS:
        review_save(
            author=reviewers[reviewer],
            course=courses[title],
            rating=stars,
            body=words,
        )
    review_reply(
        review=Review.objects.get(author=student, course=courses["Reading music"]),
        user=teacher,
        body="Thank you, Sam! Rhythm takes a little while: keep clapping along.",
    )
    _class_reviews_create()


def _class_reviews_create() -> None:
    course = CoursePage.objects.filter(title=DEMO_CLASS_COURSE).first()
    domain = DEMO_CLASS_EMAIL.split("@")[1]
    learners = User.objects.filter(email__endswith=f"@{domain}").order_by("email")
    reviewers = [
        learner
        for learner in learners
        if course and not review_write_refusal(user=learner, course=course)
    ]
    for learner, (stars, words) in zip(reviewers, CLASS_REVIEWS, strict=False):
        review_save(author=learner, course=course, rating=stars, body=words)

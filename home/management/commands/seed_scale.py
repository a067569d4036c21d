from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from courses.models import CourseIndexPage, CoursePage
from home import scale
from members.models import User


class Command(BaseCommand):
    help = (
        "Add a large made-up catalog and audience to the demo site, in bulk: "
        "courses, lessons, learners, enrollments and progress, published and "
        "searchable. Run seed_demo first; run it once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--courses", type=int, default=2000)
        parser.add_argument("--modules", type=int, default=5, help="per course")
        parser.add_argument("--lessons", type=int, default=5, help="per module")
        parser.add_argument(
            "--long-course",
            type=int,
            default=500,
            help="one more course, open to all, of this many lessons in modules "
            "of 50 (0: none)",
        )
        parser.add_argument(
            "--teachers",
            type=int,
            default=200,
            help="who share the catalog's courses (the long course stays the "
            "demo teacher's; 0: the demo teacher owns them all)",
        )
        parser.add_argument("--users", type=int, default=20000)
        parser.add_argument(
            "--enrollments",
            type=int,
            default=3,
            help="per learner, on average (0 to twice as many)",
        )
        parser.add_argument(
            "--progress",
            type=int,
            default=3,
            help="lessons visited per enrollment, on average",
        )
        parser.add_argument(
            "--student-enrollments",
            type=int,
            default=50,
            help="the demo student's enrollments, with progress in each",
        )
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="skip the search texts and index (a quicker set-up for pages)",
        )
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale fills the site with made-up courses and people; "
                "it only runs with DEBUG on."
            )
        if not CourseIndexPage.objects.exists():
            raise CommandError("There is no course catalog: run seed_demo first.")
        if User.objects.filter(email__endswith=scale.MEMBER_DOMAIN).exists():
            raise CommandError("seed_scale has already run on this database.")
        if min(options["modules"], options["lessons"]) < 1:
            raise CommandError("Courses need at least one module of one lesson.")

        teachers = scale.members_generate(
            users=options["teachers"], role=User.Role.TEACHER
        )
        self.report(f"{options['teachers']} teachers", teachers)
        catalog = scale.catalog_generate(
            courses=options["courses"],
            lessons=options["modules"] * options["lessons"],
            lessons_per_module=options["lessons"],
            owners=teachers["members"],
            seed=options["seed"],
        )
        self.report(
            f"{catalog['lessons']} lessons in {catalog['courses']} courses", catalog
        )
        course_ids = catalog["course_ids"]
        if options["long_course"]:
            long_course = scale.catalog_generate(
                courses=1,
                lessons=options["long_course"],
                lessons_per_module=50,
                access_level=CoursePage.AccessLevel.OPEN,
                owners=[scale.demo_member(User.Role.TEACHER)],
                seed=options["seed"] + 1,
            )
            self.report(f"a course of {long_course['lessons']} lessons", long_course)
            course_ids = [*course_ids, *long_course["course_ids"]]
        self.report(
            f"{options['users']} learners",
            scale.members_generate(users=options["users"]),
        )
        enrolled = scale.enrollments_generate(
            # The student's courses are the catalog's, not the long one.
            course_ids=catalog["course_ids"],
            student=scale.demo_member(User.Role.STUDENT),
            student_enrollments=options["student_enrollments"],
            per_learner=options["enrollments"],
            progress_per_enrollment=options["progress"],
            seed=options["seed"],
        )
        self.report(
            f"{enrolled['enrollments']} enrollments, "
            f"{enrolled['progress']} lessons visited",
            enrolled,
        )
        if not options["no_search_index"]:
            built = scale.search_index_build(course_ids=course_ids)
            self.stdout.write(
                f"Search: texts {built['texts_seconds']:.0f} s, "
                f"index {built['index_seconds']:.0f} s."
            )
        # What PostgreSQL plans queries by, as after any bulk load: until
        # autovacuum comes round, it would guess at tables it has not seen.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Scale content ready."))

    def report(self, what: str, result: dict) -> None:
        self.stdout.write(f"Generated {what} in {result['seconds']:.0f} s.")

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from wagtail.models import Page, Site

from allauth.account.models import EmailAddress

from commerce.demo import create_demo_coupons, create_demo_plans, create_demo_sales
from community.demo import create_demo_community, create_demo_reviews
from courses.demo import create_demo_class, create_demo_courses
from courses.models import CourseIndexPage, CoursePage
from home.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    HomePageFeaturedCourse,
    LegalPages,
    StandardPage,
)
from media_library.demo import create_demo_media, create_demo_video
from members.demo import create_demo_two_factor
from members.models import User
from members.services import user_set_role
from notifications.demo import create_demo_news

# Local-only accounts, listed in the README. The command refuses to run
# without DEBUG so that these passwords never reach a deployed site.
DEMO_USERS = [
    ("admin@lectern.local", "lectern-admin", User.Role.ADMIN, "Ada", "Admin"),
    ("teacher@lectern.local", "lectern-teacher", User.Role.TEACHER, "Tom", "Teacher"),
    ("student@lectern.local", "lectern-student", User.Role.STUDENT, "Sam", "Student"),
]
# A student who signs in with two factors: an authenticator app, or a code
# texted to their phone (printed on the console in development).
DEMO_TWO_FACTOR_USER = (
    "guarded@lectern.local",
    "lectern-guarded",
    User.Role.STUDENT,
    "Gia",
    "Guarded",
)

# Placeholders for a site's own texts, which the admin edits.
LEGAL_PAGES = [
    (
        "privacy",
        "Privacy policy",
        "What we keep about you, why, and for how long. "
        "Replace this text with your own policy.",
    ),
    (
        "terms",
        "Terms of use",
        "The rules for using this site. Replace this text with your own terms.",
    ),
]

CONTACT_SUBJECTS = [
    "A question about a course",
    "Payments and receipts",
    "My account",
    "Teaching on Lectern",
    "Something else",
]


class Command(BaseCommand):
    help = "Load demo users and content for local development. Safe to run again."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords; "
                "it only runs with DEBUG on."
            )
        with transaction.atomic():
            users = {
                role: self.ensure_user(email, password, role, first_name, last_name)
                for email, password, role, first_name, last_name in DEMO_USERS
            }
            create_demo_two_factor(user=self.ensure_user(*DEMO_TWO_FACTOR_USER))
            home = self.ensure_home_page()
            self.ensure_legal_pages(home)
            self.ensure_contact_page(home)
            index = create_demo_courses(
                home=home,
                teacher=users[User.Role.TEACHER],
                student=users[User.Role.STUDENT],
                video=create_demo_video(teacher=users[User.Role.TEACHER]),
            )
            self.ensure_featured_courses(home, index)
            create_demo_class()
            create_demo_news(student=users[User.Role.STUDENT])
            create_demo_plans()
            create_demo_coupons()
            create_demo_sales(
                student=users[User.Role.STUDENT], teacher=users[User.Role.TEACHER]
            )
            create_demo_media(
                student=users[User.Role.STUDENT],
                admin=users[User.Role.ADMIN],
                course=CoursePage.objects.child_of(index).order_by("path").first(),
            )
            create_demo_community(
                teacher=users[User.Role.TEACHER], student=users[User.Role.STUDENT]
            )
            create_demo_reviews(
                teacher=users[User.Role.TEACHER], student=users[User.Role.STUDENT]
            )
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready; the site's root is “{home}”.")
        )

    def ensure_user(
        self, email: str, password: str, role: str, first_name: str, last_name: str
    ) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
        else:
            # Restore the documented state in case it was changed.
            user.set_password(password)
            user.deletion_due_at = None
        user_set_role(user=user, role=role)
        EmailAddress.objects.filter(user=user).exclude(email=email).update(
            primary=False
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def ensure_home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            home = HomePage(
                title="Lectern",
                slug="lectern",
                hero_title="Learn from teachers who care",
                hero_text=(
                    "Courses written by independent teachers and schools: "
                    "lessons, quizzes, media and a place to talk it all through."
                ),
                intro=(
                    "<p>Browse the catalog, enroll in a course and learn at your "
                    "own pace. Your progress is kept, lesson by lesson.</p>"
                ),
                body=[
                    (
                        "call_to_action",
                        {
                            "title": "Teach on Lectern",
                            "text": (
                                "Write courses in a friendly editor "
                                "and share them with your students."
                            ),
                            "url": reverse("account_signup"),
                            "button_label": "Create an account",
                        },
                    )
                ],
            )
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()

        site = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(hostname="localhost", port=80).first()
            or Site()
        )
        # Pages' absolute links (course emails, for instance) point where the
        # site is served: `make run HOST=…` sets the base URL.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = address.hostname
        site.port = address.port or (443 if address.scheme == "https" else 80)
        site.is_default_site = True
        site.root_page = home
        site.site_name = "Lectern"
        site.save()

        # Wagtail's placeholder "Welcome" page is no longer the root of any site.
        Page.objects.filter(
            depth=2,
            content_type__app_label="wagtailcore",
            content_type__model="page",
            numchild=0,
            sites_rooted_here__isnull=True,
        ).delete()
        return home

    def ensure_featured_courses(self, home: HomePage, index: CourseIndexPage) -> None:
        """The home page shows its editors' choice first: here, three courses."""
        if home.featured_courses.exists():
            return
        courses = CoursePage.objects.live().child_of(index).order_by("path")[:3]
        home.featured_courses = [
            HomePageFeaturedCourse(course=course) for course in courses
        ]
        home.save_revision().publish()

    def ensure_legal_pages(self, home: HomePage) -> None:
        pages = {}
        for slug, title, text in LEGAL_PAGES:
            page = StandardPage.objects.child_of(home).filter(slug=slug).first()
            if page is None:
                page = StandardPage(
                    title=title, slug=slug, body=[("paragraph", f"<p>{text}</p>")]
                )
                home.add_child(instance=page)
                page.save_revision().publish()
            pages[slug] = page
        legal = LegalPages.for_site(home.get_site())
        legal.privacy_policy = legal.privacy_policy or pages["privacy"]
        legal.terms = legal.terms or pages["terms"]
        legal.save()

    def ensure_contact_page(self, home: HomePage) -> None:
        """A "Contact us" page, linked from the footer."""
        page = ContactPage.objects.child_of(home).first()
        if page is None:
            page = ContactPage(
                title="Contact us",
                slug="contact",
                intro="<p>Questions about a course, a payment or your account? "
                "Write to us and we will reply by email.</p>",
                subjects="\n".join(CONTACT_SUBJECTS),
                form_fields=[
                    ContactFormField(
                        label="Your name", field_type="singleline", required=False
                    ),
                    ContactFormField(label="Message", field_type="multiline"),
                ],
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        legal = LegalPages.for_site(home.get_site())
        legal.contact = legal.contact or page
        legal.save()

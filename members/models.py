import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from asgiref.sync import sync_to_async
from phonenumber_field.modelfields import PhoneNumberField

from .handles import HANDLE_MAX_LENGTH, handle_validator, user_handle_assign
from .roles import Role, user_role_apply


def avatar_upload_to(instance: "User", filename: str) -> str:
    # A fresh random name: it does not reveal the user's id or the upload's
    # original name, and a new avatar never hits a cached old one.
    return f"avatars/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class UserQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class EmailUserManager(UserManager.from_queryset(UserQuerySet)):
    """Users sign in with their email address; there is no username."""

    def normalize_email(self, email: str | None) -> str:
        return super().normalize_email(email).lower()

    def get_by_natural_key(self, email: str) -> "User":
        # Addresses are stored in lower case, so this uses the unique index.
        return self.get(email=self.normalize_email(email))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        role = extra_fields.pop("role", User.Role.STUDENT)
        user = self.model(email=self.normalize_email(email), role=role, **extra_fields)
        user_handle_assign(user=user)
        user.set_password(password)
        user.save(using=self._db)
        return user_role_apply(user=user, role=role)

    def create_user(self, email, password=None, **extra_fields):
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["role"] = User.Role.ADMIN
        extra_fields.setdefault("is_staff", True)
        return self._create_user(email, password, **extra_fields)

    async def acreate_user(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_user)(email, password, **extra_fields)

    async def acreate_superuser(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_superuser)(
            email, password, **extra_fields
        )


class User(index.Indexed, AbstractUser):
    # Defined in roles.py, which the manager uses; spelled User.Role elsewhere.
    Role = Role

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        default=Role.STUDENT,
        help_text=_("Students learn, teachers author courses, admins moderate."),
    )

    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        validators=[handle_validator],
        help_text=_("Others mention you as @handle."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How others see you. Defaults to your first and last name."),
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    bio = models.TextField(_("bio"), max_length=1000, blank=True)
    phone_number = PhoneNumberField(
        _("phone number"),
        blank=True,
        help_text=_("In international format, e.g. +254712345678."),
    )
    profile_is_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show your bio on your public profile page."),
    )
    takes_donations = models.BooleanField(
        _("takes donations"),
        default=False,
        # Accounts that allauth or another app inserts without it take none.
        db_default=False,
        help_text=_(
            "Show a Donate button on your profile and your media pages. "
            "Teachers always take donations."
        ),
    )

    deletion_due_at = models.DateTimeField(
        _("deletion due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the member asked for it, the account's deletion date."),
    )

    objects = EmailUserManager()

    # Teachers, whose profiles are public, are found by what their profile
    # shows: the name they go by and their bio; never by an address, nor by
    # a real name behind a display name. Nobody else is indexed.
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("bio"),
        index.AutocompleteField("name"),
        index.FilterField("id"),
        index.FilterField("role"),
        index.FilterField("is_active"),
        index.FilterField("date_joined"),
    ]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="members_user_email_ci_unique"
            ),
            models.UniqueConstraint(
                Lower("handle"),
                name="members_user_handle_ci_unique",
                violation_error_message=_("This handle is taken."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(role=cls.Role.TEACHER)

    def get_absolute_url(self) -> str:
        return reverse("members:profile", args=[self.pk])

    @property
    def name(self) -> str:
        """The name shown to other people: never the email address."""
        # Not "Member <id>" for accounts without a name: ids tell everyone
        # how many members there are.
        return self.display_name or self.get_full_name() or gettext("Unnamed member")

    @property
    def initials(self) -> str:
        words = str(self.name).split()
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def profile_shows_details(self) -> bool:
        """Teachers' profiles are public; students choose."""
        return self.role != self.Role.STUDENT or self.profile_is_public

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class TeacherAssignment(models.Model):
    """An admin puts a student in a teacher's care, besides course enrollment."""

    teacher = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="student_assignments",
        limit_choices_to={"role": User.Role.TEACHER},
    )
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="teacher_assignments",
        limit_choices_to={"role": User.Role.STUDENT},
    )
    note = models.CharField(max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teacher assignment")
        ordering = ["teacher", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "student"], name="members_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.teacher}"


class TwoFactorPhone(models.Model):
    """
    The phone a member gets sign-in codes on by text message: a second way
    through two-factor sign-in, besides their authenticator app. It is kept
    only once a code sent to it came back, so it is known to be theirs (the
    profile's phone number is not checked, and is not used for this).
    """

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="two_factor_phone",
    )
    number = PhoneNumberField()
    confirmed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Two-factor phone of {self.user_id}"

import re
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from courses.validators import validate_currency_code

ZERO_DECIMAL_CURRENCIES = {
    "BIF",
    "CLP",
    "JPY",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "XAF",
}


def minor_units(amount: Decimal, currency: str) -> int:
    """An amount as the integer Stripe expects: cents, or whole yen."""
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return int(amount)
    return int((amount * 100).to_integral_value())


def from_minor_units(amount: int, currency: str) -> Decimal:
    """An amount as Stripe sends it, back in the currency's units."""
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return Decimal(amount)
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


class Provider(models.TextChoices):
    STRIPE = "stripe", "Card (Stripe)"
    MPESA = "mpesa", "M-Pesa"


class Plan(models.Model):
    """A membership: all purchase courses, or chosen ones, for a period."""

    class Interval(models.TextChoices):
        MONTH = "month", _("Every month")
        YEAR = "year", _("Every year")

    name = models.CharField(max_length=80)
    description = models.TextField(blank=True, max_length=1000)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(max_length=3, help_text=_("ISO code, e.g. USD."))
    interval = models.CharField(
        max_length=8,
        choices=Interval.choices,
        blank=True,
        help_text=_("Renews automatically. Leave empty for a fixed duration."),
    )
    duration_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("For plans paid once: how many days they last."),
    )
    all_purchase_courses = models.BooleanField(
        default=False, help_text=_("Unlocks every course that requires a purchase.")
    )
    courses = models.ManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="plans",
        help_text=_("Or only these courses."),
    )
    stripe_price_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The recurring Stripe price of a renewing plan (price_…)."),
    )
    active = models.BooleanField(default=True, help_text=_("Offered for sale."))

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("interval"), FieldPanel("duration_days")]),
                FieldPanel("stripe_price_id"),
            ],
            heading=_("Billing"),
        ),
        MultiFieldPanel(
            [FieldPanel("all_purchase_courses"), FieldPanel("courses")],
            heading=_("What it unlocks"),
        ),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["price", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def renews(self) -> bool:
        return bool(self.interval)

    def clean(self) -> None:
        errors = {}
        self.currency = self.currency.upper()
        try:
            validate_currency_code(self.currency)
        except ValidationError as error:
            errors["currency"] = error
        if bool(self.interval) == bool(self.duration_days):
            errors["duration_days"] = _(
                "Choose either a renewal interval or a duration in days."
            )
        if self.interval and not self.stripe_price_id.startswith("price_"):
            errors["stripe_price_id"] = _(
                "A renewing plan needs its recurring Stripe price (price_…)."
            )
        if errors:
            raise ValidationError(errors)


class Coupon(models.Model):
    """
    A code buyers type at checkout for a percentage or an amount off a
    course or a plan: until it expires, up to a number of redemptions in
    all, once per member, and, if chosen, only for some courses.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("A percentage off")
        AMOUNT = "amount", _("An amount off")

    code = models.CharField(
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9_-]{3,39}$",
                _("4 to 40 letters, digits, dashes and underscores."),
                flags=re.IGNORECASE,
            )
        ],
        help_text=_("What buyers type; upper or lower case, as they like."),
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PERCENT)
    percent_off = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_(
            "1 to 99. To give a course away, enroll the student from the admin."
        ),
    )
    amount_off = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        help_text=_("Of the amount off: it applies to prices in this currency."),
    )
    courses = models.ManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="+",
        help_text=_("Only these courses; leave empty for every course for sale."),
    )
    for_plans = models.BooleanField(
        default=True,
        help_text=_(
            "Plans too (a renewing plan's first payment), unless courses are chosen."
        ),
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Leave empty to keep it valid.")
    )
    max_redemptions = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many purchases in all may use it; empty for no limit."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("code"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("percent_off"),
                FieldRowPanel([FieldPanel("amount_off"), FieldPanel("currency")]),
            ],
            heading=_("Discount"),
        ),
        MultiFieldPanel(
            [FieldPanel("courses"), FieldPanel("for_plans")],
            heading=_("What it is for"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("expires_at"), FieldPanel("max_redemptions")]
                ),
                FieldPanel("active"),
            ],
            heading=_("Limits"),
        ),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def discount_text(self) -> str:
        if self.kind == self.Kind.PERCENT:
            return f"{self.percent_off} % off"
        return f"{self.amount_off} {self.currency} off"

    def clean(self) -> None:
        self.code = self.code.strip().upper()
        self.currency = self.currency.upper()
        errors = {}
        if self.kind == self.Kind.PERCENT:
            if self.percent_off is None:
                errors["percent_off"] = _("Give the percentage off.")
            self.amount_off, self.currency = None, ""
        else:
            if self.amount_off is None:
                errors["amount_off"] = _("Give the amount off.")
            try:
                validate_currency_code(self.currency)
            except ValidationError as error:
                errors["currency"] = error
            self.percent_off = None
        if errors:
            raise ValidationError(errors)


class StripeCustomer(models.Model):
    """
    The one Stripe customer of a user, created when first needed. Once the
    user's account is deleted it stays, without a user, until it is deleted
    at Stripe too.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    customer_id = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.customer_id


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")


class Payable(models.Model):
    """What orders and donations share: how, and whether, they were paid."""

    Status = PaymentStatus

    # What addresses the record in URLs: its pages are reachable by anyone
    # holding the link (an anonymous donor), so not by counting ids.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(blank=True, help_text=_("Where the receipt went."))
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    provider = models.CharField(max_length=16, choices=Provider.choices)
    currency = models.CharField(max_length=3)
    stripe_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Order(Payable):
    """A purchase of a course or a plan. Records outlive their buyer, anonymised."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="orders",
    )
    total = models.DecimalField(max_digits=10, decimal_places=2)
    # The coupon the buyer used (its code as used, should it be deleted),
    # and what it took off the items' sum.
    coupon = models.ForeignKey(
        Coupon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    coupon_code = models.CharField(max_length=40, blank=True)
    discount = models.DecimalField(max_digits=10, decimal_places=2, default=0)

    class Meta(Payable.Meta):
        pass

    def __str__(self) -> str:
        return f"Order {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("commerce:order", args=[self.public_id])

    @property
    def amount_due(self) -> Decimal:
        return self.total

    @property
    def description(self) -> str:
        return ", ".join(item.description for item in self.items.all())


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # As sold: later changes to the course or plan do not rewrite history.
    description = models.CharField(max_length=255)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return self.description


class Donation(Payable):
    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations_given",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="donations_received",
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    message = models.CharField(max_length=500, blank=True)
    country = models.CharField(max_length=2, blank=True)

    class Meta(Payable.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} to {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("commerce:donation", args=[self.public_id])

    @property
    def amount_due(self) -> Decimal:
        return self.amount

    @property
    def description(self) -> str:
        return f"Donation to {self.recipient}"


def callback_token() -> str:
    return secrets.token_urlsafe(32)


class Payment(models.Model):
    """Money moving for an order or a donation, as the provider reported it."""

    Status = PaymentStatus

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, null=True, blank=True, related_name="payments"
    )
    donation = models.ForeignKey(
        Donation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="payments",
    )
    provider = models.CharField(max_length=16, choices=Provider.choices)
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    # Stripe: the payment intent (or invoice) id; M-Pesa: the receipt number.
    reference = models.CharField(max_length=255, blank=True, db_index=True)
    # M-Pesa: the STK push's request id, and the secret in its callback URL.
    checkout_request_id = models.CharField(
        max_length=100, unique=True, null=True, blank=True
    )
    callback_token = models.CharField(
        max_length=64, unique=True, default=callback_token, editable=False
    )
    phone_number = models.CharField(max_length=16, blank=True)
    result_description = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(
        default=dict, blank=True, help_text=_("What the provider last sent.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order__isnull=False, donation__isnull=True)
                | models.Q(order__isnull=True, donation__isnull=False),
                name="commerce_payment_for_one_thing",
            ),
            # Two events about one payment (a checkout and its invoice) make
            # one record, however close together they come.
            models.UniqueConstraint(
                fields=["provider", "reference"],
                condition=~models.Q(reference=""),
                name="commerce_payment_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.amount} {self.currency}"


class Membership(models.Model):
    """A user's plan: it unlocks courses while active and its period lasts."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Payment overdue")
        CANCELED = "canceled", _("Ended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="memberships",
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    current_period_end = models.DateTimeField(null=True, blank=True)
    stripe_subscription_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    # The time of the newest provider event applied: older ones change nothing.
    synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} for {self.user}"


class ProviderEvent(models.Model):
    """
    A webhook or callback received: each is acted on once. One that cannot be
    acted on (malformed, or naming nothing of ours) is kept with the reason.
    """

    provider = models.CharField(max_length=16, choices=Provider.choices)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    problem = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Why it was set aside rather than acted on."),
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            # Only events acted on count: one set aside, whatever id it
            # claims, must not stand in for the real one.
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=models.Q(problem=""),
                name="commerce_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"

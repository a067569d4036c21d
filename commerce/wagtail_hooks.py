"""
Commerce in the Wagtail admin. Plans are snippets (content admins edit);
orders, payments, donations and memberships are records that only provider
events change, shown read-only through wagtail-modeladmin, as are the
provider events themselves. Keeping modeladmin to this one file means one
file to change when it is replaced by Wagtail's ModelViewSet.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import HistoryView

from courses.access import HookGrant
from members.choosers import RestrictedSnippetChooserViewSet
from members.models import User

from .models import (
    Coupon,
    Donation,
    Membership,
    Order,
    Payment,
    PaymentStatus,
    Plan,
    ProviderEvent,
)
from .selectors import (
    course_list_of_plan,
    course_may_be_in_a_plan,
    membership_list_current,
    payment_data_export,
    revenue_summary,
)
from .services import commerce_records_anonymise
from .setup import payment_setup


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "tag"
    menu_label = "Plans"
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["name", "price", "currency", "interval", "duration_days", "active"]
    list_filter = ["active", "currency"]


register_snippet(PlanViewSet)


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "tag"
    menu_label = "Coupons"
    menu_order = 310
    add_to_settings_menu = True
    list_display = [
        "code",
        Column("discount_text", label="Discount"),
        Column("redeemed", label="Paid orders"),
        "max_redemptions",
        "expires_at",
        "active",
    ]
    list_filter = ["active", "kind"]
    # Codes are secret: only who may manage coupons may choose one.
    chooser_viewset_class = RestrictedSnippetChooserViewSet

    def get_queryset(self, request):
        return Coupon.objects.annotate(
            redeemed=Count("orders", filter=Q(orders__status=PaymentStatus.PAID))
        )


register_snippet(CouponViewSet)


class RecordPermissionHelper(PermissionHelper):
    """Payment records change only through provider events: admins read them."""

    def user_can_list(self, user) -> bool:
        return user.is_active and user.is_superuser

    def user_can_inspect_obj(self, user, obj) -> bool:
        return self.user_can_list(user)

    def user_can_create(self, user) -> bool:
        return False

    def user_can_edit_obj(self, user, obj) -> bool:
        return False

    def user_can_delete_obj(self, user, obj) -> bool:
        return False


class DonationPermissionHelper(RecordPermissionHelper):
    """Teachers also see the donations they received."""

    def user_can_list(self, user) -> bool:
        return super().user_can_list(user) or (
            user.is_active and user.role == User.Role.TEACHER
        )

    def user_can_inspect_obj(self, user, obj) -> bool:
        return super().user_can_list(user) or obj.recipient_id == user.pk


class RecordHistoryView(HistoryView):
    """A record's log, for those who may inspect it: modeladmin checks nothing."""

    def check_action_permitted(self, user) -> bool:
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class RecordAdmin(ModelAdmin):
    permission_helper_class = RecordPermissionHelper
    inspect_view_enabled = True
    history_view_class = RecordHistoryView


class OrderAdmin(RecordAdmin):
    model = Order
    menu_label = "Orders"
    menu_icon = "list-ul"
    list_display = [
        "pk",
        "user",
        "description",
        "total",
        "currency",
        "provider",
        "status",
        "created_at",
    ]
    list_filter = ["status", "provider", "currency"]
    search_fields = ["user__email", "email", "stripe_session_id", "items__description"]
    list_export = [
        "pk",
        "email",
        "description",
        "total",
        "currency",
        "provider",
        "status",
        "created_at",
        "paid_at",
    ]
    export_filename = "orders"


class PaymentAdmin(RecordAdmin):
    model = Payment
    menu_label = "Payments"
    menu_icon = "success"
    list_display = [
        "pk",
        "provider",
        "amount",
        "currency",
        "status",
        "reference",
        "created_at",
    ]
    list_filter = ["status", "provider", "currency"]
    search_fields = [
        "reference",
        "checkout_request_id",
        "order__email",
        "donation__email",
    ]
    list_export = [
        "pk",
        "order_id",
        "donation_id",
        "provider",
        "amount",
        "currency",
        "status",
        "reference",
        "result_description",
        "created_at",
    ]
    export_filename = "payments"


class DonationAdmin(RecordAdmin):
    model = Donation
    permission_helper_class = DonationPermissionHelper
    menu_label = "Donations"
    menu_icon = "pick"
    list_display = [
        "pk",
        "recipient",
        "amount",
        "currency",
        "provider",
        "status",
        "message",
        "created_at",
    ]
    list_filter = ["status", "provider", "currency"]
    search_fields = ["recipient__email", "recipient__display_name", "email", "message"]
    list_export = [
        "pk",
        "recipient",
        "amount",
        "currency",
        "provider",
        "status",
        "country",
        "message",
        "created_at",
    ]
    export_filename = "donations"

    def get_queryset(self, request):
        donations = super().get_queryset(request)
        if request.user.is_superuser:
            return donations
        return donations.filter(recipient=request.user, status=PaymentStatus.PAID)


class MembershipAdmin(RecordAdmin):
    model = Membership
    menu_label = "Memberships"
    menu_icon = "group"
    list_display = [
        "pk",
        "user",
        "plan",
        "status",
        "current_period_end",
        "stripe_subscription_id",
    ]
    list_filter = ["status"]
    search_fields = ["user__email", "plan__name", "stripe_subscription_id"]
    list_export = ["pk", "user", "plan", "status", "current_period_end", "created_at"]
    export_filename = "memberships"


class ProviderEventAdmin(RecordAdmin):
    """What Stripe and Safaricom sent, and why any of it was set aside."""

    model = ProviderEvent
    menu_label = "Provider events"
    menu_icon = "resubmit"
    list_display = ["received_at", "provider", "type", "event_id", "problem"]
    list_filter = ["provider", "type"]
    search_fields = ["event_id", "type", "problem"]


class CommerceGroup(ModelAdminGroup):
    menu_label = "Payments"
    menu_icon = "doc-full"
    menu_order = 400
    items = (
        OrderAdmin,
        PaymentAdmin,
        DonationAdmin,
        MembershipAdmin,
        ProviderEventAdmin,
    )


modeladmin_register(CommerceGroup)


def revenue(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    return TemplateResponse(
        request, "commerce/admin/revenue.html", {"summary": revenue_summary()}
    )


def setup(request):
    """What the payment settings allow, and what each provider must be told."""
    if not request.user.is_superuser:
        raise PermissionDenied
    base_url = request.build_absolute_uri("/").rstrip("/")
    return TemplateResponse(
        request,
        "commerce/admin/setup.html",
        {"providers": payment_setup(base_url=base_url)},
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("commerce/revenue/", revenue, name="commerce_revenue"),
        path("commerce/setup/", setup, name="commerce_setup"),
    ]


class AdminsOnlyMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_revenue_menu_item():
    return AdminsOnlyMenuItem(
        "Revenue", reverse("commerce_revenue"), icon_name="table", order=410
    )


@hooks.register("register_settings_menu_item")
def register_setup_menu_item():
    return AdminsOnlyMenuItem(
        "Payment setup", reverse("commerce_setup"), icon_name="cog", order=310
    )


@hooks.register("grant_course_access")
def plans_unlock_their_courses(*, user, course=None) -> list[HookGrant]:
    """Each current plan's courses, since the membership began (the first,
    if the member holds the plan twice); none when asked about a course
    that no plan unlocks (known without a query while it is kept:
    `course_may_be_in_a_plan`)."""
    if course is not None and not course_may_be_in_a_plan(course=course):
        return []
    grants: dict[int, HookGrant] = {}
    memberships = membership_list_current(user=user).select_related("plan")
    for membership in memberships.order_by("plan__name", "created_at"):
        grants.setdefault(
            membership.plan_id,
            HookGrant(
                label=f"Included in your plan {membership.plan.name}.",
                courses=course_list_of_plan(plan=membership.plan),
                since=membership.created_at,
            ),
        )
    return list(grants.values())


@hooks.register("before_delete_account")
def anonymise_payment_records(user) -> None:
    commerce_records_anonymise(user=user)


@hooks.register("register_account_data")
def export_payments(user) -> dict:
    return payment_data_export(user=user)

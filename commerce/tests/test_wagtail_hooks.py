from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

import pytest

from commerce.factories import (
    DonationFactory,
    OrderFactory,
    OrderItemFactory,
    PaymentFactory,
)
from commerce.models import Donation, Membership, Payment, Plan
from commerce.services import provider_event_set_aside
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.selectors import account_data_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(buyer, teacher, paid_course):
    order = OrderFactory(user=buyer, status="paid")
    OrderItemFactory(order=order, course=paid_course, description=paid_course.title)
    PaymentFactory(order=order, status="paid", reference="pi_3TestPaid")
    mine = DonationFactory(
        donor=buyer, recipient=teacher, status="paid", message="Thank you!"
    )
    PaymentFactory(
        order=None,
        donation=mine,
        provider="mpesa",
        status="paid",
        amount=500,
        currency="KES",
    )
    theirs = DonationFactory(
        amount=Decimal("7"), status="paid", message="For someone else"
    )
    return {"order": order, "mine": mine, "theirs": theirs}


@pytest.fixture
def admin_only_records(records, buyer, monthly_plan):
    """A record of each kind that only admins read."""
    return {
        "order": records["order"],
        "payment": Payment.objects.get(order=records["order"]),
        "membership": Membership.objects.create(user=buyer, plan=monthly_plan),
        "providerevent": provider_event_set_aside(
            provider="stripe",
            event_id="evt_1TestHistory",
            event_type="checkout.session.completed",
            payload={"id": "evt_1TestHistory"},
            problem="Its metadata order_id is not one of our ids: 'abc'.",
        ),
    }


def history_url(record) -> str:
    name = f"commerce_{record._meta.model_name}_modeladmin_history"
    return reverse(name, kwargs={"instance_pk": record.pk})


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("model", ["order", "payment", "membership", "providerevent"])
@pytest.mark.parametrize("make_user", [TeacherFactory, moderator])
def test_only_admins_read_a_payment_records_history(
    client, admin_only_records, model, make_user
):
    record = admin_only_records[model]
    client.force_login(make_user())

    refused = client.get(history_url(record))
    client.force_login(AdminFactory())
    shown = client.get(history_url(record))

    assert refused.status_code in (302, 403)
    assert escape(record) not in refused.content.decode()
    assert shown.status_code == 200
    assert escape(record) in shown.content.decode()


def test_teachers_read_the_history_of_only_the_donations_they_received(
    client, teacher, records
):
    mine, theirs = (
        Donation.objects.get(pk=records[key].pk) for key in ("mine", "theirs")
    )
    client.force_login(teacher)
    own = client.get(history_url(mine))
    other = client.get(history_url(theirs))
    client.force_login(moderator())
    moderators = client.get(history_url(mine))

    assert own.status_code == 200
    assert escape(mine) in own.content.decode()
    assert other.status_code in (302, 403)
    assert escape(theirs) not in other.content.decode()
    assert moderators.status_code in (302, 403)
    assert escape(mine) not in moderators.content.decode()


@pytest.mark.parametrize(
    "model", ["order", "payment", "donation", "membership", "providerevent"]
)
def test_admins_list_payment_records_but_change_none(client, records, model):
    client.force_login(AdminFactory())
    base = f"/admin/commerce/{model}/"

    listing = client.get(base)
    add = client.get(f"{base}create/")

    assert listing.status_code == 200
    assert add.status_code in (302, 403)


def test_admins_filter_inspect_and_export_orders(client, records):
    client.force_login(AdminFactory())
    order = records["order"]

    filtered = client.get("/admin/commerce/order/", {"status": "refunded"})
    inspect = client.get(f"/admin/commerce/order/inspect/{order.pk}/")
    export = client.get("/admin/commerce/order/", {"export": "csv"})

    assert list(filtered.context["object_list"]) == []
    assert inspect.status_code == 200
    csv = b"".join(export.streaming_content).decode()
    assert "Web development" in csv
    assert "29.00" in csv


def test_teachers_see_only_the_donations_they_received(client, teacher, records):
    client.force_login(teacher)

    listing = client.get("/admin/commerce/donation/")
    own = client.get(f"/admin/commerce/donation/inspect/{records['mine'].pk}/")
    other = client.get(f"/admin/commerce/donation/inspect/{records['theirs'].pk}/")
    orders = client.get("/admin/commerce/order/")

    assert [d.message for d in listing.context["object_list"]] == ["Thank you!"]
    assert own.status_code == 200
    assert other.status_code in (302, 403)
    assert orders.status_code in (302, 403)


def test_students_see_no_payment_records(client, records):
    client.force_login(UserFactory())

    assert client.get("/admin/commerce/donation/").status_code in (302, 403)


def test_admins_see_why_a_provider_event_was_set_aside(client, teacher):
    provider_event_set_aside(
        provider="stripe",
        event_id="evt_1TestSetAside",
        event_type="checkout.session.completed",
        payload={"id": "evt_1TestSetAside"},
        problem="Its metadata order_id is not one of our ids: 'abc'.",
    )

    client.force_login(AdminFactory())
    listing = client.get("/admin/commerce/providerevent/")
    client.force_login(teacher)
    teachers = client.get("/admin/commerce/providerevent/")

    assert b"not one of our ids" in listing.content
    assert b"evt_1TestSetAside" in listing.content
    assert teachers.status_code in (302, 403)


def test_the_revenue_summary_by_month_course_and_provider(client, records):
    client.force_login(AdminFactory())

    response = client.get("/admin/commerce/revenue/")

    summary = response.context["summary"]
    assert {(row["currency"], row["total"]) for row in summary["by_month"]} == {
        ("USD", Decimal("29.00")),
        ("KES", Decimal("500")),
    }
    assert summary["by_course"] == [
        {
            "description": "Web development",
            "order__currency": "USD",
            "total": Decimal("29.00"),
            "sales": 1,
        }
    ]
    assert {row["provider"] for row in summary["by_provider"]} == {"stripe", "mpesa"}


def test_teachers_get_no_revenue_summary(client, teacher):
    client.force_login(teacher)

    assert client.get("/admin/commerce/revenue/").status_code in (302, 403)


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"interval": "month", "duration_days": 30}, "duration_days"),
        ({"interval": "", "duration_days": None}, "duration_days"),
        ({"interval": "month", "stripe_price_id": ""}, "stripe_price_id"),
        ({"currency": "US"}, "currency"),
    ],
)
def test_a_plan_is_either_renewing_or_fixed(fields, field_in_error):
    plan = Plan(
        name="Plan",
        price=Decimal("10"),
        currency="usd",
        interval="month",
        stripe_price_id="price_1Q",
    )
    for name, value in fields.items():
        setattr(plan, name, value)

    with pytest.raises(ValidationError) as caught:
        plan.full_clean()

    assert field_in_error in caught.value.message_dict


def test_the_data_export_lists_ones_payments(buyer, records):
    exported = account_data_export(user=buyer)

    assert exported["orders"][0]["description"] == "Web development"
    assert exported["donations"][0]["amount"] == "5.00"

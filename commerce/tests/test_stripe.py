import json
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
import responses

from commerce.models import (
    Donation,
    Membership,
    Order,
    Payment,
    ProviderEvent,
    StripeCustomer,
)
from commerce.services import stripe_customers_delete_pending
from commerce.tests.conftest import course_on_sale
from commerce.tests.fakes import (
    STRIPE_API,
    completed_session,
    invoice_object,
    refunded_charge,
    send_event,
    signature,
    stripe_event,
    subscription_object,
)
from courses.access import user_has_course_access
from courses.models import Enrollment, LessonPage
from members.deletion import account_delete
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import User

pytestmark = pytest.mark.django_db


def buy(client, buyer, course):
    client.force_login(buyer)
    return client.post(f"/payments/courses/{course.pk}/buy/")


def test_buying_a_course_opens_checkout_at_the_price_in_the_database(
    client, buyer, paid_course, fake_stripe
):
    response = buy(client, buyer, paid_course)

    (session,) = fake_stripe.sessions
    assert response.status_code == 303
    assert response["Location"] == session["url"]
    form = session["form"]
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "2900"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][price_data][product_data][name]"] == "Web development"
    order = Order.objects.get()
    assert (order.status, order.total, order.stripe_session_id) == (
        "pending",
        paid_course.price,
        session["id"],
    )
    assert form["payment_intent_data[metadata][order_id]"] == str(order.pk)
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_tampered_price_in_the_form_is_ignored(
    client, buyer, paid_course, fake_stripe
):
    client.force_login(buyer)

    client.post(
        f"/payments/courses/{paid_course.pk}/buy/",
        {"price": "0.01", "amount": "1", "currency": "KES"},
    )

    assert (
        fake_stripe.sessions[0]["form"]["line_items[0][price_data][unit_amount]"]
        == "2900"
    )


def test_one_stripe_customer_per_buyer(
    client, buyer, paid_course, catalog, teacher, fake_stripe
):

    other = course_on_sale(catalog, teacher, "Databases", "19.00", "USD")
    buy(client, buyer, paid_course)
    buy(client, buyer, other)

    assert len(fake_stripe.customers) == 1
    customer = StripeCustomer.objects.get(user=buyer)
    assert {s["customer"] for s in fake_stripe.sessions} == {customer.customer_id}


@pytest.mark.parametrize(
    ("course_fields", "message"),
    [
        ({"access_level": "open", "price": None}, b"not for sale"),
        ({"availability": "coming_soon"}, b"not for sale"),
    ],
)
def test_courses_not_for_sale_open_no_checkout(
    client, buyer, paid_course, fake_stripe, course_fields, message
):
    for field, value in course_fields.items():
        setattr(paid_course, field, value)
    paid_course.save_revision().publish()

    response = buy(client, buyer, paid_course)

    assert response.status_code == 302
    assert not fake_stripe.sessions
    assert not Order.objects.exists()
    assert message in client.get(response["Location"]).content


def test_a_course_without_published_lessons_is_not_for_sale(
    client, buyer, paid_course, fake_stripe
):
    LessonPage.objects.descendant_of(paid_course).get().unpublish()

    response = buy(client, buyer, paid_course)

    assert not fake_stripe.sessions
    assert not Order.objects.exists()
    assert b"not for sale" in client.get(response["Location"]).content


def test_a_course_that_does_not_exist_is_a_404(client, buyer, fake_stripe):
    client.force_login(buyer)

    assert client.post("/payments/courses/999999/buy/").status_code == 404


def test_buyers_verify_their_email_first(client, paid_course, fake_stripe):
    client.force_login(UserFactory())

    response = client.post(f"/payments/courses/{paid_course.pk}/buy/")

    assert response.status_code == 302
    assert not fake_stripe.sessions


def pay(client, session: dict, **changes) -> dict:
    paid = completed_session(session, **changes)
    assert (
        send_event(client, stripe_event("checkout.session.completed", paid)).status_code
        == 200
    )
    return paid


def test_the_webhook_confirms_the_purchase_and_the_course_opens(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)

    with django_capture_on_commit_callbacks(execute=True):
        paid = pay(client, fake_stripe.sessions[0])

    order = Order.objects.get()
    assert order.status == "paid"
    assert order.payments.get().reference == paid["payment_intent"]
    assert Enrollment.objects.get(user=buyer).source == "purchase"
    assert user_has_course_access(user=buyer, course=paid_course)
    (receipt,) = mail.outbox
    assert receipt.to == [buyer.email]
    assert "Web development" in receipt.body
    assert "$29.00" in receipt.body


def test_the_order_page_confirms_then_shows_the_result(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    order = Order.objects.get()
    url = order.get_absolute_url()

    pending = client.get(url, headers={"HX-Request": "true"})
    pay(client, fake_stripe.sessions[0])
    settled = client.get(url, headers={"HX-Request": "true"})

    assert b"Confirming your payment" in pending.content
    assert b'hx-trigger="every 2s"' in pending.content
    assert b"Payment received" in settled.content
    assert b"hx-trigger" not in settled.content


def test_nobody_else_sees_an_order(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    client.force_login(UserFactory())

    assert client.get(Order.objects.get().get_absolute_url()).status_code == 404


def test_orders_and_donations_are_not_found_by_counting(
    client, buyer, teacher, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    client.logout()
    client.post(
        f"/payments/donate/{teacher.pk}/",
        {"method": "stripe", "amount": "5", "email": "a@example.com", "country": "KE"},
    )
    order, donation = Order.objects.get(), Donation.objects.get()
    client.force_login(buyer)

    # Checkout sends the buyer and the donor back to addresses nobody guesses.
    order_session, donation_session = fake_stripe.sessions
    assert order_session["success_url"].endswith(order.get_absolute_url())
    assert donation_session["success_url"].endswith(donation.get_absolute_url())
    assert str(order.public_id) in order.get_absolute_url()
    assert client.get(order.get_absolute_url()).status_code == 200
    assert client.get(f"/payments/orders/{order.pk}/").status_code == 404
    client.logout()
    assert client.get(donation.get_absolute_url()).status_code == 200
    assert client.get(f"/payments/donations/{donation.pk}/").status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        None,
        "t=1700000000,v1=0000000000000000000000000000000000000000000000000000000000000000",
        "garbage",
    ],
)
def test_forged_and_unsigned_webhooks_change_nothing(
    client, buyer, paid_course, fake_stripe, header
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )
    headers = {"Stripe-Signature": header} if header else {}

    response = client.post(
        "/payments/stripe/webhook/",
        event,
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 400
    assert Order.objects.get().status == "pending"
    assert not ProviderEvent.objects.exists()


def test_a_webhook_signed_with_another_secret_is_refused(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    response = send_event(client, event, secret="whsec_someone_else")

    assert response.status_code == 400
    assert not Enrollment.objects.exists()


def test_a_replayed_event_changes_nothing_twice(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = send_event(client, event)
        again = send_event(client, event)

    assert (first.status_code, again.status_code) == (200, 200)
    assert Payment.objects.count() == 1
    assert len(mail.outbox) == 1
    assert ProviderEvent.objects.count() == 1


def test_unknown_events_are_acknowledged_and_ignored(client, db):
    response = send_event(
        client, stripe_event("customer.tax_id.created", {"id": "txi_1"})
    )

    assert response.status_code == 200
    assert ProviderEvent.objects.get().type == "customer.tax_id.created"


def test_a_refund_removes_access(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    paid = pay(client, fake_stripe.sessions[0])

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge(paid["payment_intent"], 2900)),
    )

    assert Order.objects.get().status == "refunded"
    assert Payment.objects.get().status == "refunded"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_partial_refund_keeps_access(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    paid = pay(client, fake_stripe.sessions[0])

    send_event(
        client,
        stripe_event(
            "charge.refunded",
            refunded_charge(paid["payment_intent"], 2900, refunded=False),
        ),
    )

    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_refund_that_arrives_before_the_payment_still_wins(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    paid = completed_session(fake_stripe.sessions[0])
    refund = stripe_event(
        "charge.refunded", refunded_charge(paid["payment_intent"], 2900)
    )

    send_event(client, refund)
    send_event(client, stripe_event("checkout.session.completed", paid))

    assert Order.objects.get().status == "refunded"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_failed_payment_leaves_the_course_closed(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    order = Order.objects.get()
    intent = {
        "id": "pi_3TestFailed",
        "object": "payment_intent",
        "status": "requires_payment_method",
        "metadata": {"order_id": str(order.pk)},
        "last_payment_error": {"code": "card_declined", "message": "Declined."},
    }

    send_event(client, stripe_event("payment_intent.payment_failed", intent))

    assert Order.objects.get().status == "failed"
    assert not Enrollment.objects.exists()
    assert b"did not go through" in client.get(order.get_absolute_url()).content


def test_an_abandoned_checkout_expires_as_failed(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    session = {k: v for k, v in fake_stripe.sessions[0].items() if k != "form"}

    send_event(
        client,
        stripe_event("checkout.session.expired", {**session, "status": "expired"}),
    )

    assert Order.objects.get().status == "failed"


def buy_plan(client, buyer, plan):
    client.force_login(buyer)
    return client.post(f"/payments/plans/{plan.pk}/buy/")


def test_a_renewing_plan_is_a_subscription_checkout(
    client, buyer, monthly_plan, fake_stripe
):
    response = buy_plan(client, buyer, monthly_plan)

    form = fake_stripe.sessions[0]["form"]
    assert response.status_code == 303
    assert form["mode"] == "subscription"
    assert form["line_items[0][price]"] == "price_1QAllAccessMonthly"
    assert form["subscription_data[metadata][plan_id]"] == str(monthly_plan.pk)


def test_a_plan_opens_every_course_it_unlocks_until_it_ends(
    client, buyer, monthly_plan, paid_course, kes_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    membership = Membership.objects.get()
    assert membership.stripe_subscription_id == paid["subscription"]
    assert user_has_course_access(user=buyer, course=paid_course)
    assert user_has_course_access(user=buyer, course=kes_course)

    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    period_end = int(time.time()) + 31 * 86400
    send_event(
        client,
        stripe_event(
            "invoice.paid",
            invoice_object(paid["subscription"], 1200, period_end, metadata),
        ),
    )
    membership.refresh_from_db()
    assert membership.current_period_end == datetime.fromtimestamp(period_end, tz=UTC)
    assert Payment.objects.filter(order__isnull=False).count() == 2

    send_event(
        client,
        stripe_event(
            "customer.subscription.deleted",
            subscription_object(paid["subscription"], "canceled", period_end, metadata),
        ),
    )

    assert Membership.objects.get().status == "canceled"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_subscription_events_out_of_order_change_nothing_backwards(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    now = int(time.time())
    newer = stripe_event(
        "customer.subscription.updated",
        subscription_object(paid["subscription"], "past_due", now + 86400, metadata),
        created=now + 60,
    )
    older = stripe_event(
        "customer.subscription.updated",
        subscription_object(paid["subscription"], "active", now + 40 * 86400, metadata),
        created=now - 60,
    )

    send_event(client, newer)
    send_event(client, older)

    membership = Membership.objects.get()
    assert membership.status == "past_due"
    assert membership.current_period_end == datetime.fromtimestamp(now + 86400, tz=UTC)


def test_subscription_news_before_the_checkout_makes_the_membership(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    order = Order.objects.get()
    paid = completed_session(fake_stripe.sessions[0])
    metadata = {
        "plan_id": str(monthly_plan.pk),
        "user_id": str(buyer.pk),
        "order_id": str(order.pk),
    }
    period_end = int(time.time()) + 30 * 86400

    send_event(
        client,
        stripe_event(
            "customer.subscription.updated",
            subscription_object(paid["subscription"], "active", period_end, metadata),
        ),
    )
    send_event(client, stripe_event("checkout.session.completed", paid))

    membership = Membership.objects.get()
    assert membership.order == order
    assert membership.current_period_end == datetime.fromtimestamp(period_end, tz=UTC)
    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_fixed_term_plan_lasts_its_days_and_a_refund_ends_it(
    client, buyer, term_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, term_plan)
    assert fake_stripe.sessions[0]["form"]["mode"] == "payment"
    paid = pay(client, fake_stripe.sessions[0])

    membership = Membership.objects.get()
    assert membership.current_period_end > timezone.now() + timedelta(days=119)
    assert user_has_course_access(user=buyer, course=paid_course)

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge(paid["payment_intent"], 4000)),
    )
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_an_expired_membership_opens_nothing(buyer, term_plan, paid_course):
    Membership.objects.create(
        user=buyer,
        plan=term_plan,
        current_period_end=timezone.now() - timedelta(minutes=1),
    )

    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_fixed_term_plan_that_ended_can_be_bought_again(
    client, buyer, term_plan, fake_stripe
):
    Membership.objects.create(
        user=buyer,
        plan=term_plan,
        status=Membership.Status.ACTIVE,  # never changed when the term ends
        current_period_end=timezone.now() - timedelta(minutes=1),
    )

    response = buy_plan(client, buyer, term_plan)

    assert response.status_code == 303
    assert len(fake_stripe.sessions) == 1


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_a_plan_still_current_is_not_sold_twice(
    client, buyer, term_plan, fake_stripe, status
):
    Membership.objects.create(
        user=buyer,
        plan=term_plan,
        status=status,
        current_period_end=timezone.now() + timedelta(days=1),
    )

    response = buy_plan(client, buyer, term_plan)

    assert response.status_code == 302
    assert not fake_stripe.sessions
    assert b"You already have this plan" in client.get(response["Location"]).content


def test_a_plan_not_for_sale_or_unknown_is_refused(
    client, buyer, term_plan, fake_stripe
):
    term_plan.active = False
    term_plan.save()
    client.force_login(buyer)

    assert client.post(f"/payments/plans/{term_plan.pk}/buy/").status_code == 404
    assert client.post("/payments/plans/987654/buy/").status_code == 404
    assert not fake_stripe.sessions


def test_account_deletion_deletes_the_stripe_customer_and_anonymises_records(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    pay(client, fake_stripe.sessions[0])
    customer_id = StripeCustomer.objects.get().customer_id

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=buyer)
        # Stripe is asked only once the deletion is committed.
        assert not fake_stripe.deleted

    assert fake_stripe.deleted == [customer_id]
    order = Order.objects.get()
    assert (order.user, order.email, order.status) == (None, "", "paid")
    assert Payment.objects.get().payload == {}
    assert not StripeCustomer.objects.exists()


def test_a_stripe_outage_neither_stops_an_account_deletion_nor_is_forgotten(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    pay(client, fake_stripe.sessions[0])
    customer_id = StripeCustomer.objects.get().customer_id
    fake_stripe.down = True

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=buyer)

    assert not User.objects.filter(pk=buyer.pk).exists()
    assert Order.objects.get().email == ""
    assert not fake_stripe.deleted
    assert StripeCustomer.objects.get(user=None).customer_id == customer_id

    call_command("delete_stripe_customers", stdout=StringIO())  # Stripe still down
    assert StripeCustomer.objects.exists()

    fake_stripe.down = False
    call_command("delete_stripe_customers", stdout=StringIO())

    assert fake_stripe.deleted == [customer_id]
    assert not StripeCustomer.objects.exists()


def test_a_customer_stripe_already_deleted_is_deleted_here_too(buyer):
    StripeCustomer.objects.create(user=buyer, customer_id="cus_TestGone")

    with responses.RequestsMock() as mock:
        mock.add(
            responses.DELETE,
            f"{STRIPE_API}/customers/cus_TestGone",
            status=404,
            json={
                "error": {
                    "code": "resource_missing",
                    "message": "No such customer: 'cus_TestGone'",
                    "param": "id",
                    "type": "invalid_request_error",
                }
            },
        )
        account_delete(user=buyer)
        stripe_customers_delete_pending()

    assert not StripeCustomer.objects.exists()


def test_donations_by_card_within_the_limits(
    client, buyer, teacher, fake_stripe, settings
):
    settings.DONATION_EXCLUDED_COUNTRIES = ["KP"]
    client.force_login(buyer)
    url = f"/payments/donate/{teacher.pk}/"
    form = {
        "method": "stripe",
        "amount": "5.00",
        "message": "Thanks for the lessons!",
        "email": buyer.email,
        "country": "KE",
    }

    too_much = client.post(url, {**form, "amount": "100000"})
    excluded = client.post(url, {**form, "country": "KP"})
    response = client.post(url, form)

    assert too_much.status_code == 400
    assert excluded.status_code == 400
    assert response.status_code == 303
    (session,) = fake_stripe.sessions
    assert session["form"]["line_items[0][price_data][unit_amount]"] == "500"
    donation = Donation.objects.get()
    assert (donation.recipient, donation.amount, donation.status) == (
        teacher,
        5,
        "pending",
    )
    pay(client, session)
    assert Donation.objects.get().status == "paid"


def test_only_teachers_can_be_donated_to_and_others_look_like_nobody(
    client, buyer, fake_stripe
):
    client.force_login(buyer)
    form = {"method": "stripe", "amount": "5", "email": buyer.email, "country": "KE"}

    for user in (UserFactory(), TeacherFactory(is_active=False)):
        assert client.get(f"/payments/donate/{user.pk}/").status_code == 404
        assert client.post(f"/payments/donate/{user.pk}/", form).status_code == 404
    assert client.get("/payments/donate/987654/").status_code == 404
    assert not fake_stripe.sessions


def test_the_course_page_offers_card_and_mpesa_for_kes_courses(
    client, buyer, kes_course, paid_course
):
    client.force_login(buyer)

    kes = client.get(kes_course.url).content.decode()
    usd = client.get(paid_course.url).content.decode()

    assert f"/payments/courses/{kes_course.pk}/buy/" in kes
    assert f"/payments/courses/{kes_course.pk}/buy/mpesa/" in kes
    assert f"/payments/courses/{paid_course.pk}/buy/" in usd
    assert "/buy/mpesa/" not in usd


def test_the_donate_button_shows_on_teachers_media_and_profile(client, teacher, buyer):
    from media_library.factories import MediaAssetFactory

    asset = MediaAssetFactory(owner=teacher, visibility="private")
    client.force_login(teacher)
    own_page = client.get(asset.get_absolute_url()).content.decode()
    client.force_login(AdminFactory())  # admins see every asset
    media_page = client.get(asset.get_absolute_url()).content.decode()
    client.force_login(buyer)
    profile = client.get(teacher.get_absolute_url()).content.decode()
    student_profile = client.get(buyer.get_absolute_url()).content.decode()

    assert 'data-testid="donate"' not in own_page  # not to oneself
    assert f"/payments/donate/{teacher.pk}/" in profile
    assert f"/payments/donate/{teacher.pk}/" in media_page
    assert "/payments/donate/" not in student_profile


def test_stripe_refusing_fails_the_order_with_a_clear_message(
    client, buyer, paid_course
):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(
            responses.POST,
            f"{STRIPE_API}/customers",
            status=401,
            json={
                "error": {
                    "message": "Invalid API Key provided: sk_test_***tern",
                    "type": "invalid_request_error",
                }
            },
        )
        response = buy(client, buyer, paid_course)

    page = client.get(response["Location"]).content
    assert b"Card payments are unavailable right now" in page
    assert not Order.objects.filter(status="pending").exists()


def test_each_renewal_gets_its_receipt_once(
    client, buyer, monthly_plan, fake_stripe, django_capture_on_commit_callbacks
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    renewal = stripe_event(
        "invoice.paid",
        invoice_object(
            paid["subscription"], 1200, int(time.time()) + 60 * 86400, metadata
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_event(client, renewal)
        send_event(client, renewal)

    (receipt,) = mail.outbox
    assert receipt.to == [buyer.email]
    assert "$12.00" in receipt.body


def test_refunding_a_subscription_payment_ends_the_plan(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    fake_stripe.invoice_payments["pi_3TestInvoicePaid"] = paid["invoice"]

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge("pi_3TestInvoicePaid", 1200)),
    )

    assert Payment.objects.get().status == "refunded"
    assert Membership.objects.get().status == "canceled"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_checkout_and_its_invoice_make_one_payment_whatever_the_order(
    client, buyer, monthly_plan, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    order = Order.objects.get()
    paid = completed_session(fake_stripe.sessions[0])
    metadata = {
        "plan_id": str(monthly_plan.pk),
        "user_id": str(buyer.pk),
        "order_id": str(order.pk),
    }
    invoice = invoice_object(
        paid["subscription"], 1200, int(time.time()) + 86400, metadata
    )
    invoice["id"] = paid["invoice"]

    send_event(client, stripe_event("invoice.paid", invoice))
    send_event(client, stripe_event("checkout.session.completed", paid))

    assert Payment.objects.count() == 1
    assert Order.objects.get().status == "paid"


def without(event: dict, key: str) -> dict:
    return {name: value for name, value in event.items() if name != key}


def with_metadata(event: dict, metadata) -> dict:
    session = {**event["data"]["object"], "metadata": metadata}
    return {**event, "data": {"object": session}}


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda event: without(event, "data"), "no data object"),
        (lambda event: {**event, "data": {"object": ["a list"]}}, "no data object"),
        (lambda event: {**event, "data": "gone"}, "no data object"),
        (lambda event: without(event, "created"), "created time"),
        (lambda event: without(event, "id"), "no id"),
        (lambda event: [event], "no id"),
        (lambda event: with_metadata(event, {"order_id": "abc"}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": "9" * 30}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": 7}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": "987654"}), "nothing of"),
        (lambda event: with_metadata(event, {"donation_id": "0"}), "nothing of ours"),
        (lambda event: with_metadata(event, None), "names no order"),
        (lambda event: with_metadata(event, "order 1"), "metadata is not"),
    ],
)
def test_signed_events_that_cannot_be_used_are_set_aside(
    client, buyer, paid_course, fake_stripe, caplog, spoil, problem
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    response = send_event(client, spoil(event))

    # Acknowledged, so that Stripe stops sending it, and changes nothing.
    assert response.status_code == 200
    assert Order.objects.get().status == "pending"
    assert not Payment.objects.exists()
    assert not Enrollment.objects.exists()
    set_aside = ProviderEvent.objects.get()
    assert problem in set_aside.problem
    assert set_aside.payload == json.loads(json.dumps(spoil(event)))
    assert "Set aside stripe event" in caplog.text


def test_a_signed_body_that_is_not_json_is_set_aside(client, db):
    body = "<html>not an event</html>"

    response = client.post(
        "/payments/stripe/webhook/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature(body)},
    )

    assert response.status_code == 200
    assert ProviderEvent.objects.get().payload == body


@pytest.mark.parametrize(
    ("event_type", "spoil", "problem"),
    [
        (
            "invoice.paid",
            lambda invoice: without(invoice, "lines"),
            "KeyError('lines')",
        ),
        (
            "invoice.paid",
            lambda invoice: {**invoice, "amount_paid": "lots"},
            "Not as Stripe sends it",
        ),
        (
            "invoice.paid",
            lambda invoice: {**invoice, "parent": "sub"},
            "Not as Stripe sends it",
        ),
        (
            "customer.subscription.updated",
            lambda _: subscription_object(
                "sub_1TestNew", "active", int(time.time()), {"plan_id": "987654"}
            ),
            "names no plan",
        ),
        (
            "customer.subscription.updated",
            lambda subscription: without(subscription, "items"),
            "KeyError('items')",
        ),
        (
            "checkout.session.completed",
            lambda session: {**session, "payment_intent": {"id": "pi_1"}},
            "not strings",
        ),
        (
            "charge.refunded",
            lambda _: {"object": "charge", "refunded": True, "payment_intent": 1},
            "not an id",
        ),
    ],
)
def test_subscription_events_that_cannot_be_used_change_nothing(
    client, buyer, monthly_plan, fake_stripe, event_type, spoil, problem
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    period_end = int(time.time()) + 31 * 86400
    fine = {
        "invoice.paid": invoice_object(
            paid["subscription"], 1200, period_end, metadata
        ),
        "customer.subscription.updated": subscription_object(
            paid["subscription"], "past_due", period_end, metadata
        ),
        "checkout.session.completed": paid,
        "charge.refunded": refunded_charge(paid["payment_intent"] or "pi_1", 1200),
    }[event_type]
    before = Membership.objects.values().get()

    response = send_event(client, stripe_event(event_type, spoil(fine)))

    assert response.status_code == 200
    assert Membership.objects.values().get() == before
    assert Payment.objects.get().status == "paid"
    assert problem in ProviderEvent.objects.exclude(problem="").get().problem


def test_stripe_unreachable_while_handling_an_event_asks_for_it_again(
    client, buyer, paid_course, fake_stripe
):
    # A passing outage is not the event's fault: Stripe should send it again.
    fake_stripe.down = True

    response = send_event(
        client,
        stripe_event("charge.refunded", refunded_charge("pi_3TestUnknown", 2900)),
    )

    assert response.status_code == 503
    assert not ProviderEvent.objects.exists()

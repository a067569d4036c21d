"""
Stripe and Daraja as their HTTP APIs answer, for `responses`; Stripe's
webhook events and signatures as Stripe makes them. Used by the commerce
tests and the browser journeys.
"""

import base64
import hashlib
import hmac
import json
import re
import time
from itertools import count
from urllib.parse import parse_qs, urlsplit

import requests
import responses

WEBHOOK_SECRET = "whsec_test_secret_for_lectern"
STRIPE_API = "https://api.stripe.com/v1"
DARAJA = "https://sandbox.safaricom.co.ke"
CHECKOUT_REQUEST_ID = "ws_CO_191220191020363925"
ids = count(1)


class FakeStripe:
    """
    Stripe's REST API for customers and Checkout Sessions. While `down`, it
    cannot be reached, as in an outage.
    """

    def __init__(
        self, mock: responses.RequestsMock, *, pay_at_once: bool = False
    ) -> None:
        # With pay_at_once, Checkout "pays" and sends the buyer straight back
        # to the site, as a browser journey needs: the webhook comes apart.
        self.pay_at_once = pay_at_once
        self.down = False
        self.sessions: list[dict] = []
        self.customers: list[dict] = []
        self.coupons: list[dict] = []
        self.deleted: list[str] = []
        # Which invoice each payment intent paid, as Stripe's invoice payments say.
        self.invoice_payments: dict[str, str] = {}
        for method, url, callback in [
            (responses.POST, f"{STRIPE_API}/customers", self.create_customer),
            (responses.POST, f"{STRIPE_API}/coupons", self.create_coupon),
            (
                responses.POST,
                f"{STRIPE_API}/checkout/sessions",
                self.create_session,
            ),
            (
                responses.POST,
                re.compile(rf"{STRIPE_API}/checkout/sessions/cs_\w+/expire"),
                self.expire_session,
            ),
            (
                responses.GET,
                re.compile(rf"{STRIPE_API}/invoice_payments"),
                self.list_invoice_payments,
            ),
            (
                responses.DELETE,
                re.compile(rf"{STRIPE_API}/customers/cus_\w+"),
                self.delete_customer,
            ),
        ]:
            mock.add_callback(method, url, self.unless_down(callback))

    def unless_down(self, callback):
        def answer(request):
            if self.down:
                return 0, {}, requests.ConnectionError("Connection refused")
            return callback(request)

        return answer

    def list_invoice_payments(self, request):
        query = parse_form(urlsplit(request.url).query)
        intent = query["payment[payment_intent]"]
        data = (
            [
                {
                    "id": f"inpay_1Test{next(ids):06d}",
                    "object": "invoice_payment",
                    "amount_paid": 1200,
                    "amount_requested": 1200,
                    "currency": "usd",
                    "invoice": self.invoice_payments[intent],
                    "is_default": True,
                    "livemode": False,
                    "payment": {"type": "payment_intent", "payment_intent": intent},
                    "status": "paid",
                    "status_transitions": {
                        "canceled_at": None,
                        "paid_at": int(time.time()),
                    },
                    "created": int(time.time()),
                }
            ]
            if intent in self.invoice_payments
            else []
        )
        body = {
            "object": "list",
            "data": data,
            "has_more": False,
            "url": "/v1/invoice_payments",
        }
        return 200, {}, json.dumps(body)

    def create_customer(self, request):
        form = parse_form(request.body)
        customer = {
            "id": f"cus_Test{next(ids):06d}",
            "object": "customer",
            "created": int(time.time()),
            "email": form["email"],
            "name": form.get("name"),
            "metadata": {"user_id": form["metadata[user_id]"]},
            "livemode": False,
            "balance": 0,
            "currency": None,
            "delinquent": False,
            "invoice_prefix": "A1B2C3D4",
        }
        self.customers.append(customer)
        return 200, {"Request-Id": "req_customer"}, json.dumps(customer)

    def create_coupon(self, request):
        form = parse_form(request.body)
        coupon = {
            "id": f"Q{next(ids):07d}",
            "object": "coupon",
            "amount_off": int(form["amount_off"]) if "amount_off" in form else None,
            "currency": form.get("currency"),
            "duration": form["duration"],
            "duration_in_months": None,
            "livemode": False,
            "max_redemptions": int(form["max_redemptions"])
            if "max_redemptions" in form
            else None,
            "metadata": {},
            "name": form.get("name"),
            "percent_off": None,
            "redeem_by": int(form["redeem_by"]) if "redeem_by" in form else None,
            "times_redeemed": 0,
            "valid": True,
            "created": int(time.time()),
        }
        self.coupons.append(coupon)
        return 200, {"Request-Id": "req_coupon"}, json.dumps(coupon)

    def delete_customer(self, request):
        customer_id = request.url.rsplit("/", 1)[-1]
        self.deleted.append(customer_id)
        body = {"id": customer_id, "object": "customer", "deleted": True}
        return 200, {}, json.dumps(body)

    def create_session(self, request):
        form = parse_form(request.body)
        session_id = f"cs_test_a1{next(ids):06d}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "url": form["success_url"]
            if self.pay_at_once
            else f"https://checkout.stripe.com/c/pay/{session_id}",
            "customer": form.get("customer"),
            "customer_email": form.get("customer_email"),
            "client_reference_id": form.get("client_reference_id"),
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "currency": form.get("line_items[0][price_data][currency]", "usd"),
            "amount_total": int(form.get("line_items[0][price_data][unit_amount]", 0)),
            "metadata": {
                key[len("metadata[") : -1]: value
                for key, value in form.items()
                if key.startswith("metadata[")
            },
            "payment_intent": None,
            "subscription": None,
            "livemode": False,
            "created": int(time.time()),
            "expires_at": int(time.time()) + 86400,
            "form": form,
        }
        self.sessions.append(session)
        public = {key: value for key, value in session.items() if key != "form"}
        return 200, {"Request-Id": "req_session"}, json.dumps(public)

    def expire_session(self, request):
        session_id = request.url.split("/")[-2]
        session = next(s for s in self.sessions if s["id"] == session_id)
        if session["status"] != "open":
            error = {
                "error": {
                    "message": "Only Checkout Sessions with a status in "
                    '["open"] can be expired.',
                    "request_log_url": "https://dashboard.stripe.com/test/logs/req_x",
                    "type": "invalid_request_error",
                }
            }
            return 400, {"Request-Id": "req_expire"}, json.dumps(error)
        session["status"] = "expired"
        public = {key: value for key, value in session.items() if key != "form"}
        return 200, {"Request-Id": "req_expire"}, json.dumps(public)


def parse_form(body) -> dict[str, str]:
    if isinstance(body, bytes):
        body = body.decode()
    return {key: values[0] for key, values in parse_qs(body or "").items()}


def stripe_event(event_type: str, obj: dict, created: int | None = None) -> dict:
    return {
        "id": f"evt_1Test{next(ids):08d}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def signature(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header, made as Stripe makes it."""
    at = at or int(time.time())
    mac = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256)
    return f"t={at},v1={mac.hexdigest()}"


def send_event(client, event: dict, secret: str = WEBHOOK_SECRET):
    payload = json.dumps(event)
    return client.post(
        "/payments/stripe/webhook/",
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": signature(payload, secret)},
    )


def completed_session(session: dict, **changes) -> dict:
    """The session as checkout.session.completed carries it, paid."""
    public = {key: value for key, value in session.items() if key != "form"}
    paid = {
        **public,
        "status": "complete",
        "payment_status": "paid",
        "payment_intent": f"pi_3Test{next(ids):08d}"
        if session["mode"] == "payment"
        else None,
        "invoice": f"in_1Test{next(ids):08d}"
        if session["mode"] == "subscription"
        else None,
        "subscription": f"sub_1Test{next(ids):08d}"
        if session["mode"] == "subscription"
        else None,
        "customer_details": {"email": "buyer@example.com", "name": "A Buyer"},
    }
    return {**paid, **changes}


def refunded_charge(payment_intent: str, amount: int, refunded: bool = True) -> dict:
    return {
        "id": f"ch_3Test{next(ids):08d}",
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount if refunded else amount // 2,
        "currency": "usd",
        "paid": True,
        "payment_intent": payment_intent,
        "refunded": refunded,
        "status": "succeeded",
        "livemode": False,
    }


def subscription_object(
    subscription_id: str, status: str, period_end: int, metadata: dict
) -> dict:
    return {
        "id": subscription_id,
        "object": "subscription",
        "status": status,
        "cancel_at_period_end": False,
        "customer": "cus_Test000001",
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_Test{next(ids):06d}",
                    "object": "subscription_item",
                    "current_period_start": period_end - 30 * 86400,
                    "current_period_end": period_end,
                    "price": {"id": "price_1QAllAccessMonthly", "object": "price"},
                    "quantity": 1,
                }
            ],
        },
        "metadata": metadata,
        "livemode": False,
    }


def invoice_object(
    subscription_id: str, amount: int, period_end: int, metadata
) -> dict:
    return {
        "id": f"in_1Test{next(ids):08d}",
        "object": "invoice",
        "amount_paid": amount,
        "currency": "usd",
        "status": "paid",
        "billing_reason": "subscription_cycle",
        "customer": "cus_Test000001",
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": f"il_Test{next(ids):06d}",
                    "object": "line_item",
                    "amount": amount,
                    "period": {"start": period_end - 30 * 86400, "end": period_end},
                }
            ],
        },
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": metadata,
            },
        },
        "livemode": False,
    }


class FakeDaraja:
    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.pushes: list[dict] = []
        self.queries: list[dict] = []
        self.query_answer = (
            200,
            self.result("0", "The service request is processed successfully."),
        )
        mock.add_callback(responses.GET, f"{DARAJA}/oauth/v1/generate", self.token)
        mock.add_callback(
            responses.POST, f"{DARAJA}/mpesa/stkpush/v1/processrequest", self.push
        )
        mock.add_callback(
            responses.POST, f"{DARAJA}/mpesa/stkpushquery/v1/query", self.query
        )

    def token(self, request):
        expected = base64.b64encode(b"daraja-key:daraja-secret").decode()
        assert request.headers["Authorization"] == f"Basic {expected}"
        assert request.params == {"grant_type": "client_credentials"}
        body = {"access_token": "c9SQxWWhmdVRlyh0zh8gZDTkubVF", "expires_in": "3599"}
        return 200, {}, json.dumps(body)

    def push(self, request):
        assert request.headers["Authorization"] == "Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF"
        body = json.loads(request.body)
        self.pushes.append(body)
        return (
            200,
            {},
            json.dumps(
                {
                    "MerchantRequestID": "29115-34620561-1",
                    "CheckoutRequestID": CHECKOUT_REQUEST_ID,
                    "ResponseCode": "0",
                    "ResponseDescription": "Success. Request accepted for processing",
                    "CustomerMessage": "Success. Request accepted for processing",
                }
            ),
        )

    def query(self, request):
        self.queries.append(json.loads(request.body))
        status, body = self.query_answer
        return status, {}, json.dumps(body)

    @staticmethod
    def result(code: str, description: str) -> dict:
        return {
            "ResponseCode": "0",
            # Sic: Daraja's own spelling.
            "ResponseDescription": (
                "The service request has been accepted successsfully"
            ),
            "MerchantRequestID": "29115-34620561-1",
            "CheckoutRequestID": CHECKOUT_REQUEST_ID,
            "ResultCode": code,
            "ResultDesc": description,
        }


def stk_callback(
    amount=1500, result_code=0, description=None, request_id=CHECKOUT_REQUEST_ID
):
    stk = {
        "MerchantRequestID": "29115-34620561-1",
        "CheckoutRequestID": request_id,
        "ResultCode": result_code,
        "ResultDesc": description or "The service request is processed successfully.",
    }
    if result_code == 0:
        stk["CallbackMetadata"] = {
            "Item": [
                {"Name": "Amount", "Value": amount},
                {"Name": "MpesaReceiptNumber", "Value": "NLJ7RT61SV"},
                {"Name": "TransactionDate", "Value": 20191219102115},
                {"Name": "PhoneNumber", "Value": 254712345678},
            ]
        }
    return {"Body": {"stkCallback": stk}}

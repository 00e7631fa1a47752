"""The delivery webhooks: only the configured provider's answers, and a request it cannot use gets a 4xx,
never a 500 with a traceback."""

import base64
import json

import pytest
from django.test import Client

from notifications.models import DeliveryEvent

SECRET = "nhacungcap:matkhau-bi-mat"
PROVIDERS = ("mailgun", "mandrill", "amazon_ses", "postmark", "sendgrid", "brevo")
BODIES = {
    "json": ("application/json", json.dumps({"event-data": {"event": "delivered"}})),
    "not json": ("application/json", "{not json"),
    "form": ("application/x-www-form-urlencoded", "mandrill_events=%5B%7B%22event%22%3A%22send%22%7D%5D"),
    "empty": ("application/json", ""),
}


@pytest.fixture
def client_no_raise(db):
    # Exceptions become responses, as for a real caller (the default test client re-raises them).
    return Client(raise_request_exception=False)


def _post(client, provider, body, *, secret=None):
    content_type, data = BODIES[body]
    headers = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()} if secret else {}
    url = "/anymail/mandrill/" if provider == "mandrill" else f"/anymail/{provider}/tracking/"
    return client.post(url, data, content_type=content_type, **headers)


@pytest.mark.parametrize("provider", ["mailgun", "mandrill", "amazon_ses"])
def test_no_webhook_answers_when_no_provider_is_configured(client_no_raise, settings, provider):
    settings.ANYMAIL_ESP = ""
    assert _post(client_no_raise, provider, "json").status_code == 404
    assert client_no_raise.post(f"/anymail/{provider}/tracking/").status_code == 404


@pytest.mark.parametrize("configured", ["mailgun", "postmark"])
def test_other_providers_webhooks_are_not_mounted(client_no_raise, settings, configured):
    settings.ANYMAIL_ESP = configured
    for provider in PROVIDERS:
        if provider != configured:
            assert _post(client_no_raise, provider, "json", secret=SECRET).status_code == 404, provider
    assert client_no_raise.post("/anymail/mailgun/inbound/").status_code == 404  # inbound mail is never taken


@pytest.mark.parametrize("body", sorted(BODIES))
@pytest.mark.parametrize("with_secret", [False, True], ids=["no-credentials", "right-credentials"])
@pytest.mark.parametrize("provider", ["mailgun", "mandrill", "amazon_ses"])
def test_the_configured_webhook_answers_bad_requests_with_4xx(client_no_raise, settings, provider, with_secret, body):
    """Mailgun and Mandrill without their signing keys, Amazon SES with bodies that are no SNS message:
    every bad request is refused with a 4xx and records nothing."""
    settings.ANYMAIL_ESP = provider
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    response = _post(client_no_raise, provider, body, secret=SECRET if with_secret else None)
    assert 400 <= response.status_code < 500, (provider, body, response.status_code)
    assert b"Traceback" not in response.content
    assert not DeliveryEvent.objects.exists()


def test_a_configured_mailgun_with_its_key_still_refuses_an_unsigned_event(client_no_raise, settings):
    settings.ANYMAIL_ESP = "mailgun"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": "khoa-ky"}
    payload = {"signature": {"timestamp": "1", "token": "t", "signature": "sai"}, "event-data": {"event": "delivered"}}
    response = client_no_raise.post(
        "/anymail/mailgun/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )
    assert 400 <= response.status_code < 500

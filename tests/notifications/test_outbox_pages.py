"""The outbox page, delivery webhooks (with and without the secret, repeated events) and the calendar feed."""

import base64
import datetime
import json

import pytest
from django.test import Client
from icalendar import Calendar

from notifications import services as outbox
from notifications.models import DeliveryEvent, Message, Preference
from tests.desk import Desk, page_text
from tests.workflows.cases import user
from workflows.casework import services
from workflows.models import Campaign, Case

pytestmark = pytest.mark.django_db

SECRET = "nha-cung-cap:mat-khau-rat-dai"


def _message(username="qldt.thidua", status=Message.Status.SENT, provider_id="pm-1"):
    outbox.message_enqueue(
        key=f"test:{username}:{provider_id}",
        kind="milestone",
        user=user(username),
        template="notifications/email/task_new",
        context={"person": "X", "step": "Lập báo cáo", "case": "Sơ kết", "unit": "P. QLĐT", "link": "http://x/"},
        send=False,
    )
    message = Message.objects.get(key=f"test:{username}:{provider_id}")
    Message.objects.filter(pk=message.pk).update(status=status, provider_id=provider_id)
    return Message.objects.get(pk=message.pk)


def test_the_outbox_is_the_office_s_and_resends_a_failed_message(demo, django_capture_on_commit_callbacks):
    failed = _message(status=Message.Status.FAILED, provider_id="")
    _message(username="qhxd.thidua", provider_id="pm-2")
    office = Desk("vanphong")
    page = office.client.get("/notifications/hop-thu-di/")
    assert page.status_code == 200
    assert len(page.context["outbox"]) == 2
    assert len(office.client.get("/notifications/hop-thu-di/", {"trang_thai": "failed"}).context["outbox"]) == 1
    with django_capture_on_commit_callbacks(execute=False):
        office.client.post(f"/notifications/hop-thu-di/{failed.pk}/gui-lai/")
    failed.refresh_from_db()
    assert failed.status == Message.Status.PENDING


def test_a_message_sent_on_the_demo_s_day_shows_that_day_as_written_and_as_sent(demo, settings):
    """The outbox lists "tạo lúc" and "gửi lúc" side by side: both come from the clock seam, so under the demo's
    pinned day an email is never shown as sent years after it was written."""
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    message = _message(status=Message.Status.PENDING, provider_id="")
    assert outbox.message_send(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert message.created.date() == message.sent_at.date() == datetime.date(2024, 6, 20)
    assert "20/06/2024" in page_text(Desk("vanphong").client.get("/notifications/hop-thu-di/"))


@pytest.mark.parametrize(
    ("username", "sees_the_outbox"),
    [
        ("vanphong", True),
        ("chanhvanphong", True),
        ("qldt.thidua", False),
        ("qldt.truongphong", False),
        ("tnmt.truongphong", False),
        ("photruongban", False),
        ("truongban", False),
    ],
)
def test_the_outbox_does_not_exist_for_anyone_outside_the_office(demo, username, sees_the_outbox):
    """What a person may not see answers 404, like a page that does not exist: no hint that the outbox is there,
    no link to it in the menu, and resending is refused the same way (the message stays as it was)."""
    failed = _message(status=Message.Status.FAILED, provider_id="")
    desk = Desk(username)
    page = desk.client.get("/notifications/hop-thu-di/")
    menu = desk.client.get("/notifications/").content.decode()
    resend = desk.client.post(f"/notifications/hop-thu-di/{failed.pk}/gui-lai/")
    failed.refresh_from_db()
    if sees_the_outbox:
        assert page.status_code == 200
        assert 'href="/notifications/hop-thu-di/"' in menu
        assert resend.status_code == 302 and failed.status == Message.Status.PENDING
    else:
        assert page.status_code == 404
        assert "Không tìm thấy trang" in page_text(page)
        assert 'href="/notifications/hop-thu-di/"' not in menu
        assert resend.status_code == 404 and failed.status == Message.Status.FAILED
        assert desk.client.post("/notifications/hop-thu-di/999999/gui-lai/").status_code == 404


def _postmark(client, payload, secret=SECRET):
    headers = {}
    if secret:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post("/anymail/postmark/tracking/", json.dumps(payload), content_type="application/json", **headers)


def test_delivery_webhooks_need_the_secret_and_record_each_event_once(demo, client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.ANYMAIL_ESP = "postmark"  # only the configured provider's webhook answers
    message = _message(provider_id="0a1b2c3d")
    delivered = {
        "RecordType": "Delivery",
        "MessageID": "0a1b2c3d",
        "Recipient": message.to_email,
        "DeliveredAt": "2024-06-21T01:05:00Z",
    }
    assert _postmark(client, delivered, secret=None).status_code in (400, 401, 403)
    assert _postmark(client, delivered, secret="sai:matkhau").status_code in (400, 401, 403)
    assert not DeliveryEvent.objects.exists()

    assert _postmark(client, delivered).status_code == 200
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.DELIVERED

    bounce = {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "MessageID": "0a1b2c3d",
        "Email": message.to_email,
        "BouncedAt": "2024-06-21T02:00:00Z",
        "Description": "Hộp thư không tồn tại",
        "Details": "550 5.1.1 user unknown",
    }
    assert _postmark(client, bounce).status_code == 200
    assert _postmark(client, bounce).status_code == 200  # the provider repeats itself
    assert DeliveryEvent.objects.filter(event_type="bounced").count() == 1
    message.refresh_from_db()
    assert message.delivery == Message.Delivery.BOUNCED
    preference = Preference.objects.get(user__username="qldt.thidua")
    assert preference.bounced_at is not None
    # The Văn phòng sees the address; the person sees it on their home page, with their recent reminders.
    assert "Vũ Thị Thanh Huyền" in page_text(Desk("vanphong").client.get("/notifications/hop-thu-di/"))
    home = Desk("qldt.thidua").client.get("/home/")
    assert "bị trả về" in page_text(home) and message.subject in page_text(home)


def test_the_calendar_feed_parses_holds_the_right_dates_and_can_be_revoked(demo, settings):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)
    services.campaign_cases_open(campaign=Campaign.objects.get(year=2024), kind=Case.Kind.MIDYEAR)
    clerk = Desk("qldt.thidua")
    page = clerk.client.get("/notifications/")
    url = page.context["calendar_url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = Client().get(f"/lich/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = {(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in calendar.walk("VEVENT")}
    labels = {summary for summary, _day in events}
    assert any(day == datetime.date(2024, 6, 28) and summary.startswith("Hạn:") for summary, day in events)
    assert any(
        summary.startswith("Việc: Lập báo cáo sơ kết") and day == datetime.date(2024, 6, 28) for summary, day in events
    )
    # A unit user sees the units' deadlines, not the Văn phòng's own (30/06).
    assert not any(day == datetime.date(2024, 6, 30) for _summary, day in events)
    assert labels
    # Revoked: the old address stops working.
    clerk.client.post("/notifications/", {"action": "new_calendar"})
    assert Client().get(f"/lich/{token}.ics").status_code == 404

"""In a real Chromium: a council member finds their ballot in the inbox, is stopped from sending it half
filled, then votes on every nominee and sends it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from people.demo import DEMO_PASSWORD
from tests.workflows.cases import nomination_at_council
from workflows.council import services as council
from workflows.council.models import Ballot, CouncilSession

pytestmark = pytest.mark.browser

MEMBER = "tnmt.truongphong"  # Hoàng Văn Quân, an ordinary member of the 2024 council
COMMENT = "Chưa đủ thành tích nổi trội so với đơn vị."


def _session_with_qldts_dossier() -> CouncilSession:
    """QLDT's dossier (two nominees) brought to the council, and a session opened on it by the Văn phòng
    (services, committed: the live server's thread reads the same database)."""
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    return council.session_open(
        campaign=case.campaign,
        held_at=timezone.now() + timedelta(days=1),
        place="Phòng họp số 1",
        cases=[case],
        actor=get_user_model().objects.get(username="vanphong"),
    )


def test_a_council_member_casts_a_ballot_in_chromium(page, demo_live):
    from playwright.sync_api import expect

    session = _session_with_qldts_dossier()
    first, second = list(session.items.order_by("order", "pk"))
    ballot = Ballot.objects.get(session=session, member__staff__user__username=MEMBER)
    assert ballot.status == Ballot.Status.PENDING

    page.goto("/tai-khoan/login/")
    page.locator("input[name=username]").fill(MEMBER)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()

    # The inbox points at the ballot waiting for this member.
    page.goto("/cases/")
    waiting = page.get_by_test_id("ballots-waiting")
    expect(waiting).to_contain_text("Phiếu biểu quyết Hội đồng chờ anh/chị")
    waiting.get_by_role("link").click()
    page.wait_for_url(f"**/council/{session.pk}/phieu/")
    form = page.get_by_test_id("ballot-form")
    expect(form).to_be_visible()
    rows = form.get_by_test_id("ballot-row")
    expect(rows).to_have_count(2)

    # Sending with nothing chosen is refused, with the reason.
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("ballot-error")).to_have_text(
        "Hãy chọn đồng ý hoặc không đồng ý cho mọi đề nghị trước khi gửi phiếu."
    )
    ballot.refresh_from_db()
    assert ballot.status != Ballot.Status.SUBMITTED
    assert not ballot.votes.exists()

    # Yes to the first nominee, no (with a reason) to the second; then send.
    rows = page.get_by_test_id("ballot-form").get_by_test_id("ballot-row")
    expect(rows).to_have_count(2)
    agree = rows.nth(0).get_by_role("radio", name="Đồng ý", exact=True)
    expect(agree).to_have_attribute("name", f"vote_{first.pk}")
    expect(agree).to_have_attribute("value", "yes")
    agree.check()
    disagree = rows.nth(1).get_by_role("radio", name="Không đồng ý", exact=True)
    expect(disagree).to_have_attribute("name", f"vote_{second.pk}")
    expect(disagree).to_have_attribute("value", "no")
    disagree.check()
    rows.nth(1).locator(f'input[name="comment_{second.pk}"]').fill(COMMENT)
    page.get_by_role("button", name="Gửi phiếu (không sửa được sau khi gửi)").click()

    # The session's page: the message, this member counted as having voted, and no tallies for a non-chair.
    page.wait_for_url(re.compile(rf"/council/{session.pk}/$"))
    expect(page.locator(".tdkt-message--success")).to_contain_text("Đã gửi phiếu biểu quyết.")
    members = page.get_by_test_id("ballots")
    expect(members).to_be_visible()
    expect(members.locator("tr").filter(has_text="Hoàng Văn Quân")).to_contain_text("Đã bỏ phiếu")
    expect(page.get_by_test_id("agenda")).to_be_visible()
    expect(page.get_by_test_id("tallies")).to_have_count(0)

    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.SUBMITTED
    assert ballot.method == Ballot.Method.ONLINE
    assert ballot.submitted_at is not None
    votes = {v.item_id: (v.approve, v.comment) for v in ballot.votes.all()}
    assert votes == {first.pk: (True, ""), second.pk: (False, COMMENT)}

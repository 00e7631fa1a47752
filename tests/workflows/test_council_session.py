"""A council session end to end through the web pages: the Văn phòng opens it, every member votes
(one of them on paper, entered by the secretary), the chair closes it, and each dossier moves on —
with the thresholds on all members, the quorum, reopening, and secret ballots kept secret."""

import datetime
import re

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from notifications.models import Message
from people import clock
from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import COUNCIL_ONLINE
from workflows.council.models import Ballot, CouncilSession, SessionEvent, Vote
from workflows.models import Case, Proposal

from .cases import nomination_at_council

pytestmark = pytest.mark.django_db

ONLINE = COUNCIL_ONLINE
SECRET_COMMENT = "Ý kiến riêng của ủy viên QHXD"


@pytest.fixture
def dossiers(demo):
    qldt = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    tnmt = nomination_at_council("TNMT", titles=("CSTDCS",))
    return qldt, tnmt


def _open(office: Desk, cases, *, day=None):
    day = day or clock.today() + datetime.timedelta(days=1)
    return office.client.post(
        "/council/mo-phien-hop/",
        {"day": day.strftime("%d/%m/%Y"), "time": "08:30", "place": "Phòng họp số 1", "cases": [c.pk for c in cases]},
    )


def _ballot(desk: Desk, session, choose):
    """Fill the member's ballot: `choose(proposal)` → ("yes"|"no", comment)."""
    form = desk.client.get(f"/council/{session.pk}/phieu/").context["form"]
    data = {"action": "submit"}
    for item, _vote, _comment in form.rows():
        choice, comment = choose(item.proposal)
        data[f"vote_{item.pk}"] = choice
        data[f"comment_{item.pk}"] = comment
    return desk.client.post(f"/council/{session.pk}/phieu/", data)


def _votes(username):
    def choose(proposal):
        # Two members reject the CSTĐCS nominee: 7/9 = 77.8 % < 80 %.
        if proposal.title.code == "CSTDCS" and username in ("qhxd.truongphong", "dnld.truongphong"):
            return "no", SECRET_COMMENT if username == "qhxd.truongphong" else ""
        return "yes", ""

    return choose


def test_a_session_from_opening_to_decisions_through_the_pages(dossiers):
    qldt, tnmt = dossiers
    office = Desk("vanphong")
    assert _open(office, [qldt, tnmt]).status_code == 302
    session = CouncilSession.objects.get()
    assert session.items.count() == 3
    assert session.ballots.count() == 9
    cstd = session.items.get(proposal__title__code="CSTDCS")
    assert (cstd.threshold_percent, cstd.strictly_above, cstd.secret) == (80, False, True)
    assert "NĐ 98/2023 Đ30 k7" in cstd.citation

    # Every member finds the ballot in their inbox.
    assert "Phiếu biểu quyết Hội đồng chờ anh/chị" in page_text(Desk("tnmt.truongphong").client.get("/cases/"))

    # A ballot with a nominee left blank cannot be sent; a draft can be saved and changed.
    member = Desk("ttdv.giamdoc")
    response = member.client.post(f"/council/{session.pk}/phieu/", {"action": "submit"})
    assert "Hãy chọn đồng ý hoặc không đồng ý cho mọi đề nghị" in page_text(response)
    assert Ballot.objects.get(member__staff__user__username="ttdv.giamdoc").status == Ballot.Status.PENDING

    for username in ONLINE:
        assert _ballot(Desk(username), session, _votes(username)).status_code == 302, username
    # A submitted ballot cannot change.
    response = _ballot(Desk("qhxd.truongphong"), session, lambda p: ("yes", ""))
    assert response.status_code == 200
    assert Vote.objects.filter(ballot__member__staff__user__username="qhxd.truongphong", approve=False).count() == 1

    # The secretary enters the absent member's paper vote with the scan.
    secretary = Desk("chanhvanphong")
    paper = Ballot.objects.get(member__staff__staff_code="VP002")
    form = secretary.client.get(f"/council/{session.pk}/phieu/{paper.pk}/van-ban/").context["form"]
    data = {f"vote_{item.pk}": "yes" for item, _v, _c in form.rows()}
    data["paper"] = pdf("phieu-ba-mai.pdf")
    assert secretary.client.post(f"/council/{session.pk}/phieu/{paper.pk}/van-ban/", data).status_code == 302
    paper.refresh_from_db()
    assert (paper.status, paper.method) == (Ballot.Status.SUBMITTED, Ballot.Method.WRITTEN)

    # Before closing, only the chair sees the tallies; nobody sees how a member voted.
    office_page = office.client.get(f"/council/{session.pk}/")
    assert office_page.context["tallies"] is None
    chair = Desk("truongban")
    chair_page = chair.client.get(f"/council/{session.pk}/")
    figures = {
        t.item.proposal.title.code: (t.approvals, t.rejections, t.not_voted, t.passed)
        for t in chair_page.context["tallies"]
    }
    assert figures == {"LDTT": (9, 0, 0, True), "BK_TINH": (9, 0, 0, True), "CSTDCS": (7, 2, 0, False)}
    for page in (office_page, chair_page, Desk("tnmt.truongphong").client.get(f"/cases/ho-so/{tnmt.pk}/")):
        assert SECRET_COMMENT not in page.content.decode()

    # Before the close, the council's vote is the one document of the dossier still to come.
    assert _council_vote_item(office, tnmt) == (False, "")

    # The chair, who reads English, closes.
    chair.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = chair.client.post(f"/council/{session.pk}/", {"action": "close", "conclusion": "Thống nhất đề nghị."})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED
    assert "2 case(s), 3 nomination(s), 9 member(s)." in page_text(chair.client.get(f"/council/{session.pk}/"))
    assert "3 đề nghị" in page_text(office.client.get(f"/council/{session.pk}/"))

    # QLDT: the LĐTT goes to the Trưởng ban's decision, the Bằng khen to the Văn phòng's upward step.
    assert chair.task_for(qldt, page="inbox", step="decide") is not None, "the Trưởng ban alone decides: his inbox"
    assert office.task_for(qldt, page="queue", step="send_upward") is not None, "any officer may send it upward"
    # TNMT: the CSTĐCS did not pass; the unit is told, with the figures; the dossier is closed.
    tnmt.refresh_from_db()
    assert tnmt.finished is not None
    proposal = tnmt.proposals.get()
    assert proposal.council_result == Proposal.CouncilResult.FAILED
    # The result is kept as figures, put into words in each reader's language.
    assert proposal.council_figures == {
        "approvals": 7,
        "rejections": 2,
        "not_voted": 0,
        "members": 9,
        "threshold": "80.00",
        "strictly_above": False,
        "citation": cstd.citation,
        "passed": False,
    }
    assert proposal.council_note == ""
    clerk = Desk("tnmt.thidua")
    vietnamese = page_text(clerk.client.get(f"/cases/ho-so/{tnmt.pk}/"))
    assert "Hội đồng không thông qua — 7/9 thành viên đồng ý (77,8 % tổng số thành viên; yêu cầu ≥ 80 %)" in vietnamese
    assert f"Phiên họp Hội đồng ngày {session.held_at:%d/%m/%Y}: 0/1 đề nghị được thông qua." in vietnamese
    clerk.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = page_text(clerk.client.get(f"/cases/ho-so/{tnmt.pk}/"))
    assert "7/9 members approved (77.8 % of all members; required ≥ 80 %), 2 rejected, 0 did not vote" in english
    assert f"Council session of {session.held_at:%d/%m/%Y}: 0/1 nominations approved." in english
    assert "Not approved by the Council:" in english
    for vietnamese_words in ("thành viên đồng ý", "đề nghị được thông qua", "Không được Hội đồng thông qua"):
        assert vietnamese_words not in english

    # The council's vote is now in the dossier, linked to the minutes for whoever may read them.
    assert _council_vote_item(office, tnmt) == (True, f"/council/{session.pk}/bien-ban/")
    assert _council_vote_item(clerk, tnmt) == (True, "")

    # The unit's clerk and head are told by email, with the figures, in Vietnamese whatever the chair reads.
    told = Message.objects.filter(kind="council_result", key__contains=f":{tnmt.pk}:")
    assert {m.user.username for m in told} == {"tnmt.thidua", "tnmt.truongphong"}
    assert "0/1" in told[0].subject and "7/9 thành viên đồng ý (77,8 % tổng số thành viên" in told[0].body_text

    # The minutes show what the database holds.
    minutes = office.client.get(f"/council/{session.pk}/bien-ban/")
    text = page_text(minutes)
    assert "77.8" in text or "77,8" in text
    assert "Hoàng Thị Mai (có phiếu bằng văn bản)" in text
    assert [t.approvals for t in minutes.context["tallies"]] == [
        Vote.objects.filter(item=t.item, approve=True, ballot__status="submitted").count()
        for t in minutes.context["tallies"]
    ]
    assert SECRET_COMMENT not in minutes.content.decode()

    # Closing twice does nothing.
    chair.client.post(f"/council/{session.pk}/", {"action": "close"})
    assert SessionEvent.objects.filter(action=SessionEvent.Action.CLOSED).count() == 1
    assert Task.objects.filter(process_id=qldt.pk, flow_task__endswith=".decide").count() == 1


def _council_vote_item(desk: Desk, case):
    """(ticked, link) of the checklist's "Kết quả bỏ phiếu của Hội đồng TĐKT", as the desk's case page shows it."""
    (item,) = [i for i in desk.client.get(f"/cases/ho-so/{case.pk}/").context["checklist"] if i.later]
    assert item.code == "ket_qua_bo_phieu"
    return item.present, item.link


def test_the_chair_cannot_close_without_quorum_and_only_the_chair_closes(dossiers):
    qldt, _tnmt = dossiers
    office = Desk("vanphong")
    _open(office, [qldt])
    session = CouncilSession.objects.get()
    for username in ONLINE[:5]:  # 5 of 9 present: below 2/3
        _ballot(Desk(username), session, lambda p: ("yes", ""))
    # Closing is refused to anyone but the chair, as if the action did not exist.
    assert Desk("photruongban").client.post(f"/council/{session.pk}/", {"action": "close"}).status_code == 404
    response = Desk("truongban").client.post(f"/council/{session.pk}/", {"action": "close"}, follow=True)
    assert "Chưa đủ số thành viên có mặt: 5/9" in page_text(response)
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.OPEN
    _ballot(Desk(ONLINE[5]), session, lambda p: ("yes", ""))  # the sixth: quorum met
    Desk("truongban").client.post(f"/council/{session.pk}/", {"action": "close"})
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED


def test_the_chair_reopens_before_any_decision_and_not_after(dossiers):
    qldt, _tnmt = dossiers
    office = Desk("vanphong")
    _open(office, [qldt])
    session = CouncilSession.objects.get()
    for username in ONLINE[:6]:
        _ballot(Desk(username), session, lambda p: ("yes", ""))
    chair = Desk("truongban")
    chair.client.post(f"/council/{session.pk}/", {"action": "close"})
    assert chair.task_for(qldt, page="inbox", step="decide") is not None

    chair.client.post(f"/council/{session.pk}/", {"action": "reopen", "reason": "Bổ sung phiếu của ủy viên vắng"})
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.OPEN
    assert SessionEvent.objects.get(action=SessionEvent.Action.REOPENED).comment == "Bổ sung phiếu của ủy viên vắng"
    assert chair.task_for(qldt, page="inbox", step="decide") is None, "the decision step is withdrawn"
    assert chair.task_for(qldt, page="queue", step="decide") is None
    assert set(qldt.proposals.values_list("council_result", flat=True)) == {Proposal.CouncilResult.PENDING}
    assert set(qldt.proposals.values_list("council_figures", flat=True)) == {None}
    page = page_text(office.client.get(f"/cases/ho-so/{qldt.pk}/"))
    assert "Phiên họp Hội đồng được mở lại: Bổ sung phiếu của ủy viên vắng" in page

    _ballot(Desk(ONLINE[6]), session, lambda p: ("yes", ""))
    chair.client.post(f"/council/{session.pk}/", {"action": "close"})
    decide = chair.take(qldt, "decide")
    response = chair.post_step(
        qldt,
        decide,
        {
            "q-number": "9/QĐ-BQL",
            "q-date": "15/12/2024",
            "q-awardees": [p.pk for p in qldt.proposals.filter(title__code="LDTT")],
        },
        files={"q-file": pdf("qd.pdf")},
    )
    assert response.status_code == 302
    response = chair.client.post(f"/council/{session.pk}/", {"action": "reopen", "reason": "Thử mở lại"}, follow=True)
    assert "đã có quyết định" in page_text(response)
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED


def test_dossiers_can_be_added_until_the_session_starts(dossiers):
    qldt, tnmt = dossiers
    office = Desk("vanphong")
    _open(office, [qldt])
    session = CouncilSession.objects.get()
    page = office.client.get(f"/council/{session.pk}/")
    assert page.context["add_form"] is not None
    office.client.post(f"/council/{session.pk}/", {"action": "add", "cases": [tnmt.pk]})
    assert session.items.count() == 3
    # Once it has started, nothing more is added.
    session.held_at = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    other = nomination_at_council("DNLD", titles=("LDTT",))
    response = office.client.post(f"/council/{session.pk}/", {"action": "add", "cases": [other.pk]}, follow=True)
    assert session.items.count() == 3
    assert Case.objects.get(pk=other.pk).proposals.filter(agenda_item__isnull=False).count() == 0
    assert response.status_code == 200


def test_who_reaches_the_session_pages(dossiers):
    qldt, _tnmt = dossiers
    _open(Desk("vanphong"), [qldt])
    session = CouncilSession.objects.get()
    paper = Ballot.objects.get(member__staff__staff_code="VP002")
    # A unit clerk is not on the council: the session does not exist for them.
    clerk = Desk("qldt.thidua")
    for url in (f"/council/{session.pk}/", f"/council/{session.pk}/phieu/", f"/council/{session.pk}/bien-ban/"):
        assert clerk.client.get(url).status_code == 404, url
    # A member has their own ballot but may not enter someone else's paper vote.
    member = Desk("tnmt.truongphong")
    assert member.client.get(f"/council/{session.pk}/phieu/").status_code == 200
    assert member.client.get(f"/council/{session.pk}/phieu/{paper.pk}/van-ban/").status_code == 404
    # The Văn phòng opens sessions but has no ballot of its own unless it sits on the council.
    assert Desk("vanphong").client.get(f"/council/{session.pk}/phieu/").status_code == 404
    assert Desk("qldt.thidua").client.get("/council/mo-phien-hop/").status_code == 404
    # Nor may a member add dossiers: refused as if the action did not exist.
    assert member.client.post(f"/council/{session.pk}/", {"action": "add", "cases": [_tnmt.pk]}).status_code == 404


def test_the_written_vote_page_does_not_tell_which_ballot_ids_exist(dossiers):
    """A ballot that does not exist, one of another session, and one the user may not enter: one answer."""
    qldt, tnmt = dossiers
    office = Desk("vanphong")
    _open(office, [qldt])
    _open(office, [tnmt])
    first, second = CouncilSession.objects.order_by("pk")
    paper = first.ballots.get(member__staff__staff_code="VP002")
    other_session = second.ballots.get(member__staff__staff_code="VP002")
    missing = Ballot.objects.order_by("-pk").first().pk + 1000

    member = Desk("tnmt.truongphong")
    answers = {
        "missing": member.client.get(f"/council/{first.pk}/phieu/{missing}/van-ban/"),
        "other session": member.client.get(f"/council/{first.pk}/phieu/{other_session.pk}/van-ban/"),
        "not theirs to enter": member.client.get(f"/council/{first.pk}/phieu/{paper.pk}/van-ban/"),
        "posted": member.client.post(f"/council/{first.pk}/phieu/{paper.pk}/van-ban/", {}),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)

    def without_token_and_path(response):
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        return re.sub(r"/council/\d+/phieu/\d+/van-ban/", "", text)

    assert len({without_token_and_path(r) for r in answers.values()}) == 1, "the refusals can be told apart"
    # The secretary may enter it, and still meets the same 404 for the two that are not this session's.
    secretary = Desk("chanhvanphong")
    assert secretary.client.get(f"/council/{first.pk}/phieu/{paper.pk}/van-ban/").status_code == 200
    for ballot in (missing, other_session.pk):
        assert secretary.client.get(f"/council/{first.pk}/phieu/{ballot}/van-ban/").status_code == 404

"""The council's result on a dossier: kept as figures, put into words in the reader's language, and the
checklist's "Kết quả bỏ phiếu của Hội đồng TĐKT" ticked by the session's close or by paper minutes."""

import datetime
import importlib

import pytest
from django.apps import apps

from people import clock
from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import COUNCIL_ONLINE
from workflows.casework import selectors
from workflows.casework.access import actor_of
from workflows.council import services as council
from workflows.council.models import SessionEvent
from workflows.models import Campaign, CaseEvent, CaseFile, DocumentCode, Proposal

from .cases import nomination_at_council, user

pytestmark = pytest.mark.django_db

MEMBERS = COUNCIL_ONLINE
migration = importlib.import_module("workflows.migrations.0006_council_figures")


def _council_vote(case, username="vanphong"):
    (item,) = [i for i in selectors.checklist(case=case, actor=actor_of(user(username))) if i.later]
    return item.present, item.link


def _session_closed(case, *, rejecting=()):
    session = council.session_open(
        campaign=Campaign.objects.get(year=2024),
        held_at=clock.now() + datetime.timedelta(days=1),
        place="Phòng họp số 1",
        cases=[case],
        actor=user("vanphong"),
    )
    for username in MEMBERS:
        ballot = session.ballots.get(member__staff__user__username=username)
        votes = {item.pk: (username not in rejecting, "") for item in session.items.all()}
        council.ballot_save(ballot=ballot, user=user(username), votes=votes, submit=True)
    return council.session_close(session=session, user=user("truongban"))


def test_paper_minutes_tick_the_council_vote_with_their_file(demo):
    case = nomination_at_council("TNMT", titles=("CSTDCS",))
    assert _council_vote(case) == (False, "")
    office = Desk("vanphong")
    response = office.client.post(
        f"/cases/ho-so/{case.pk}/ket-qua-hoi-dong/",
        {"passed": [p.pk for p in case.proposals.all()], "note": "Biên bản số 5/BB-HĐ", "minutes": pdf("bb.pdf")},
    )
    assert response.status_code == 302
    minutes = CaseFile.objects.get(case=case, doc_type=DocumentCode.KET_QUA_BO_PHIEU)
    assert _council_vote(case) == (True, f"/cases/ho-so/{case.pk}/tep/{minutes.pk}/")
    assert _council_vote(case, "tnmt.thidua") == (True, f"/cases/ho-so/{case.pk}/tep/{minutes.pk}/")
    # The line on the timeline: the count in the reader's language, then the note as the Văn phòng wrote it.
    office.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "1/1 nominations approved. Biên bản số 5/BB-HĐ" in page_text(office.client.get(f"/cases/ho-so/{case.pk}/"))


def test_the_council_vote_is_ticked_while_its_session_is_closed(demo):
    case = nomination_at_council("TNMT", titles=("CSTDCS",))
    session = _session_closed(case)
    minutes = f"/council/{session.pk}/bien-ban/"
    assert _council_vote(case) == (True, minutes)
    assert _council_vote(case, "truongban") == (True, minutes)
    assert _council_vote(case, "tnmt.thidua") == (True, ""), "the unit may not open the minutes"
    assert Desk("tnmt.thidua").client.get(minutes).status_code == 404
    assert Desk("vanphong").client.get(minutes).status_code == 200

    council.session_reopen(session=session, user=user("truongban"), reason="Kiểm tra lại phiếu")
    assert _council_vote(case) == (False, "")


def test_rows_written_before_the_figures_are_carried_over_and_back(demo):
    """The migration recounts each voted proposal from its ballots and parses the old timeline lines (in
    Vietnamese, or in English when the chair read English); a line it cannot read is shown as written."""
    passed, failed = nomination_at_council("QLDT", titles=("LDTT",)), nomination_at_council("TNMT", titles=("CSTDCS",))
    _session_closed(passed)
    _session_closed(failed, rejecting=("qhxd.truongphong", "dnld.truongphong"))
    council_events = CaseEvent.objects.filter(action=CaseEvent.Action.COUNCIL).order_by("pk")
    stored = {e.pk: (e.data, e.comment) for e in council_events}
    figures = dict(Proposal.objects.values_list("pk", "council_figures"))
    assert {f["passed"] for f in figures.values()} == {True, False}
    assert {d["what"] for d, _c in stored.values()} == {"council_session", "council_failed"}
    opened = dict(SessionEvent.objects.filter(action=SessionEvent.Action.OPENED).values_list("pk", "data"))
    assert list(opened.values()) == [{"what": "opened", "cases": 1, "items": 1, "members": 9}] * 2

    # Back to the sentences the old code wrote (in Vietnamese), then forward again: the same data.
    migration.backward(apps, None)
    CaseEvent.objects.update(data={})
    Proposal.objects.update(council_figures=None)
    SessionEvent.objects.update(data={})
    assert set(SessionEvent.objects.filter(action="opened").values_list("comment", flat=True)) == {
        "1 hồ sơ, 1 đề nghị, 9 thành viên."
    }
    proposal = Proposal.objects.get(case=failed)
    assert proposal.council_note == (
        "6/9 thành viên đồng ý (66,7 % tổng số thành viên; yêu cầu ≥ 80 %), 2 không đồng ý, 1 không bỏ phiếu"
    )
    assert CaseEvent.objects.get(case=failed, comment__startswith="Không được").comment.endswith(", 1 không bỏ phiếu")
    english = CaseEvent.objects.filter(case=passed, action=CaseEvent.Action.COUNCIL).get()
    english.comment = english.comment.replace("Phiên họp Hội đồng ngày", "Council session of").replace(
        "đề nghị được thông qua", "nominations approved"
    )
    english.save()
    unreadable = CaseEvent.objects.create(case=failed, action=CaseEvent.Action.COUNCIL, comment="Ghi chú tự do")

    migration.forward(apps, None)
    assert {e.pk: (e.data, e.comment) for e in council_events.exclude(pk=unreadable.pk)} == stored
    assert dict(Proposal.objects.values_list("pk", "council_figures")) == figures
    assert set(Proposal.objects.values_list("council_note", flat=True)) == {""}
    assert dict(SessionEvent.objects.filter(action=SessionEvent.Action.OPENED).values_list("pk", "data")) == opened
    unreadable.refresh_from_db()
    assert (unreadable.data, unreadable.text) == ({}, "Ghi chú tự do")

"""The council's Biên bản họp and Biên bản kiểm phiếu (NĐ 30/2020 Mẫu 1.9), from a session run to its close through
the pages: filed as drafts in each case when the chair closes, downloaded from the minutes page, reopened with
python-docx: every figure is the database's and the minutes page's, and nobody's vote is in them."""

from __future__ import annotations

import datetime
import io
import logging
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from people import clock
from people.models import Agency, CouncilMembership, Staff
from tests.desk import Desk, page_text, pdf
from tests.documents.docx_reading import all_text as _text
from tests.documents.docx_reading import paragraph as _paragraph
from tests.documents.docx_reading import style as _style
from tests.workflows.cases import COUNCIL_ONLINE, do, nomination_at_council
from workflows.council import selectors
from workflows.council.models import CouncilSession
from workflows.documents import council as council_documents
from workflows.documents import engine
from workflows.documents.services import template_upload
from workflows.models import CaseFile

pytestmark = pytest.mark.django_db

ABSENT_SILENT = "ttdv.giamdoc"  # absent, no vote at all
ONLINE = [u for u in COUNCIL_ONLINE if u != ABSENT_SILENT]  # 7 of 9 present: the 2/3 quorum is met
PAPER = "VP002"  # absent, votes in writing
SECRET_COMMENT = "Ý kiến riêng của ủy viên QHXD"
NAYSAYERS = ("qhxd.truongphong", "dnld.truongphong")
HOSTILE_SCRIPT = "<script>alert('x')</script> Trần Văn Độc"
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _choose(username):
    def choose(proposal):
        # Two members reject the CSTĐCS nominee: 6/9 = 66.7 % < 80 %; everything else gets 8/9.
        if proposal.title.code == "CSTDCS" and username in NAYSAYERS:
            return "no", SECRET_COMMENT if username == NAYSAYERS[0] else ""
        return "yes", ""

    return choose


def _ballot(desk: Desk, session, choose):
    form = desk.client.get(f"/council/{session.pk}/phieu/").context["form"]
    data = {"action": "submit"}
    for item, _vote, _comment in form.rows():
        choice, comment = choose(item.proposal)
        data[f"vote_{item.pk}"], data[f"comment_{item.pk}"] = choice, comment
    assert desk.client.post(f"/council/{session.pk}/phieu/", data).status_code == 302, desk.username


def _run_session(cases) -> CouncilSession:
    """Opened by the Văn phòng, voted by 7 members on the system and one on paper (entered by the secretary)."""
    office = Desk("vanphong")
    day = clock.today() + datetime.timedelta(days=1)
    response = office.client.post(
        "/council/mo-phien-hop/",
        {"day": day.strftime("%d/%m/%Y"), "time": "08:30", "place": "Phòng họp số 1", "cases": [c.pk for c in cases]},
    )
    assert response.status_code == 302
    session = CouncilSession.objects.get()
    for username in ONLINE:
        _ballot(Desk(username), session, _choose(username))
    secretary = Desk("chanhvanphong")
    paper = session.ballots.get(member__staff__staff_code=PAPER)
    form = secretary.client.get(f"/council/{session.pk}/phieu/{paper.pk}/van-ban/").context["form"]
    data = {f"vote_{item.pk}": "yes" for item, _v, _c in form.rows()}
    data["paper"] = pdf("phieu-van-ban.pdf")
    assert secretary.client.post(f"/council/{session.pk}/phieu/{paper.pk}/van-ban/", data).status_code == 302
    return session


def _close(session, capture) -> Desk:
    chair = Desk("truongban")
    with capture(execute=True):
        response = chair.client.post(f"/council/{session.pk}/", {"action": "close", "conclusion": "Thống nhất."})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED
    return chair


@pytest.fixture
def dossiers(demo):
    qldt = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    tnmt = nomination_at_council("TNMT", titles=("CSTDCS",))
    return qldt, tnmt


@pytest.fixture
def closed(dossiers, django_capture_on_commit_callbacks):
    session = _run_session(dossiers)
    _close(session, django_capture_on_commit_callbacks)
    return session


def _download(desk: Desk, session, testid: str):
    """Follow the minutes page's Word button."""
    page = desk.client.get(f"/council/{session.pk}/bien-ban/")
    assert page.status_code == 200
    match = re.search(rf'href="([^"]+)" data-testid="{testid}"', page.content.decode())
    assert match, f"no {testid} button on the minutes page"
    response = desk.client.get(match.group(1))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    return page, response, Document(io.BytesIO(response.content))


def _percent(value) -> str:
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")


def _threshold(item) -> str:
    return f"{'>' if item.strictly_above else '≥'} {_percent(item.threshold_percent)} %"


def _who(proposal) -> str:
    if proposal.staff_id is None:
        return f"Tập thể {proposal.case.unit.name}"
    return f"{proposal.staff.full_name} ({proposal.staff.unit.name})"


def _members(position=None):
    memberships = CouncilMembership.objects.filter(year=2024).select_related("staff")
    if position:
        return memberships.get(position=position).staff
    return memberships


def test_the_minutes_say_what_the_database_and_the_minutes_page_hold(closed):
    session = closed
    office = Desk("vanphong")
    page, _response, document = _download(office, session, "minutes-docx")
    assert 'data-testid="count-docx"' in page.content.decode()
    text = _text(document)
    tallies = selectors.tallies(session=session)
    assert len(tallies) == 3
    # The page's tallies are the database's: the same objects' figures.
    page_figures = [
        (t.item.pk, t.approvals, t.rejections, t.not_voted, t.share, t.passed) for t in page.context["tallies"]
    ]
    assert page_figures == [(t.item.pk, t.approvals, t.rejections, t.not_voted, t.share, t.passed) for t in tallies]
    by_title = {t.item.proposal.title.code: t for t in tallies}
    assert (by_title["CSTDCS"].approvals, by_title["CSTDCS"].rejections, by_title["CSTDCS"].not_voted) == (6, 2, 1)
    assert not by_title["CSTDCS"].passed and by_title["LDTT"].passed

    # One paragraph per nominee, in the agenda's order, with the figures, the bar and its citation, and the result.
    items = [p.text for p in document.paragraphs if re.match(r"^\d+\. ", p.text)]
    assert len(items) == len(tallies)
    for number, (line, tally) in enumerate(zip(items, tallies, strict=True), start=1):
        item, proposal = tally.item, tally.item.proposal
        title = proposal.title.name
        assert line.startswith(f"{number}. {_who(proposal)}, đề nghị "), line
        assert f"“{title}”" in line
        assert (
            f"{tally.approvals}/{tally.members} thành viên đồng ý ({_percent(tally.share)} % tổng số thành viên), "
            f"{tally.rejections} không đồng ý, {tally.not_voted} không bỏ phiếu; "
            f"tỷ lệ yêu cầu {_threshold(item)} tổng số thành viên ({item.citation})"
        ) in line
        assert line.endswith("Kết quả: thông qua." if tally.passed else "Kết quả: không thông qua.")
    cstd = by_title["CSTDCS"].item
    assert "NĐ 98/2023 Đ30 k7" in cstd.citation and "≥ 80 %" in items[[t.item for t in tallies].index(cstd)]
    assert "66,7 % tổng số thành viên" in text
    passed = sum(t.passed for t in tallies)
    assert f"Hội đồng thông qua {passed}/3 đề nghị; {3 - passed} đề nghị không đạt" in text

    # Who attended, who did not, and whose written vote counted.
    people = selectors.minutes_people(session=session)
    attendance = selectors.attendance(session=session)
    assert f"Thành phần tham dự: {attendance.present}/{attendance.members} thành viên Hội đồng có mặt, gồm:" in text
    present_lines = [p.text for p in document.paragraphs if p.text.startswith("- ")]
    for ballot in people.present:
        staff = ballot.member.staff
        assert any(line.startswith(f"- {staff.full_name}, {staff.position}") for line in present_lines), staff
    paper = Staff.objects.get(staff_code=PAPER)
    silent = Staff.objects.get(user__username=ABSENT_SILENT)
    assert f"Vắng mặt: 2/{attendance.members} thành viên, gồm:" in text
    assert any(line.startswith(f"- {paper.full_name},") and "(có phiếu bằng văn bản)" in line for line in present_lines)
    assert any(line.startswith(f"- {silent.full_name},") and "(không có phiếu)" in line for line in present_lines)
    assert f"Phiếu bằng văn bản của 1 thành viên vắng mặt được tính vào kết quả: {paper.full_name}." in text
    minutes_page = page_text(page)
    assert f"{paper.full_name} (có phiếu bằng văn bản)" in minutes_page

    # Time, place, chair and secretary, the end.
    assert f"Thời gian bắt đầu: {timezone.localtime(session.held_at):%H giờ %M phút, ngày %d/%m/%Y}." in text
    assert "Địa điểm: Phòng họp số 1." in text
    chair, secretary = _members("chair"), _members("secretary")
    assert f"Chủ trì (chủ tọa): {chair.full_name}, {chair.position}, Chủ tịch Hội đồng." in text
    assert f"Thư ký (người ghi biên bản): {secretary.full_name}," in text
    assert "Kết luận của chủ tọa:\nThống nhất." in text
    closed_at = timezone.localtime(session.closed_at)
    assert f"Cuộc họp kết thúc vào hồi {closed_at:%H giờ %M phút, ngày %d/%m/%Y}./." in text
    assert SECRET_COMMENT not in text


def test_the_vote_count_gives_each_nominee_s_totals_and_share(closed):
    session = closed
    chair = Desk("truongban")
    _page, response, document = _download(chair, session, "count-docx")
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban-kiem-phieu-hoi-dong-tdkt-')
    text = _text(document)
    attendance = selectors.attendance(session=session)
    received = attendance.members - attendance.not_voted
    assert (attendance.members, received, attendance.present, attendance.written) == (9, 8, 7, 1)
    assert "Số phiếu phát ra: 9 (mỗi thành viên một phiếu)." in text
    assert (
        "Số phiếu thu về: 8, gồm 7 phiếu của thành viên dự họp và 1 phiếu bằng văn bản của thành viên vắng mặt." in text
    )
    assert "Số phiếu không thu về (thành viên không bỏ phiếu): 1." in text
    assert "Số phiếu hợp lệ: 8; số phiếu không hợp lệ: 0." in text
    secret = session.items.filter(secret=True).count()
    assert 0 < secret < 3, "the demo's rules: CSTĐCS by secret ballot, not every title"
    assert f"Hình thức biểu quyết: bỏ phiếu kín đối với {secret}/3 đề nghị, biểu quyết bằng phiếu" in text

    table = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:6] == [
        "STT",
        "Cá nhân, tập thể được đề nghị",
        "Danh hiệu, hình thức khen thưởng",
        "Phiếu hợp lệ",
        "Đồng ý",
        "Không đồng ý",
    ]
    tallies = selectors.tallies(session=session)
    expected = [
        [
            str(number),
            _who(t.item.proposal),
            t.item.proposal.title.name,
            str(t.approvals + t.rejections),
            str(t.approvals),
            str(t.rejections),
            f"{_percent(t.share)} %",
            f"{_threshold(t.item)} ({t.item.citation})",
            "Thông qua" if t.passed else "Không thông qua",
        ]
        for number, t in enumerate(tallies, start=1)
    ]
    assert rows[1:] == expected
    # What each proposal keeps of the close is the same count.
    for t in tallies:
        figures = t.item.proposal.council_figures
        assert (figures["approvals"], figures["rejections"], figures["passed"]) == (t.approvals, t.rejections, t.passed)
    paper = Staff.objects.get(staff_code=PAPER)
    assert f"Thành viên vắng mặt có phiếu bằng văn bản: {paper.full_name}." in text


def test_the_documents_are_in_the_decree_s_layout(closed):
    session = closed
    for testid in ("minutes-docx", "count-docx"):
        _page, _response, document = _download(Desk("vanphong"), session, testid)
        section = document.sections[0]

        def mm(*lengths):
            return [round(length.mm, 1) for length in lengths]

        assert mm(section.page_width, section.page_height) == [210, 297]
        assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == [
            20,
            20,
            30,
            15,
        ]
        normal = document.styles["Normal"]
        assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
        assert section.different_first_page_header_footer and " PAGE " in section.header._element.xml

        # The council issues it, under its agency.
        agency = Agency.objects.get(pk=session.agency_id)
        left, right = document.tables[0].rows[0].cells
        assert [p.text for p in left.paragraphs if p.text] == [
            agency.name.upper(),
            "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
            "Số:       /BB-HĐTĐKT",
        ]
        assert _style(_paragraph(left, agency.name.upper())) == {(Pt(13), False, False)}
        assert _style(_paragraph(left, "HỘI ĐỒNG THI ĐUA")) == {(Pt(13), True, False)}
        assert _style(_paragraph(left, "Số:")) == {(Pt(13), False, False)}
        assert _style(_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == {(Pt(13), True, False)}
        assert _style(_paragraph(right, "Độc lập - Tự do - Hạnh phúc")) == {(Pt(14), True, False)}
        day = timezone.localdate(session.closed_at)
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        dated = _paragraph(right, f"{agency.place_name}, ngày {day.day:02d} tháng {month} năm {day.year}")
        assert _style(dated) == {(Pt(14), False, True)}
        assert sum("w:pBdr" in p._p.xml for p in left.paragraphs) == 1
        assert sum("w:pBdr" in p._p.xml for p in right.paragraphs) == 1

        # "BIÊN BẢN" and its trích yếu, bold, centred.
        title = _paragraph(document, "BIÊN BẢN")
        assert _style(title) == {(Pt(14), True, False)} and title.alignment == 1
        index = [p.text for p in document.paragraphs].index("BIÊN BẢN")
        summary = document.paragraphs[index + 1]
        assert summary.text.endswith("khen thưởng năm 2024") and _style(summary) == {(Pt(14), True, False)}
        # The body justified with a first-line indent.
        ending = next(p for p in document.paragraphs if p.text.endswith("./."))
        assert ending.alignment == 3 and ending.paragraph_format.first_line_indent is not None

        # Secretary on the left, chair on the right, on one row; then Nơi nhận.
        secretary_cell, chair_cell = document.tables[-1].rows[0].cells
        secretary, chair = _members("secretary"), _members("chair")
        assert [p.text for p in secretary_cell.paragraphs if p.text] == ["THƯ KÝ", secretary.full_name]
        assert [p.text for p in chair_cell.paragraphs if p.text] == ["CHỦ TỌA", chair.full_name]
        for cell in (secretary_cell, chair_cell):
            assert all(_style(p) == {(Pt(14), True, False)} for p in cell.paragraphs if p.text)
        assert _style(_paragraph(document, "Nơi nhận:")) == {(Pt(12), True, True)}
        assert _style(_paragraph(document, "- Lưu: VT")) == {(Pt(11), False, False)}


def test_closing_files_both_drafts_in_every_case_and_reopening_withdraws_them(
    dossiers, django_capture_on_commit_callbacks
):
    qldt, tnmt = dossiers
    session = _run_session(dossiers)
    _close(session, django_capture_on_commit_callbacks)
    names = council_documents.file_names(session)
    day = f"{timezone.localdate(session.held_at):%d-%m-%Y}"
    assert set(names.values()) == {
        f"Biên bản họp Hội đồng TĐKT {day}.docx",
        f"Biên bản kiểm phiếu Hội đồng TĐKT {day}.docx",
    }
    for case in (qldt, tnmt):
        drafts = CaseFile.objects.filter(case=case, generated=True, removed_at__isnull=True)
        assert sorted(drafts.values_list("name", "doc_type")) == sorted(
            (name, "ket_qua_bo_phieu") for name in names.values()
        )
        minutes = drafts.get(name=names["bien_ban_hop_hoi_dong"])
        with minutes.file.open("rb") as handle:
            filed = _text(Document(io.BytesIO(handle.read())))
        assert "Kết quả biểu quyết đối với từng đề nghị:" in filed
        assert minutes.uploaded_by.username == "truongban"
    # The case page still counts the council's vote as done (the session closed), the drafts are not the signed one.
    office = Desk("vanphong")
    (item,) = [i for i in office.client.get(f"/cases/ho-so/{tnmt.pk}/").context["checklist"] if i.later]
    assert (item.code, item.present) == ("ket_qua_bo_phieu", True)

    # Reopened: the drafts no longer say what the council decides, and go.
    chair = Desk("truongban")
    chair.client.post(f"/council/{session.pk}/", {"action": "reopen", "reason": "Kiểm tra lại phiếu"})
    assert not CaseFile.objects.filter(case__in=[qldt, tnmt], generated=True, removed_at__isnull=True).exists()
    # Closed again: filed again, one of each per case.
    _close(session, django_capture_on_commit_callbacks)
    for case in (qldt, tnmt):
        assert CaseFile.objects.filter(case=case, generated=True, removed_at__isnull=True).count() == 2
        assert CaseFile.objects.filter(case=case, generated=True).count() == 4


def test_a_failing_template_does_not_stop_the_close(dossiers, django_capture_on_commit_callbacks, caplog):
    """The agency's own minutes template has lost its file: the close stands, the vote count is still filed, the
    failure is logged, and the Word button answers with a message, not an error page."""
    qldt, _tnmt = dossiers
    template = template_upload(
        agency_id=qldt.agency_id,
        kind=council_documents.MINUTES.code,
        content=council_documents.MINUTES.default_bytes(),
        name="bien-ban.docx",
        user=None,
    )
    template.file.storage.delete(template.file.name)
    session = _run_session(dossiers)
    with caplog.at_level(logging.ERROR):
        _close(session, django_capture_on_commit_callbacks)
    assert "bien_ban_hop_hoi_dong could not be written" in caplog.text
    names = set(CaseFile.objects.filter(case=qldt, generated=True).values_list("name", flat=True))
    assert names == {council_documents.file_names(session)["bien_ban_kiem_phieu"]}
    response = Desk("vanphong").client.get(f"/council/{session.pk}/bien-ban-hop.docx", follow=True)
    assert response.status_code == 200
    assert "Không tạo được" in page_text(response)


def test_a_secret_ballot_s_documents_show_only_totals(closed):
    """Nobody's vote, nor the comment a member wrote, is in either document: a member's name is only in the list
    of those who attended."""
    session = closed
    cstd = session.items.get(proposal__title__code="CSTDCS")
    assert cstd.secret
    naysayers = [Staff.objects.get(user__username=u).full_name for u in NAYSAYERS]
    for testid in ("minutes-docx", "count-docx"):
        _page, _response, document = _download(Desk("truongban"), session, testid)
        text = _text(document)
        assert SECRET_COMMENT not in text
        for name in naysayers:
            lines = [line for line in text.splitlines() if name in line]
            assert all(line.startswith(f"- {name},") for line in lines), lines
        # The table holds counts, never a member.
        if testid == "count-docx":
            cells = {cell.text for row in document.tables[1].rows for cell in row.cells}
            assert not any(name in cell for cell in cells for name in naysayers)
    assert "bỏ phiếu kín" in _text(_download(Desk("truongban"), session, "minutes-docx")[2])


def test_who_may_download_them(closed, dossiers):
    session = closed
    urls = [f"/council/{session.pk}/bien-ban-hop.docx", f"/council/{session.pk}/bien-ban-kiem-phieu.docx"]
    for username in ("khcn.vanphong", "khcn.giamdoc", "qldt.thidua"):
        desk = Desk(username)
        for url in urls:
            assert desk.client.get(url).status_code == 404, (username, url)
        assert desk.client.get(f"/council/{session.pk}/bien-ban/").status_code == 404
    for username in ("truongban", "vanphong", "tnmt.truongphong"):
        assert Desk(username).client.get(urls[0]).status_code == 200, username


def test_no_documents_before_the_close(dossiers):
    session = _run_session(dossiers)
    chair = Desk("truongban")
    assert chair.client.get(f"/council/{session.pk}/bien-ban-hop.docx").status_code == 404
    assert chair.client.get(f"/council/{session.pk}/bien-ban-kiem-phieu.docx").status_code == 404


def test_hostile_names_are_written_as_plain_text(dossiers, django_capture_on_commit_callbacks):
    qldt, _tnmt = dossiers
    member = Staff.objects.get(user__username="dnld.truongphong")
    member.full_name = HOSTILE_SCRIPT
    member.save(update_fields=["full_name"])
    nominee = qldt.proposals.get(title__code="LDTT").staff
    nominee.full_name = HOSTILE_FORMULA
    nominee.position = "Chuyên viên\x07\x1b chính"
    nominee.save(update_fields=["full_name", "position"])
    session = _run_session(dossiers)
    _close(session, django_capture_on_commit_callbacks)
    _page, response, document = _download(Desk("vanphong"), session, "minutes-docx")
    text = _text(document)
    assert f"- {HOSTILE_SCRIPT}," in text
    assert f"{HOSTILE_FORMULA} (" in text
    assert b"<script>" not in response.content
    assert "&lt;script&gt;" in document.element.xml
    _page, _response, count = _download(Desk("vanphong"), session, "count-docx")
    assert any(cell.text.startswith(HOSTILE_FORMULA) for row in count.tables[1].rows for cell in row.cells)


@pytest.mark.parametrize("kind", [council_documents.MINUTES, council_documents.COUNT], ids=lambda k: k.code)
def test_the_default_templates_exist_and_fill_with_their_sample(kind):
    assert kind.path.exists()
    engine.check_template(kind.code, kind.default_bytes())
    assert engine.kind_of(kind.code).doc_type == "ket_qua_bo_phieu"
    document = Document(io.BytesIO(engine.render_bytes(kind.default_bytes(), kind.sample())))
    assert "BIÊN BẢN" in [p.text for p in document.paragraphs]
    assert "{{" not in _text(document) and "{%" not in _text(document)


def test_the_province_s_council_writes_its_own_documents(demo, django_capture_on_commit_callbacks):
    """The province's council (its own agency): its documents are headed with the province's row and filed in the
    province's case; the Board's people do not reach them."""
    from people.tenancy import agency_unscoped
    from tests.province.test_upward_flow import (
        PROVINCE_COUNCIL,
        _acknowledged,
        _board_case_past_council,
        _province_case,
        _send,
    )
    from tests.province.test_upward_flow import _ballot as province_ballot
    from workflows.demo import demo_history_load

    demo_history_load()
    case = _board_case_past_council([("QLDT001", "CSTDCS"), ("QLDT001", "BK_TINH")])
    do(case, "decide", "truongban")
    _send(Desk("vanphong"), case)
    province_case = _province_case(case)
    officer = Desk("tinh.chuyenvien")
    check = officer.take(province_case, "check")
    data = {"d-decision": "approve", **_acknowledged(officer, province_case, check)}
    assert officer.post_step(province_case, check, data).status_code == 302
    tomorrow = clock.today() + datetime.timedelta(days=1)
    officer.client.post(
        "/council/mo-phien-hop/",
        {"day": tomorrow.strftime("%d/%m/%Y"), "time": "14:00", "place": "UBND tỉnh", "cases": [province_case.pk]},
    )
    with agency_unscoped():
        session = CouncilSession.objects.get(items__proposal__case=province_case)
    for username in PROVINCE_COUNCIL:
        assert province_ballot(Desk(username), session).status_code == 302, username
    with django_capture_on_commit_callbacks(execute=True):
        assert Desk("tinh.chutich").client.post(f"/council/{session.pk}/", {"action": "close"}).status_code == 302

    _page, _response, document = _download(Desk("tinh.chutich"), session, "minutes-docx")
    with agency_unscoped():
        agency = Agency.objects.get(pk=session.agency_id)
        filed = set(
            CaseFile.objects.filter(case=province_case, generated=True, removed_at__isnull=True).values_list(
                "name", flat=True
            )
        )
    left = document.tables[0].rows[0].cells[0]
    owner = (agency.governing_body or agency.name).upper()
    assert [p.text for p in left.paragraphs if p.text][:2] == [owner, "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"]
    assert "5/5 thành viên Hội đồng có mặt" in _text(document)
    assert filed == set(council_documents.file_names(session).values())
    for username in ("vanphong", "truongban"):
        assert Desk(username).client.get(f"/council/{session.pk}/bien-ban-hop.docx").status_code == 404, username

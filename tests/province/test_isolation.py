"""Who sees a province case: the province's people, in their own inbox and pages; nobody of the sending agency or of
another agency (404 on the case, its steps and its files), and the province sees no agency's own cases."""

import pytest

from people.tenancy import agency_unscoped
from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import nomination_at_check, nomination_at_council
from workflows.casework import services
from workflows.models import Case, CaseFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(demo):
    """The Board's QLDT dossier with a Bằng khen tỉnh, passed by the Board's council and sent to the province by
    the Văn phòng through its page."""
    case = nomination_at_council("QLDT", titles=("LDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    response = office.post_step(
        case,
        task,
        {"v-recipient": "Ban Thi đua – Khen thưởng tỉnh", "v-number": "95/TTr-BQL", "v-date": "12/12/2024"},
        files={"v-file": pdf("to-trinh.pdf")},
    )
    assert response.status_code == 302
    with agency_unscoped():
        province_case = Case.objects.get(kind=Case.Kind.PROVINCE_NOMINATION, origin=case)
        copied = CaseFile.objects.get(case=province_case, doc_type="van_ban_gui")  # the cover letter, a stored file
    return case, province_case, copied


def test_the_province_officer_finds_the_case_in_the_queue_and_reads_it(sent):
    _case, province_case, copied = sent
    officer = Desk("tinh.chuyenvien")
    rows = officer.rows("queue")
    assert [row.case.pk for row in rows] == [province_case.pk], "the province's queue holds the sent case alone"
    queue = page_text(officer.client.get("/cases/hang-cho/"))
    assert "Phòng Quản lý Đầu tư (BQL KKT)" in queue, "the unit and the agency that sent it"
    page = officer.client.get(f"/cases/ho-so/{province_case.pk}/")
    assert page.status_code == 200
    text = page_text(page)
    assert "Hồ sơ đề nghị cấp tỉnh" in text and "Ban Quản lý Khu kinh tế tỉnh" in text
    assert officer.client.get(f"/cases/ho-so/{province_case.pk}/tep/{copied.pk}/").status_code == 200


@pytest.mark.parametrize("username", ["vanphong", "truongban", "qldt.thidua", "khcn.vanphong", "khcn.giamdoc"])
def test_nobody_of_an_agency_reaches_the_province_case_its_steps_or_its_files(sent, username):
    _case, province_case, copied = sent
    desk = Desk(username)
    with agency_unscoped():
        task = province_case.task_set.filter(flow_task_type="HUMAN").first()
    assert desk.client.get(f"/cases/ho-so/{province_case.pk}/").status_code == 404
    assert desk.client.get(f"/cases/ho-so/{province_case.pk}/buoc/{task.pk}/").status_code == 404
    assert desk.client.get(f"/cases/ho-so/{province_case.pk}/tep/{copied.pk}/").status_code == 404
    assert desk.client.post(f"/cases/viec/{task.pk}/nhan/").status_code == 404
    assert all(row.case.pk != province_case.pk for page in ("inbox", "queue") for row in desk.rows(page))


def test_the_province_sees_no_agencys_own_cases(sent):
    case, province_case, _copied = sent
    draft = nomination_at_check("TNMT", titles=("LDTT",))
    officer = Desk("tinh.chuyenvien")
    for other in (case, draft):
        assert officer.client.get(f"/cases/ho-so/{other.pk}/").status_code == 404
        assert officer.client.get(f"/cases/ho-so/{other.pk}/buoc/{other.task_set.first().pk}/").status_code == 404
    listed = officer.client.get("/cases/ho-so/").context["cases"]
    assert [c.pk for c in listed] == [province_case.pk]
    # The Board's case says where its dossier is.
    board_page = Desk("vanphong").client.get(f"/cases/ho-so/{case.pk}/")
    assert "Đang chờ cấp tỉnh" in page_text(board_page)


def test_the_provinces_officers_are_told_of_the_new_case_and_nobody_of_an_agency_is(sent):
    from django.utils import timezone

    from people.tenancy import agency_scope
    from workflows import reminders

    _case, province_case, _copied = sent
    with agency_scope(None):
        due = reminders.reminders_due(now=timezone.now())
    told = {r.user.username for r in due if r.kind == "task_new" and f"/ho-so/{province_case.pk}/" in r.link}
    assert told == {"tinh.chuyenvien", "tinh.chuyenvien2", "tinh.truongban"}

"""Where the Văn phòng's submission goes: to the province on the installation only for the titles the province
decides and only when the agency sits under a province; a single agency, and the titles above the province, keep
the hand-typed upper-level decision as before."""

import datetime
import io

import pytest
from django.core.management import call_command

from people.models import Agency
from people.tenancy import agency_scope_set, agency_unscoped
from tests.conftest import board_agency
from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import nomination_at_council, open_task, user
from workflows import province
from workflows.casework import services
from workflows.models import AwardTitle, Case, CaseDocument, Commendation, Proposal

pytestmark = pytest.mark.django_db


def _past_council(titles) -> Case:
    case = nomination_at_council("QLDT", titles=titles)
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def _send(case: Case):
    office = Desk("vanphong")
    task = office.take(case, "send_upward")
    page = office.task_page(case, task)
    response = office.post_step(
        case,
        task,
        {"v-recipient": "Sở Nội vụ tỉnh", "v-number": "88/TTr-BQL", "v-date": "12/12/2024"},
        files={"v-file": pdf("to-trinh.pdf")},
    )
    assert response.status_code == 302, page_text(response)[:2000]
    return office, page


def _province_cases():
    with agency_unscoped():
        return list(Case.objects.filter(kind=Case.Kind.PROVINCE_NOMINATION))


def test_which_titles_the_province_decides_is_data(demo):
    decided = set(AwardTitle.objects.filter(province_decides=True).values_list("code", flat=True))
    assert decided == {"CSTD_TINH", "BK_TINH", "CO_TINH", "TTLDXS"}
    assert not AwardTitle.objects.filter(province_decides=True).exclude(decided_at=AwardTitle.DecidedAt.UPWARD)


def test_a_single_agency_keeps_the_hand_typed_upward_result(db):
    call_command("load_demo", "--no-cases", "--single-agency", stdout=io.StringIO())
    agency_scope_set(board_agency())
    assert not Agency.objects.filter(kind=Agency.Kind.PROVINCE).exists()
    case = _past_council(("LDTT", "BK_TINH"))
    office, page = _send(case)
    assert page.context["to_province"] is None and 'data-testid="to-province"' not in page.content.decode()
    assert office.task_for(case, page="inbox", step="upward_result") is not None
    assert _province_cases() == []


def test_titles_above_the_province_still_go_to_the_hand_typed_step(demo):
    case = _past_council(("LDTT", "BK_BO"))
    office, page = _send(case)
    assert page.context["to_province"] is None
    assert office.task_for(case, page="inbox", step="upward_result") is not None
    assert _province_cases() == []


def test_with_both_the_province_decides_its_own_first_then_the_rest_is_typed_in_by_hand(demo):
    case = _past_council(("BK_BO", "BK_TINH"))
    _office, page = _send(case)
    assert page.context["to_province"].code == "tinh"
    [province_case] = _province_cases()
    with agency_unscoped():
        [copy] = Proposal.objects.filter(case=province_case)
        assert copy.title.code == "BK_TINH"
    # The province's decision (its steps are walked through the pages in test_upward_flow), delivered as its
    # decision step delivers it.
    with agency_unscoped():
        Proposal.objects.filter(pk=copy.pk).update(council_result=Proposal.CouncilResult.PASSED)
    province.province_decision_deliver(
        case=province_case,
        awarded={copy.pk: True},
        number="3151/QĐ-UBND",
        date=datetime.date(2025, 1, 20),
        file=None,
        user=user("tinh.chutich"),
    )
    agency_scope_set(board_agency())
    case.refresh_from_db()
    assert case.finished is None, "the Bằng khen Bộ is still to be recorded"
    result = open_task(case, "upward_result")
    office = Desk("vanphong")
    form = office.task_page(case, result).context["step_forms"]["decision"]
    bk_bo = case.proposals.get(title__code="BK_BO")
    assert [pk for pk, _label in form.fields["awardees"].choices] == [bk_bo.pk], "only what no decision reached"
    response = office.post_step(
        case,
        result,
        {
            "q-decided_by": "Bộ trưởng Bộ Kế hoạch và Đầu tư",
            "q-number": "77/QĐ-BKHĐT",
            "q-date": "15/02/2025",
            "q-awardees": [bk_bo.pk],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.finished is not None
    assert set(Commendation.objects.filter(proposal__case=case).values_list("title__code", "decision_number")) == {
        ("BK_TINH", "3151/QĐ-UBND"),
        ("BK_BO", "77/QĐ-BKHĐT"),
    }
    assert CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.UPWARD_DECISION).count() == 2

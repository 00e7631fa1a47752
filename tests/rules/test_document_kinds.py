"""Document kinds are data: one list, loaded from award_titles.yaml and editable in the admin. The list gives
the attachment choices and the checklist's labels and flags, so a kind added to the data can be uploaded and
is checked."""

import datetime
import re

import pytest
import yaml
from django.core.exceptions import ValidationError

from tests.desk import Desk, page_text, pdf
from tests.workflows.cases import user
from workflows.casework import services
from workflows.casework.forms import AttachmentForm, ProposalForm
from workflows.casework.selectors import checklist
from workflows.models import AwardTitle, Campaign, Case, CaseFile, DocumentKind, TitleRule
from workflows.selectors import document_kind_choices
from workflows.services import DATA_DIR, reference_data_load

pytestmark = pytest.mark.django_db

OLD_CODES = [
    "to_trinh",
    "bao_cao_thanh_tich",
    "bien_ban_binh_xet",
    "ket_qua_bo_phieu",
    "xac_nhan_sang_kien_htxs",
    "xac_nhan_sang_kien",
    "dang_ky",
    "bao_cao",
    "van_ban_gui",
    "quyet_dinh",
    "khac",
]


def _data_with(*, kind: dict, required_by: str | None = None, tmp_path) -> object:
    """The real data file plus one more document kind, optionally required by every rule of a title."""
    data = yaml.safe_load((DATA_DIR / "award_titles.yaml").read_text(encoding="utf-8"))
    data["document_kinds"].append(kind)
    for title in data["titles"]:
        if title["code"] == required_by:
            for rule in title["rules"]:
                rule["required_documents"] = [*rule.get("required_documents", []), kind["code"]]
    path = tmp_path / "award_titles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_every_code_files_were_stored_under_is_a_kind_with_the_flags_the_code_had(db):
    reference_data_load()
    kinds = {kind.code: kind for kind in DocumentKind.objects.all()}
    assert set(OLD_CODES) <= set(kinds)
    assert {c for c, k in kinds.items() if k.per_nominee} == {
        "bao_cao_thanh_tich",
        "xac_nhan_sang_kien_htxs",
        "xac_nhan_sang_kien",
    }
    assert {c for c, k in kinds.items() if k.supplied_later} == {"ket_qua_bo_phieu"}
    assert kinds["khac"].label == "Tài liệu khác"
    assert "Đ84" in kinds["to_trinh"].citation


def test_loading_again_updates_kinds_in_place_and_keeps_those_added_in_the_admin(db):
    reference_data_load()
    count = DocumentKind.objects.count()
    DocumentKind.objects.filter(code="khac").update(name="Sửa tay", per_nominee=True)
    DocumentKind.objects.create(code="them_trong_admin", name="Thêm trong trang quản trị", order=99)

    reference_data_load()

    khac = DocumentKind.objects.get(code="khac")
    assert (khac.name, khac.per_nominee) == ("Tài liệu khác", False)
    assert DocumentKind.objects.count() == count + 1


def test_a_rule_naming_an_unknown_kind_is_refused_in_vietnamese(db, tmp_path):
    path = _data_with(kind={"code": "bao_cao_thanh_tich", "name": "Báo cáo thành tích"}, tmp_path=tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["titles"][0]["rules"][0]["required_documents"].append("khong_co")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="chưa khai báo: khong_co"):
        reference_data_load(path=path)
    reference_data_load()
    rule = TitleRule.objects.filter(title__code="LDTT").first()
    rule.required_documents = ["to_trinh", "khong_co"]
    with pytest.raises(ValidationError, match="khong_co"):
        rule.full_clean()


def test_the_attachment_choices_are_the_active_kinds_in_force(db):
    reference_data_load()
    DocumentKind.objects.filter(code="dang_ky").update(active=False)
    DocumentKind.objects.create(
        code="mau_moi_2026", name="Mẫu mới", order=50, effective_from=datetime.date(2026, 1, 1), citation="NĐ mới"
    )

    in_2024 = [code for code, _label in document_kind_choices(on=datetime.date(2024, 12, 31))]
    in_2026 = [code for code, _label in document_kind_choices(on=datetime.date(2026, 12, 31))]

    assert "khac" in in_2024 and "dang_ky" not in in_2024
    assert "mau_moi_2026" not in in_2024 and "mau_moi_2026" in in_2026
    assert [code for code, _label in AttachmentForm().fields["doc_type"].choices] == [
        code for code, _label in document_kind_choices()
    ]
    own = [code for code, _field, _saved in ProposalForm().nominee_documents()]
    assert own == ["bao_cao_thanh_tich", "xac_nhan_sang_kien_htxs", "xac_nhan_sang_kien"], "one file choice per kind"


def test_a_kind_added_through_the_data_can_be_uploaded_and_is_checked(demo, tmp_path):
    new = {
        "code": "xac_nhan_cong_doan",
        "name": "Xác nhận của Công đoàn cơ sở",
        "per_nominee": True,
        "citation": "Quy chế thi đua của Ban",
    }
    reference_data_load(path=_data_with(kind=new, required_by="LDTT", tmp_path=tmp_path))
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.NOMINATION)
    case = Case.objects.get(kind=Case.Kind.NOMINATION, unit__code="QLDT")
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    person = case.unit.staff.filter(is_active=True).order_by("full_name").first()
    page = clerk.task_page(case, task).content.decode()
    assert 'value="xac_nhan_cong_doan"' in page, "offered on the page for the nominee's own documents"

    data = {
        "h-meeting_date": "05/12/2024",
        "h-attendance_present": "5",
        "h-attendance_total": "6",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "1000",
        "p-0-id": "",
        "p-0-staff": person.pk,
        "p-0-title": AwardTitle.objects.get(code="LDTT").pk,
        "p-0-rating": "httnv",
        "p-0-achievements": "",
        "p-0-document_type": "bao_cao_thanh_tich",
    }
    assert clerk.post_step(case, task, data, action="save").status_code == 302
    proposal = case.proposals.get()
    missing = [item for item in checklist(case=case) if item.code == "xac_nhan_cong_doan"]
    assert len(missing) == 1 and missing[0].proposal == proposal and not missing[0].present
    assert missing[0].label == "Xác nhận của Công đoàn cơ sở"

    upload = {"att-TOTAL_FORMS": "1", "att-0-doc_type": "xac_nhan_cong_doan", "att-0-proposal": proposal.pk}
    data = {**data, "p-INITIAL_FORMS": "1", "p-0-id": proposal.pk, **upload}
    response = clerk.post_step(case, task, data, action="save", files={"att-0-file": pdf("cong-doan.pdf")})
    assert response.status_code == 302, page_text(response)[:400]

    stored = CaseFile.objects.get(case=case, doc_type="xac_nhan_cong_doan")
    assert stored.proposal == proposal
    found = [item for item in checklist(case=case) if item.code == "xac_nhan_cong_doan"]
    assert found[0].present
    assert "Xác nhận của Công đoàn cơ sở" in page_text(clerk.client.get(f"/cases/ho-so/{case.pk}/"))


def test_an_upload_under_a_code_not_in_the_list_is_refused_by_the_form_and_the_service(demo):
    campaign = Campaign.objects.get(year=2024)
    services.campaign_cases_open(campaign=campaign, kind=Case.Kind.MIDYEAR)
    case = Case.objects.get(kind=Case.Kind.MIDYEAR, unit__code="QLDT")
    clerk = Desk("qldt.thidua")
    task = clerk.take(case, "draft")
    response = clerk.post_step(
        case,
        task,
        {"m-report_text": "x", "att-0-doc_type": "bia_dat"},
        action="save",
        files={"att-0-file": pdf("a.pdf")},
    )
    assert response.status_code == 200 and not CaseFile.objects.exists()
    with pytest.raises(ValidationError, match="bia_dat"):
        services.file_attach(case=case, uploaded=pdf("a.pdf"), doc_type="bia_dat", user=user("qldt.thidua"))


def test_a_kind_added_in_the_admin_is_offered_for_upload_at_once(demo, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    response = client.post(
        "/quan-tri/workflows/documentkind/add/",
        {"code": "bien_ban_kiem_tra", "name": "Biên bản kiểm tra", "order": "30", "active": "on", "citation": ""},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "bien_ban_kiem_tra" in [code for code, _label in document_kind_choices()]
    listing = client.get("/quan-tri/workflows/documentkind/")
    assert listing.status_code == 200 and "Biên bản kiểm tra" in listing.content.decode()


GOOD = {"code": "moi", "name": "Loại mới"}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"khac": "Tài liệu khác"}, "phải là một danh sách"),
        ([GOOD, {"name": "Không có mã"}], "Loại tài liệu thứ 2: thiếu mã"),
        ([GOOD, {"code": "khac", "name": "Khác", "mau": "đỏ"}], "trường không hợp lệ (mau)"),
        ([GOOD, {"code": "khac", "name": "Khác", "per_nominee": "có lẽ"}], "Loại tài liệu khac không hợp lệ"),
        ([GOOD, "khac"], "Loại tài liệu thứ 2: thiếu mã"),
    ],
)
def test_a_bad_document_kind_in_the_data_is_named_in_vietnamese_and_nothing_is_loaded(db, items, message):
    from workflows.services import document_kinds_load

    before = DocumentKind.objects.count()
    with pytest.raises(ValidationError, match=re.escape(message)):
        document_kinds_load(items=items)
    assert DocumentKind.objects.count() == before
    assert not DocumentKind.objects.filter(code="moi").exists(), "all or nothing"


def test_every_shipped_kind_name_is_marked_for_the_catalogue_and_reads_in_english(db):
    """The data is Vietnamese; an English page shows each shipped kind under its English name."""
    from django.utils import translation

    from workflows.rules.documents import SHIPPED_KIND_NAMES

    shipped = [kind["name"] for kind in yaml.safe_load((DATA_DIR / "award_titles.yaml").read_text())["document_kinds"]]
    assert sorted(shipped) == sorted(SHIPPED_KIND_NAMES)
    reference_data_load()
    with translation.override("en"):
        untranslated = [kind.name for kind in DocumentKind.objects.all() if kind.label == kind.name]
    assert untranslated == []

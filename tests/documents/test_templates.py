"""Document templates: every kind has a default that fills with its sample; an agency replaces one in the admin
(checked first: a broken or unknown template leaves the one in use), previews it, goes back to an earlier version
or to the default; a generated draft is filed in its case as a draft, not as the signed document."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from docx import Document

from people.models import Agency
from tests.desk import Desk
from tests.documents.test_decision_docx import at_decision  # noqa: F401  (a fixture)
from workflows.casework.selectors import checklist
from workflows.documents import engine
from workflows.documents.decision import KIND as DECISION
from workflows.models import CaseEvent, CaseFile, DocumentTemplate

pytestmark = pytest.mark.django_db

ADD = "/quan-tri/workflows/documenttemplate/add/"
LIST = "/quan-tri/workflows/documenttemplate/"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _reworded(old: str, new: str, source: bytes | None = None) -> bytes:
    """The default decision template with one line of its wording changed, as an office would in Word."""
    document = Document(io.BytesIO(source or DECISION.default_bytes()))
    found = [p for p in document.paragraphs if p.text == old]
    assert found, old
    found[0].runs[0].text = new
    for run in found[0].runs[1:]:
        run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def root(client):
    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    return client


def _upload(client, content: bytes, *, name="mau.docx", agency: Agency | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"kind": DECISION.code, "note": "Lời văn của tỉnh", "upload": SimpleUploadedFile(name, content)}
    if agency is not None:
        data["agency_choice"] = agency.pk
    return client.post(ADD, data)


def test_every_kind_has_a_default_template_that_fills_with_its_sample():
    call_command("build_document_templates", "--check")
    assert engine.kinds(), "no document kind registered"
    for kind in engine.kinds():
        engine.check_template(kind.code, kind.default_bytes())
        used = engine.placeholders(kind.default_bytes())
        assert used and used <= set(kind.sample()), (kind.code, used - set(kind.sample()))
        assert "{{" not in _text(engine.render_bytes(kind.default_bytes(), kind.sample())), kind.code


def test_an_office_replaces_the_decision_template_previews_it_and_goes_back(demo, root, at_decision):  # noqa: F811
    case = at_decision
    board = Agency.objects.get(pk=case.agency_id)
    desk = Desk("truongban")
    task = desk.take(case, "decide")
    url = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.docx"
    default_text = _text(desk.client.get(url).content)
    assert "cá nhân, tập thể được khen thưởng" in default_text

    # Version 1: the province's wording.
    page = root.get(LIST).content.decode()
    assert "Mẫu mặc định của hệ thống" in page and DECISION.name in page
    response = _upload(
        root,
        _reworded("cá nhân, tập thể được khen thưởng", "các cá nhân, tập thể khen thưởng năm {{ year }}"),
        agency=board,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    first = DocumentTemplate.objects.get(agency=board, kind=DECISION.code)
    assert (first.version, first.active) == (1, True)
    text = _text(desk.client.get(url).content)
    assert f"các cá nhân, tập thể khen thưởng năm {case.campaign.year}" in text
    assert "cá nhân, tập thể được khen thưởng" not in text

    # The preview fills the version with the sample data.
    preview = root.get(f"{LIST}{first.pk}/preview/")
    assert preview.status_code == 200
    assert "các cá nhân, tập thể khen thưởng năm 2024" in _text(preview.content)
    assert "Nguyễn Văn An" in _text(preview.content)

    # Version 2 replaces it; choosing version 1 goes back; "default" ends both.
    assert _upload(root, _reworded("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH NHƯ SAU:"), agency=board).status_code == 302
    second = DocumentTemplate.objects.get(agency=board, kind=DECISION.code, version=2)
    assert second.active and not DocumentTemplate.objects.get(pk=first.pk).active
    assert "QUYẾT ĐỊNH NHƯ SAU:" in _text(desk.client.get(url).content)
    action = {"action": "use_version", "_selected_action": [first.pk]}
    assert root.post(LIST, action).status_code == 302
    text = _text(desk.client.get(url).content)
    assert "QUYẾT ĐỊNH NHƯ SAU:" not in text and f"khen thưởng năm {case.campaign.year}" in text
    assert root.post(LIST, {"action": "use_default", "_selected_action": [first.pk]}).status_code == 302
    assert not DocumentTemplate.objects.filter(active=True).exists()
    assert _text(desk.client.get(url).content) == default_text

    # Another agency's documents never use this agency's template.
    other = Agency.objects.exclude(pk=board.pk).filter(kind="agency").first()
    assert _upload(root, _reworded("QUYẾT ĐỊNH:", "CỦA CƠ QUAN KHÁC:"), agency=other).status_code == 302
    assert "CỦA CƠ QUAN KHÁC:" not in _text(desk.client.get(url).content)


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(DECISION.default_bytes()))
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/media/bomb.bin", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: _reworded("QUYẾT ĐỊNH:", "{{ ten_la }}"), "{{ ten_la }}"),
        (lambda: _reworded("QUYẾT ĐỊNH:", "{{ head.khong_co }}"), "khong_co"),
        (lambda: _reworded("QUYẾT ĐỊNH:", "{% for x in %}"), "lỗi cú pháp"),
        (lambda: _reworded("QUYẾT ĐỊNH:", "{{ year.__class__.__mro__ }}"), "Mẫu văn bản dùng lệnh không được phép"),
        (lambda: _reworded("QUYẾT ĐỊNH:", "{% for i in range(99999) %}{% endfor %}"), "range"),
        (lambda: DECISION.default_bytes()[: len(DECISION.default_bytes()) // 2], "không phải tài liệu Word"),
        (lambda: b"%PDF-1.4 not a template", "không phải tài liệu Word"),
        (_zip_bomb, "Tệp mẫu văn bản"),
    ],
    ids=["unknown-name", "unknown-attribute", "syntax", "sandbox", "no-functions", "truncated", "pdf", "zip-bomb"],
)
def test_a_bad_template_is_refused_in_vietnamese_and_the_one_in_use_stays(demo, root, content, message):
    board = Agency.objects.get(code="bql") if Agency.objects.filter(code="bql").exists() else Agency.objects.first()
    assert _upload(root, _reworded("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH GIỮ:"), agency=board).status_code == 302
    kept = DocumentTemplate.objects.get(active=True)
    response = _upload(root, content(), agency=board)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("errorlist") - 200 : page.find("errorlist") + 600]
    assert list(DocumentTemplate.objects.values_list("pk", "active")) == [(kept.pk, True)]


def test_values_are_escaped_and_cleaned_not_run():
    hostile = DECISION.sample()
    hostile["trich_yeu"] = "<script>alert(1)</script> & {{ 7*7 }} \x07 =cmd|' /C calc'!A0"
    content = engine.render_bytes(DECISION.default_bytes(), hostile)
    text = _text(content)
    assert "<script>alert(1)</script> & {{ 7*7 }}  =cmd|' /C calc'!A0" in text
    assert "49" not in text


def test_a_generated_draft_is_filed_as_a_draft_and_a_new_one_replaces_it(demo, at_decision):  # noqa: F811
    case = at_decision
    desk = Desk("truongban")
    task = desk.take(case, "decide")
    url = f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.docx"
    assert not CaseFile.objects.filter(case=case, generated=True).exists(), "a download alone files nothing"
    desk.client.get(url)
    assert not CaseFile.objects.filter(case=case, generated=True).exists()
    first = desk.client.post(url)
    assert first.status_code == 200 and "QUYẾT ĐỊNH" in _text(first.content)
    draft = CaseFile.objects.get(case=case, generated=True, removed_at__isnull=True)
    assert (draft.doc_type, draft.uploaded_by.username) == ("quyet_dinh", "truongban")
    assert draft.name == "Dự thảo quyết định khen thưởng QLDT 2024.docx"
    with draft.file.open("rb") as handle:
        assert handle.read() == first.content
    event = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.FILE_ADDED).last()
    assert event.text == f"Tạo dự thảo “{draft.name}” từ dữ liệu"
    page = desk.task_page(case, task).content.decode()
    assert 'data-testid="file-draft"' in page and "Dự thảo do hệ thống tạo" in page

    assert desk.client.post(url).status_code == 200
    live = CaseFile.objects.filter(case=case, generated=True, removed_at__isnull=True)
    assert live.count() == 1 and live.get().pk != draft.pk
    assert CaseFile.objects.get(pk=draft.pk).removed_at is not None
    # Others cannot file drafts either.
    assert Desk("vanphong").client.post(url).status_code == 404
    assert Desk("khcn.giamdoc").client.post(url).status_code == 404
    assert CaseFile.objects.filter(case=case, generated=True).count() == 2


def test_the_checklist_counts_a_signed_upload_never_a_generated_draft(demo, at_decision, monkeypatch):  # noqa: F811
    from workflows.documents.services import draft_attach

    case = at_decision
    items = {(i.code, i.proposal.pk if i.proposal else None): i for i in checklist(case=case)}
    code, proposal_id = next(key for key, item in items.items() if not item.later and item.present)
    # A kind whose drafts go under that document kind, for this test only.
    monkeypatch.setitem(
        engine._KINDS, "thu", engine.TemplateKind("thu", "Thử", DECISION.build, DECISION.sample, doc_type=code)
    )
    real = CaseFile.objects.filter(case=case, doc_type=code, proposal_id=proposal_id, generated=False)
    real.update(removed_at="2024-11-30T00:00:00+07:00")
    proposal = case.proposals.get(pk=proposal_id) if proposal_id else None
    draft_attach(
        case=case, kind="thu", content=DECISION.default_bytes(), name="du-thao.docx", user=None, proposal=proposal
    )
    item = {(i.code, i.proposal.pk if i.proposal else None): i for i in checklist(case=case)}[(code, proposal_id)]
    assert (item.present, item.draft) == (False, True)

"""The PDF of a generated document is LibreOffice's conversion of the very .docx the product wrote: read back with
poppler (pdftotext, pdfinfo, pdffonts) it says what the database holds, on A4, in Times New Roman's metrics; when
LibreOffice is missing, slow or failing, the user is told why on the step page, never shown a 500."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.test import override_settings

from people import clock
from people.models import Agency
from tests.desk import Desk
from tests.services import need, need_libreoffice
from tests.workflows.cases import nomination_at_council, open_task
from workflows.casework import services
from workflows.documents import layout
from workflows.documents.decision import AwardDecision, Awardee, AwardGroup, award_decision_docx
from workflows.documents.pdf import PdfUnavailable, docx_to_pdf

# Fonts that keep Times New Roman's metrics, so lines break where Word breaks them: the font itself, or Liberation
# Serif / Tinos, which fontconfig puts in its place on Debian (fonts-liberation).
TIMES_METRIC = ("TimesNewRoman", "LiberationSerif", "Tinos")


@pytest.fixture
def at_decision(demo):
    """A dossier of the Phòng Quản lý Đầu tư whose council passed LĐTT, CSTĐCS and TTLĐTT (all the Trưởng ban's to
    decide) and a Bằng khen tỉnh (decided above): the decision step is open."""
    case = nomination_at_council("QLDT", titles=("LDTT", "CSTDCS", "TTLDTT", "BK_TINH"))
    services.council_result_record(case=case, results={p.pk: (True, "") for p in case.proposals.all()})
    return case


def _pdf_url(case, task) -> str:
    return f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.pdf"


def _poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
                          check=True, capture_output=True, text=True, timeout=60).stdout  # fmt: skip


def _words(text: str) -> str:
    return " ".join(text.split())


def _small_decision() -> AwardDecision:
    return AwardDecision(
        letterhead=layout.Letterhead(
            issuer="Ban Quản lý Khu kinh tế tỉnh", number="05/QĐ-BQL", place="Tây Ninh", day=datetime.date(2025, 2, 3)
        ),
        authority="Trưởng ban Quản lý Khu kinh tế tỉnh",
        year=2024,
        grounds=["Căn cứ Luật Thi đua, khen thưởng"],
        groups=[
            AwardGroup(
                title="Lao động tiên tiến",
                is_title=True,
                awardees=[Awardee(name="Nguyễn Thị Ánh", position="Chuyên viên", unit="Văn phòng")],
            )
        ],
        article_2="Tiền thưởng theo quy định.",
        article_3="Chánh Văn phòng Ban chịu trách nhiệm thi hành./.",
        closing=layout.Closing(recipients=["- Như Điều 3;"]),
    )


def test_the_pdf_of_the_draft_decision_reads_as_the_database_says(at_decision, tmp_path):
    need_libreoffice()
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    page = board.task_page(case, task).content.decode()
    assert 'data-testid="decision-pdf"' in page and "Tạo dự thảo quyết định (PDF)" in page

    response = board.client.get(_pdf_url(case, task))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="du-thao-quyet-dinh-khen-thuong-qldt-2024.pdf"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Dự thảo quyết định khen thưởng QLDT 2024.pdf"
    assert response.content.startswith(b"%PDF-")
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(response.content)

    # A4 portrait (595 × 842 pt), the decision on page 1, the list on a page of its own.
    info = _poppler("pdfinfo", path)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842) and "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    texts = [_poppler("pdftotext", path, "-layout", "-f", str(n), "-l", str(n)) for n in range(1, pages + 1)]
    first, second = texts[0], texts[1]
    assert "DANH SÁCH" not in first
    assert second.split()[0] == "2", "page numbers start on page 2"
    assert not first.split()[0].isdigit(), "no page number on page 1"
    # The list starts a page of its own: right under that page's number, after the decision's signing block.
    start = next(n for n, text in enumerate(texts) if "DANH SÁCH" in text)
    assert start >= 1 and texts[start].split()[:3] == [str(start + 1), "DANH", "SÁCH"]
    assert any("Nơi nhận" in text for text in texts[:start])

    # The letterhead as the agency's row names it: pdftotext without -layout reads the left cell first, whatever
    # lines the issuer's name wraps into.
    agency = Agency.objects.get(pk=case.agency_id)
    header = _words(_poppler("pdftotext", path, "-f", "1", "-l", "1"))
    assert header.startswith(f"{agency.governing_body.upper()} {agency.name.upper()}"), header[:200]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in header
    # A draft: the number and the day left blank for the văn thư (pdftotext -layout keeps the gaps on one line).
    assert re.search(rf"Số:\s+/QĐ-{agency.document_code}\b", first), first[:600]
    assert re.search(rf"{agency.place_name}, ngày\s+tháng\s+năm {clock.today().year}", first)

    text = _poppler("pdftotext", path, "-layout")
    lines = [line.strip() for line in text.splitlines()]
    assert "QUYẾT ĐỊNH" in lines and "QUYẾT ĐỊNH:" in lines
    assert "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ TỈNH" in lines

    # Danh sách kèm theo: each title's heading and each awardee the council passed for the Trưởng ban, as the
    # database names them, on a numbered row; not the Bằng khen tỉnh, decided above.
    board_titled = case.proposals.select_related("staff", "title").filter(title__decided_at="board")
    for proposal in board_titled:
        name = proposal.staff.full_name if proposal.staff_id else case.unit.name
        assert re.search(rf"^\s*\d+\s+{re.escape(name)}\s", text, re.MULTILINE), name
    ldtt = board_titled.get(title__code="LDTT").title
    assert f"I. Danh hiệu “{ldtt.name}” (1 cá nhân)" in lines
    upward = case.proposals.select_related("staff").get(title__code="BK_TINH")
    assert upward.staff.full_name not in text


def test_the_pdf_is_set_in_times_new_roman_metrics(tmp_path):
    """Every font the PDF embeds is Times New Roman or its metric twin; none is a fallback picked for missing
    Vietnamese letters."""
    need_libreoffice()
    match = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"], capture_output=True, text=True)
    need(
        any(name in match.stdout.replace(" ", "") for name in TIMES_METRIC),
        "phông Times New Roman hoặc Liberation Serif (apt-get install fonts-liberation)",
    )
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(docx_to_pdf(award_decision_docx(_small_decision())))
    rows = _poppler("pdffonts", path).splitlines()[2:]
    fonts = {row.split()[0].split("+")[-1] for row in rows}
    assert fonts and all(font.startswith(TIMES_METRIC) for font in fonts), fonts
    assert all(row.split()[-5] == "yes" for row in rows), "every font embedded"
    assert "Nguyễn Thị Ánh" in _poppler("pdftotext", path)


def test_two_conversions_at_once_both_succeed_and_leave_no_files(tmp_path, monkeypatch):
    """Each conversion has its own LibreOffice profile: run together they do not hand work to each other or trip
    on a lock; and nothing is left in the temporary directory."""
    need_libreoffice()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    content = award_decision_docx(_small_decision())
    results, errors = [], []

    def convert():
        try:
            results.append(docx_to_pdf(content))
        except PdfUnavailable as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and len(results) == 2
    assert all(result.startswith(b"%PDF-") for result in results)
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("username", ["vanphong", "qldt.truongphong", "khcn.giamdoc"])
def test_no_one_but_the_decider_gets_the_pdf(at_decision, username):
    case = at_decision
    task = open_task(case, "decide")
    desk = Desk(username)
    assert b'data-testid="decision-pdf"' not in desk.task_page(case, task).content
    assert desk.client.get(_pdf_url(case, task)).status_code == 404


def test_without_libreoffice_the_step_page_says_so(at_decision, tmp_path):
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    with override_settings(SOFFICE_PATH=str(tmp_path / "khong-co" / "soffice")):
        response = board.client.get(_pdf_url(case, task))
        assert response.status_code == 302
        assert response["Location"] == f"/cases/ho-so/{case.pk}/buoc/{task.pk}/"
        page = board.client.get(response["Location"])
    assert page.status_code == 200
    assert "Chưa tạo được bản PDF: máy chủ chưa cài LibreOffice" in page.content.decode()
    assert board.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/du-thao-quyet-dinh.docx").status_code == 200


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def _gone(pid: int) -> bool:
    """No such process, or one already dead (a zombie waiting for its parent)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_a_conversion_that_takes_too_long_is_killed_with_its_children(tmp_path):
    """A real program stands in for LibreOffice: it starts a child, as soffice starts soffice.bin, and sleeps.
    After the timeout both are gone, and so is the private directory."""
    record = tmp_path / "record"
    script = _fake_soffice(
        tmp_path, f'sleep 120 &\necho "$$ $! $TMPDIR" > {record}\nwait\necho "not killed" >> {record}'
    )
    started = time.monotonic()
    with override_settings(SOFFICE_PATH=str(script), DOCUMENT_PDF_TIMEOUT=1), pytest.raises(PdfUnavailable) as raised:
        docx_to_pdf(award_decision_docx(_small_decision()))
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith("Chưa tạo được bản PDF: LibreOffice chuyển văn bản quá 1 giây")
    shell, child, scratch = record.read_text().split()
    deadline = time.monotonic() + 5
    while not (_gone(int(shell)) and _gone(int(child))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(int(shell)) and _gone(int(child))
    assert not os.path.exists(scratch) and not os.path.exists(Path(scratch).parent)
    assert "not killed" not in record.read_text()


def test_a_conversion_that_makes_no_pdf_is_reported(at_decision, tmp_path):
    """soffice exits 0 even when it could not load the file: no PDF in the output folder is a failure."""
    script = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 0")
    case = at_decision
    board = Desk("truongban")
    task = board.take(case, "decide")
    with override_settings(SOFFICE_PATH=str(script)):
        response = board.client.get(_pdf_url(case, task), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/", 302)]
    assert "LibreOffice không chuyển được văn bản này" in response.content.decode()


def test_soffice_path_is_found_on_path_when_not_set(tmp_path, monkeypatch):
    """With SOFFICE_PATH empty the program is looked up on PATH (soffice, then libreoffice)."""
    script = _fake_soffice(
        tmp_path,
        'while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
        'cp "$(dirname "$0")/made.pdf" "$out/document.pdf"',
    )
    (tmp_path / "made.pdf").write_bytes(b"%PDF-1.4 made by the stand-in")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with override_settings(SOFFICE_PATH=""):
        assert docx_to_pdf(b"PK") == b"%PDF-1.4 made by the stand-in"
    assert shutil.which("soffice") == str(script)

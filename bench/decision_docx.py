"""Benchmark: a Quyết định khen thưởng with a long Danh sách kèm theo, to .docx and to PDF (when LibreOffice is
on the machine).

Usage:
    python bench/decision_docx.py [--awardees 2000] [--runs 3] [--out /tmp/quyet-dinh.docx] [--no-pdf]

Builds the decision from synthetic data (no database: the default template filled as workflows.documents.decision
fills it), three titles of individuals and one of collectives, and prints the time of each run; the goal is ≤ 3 s for
the .docx. Then converts the last file once to PDF the way the product does (workflows.documents.pdf: soffice
--headless with a fresh private profile, so the time includes LibreOffice's start), prints that time, the pages
and the size, and renders page 1 to a PNG under var/bench/ with pdftoppm when poppler is installed. Asserts
nothing. SOFFICE_PATH and DOCUMENT_PDF_TIMEOUT (default here 600 s) are read from the environment.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DOCUMENT_PDF_TIMEOUT", "600")
django.setup()  # the default template is filled; no database is read

from workflows.documents import layout  # noqa: E402
from workflows.documents.decision import AwardDecision, Awardee, AwardGroup, award_decision_docx  # noqa: E402
from workflows.documents.pdf import PdfUnavailable, docx_to_pdf, soffice_binary  # noqa: E402

TITLES = [("Lao động tiên tiến", 0.7), ("Chiến sĩ thi đua cơ sở", 0.2), ("Giấy khen của Trưởng ban", 0.08)]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng"]
GIVEN = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hạnh", "Hữu Lộc", "Thanh Tâm", "Ngọc Yến"]


def decision(count: int) -> AwardDecision:
    groups = []
    left = count
    for index, (title, share) in enumerate(TITLES):
        size = int(count * share)
        left -= size
        people = [
            Awardee(
                name=f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[(i // 8) % len(GIVEN)]} {i}",
                position="Chuyên viên" if i % 5 else "Trưởng phòng",
                unit=f"Phòng Quản lý số {i % 40 + 1}",
            )
            for i in range(size)
        ]
        groups.append(AwardGroup(title=title, is_title=index < 2, awardees=people))
    collectives = [
        Awardee(name=f"Phòng Quản lý số {i + 1}", position="", unit=f"Phòng Quản lý số {i + 1}", collective=True)
        for i in range(left)
    ]
    groups.append(AwardGroup(title="Tập thể lao động tiên tiến", is_title=True, awardees=collectives))
    return AwardDecision(
        letterhead=layout.Letterhead(
            issuer="Ban Quản lý Khu kinh tế tỉnh",
            number="05/QĐ-BQL",
            place="Tây Ninh",
            day=datetime.date(2024, 12, 10),
            governing_body="UBND tỉnh Tây Ninh",
        ),
        authority="Trưởng ban Quản lý Khu kinh tế tỉnh",
        year=2024,
        grounds=["Căn cứ Luật TĐKT 2022", "Căn cứ NĐ 98/2023/NĐ-CP", "Theo đề nghị của Chánh Văn phòng Ban"],
        groups=groups,
        article_2="Kèm theo danh hiệu thi đua, hình thức khen thưởng là tiền thưởng theo quy định.",
        article_3="Chánh Văn phòng Ban và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành./.",
        closing=layout.Closing(
            recipients=["- Như Điều 3;", "- Lưu: VT, VP."],
            signature=layout.Signature(title="Trưởng ban", name="Hoàng A Chinh"),
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awardees", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="")
    parser.add_argument("--no-pdf", action="store_true", help="the .docx only")
    args = parser.parse_args()
    data = decision(args.awardees)
    content = b""
    for run in range(1, args.runs + 1):
        start = time.perf_counter()
        content = award_decision_docx(data)
        elapsed = time.perf_counter() - start
        print(f"run {run}: {args.awardees} awardees → .docx of {len(content) / 1024:.0f} KiB in {elapsed:.2f} s")
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "quyet-dinh.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    print(f"written: {out}")
    if not args.no_pdf:
        pdf(content, out.with_suffix(".pdf"))


def pdf(content: bytes, out: Path) -> None:
    binary = soffice_binary()
    if binary is None:
        print("PDF: LibreOffice (soffice) is not installed; skipped (apt-get install libreoffice-writer-nogui)")
        return
    start = time.perf_counter()
    try:
        produced = docx_to_pdf(content)
    except PdfUnavailable as exc:
        print(f"PDF: not made after {time.perf_counter() - start:.2f} s: {exc}")
        return
    elapsed = time.perf_counter() - start
    out.write_bytes(produced)
    pages = "?"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=False).stdout
        found = re.search(r"Pages:\s+(\d+)", info)
        pages = found.group(1) if found else "?"
    print(f"PDF ({binary}): {pages} pages, {len(produced) / 1024:.0f} KiB in {elapsed:.2f} s → {out}")
    if shutil.which("pdftoppm") is None:
        print("page 1 as PNG: poppler's pdftoppm is not installed; skipped (apt-get install poppler-utils)")
        return
    folder = Path(os.environ.get("VAR_DIR") or ROOT / "var") / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / "decision-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(out), str(stem)], check=True
    )
    print(f"page 1 as PNG: {stem.with_suffix('.png')}")


if __name__ == "__main__":
    main()

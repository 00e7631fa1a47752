"""Benchmark: how long and how much memory refusing a zip-bomb workbook takes, beside reading an honest one.

Usage:
    python bench/zip_bomb.py [--unpacked-mb 400] [--rows 2000]

Run by hand; it prints figures and asserts nothing about time. It needs no database (settings
`config.settings.local` unless DJANGO_SETTINGS_MODULE is set). It builds, in memory, the staff template with its
first sheet swapped for --unpacked-mb MB of one letter (a ~1 KB-per-MB bomb, as the issue saw: a 399 KB file
unpacking to 400 MB), times `parse_upload` refusing it, measures its peak Python allocation (tracemalloc, in a
second run) and the process's peak RSS; then does the same for an honest workbook of --rows staff rows.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

import machine  # noqa: E402  (bench/ is on sys.path when a script runs)
import openpyxl  # noqa: E402

from people import importing  # noqa: E402

MB = 1024 * 1024


def bomb(unpacked_mb: int) -> bytes:
    template = zipfile.ZipFile(io.BytesIO(importing.template_xlsx()))
    buffer = io.BytesIO()
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in template.infolist():
            if info.filename != member:
                archive.writestr(info.filename, template.read(info.filename))
        with archive.open(member, "w", force_zip64=True) as handle:
            handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            handle.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(unpacked_mb):
                handle.write(b"A" * MB)
            handle.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def honest(rows: int) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([c.header for c in importing.COLUMNS])
    for n in range(rows):
        sheet.append([f"B{n:05}", f"Nguyễn Văn {n}", f"b{n}@example.vn", "Chuyên viên", "KHTC", "Phòng KH-TC", "",
                      "Công chức", "Nam", "01/01/1990"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse(data: bytes) -> str:
    try:
        parsed = importing.parse_upload(io.BytesIO(data), "tep.xlsx")
    except importing.ImportFileError as exc:
        return f"refused: {exc}"
    return f"read {len(parsed.rows)} rows"


def measure(label: str, data: bytes) -> None:
    """Timed on its own, then once more under tracemalloc (which slows allocation-heavy code) for the memory."""
    started = time.perf_counter()
    outcome = _parse(data)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    _parse(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {len(data) / 1024:,.0f} KB packed, {elapsed * 1000:,.1f} ms, "
          f"peak Python allocation {peak / MB:,.1f} MB, process peak RSS so far {rss:,.0f} MB")  # fmt: skip
    print(f"  {outcome[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpacked-mb", type=int, default=400)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    print("\n".join(machine.machine_lines(packages=("openpyxl",))))
    print(machine.load_line())
    measure(f"zip bomb unpacking to {args.unpacked_mb} MB", bomb(args.unpacked_mb))
    measure(f"honest workbook of {args.rows} rows", honest(args.rows))


if __name__ == "__main__":
    main()

"""Reading a generated .docx back in the tests: its text, a paragraph by how it starts, the size and weight of its
runs, a table's rows."""

from __future__ import annotations

import io

from docx import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def opened(response):
    """The .docx a page answered with, opened (a 200 and the Word content type first)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == DOCX
    return Document(io.BytesIO(response.content))


def all_text(document) -> str:
    """The paragraphs' text, then every table cell's, one per line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def paragraph(container, starts: str):
    found = [p for p in container.paragraphs if p.text.startswith(starts)]
    assert found, f"không có đoạn bắt đầu bằng {starts!r}"
    return found[0]


def style(para) -> set[tuple]:
    """(size, bold, italic) of each run with text."""
    return {(run.font.size, bool(run.font.bold), bool(run.font.italic)) for run in para.runs if run.text}


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]

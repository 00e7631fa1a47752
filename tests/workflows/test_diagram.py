"""The case diagram reads as the flow is written: step titles exactly as declared (not title-cased), the
gateways' questions and their branches in the reader's language, and the step the case is at marked."""

import re

import pytest

from tests.desk import Desk

from .cases import nomination_at_council

pytestmark = pytest.mark.django_db


def _diagram(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="tdkt-diagram" data-testid="diagram">(.*?)</svg>', html, flags=re.S)
    assert match, "the case page has a diagram"
    return match.group(1)


def _texts(svg: str) -> list[str]:
    return [" ".join(t.split()) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)]


def test_the_diagram_has_vietnamese_branch_labels_titles_as_written_and_the_current_step_marked(demo):
    case = nomination_at_council("QLDT")
    office = Desk("vanphong")
    svg = _diagram(office.client.get(f"/cases/ho-so/{case.pk}/"))
    texts = _texts(svg)

    assert "Chờ Hội đồng TĐKT" in texts, "the step's title as written, not 'Chờ Hội Đồng Tđkt'"
    assert "Chờ Hội Đồng Tđkt" not in svg
    assert {"Trả lại", "Ký", "Đủ", "Ký?", "Đủ hồ sơ?", "Cấp cơ sở", "Cấp trên", "Không qua"} <= set(texts)
    assert not {"yes", "no", "Yes", "No"} & set(texts)
    current = re.findall(r'<g id="step-(\w+)"[^>]*data-current="true"', svg)
    assert current == ["council"], "the step the case waits at is the one marked"
    width = re.search(r'<svg[^>]*\swidth="([^"]+)"', svg).group(1)
    assert width.isdigit() and int(width) > 1000, "drawn at its natural size (the card scrolls), not shrunk to fit"


def test_the_diagram_follows_the_readers_language(demo):
    case = nomination_at_council("QLDT")
    office = Desk("vanphong")
    office.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    texts = _texts(_diagram(office.client.get(f"/cases/ho-so/{case.pk}/")))
    assert "Return" in texts and "Dossier complete?" in texts
    assert "Trả lại" not in texts

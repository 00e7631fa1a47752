"""The case diagram reads as the flow is written: step titles exactly as declared (not title-cased), the
gateways' questions and their branches in the reader's language, and the step the case is at marked."""

import html
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


# The nomination's steps and their titles, each as the flow declares it and in English.
NOMINATION_STEPS = {
    "start": ("Mở hồ sơ", "Open case"),
    "draft": ("Lập hồ sơ đề nghị khen thưởng", "Prepare the nomination dossier"),
    "sign": ("Trưởng đơn vị ký hồ sơ", "Unit head signs the dossier"),
    "check": ("Văn phòng kiểm tra hồ sơ", "Office checks the dossier"),
    "to_council": ("Chuyển Hội đồng", "Refer to the Council"),
    "council": ("Chờ Hội đồng TĐKT", "Awaiting the Emulation and Commendation Council"),
    "decide": ("Trưởng ban quyết định khen thưởng", "Head of the Board decides the awards"),
    "send_upward": ("Văn phòng trình cấp trên", "Office submits to the higher authority"),
    "upward_result": ("Ghi nhận quyết định của cấp trên", "Record the higher authority’s decision"),
    "province_wait": ("Chờ cấp tỉnh", "Awaiting the province"),
    "none_passed": ("Không có đề nghị được thông qua", "No nominations approved"),
    "close": ("Đóng hồ sơ", "Close the case"),
    "route": ("Theo kết quả Hội đồng", "According to the Council’s result"),
    "join": ("Hoàn tất", "Completed"),
    "end": ("Kết thúc", "End"),
}
EVENTS = {"start", "end", "route", "join"}  # a circle or diamond: the title is its tooltip, nothing is drawn inside
BRANCHES = (
    {"Trả lại", "Ký", "Đủ", "Cấp cơ sở", "Cấp trên", "Không qua", "Cấp tỉnh", "Cấp trên khác", "Đã quyết định", "Xong"},
    {
        "Return",
        "Signed",
        "Complete",
        "Board level",
        "Higher level",
        "None passed",
        "Province",
        "Other higher authority",
        "Decided",
        "Done",
    },
)
QUESTIONS = (
    {"Ký?", "Đủ hồ sơ?", "Cấp tỉnh xét?", "Cấp tỉnh trả lại?", "Còn đề nghị cấp trên khác?"},
    {
        "Signed?",
        "Dossier complete?",
        "Decided by the province?",
        "Returned by the province?",
        "Nominations left for another higher authority?",
    },
)
# Letters only Vietnamese writes: an English diagram has none of them.
VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ")


def _steps(svg: str) -> dict[str, tuple[str, str]]:
    """Each step's title (its tooltip) and the words drawn in its box, the wrapped lines joined again."""
    steps = {}
    for name, body in re.findall(r'<g id="step-(\w+)"[^>]*>(.*?)</g>', svg, flags=re.S):
        tooltip = re.search(r"<title>(.*?)</title>", body, flags=re.S)
        drawn = re.findall(r'<text class="tdkt-flow__step"[^>]*>(.*?)</text>', body, flags=re.S)
        steps[name] = (html.unescape(tooltip.group(1)) if tooltip else "", html.unescape(" ".join(drawn)))
    return steps


def _labels(svg: str, css_class: str) -> set[str]:
    return {html.unescape(t) for t in re.findall(rf'<text class="{css_class}"[^>]*>(.*?)</text>', svg, flags=re.S)}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_diagram_draws_step_titles_branches_and_questions_in_the_pages_language(demo, language):
    case = nomination_at_council("QLDT")
    office = Desk("vanphong")
    office.client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = office.client.get(f"/cases/ho-so/{case.pk}/")
    assert f'lang="{language}"' in response.content.decode(), "the page itself is in that language"
    svg = _diagram(response)
    index = 0 if language == "vi" else 1
    other = 1 - index

    steps = _steps(svg)
    for name, titles in NOMINATION_STEPS.items():
        drawn_in_box = "" if name in EVENTS else titles[index]
        assert steps[name] == (titles[index], drawn_in_box), name
    assert _labels(svg, "tdkt-flow__label") == BRANCHES[index]
    assert _labels(svg, "tdkt-flow__question") == QUESTIONS[index]
    drawn = _texts(svg)
    assert not set(drawn) & (BRANCHES[other] | QUESTIONS[other])
    if language == "en":
        assert not VIETNAMESE_LETTERS & set("".join(drawn)), "no Vietnamese word left in the English diagram"


def test_the_diagram_follows_the_readers_language(demo):
    case = nomination_at_council("QLDT")
    office = Desk("vanphong")
    office.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    texts = _texts(_diagram(office.client.get(f"/cases/ho-so/{case.pk}/")))
    assert "Return" in texts and "Dossier complete?" in texts
    assert "Trả lại" not in texts

    # Back to Vietnamese, the same diagram reads in Vietnamese again: nothing of the English one is kept.
    office.client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    steps = _steps(_diagram(office.client.get(f"/cases/ho-so/{case.pk}/")))
    assert steps["decide"] == ("Trưởng ban quyết định khen thưởng",) * 2

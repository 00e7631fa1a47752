"""Every page of the demo speaks the reader's language: in English no text of the project's catalogue is left in
Vietnamese, and in Vietnamese none shows its English translation.

Each role logs in, chooses the language with the switch in the page's toolbar (as a person does; Vietnamese is the
default whatever the browser says), takes the tasks waiting in its queue (so that their forms are reachable), and
follows, GET only, every link of the pages it reaches inside the site. Each page's visible text — text nodes, the
page title, and the labels, placeholders and tooltips written in attributes; not scripts, icon ligatures, nor text
inside an element declaring another language with `lang` — is searched for the catalogue's messages
(locale/en/LC_MESSAGES/django.po: msgid Vietnamese, msgstr English). English first, then Vietnamese, in one
process: a text cached while an English page was drawn then shows up on a Vietnamese one.

Which messages are searched, and how, so that data is never mistaken for a message left untranslated:
- A message is searched whole; one with placeholders (%(x)s, %s, {x}) or HTML tags is cut there, and each piece of
  three words or more is searched (a short piece such as "hồ sơ" out of "Đã mở %(count)s hồ sơ…" says nothing).
  Matching is on whole words, case and diacritics exact, the longest message first.
- A message translated as itself ("Email", a code) is never searched: it is right in both languages.
- On English pages: Vietnamese pieces holding a letter outside ASCII (a diacritic: never a code or an English word)
  and found in no English msgstr (the English text keeps some Vietnamese terms on purpose: TĐKT, the titles).
- On Vietnamese pages: English pieces of two words or more, or one word of six letters or more, found in no
  Vietnamese msgid (a term such as "Excel" is Vietnamese too).
- Data is not catalogue text. Every value the demo's data holds in a text field without choices (names of units,
  people and awards, positions, the programme's theme, milestones and targets, file names, e-mail subjects, …) is
  data, and a message found lying within such a value where the page shows it whole is not reported (a position
  "Trưởng ban" is not the role "Trưởng ban"); a message around data ("Văn phòng kiểm tra hồ sơ" beside the unit
  "Văn phòng") still is. The fields where the product writes its own words (PRODUCT_WORDS: a step's title, the
  council's result, "Nhận thay …") are not data: their text must follow the reader's language too. The demo's
  data is Vietnamese, so an English page shows it, rightly.
Downloads (files, spreadsheets, calendars), the admin, logging out and non-HTML answers are not crawled; pages of one
shape (the path with its numbers replaced, and its query keys) are opened at most SAME_SHAPE times (SAME_QUERY times
with a query string) per role and language.

Beyond the demo's day (20/06, before the year-end round) the year is taken on to the council — see
_the_year_goes_on_to_the_council — so that the nomination, check (with findings that block and warn), session,
ballot and minutes pages are crawled too, the eligibility findings among them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import polib
import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from people import clock
from people.models import Staff
from people.records import hold_record
from tests.conftest import load_demo_now
from tests.desk import Desk, pdf
from tests.workflows.cases import COUNCIL_ONLINE, nomination_at_check, nomination_at_council, open_task
from workflows.casework.eligibility import case_findings
from workflows.council.findings import agenda_reviews
from workflows.council.models import CouncilSession
from workflows.council.selectors import session_items

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
ROLES = [
    "qldt.thidua",
    "qldt.truongphong",
    "vanphong",
    "chanhvanphong",
    "tnmt.truongphong",
    "truongban",
    "photruongban",
    "qhxd.thidua",
]
START = [
    "/home/",
    "/cases/",
    "/cases/hang-cho/",
    "/cases/da-xu-ly/",
    "/cases/ho-so/",
    "/cases/xep-loai/",
    "/council/",
    "/campaign/",
]
SKIP = re.compile(
    r"^/(tai-khoan/logout|quan-tri/|static/|jsi18n/|i18n/|anymail/|lich/)"
    r"|/tep/|/ban-chup/|\.(xlsx|xls|csv|ics|pdf|docx?|png|jpe?g)$"
)
SAME_SHAPE = 30
SAME_QUERY = 2
MAX_PAGES = 150
# Text fields the product fills with its own words (a step's title, a council's result, "Nhận thay …"), alone or
# beside what a person typed: not masked as data. The demo types no comment of its own into them.
PRODUCT_WORDS = {
    ("workflows", "caseevent", "step"),
    ("workflows", "caseevent", "comment"),
    ("workflows", "proposal", "council_note"),
    ("workflows", "sessionevent", "comment"),
}
DATA_APPS = ("people", "workflows", "notifications", "auth")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^{}]*\}|<[^>]*>|%%")
TRIM = " \t\n.,:;!?…–—-()[]\"'«»“”/"
VISIBLE_ATTRIBUTES = {"label", "placeholder", "title", "aria-label", "alt", "data-confirm"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pieces(message: str) -> list[str]:
    return [piece for piece in (_fold(part).strip(TRIM) for part in PLACEHOLDER.split(message)) if piece]


def _words(text: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


class Catalogue:
    """The pieces to look for on each language's pages, each mapped to the message it comes from."""

    def __init__(self, path: Path):
        pairs: list[tuple[str, str]] = []
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            if entry.msgid_plural:
                translations = [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)]
                pairs += [(entry.msgid, translations[0]), (entry.msgid_plural, translations[-1])]
            elif entry.msgstr:
                pairs.append((entry.msgid, entry.msgstr))
        pairs = [(vi, en) for vi, en in pairs if en and _fold(vi) != _fold(en)]
        english_text = "\n".join(_fold(en) for _, en in pairs)
        vietnamese_text = "\n".join(_fold(vi) for vi, _ in pairs)
        # piece → (msgid, msgstr) of the message it was cut from
        self.vietnamese: dict[str, tuple[str, str]] = {}
        self.english: dict[str, tuple[str, str]] = {}
        for vi, en in pairs:
            for piece in self._searched(vi):
                if re.search(r"[^\x00-\x7f]", piece) and not _words(piece).search(english_text):
                    self.vietnamese.setdefault(piece, (vi, en))
            for piece in self._searched(en):
                if (len(piece.split()) >= 2 or len(piece) >= 6) and not _words(piece).search(vietnamese_text):
                    self.english.setdefault(piece, (vi, en))
        self._patterns = {"en": self._alternation(self.vietnamese), "vi": self._alternation(self.english)}

    @staticmethod
    def _searched(message: str) -> list[str]:
        """The message whole, or, cut at its placeholders, the pieces of three words or more (a short piece such
        as "hồ sơ" out of "Đã mở %(count)s hồ sơ…" says nothing about where it came from)."""
        pieces = [piece for piece in _pieces(message) if re.search(r"[^\W\d_]{2}", piece)]
        if len(pieces) == 1 and pieces[0] == _fold(message).strip(TRIM):
            return pieces
        return [piece for piece in pieces if len(piece.split()) >= 3]

    @staticmethod
    def _alternation(pieces: dict) -> re.Pattern:
        # Longest first, so that a long message is reported rather than a shorter one inside it.
        ordered = sorted(pieces, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(piece) for piece in ordered) + r")(?!\w)")

    def wrong_language(self, text: str, language: str, data: re.Pattern | None = None) -> list[tuple[str, ...]]:
        """(piece found, its msgid, its msgstr, the text around it) for each catalogue text of the other language
        in `text`, once per piece; a piece that lies within a value of the data (`data` matches them) is data."""
        source = self.vietnamese if language == "en" else self.english
        spans = [match.span() for match in data.finditer(text)] if data else []
        found = {}
        for match in self._patterns[language].finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in spans):
                continue
            piece = match.group(1)
            around = text[max(0, match.start() - 50) : match.end() + 50]
            found.setdefault(piece, (piece, *source[piece], around))
        return list(found.values())


class _VisibleText(HTMLParser):
    """The text a reader sees in the page's language, and the page's links.

    Left out: scripts and styles; icon ligatures (`<i class="material-icons">outbox</i>` draws an icon); and text
    inside an element that declares another language (`lang="vi"` on an English page: the language switch's
    "Tiếng Việt", the Vietnamese headers an import file must have)."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping: list[str] = []  # tags of the open elements whose text is not the page's

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        other_language = attributes.get("lang") not in (None, "", self.language)
        if (
            self._skipping
            or other_language
            or tag in ("script", "style")
            or "material-icons" in (attributes.get("class") or "")
        ):
            if tag not in VOID_ELEMENTS:
                self._skipping.append(tag)
            return
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def _data_values() -> re.Pattern:
    """Matches every value of the demo's data a page may show (the longest where several start at one place)."""
    values: set[str] = set()
    for app_label in DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, (models.CharField, models.TextField))
                and not field.choices
                and (app_label, model._meta.model_name, field.name) not in PRODUCT_WORDS
            ]
            for field in fields:
                for value in model.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct():
                    if isinstance(value, str) and re.search(r"[^\W\d_]", value):
                        values.add(_fold(value))
    return re.compile("|".join(re.escape(value) for value in sorted(values, key=len, reverse=True)))


def _shape(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    return re.sub(r"\d+", "#", parts.path), tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def _crawl(
    desk: Desk, language: str, catalogue: Catalogue, data: re.Pattern, shown: dict[str, str] | None = None
) -> dict[str, list[tuple[str, ...]]]:
    """{url: [(piece, msgid, msgstr, around)]} for every page reached whose text holds catalogue text of the other
    language. The visible text of the pages reached whose URL is a key of `shown` is kept there."""
    client = desk.client
    # An English browser, as on many office computers: the page follows the switch, never the browser.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.9"
    response = client.post("/i18n/setlang/", {"language": language, "next": "/home/"})
    assert response.status_code == 302
    if language == "en":
        _claim_the_queue(desk)
    queue, seen, shapes, found = list(START), set(START), defaultdict(int), {}
    opened = 0
    while queue and opened < MAX_PAGES:
        url = queue.pop(0)
        shape = _shape(url)
        if shapes[shape] >= (SAME_SHAPE if not shape[1] else SAME_QUERY):
            continue
        shapes[shape] += 1
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        opened += 1
        assert response.headers.get("Content-Language") == language, url
        parser = _VisibleText(language)
        parser.feed(response.content.decode())
        text = _fold("\n".join(parser.parts))
        wrong = catalogue.wrong_language(text, language, data)
        if wrong:
            found[url] = wrong
        if shown is not None and url in shown:
            shown[url] += text
        for href in parser.links:
            link = urlsplit(href)
            if link.scheme or link.netloc or not link.path.startswith("/"):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen and not SKIP.search(link.path):
                seen.add(target)
                queue.append(target)
    assert opened > 10, f"{desk.username} ({language}): only {opened} pages reached"
    return found


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue(CATALOGUE)


def test_the_search_finds_catalogue_text_and_leaves_data_codes_and_kept_terms_alone(catalogue):
    found = catalogue.wrong_language("Hồ sơ, công việc | Việc của tôi", "en")
    assert [piece for piece, *_ in found] == ["Hồ sơ, công việc", "Việc của tôi"]
    found = catalogue.wrong_language("Cases and tasks | My tasks", "vi")
    assert [piece for piece, *_ in found] == ["Cases and tasks", "My tasks"]
    # Codes, English words and the terms the English text keeps are never taken for the other language.
    assert all(re.search(r"[^\x00-\x7f]", piece) for piece in catalogue.vietnamese)
    assert not catalogue.wrong_language("TĐKT English Email PDF", "en")
    assert not catalogue.wrong_language("English Excel PDF", "vi")
    # A short piece cut out of a longer message is not searched on its own.
    assert "hồ sơ “" not in catalogue.vietnamese and "Đã mở" not in catalogue.vietnamese
    # Data shown whole is data, even where it reads like the catalogue; a message around data is still found.
    data = re.compile("Trưởng ban|Văn phòng")
    assert [piece for piece, *_ in catalogue.wrong_language("Chức vụ: Trưởng ban", "en", data)] == ["Chức vụ"]
    assert catalogue.wrong_language("Claim — Văn phòng kiểm tra hồ sơ", "en", data)[0][0] == "Văn phòng kiểm tra hồ sơ"


def test_the_visible_text_leaves_out_icons_scripts_and_text_in_another_declared_language():
    parser = _VisibleText("en")
    parser.feed(
        '<title>Outbox</title><i class="material-icons">outbox</i><script>var a = "Hộp thư đi";</script>'
        '<button lang="vi">Tiếng Việt</button><vf-field label="Full name"></vf-field>'
        '<input type="submit" value="Save"><a href="/cases/">Cases</a>'
    )
    assert parser.parts == ["Outbox", "Full name", "Save", "Cases"]
    assert parser.links == ["/cases/"]


def _the_year_goes_on_to_the_council() -> dict[str, list]:
    """The demo stands on 20/06, before any dossier reaches the council. So that the crawl also meets the year-end
    pages, the year goes on as its people would take it: the office opens the year-end round; QHXD's and TNMT's
    dossiers reach the council, every member votes (TNMT's CSTĐCS fails, 7/9), the secretary enters the paper
    vote and the chair closes; DNLD's dossier goes to a second session, still open, with one ballot sent; QLDT's
    waits for the Văn phòng's check. The dossiers of QHXD and QLDT each carry a finding that blocks (a Bằng khen
    tỉnh whose chain of CSTĐCS is broken) and one that warns (an LĐTT nominee under an open inspection), so that
    the check step, the agenda and the ballots show findings of both kinds."""
    office = Desk("vanphong")
    assert office.open_stage(2024, "nomination").status_code == 302
    for code in ("QHXD001", "QLDT001"):
        hold_record(staff=Staff.objects.get(staff_code=code), kind="inspection", start=datetime.date(2024, 5, 2))
    qhxd = nomination_at_council("QHXD", titles=("LDTT", "BK_TINH"))
    tnmt = nomination_at_council("TNMT", titles=("CSTDCS",))
    dnld = nomination_at_council("DNLD", titles=("LDTT",))
    qldt = nomination_at_check("QLDT", titles=("LDTT", "BK_TINH"))
    for case in (qhxd, qldt):
        findings = [finding for nominee in case_findings(case=case) for finding in nominee.findings]
        assert {finding.blocks for finding in findings} == {True, False}, case.unit.code

    first = _session_open(office, [qhxd, tnmt])
    reviews = list(agenda_reviews(year=2024, items=session_items(session=first)).values())
    assert any(review.blocking for review in reviews) and any(review.warnings for review in reviews)
    for username in COUNCIL_ONLINE:
        rejects = username in ("qhxd.truongphong", "dnld.truongphong")
        _ballot_send(Desk(username), first, lambda item, rejects=rejects: rejects and item.title.code == "CSTDCS")
    secretary = Desk("chanhvanphong")
    paper = first.ballots.get(member__staff__staff_code="VP002")
    form = secretary.client.get(f"/council/{first.pk}/phieu/{paper.pk}/van-ban/").context["form"]
    data = {f"vote_{item.pk}": "yes" for item, _vote, _comment in form.rows()}
    data["paper"] = pdf("phieu-bieu-quyet.pdf")
    assert secretary.client.post(f"/council/{first.pk}/phieu/{paper.pk}/van-ban/", data).status_code == 302
    closed = Desk("truongban").client.post(f"/council/{first.pk}/", {"action": "close", "conclusion": "Thống nhất."})
    assert closed.status_code == 302

    second = _session_open(office, [dnld])
    _ballot_send(Desk("tnmt.truongphong"), second, lambda item: False)

    # The pages that must show those findings (the check step's form, the first session's agenda and a ballot),
    # each with the findings it shows.
    check = open_task(qldt, "check")
    council = [finding for review in reviews for finding in review.findings]
    return {
        f"/cases/ho-so/{qldt.pk}/buoc/{check.pk}/": [
            f for nominee in case_findings(case=qldt) for f in nominee.findings
        ],
        f"/council/{first.pk}/": council,
        f"/council/{first.pk}/phieu/": council,
    }


def _session_open(office: Desk, cases) -> CouncilSession:
    day = (clock.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    data = {"day": day, "time": "08:30", "place": "Phòng họp số 1", "cases": [case.pk for case in cases]}
    assert office.client.post("/council/mo-phien-hop/", data).status_code == 302
    return CouncilSession.objects.latest("pk")


def _ballot_send(desk: Desk, session: CouncilSession, rejects) -> None:
    form = desk.client.get(f"/council/{session.pk}/phieu/").context["form"]
    data = {"action": "submit"}
    for item, _vote, _comment in form.rows():
        data[f"vote_{item.pk}"] = "no" if rejects(item.proposal) else "yes"
        data[f"comment_{item.pk}"] = ""
    assert desk.client.post(f"/council/{session.pk}/phieu/", data).status_code == 302, desk.username


def _claim_the_queue(desk: Desk) -> None:
    """The person takes every task waiting in their queue, so that the crawl opens its form from the inbox."""
    for row in desk.rows("queue"):
        assert desk.claim(row.task).status_code == 302


def test_every_demo_page_shows_the_catalogue_in_the_chosen_language_only(catalogue, settings):
    settings.CLOCK_TODAY = datetime.date(2024, 6, 20)  # the demo's day, as under `make run`
    load_demo_now(cases=True)
    with_findings = _the_year_goes_on_to_the_council()
    data = _data_values()
    pages: dict[tuple[str, ...], list[str]] = defaultdict(list)  # (language, piece, msgid, msgstr, around) → pages
    # English first: a string cached while an English page was drawn would then show on the Vietnamese pages.
    for language in ("en", "vi"):
        shown = dict.fromkeys(with_findings, "")
        for username in ROLES:
            for url, wrong in _crawl(Desk(username), language, catalogue, data, shown).items():
                for piece, msgid, msgstr, around in wrong:
                    key = next(
                        (k for k in pages if k[:2] == (language, piece)), (language, piece, msgid, msgstr, around)
                    )
                    pages[key].append(f"{username} {url}")
        # The findings (blocking and warning) were reached, and in this language: the check step, agenda, ballot.
        with translation.override(language):
            for url, findings in with_findings.items():
                assert shown[url], f"[{language}] {url} was not reached"
                missing = [finding.message for finding in findings if _fold(finding.message) not in shown[url]]
                assert not missing, f"[{language}] {url} does not show {missing}"
    if pages:
        report = [
            f"[{language}] «{piece}» (msgid «{msgid}», msgstr «{msgstr}») on {len(where)} page(s): "
            f"{', '.join(where[:6])}{' …' if len(where) > 6 else ''}\n    seen as: …{around}…"
            for (language, piece, msgid, msgstr, around), where in pages.items()
        ]
        pytest.fail(f"{len(report)} catalogue strings in the wrong language:\n" + "\n".join(report), pytrace=False)

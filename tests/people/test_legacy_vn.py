"""Vietnamese typed in the TCVN3 and VNI fonts is recognised and converted; nothing else ever is. No database."""

import re
import unicodedata
from pathlib import Path

import pytest

from people import legacy_vn
from people.legacy_vn import TCVN3, VNI, repair, syllable_valid

ROOT = Path(__file__).resolve().parents[2]
VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ("", legacy_vn.GRAVE, legacy_vn.ACUTE, legacy_vn.HOOK, legacy_vn.TILDE, legacy_vn.DOT)


def every_letter() -> list[str]:
    """The Vietnamese alphabet's 67 small letters with a vowel (12 vowels × 6 tones, less none) and đ."""
    return [unicodedata.normalize("NFC", v + tone) for v in VOWELS for tone in TONE_MARKS] + ["đ"]


def cp1252(code: int) -> str:
    return bytes([code]).decode("cp1252")


def to_tcvn3(text: str) -> str:
    """What an .xlsx holds for text typed with a .VnTime font: the TCVN3 byte of each letter through
    Windows-1252. Capitals with a tone have no code of their own and are typed with the small letter's."""
    table = {letter: code for code, letter in legacy_vn.TCVN3_TABLE.items()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = table.get(char, table.get(char.lower()))
        out.append(char if code is None or char.isascii() else cp1252(code))
    return "".join(out)


def to_vni(text: str) -> str:
    """What an .xlsx holds for text typed with a VNI font: a base letter and a mark byte, through Windows-1252."""
    letters = {letter: code for code, letter in legacy_vn.VNI_LETTERS.items()}
    marks = {mark: code for code, mark in legacy_vn.VNI_MARKS.items() if code >= 0xE0}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in letters:
            out.append(cp1252(letters[char]))
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, rest = decomposed[0], decomposed[1:]
        tone = next((ch for ch in rest if ch in legacy_vn.TONES), "")
        modifier = next((ch for ch in rest if ch in (legacy_vn.CIRCUMFLEX, legacy_vn.BREVE, legacy_vn.HORN)), "")
        if modifier == legacy_vn.HORN:  # ơ, ư: one byte for the letter, then the tone
            out.append(cp1252(letters[unicodedata.normalize("NFC", base + modifier)]))
            modifier = ""
        else:
            out.append(base)
        if modifier or tone:
            code = marks[(modifier, tone)]
            out.append(cp1252(code - 0x20 if char.isupper() else code))
    return "".join(out)


def untoned(letter: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", letter) if ch not in legacy_vn.TONES)
    )


def test_every_small_letter_with_a_mark_has_its_own_tcvn3_code():
    tcvn3 = set(legacy_vn.TCVN3_TABLE.values())
    missing = [letter for letter in every_letter() if letter not in "aeiouy" and letter not in tcvn3]
    assert missing == []
    assert len(tcvn3) == 67 + 7  # 66 marked small letters and đ, and the seven capitals


@pytest.mark.parametrize("letter", every_letter())
@pytest.mark.parametrize(("encoding", "encode"), [(TCVN3, to_tcvn3), (VNI, to_vni)])
def test_every_letter_and_tone_comes_back_in_small_letters_and_capitals(letter, encoding, encode):
    # "nguyễn" makes the cell unmistakably legacy; "k" + the letter (+ "n" after ă/â, which never end a
    # syllable) is a well-formed syllable for every vowel and tone.
    syllable = "k" + letter + ("n" if untoned(letter) in "ăâ" else "")
    if letter == "đ":
        syllable = "đi"
    for text in (f"Nguyễn {syllable}", f"NGUYỄN {syllable.upper()}"):
        result = repair(encode(text))
        assert result == legacy_vn.Repair(text, encoding=encoding), (text, encode(text), result)


def test_the_seven_capital_letters_of_tcvn3_have_their_own_codes():
    assert repair("§Æng V¨n B¶o ¡ng Lª Bïi ¤ng ¥n ¦u £n") == legacy_vn.Repair(
        "Đặng Văn Bảo Ăng Lê Bùi Ông Ơn Ưu Ên", encoding=TCVN3
    )


@pytest.mark.parametrize(
    ("cell", "expected", "encoding"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An", TCVN3),
        ("Nguyeãn Vaên An", "Nguyễn Văn An", VNI),
        ("Tr\u00adêng phßng", "Trường phòng", TCVN3),  # U+00AD is TCVN3's ư
        ("C«ng chøc", "Công chức", TCVN3),
        ("Phßng KÕ ho¹ch – Tµi chÝnh", "Phòng Kế hoạch – Tài chính", TCVN3),
        ("Phoù tröôûng phoøng", "Phó trưởng phòng", VNI),
        ("Ñaø Naüng", "Đà Nẵng", VNI),
        ("Hoaøng Thò Thuøy", "Hoàng Thị Thùy", VNI),
        ("NGUYÔN THÞ HOA", "NGUYỄN THỊ HOA", TCVN3),  # typed in .VnTimeH
        ("NGUYEÃN THÒ HOA", "NGUYỄN THỊ HOA", VNI),
    ],
)
def test_legacy_cells_are_converted_to_unicode_nfc(cell, expected, encoding):
    result = repair(cell)
    assert (result.text, result.encoding, result.undecided) == (expected, encoding, False)
    assert unicodedata.is_normalized("NFC", result.text)


def test_windows_1258_view_of_tcvn3_bytes_is_converted_too():
    # On a Vietnamese Windows the same bytes read through Windows-1258: 0xEC is a combining acute there.
    cell = "Nguy\u00d4n V\u00a8n H\u00e4ng Ph\u0301"  # TCVN3 bytes D4, A8, E4, EC read through Windows-1258
    assert repair(cell).encoding == TCVN3
    assert repair(cell).text == "Nguyễn Văn Họng Phỡ"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn An",
        unicodedata.normalize("NFD", "Trần Thị Hương"),  # typed on a Mac
        "Lê Thị Tó",
        "Tó",  # also TCVN3 for "Tú", but valid as it is: text already Vietnamese is never touched
        "Thò",
        "Phòng Kế hoạch – Tài chính",
        "John Smith",
        "Nguyen Van An",
        "José García",
        "Café 24/7 — “Quán”",
        "LÊ VĂN ĐÀO",
        "CB0001",
        "nguyen.van.an@example.gov.vn",
        "Giám đốc Sở Nội vụ; Phó Chủ tịch UBND tỉnh",
        "100.000₫",
        "Phòng 3×4, tầng ½",  # a symbol standing alone is punctuation, not a legacy code
        "Guðrún",
    ],
)
def test_unicode_vietnamese_english_and_ascii_are_never_converted(text):
    result = repair(text)
    assert result == legacy_vn.Repair(unicodedata.normalize("NFC", text))


def test_no_string_of_the_projects_own_catalogue_is_taken_for_a_legacy_font():
    catalogue = (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    strings = re.findall(r'^msg(?:id|str) "(.+)"$', catalogue, re.MULTILINE)
    assert len(strings) > 500
    flagged = [s for s in strings if repair(s).encoding or repair(s).undecided]
    assert flagged == []


def test_an_eth_typed_for_d_with_stroke_is_read_as_it():
    assert repair("ÐÀO Văn Ðức") == legacy_vn.Repair("ĐÀO Văn Đức")
    assert repair("Ðinh") == legacy_vn.Repair("Đinh")


@pytest.mark.parametrize("text", ["Müller", "Fran\u00e7ois ¸"])
def test_text_with_legacy_codes_that_decodes_to_no_vietnamese_is_undecided(text):
    result = repair(text)
    assert result.undecided and result.text == text and not result.encoding


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("nguyễn", True),
        ("NGƯỜI", True),
        ("quỳnh", True),
        ("gì", True),
        ("khuya", True),
        ("học", True),
        ("hộc", True),
        ("hòc", False),  # a syllable closed by c takes only sắc or nặng
        ("nguyôn", False),
        ("aă", False),
        ("hoà", True),
        ("hòa", True),
        ("tiếng", True),
        ("tiéng", False),
        ("xyz", False),
    ],
)
def test_syllables_are_judged_by_initial_rhyme_and_tone(word, valid):
    assert syllable_valid(word) is valid

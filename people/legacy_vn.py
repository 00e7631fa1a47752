"""Vietnamese typed in the legacy 8-bit fonts (TCVN3/ABC `.VnTime`, VNI `VNI-Times`), found in cells and turned
into Unicode.

A sheet typed with such a font holds bytes that Excel reads through the Windows ANSI code page, so an .xlsx or
a CSV saved from it shows "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for "Nguyễn Văn An". The bytes
are recovered through Windows-1252 (or Windows-1258 on a Vietnamese Windows) and decoded with the font's table.

A text is converted only when it is not already valid Vietnamese and exactly one decoding gives text in which
every word is a well-formed Vietnamese syllable; plain ASCII and ordinary Unicode Vietnamese are never touched.
Pure functions, no database.
"""

import unicodedata
from dataclasses import dataclass

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODING_LABELS = {TCVN3: "TCVN3 (ABC, .VnTime)", VNI: "VNI (VNI-Times)"}

# TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts: byte → letter. Capital letters with a tone have
# no code of their own (the .VnTimeH fonts draw the small-letter codes as capitals); only the seven base
# capitals do.
TCVN3_TABLE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# Combining marks: the five tones and the three vowel modifiers.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = (GRAVE, ACUTE, HOOK, TILDE, DOT)

# VNI for Windows: a base letter followed by a mark byte (modifier, tone); capitals use the mark codes 0x20 lower.
_VNI_MARKS_SMALL: dict[int, tuple[str, str]] = {
    0xF9: ("", ACUTE), 0xF8: ("", GRAVE), 0xFB: ("", HOOK), 0xF5: ("", TILDE), 0xEF: ("", DOT),
    0xE2: (CIRCUMFLEX, ""), 0xE1: (CIRCUMFLEX, ACUTE), 0xE0: (CIRCUMFLEX, GRAVE), 0xE5: (CIRCUMFLEX, HOOK),
    0xE3: (CIRCUMFLEX, TILDE), 0xE4: (CIRCUMFLEX, DOT),
    0xEA: (BREVE, ""), 0xE9: (BREVE, ACUTE), 0xE8: (BREVE, GRAVE), 0xFA: (BREVE, HOOK), 0xFC: (BREVE, TILDE),
    0xEB: (BREVE, DOT),
}  # fmt: skip
VNI_MARKS: dict[int, tuple[str, str]] = {
    **_VNI_MARKS_SMALL,
    **{code - 0x20: mark for code, mark in _VNI_MARKS_SMALL.items()},
}
# Letters VNI codes in one byte: ơ, ư, đ, and i with a tone (a mark cannot sit on the dot of i).
VNI_LETTERS: dict[int, str] = {
    0xF4: "ơ", 0xD4: "Ơ", 0xF6: "ư", 0xD6: "Ư", 0xF1: "đ", 0xD1: "Đ",
    0xEC: "ì", 0xCC: "Ì", 0xED: "í", 0xCD: "Í", 0xE6: "ỉ", 0xC6: "Ỉ", 0xF3: "ĩ", 0xD3: "Ĩ", 0xF2: "ị", 0xD2: "Ị",
}  # fmt: skip


def _code_page(name: str) -> dict[str, int]:
    table = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode(name)] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte  # Windows passes the codes a code page leaves undefined through as C1 controls
    return table


# A legacy cell's characters back to the font's bytes: Windows-1252 first (the usual mojibake), then
# Windows-1258 (a Vietnamese Windows), whose combining marks and Ă/Ơ/Ư/₫ fill the other codes.
_CP1252 = _code_page("cp1252")
_CP1258 = _code_page("cp1258")


def _to_bytes(text: str) -> list[int] | None:
    out = []
    for char in text:
        code = ord(char)
        if code < 0x80:
            out.append(code)
        elif char in _CP1252:
            out.append(_CP1252[char])
        elif char in _CP1258:
            out.append(_CP1258[char])
        else:
            return None  # a character no legacy font could have produced: the text is Unicode
    return out


# Vietnamese syllables -----------------------------------------------------------------------------------------

INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
# Every rhyme (vần) without its tone.
_RHYMES_TEXT = """
    a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu ynh yt ych
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oem oen oeo oet
    uân uâng uât uây uê uêch uênh uơ uy uya uych uyn uynh uyp uyt uyu uyên uyêt
"""
RHYMES = frozenset(_RHYMES_TEXT.split())
_STOPS = ("c", "ch", "p", "t")  # a closed syllable takes only sắc or nặng
LETTERS = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")
_MODIFIED = {("a", CIRCUMFLEX): "â", ("e", CIRCUMFLEX): "ê", ("o", CIRCUMFLEX): "ô", ("a", BREVE): "ă"}


def syllable_valid(word: str) -> bool:
    """Whether a word (any case, any normal form) is a well-formed Vietnamese syllable: a known initial and
    rhyme, at most one tone, and on a syllable closed by c/ch/p/t only sắc or nặng."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    if not base or any(ch not in LETTERS for ch in base):
        return False
    for initial in INITIALS:
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial) :]
        if initial == "gi" and not rhyme:
            rhyme = "i"  # "gì"
        if rhyme in RHYMES:
            return not (tones and rhyme.endswith(_STOPS) and tones[0] not in (ACUTE, DOT))
    return False


def _vietnamese_char(char: str) -> bool:
    decomposed = unicodedata.normalize("NFD", char.lower())
    if decomposed in TONES:
        return True  # a tone mark on its own, as Windows-1258 keeps them
    return decomposed[0] in LETTERS and all(ch in (*TONES, CIRCUMFLEX, BREVE, HORN) for ch in decomposed[1:])


# The characters only a legacy font leaves in a Vietnamese text: what TCVN3 and VNI codes look like in the
# code pages, less the Vietnamese letters themselves (and the đồng sign, which a price may carry).
LEGACY_SIGNS = frozenset(
    char
    for table in (_CP1252, _CP1258)
    for char, code in table.items()
    if (code in TCVN3_TABLE or code in VNI_MARKS or code in VNI_LETTERS) and not _vietnamese_char(char)
) - {"₫"}


def _words(text: str) -> list[str]:
    """Runs of letters and legacy-font codes (TCVN3's ô is «, its ư a soft hyphen); the rest separates words."""
    words, current = [], []
    for char in text:
        if char.isalpha() or unicodedata.combining(char) or char in LEGACY_SIGNS:
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def text_valid(text: str) -> bool:
    """Whether every word that is not plain ASCII is a Vietnamese syllable (ASCII words — codes, English,
    names without marks — say nothing either way)."""
    return all(word.isascii() or syllable_valid(word) for word in _words(unicodedata.normalize("NFC", text)))


# Ð and ð (Icelandic eth) look like Đ and đ and are typed for them; in a Unicode text they are read as such.
_ETH = str.maketrans("Ðð", "Đđ")


def _unicode_valid(text: str) -> bool:
    """Whether the text reads as Unicode Vietnamese as it stands. A symbol standing alone ("3 × 4", "½", "©")
    is punctuation here; inside a word ("C«ng") it is a legacy code and the word is not Vietnamese."""
    words = _words(unicodedata.normalize("NFC", text))
    return all(
        word.isascii() or syllable_valid(word) for word in words if any(ch.isalpha() or ch == "\u00ad" for ch in word)
    )


# Decoding ------------------------------------------------------------------------------------------------------


def _plain_capitals(text: str) -> bool:
    plain = [ch for ch in text if ch.isascii() and ch.isalpha()]
    return len(plain) >= 2 and all(ch.isupper() for ch in plain)


def _upper_words(text: str, source: str) -> str:
    """Text typed in a capitals font (.VnTimeH) comes out with small accented letters: NGUYễN → NGUYỄN. A word
    is put in capitals when its plain letters are all capitals and there are two or more of them, in the word
    or in the whole cell: "NGUYÔN V¨n An" is "NGUYỄN Văn An"."""
    if _plain_capitals(source):
        return text.upper()
    words = zip(text.split(" "), source.split(" "), strict=True)
    return " ".join(word.upper() if _plain_capitals(original) else word for word, original in words)


def decode_tcvn3(text: str) -> str | None:
    codes = _to_bytes(text)
    if codes is None:
        return None
    decoded = "".join(TCVN3_TABLE.get(code, char) for code, char in zip(codes, text, strict=True))
    return _upper_words(decoded, text)


def _apply_mark(letter: str, modifier: str, tone: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", letter)
    if any(ch in TONES for ch in decomposed[1:]):
        return None  # already has a tone
    base, upper = decomposed[0].lower(), decomposed[0].isupper()
    rest = decomposed[1:]
    if modifier:
        if rest or (base, modifier) not in _MODIFIED:
            return None
        base = _MODIFIED[(base, modifier)]
    else:
        base = unicodedata.normalize("NFC", base + rest)
    if base not in "aăâeêioôơuưy":
        return None
    result = unicodedata.normalize("NFC", base + tone)
    return result.upper() if upper else result


def decode_vni(text: str) -> str | None:
    codes = _to_bytes(text)
    if codes is None:
        return None
    out: list[str] = []
    for code, char in zip(codes, text, strict=True):
        if code in VNI_MARKS:
            if not out:
                return None
            marked = _apply_mark(out[-1], *VNI_MARKS[code])
            if marked is None:
                return None
            out[-1] = marked
        elif code in VNI_LETTERS:
            out.append(VNI_LETTERS[code])
        else:
            out.append(char)
    return "".join(out)


DECODERS = ((TCVN3, decode_tcvn3), (VNI, decode_vni))


@dataclass(frozen=True)
class Repair:
    text: str  # the text to keep (NFC): converted, or as it was
    encoding: str = ""  # TCVN3 or VNI when converted
    undecided: bool = False  # written in a legacy font, but no single decoding gives Vietnamese


def repair(text: str) -> Repair:
    """The text in Unicode NFC, converted from a legacy font only when that is certain."""
    if text.isascii():
        return Repair(text)
    unicode_text = text.translate(_ETH) if _unicode_valid(text.translate(_ETH)) else text
    if _to_bytes(text) is None or _unicode_valid(unicode_text):
        return Repair(unicodedata.normalize("NFC", unicode_text))
    found: dict[str, str] = {}
    for name, decoder in DECODERS:
        decoded = decoder(text)
        if decoded is None:
            continue
        decoded = unicodedata.normalize("NFC", decoded)
        if decoded != unicodedata.normalize("NFC", text) and text_valid(decoded):
            found[name] = decoded
    if len(set(found.values())) == 1:
        name, decoded = next(iter(found.items()))
        return Repair(decoded, encoding=name)
    if found or set(text) & LEGACY_SIGNS:
        return Repair(text, undecided=True)
    return Repair(unicodedata.normalize("NFC", text))

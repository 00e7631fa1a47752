"""How pages and mail name the agency, its Văn phòng and its leader.

The product grew up in the Board, and its texts say "Văn phòng Ban", "toàn Ban", "Trưởng ban". On an
installation with several agencies, a Sở's people read their own agency's words instead: its Văn phòng (the name
of its office unit, e.g. "Văn phòng Sở"), the word for the agency itself ("Sở", what follows "Văn phòng"), and its
leader (`Agency.issuer_title`, e.g. "Giám đốc Sở"). A single-agency installation, and an agency whose words are
the Board's (or are not filled in), read exactly today's texts in both languages: `words.own` says when a text
must be the agency's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext

from .tenancy import agencies_annotated, agencies_first_two, current_agency_id, memoized

OFFICE_WORD = "Văn phòng"
# The context of texts that name an agency's own Văn phòng, not the Board's (in English: "the Office").
AGENCY_OFFICE = "văn phòng của cơ quan"


@dataclass(frozen=True)
class AgencyWords:
    office: str  # "Văn phòng Ban" / "Văn phòng Sở"
    noun: str  # "Ban" / "Sở": the agency, as its own texts call it ("toàn Ban", "Lãnh đạo Sở")
    head: str  # "Trưởng ban" / "Giám đốc Sở": who signs the agency's decisions
    name: str  # "Ban Quản lý Khu kinh tế tỉnh" / "Sở Khoa học và Công nghệ"
    own: bool  # the agency's words differ from the Board's: texts name them instead of today's wording

    @property
    def deputy(self) -> str:
        return f"Phó {self.head}" if self.own else "Phó Trưởng ban"


BOARD_WORDS = AgencyWords(
    office="Văn phòng Ban", noun="Ban", head="Trưởng ban", name="Ban Quản lý Khu kinh tế tỉnh", own=False
)


def several_agencies() -> bool:
    """Whether the installation has more than one agency: pages seen before logging in then name none."""
    return len(agencies_first_two()) > 1


def agency_words(agency_id: int | None = None) -> AgencyWords:
    """The words of the agency `agency_id` (default: the one in scope). Today's (the Board's) when the
    installation has one agency, when no agency is known, and field by field where the agency's are empty."""
    if agency_id is None:
        agency_id = current_agency_id()
    return memoized(("words", agency_id), lambda: _words_read(agency_id))


def _words_read(agency_id: int | None) -> AgencyWords:
    if not agency_id:
        return BOARD_WORDS
    first_two = agencies_first_two()
    if len(first_two) < 2:
        return BOARD_WORDS
    agency = next((a for a in first_two if a.pk == agency_id), None)
    agency = agency or agencies_annotated().filter(pk=agency_id).first()
    if agency is None:
        return BOARD_WORDS
    office = (agency.office_name or "").strip()
    noun = office[len(OFFICE_WORD) :].strip() if office.startswith(OFFICE_WORD) else ""
    if not noun:  # an office not named "Văn phòng <agency>": the Board's wording stays
        office, noun = BOARD_WORDS.office, BOARD_WORDS.noun
    head = agency.issuer_title.strip() or BOARD_WORDS.head
    own = (office, noun, head) != (BOARD_WORDS.office, BOARD_WORDS.noun, BOARD_WORDS.head)
    return AgencyWords(office=office, noun=noun, head=head, name=agency.name or BOARD_WORDS.name, own=own)


def role_label(role: str, words: AgencyWords | None = None) -> str:
    """A role's name as the agency calls it: the Sở's head is its "Giám đốc Sở", not a "Trưởng ban"; its
    office's roles read the same in Vietnamese, and in English name no Board."""
    from .models import Role

    if role not in (Role.BOARD_HEAD, Role.BOARD_DEPUTY, Role.OFFICE_OFFICER, Role.OFFICE_CHIEF):
        return str(Role(role).label)
    words = words or agency_words()
    if words.own and role == Role.BOARD_HEAD:
        return words.head
    if words.own and role == Role.BOARD_DEPUTY:
        return words.deputy
    if words.own and role == Role.OFFICE_OFFICER:
        return pgettext(AGENCY_OFFICE, "Chuyên viên TĐKT Văn phòng")
    if words.own and role == Role.OFFICE_CHIEF:
        return pgettext(AGENCY_OFFICE, "Chánh Văn phòng")
    return str(Role(role).label)

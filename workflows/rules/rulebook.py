"""Sổ quy định — the eligibility rules as plain values, read from workflows/data/eligibility.yaml by a pure
loader. One `Rule` is one row as it will sit in the database: title code + scope + kind + params + dates +
citation + basis + severity. Nothing here judges a case (that is eligibility.py)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .findings import Severity

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "eligibility.yaml"

SCOPES = ("individual", "collective", "group")
KINDS = (
    "rating_gate",
    "meets_title",
    "excellence",
    "chain",
    "members_title_share",
    "members_rating_share",
    "members_discipline",
    "hold_pending",
    "discipline_served",
    "time_worked",
    "initiative_once",
    "rating_quota",
    "title_share",
)
BASES = ("stated", "inferred")


class RuleDataError(ValueError):
    """The rules file is wrong; the message names the rule and the field."""


@dataclass(frozen=True)
class TitleInfo:
    code: str
    short_name: str
    kind: str  # "title" (danh hiệu thi đua) or "award" (hình thức khen thưởng)
    level: str  # "co_so", "tinh_bo", "toan_quoc"


@dataclass(frozen=True)
class LawPeriod:
    """Thời kỳ áp dụng pháp luật — which framework governs achievements of a day."""

    code: str
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: str
    basis: str
    verified: bool
    lower_form_not_prerequisite: bool

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str | None
    scope: str
    kind: str
    params: Mapping[str, Any]
    effective_from: datetime.date
    effective_to: datetime.date | None
    citation: str
    basis: str
    severity: Severity
    applies_to: frozenset[str] | None = None

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def applies_to_title(self, code: str) -> bool:
        return self.title is None or self.title == code

    def overlaps(self, other: Rule) -> bool:
        """Both in force on some common day."""
        end_a = self.effective_to or datetime.date.max
        end_b = other.effective_to or datetime.date.max
        return self.effective_from <= end_b and other.effective_from <= end_a


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    periods: tuple[LawPeriod, ...]
    titles: Mapping[str, TitleInfo]
    ratings: tuple[str, ...]  # best first
    discipline_levels: tuple[str, ...]  # mildest first
    initiative_levels: tuple[str, ...]  # lowest first
    _by_id: Mapping[str, Rule] = field(default_factory=dict, repr=False, compare=False)
    # in_force answers memoised: a batch judges thousands of people for the same few titles and one day.
    _in_force: dict = field(default_factory=dict, repr=False, compare=False)

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def in_force(self, *, title: str | None, scope: str, on: datetime.date) -> tuple[Rule, ...]:
        """The rules that judge `title` (for `scope`) on the day `on`: the title's own and those of every title;
        with no title, every rule of the scope in force that day."""
        key = (title, scope, on)
        if key not in self._in_force:
            self._in_force[key] = tuple(
                rule
                for rule in self.rules
                if rule.scope == scope and rule.in_force_on(on) and (title is None or rule.applies_to_title(title))
            )
        return self._in_force[key]

    def period_on(self, day: datetime.date) -> LawPeriod | None:
        return next((period for period in self.periods if period.in_force_on(day)), None)

    def short_name(self, code: str) -> str:
        info = self.titles.get(code)
        return info.short_name if info else code

    def rating_at_least(self, rating: str | None, minimum: str) -> bool:
        """HTXSNV ≥ HTTNV ≥ HTNV ≥ KHTNV; no rating meets no bar."""
        if rating not in self.ratings:
            return False
        return self.ratings.index(rating) <= self.ratings.index(minimum)

    def discipline_at_least(self, level: str | None, minimum: str) -> bool:
        if level is None:
            return False
        if level not in self.discipline_levels:
            return True  # an unknown level is treated as heavy: a person looks at it rather than the rule passing it
        return self.discipline_levels.index(level) >= self.discipline_levels.index(minimum)

    def initiative_at_least(self, level: str, minimum: str) -> bool:
        if level not in self.initiative_levels:
            return False
        return self.initiative_levels.index(level) >= self.initiative_levels.index(minimum)


def _date(value, where: str) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise RuleDataError(f"{where}: ngày không hợp lệ “{value}” (dùng YYYY-MM-DD).") from error


def _required(row: Mapping, key: str, where: str):
    value = row.get(key)
    if value in (None, ""):
        raise RuleDataError(f"{where}: thiếu “{key}”.")
    return value


def _freeze(value):
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


def _period(row: Mapping, index: int) -> LawPeriod:
    where = f"periods[{index}]"
    return LawPeriod(
        code=_required(row, "code", where),
        name=_required(row, "name", where),
        effective_from=_date(_required(row, "effective_from", where), where),
        effective_to=_date(row.get("effective_to"), where),
        citation=_required(row, "citation", where),
        basis=row.get("basis", "stated"),
        verified=bool(row.get("verified", True)),
        lower_form_not_prerequisite=bool(row.get("lower_form_not_prerequisite", False)),
    )


def _rule(row: Mapping, index: int) -> Rule:
    where = f"rules[{index}] ({row.get('id', '?')})"
    kind = _required(row, "kind", where)
    if kind not in KINDS:
        raise RuleDataError(f"{where}: loại quy định “{kind}” không có; dùng một trong {', '.join(KINDS)}.")
    scope = _required(row, "scope", where)
    if scope not in SCOPES:
        raise RuleDataError(f"{where}: phạm vi “{scope}” không có; dùng một trong {', '.join(SCOPES)}.")
    basis = _required(row, "basis", where)
    if basis not in BASES:
        raise RuleDataError(f"{where}: basis phải là stated hoặc inferred, không phải “{basis}”.")
    try:
        severity = Severity(_required(row, "severity", where))
    except ValueError as error:
        raise RuleDataError(f"{where}: severity phải là blocks hoặc warns.") from error
    start = _date(_required(row, "effective_from", where), where)
    end = _date(row.get("effective_to"), where)
    if end is not None and end < start:
        raise RuleDataError(f"{where}: effective_to {end} trước effective_from {start}.")
    applies_to = row.get("applies_to")
    return Rule(
        id=_required(row, "id", where),
        title=row.get("title"),
        scope=scope,
        kind=kind,
        params=_freeze(row.get("params") or {}),
        effective_from=start,
        effective_to=end,
        citation=str(_required(row, "citation", where)).strip(),
        basis=basis,
        severity=severity,
        applies_to=frozenset(applies_to) if applies_to else None,
    )


def _check(book: RuleBook) -> None:
    seen: set[str] = set()
    for rule in book.rules:
        if rule.id in seen:
            raise RuleDataError(f"{rule.id}: mã quy định bị trùng.")
        seen.add(rule.id)
        if rule.title is not None and rule.title not in book.titles:
            raise RuleDataError(f"{rule.id}: danh hiệu “{rule.title}” không có trong mục titles.")
        if rule.kind == "title_share":
            mode, direction = rule.params.get("mode"), rule.params.get("direction")
            if mode not in ("cap", "target") or direction not in ("at_most", "at_least"):
                raise RuleDataError(f"{rule.id}: mode phải là cap/target, direction phải là at_most/at_least.")
            if mode == "cap" and direction == "at_least":
                raise RuleDataError(f"{rule.id}: một mức tối thiểu là chỉ tiêu (target), không thể là mức trần (cap).")
            if (mode == "cap") != (rule.severity is Severity.BLOCKS):
                raise RuleDataError(f"{rule.id}: mức trần (cap) thì chặn (blocks), chỉ tiêu (target) thì cảnh báo.")
        if rule.kind == "chain":
            _check_lower_forms(book, rule)


def _check_lower_forms(book: RuleBook, rule: Rule) -> None:
    """NĐ 152/2025 Đ4 k1: khen thưởng không nhất thiết phải có hình thức mức thấp mới được mức cao hơn. From the
    periods that carry that principle, a chain may rest on danh hiệu (the Law names them as criteria) but not
    on a lower hình thức khen thưởng."""
    end = rule.effective_to or datetime.date.max
    bound = [
        period
        for period in book.periods
        if period.lower_form_not_prerequisite
        and period.effective_from <= end
        and (period.effective_to is None or period.effective_to >= rule.effective_from)
    ]
    if not bound or (rule.title and book.titles[rule.title].kind != "award"):
        return
    for route in rule.params.get("routes", ()):
        needed = route.get("title")
        if needed and book.titles.get(needed) and book.titles[needed].kind == "award":
            raise RuleDataError(
                f"{rule.id}: từ {bound[0].effective_from:%d/%m/%Y} không được đòi “{book.short_name(needed)}” "
                "làm điều kiện (NĐ 152/2025 Đ4 k1: không nhất thiết có hình thức mức thấp mới khen mức cao)."
            )


def rulebook_from_data(data: Mapping) -> RuleBook:
    """Build and check a RuleBook from the parsed YAML (or from database rows shaped the same way)."""
    titles = {
        code: TitleInfo(code, info.get("short_name", code), info["kind"], info["level"])
        for code, info in (data.get("titles") or {}).items()
    }
    rules = tuple(_rule(row, index) for index, row in enumerate(data.get("rules") or ()))
    book = RuleBook(
        rules=rules,
        periods=tuple(_period(row, index) for index, row in enumerate(data.get("periods") or ())),
        titles=MappingProxyType(titles),
        ratings=tuple(data.get("ratings") or ()),
        discipline_levels=tuple(data.get("discipline_levels") or ()),
        initiative_levels=tuple(data.get("initiative_levels") or ()),
        _by_id=MappingProxyType({rule.id: rule for rule in rules}),
    )
    _check(book)
    return book


def rulebook_load(*, path: Path | None = None) -> RuleBook:
    """Read the rules file (no database)."""
    with open(path or DATA_FILE, encoding="utf-8") as handle:
        return rulebook_from_data(yaml.safe_load(handle) or {})

"""Sổ quy định — the eligibility rules as plain values, read from workflows/data/eligibility.yaml by a pure
loader. One `Rule` is one row as it will sit in the database: title code + scope + kind + params + dates +
citation + basis + severity. Nothing here judges a case (that is eligibility.py)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from django.utils.translation import gettext, gettext_noop

from .findings import Severity, day_text

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


@dataclass(frozen=True)
class Text:
    """A check message kept as its Vietnamese message id (marked with gettext_noop) and plain parameters, worded
    in the reader's language when it is shown: the admin shows an officer's rule errors in their language. A
    parameter may itself be a Text (what a param must be)."""

    message_id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(self.message_id) % self.params if self.params else gettext(self.message_id)


class RuleDataError(ValueError):
    """The rules file (or a rule or period edited in the admin) is wrong; the message names the rule and the
    field, in the reader's language (`str(error)`)."""

    def __init__(self, message_id: str, **params):
        super().__init__(message_id, params)
        self.text = Text(message_id, params)

    def __str__(self) -> str:
        return str(self.text)


def _listed(words) -> str:
    return ", ".join(str(word) for word in words)


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
    # Answers worked out from the rules, memoised: a batch judges thousands of people for the same few titles and
    # one day, and a book never changes once loaded.
    _in_force: dict = field(default_factory=dict, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """`make()` worked out once per book for `key` (what it returns must depend only on the book)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value

    @functools.cached_property
    def _rating_rank(self) -> Mapping[str, int]:
        return _ranks(self.ratings)

    @functools.cached_property
    def _discipline_rank(self) -> Mapping[str, int]:
        return _ranks(self.discipline_levels)

    @functools.cached_property
    def _initiative_rank(self) -> Mapping[str, int]:
        return _ranks(self.initiative_levels)

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

    def titles_implied(self, codes: Iterable[str], *, on: datetime.date, scope: str = "individual") -> frozenset[str]:
        """`codes` and every title they require the standard of in the same year, as the rules in force on `on`
        say it (meets_title: CSTĐCS needs LĐTT's, Luật TĐKT 2022 Đ23 k1) — someone proposed for CSTĐCS is also
        counted as LĐTT of that year, e.g. for a collective's share of LĐTT members (Đ27, Đ28 k1c)."""
        found = set(codes)
        pending = list(found)
        while pending:
            code = pending.pop()
            for rule in self.in_force(title=code, scope=scope, on=on):
                needed = rule.params.get("title") if rule.kind == "meets_title" and rule.title == code else None
                if needed and needed not in found:
                    found.add(needed)
                    pending.append(needed)
        return frozenset(found)

    def title_uses_initiatives(self, title: str, *, on: datetime.date) -> bool:
        """Whether a person's `title` may rest on initiatives or science works under the rules in force on `on`:
        the excellence rule (CSTĐCS, Luật TĐKT 2022 Đ23) or a chain route that counts them (CSTĐ tỉnh Đ22,
        Bằng khen Đ74 k1d)."""
        for rule in self.in_force(title=title, scope="individual", on=on):
            if rule.title != title:
                continue
            if rule.kind == "excellence":
                return True
            if rule.kind == "chain" and any(route.get("initiatives") for route in rule.params["routes"]):
                return True
        return False

    def period_on(self, day: datetime.date) -> LawPeriod | None:
        return self.memo(
            ("period_on", day), lambda: next((period for period in self.periods if period.in_force_on(day)), None)
        )

    def short_name(self, code: str) -> str:
        info = self.titles.get(code)
        return info.short_name if info else code

    def rating_at_least(self, rating: str | None, minimum: str) -> bool:
        """HTXSNV ≥ HTTNV ≥ HTNV ≥ KHTNV; no rating meets no bar."""
        rank = self._rating_rank
        if rating not in rank:
            return False
        return rank[rating] <= rank[minimum]

    def discipline_at_least(self, level: str | None, minimum: str) -> bool:
        if level is None:
            return False
        rank = self._discipline_rank
        if level not in rank:
            return True  # an unknown level is treated as heavy: a person looks at it rather than the rule passing it
        return rank[level] >= rank[minimum]

    def initiative_at_least(self, level: str, minimum: str) -> bool:
        rank = self._initiative_rank
        if level not in rank:
            return False
        return rank[level] >= rank[minimum]


def _ranks(words: tuple[str, ...]) -> Mapping[str, int]:
    """Each word's place in the list (its first place, as tuple.index gives it)."""
    ranks: dict[str, int] = {}
    for index, word in enumerate(words):
        ranks.setdefault(word, index)
    return MappingProxyType(ranks)


def _date(value, where: str) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise RuleDataError(
            gettext_noop("%(where)s: ngày không hợp lệ “%(value)s” (dùng YYYY-MM-DD)."), where=where, value=value
        ) from error


def _required(row: Mapping, key: str, where: str):
    value = row.get(key)
    if value in (None, ""):
        raise RuleDataError(gettext_noop("%(where)s: thiếu “%(key)s”."), where=where, key=key)
    return value


def _one_of(row: Mapping, key: str, where: str, choices: tuple[str, ...], message_id: str) -> str:
    """The row's `key`, which must be one of `choices`; `message_id` says otherwise (with `value`, `choices`)."""
    value = _required(row, key, where)
    if value not in choices:
        raise RuleDataError(message_id, where=where, value=value, choices=_listed(choices))
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
    kind = _one_of(
        row,
        "kind",
        where,
        KINDS,
        gettext_noop("%(where)s: loại quy định “%(value)s” không có; dùng một trong %(choices)s."),
    )
    scope = _one_of(
        row,
        "scope",
        where,
        SCOPES,
        gettext_noop("%(where)s: phạm vi “%(value)s” không có; dùng một trong %(choices)s."),
    )
    basis = _one_of(
        row,
        "basis",
        where,
        BASES,
        gettext_noop("%(where)s: basis phải là stated hoặc inferred, không phải “%(value)s”."),
    )
    try:
        severity = Severity(_required(row, "severity", where))
    except ValueError as error:
        raise RuleDataError(gettext_noop("%(where)s: severity phải là blocks hoặc warns."), where=where) from error
    start = _date(_required(row, "effective_from", where), where)
    end = _date(row.get("effective_to"), where)
    if end is not None and end < start:
        raise RuleDataError(
            gettext_noop("%(where)s: effective_to %(end)s trước effective_from %(start)s."),
            where=where,
            end=day_text(end),
            start=day_text(start),
        )
    applies_to = row.get("applies_to")
    if applies_to is not None and (
        not isinstance(applies_to, list | tuple) or not all(isinstance(kind, str) and kind for kind in applies_to)
    ):
        raise RuleDataError(
            gettext_noop("%(where)s: applies_to phải là một danh sách loại cán bộ (cong_chuc, vien_chuc)."),
            where=where,
        )
    if not isinstance(row.get("params") or {}, Mapping):
        raise RuleDataError(gettext_noop("%(where)s: params phải là một bảng khóa – giá trị."), where=where)
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
            raise RuleDataError(gettext_noop("%(rule)s: mã quy định bị trùng."), rule=rule.id)
        seen.add(rule.id)
        if rule.title is not None and rule.title not in book.titles:
            raise RuleDataError(
                gettext_noop("%(rule)s: danh hiệu “%(title)s” không có trong mục titles."),
                rule=rule.id,
                title=rule.title,
            )
        _check_params(book, rule)
        if rule.basis == "inferred" and rule.severity is Severity.BLOCKS:
            raise RuleDataError(
                gettext_noop(
                    "%(rule)s: quy định suy ra (inferred), chưa đối chiếu văn bản, chỉ được cảnh báo (warns) cho đến "
                    "khi đối chiếu xong."
                ),
                rule=rule.id,
            )
        if rule.kind == "title_share":
            mode, direction = rule.params.get("mode"), rule.params.get("direction")
            if mode not in ("cap", "target") or direction not in ("at_most", "at_least"):
                raise RuleDataError(
                    gettext_noop("%(rule)s: mode phải là cap/target, direction phải là at_most/at_least."),
                    rule=rule.id,
                )
            if mode == "cap" and direction == "at_least":
                raise RuleDataError(
                    gettext_noop("%(rule)s: một mức tối thiểu là chỉ tiêu (target), không thể là mức trần (cap)."),
                    rule=rule.id,
                )
            if (mode == "cap") != (rule.severity is Severity.BLOCKS):
                raise RuleDataError(
                    gettext_noop("%(rule)s: mức trần (cap) thì chặn (blocks), chỉ tiêu (target) thì cảnh báo."),
                    rule=rule.id,
                )
        if rule.kind == "chain":
            _check_lower_forms(book, rule)
    _check_overlaps(book)
    for index, period in enumerate(book.periods):
        for other in book.periods[index + 1 :]:
            if period.effective_from <= (other.effective_to or datetime.date.max) and other.effective_from <= (
                period.effective_to or datetime.date.max
            ):
                raise RuleDataError(
                    gettext_noop(
                        "%(period)s: thời kỳ áp dụng pháp luật trùng ngày với thời kỳ %(other)s; một ngày chỉ thuộc "
                        "một thời kỳ."
                    ),
                    period=other.code,
                    other=period.code,
                )


def _check_overlaps(book: RuleBook) -> None:
    """Brief §0: a dossier is judged by one version of each rule. Two rules of one kind and scope that would both
    judge a title (the same title, or one of them for every title) must not be in force on a common day, unless
    they apply to different staff kinds."""
    by_kind: dict[tuple[str, str], list[Rule]] = {}
    for rule in book.rules:
        by_kind.setdefault((rule.scope, rule.kind), []).append(rule)
    for rules in by_kind.values():
        for index, rule in enumerate(rules):
            for other in rules[index + 1 :]:
                if rule.title is not None and other.title is not None and rule.title != other.title:
                    continue
                if rule.applies_to and other.applies_to and not rule.applies_to & other.applies_to:
                    continue
                if rule.overlaps(other):
                    raise RuleDataError(
                        gettext_noop(
                            "%(rule)s: trùng thời gian áp dụng với quy định %(other)s (cùng danh hiệu, phạm vi và "
                            "loại quy định); hãy cho quy định cũ hết hiệu lực (effective_to) trước ngày quy định mới "
                            "bắt đầu."
                        ),
                        rule=other.id,
                        other=rule.id,
                    )


# What each kind reads from its params (workflows/rules/eligibility.py): key → what its value must be.
PARAMS = {
    "rating_gate": {"min_rating": "rating"},
    "meets_title": {"title": "title"},
    "excellence": {"rating": "rating", "initiative_level": "initiative_level"},
    "chain": {"routes": "routes"},
    "members_title_share": {"requirements": "requirements"},
    "members_rating_share": {"min_rating": "rating", "min_percent": "percent"},
    "members_discipline": {"from_level": "discipline_level"},
    "hold_pending": {"kinds": "words"},
    "discipline_served": {},
    "time_worked": {"min_months": "count"},
    "initiative_once": {},
    "rating_quota": {"rating": "rating", "base_ratings": "ratings", "max_percent": "percent"},
    "title_share": {"base": "share_base", "percent": "percent", "direction": "word", "mode": "word"},
}
OPTIONAL_PARAMS = {
    "raised_percent": "percent",
    "raised_when_unit_rating": "rating",
    "base_title": "title",
    "science_counts": "flag",
    "counted_leave": "words",
    "same_level": "flag",
    "title_award_reuse": "flag",
}


def _param_error(book: RuleBook, what: str, value) -> Text | None:
    """What a param's value must be when it is not what its kind reads, or None."""
    if what == "rating":
        return (
            None
            if value in book.ratings
            else Text(gettext_noop("một xếp loại trong %(choices)s"), {"choices": _listed(book.ratings)})
        )
    if what == "ratings":
        ok = isinstance(value, list | tuple) and value and all(item in book.ratings for item in value)
        return (
            None
            if ok
            else Text(gettext_noop("một danh sách xếp loại trong %(choices)s"), {"choices": _listed(book.ratings)})
        )
    if what == "title":
        return (
            None
            if value in book.titles
            else Text(gettext_noop("một mã danh hiệu trong %(choices)s"), {"choices": _listed(book.titles)})
        )
    if what == "initiative_level":
        ok = value in book.initiative_levels
        return (
            None
            if ok
            else Text(gettext_noop("một cấp trong %(choices)s"), {"choices": _listed(book.initiative_levels)})
        )
    if what == "discipline_level":
        ok = value in book.discipline_levels
        return (
            None
            if ok
            else Text(gettext_noop("một mức trong %(choices)s"), {"choices": _listed(book.discipline_levels)})
        )
    if what == "percent":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100
        return None if ok else Text(gettext_noop("một số từ 0 đến 100"))
    if what == "count":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        return None if ok else Text(gettext_noop("một số nguyên ≥ 1"))
    if what == "flag":
        return None if isinstance(value, bool) else Text(gettext_noop("true hoặc false"))
    if what == "word":
        return None if isinstance(value, str) and value else Text(gettext_noop("một giá trị chữ"))
    if what == "words":
        ok = isinstance(value, list | tuple) and all(isinstance(item, str) and item for item in value)
        return None if ok else Text(gettext_noop("một danh sách giá trị chữ"))
    if what == "share_base":
        ok = value in ("title_achievers", "all_units", "all_staff")
        return None if ok else Text(gettext_noop("title_achievers, all_units hoặc all_staff"))
    if what == "routes":
        if not isinstance(value, list | tuple) or not value:
            return Text(gettext_noop("một danh sách các cách đạt (routes)"))
        for route in value:
            if not isinstance(route, Mapping) or ("title" in route) == ("rating" in route):
                return Text(gettext_noop("mỗi cách đạt có đúng một trong title hoặc rating"))
            spec = {
                "years": "count",
                "title" if "title" in route else "rating": "title" if "title" in route else "rating",
            }
            if route.get("initiatives"):
                spec |= {"initiatives": "count", "initiative_level": "initiative_level"}
            for key, kind in spec.items():
                problem = _param_error(book, kind, route.get(key))
                if key not in route or problem:
                    return Text(
                        gettext_noop("mỗi cách đạt cần %(key)s là %(problem)s"), {"key": key, "problem": problem}
                    )
        return None
    if what == "requirements":
        if not isinstance(value, list | tuple) or not value:
            return Text(gettext_noop("một danh sách yêu cầu (requirements)"))
        for requirement in value:
            if not isinstance(requirement, Mapping) or _param_error(book, "title", requirement.get("title")):
                return Text(gettext_noop("mỗi yêu cầu cần title là một mã danh hiệu"))
            if not any(key in requirement for key in ("min_percent", "min_count")):
                return Text(gettext_noop("mỗi yêu cầu cần min_percent hoặc min_count"))
        return None
    return None


def _check_params(book: RuleBook, rule: Rule) -> None:
    """An officer's rule must be one the judging functions can read: the params its kind needs, with values from
    the file's vocabulary (ratings, titles, levels)."""
    for key, what in {**PARAMS[rule.kind], **{k: v for k, v in OPTIONAL_PARAMS.items() if k in rule.params}}.items():
        if key not in rule.params:
            raise RuleDataError(
                gettext_noop("%(rule)s: params thiếu “%(key)s” (loại %(kind)s)."), rule=rule.id, key=key, kind=rule.kind
            )
        problem = _param_error(book, what, _thaw(rule.params[key]))
        if problem:
            raise RuleDataError(
                gettext_noop("%(rule)s: params “%(key)s” phải là %(problem)s."), rule=rule.id, key=key, problem=problem
            )


def _thaw(value):
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value


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
                gettext_noop(
                    "%(rule)s: từ %(day)s không được đòi “%(title)s” làm điều kiện (NĐ 152/2025 Đ4 k1: không nhất "
                    "thiết có hình thức mức thấp mới khen mức cao)."
                ),
                rule=rule.id,
                day=day_text(bound[0].effective_from),
                title=book.short_name(needed),
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


VOCABULARY = ("ratings", "discipline_levels", "initiative_levels", "titles")


@functools.cache
def rulebook_vocabulary(path: Path = DATA_FILE) -> Mapping[str, Any]:
    """The words the rules are written in — ratings best first, discipline levels mildest first, initiative levels
    lowest first, the title codes — as the file gives them. They stay in the file (not the database): the judging
    code and the facts use exactly these codes, so a new one needs code anyway; the rules themselves are rows."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return MappingProxyType({key: data.get(key) or ({} if key == "titles" else []) for key in VOCABULARY})


def rulebook_load(*, path: Path | None = None) -> RuleBook:
    """Read the rules file (no database)."""
    with open(path or DATA_FILE, encoding="utf-8") as handle:
        return rulebook_from_data(yaml.safe_load(handle) or {})

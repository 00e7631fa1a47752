"""Xét điều kiện — small pure functions, one per family of rules, that judge a proposal by the rules in force
for its achievement year and return findings. No database, no clock: the facts come in (facts.py), the rules
come from the rule book (rulebook.py), the findings go out (findings.py).

Rule kinds and their params (workflows/data/eligibility.yaml):
- rating_gate {min_rating}: the subject's rating in the year is at least min_rating.
- meets_title {title}: the nominee meets that title's own rules for the same year (CSTĐCS needs LĐTT's).
- excellence {rating, initiative_level, science_counts}: rated `rating` in the year, or an initiative (or, with
  science_counts, an accepted science work) recognised that year at initiative_level or above.
- chain {routes: [...]}: any route passes. A route needs `years` consecutive years ending with the achievement
  year, each with `title` (from the history, or proposed in the same round for the achievement year) or with a
  rating of at least `rating`; optionally `initiatives` usable initiatives at `initiative_level` or above,
  recognised within those years. A gap year breaks the run; years before the end of a discipline do not count.
- members_title_share {requirements: [{title, min_percent | min_count}]}: the collective's members' titles.
- members_rating_share {min_rating, min_percent}: the collective's members' ratings.
- members_discipline {from_level}: no member disciplined at from_level or heavier in the year.
- hold_pending {kinds}: no open review, inspection or complaint of those kinds on the day the dossier is examined.
- discipline_served {}: the achievement year lies wholly after the end of every discipline.
- time_worked {min_months, counted_leave}: time worked in the year, leave of counted_leave kinds included.
- initiative_once {same_level, title_award_reuse}: an initiative the dossier relies on has not carried another
  title of the same level (nor, with title_award_reuse, a title when this is an award, or the reverse).
  The initiatives the dossier names (Proposal.initiative_ids) are the only ones excellence and chain count; with
  none named, any of the nominee's may carry the proposal.
- rating_quota {rating, base_ratings, max_percent, raised_percent, raised_when_unit_rating}: per duty group.
- title_share {title, base, base_title, percent, direction, mode}: a programme's cap or target for a year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .facts import Initiative, NomineeFacts, Proposal, RatedGroup, ShareFacts, UnitFacts
from .findings import Finding, Severity, day_text, years_text
from .rulebook import LawPeriod, Rule, RuleBook

RATING_LABELS = {"htxsnv": "HTXSNV", "httnv": "HTTNV", "htnv": "HTNV", "khtnv": "KHTNV"}
LEVEL_LABELS = {
    "co_so": gettext_noop("cấp cơ sở"),
    "tinh_bo": gettext_noop("cấp tỉnh/bộ"),
    "toan_quoc": gettext_noop("toàn quốc"),
}
HOLD_LABELS = {
    "discipline_review": gettext_noop("xem xét thi hành kỷ luật"),
    "inspection": gettext_noop("thanh tra, kiểm tra"),
    "complaint": gettext_noop("giải quyết khiếu nại, tố cáo"),
}
DISCIPLINE_LABELS = {
    "khien_trach": gettext_noop("khiển trách"),
    "canh_cao": gettext_noop("cảnh cáo"),
    "ha_bac_luong": gettext_noop("hạ bậc lương"),
    "giang_chuc": gettext_noop("giáng chức"),
    "cach_chuc": gettext_noop("cách chức"),
    "buoc_thoi_viec": gettext_noop("buộc thôi việc"),
}


def _iso(day: datetime.date | None) -> str | None:
    """Facts stay JSON-friendly, so a finding can be stored on the case as it was found."""
    return day.isoformat() if day else None


@dataclass(slots=True)
class Context:
    """What every rule function receives: the rule book, the rule, the subject and the proposal, plus what the
    judgement worked out once (the initiative policy in force, the day achievements count from). Rule functions
    only read it, and keep nothing of it once they return: a judgement makes one and sets `rule` to each of its
    rules in turn (a batch judges hundreds of thousands of rules)."""

    book: RuleBook
    rule: Rule | None  # set to each rule in turn
    subject: NomineeFacts | UnitFacts
    proposal: Proposal
    initiative_policy: Rule | None = None
    counted_from: datetime.date | None = None

    @property
    def year(self) -> int:
        return self.proposal.year

    @property
    def title_name(self) -> str:
        return self.book.short_name(self.proposal.title)

    def finding(self, code: str, message_id: str, params: dict, facts: dict, translated=()) -> Finding:
        return Finding(
            code=code,
            severity=self.rule.severity,
            message_id=message_id,
            params=params,
            citation=self.rule.citation,
            facts=facts,
            rule_id=self.rule.id,
            translated_params=tuple(translated),
        )

    def shared(self, key: tuple, make: Callable[[], list[Finding]]) -> list[Finding]:
        """The findings `make()` returns when they depend only on `key` and on the rule, title and year judged:
        made once per rule book and shared by every judgement that comes to them (thousands of people of a batch
        fall short of a chain in the same few ways). Findings are values; no one changes them."""
        rule, proposal = self.rule, self.proposal
        return list(self.book.memo(("findings", rule.id, proposal.title, proposal.year, *key), lambda: tuple(make())))

    def has_title(self, code: str, year: int) -> bool:
        """Held in the history, or proposed in this round for the achievement year."""
        if code in self.subject.titles.get(year, ()):
            return True
        return year == self.year and code in self.proposal.also_proposed

    def year_counts(self, year: int) -> bool:
        """Achievements of a year count only if the year starts after the end of any discipline (NĐ 152 Đ4 k4)."""
        return self.counted_from is None or datetime.date(year, 1, 1) >= self.counted_from


# ---------------------------------------------------------------------------------------------------------------
# Individual and collective gates
# ---------------------------------------------------------------------------------------------------------------


def rating_gate(ctx: Context) -> list[Finding]:
    minimum = ctx.rule.params["min_rating"]
    actual = ctx.subject.rating(ctx.year)
    if actual is not None and ctx.book.rating_at_least(actual, minimum):
        return []
    params = {"year": ctx.year, "title": ctx.title_name, "rating": RATING_LABELS.get(minimum, minimum)}
    facts = {"rating": actual, "year": ctx.year}
    if actual is None:
        return [
            ctx.finding(
                "rating_missing",
                gettext_noop("Chưa có xếp loại năm %(year)s; %(title)s cần %(rating)s trở lên."),
                params,
                facts,
            )
        ]
    params["actual"] = RATING_LABELS.get(actual, actual)
    message = gettext_noop("Xếp loại năm %(year)s là %(actual)s; %(title)s cần %(rating)s trở lên.")
    return [ctx.finding("rating_below", message, params, facts)]


def meets_title(ctx: Context) -> list[Finding]:
    """Đạt tiêu chuẩn của danh hiệu khác cùng năm: that title's own rules (not its quotas) judge the nominee."""
    book, needed, scope, day = ctx.book, ctx.rule.params["title"], ctx.rule.scope, ctx.proposal.law_day
    rules = book.memo(
        ("meets_title", needed, scope, day),
        lambda: tuple(
            rule
            for rule in book.in_force(title=needed, scope=scope, on=day)
            if rule.title == needed and rule.kind not in ("meets_title", "initiative_once")
        ),
    )
    proposal = Proposal(needed, ctx.year, ctx.proposal.also_proposed, (), ctx.proposal.as_of)
    inner = Context(book, None, ctx.subject, proposal, None, ctx.counted_from)
    reasons = []
    for rule in rules:
        inner.rule = rule
        reasons.extend(finding for finding in KIND_FUNCTIONS[rule.kind](inner) if finding.blocks)
    if not reasons:
        return []
    message = gettext_noop("%(title)s năm %(year)s cần đạt tiêu chuẩn %(needed)s cùng năm; chưa đạt (xem lý do dưới).")
    params = {"title": ctx.title_name, "year": ctx.year, "needed": ctx.book.short_name(needed)}
    return [ctx.finding("meets_title", message, params, {"reasons": [f.code for f in reasons]}), *reasons]


def excellence(ctx: Context) -> list[Finding]:
    """HTXSNV, or a recognised initiative, or an accepted science work in the year (Luật TĐKT 2022 Đ23)."""
    params = ctx.rule.params
    if ctx.book.rating_at_least(ctx.subject.rating(ctx.year), params["rating"]):
        return []
    usable, reused = _initiatives(
        ctx, years={ctx.year}, level=params["initiative_level"], science=params.get("science_counts", False)
    )
    if usable:
        return []
    rating = ctx.subject.rating(ctx.year)
    return ctx.shared(("excellence", rating, *reused), lambda: _excellence_missing(ctx, rating, reused))


def _excellence_missing(ctx: Context, rating: str | None, reused: list[str]) -> list[Finding]:
    params = ctx.rule.params
    message = gettext_noop(
        "%(title)s năm %(year)s cần xếp loại %(rating)s, hoặc sáng kiến được công nhận (%(level)s trở lên), "
        "hoặc đề tài khoa học được nghiệm thu; chưa có."
    )
    return [
        ctx.finding(
            "excellence_missing",
            message,
            {
                "title": ctx.title_name,
                "year": ctx.year,
                "rating": RATING_LABELS[params["rating"]],
                "level": LEVEL_LABELS[params["initiative_level"]],
            },
            {"rating": rating, "initiatives_reused": reused},
            translated=("level",),
        )
    ]


def chain(ctx: Context) -> list[Finding]:
    """Any route passes; if none does, one finding per route says what that route still lacks."""
    routes = ctx.rule.params["routes"]
    progress = []
    for route in routes:
        reached, usable, reused = _route_progress(ctx, route)
        if len(reached) >= route["years"] and (usable is None or len(usable) >= route["initiatives"]):
            return []
        progress.append((reached, usable, reused))
    return ctx.shared(("chain", ctx.counted_from, *progress), lambda: _chain_gaps(ctx, routes, progress))


def _chain_gaps(ctx: Context, routes, progress) -> list[Finding]:
    return [
        finding
        for index, (route, (reached, usable, reused)) in enumerate(zip(routes, progress, strict=True))
        for finding in _route_gaps(ctx, route, index, list(reached), usable, reused)
    ]


def _route_window(ctx: Context, route) -> range:
    return range(ctx.year - route["years"] + 1, ctx.year + 1)


def _route_progress(ctx: Context, route) -> tuple[tuple[int, ...], tuple[str, ...] | None, tuple[str, ...] | None]:
    """How far one route has come: the years of its window reached, and (when it asks for initiatives) the ids of
    those usable and of those already used for another title."""
    window = _route_window(ctx, route)
    if "title" in route:
        code = route["title"]
        reached = tuple(year for year in window if ctx.has_title(code, year) and ctx.year_counts(year))
    else:
        rating, subject, book = route["rating"], ctx.subject, ctx.book
        reached = tuple(
            year for year in window if book.rating_at_least(subject.rating(year), rating) and ctx.year_counts(year)
        )
    if not route.get("initiatives", 0):
        return reached, None, None
    usable, reused = _initiatives(
        ctx, years=set(window), level=route["initiative_level"], science=route.get("science_counts", False)
    )
    return reached, tuple(initiative.id for initiative in usable), tuple(reused)


def _route_gaps(
    ctx: Context, route, index: int, reached: list[int], usable: tuple[str, ...] | None, reused: tuple[str, ...] | None
) -> list[Finding]:
    """What one route still lacks: the run of years, the initiatives, or both (none: the route is met)."""
    gaps = []
    need = route["years"]
    window = _route_window(ctx, route)
    what = ctx.book.short_name(route["title"]) if "title" in route else RATING_LABELS[route["rating"]]
    facts = {
        "route": index,
        "years_needed": list(window),
        "years_reached": reached,
        "counted_from": _iso(ctx.counted_from),
    }
    params = {"title": ctx.title_name, "need": need, "what": what, "year": ctx.year, "reached": years_text(reached)}
    if len(reached) < need:
        missing = [year for year in window if year not in reached]
        params["missing"] = years_text(missing)
        message = gettext_noop(
            "%(title)s năm %(year)s cần %(need)s năm liên tục đạt %(what)s đến năm %(year)s; "
            "các năm đã tính: %(reached)s; còn thiếu: %(missing)s."
        )
        if ctx.counted_from is not None:
            params["from"] = day_text(ctx.counted_from)
            message = gettext_noop(
                "%(title)s năm %(year)s cần %(need)s năm liên tục đạt %(what)s đến năm %(year)s; "
                "các năm đã tính: %(reached)s; còn thiếu: %(missing)s (thành tích chỉ tính từ %(from)s, sau kỷ luật)."
            )
        gaps.append(ctx.finding("chain_short", message, params, facts))
    wanted = route.get("initiatives", 0)
    if wanted and len(usable) < wanted:
        message = gettext_noop(
            "%(title)s năm %(year)s cần %(count)s sáng kiến hoặc đề tài %(level)s trở lên trong các năm "
            "%(years)s; có %(have)s được tính."
        )
        params = {
            "title": ctx.title_name,
            "year": ctx.year,
            "count": wanted,
            "level": LEVEL_LABELS[route["initiative_level"]],
            "years": years_text(window),
            "have": len(usable),
        }
        facts = facts | {"initiatives": list(usable), "initiatives_reused": list(reused)}
        gaps.append(ctx.finding("chain_initiatives_short", message, params, facts, translated=("level",)))
    return gaps


# ---------------------------------------------------------------------------------------------------------------
# Collectives: their members
# ---------------------------------------------------------------------------------------------------------------


def members_title_share(ctx: Context) -> list[Finding]:
    members = ctx.subject.members
    found = []
    for requirement in ctx.rule.params["requirements"]:
        needed = requirement["title"]
        have = sum(1 for member in members if needed in member.titles)
        params = {"title": ctx.title_name, "needed": ctx.book.short_name(needed), "have": have, "total": len(members)}
        facts = {"title": needed, "have": have, "total": len(members)}
        if "min_percent" in requirement and have * 100 < requirement["min_percent"] * len(members):
            params["percent"] = requirement["min_percent"]
            message = gettext_noop(
                "%(title)s cần ít nhất %(percent)s%% thành viên đạt %(needed)s; có %(have)s/%(total)s."
            )
            found.append(ctx.finding("members_title_short", message, params, facts))
        if "min_count" in requirement and have < requirement["min_count"]:
            params["count"] = requirement["min_count"]
            message = gettext_noop("%(title)s cần ít nhất %(count)s thành viên đạt %(needed)s; có %(have)s.")
            found.append(ctx.finding("members_title_count", message, params, facts))
        if not members and "min_percent" in requirement:
            found.append(
                ctx.finding(
                    "members_none",
                    gettext_noop("%(title)s: chưa có danh sách thành viên của tập thể."),
                    {"title": ctx.title_name},
                    facts,
                )
            )
    return found


def members_rating_share(ctx: Context) -> list[Finding]:
    members = ctx.subject.members
    minimum = ctx.rule.params["min_rating"]
    have = [member for member in members if ctx.book.rating_at_least(member.rating, minimum)]
    if members and len(have) * 100 >= ctx.rule.params["min_percent"] * len(members):
        return []
    message = gettext_noop("%(title)s cần %(percent)s%% thành viên xếp loại %(rating)s trở lên; có %(have)s/%(total)s.")
    params = {
        "title": ctx.title_name,
        "percent": ctx.rule.params["min_percent"],
        "rating": RATING_LABELS[minimum],
        "have": len(have),
        "total": len(members),
    }
    below = [member.staff_code for member in members if member not in have]
    return [ctx.finding("members_rating_short", message, params, {"below": below})]


def members_discipline(ctx: Context) -> list[Finding]:
    """Luật TĐKT 2022 Đ28 k1c: không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên (khiển trách alone
    does not block)."""
    level = ctx.rule.params["from_level"]
    heavy = [m.staff_code for m in ctx.subject.members if ctx.book.discipline_at_least(m.discipline_level, level)]
    if not heavy:
        return []
    message = gettext_noop(
        "%(title)s: %(count)s thành viên bị kỷ luật từ %(level)s trở lên trong năm %(year)s (%(staff)s)."
    )
    params = {
        "title": ctx.title_name,
        "count": len(heavy),
        "level": DISCIPLINE_LABELS.get(level, level),
        "year": ctx.year,
        "staff": ", ".join(heavy),
    }
    return [ctx.finding("members_disciplined", message, params, {"staff": heavy}, translated=("level",))]


# ---------------------------------------------------------------------------------------------------------------
# Holds, disciplines, time worked
# ---------------------------------------------------------------------------------------------------------------


def hold_pending(ctx: Context) -> list[Finding]:
    """NĐ 152/2025 Đ4 k4: chưa khen thưởng trong thời gian đang xem xét kỷ luật, thanh tra, kiểm tra, khiếu nại —
    judged on the day the dossier is examined; a concluded matter no longer holds it."""
    if not ctx.subject.holds:
        return []
    day = ctx.proposal.examined_on
    kinds = set(ctx.rule.params["kinds"])
    found = []
    for hold in ctx.subject.holds:
        if hold.kind in kinds and hold.start <= day and (hold.end is None or hold.end >= day):
            message = gettext_noop(
                "Đang trong thời gian %(what)s (từ %(start)s): chưa khen thưởng hoặc đề nghị khen thưởng."
            )
            params = {"what": HOLD_LABELS.get(hold.kind, hold.kind), "start": day_text(hold.start)}
            facts = {"kind": hold.kind, "start": _iso(hold.start), "end": _iso(hold.end), "examined_on": _iso(day)}
            found.append(ctx.finding("held", message, params, facts, translated=("what",)))
    return found


def discipline_served(ctx: Context) -> list[Finding]:
    """NĐ 152/2025 Đ4 k4 đoạn 2: after a discipline, achievements count from the day it has been served."""
    if ctx.year_counts(ctx.year):
        return []
    worst = max(
        (d for d in ctx.subject.disciplines if d.start <= ctx.proposal.law_day),
        key=lambda d: d.end,
    )
    message = gettext_noop(
        "Bị kỷ luật (%(level)s) đến hết %(end)s: thành tích chỉ được tính từ %(from)s, năm %(year)s chưa được xét."
    )
    params = {
        "level": DISCIPLINE_LABELS.get(worst.level, worst.level),
        "end": day_text(worst.end),
        "from": day_text(ctx.counted_from),
        "year": ctx.year,
    }
    return [
        ctx.finding(
            "discipline_not_served",
            message,
            params,
            {"level": worst.level, "end": _iso(worst.end)},
            translated=("level",),
        )
    ]


def time_worked(ctx: Context) -> list[Finding]:
    """Months worked in the year; leave of the kinds in counted_leave counts as worked (NĐ 152/2025 Đ4 k5:
    nghỉ thai sản)."""
    start, end = datetime.date(ctx.year, 1, 1), datetime.date(ctx.year, 12, 31)
    employed_from = ctx.subject.employed_from
    if (
        not ctx.subject.leaves
        and (employed_from is None or employed_from <= start)
        and ctx.rule.params["min_months"] <= 12
    ):
        return []  # the whole year worked
    days_in_year = (end - start).days + 1
    first = max(start, employed_from or start)
    if first > end:
        worked = 0
    else:
        worked = (end - first).days + 1
        counted = set(ctx.rule.params.get("counted_leave", ()))
        for leave in ctx.subject.leaves:
            if leave.kind in counted:
                continue
            overlap = (min(leave.end, end) - max(leave.start, first)).days + 1
            worked -= max(overlap, 0)
    minimum = ctx.rule.params["min_months"]
    if worked * 12 >= minimum * days_in_year:
        return []
    months = worked * 12 // days_in_year
    message = gettext_noop(
        "Năm %(year)s mới tính được %(months)s tháng công tác (nghỉ thai sản được tính là thời gian công tác); "
        "cần %(min)s tháng."
    )
    params = {"year": ctx.year, "months": months, "min": minimum}
    return [ctx.finding("time_worked_short", message, params, {"days_worked": worked, "days_in_year": days_in_year})]


# ---------------------------------------------------------------------------------------------------------------
# Initiatives: one use per level
# ---------------------------------------------------------------------------------------------------------------


def _conflicts(ctx: Context, initiative: Initiative) -> list:
    """The earlier uses of an initiative that forbid using it for this proposal (none without a policy)."""
    policy = ctx.initiative_policy
    if policy is None:
        return []
    this = ctx.book.titles.get(ctx.proposal.title)
    found = []
    for use in initiative.used_for:
        if use.title == ctx.proposal.title and use.year == ctx.year:
            continue  # this very proposal
        other = ctx.book.titles.get(use.title)
        if this is None or other is None:
            continue
        same_level = policy.params.get("same_level") and other.level == this.level
        crosses = policy.params.get("title_award_reuse") and other.kind != this.kind
        if same_level or crosses:
            found.append(use)
    return found


def _initiatives(ctx: Context, *, years: set[int], level: str, science: bool) -> tuple[list[Initiative], list[str]]:
    """Initiatives recognised in `years` at `level` or above that may still carry this proposal, and the ids of
    those left out because they already carried another title. When the dossier names the initiatives it relies
    on (proposal.initiative_ids), only those are counted; otherwise any of the nominee's may be."""
    named = set(ctx.proposal.initiative_ids)
    usable, reused = [], []
    for initiative in ctx.subject.initiatives:
        if named and initiative.id not in named:
            continue
        if initiative.year not in years or not ctx.book.initiative_at_least(initiative.level, level):
            continue
        if initiative.kind == "science" and not science:
            continue
        if _conflicts(ctx, initiative):
            reused.append(initiative.id)
        else:
            usable.append(initiative)
    return usable, reused


def initiative_once(ctx: Context) -> list[Finding]:
    """Luật TĐKT 2022 Đ5 k2c; CV 5007/BNV-TĐKT: the initiatives this dossier relies on have not carried another
    title of the same level (nor crossed between a title and an award)."""
    if not ctx.proposal.initiative_ids:
        return []
    by_id = {initiative.id: initiative for initiative in ctx.subject.initiatives}
    found = []
    for initiative_id in ctx.proposal.initiative_ids:
        initiative = by_id.get(initiative_id)
        if initiative is None:
            message = gettext_noop("Sáng kiến %(id)s không có trong danh sách sáng kiến được công nhận của người này.")
            found.append(ctx.finding("initiative_unknown", message, {"id": initiative_id}, {"id": initiative_id}))
            continue
        for use in _conflicts(ctx, initiative):
            message = gettext_noop(
                "Sáng kiến %(id)s đã dùng để xét %(used)s năm %(used_year)s; không dùng lại cho %(title)s."
            )
            params = {
                "id": initiative_id,
                "used": ctx.book.short_name(use.title),
                "used_year": use.year,
                "title": ctx.title_name,
            }
            found.append(
                ctx.finding(
                    "initiative_used", message, params, {"id": initiative_id, "used_for": use.title, "year": use.year}
                )
            )
    return found


KIND_FUNCTIONS: dict[str, Callable[[Context], list[Finding]]] = {
    "rating_gate": rating_gate,
    "meets_title": meets_title,
    "excellence": excellence,
    "chain": chain,
    "members_title_share": members_title_share,
    "members_rating_share": members_rating_share,
    "members_discipline": members_discipline,
    "hold_pending": hold_pending,
    "discipline_served": discipline_served,
    "time_worked": time_worked,
    "initiative_once": initiative_once,
}


# ---------------------------------------------------------------------------------------------------------------
# One proposal
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    title: str
    year: int
    period: LawPeriod | None
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]

    @property
    def blocked(self) -> bool:
        return any(finding.blocks for finding in self.findings)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.blocks)


def counted_from(*, subject: NomineeFacts | UnitFacts, until: datetime.date) -> datetime.date | None:
    """The day after the last discipline decided by `until` has been served: achievements count from there."""
    ends = [discipline.end for discipline in subject.disciplines if discipline.start <= until]
    return max(ends) + datetime.timedelta(days=1) if ends else None


def _period_findings(proposal: Proposal, period: LawPeriod | None) -> list[Finding]:
    day = proposal.law_day
    if period is None:
        message = gettext_noop(
            "Chưa có quy định về thời kỳ pháp luật cho ngày %(day)s; cần cập nhật quy định trước khi xét."
        )
        return [Finding("law_period_unknown", Severity.WARNS, message, {"day": day_text(day)})]
    if not period.verified:
        message = gettext_noop(
            "Năm %(year)s xét theo %(period)s; tiêu chuẩn của thời kỳ này chưa được đối chiếu với văn bản gốc."
        )
        return [
            Finding(
                "law_period_unverified",
                Severity.WARNS,
                message,
                {"year": proposal.year, "period": period.name},
                period.citation,
            )
        ]
    return []


@dataclass(frozen=True)
class _Plan:
    """What judging a title for a scope on a day takes from the rule book, worked out once per book."""

    rules: tuple[Rule, ...]
    policy: Rule | None  # the initiative_once rule in force, if any
    served: bool  # whether a discipline_served rule is in force
    period: LawPeriod | None
    clear: Judgement  # the judgement when no rule finds anything (shared: a judgement is a value)


def _plan(book: RuleBook, title: str, scope: str, day: datetime.date) -> _Plan:
    rules = book.in_force(title=title, scope=scope, on=day)
    period = book.period_on(day)
    return _Plan(
        rules=rules,
        policy=next((rule for rule in rules if rule.kind == "initiative_once"), None),
        served=any(rule.kind == "discipline_served" for rule in rules),
        period=period,
        clear=Judgement(title, day.year, period, rules, ()),
    )


def judge(*, book: RuleBook, subject: NomineeFacts | UnitFacts, proposal: Proposal) -> Judgement:
    """Judge one proposal by the rules in force on 31/12 of its achievement year (a 2025 dossier examined in
    2026 keeps 2025's rules); holds are judged on the day it is examined (proposal.as_of)."""
    scope = "collective" if isinstance(subject, UnitFacts) else "individual"
    day = proposal.law_day
    plan = book.memo(("judge", proposal.title, scope, day), lambda: _plan(book, proposal.title, scope, day))
    start = counted_from(subject=subject, until=day) if plan.served else None
    findings = _period_findings(proposal, plan.period)
    ctx = Context(book, None, subject, proposal, plan.policy, start)
    for rule in plan.rules:
        ctx.rule = rule
        findings.extend(KIND_FUNCTIONS[rule.kind](ctx))
    if not findings:
        return plan.clear
    return Judgement(proposal.title, proposal.year, plan.period, plan.rules, tuple(findings))


@dataclass(frozen=True)
class ChainStatus:
    """How far a subject has come on one route to a title: the run of consecutive years up to last year, and
    whether this year's link would complete it ("2 năm liên tục CSTĐCS: năm nay đạt thì đủ điều kiện")."""

    title: str
    rule_id: str
    route: int
    link: str  # the title or rating each year needs
    run: int  # consecutive years up to the year before `year`
    needed: int

    @property
    def completes_this_year(self) -> bool:
        return self.run + 1 >= self.needed


def chain_progress(*, book: RuleBook, subject: NomineeFacts | UnitFacts, year: int) -> list[ChainStatus]:
    """Every chain route in force for `year` and the subject's run of consecutive years before it (years before
    the end of a discipline do not count) — for the "Ai đủ điều kiện" page."""
    scope = "collective" if isinstance(subject, UnitFacts) else "individual"
    day = datetime.date(year, 12, 31)
    start = counted_from(subject=subject, until=day)
    statuses = []
    for rule in book.in_force(title=None, scope=scope, on=day):
        if rule.kind != "chain":
            continue
        for index, route in enumerate(rule.params["routes"]):
            run, probe = 0, year - 1
            while _link_held(book, subject, route, probe) and (start is None or datetime.date(probe, 1, 1) >= start):
                run, probe = run + 1, probe - 1
            link = route.get("title") or route.get("rating")
            statuses.append(ChainStatus(rule.title, rule.id, index, link, run, route["years"]))
    return statuses


def _link_held(book: RuleBook, subject, route, year: int) -> bool:
    if "title" in route:
        return route["title"] in subject.titles_in(year)
    return book.rating_at_least(subject.rating(year), route["rating"])


# ---------------------------------------------------------------------------------------------------------------
# Quotas and targets over a group or a year
# ---------------------------------------------------------------------------------------------------------------


def _group_rule(book: RuleBook, kind: str, day: datetime.date, staff_kind: str | None = None) -> Iterable[Rule]:
    for rule in book.in_force(title=None, scope="group", on=day):
        if rule.kind == kind and (staff_kind is None or rule.applies_to is None or staff_kind in rule.applies_to):
            yield rule


def rating_quota(*, book: RuleBook, year: int, group: RatedGroup) -> list[Finding]:
    """HTXSNV ≤ max_percent of those rated in base_ratings in one unit and duty group; raised_percent where the
    unit itself is rated raised_when_unit_rating (brief §9.4: NĐ 90/2020 Đ2 and NĐ 48/2023; QĐ 366-QĐ/TW Đ11;
    for viên chức from 01/07/2026, NĐ 233/2026 Đ12 k6)."""
    found = []
    for rule in _group_rule(book, "rating_quota", datetime.date(year, 12, 31), group.staff_kind):
        params = rule.params
        raised = params.get("raised_percent") and group.unit_rating == params.get("raised_when_unit_rating")
        percent = params["raised_percent"] if raised else params["max_percent"]
        count = sum(1 for rating in group.ratings if rating == params["rating"])
        base = sum(1 for rating in group.ratings if rating in params["base_ratings"])
        if count * 100 <= percent * base:
            continue
        if group.duty_group:
            message = gettext_noop(
                "%(unit)s, nhóm %(group)s: %(count)s người xếp loại %(rating)s, quá %(percent)s%% của %(base)s "
                "người xếp loại %(base_rating)s (tối đa %(allowed)s người)."
            )
        else:  # the whole unit is one group: no group to name
            message = gettext_noop(
                "%(unit)s: %(count)s người xếp loại %(rating)s, quá %(percent)s%% của %(base)s người xếp loại "
                "%(base_rating)s (tối đa %(allowed)s người)."
            )
        message_params = {
            "unit": group.unit_code,
            "group": group.duty_group or "—",
            "count": count,
            "rating": RATING_LABELS[params["rating"]],
            "percent": percent,
            "base": base,
            "base_rating": ", ".join(RATING_LABELS[r] for r in params["base_ratings"]),
            "allowed": percent * base // 100,
        }
        facts = {"count": count, "base": base, "percent": percent, "staff_kind": group.staff_kind}
        found.append(
            Finding("rating_quota_exceeded", rule.severity, message, message_params, rule.citation, facts, rule.id)
        )
    return found


def title_share(*, book: RuleBook, year: int, facts: ShareFacts) -> list[Finding]:
    """A programme's share of a title for the year: a cap blocks when exceeded, a target warns when missed."""
    found = []
    for rule in _group_rule(book, "title_share", datetime.date(year, 12, 31)):
        params = rule.params
        count = facts.title_counts.get(rule.title, 0)
        base = {
            "title_achievers": facts.title_counts.get(params.get("base_title"), 0),
            "all_units": facts.unit_count,
            "all_staff": facts.staff_count,
        }[params["base"]]
        percent = params["percent"]
        if params["direction"] == "at_most" and count * 100 > percent * base:
            message = gettext_noop(
                "%(title)s năm %(year)s: %(count)s trên %(base)s, quá %(percent)s%% (tối đa %(allowed)s)."
            )
        elif params["direction"] == "at_least" and base and count * 100 < percent * base:
            message = gettext_noop(
                "%(title)s năm %(year)s: %(count)s trên %(base)s, chưa đạt %(percent)s%% (cần ít nhất %(allowed)s)."
            )
        else:
            continue
        allowed = percent * base // 100 if params["direction"] == "at_most" else -(-percent * base // 100)
        message_params = {
            "title": book.short_name(rule.title),
            "year": year,
            "count": count,
            "base": base,
            "percent": percent,
            "allowed": allowed,
        }
        found.append(
            Finding(
                "title_share",
                rule.severity,
                message,
                message_params,
                rule.citation,
                {"mode": params["mode"], "count": count, "base": base},
                rule.id,
            )
        )
    return found

"""Bảng điều khiển — the Board's year at a glance: each target of the programme against what the flows and the
council have written, stage by stage; who is late for each milestone and who holds what now; last year beside.

The stages of a figure (each counts distinct people, or units, holding the target's title at that stage):

- **Đã đăng ký** (registered): the rows of the units' registrations of the campaign (a unit's collective title for a
  collective target);
- **Đã đề nghị** (proposed): proposals in the units' nomination dossiers the unit has sent (`submitted_at` set);
- **Hội đồng thông qua** (passed the council): proposals the council passed;
- **Quyết định / được khen** (awarded): the commendation history of the campaign's year — awards decided in the
  product and the imported history alike.

"Of which": a higher title counts toward the lower one it includes — CSTĐCS toward LĐTT (Luật TĐKT 2022 Đ23 k1,
the rule book's `meets_title`), and any title toward the base title a target counts it against; TTLĐXS toward
TTLĐTT (Chương trình thi đua năm 2024 mục II.5: "100 % … TTLĐTT; trong đó 10 % … TTLĐXS").

Bases: a share of all staff (active staff of the units in emulation), of all units, or of the achievers of the base
title *at the same stage* (CSTĐCS against LĐTT achievers); a unit with no achievers of the base title has no base
("không có cơ sở tính"), never a division by zero. A count target (≥ 1 Bằng khen) is a count.

Colour (`Status`), for each figure against its target:

- **met** (đạt chỉ tiêu): the figure reaches the target (≥ the target's value);
- **at risk** (có nguy cơ không đạt): below the target while its stage is still open;
- **missed** (không đạt chỉ tiêu): below the target once its stage is closed.

A stage is closed: registration and proposals once the units' milestone of that stage is past (its due date before
today); the council's and the awards once the campaign is marked "Đã tổng kết"; a past year known only from the
imported history is closed. Per unit, a target is coloured only where it reads for one unit (a share of staff or
of achievers, or 100 % of units); otherwise (10 % of units, a count for the Board) the unit's figure is shown and
counted into the Board's, uncoloured.

Bounded: the figures of a year take six queries (titles and rule book aside) whatever the number of units and staff;
the deadlines two more; the open tasks two.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from people import clock
from people.models import OrgUnit, Role, Staff
from people.selectors import units_for_emulation
from people.wording import role_label

from ..casework.access import BOARD_ROLES, OFFICE_ROLES, ROLE_TASK_PERMISSIONS, UNIT_SCOPED_ROLES, Actor
from ..casework.selectors import tasks_in_scope
from ..kinds import unit_kind_of_stage
from ..models import (
    AwardTitle,
    Campaign,
    Case,
    Commendation,
    Milestone,
    Proposal,
    RegistrationEntry,
    Target,
    step_title,
)
from ..selectors import rulebook_current

REGISTERED, PROPOSED, PASSED, AWARDED = "registered", "proposed", "passed", "awarded"
STAGES = (REGISTERED, PROPOSED, PASSED, AWARDED)
STAGE_LABELS = {
    REGISTERED: _("Đã đăng ký"),
    PROPOSED: _("Đã đề nghị"),
    PASSED: _("Hội đồng thông qua"),
    AWARDED: _("Quyết định, được khen"),
}
# The programme's "trong đó": a unit of TTLĐXS is one of the TTLĐTT units (Chương trình thi đua 2024 mục II.5).
COLLECTIVE_WITHIN = {"TTLDXS": frozenset({"TTLDTT"})}
TASKS_SHOWN = 100
ROWS_SHOWN = 100  # units listed per milestone and state on the page (the counts always cover every unit)
DRILL_PAGE_SIZE = 100

# Who sees the dashboard: the Board's leaders and the Văn phòng (every unit); a unit head (their unit).
VIEWER_ROLES = BOARD_ROLES | OFFICE_ROLES | {Role.UNIT_HEAD}


class Status:
    MET = "met"
    AT_RISK = "risk"
    MISSED = "missed"
    NO_BASE = "nobase"
    NEUTRAL = "neutral"

    LABELS = {
        MET: _("Đạt chỉ tiêu"),
        AT_RISK: _("Có nguy cơ không đạt"),
        MISSED: _("Không đạt chỉ tiêu"),
        NO_BASE: _("Không có cơ sở tính"),
        NEUTRAL: _("Không đánh giá riêng"),
    }


def dashboard_units(*, actor: Actor) -> QuerySet[OrgUnit] | None:
    """The units whose figures the actor may see: every unit in emulation for the Board and the Văn phòng, the
    units they head for a unit head; None for anyone else (answered 404)."""
    units = units_for_emulation().order_by("order", "name")
    if actor.sees_all:
        return units
    headed = {held.unit_id for held in actor.held if held.role == Role.UNIT_HEAD}
    if headed:
        return units.filter(pk__in=sorted(headed))
    return None


def dashboard_viewer(user) -> bool:
    """Whether the dashboard is in the user's menu (the roles are read once for the whole menu)."""
    from people.selectors import roles_held_today

    return any(held.role in VIEWER_ROLES for held in roles_held_today(user))


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    count: int
    base: int | None  # None: a count target, or no base ("không có cơ sở tính") when `status` says so
    share: Decimal | None
    status: str

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])


@dataclass
class TargetFigures:
    target: Target
    stages: list[tuple[str, Figure]]  # in STAGES order
    previous: list[tuple[str, Figure | None]] | None = None  # last year's, where there is a last year

    @property
    def pairs(self) -> list[tuple[str, Figure | None, Figure | None]]:
        """Each stage with this year's figure and last year's beside it."""
        before = dict(self.previous or [])
        return [(stage, figure, before.get(stage)) for stage, figure in self.stages]

    @property
    def is_count(self) -> bool:
        return self.target.measure == Target.Measure.COUNT

    @property
    def target_percent(self) -> Decimal:
        return self.target.value or Decimal(0)


@dataclass
class UnitFigures:
    unit: OrgUnit
    staff: int
    targets: list[TargetFigures]


@dataclass
class YearFigures:
    campaign: Campaign | None
    year: int
    stages_closed: dict[str, bool]
    board: list[TargetFigures]
    units: list[UnitFigures]
    stages_known: frozenset[str]  # a past year known only from the history has awards only


def _share(count: int, base: int) -> Decimal:
    """count/base in per cent to one decimal, half up, in integers (thousands of figures on a large page)."""
    tenths = (count * 2000 + base) // (2 * base)
    return Decimal(tenths).scaleb(-1)


def _status(*, reached: bool, closed: bool) -> str:
    if reached:
        return Status.MET
    return Status.MISSED if closed else Status.AT_RISK


def figure_of(*, target: Target, count: int, base: int | None, closed: bool, judged: bool = True) -> Figure:
    """One figure against its target (the colour rule of the module's docstring)."""
    value = target.value or Decimal(0)
    if target.measure == Target.Measure.COUNT:
        status = _status(reached=count >= value, closed=closed) if judged else Status.NEUTRAL
        return Figure(count=count, base=None, share=None, status=status)
    if not base:
        return Figure(count=count, base=None, share=None, status=Status.NO_BASE)
    share = _share(count, base)
    status = _status(reached=share >= value, closed=closed) if judged else Status.NEUTRAL
    return Figure(count=count, base=base, share=share, status=status)


def judged_per_unit(target: Target) -> bool:
    """Whether a unit's own figure is judged against the target (see the module's docstring)."""
    if target.measure == Target.Measure.COUNT:
        return False
    if target.base == Target.Base.ALL_UNITS:
        return (target.value or 0) >= 100
    return True


@dataclass(frozen=True)
class Counting:
    """What counts for a title: the title's id and every title that includes it ("of which")."""

    scope: str  # AwardTitle.Scope
    title_ids: frozenset[int]


def _titles() -> dict[str, AwardTitle]:
    return {title.code: title for title in AwardTitle.objects.all()}


def countings(*, targets: list[Target], titles: dict[str, AwardTitle], on: datetime.date) -> dict[str, Counting]:
    """For each title a target names (its own, and the base title it is counted against), the titles counting
    toward it."""
    book = rulebook_current()
    implied: dict[str, set[str]] = {}
    for code, title in titles.items():
        within = set(COLLECTIVE_WITHIN.get(code, ()))
        if title.scope == AwardTitle.Scope.INDIVIDUAL:
            within |= book.titles_implied([code], on=on) - {code}
        implied[code] = within
    for target in targets:
        if target.title_id and target.base_title_id:
            implied[target.title.code].add(target.base_title.code)
    needed = {t.title.code for t in targets if t.title_id} | {t.base_title.code for t in targets if t.base_title_id}
    result = {}
    for code in needed:
        codes = {code} | {other for other, within in implied.items() if code in within}
        result[code] = Counting(
            scope=titles[code].scope, title_ids=frozenset(titles[c].pk for c in codes if c in titles)
        )
    return result


def _annotations(countings_: dict[str, Counting], *, person: str, unit: str, extra: Q | None = None) -> dict:
    """Count(distinct person) per individual title and Count(distinct unit) per collective title, each over the
    rows of the titles counting toward it (a row with a person is an individual's; without, the unit's)."""
    annotations = {}
    for code, counting in countings_.items():
        individual = counting.scope == AwardTitle.Scope.INDIVIDUAL
        condition = Q(**{f"{person}__isnull": not individual}) & Q(title_id__in=sorted(counting.title_ids))
        if extra is not None:
            condition &= extra
        annotations[f"n_{code}"] = Count(person if individual else unit, distinct=True, filter=condition)
    return annotations


def _rows_by_unit(rows, codes) -> dict[int, dict[str, int]]:
    return {row["u"]: {code: row[f"n_{code}"] for code in codes} for row in rows if row["u"] is not None}


def stage_counts(
    *, campaign: Campaign | None, year: int, countings_: dict[str, Counting], unit_ids: list[int]
) -> dict[str, dict[int, dict[str, int]]]:
    """stage → unit id → title code → how many people (or units) hold the title at that stage. Four queries."""
    codes = list(countings_)
    counts: dict[str, dict[int, dict[str, int]]] = {stage: {} for stage in STAGES}
    if campaign is not None:
        individual = {c: k for c, k in countings_.items() if k.scope == AwardTitle.Scope.INDIVIDUAL}
        collective = {c: k for c, k in countings_.items() if k.scope == AwardTitle.Scope.COLLECTIVE}
        entries = (
            RegistrationEntry.objects.filter(
                case__campaign=campaign, case__kind=Case.Kind.REGISTRATION, case__unit_id__in=unit_ids
            )
            .values(u=F("case__unit_id"))
            .annotate(**_annotations(individual, person="staff_id", unit="case__unit_id"))
            .order_by()
        )
        registered = _rows_by_unit(entries, individual)
        registered_units = (
            Case.objects.filter(campaign=campaign, kind=Case.Kind.REGISTRATION, unit_id__in=unit_ids)
            .values(u=F("unit_id"))
            .annotate(
                **{
                    f"n_{code}": Count(
                        "unit_id", distinct=True, filter=Q(collective_title_id__in=sorted(counting.title_ids))
                    )
                    for code, counting in collective.items()
                }
            )
            .order_by()
        )
        for unit_id, by_code in _rows_by_unit(registered_units, collective).items():
            registered.setdefault(unit_id, {}).update(by_code)
        counts[REGISTERED] = registered
        proposals = Proposal.objects.filter(
            case__campaign=campaign, case__kind=Case.Kind.NOMINATION, case__unit_id__in=unit_ids
        )
        sent = Q(case__submitted_at__isnull=False)
        passed = Q(council_result=Proposal.CouncilResult.PASSED)
        annotations = {
            **_annotations(countings_, person="staff_id", unit="case__unit_id", extra=sent),
            **{
                f"p{key}": value
                for key, value in _annotations(
                    countings_, person="staff_id", unit="case__unit_id", extra=passed
                ).items()
            },
        }
        rows = list(proposals.values(u=F("case__unit_id")).annotate(**annotations).order_by())
        counts[PROPOSED] = _rows_by_unit(rows, codes)
        counts[PASSED] = {row["u"]: {code: row[f"pn_{code}"] for code in codes} for row in rows if row["u"] is not None}
    awards = (
        Commendation.objects.filter(year=year)
        .annotate(u=Coalesce("staff__unit_id", "unit_id"))
        .filter(u__in=unit_ids)
        .values("u")
        .annotate(**_annotations(countings_, person="staff_id", unit="unit_id"))
        .order_by()
    )
    counts[AWARDED] = _rows_by_unit(awards, codes)
    return counts


def stages_closed(*, campaign: Campaign | None, on: datetime.date) -> dict[str, bool]:
    """Which stages are over (the module's docstring)."""
    if campaign is None:
        return dict.fromkeys(STAGES, True)
    due = {
        m.kind: m.due_date for m in campaign.milestones.all() if m.owner == Milestone.Owner.UNITS
    }  # prefetched by the caller
    ended = campaign.status == Campaign.Status.CLOSED
    registration_due = due.get(Milestone.Kind.REGISTRATION)
    yearend_due = due.get(Milestone.Kind.YEAREND)
    return {
        REGISTERED: ended or (registration_due is not None and registration_due < on),
        PROPOSED: ended or (yearend_due is not None and yearend_due < on),
        PASSED: ended,
        AWARDED: ended,
    }


@dataclass(frozen=True)
class Scope:
    """What a figure is counted over: how many staff and units, and, per stage, how many hold each title."""

    staff: int
    units: int
    counts: dict[str, dict[str, int]]  # stage → title code → count


@dataclass(frozen=True)
class TargetPlan:
    """A target read once: its title's code, the base title's, and the flags the figures need."""

    target: Target
    code: str
    base_code: str | None
    judged_per_unit: bool


def _plan(target: Target) -> TargetPlan:
    return TargetPlan(
        target=target,
        code=target.title.code,
        base_code=target.base_title.code if target.base_title_id else None,
        judged_per_unit=judged_per_unit(target),
    )


def _target_figures(
    plan: TargetPlan, *, scope: Scope, closed: dict[str, bool], judged: bool, stages: frozenset[str]
) -> TargetFigures:
    target, row = plan.target, []
    for stage in STAGES:
        if stage not in stages:
            row.append((stage, None))
            continue
        by_code = scope.counts[stage]
        base = None
        if target.measure != Target.Measure.COUNT:
            if target.base == Target.Base.ALL_STAFF:
                base = scope.staff
            elif target.base == Target.Base.ALL_UNITS:
                base = scope.units
            elif target.base == Target.Base.TITLE_ACHIEVERS and plan.base_code:
                base = by_code.get(plan.base_code, 0)
            else:
                base = 0
        figure = figure_of(
            target=target, count=by_code.get(plan.code, 0), base=base, closed=closed[stage], judged=judged
        )
        row.append((stage, figure))
    return TargetFigures(target=target, stages=row)


def year_figures(
    *,
    campaign: Campaign | None,
    year: int,
    targets: list[Target],
    units: list[OrgUnit],
    staff: dict[int, int],
    titles: dict[str, AwardTitle],
    on: datetime.date,
    whole_board: bool,
    unit_targets: set[int] | None = None,
    units_sql=None,
) -> YearFigures:
    """The figures of one year for the units given: their total (the Board's, when `whole_board`) and each unit's.
    Each unit's counts are read once and summed once for the total: the work grows with units × targets, no more.
    `unit_targets`: the targets (ids) worked out for each unit (all when None; none when empty). `units_sql`: the
    same units as a query of their ids, for the SQL (a list of 500 ids costs more to pass than to count)."""
    targets = [t for t in targets if t.title_id and t.measure != Target.Measure.INDICATOR]
    plans = [_plan(t) for t in targets]
    unit_ids = [u.pk for u in units]
    end = campaign.end_date if campaign else datetime.date(year, 12, 31)
    counts = stage_counts(
        campaign=campaign,
        year=year,
        countings_=countings(targets=targets, titles=titles, on=end),
        unit_ids=unit_ids if units_sql is None else units_sql,
    )
    closed = stages_closed(campaign=campaign, on=on)
    known = frozenset(STAGES) if campaign is not None else frozenset({AWARDED})
    totals: dict[str, dict[str, int]] = {}
    for stage in STAGES:
        summed: dict[str, int] = defaultdict(int)
        for by_code in counts[stage].values():
            for code, count in by_code.items():
                summed[code] += count
        totals[stage] = summed
    whole = Scope(staff=sum(staff.get(u, 0) for u in unit_ids), units=len(unit_ids), counts=totals)
    board = [
        _target_figures(p, scope=whole, closed=closed, judged=whole_board or p.judged_per_unit, stages=known)
        for p in plans
    ]
    empty: dict[str, int] = {}
    unit_plans = [p for p in plans if unit_targets is None or p.target.pk in unit_targets]
    per_unit = []
    for unit in units:
        scope = Scope(
            staff=staff.get(unit.pk, 0),
            units=1,
            counts={stage: counts[stage].get(unit.pk, empty) for stage in STAGES},
        )
        per_unit.append(
            UnitFigures(
                unit=unit,
                staff=scope.staff,
                targets=[
                    _target_figures(p, scope=scope, closed=closed, judged=p.judged_per_unit, stages=known)
                    for p in unit_plans
                ],
            )
        )
    return YearFigures(
        campaign=campaign, year=year, stages_closed=closed, board=board, units=per_unit, stages_known=known
    )


@dataclass
class Dashboard:
    campaign: Campaign
    as_of: datetime.datetime
    units: list[OrgUnit]
    whole_board: bool
    current: YearFigures
    previous: YearFigures | None
    chosen: Target | None = None  # the target shown per unit on the page
    deadlines: list[MilestoneDeadlines] = field(default_factory=list)
    tasks: list[OpenTask] = field(default_factory=list)
    tasks_total: int = 0


def staff_counts(*, unit_ids: list[int]) -> dict[int, int]:
    return dict(
        Staff.objects.filter(is_active=True, unit_id__in=unit_ids)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("unit_id", "n")
    )


def dashboard_build(
    *,
    campaign: Campaign,
    units: list[OrgUnit],
    whole_board: bool,
    unit_target: int | None = None,
    full: bool = False,
    units_query: QuerySet[OrgUnit] | None = None,
) -> Dashboard:
    """Everything the page shows for the units given, in a bounded number of queries. Per unit, the page shows one
    target (`unit_target`, else the first) for this year; `full` (the export) works out every target per unit for
    both years. `units_query`: the query `units` were read from, used in the SQL instead of their ids."""
    now = clock.now()
    today = timezone.localdate(now)
    titles = _titles()
    targets = list(campaign.targets.select_related("title", "base_title").order_by("order"))
    shown = [t for t in targets if t.title_id and t.measure != Target.Measure.INDICATOR]
    chosen = next((t for t in shown if t.pk == unit_target), shown[0] if shown else None)
    per_unit = None if full else ({chosen.pk} if chosen else set())
    unit_ids = [u.pk for u in units] if units_query is None else units_query.order_by().values("pk")
    staff = staff_counts(unit_ids=unit_ids)
    common = {"targets": targets, "units": units, "staff": staff, "titles": titles, "on": today, "units_sql": unit_ids}
    current = year_figures(
        campaign=campaign, year=campaign.year, whole_board=whole_board, unit_targets=per_unit, **common
    )
    before = Campaign.objects.filter(year=campaign.year - 1).prefetch_related("milestones").first()
    has_history = before is not None or Commendation.objects.filter(year=campaign.year - 1).exists()
    previous = None
    if has_history:
        previous = year_figures(
            campaign=before,
            year=campaign.year - 1,
            whole_board=whole_board,
            unit_targets=None if full else set(),
            **common,
        )
        for now_row, then_row in zip(current.board, previous.board, strict=True):
            now_row.previous = then_row.stages
    tasks, total = open_tasks(campaign=campaign, unit_ids=unit_ids, today=today)
    return Dashboard(
        campaign=campaign,
        as_of=now,
        units=units,
        whole_board=whole_board,
        current=current,
        previous=previous,
        chosen=chosen,
        deadlines=milestone_deadlines(campaign=campaign, units=units, today=today, units_sql=unit_ids),
        tasks=tasks,
        tasks_total=total,
    )


def dashboard_campaign(*, year: int | None = None) -> Campaign | None:
    from ..selectors import campaign_current

    if year:
        return Campaign.objects.prefetch_related("milestones").filter(year=year).first()
    campaign = campaign_current()
    if campaign is None:
        return None
    return Campaign.objects.prefetch_related("milestones").get(pk=campaign.pk)


# ---------------------------------------------------------------------------
# Deadlines and who holds what
# ---------------------------------------------------------------------------


ON_TIME, LATE, NOT_YET = "on_time", "late", "not_yet"
SUBMISSION_LABELS = {ON_TIME: _("Đúng hạn"), LATE: _("Trễ hạn"), NOT_YET: _("Chưa gửi")}


@dataclass(frozen=True)
class Submission:
    """A unit and one milestone: when it sent its case (the unit's part done, as the reminders read it:
    `submitted_at`) and when the Văn phòng accepted it (`accepted_at`, as board_report_pending reads it)."""

    unit: OrgUnit
    case_id: int | None
    submitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    state: str
    days: int  # late: days after the due date it was sent; not yet: days overdue today (0 before the due date)

    @property
    def state_label(self) -> str:
        return str(SUBMISSION_LABELS[self.state])


@dataclass
class MilestoneDeadlines:
    milestone: Milestone
    rows: list[Submission]

    def of(self, state: str) -> list[Submission]:
        return [row for row in self.rows if row.state == state]

    @property
    def on_time(self):
        return self.of(ON_TIME)

    @property
    def late(self):
        return self.of(LATE)

    @property
    def not_yet(self):
        return self.of(NOT_YET)

    @property
    def behind(self) -> list[Submission]:
        """Late or not yet sent, in the units' order."""
        return [row for row in self.rows if row.state != ON_TIME]

    @property
    def behind_shown(self) -> list[Submission]:
        return self.behind[:ROWS_SHOWN]

    @property
    def behind_more(self) -> int:
        return max(len(self.behind) - ROWS_SHOWN, 0)

    @property
    def on_time_shown(self) -> list[Submission]:
        return self.on_time[:ROWS_SHOWN]

    @property
    def on_time_more(self) -> int:
        return max(len(self.on_time) - ROWS_SHOWN, 0)

    @property
    def is_past(self) -> bool:
        return self.milestone.due_date < clock.today()


def submission_of(*, unit, case: dict | None, due: datetime.date, today: datetime.date) -> Submission:
    submitted = case["submitted_at"] if case else None
    accepted = case["accepted_at"] if case else None
    if submitted is not None:
        day = timezone.localdate(submitted)
        state, days = (ON_TIME, 0) if day <= due else (LATE, (day - due).days)
    else:
        state, days = NOT_YET, max((today - due).days, 0)
    return Submission(
        unit=unit,
        case_id=case["pk"] if case else None,
        submitted_at=submitted,
        accepted_at=accepted,
        state=state,
        days=days,
    )


def milestone_deadlines(
    *, campaign: Campaign, units: list[OrgUnit], today: datetime.date, units_sql=None
) -> list[MilestoneDeadlines]:
    """For each milestone the units owe: each unit on time, late (how many days) or not yet. One query."""
    milestones = [m for m in campaign.milestones.all() if m.owner == Milestone.Owner.UNITS]
    kinds = {m.pk: unit_kind_of_stage(m.kind) for m in milestones}
    cases = {
        (row["unit_id"], row["kind"]): row
        for row in Case.objects.filter(
            campaign=campaign,
            kind__in=sorted(k for k in kinds.values() if k),
            unit_id__in=[u.pk for u in units] if units_sql is None else units_sql,
        ).values("pk", "unit_id", "kind", "submitted_at", "accepted_at")
    }
    return [
        MilestoneDeadlines(
            milestone=m,
            rows=[
                submission_of(unit=unit, case=cases.get((unit.pk, kinds[m.pk])), due=m.due_date, today=today)
                for unit in units
            ],
        )
        for m in sorted(milestones, key=lambda m: m.due_date)
    ]


@dataclass(frozen=True)
class OpenTask:
    case: Case
    step: str
    waiting_on: str
    assigned: bool
    since: datetime.datetime
    days: int


def _waiting_on(task) -> tuple[str, bool]:
    if task.owner_id:
        staff = getattr(task.owner, "staff", None)
        return (staff.full_name if staff else task.owner.get_full_name() or task.owner.get_username()), True
    roles = [role for role, perms in ROLE_TASK_PERMISSIONS.items() if task.owner_permission in perms]
    names = []
    for role in roles:
        label = role_label(role)
        names.append(f"{label} — {task.process.case.unit.name}" if role in UNIT_SCOPED_ROLES else label)
    return ", ".join(names) or str(_("Chưa giao")), False


def open_tasks(*, campaign: Campaign, unit_ids: list[int], today: datetime.date) -> tuple[list[OpenTask], int]:
    """Who holds what now: the campaign's steps waiting (in someone's inbox or in a queue), the oldest first; the
    first TASKS_SHOWN and how many there are. Two queries."""
    tasks = tasks_in_scope().filter(
        process__case__campaign=campaign,
        process__case__unit_id__in=unit_ids,
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )
    total = tasks.count()
    rows = []
    for task in tasks.select_related("owner__staff", "process__case__unit").order_by("created", "pk")[:TASKS_SHOWN]:
        waiting, assigned = _waiting_on(task)
        case = task.process.case
        rows.append(
            OpenTask(
                case=case,
                step=step_title(task.flow_task, case.agency_id),
                waiting_on=waiting,
                assigned=assigned,
                since=task.created,
                days=(today - timezone.localdate(task.created)).days,
            )
        )
    return rows, total


# ---------------------------------------------------------------------------
# Drill-down: the people or units behind a figure
# ---------------------------------------------------------------------------


@dataclass
class DrillDown:
    target: Target
    stage: str
    year: int
    scope: str
    page: object  # a Paginator page of Staff or OrgUnit


def drill_down(
    *, campaign: Campaign, target: Target, stage: str, year: int, units: list[OrgUnit], page: str | int | None
) -> DrillDown:
    """The people (or units) counted in one figure: a target, a stage, a year and the units given."""
    titles = _titles()
    end = campaign.end_date if campaign.year == year else datetime.date(year, 12, 31)
    counting = countings(targets=[target], titles=titles, on=end)[target.title.code]
    ids = sorted(counting.title_ids)
    unit_ids = [u.pk for u in units]
    source = campaign if campaign.year == year else Campaign.objects.filter(year=year).first()
    individual = counting.scope == AwardTitle.Scope.INDIVIDUAL
    if stage == AWARDED:
        awards = Commendation.objects.filter(year=year, title_id__in=ids)
        if individual:
            chosen = awards.filter(staff__unit_id__in=unit_ids).values("staff_id")
        else:
            chosen = awards.filter(unit_id__in=unit_ids).values("unit_id")
    elif source is None:
        chosen = None
    elif stage == REGISTERED:
        if individual:
            chosen = RegistrationEntry.objects.filter(
                case__campaign=source, case__kind=Case.Kind.REGISTRATION, case__unit_id__in=unit_ids, title_id__in=ids
            ).values("staff_id")
        else:
            chosen = Case.objects.filter(
                campaign=source, kind=Case.Kind.REGISTRATION, unit_id__in=unit_ids, collective_title_id__in=ids
            ).values("unit_id")
    else:
        proposals = Proposal.objects.filter(
            case__campaign=source, case__kind=Case.Kind.NOMINATION, case__unit_id__in=unit_ids, title_id__in=ids
        )
        if stage == PROPOSED:
            proposals = proposals.filter(case__submitted_at__isnull=False)
        else:
            proposals = proposals.filter(council_result=Proposal.CouncilResult.PASSED)
        chosen = (
            proposals.filter(staff__isnull=False).values("staff_id")
            if individual
            else proposals.filter(staff__isnull=True).values("case__unit_id")
        )
    if individual:
        rows = Staff.objects.filter(pk__in=chosen) if chosen is not None else Staff.objects.none()
        rows = rows.select_related("unit").order_by("unit__order", "unit__name", "full_name", "pk")
    else:
        rows = OrgUnit.objects.filter(pk__in=chosen) if chosen is not None else OrgUnit.objects.none()
        rows = rows.order_by("order", "name")
    return DrillDown(
        target=target,
        stage=stage,
        year=year,
        scope=counting.scope,
        page=Paginator(rows, DRILL_PAGE_SIZE).get_page(page),
    )


def export_rows(dashboard: Dashboard):
    """The figures as rows of the export: the Board's (or the unit head's total), then each unit's, each target
    and stage, this year and last."""
    previous_units = {u.unit.pk: u for u in dashboard.previous.units} if dashboard.previous else {}

    def lines(scope_name, targets, previous_targets):
        for index, row in enumerate(targets):
            then = previous_targets[index].stages if previous_targets else None
            for position, (stage, figure) in enumerate(row.stages):
                before = then[position][1] if then else None
                yield [
                    scope_name,
                    row.target.label,
                    str(STAGE_LABELS[stage]),
                    figure.count if figure else None,
                    figure.base if figure else None,
                    float(figure.share) if figure and figure.share is not None else None,
                    figure.status_label if figure else "",
                    before.count if before else None,
                    float(before.share) if before and before.share is not None else None,
                ]

    total_name = str(_("Toàn cơ quan")) if dashboard.whole_board else str(_("Tổng các đơn vị được xem"))
    yield from lines(total_name, dashboard.current.board, dashboard.previous.board if dashboard.previous else None)
    for unit_figures in dashboard.current.units:
        before = previous_units.get(unit_figures.unit.pk)
        yield from lines(unit_figures.unit.name, unit_figures.targets, before.targets if before else None)


def export_headers() -> list[str]:
    return [
        str(_("Phạm vi")),
        str(_("Chỉ tiêu")),
        str(_("Giai đoạn")),
        str(_("Số đạt")),
        str(_("Cơ sở tính")),
        str(_("Tỷ lệ (%)")),
        str(_("Đánh giá")),
        str(_("Năm trước: số đạt")),
        str(_("Năm trước: tỷ lệ (%)")),
    ]

"""Reads about campaigns: the current one, its next milestone and what its targets mean."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from people import clock

from .models import AwardTitle, Campaign, DocumentKind, EligibilityRule, LawPeriod, Milestone, TitleRule
from .rules.rulebook import RuleBook, rulebook_from_data, rulebook_vocabulary


def campaign_current(*, on: datetime.date | None = None) -> Campaign | None:
    """The campaign whose period holds the day; else the latest active one; else the latest."""
    on = on or clock.today()
    return (
        Campaign.objects.filter(start_date__lte=on, end_date__gte=on).first()
        or Campaign.objects.filter(status=Campaign.Status.ACTIVE).order_by("-year").first()
        or Campaign.objects.order_by("-year").first()
    )


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: Milestone
    days_left: int

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def is_due_soon(self) -> bool:
        return 0 <= self.days_left <= 7


def milestones_with_days_left(*, campaign: Campaign, on: datetime.date | None = None) -> list[MilestoneStatus]:
    on = on or clock.today()
    return [MilestoneStatus(m, (m.due_date - on).days) for m in campaign.milestones.all()]


def milestone_next(
    *, campaign: Campaign, on: datetime.date | None = None, owner: str | None = None
) -> MilestoneStatus | None:
    """The first milestone due on or after the day (optionally only those a given side owes)."""
    on = on or clock.today()
    milestones: QuerySet[Milestone] = campaign.milestones.filter(due_date__gte=on)
    if owner:
        milestones = milestones.filter(owner=owner)
    first = milestones.order_by("due_date").first()
    return MilestoneStatus(first, (first.due_date - on).days) if first else None


def campaign_detail(*, year: int) -> Campaign:
    return Campaign.objects.prefetch_related("milestones", "targets__title", "targets__base_title").get(year=year)


def rule_in_force(*, title: AwardTitle, on: datetime.date) -> TitleRule | None:
    """The title's rule for an achievement on that day (the law of that period)."""
    for rule in title.rules.all():
        if rule.in_force_on(on):
            return rule
    return None


def document_kinds_all() -> dict[str, DocumentKind]:
    """Every document kind by code, in one query (retired ones included: old files and rules still name them)."""
    return {kind.code: kind for kind in DocumentKind.objects.all()}


def document_kind_choices(*, on: datetime.date | None = None, per_nominee: bool | None = None) -> list[tuple[str, str]]:
    """What may be chosen as a file's kind on a day (the achievement year's end for a case): active kinds in
    force, in their order; `per_nominee` narrows to one nominee's own documents."""
    kinds = DocumentKind.objects.in_force(on)
    if per_nominee is not None:
        kinds = kinds.filter(per_nominee=per_nominee)
    return [(kind.code, kind.label) for kind in kinds]


def eligibility_rule_data(rule: EligibilityRule) -> dict:
    """One rule row shaped as a row of workflows/data/eligibility.yaml."""
    return {
        "id": rule.code,
        "title": rule.title or None,
        "scope": rule.scope,
        "kind": rule.kind,
        "params": rule.params,
        "effective_from": rule.effective_from,
        "effective_to": rule.effective_to,
        "citation": rule.citation,
        "basis": rule.basis,
        "severity": rule.severity,
        "applies_to": rule.applies_to or None,
    }


def law_period_data(period: LawPeriod) -> dict:
    return {
        "code": period.code,
        "name": period.name,
        "effective_from": period.effective_from,
        "effective_to": period.effective_to,
        "citation": period.citation,
        "basis": period.basis,
        "verified": period.verified,
        "lower_form_not_prerequisite": period.lower_form_not_prerequisite,
    }


def _replaced(rows: list, row) -> list:
    if row is None:
        return rows
    return [*(other for other in rows if other.pk is None or other.pk != row.pk), row]


def rulebook_data(*, replacing: EligibilityRule | LawPeriod | None = None) -> dict:
    """The rule book as the database holds it, in the shape of the rules file (two queries); with `replacing`,
    as it would be once that row (a rule or a period, new or edited, not yet saved) is saved."""
    rules = list(EligibilityRule.objects.all())
    periods = list(LawPeriod.objects.all())
    if isinstance(replacing, EligibilityRule):
        rules = _replaced(rules, replacing)
    elif isinstance(replacing, LawPeriod):
        periods = sorted(_replaced(periods, replacing), key=lambda period: period.effective_from)
    return {
        **rulebook_vocabulary(),
        "periods": [law_period_data(period) for period in periods],
        "rules": [eligibility_rule_data(rule) for rule in rules],
    }


def rulebook_current() -> RuleBook:
    """The eligibility rules in force as data — the rows loaded from the file plus those added or dated in the
    admin — checked as the loader checks the file. A caller judging many people reads it once and passes it on."""
    return rulebook_from_data(rulebook_data())

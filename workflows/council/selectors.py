"""Reads on council sessions: the agenda, who has voted, the tallies (always from the stored votes)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case as SqlCase
from django.db.models import Count, Q, QuerySet, Value, When
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people.models import CouncilMembership

from ..models import Campaign, Case
from ..rules import council as council_rules
from .models import AgendaItem, Ballot, CouncilSession


def council_members(*, year: int) -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.filter(year=year).select_related("staff__user", "staff__unit")


def membership_of(*, user, year: int) -> CouncilMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CouncilMembership.objects.filter(year=year, staff__user=user, staff__is_active=True).first()


def cases_awaiting_council(*, campaign: Campaign) -> QuerySet[Case]:
    """Nomination dossiers the Văn phòng has accepted (the province's cases its Ban TĐKT has), at the council stage,
    not yet on any session."""
    from ..kinds import council_nodes, kinds_with_council

    waiting = Task.objects.filter(flow_task__in=council_nodes(), status=STATUS.NEW).values("process_id")
    return (
        Case.objects.filter(campaign=campaign, kind__in=kinds_with_council(), pk__in=waiting)
        .exclude(proposals__agenda_item__isnull=False)
        .select_related("unit")
        .order_by("unit__order", "unit__name")
    )


def session_items(*, session: CouncilSession) -> QuerySet[AgendaItem]:
    return session.items.select_related("proposal__staff__unit", "proposal__title", "proposal__case__unit").order_by(
        "order", "pk"
    )


POSITION_ORDER = SqlCase(
    *(When(member__position=code, then=Value(rank)) for rank, code in enumerate(["chair", "vice_chair", "secretary"])),
    default=Value(9),
)


def session_ballots(*, session: CouncilSession) -> QuerySet[Ballot]:
    """Chair, vice-chair, secretary, then the members by name."""
    return (
        session.ballots.select_related("member__staff__user", "member__staff__unit", "entered_by")
        .annotate(rank=POSITION_ORDER)
        .order_by("rank", "member__staff__full_name")
    )


@dataclass(frozen=True)
class Tally:
    item: AgendaItem
    approvals: int
    rejections: int
    not_voted: int
    members: int
    share: Decimal  # approvals as % of all members
    passed: bool


def tallies(*, session: CouncilSession) -> list[Tally]:
    """Per agenda item: approvals, rejections and not voted, counted from submitted ballots only."""
    members = session.ballots.count()
    counted = Q(votes__ballot__status=Ballot.Status.SUBMITTED)
    items = session_items(session=session).annotate(
        yes=Count("votes", filter=counted & Q(votes__approve=True)),
        no=Count("votes", filter=counted & Q(votes__approve=False)),
    )
    result = []
    for item in items:
        result.append(
            Tally(
                item=item,
                approvals=item.yes,
                rejections=item.no,
                not_voted=members - item.yes - item.no,
                members=members,
                share=council_rules.share_percent(item.yes, members),
                passed=council_rules.passes(
                    approvals=item.yes,
                    members=members,
                    percent=item.threshold_percent,
                    strictly_above=item.strictly_above,
                ),
            )
        )
    return result


@dataclass(frozen=True)
class Attendance:
    members: int
    present: int
    written: int
    not_voted: int
    quorum_met: bool


def attendance(*, session: CouncilSession) -> Attendance:
    ballots = list(session.ballots.all())
    present = sum(1 for b in ballots if b.present)
    written = sum(1 for b in ballots if b.method == Ballot.Method.WRITTEN and b.status == Ballot.Status.SUBMITTED)
    return Attendance(
        members=len(ballots),
        present=present,
        written=written,
        not_voted=sum(1 for b in ballots if b.status != Ballot.Status.SUBMITTED),
        quorum_met=council_rules.quorum_met(
            present=present,
            members=len(ballots),
            numerator=session.quorum_numerator,
            denominator=session.quorum_denominator,
        ),
    )


@dataclass(frozen=True)
class MinutesPeople:
    """Who the minutes name: the chair and the secretary (if the council has them), who attended (voted on the
    system) and who did not (a written vote, or none), in the order of `session_ballots`."""

    chair: CouncilMembership | None
    secretary: CouncilMembership | None
    present: list[Ballot]
    absent: list[Ballot]


def minutes_people(*, session: CouncilSession) -> MinutesPeople:
    ballots = list(session_ballots(session=session))
    position = CouncilMembership.Position
    return MinutesPeople(
        chair=next((b.member for b in ballots if b.member.position == position.CHAIR), None),
        secretary=next((b.member for b in ballots if b.member.position == position.SECRETARY), None),
        present=[b for b in ballots if b.present],
        absent=[b for b in ballots if not b.present],
    )


def sessions_visible(*, user, actor) -> QuerySet[CouncilSession]:
    """The Văn phòng and the Board's leaders see every session; a council member sees their years' sessions."""
    sessions = CouncilSession.objects.select_related("campaign")
    if actor.sees_all:
        return sessions
    return sessions.filter(campaign__year__in=sorted(actor.council_years))

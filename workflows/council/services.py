"""Writes on council sessions: open, add dossiers, cast a ballot, enter a written vote, close, reopen.

A ballot is written under a lock on its row, so concurrent submissions never lose or double a vote;
closing locks the session row and is a no-op the second time. Closing hands each dossier's result to
the nomination flow (casework.services.council_result_record), which moves it on.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people import clock
from people.models import CouncilMembership
from people.tenancy import agency_scope

from .. import files as filetypes
from ..casework import services as case_services
from ..documents.services import council_documents_file, council_drafts_withdraw
from ..models import AwardTitle, Campaign, Case, CaseEvent, Proposal
from ..rules import council as council_rules
from ..selectors import rule_in_force
from . import results as council_results
from . import selectors
from .models import AgendaItem, Ballot, CouncilSession, SessionEvent, Vote

log = logging.getLogger(__name__)


def _announce_later(session_id: int) -> None:
    """After the commit, have a worker tell the members (or the chair) what this change made due; if the broker
    is down, the next reminder sweep does it (same keys)."""

    def send():
        from ..tasks import council_notices

        try:
            council_notices.delay(session_id)
        except Exception:  # the broker is down: the sweep catches up
            log.warning("could not enqueue the notices of session %s; the next sweep sends them", session_id)

    transaction.on_commit(send)


def _agenda_add(*, session: CouncilSession, cases) -> int:
    titles = {t.pk: t for t in AwardTitle.objects.prefetch_related("rules")}
    added = 0
    order = session.items.count()
    proposals = (
        Proposal.objects.filter(case__in=cases, agenda_item__isnull=True)
        .select_related("title")
        .order_by("title__scope", "title__order", "case__unit__order", "order", "pk")
    )
    for proposal in proposals:
        title = titles[proposal.title_id]
        rule = rule_in_force(title=title, on=session.campaign.end_date)
        threshold = council_rules.threshold_for(title=title, rule=rule, majority_percent=session.majority_percent)
        AgendaItem.objects.create(
            session=session,
            proposal=proposal,
            threshold_percent=threshold.percent,
            strictly_above=threshold.strictly_above,
            secret=threshold.secret,
            citation=threshold.citation,
            order=order,
        )
        order += 1
        added += 1
    return added


def _office_only(actor) -> None:
    from ..casework.access import actor_of

    if not actor_of(actor).is_office:
        raise PermissionDenied(_("Chỉ Văn phòng (cơ quan thường trực của Hội đồng) được làm việc này."))


@transaction.atomic
def session_open(*, campaign: Campaign, held_at: datetime.datetime, place: str, cases, actor) -> CouncilSession:
    """Mở phiên họp: the agenda is every nominee of the chosen dossiers; every member of the year gets a ballot."""
    _office_only(actor)
    members = list(selectors.council_members(year=campaign.year))
    if not members:
        raise ValidationError(_("Chưa có danh sách Hội đồng TĐKT năm %(year)s.") % {"year": campaign.year})
    waiting = set(selectors.cases_awaiting_council(campaign=campaign).values_list("pk", flat=True))
    chosen = [case for case in cases if case.pk in waiting]
    if not chosen:
        raise ValidationError(_("Chưa có hồ sơ nào đang chờ Hội đồng để đưa vào phiên họp."))
    session = CouncilSession.objects.create(
        campaign=campaign,
        held_at=held_at,
        place=place,
        quorum_numerator=campaign.council_quorum_numerator,
        quorum_denominator=campaign.council_quorum_denominator,
        majority_percent=campaign.council_majority_percent,
        opened_by=actor,
    )
    added = _agenda_add(session=session, cases=chosen)
    Ballot.objects.bulk_create(Ballot(session=session, member=m) for m in members)
    SessionEvent.objects.create(
        session=session,
        actor=actor,
        action=SessionEvent.Action.OPENED,
        data={"what": "opened", "cases": len(chosen), "items": added, "members": len(members)},
    )
    _announce_later(session.pk)
    return session


def session_add_cases(*, session: CouncilSession, cases, actor) -> int:
    """Add dossiers accepted later — only until the session starts, and while nobody has voted."""
    _office_only(actor)
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if session.status != CouncilSession.Status.OPEN or clock.now() >= session.held_at:
            raise ValidationError(_("Phiên họp đã bắt đầu; không bổ sung hồ sơ được nữa."))
        if session.ballots.exclude(status=Ballot.Status.PENDING).exists():
            raise ValidationError(_("Đã có thành viên bỏ phiếu; không bổ sung hồ sơ được nữa."))
        waiting = set(selectors.cases_awaiting_council(campaign=session.campaign).values_list("pk", flat=True))
        chosen = [case for case in cases if case.pk in waiting]
        added = _agenda_add(session=session, cases=chosen)
        if added:
            SessionEvent.objects.create(
                session=session,
                actor=actor,
                action=SessionEvent.Action.ITEMS_ADDED,
                comment=", ".join(str(c.unit) for c in chosen),
            )
            _announce_later(session.pk)
        return added


def _votes_write(*, ballot: Ballot, votes: dict[int, tuple[bool | None, str]], complete: bool) -> None:
    items = {item.pk for item in ballot.session.items.all()}
    unknown = set(votes) - items
    if unknown:
        raise ValidationError(_("Phiếu có mục không thuộc chương trình họp."))
    if complete and any(votes.get(pk, (None, ""))[0] is None for pk in items):
        raise ValidationError(_("Hãy chọn đồng ý hoặc không đồng ý cho mọi đề nghị trước khi gửi phiếu."))
    for pk, (approve, comment) in votes.items():
        Vote.objects.update_or_create(
            ballot=ballot, item_id=pk, defaults={"approve": approve, "comment": comment[:500]}
        )


def ballot_save(*, ballot: Ballot, user, votes: dict[int, tuple[bool | None, str]], submit: bool) -> Ballot:
    """A member saves a draft or submits their own ballot; after submission it cannot change."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("session", "member__staff").get(pk=ballot.pk)
        if ballot.member.staff.user_id != user.pk:
            raise PermissionDenied(_("Đây không phải phiếu của anh/chị."))
        if ballot.status == Ballot.Status.SUBMITTED:
            raise ValidationError(_("Phiếu đã gửi, không thay đổi được."))
        if ballot.session.status != CouncilSession.Status.OPEN:
            raise ValidationError(_("Phiên họp đã kết thúc."))
        _votes_write(ballot=ballot, votes=votes, complete=submit)
        if submit:
            ballot.status, ballot.method, ballot.submitted_at = (
                Ballot.Status.SUBMITTED,
                Ballot.Method.ONLINE,
                clock.now(),
            )
        else:
            ballot.status = Ballot.Status.DRAFT
        ballot.save()
        if submit:
            _announce_later(ballot.session_id)
        return ballot


def may_enter_written_votes(*, user, session: CouncilSession) -> bool:
    """The council's secretary, or the Văn phòng as its standing body."""
    from ..casework.access import actor_of

    membership = selectors.membership_of(user=user, year=session.campaign.year)
    return actor_of(user).is_office or (
        membership is not None and membership.position == CouncilMembership.Position.SECRETARY
    )


def written_vote_enter(*, ballot: Ballot, user, votes: dict[int, tuple[bool | None, str]], paper) -> Ballot:
    """Phiếu bằng văn bản — an absent member's signed paper vote, entered with the scan attached."""
    kind = filetypes.validate_upload(paper)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("session__campaign").get(pk=ballot.pk)
        if not may_enter_written_votes(user=user, session=ballot.session):
            raise PermissionDenied(_("Chỉ thư ký Hội đồng hoặc Văn phòng được nhập phiếu bằng văn bản."))
        if ballot.status == Ballot.Status.SUBMITTED:
            raise ValidationError(_("Thành viên này đã bỏ phiếu; không nhập thêm được."))
        if ballot.session.status != CouncilSession.Status.OPEN:
            raise ValidationError(_("Phiên họp đã kết thúc."))
        _votes_write(ballot=ballot, votes=votes, complete=True)
        paper.seek(0)
        ballot.paper.save(filetypes.storage_name(kind), paper, save=False)
        ballot.paper_name = filetypes.display_name(paper.name, kind)
        ballot.status, ballot.method = Ballot.Status.SUBMITTED, Ballot.Method.WRITTEN
        ballot.submitted_at = clock.now()
        ballot.entered_by = user
        ballot.save()
        SessionEvent.objects.create(
            session=ballot.session,
            actor=user,
            action=SessionEvent.Action.WRITTEN_VOTE,
            comment=str(ballot.member.staff),
        )
        _announce_later(ballot.session_id)
        return ballot


def is_chair(*, user, session: CouncilSession) -> bool:
    membership = selectors.membership_of(user=user, year=session.campaign.year)
    return membership is not None and membership.position == CouncilMembership.Position.CHAIR


def session_close(*, session: CouncilSession, user, conclusion: str = "") -> CouncilSession:
    """The chair closes: quorum checked, results computed from the ballots, every dossier moved on.
    Closing a closed session does nothing."""
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().select_related("campaign").get(pk=session.pk)
        if session.status == CouncilSession.Status.CLOSED:
            return session
        if not is_chair(user=user, session=session):
            raise PermissionDenied(_("Chỉ Chủ tịch Hội đồng được kết thúc phiên họp."))
        present = selectors.attendance(session=session)
        if not present.quorum_met:
            raise ValidationError(
                _(
                    "Chưa đủ số thành viên có mặt: %(present)s/%(members)s, cần ít nhất "
                    "%(num)s/%(den)s tổng số thành viên."
                )
                % {
                    "present": present.present,
                    "members": present.members,
                    "num": session.quorum_numerator,
                    "den": session.quorum_denominator,
                }
            )
        results: dict[int, dict[int, tuple[bool, str]]] = {}
        figures: dict[int, dict] = {}
        for tally in selectors.tallies(session=session):
            proposal = tally.item.proposal
            results.setdefault(proposal.case_id, {})[proposal.pk] = (tally.passed, "")
            figures[proposal.pk] = council_results.figures_of(tally)
        session.status, session.closed_at, session.closed_by = CouncilSession.Status.CLOSED, clock.now(), user
        session.conclusion = conclusion
        session.save()
        SessionEvent.objects.create(session=session, actor=user, action=SessionEvent.Action.CLOSED)
        day = timezone.localdate(session.held_at).isoformat()
        for case in Case.objects.filter(pk__in=results).order_by("pk"):
            case_results = results[case.pk]
            passed = sum(1 for ok, _note in case_results.values() if ok)
            case_services.council_result_record(
                case=case,
                results=case_results,
                actor=user,
                figures={pk: figures[pk] for pk in case_results},
                event_data={"what": "council_session", "day": day, "passed": passed, "total": len(case_results)},
            )
            failed = [
                {"nominee": p.nominee_name, "title": p.title.short_name, "figures": figures[p.pk]}
                for p in case.proposals.select_related("staff", "title")
                if not case_results[p.pk][0]
            ]
            _tell_unit(case=case, session=session, results=case_results, figures=figures)
            if failed:
                case_services.event_add(
                    case=case,
                    action=CaseEvent.Action.COUNCIL,
                    actor=user,
                    data={"what": "council_failed", "items": failed},
                )
        _documents_later(session=session, user=user)
        return session


def _documents_later(*, session: CouncilSession, user) -> None:
    """Once the close is committed, the minutes and the vote count are written and filed as drafts in each case.
    After the commit, so that writing them never holds the session's lock nor undoes a close: a failure is logged
    and the chair's close stands (the minutes page's Word buttons write them again at any time)."""
    session_id, agency_id = session.pk, session.agency_id

    def write():
        try:
            with agency_scope(agency_id):
                council_documents_file(session=CouncilSession.objects.get(pk=session_id), user=user)
        except Exception:
            log.exception("the documents of council session %s were not filed", session_id)

    transaction.on_commit(write)


def _tell_unit(*, case: Case, session: CouncilSession, results: dict[int, tuple[bool, str]], figures) -> None:
    """The unit's clerk and head learn the council's result for their dossier, with the figures, by email
    (written to the outbox now, sent after the commit; in the product's language, whatever the chair reads)."""
    from django.urls import reverse

    from notifications import services as outbox
    from people.models import Role

    from ..reminders import Directory, absolute

    directory = Directory(clock.today())
    people = {u.pk: u for role in (Role.UNIT_CLERK, Role.UNIT_HEAD) for u in directory.of(role, case.unit_id)}
    proposals = list(case.proposals.select_related("staff", "title"))
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            {
                "nominee": p.nominee_name,
                "title": p.title.name,
                "passed": results[p.pk][0],
                "figures": council_results.figures_text(figures[p.pk]),
            }
            for p in proposals
            if p.pk in results
        ]
        context = {
            "unit": case.unit.name,
            "day": timezone.localdate(session.held_at),
            "passed": sum(1 for line in lines if line["passed"]),
            "total": len(lines),
            "results": lines,
            "link": absolute(reverse("cases:case", kwargs={"pk": case.pk})),
        }
        for user in people.values():
            outbox.message_enqueue(
                key=f"council:{session.pk}:{case.pk}:{session.closed_at:%Y%m%d%H%M%S}:{user.pk}",
                kind="council_result",
                user=user,
                template="notifications/email/council_result",
                context={**context, "person": user.get_full_name() or user.username},
            )


def session_reopen(*, session: CouncilSession, user, reason: str) -> CouncilSession:
    """Mở lại — only the chair, only before any decision on its dossiers is recorded; logged with the reason."""
    if not reason.strip():
        raise ValidationError(_("Phải ghi lý do mở lại phiên họp."))
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().select_related("campaign").get(pk=session.pk)
        if session.status != CouncilSession.Status.CLOSED:
            return session
        if not is_chair(user=user, session=session):
            raise PermissionDenied(_("Chỉ Chủ tịch Hội đồng được mở lại phiên họp."))
        cases = Case.objects.filter(proposals__agenda_item__session=session).distinct().order_by("pk")
        for case in cases:
            case_services.council_result_revert(case=case, actor=user, reason=reason)
        council_drafts_withdraw(session=session)
        session.status, session.closed_at, session.closed_by = CouncilSession.Status.OPEN, None, None
        session.save()
        SessionEvent.objects.create(session=session, actor=user, action=SessionEvent.Action.REOPENED, comment=reason)
        return session

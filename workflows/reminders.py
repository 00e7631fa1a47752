"""Nhắc hạn — who owes what by which date, worked out from the database at a given moment.

Nothing here sends mail: `reminders_due` lists the reminders owed at `now`, each under a key naming the
recipient, what it is about and the slot (e.g. "7 days before"), and `reminders_sweep` hands them to the
outbox, which writes each key once. Run the sweep as often as you like, twice at once, or after days of
downtime: it only ever adds what is missing, and a slot whose moment has passed (a "7 days left" after
the deadline) is never sent late.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from notifications import services as outbox
from notifications.models import Preference
from people import clock
from people.models import Delegation, OrgUnit, Role, RoleAssignment
from people.selectors import units_for_emulation
from people.tenancy import agencies_each, agency_unscoped

from .casework.access import ROLE_TASK_PERMISSIONS, UNIT_SCOPED_ROLES
from .kinds import StepRole, board_kind_of_stage, case_kind, unit_kind_of_stage
from .models import DEFAULT_STEP_DAYS, Campaign, Case, Milestone, step_title
from .province_reports import province_milestone_reminders

# A new or returned task is announced only while it is fresh (not the history of a first deployment).
NEW_TASK_WINDOW = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str  # milestone | escalation | task_new | task_returned | task_late | ballot_invite | ballot_reminder | …
    category: str  # which preference decides: "reminders" or "tasks"
    user: object
    template: str
    context: dict = field(hash=False, compare=False)
    summary: str = ""
    link: str = ""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class Directory:
    """Who holds which role in which unit on a day, delegates included, read in two queries."""

    def __init__(self, day: datetime.date):
        self.holders: dict[tuple[str, int], list] = defaultdict(list)
        self.delegates: dict[tuple[int, str, int], list] = defaultdict(list)  # (holder user, role, unit) → delegates
        assignments = RoleAssignment.objects.filter(
            is_active=True, staff__is_active=True, staff__user__is_active=True
        ).select_related("staff__user")
        for ra in assignments:
            self._add((ra.role, ra.unit_id), ra.staff.user)
        delegations = Delegation.objects.filter(
            start_date__lte=day,
            end_date__gte=day,
            role_assignment__is_active=True,
            delegate__is_active=True,
            delegate__user__is_active=True,
        ).select_related("delegate__user", "role_assignment__staff")
        for d in delegations:
            ra = d.role_assignment
            self._add((ra.role, ra.unit_id), d.delegate.user)
            if ra.staff.user_id:
                self.delegates[(ra.staff.user_id, ra.role, ra.unit_id)].append(d.delegate.user)

    def _add(self, key, user):
        if user is not None and all(u.pk != user.pk for u in self.holders[key]):
            self.holders[key].append(user)

    def of(self, role: str, unit_id: int | None = None) -> list:
        if unit_id is not None:
            return list(self.holders.get((role, unit_id), []))
        people: dict[int, object] = {}
        for (held_role, _unit), users in self.holders.items():
            if held_role == role:
                people.update((u.pk, u) for u in users)
        return list(people.values())

    def able(self, permission: str, unit_id: int) -> list:
        """Everyone who may do a step needing `permission` on `unit_id`."""
        people: dict[int, object] = {}
        for role, permissions in ROLE_TASK_PERMISSIONS.items():
            if permission in permissions:
                for user in self.of(role, unit_id if role in UNIT_SCOPED_ROLES else None):
                    people[user.pk] = user
        return list(people.values())

    def standing_in_for(self, owner_id: int, permission: str, unit_id: int) -> list:
        """The delegates of a task's owner for the role that grants the step, while the delegation runs."""
        people = []
        for (holder, role, unit), delegates in self.delegates.items():
            grants = holder == owner_id and permission in ROLE_TASK_PERMISSIONS.get(role, ())
            if grants and (role not in UNIT_SCOPED_ROLES or unit == unit_id):
                people += delegates
        return people


def at_hour(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def milestone_slot(*, milestone: Milestone, campaign: Campaign, now: datetime.datetime) -> tuple[str, str] | None:
    """The reminder slot in force at `now` (label, kind), or None.

    It is the latest slot whose moment has come, while it is still useful: until the next slot's moment
    (the last escalation: for one more period), and a before-the-deadline slot never after the deadline's
    day. So after days of downtime only the newest reminder goes out, and a "7 days left" never goes late."""
    due, hour, every = milestone.due_date, campaign.reminder_hour, campaign.escalation_every_days
    slots = sorted(
        [
            (at_hour(due - datetime.timedelta(days=d), hour), f"truoc-{d}", "milestone")
            for d in set(campaign.reminder_days_before)
        ]
        + [
            (at_hour(due + datetime.timedelta(days=i * every), hour), f"qua-han-{i}", "escalation")
            for i in range(1, campaign.escalation_times + 1)
        ]
    )
    passed = [index for index, slot in enumerate(slots) if slot[0] <= now]
    if not passed:
        return None
    index = passed[-1]
    moment, label, kind = slots[index]
    expires = slots[index + 1][0] if index + 1 < len(slots) else moment + datetime.timedelta(days=max(every, 1))
    if now >= expires or (kind == "milestone" and timezone.localdate(now) > due):
        return None
    return label, kind


def _owing(milestone: Milestone, campaign: Campaign) -> list[tuple[OrgUnit, Case | None, str]]:
    """The units (or the Văn phòng) that still owe the milestone, with their case and what is missing."""
    result = []
    if milestone.owner == Milestone.Owner.UNITS:
        kind = unit_kind_of_stage(milestone.kind)
        cases = {c.unit_id: c for c in Case.objects.filter(campaign=campaign, kind=kind)}
        for unit in units_for_emulation().order_by("order", "name"):
            case = cases.get(unit.pk)
            if case is None or case.submitted_at is None:
                missing = _("Đơn vị chưa gửi: %(what)s.") % {"what": Case.Kind(kind).label}
                result.append((unit, case, missing))
        return result
    office = OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE, is_active=True).first()
    if office is None:
        return result
    board_kind = board_kind_of_stage(milestone.kind)
    if board_kind is not None:
        case = Case.objects.filter(campaign=campaign, kind=board_kind).first()
        # Sent into the province's system and waiting for its receipt: nothing owed (a return clears submitted_at).
        if case is None or (case.finished is None and case.submitted_at is None):
            result.append((office, case, _("Văn phòng chưa ghi nhận văn bản gửi cấp trên.")))
        return result
    # A stage with no consolidated case (year-end): the Văn phòng owes it while the units' dossiers have not
    # all reached the council.
    open_nominations = Case.objects.filter(
        campaign=campaign, kind=unit_kind_of_stage(milestone.kind), finished__isnull=True, council_at__isnull=True
    )
    if open_nominations.exists():
        result.append(
            (office, None, _("Còn %(count)s hồ sơ đề nghị chưa qua Hội đồng.") % {"count": open_nominations.count()})
        )
    return result


def _milestone_reminders(*, campaign: Campaign, now, directory: Directory) -> list[Reminder]:
    today = timezone.localdate(now)
    reminders = []
    for milestone in campaign.milestones.all():
        if milestone.owner == Milestone.Owner.AGENCIES:
            continue  # what the agencies owe the province: workflows.province_reports
        slot = milestone_slot(milestone=milestone, campaign=campaign, now=now)
        if slot is None:
            continue
        label, kind = slot
        for unit, case, missing in _owing(milestone, campaign):
            if milestone.owner == Milestone.Owner.UNITS:
                roles = [(Role.UNIT_CLERK, unit.pk), (Role.UNIT_HEAD, unit.pk)]
                if kind == "escalation":
                    roles = [(Role.UNIT_HEAD, unit.pk), (Role.OFFICE_CHIEF, None)]
            else:
                roles = [(Role.OFFICE_OFFICER, None), (Role.OFFICE_CHIEF, None)]
                if kind == "escalation":
                    roles = [(Role.OFFICE_CHIEF, None)]
            people = {u.pk: u for role, unit_id in roles for u in directory.of(role, unit_id)}
            days = (milestone.due_date - today).days
            link = absolute(reverse("cases:case", kwargs={"pk": case.pk}) if case else reverse("cases:index"))
            context = {
                "unit": unit.name,
                "milestone": milestone.label,
                "recipient_of_milestone": milestone.recipient,
                "due": milestone.due_date,
                "days_left": max(days, 0),
                "days_late": max(-days, 0),
                "missing": missing,
                "link": link,
                "campaign": campaign.name,
            }
            if kind == "milestone":
                summary = _("%(unit)s: %(milestone)s — hạn %(due)s, còn %(days)s ngày. %(missing)s") % {
                    "unit": unit.name,
                    "milestone": milestone.label,
                    "due": f"{milestone.due_date:%d/%m/%Y}",
                    "days": max(days, 0),
                    "missing": missing,
                }
            else:
                summary = _("%(unit)s: %(milestone)s — đã quá hạn %(due)s %(days)s ngày. %(missing)s") % {
                    "unit": unit.name,
                    "milestone": milestone.label,
                    "due": f"{milestone.due_date:%d/%m/%Y}",
                    "days": max(-days, 0),
                    "missing": missing,
                }
            for user in people.values():
                reminders.append(
                    Reminder(
                        key=f"ms:{milestone.pk}:{unit.pk}:{label}:{user.pk}",
                        kind=kind,
                        category="reminders",
                        user=user,
                        template=f"notifications/email/{kind}",
                        context={**context, "person": user.get_full_name() or user.username},
                        summary=summary,
                        link=link,
                    )
                )
    return reminders


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days (Monday–Friday) after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _superiors(task: Task, case: Case, directory: Directory) -> list:
    role = case_kind(case.kind).role_of(task.flow_task)
    if role == StepRole.DRAFT:
        return directory.of(Role.UNIT_HEAD, case.unit_id)
    if role == StepRole.DECISION:
        return []
    chiefs = directory.of(Role.OFFICE_CHIEF)
    if role == StepRole.SIGN or task.owner_id not in {u.pk for u in chiefs}:
        return chiefs
    return directory.of(Role.BOARD_HEAD)


def _returned_reason(task: Task) -> str | None:
    """The reason, if the step comes round again because it was returned."""
    previous = (
        Task.objects.filter(process_id=task.process_id, flow_task_type="HUMAN", status=STATUS.DONE, pk__lt=task.pk)
        .order_by("-pk")
        .first()
    )
    if previous is None or previous.data.get("decision") != "return":
        return None
    return previous.data.get("comment", "")


def _task_reminders(*, campaigns, now, directory: Directory, case_id: int | None = None) -> list[Reminder]:
    """New and returned tasks (while fresh), and tasks waiting longer than their step allows; with `case_id`,
    only that case's new and returned tasks (what a step's completion announces at once)."""
    today = timezone.localdate(now)
    reminders = []
    tasks = Task.objects.filter(
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
        process__case__campaign__in=campaigns,
        created__lte=now,
    ).select_related("owner", "process__case__unit", "process__case__campaign", "process__case__milestone")
    if case_id is not None:
        tasks = tasks.filter(process_id=case_id)
    for task in tasks:
        case = task.process.case
        step = task.flow_task
        if task.owner_id:
            people = [task.owner] if task.owner.is_active else []
            people += directory.standing_in_for(task.owner_id, task.owner_permission, case.unit_id)
            link = absolute(reverse("cases:task", kwargs={"case_pk": case.pk, "pk": task.pk}))
        else:
            people = directory.able(task.owner_permission, case.unit_id)
            link = absolute(reverse("cases:case", kwargs={"pk": case.pk}))
        people = list({u.pk: u for u in people}.values())
        base = {
            "unit": case.unit.name,
            "case": case.get_kind_display(),
            "step": step_title(step, case.agency_id),
            "due": case.milestone.due_date if case.milestone else None,
            "link": link,
            "queue": task.owner_id is None,
        }
        if now - task.created <= NEW_TASK_WINDOW:
            reason = _returned_reason(task)
            kind = "task_new" if reason is None else "task_returned"
            summary = (
                _("Việc mới: %(step)s — %(case)s, %(unit)s.")
                if reason is None
                else _("Hồ sơ bị trả lại: %(step)s — %(case)s, %(unit)s.")
            ) % base
            for user in people:
                reminders.append(
                    Reminder(
                        key=f"task:{task.pk}:{kind}:{user.pk}",
                        kind=kind,
                        category="tasks",
                        user=user,
                        template=f"notifications/email/{kind}",
                        context={**base, "reason": reason, "person": user.get_full_name() or user.username},
                        summary=summary,
                        link=link,
                    )
                )
        if case_id is not None:
            continue
        allowed = int(case.campaign.step_allowed_days.get(step.name, DEFAULT_STEP_DAYS) or DEFAULT_STEP_DAYS)
        waited = working_days_between(timezone.localdate(task.created), today)
        rounds = waited // allowed
        if rounds >= 1:
            late_people = list(people)
            if rounds >= 2:
                late_people += _superiors(task, case, directory)
            late_people = list({u.pk: u for u in late_people}.values())
            summary = _(
                "Việc chờ đã %(days)s ngày làm việc (quy định %(allowed)s ngày): %(step)s — %(case)s, %(unit)s."
            ) % {**base, "days": waited, "allowed": allowed}
            for user in late_people:
                reminders.append(
                    Reminder(
                        key=f"task:{task.pk}:late-{rounds}:{user.pk}",
                        kind="task_late",
                        category="reminders",
                        user=user,
                        template="notifications/email/task_late",
                        context={
                            **base,
                            "days": waited,
                            "allowed": allowed,
                            "owner": (task.owner.get_full_name() or task.owner.username) if task.owner else "",
                            "person": user.get_full_name() or user.username,
                        },
                        summary=summary,
                        link=link,
                    )
                )
    return reminders


def active_campaigns(*, now) -> list[Campaign]:
    today = timezone.localdate(now)
    return list(
        Campaign.objects.filter(status=Campaign.Status.ACTIVE)
        .filter(start_date__lte=today + datetime.timedelta(days=31))
        .prefetch_related("milestones")
    )


def council_notices_due(*, campaigns, now, session_id: int | None = None) -> list[Reminder]:
    from .council.notices import council_notices_due as due

    return due(campaigns=campaigns, now=now, session_id=session_id)


def reminders_due(*, now: datetime.datetime | None = None) -> list[Reminder]:
    """Every reminder owed at `now` (whether or not it has gone out already), agency by agency: the people of one
    agency are reminded of their own agency's milestones and tasks only."""
    now = now or clock.now()
    return [reminder for _agency in agencies_each() for reminder in _reminders_due_here(now)]


def _reminders_due_here(now: datetime.datetime) -> list[Reminder]:
    campaigns = active_campaigns(now=now)
    directory = Directory(timezone.localdate(now))
    reminders = []
    for campaign in campaigns:
        reminders += _milestone_reminders(campaign=campaign, now=now, directory=directory)
    reminders += province_milestone_reminders(campaigns=campaigns, now=now, directory=directory)
    reminders += _task_reminders(campaigns=campaigns, now=now, directory=directory)
    reminders += council_notices_due(campaigns=campaigns, now=now)
    return reminders


def mode_of(preferences: dict, reminder: Reminder) -> str:
    preference = preferences.get(reminder.user.pk)
    if preference is None:
        return Preference.Mode.DIGEST if reminder.category == "reminders" else Preference.Mode.IMMEDIATE
    return getattr(preference, reminder.category)


def _digest_context(user, now) -> dict:
    from .casework.access import actor_of
    from .casework.selectors import tasks_inbox, tasks_queue

    actor = actor_of(user, on=timezone.localdate(now))
    today = timezone.localdate(now)
    milestones = Milestone.objects.filter(
        campaign__status=Campaign.Status.ACTIVE, due_date__gte=today, due_date__lte=today + datetime.timedelta(days=30)
    ).order_by("due_date")
    if not actor.sees_all and not actor.is_office:
        milestones = milestones.filter(owner=Milestone.Owner.UNITS)
    return {
        "person": user.get_full_name() or user.username,
        "day": today,
        "tasks": [
            {
                "step": step_title(t.flow_task, t.process.case.agency_id),
                "unit": t.process.case.unit.name,
                "case": t.process.case.get_kind_display(),
            }
            for t in list(tasks_inbox(actor=actor)[:50]) + list(tasks_queue(actor=actor)[:50])
        ],
        "milestones": [{"label": m.label, "due": m.due_date, "days": (m.due_date - today).days} for m in milestones],
        "link": absolute(reverse("cases:index")),
    }


def _dispatch(due: list[Reminder], counts: dict[str, int]) -> None:
    """Each reminder not yet given goes out now, or waits for the person's digest, as they chose."""
    user_ids = {r.user.pk for r in due}
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    sent = outbox.keys_sent(r.key for r in due)
    for reminder in due:
        if reminder.key in sent:
            continue
        if mode_of(preferences, reminder) == Preference.Mode.DIGEST:
            counts["digest_items"] += outbox.digest_item_add(
                key=reminder.key, user=reminder.user, kind=reminder.kind, summary=reminder.summary, link=reminder.link
            )
        else:
            counts["messages"] += outbox.message_enqueue(
                key=reminder.key,
                kind=reminder.kind,
                user=reminder.user,
                template=reminder.template,
                context=reminder.context,
            )


def case_notices(*, case_id: int, now: datetime.datetime | None = None) -> dict[str, int]:
    """Announce a case's new or returned tasks at once, after the step that made them (the sweep would
    within minutes; the keys are the same, so nobody is told twice)."""
    now = now or clock.now()
    campaigns = active_campaigns(now=now)
    counts = {"messages": 0, "digest_items": 0}
    due = _task_reminders(campaigns=campaigns, now=now, directory=Directory(timezone.localdate(now)), case_id=case_id)
    _dispatch(due, counts)
    return counts


def council_notices(*, session_id: int, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tell the council's members at once what a click made due (an invitation, the chair's "every ballot is
    in"); the sweep would within minutes, under the same keys, so nobody is told twice."""
    now = now or clock.now()
    counts = {"messages": 0, "digest_items": 0}
    # Run right after a member's click: the notices are the product's language, not that member's.
    with translation.override(settings.LANGUAGE_CODE):
        _dispatch(council_notices_due(campaigns=active_campaigns(now=now), now=now, session_id=session_id), counts)
    return counts


def reminders_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Hand every reminder owed at `now` to the outbox (each key once), send the day's digests once the
    reminder hour has come, and re-send what is still unsent. Safe to run at any time, as often as wanted."""
    now = now or clock.now()
    counts = {"messages": 0, "digest_items": 0, "digests": 0, "requeued": 0}
    for _agency in agencies_each():
        _dispatch(_reminders_due_here(now), counts)
        hour = min((c.reminder_hour for c in active_campaigns(now=now)), default=8)
        if timezone.localtime(now).hour >= hour:
            day = timezone.localdate(now)
            for user in outbox.digest_pending_users():
                counts["digests"] += outbox.digest_send(
                    user=user, day=day, template="notifications/email/digest", context=_digest_context(user, now)
                )
    with agency_unscoped():
        counts["requeued"] = outbox.messages_requeue()
    return counts

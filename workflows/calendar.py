"""Lịch — a person's private iCalendar feed: the milestones that concern them and the due dates of the
tasks waiting for them. Written by hand (RFC 5545: CRLF lines, escaping, folding at 75 octets)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from people import clock

from .casework.access import actor_of
from .casework.selectors import tasks_inbox, tasks_queue
from .models import Campaign, Milestone, step_title
from .reminders import absolute


def _escape(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _event(uid: str, day: datetime.date, summary: str, description: str, url: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def feed(*, user) -> str:
    """The calendar of one person, as text/calendar."""
    actor = actor_of(user)
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Thi dua - Khen thuong//Lich nhac han//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Thi đua – Khen thưởng",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    today = clock.today()
    milestones = Milestone.objects.filter(
        campaign__status__in=[Campaign.Status.ACTIVE, Campaign.Status.DRAFT],
        due_date__gte=today - datetime.timedelta(days=366),
    ).select_related("campaign")
    if not (actor.sees_all or actor.is_office):
        milestones = milestones.filter(owner=Milestone.Owner.UNITS)
    if not actor.held:
        milestones = milestones.none()
    for m in milestones.order_by("due_date"):
        lines += _event(
            f"milestone-{m.pk}@tdkt",
            m.due_date,
            f"Hạn: {m.label}",
            f"{m.campaign.name}. Nơi nhận: {m.recipient}.",
            absolute(f"/campaign/{m.campaign.year}/"),
            stamp,
        )
    seen = set()
    for task in list(tasks_inbox(actor=actor)) + list(tasks_queue(actor=actor)):
        case = task.process.case
        if task.pk in seen or case.milestone is None:
            continue
        seen.add(task.pk)
        lines += _event(
            f"task-{task.pk}@tdkt",
            case.milestone.due_date,
            f"Việc: {step_title(task.flow_task, case.agency_id)} — {case.unit.name}",
            f"{case.get_kind_display()}, {case.unit.name}.",
            absolute(f"/cases/ho-so/{case.pk}/"),
            stamp,
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

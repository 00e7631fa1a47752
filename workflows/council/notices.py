"""Thông báo phiên họp — what the council's members are told, worked out from the database at a moment.

Like the milestone reminders (`workflows.reminders`), nothing here sends mail: it lists the notices owed,
each under a key naming the session, what it is about and the recipient, and the outbox writes each key once.
So the same list can be computed right after a click (an invitation, the last ballot in) and again by the
beat sweep, which catches up whatever the click's task missed; nobody is told twice.

- An invitation to every member with a login, when the session is opened and when dossiers are added to it
  (one per session event), while the session has not yet taken place.
- A reminder to the members who have not voted (a written vote counts as a vote): the day before the session
  and on its morning, at the campaign's reminder hour; only the newest slot still useful goes out, and none
  whose moment came before the session was opened (the invitation said it already).
- One notice to the chair once every ballot is in, while the session is still open.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..reminders import NEW_TASK_WINDOW, Reminder, absolute, at_hour
from .models import Ballot, CouncilSession, SessionEvent

INVITING = (SessionEvent.Action.OPENED, SessionEvent.Action.ITEMS_ADDED)


def reminder_slot(*, session: CouncilSession, hour: int, now: datetime.datetime) -> str | None:
    """The reminder slot in force at `now`: "truoc-1" (the day before) or "sang-hop" (the session's morning).

    The newest slot whose moment has come, until the session's day is over; none whose moment came before the
    session was opened (its invitation said it already)."""
    day = timezone.localdate(session.held_at)
    slots = [
        (at_hour(day - datetime.timedelta(days=1), hour), "truoc-1"),
        (min(at_hour(day, hour), session.held_at), "sang-hop"),
    ]
    if timezone.localdate(now) > day:
        return None
    in_force = None
    for moment, label in slots:
        if moment <= now:
            in_force = (moment, label)
    if in_force is None or in_force[0] <= session.opened_at:
        return None
    return in_force[1]


def _sessions(*, campaigns, session_id: int | None):
    sessions = (
        CouncilSession.objects.filter(campaign__in=campaigns, status=CouncilSession.Status.OPEN)
        .select_related("campaign")
        .annotate(nominees=Count("items", distinct=True))
        .prefetch_related(
            Prefetch("ballots", queryset=Ballot.objects.select_related("member__staff__user")),
            Prefetch("events", queryset=SessionEvent.objects.filter(action__in=INVITING).order_by("pk")),
        )
    )
    if session_id is not None:
        sessions = sessions.filter(pk=session_id)
    return sessions


def _reachable(member):
    """The member's login, if they have one and they and it are active (a member without one votes on paper)."""
    user = member.staff.user
    return user if user is not None and user.is_active and member.staff.is_active else None


def _person(user) -> str:
    return user.get_full_name() or user.username


def council_notices_due(*, campaigns, now: datetime.datetime, session_id: int | None = None) -> list[Reminder]:
    """Every council notice owed at `now` (whether or not it has gone out already)."""
    notices = []
    today = timezone.localdate(now)
    for session in _sessions(campaigns=campaigns, session_id=session_id):
        link = absolute(reverse("council:ballot", kwargs={"pk": session.pk}))
        base = {
            "day": timezone.localdate(session.held_at),
            "time": f"{timezone.localtime(session.held_at):%H:%M}",
            "place": session.place,
            "nominees": session.nominees,
            "year": session.campaign.year,
            "link": link,
        }
        when = {"day": f"{base['day']:%d/%m/%Y}", "time": base["time"], "place": session.place}
        ballots = list(session.ballots.all())
        waiting = [b for b in ballots if b.status != Ballot.Status.SUBMITTED]
        voters = [(b, _reachable(b.member)) for b in waiting if _reachable(b.member)]

        for event in session.events.all():
            if now - event.created > NEW_TASK_WINDOW or today > base["day"]:
                continue
            added = event.action == SessionEvent.Action.ITEMS_ADDED
            summary = (
                _("Phiên họp Hội đồng TĐKT ngày %(day)s lúc %(time)s, %(place)s: có hồ sơ được bổ sung, mời bỏ phiếu.")
                if added
                else _("Mời họp Hội đồng TĐKT ngày %(day)s lúc %(time)s, %(place)s, và bỏ phiếu.")
            ) % when
            for _ballot, user in voters:
                notices.append(
                    Reminder(
                        key=f"council:{session.pk}:moi-{event.pk}:{user.pk}",
                        kind="ballot_invite",
                        category="tasks",
                        user=user,
                        template="notifications/email/ballot_invite",
                        context={**base, "added": added, "person": _person(user)},
                        summary=summary,
                        link=link,
                    )
                )

        slot = reminder_slot(session=session, hour=session.campaign.reminder_hour, now=now)
        if slot is not None:
            summary = (
                _("Anh/chị chưa bỏ phiếu cho phiên họp Hội đồng TĐKT ngày %(day)s lúc %(time)s, %(place)s.") % when
            )
            for _ballot, user in voters:
                notices.append(
                    Reminder(
                        key=f"council:{session.pk}:nhac-{slot}:{user.pk}",
                        kind="ballot_reminder",
                        category="reminders",
                        user=user,
                        template="notifications/email/ballot_reminder",
                        context={**base, "today": slot == "sang-hop", "person": _person(user)},
                        summary=summary,
                        link=link,
                    )
                )

        chair = next((b.member for b in ballots if b.member.position == b.member.Position.CHAIR), None)
        chair_user = _reachable(chair) if chair else None
        if ballots and not waiting and chair_user:
            link = absolute(reverse("council:session", kwargs={"pk": session.pk}))
            written = sum(1 for b in ballots if b.method == Ballot.Method.WRITTEN)
            notices.append(
                Reminder(
                    key=f"council:{session.pk}:du-phieu:{chair_user.pk}",
                    kind="ballot_all_in",
                    category="tasks",
                    user=chair_user,
                    template="notifications/email/ballot_all_in",
                    context={
                        **base,
                        "members": len(ballots),
                        "written": written,
                        "link": link,
                        "person": _person(chair_user),
                    },
                    summary=_("Đã đủ phiếu của %(members)s thành viên cho phiên họp ngày %(day)s; có thể kết thúc.")
                    % {"members": len(ballots), "day": when["day"]},
                    link=link,
                )
            )
    return notices

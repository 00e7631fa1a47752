"""The council's result kept as figures (on the proposal and on the case's timeline, and the counts of a
session's opening on its log) instead of a sentence written in the language of whoever clicked.

Existing rows are carried over: a proposal voted in a closed session gets its figures counted again from the
stored votes, exactly as the minutes count them; a council line of a timeline written by the old code (in
Vietnamese, or in English when the chair read English) is parsed into the same data. A line that does not
parse stays as it was and is shown as written.
"""

import datetime
import re
from decimal import Decimal

from django.db import migrations, models

FIGURES = [
    re.compile(
        r"^(?P<yes>\d+)/(?P<members>\d+) thành viên đồng ý \([\d.,]+ % tổng số thành viên; yêu cầu (?P<op>[>≥]) "
        r"(?P<bar>[\d.,]+) %\), (?P<no>\d+) không đồng ý, (?P<none>\d+) không bỏ phiếu$"
    ),
    re.compile(
        r"^(?P<yes>\d+)/(?P<members>\d+) members approved \([\d.,]+ % of all members; required (?P<op>[>≥]) "
        r"(?P<bar>[\d.,]+) %\), (?P<no>\d+) rejected, (?P<none>\d+) did not vote$"
    ),
]
SESSION = [
    re.compile(r"^Phiên họp Hội đồng ngày (\d\d)/(\d\d)/(\d{4}): (\d+)/(\d+) đề nghị được thông qua\.$"),
    re.compile(r"^Council session of (\d\d)/(\d\d)/(\d{4}): (\d+)/(\d+) nominations approved\.$"),
]
RESULT = [
    re.compile(r"^(\d+)/(\d+) đề nghị được thông qua\.$"),
    re.compile(r"^(\d+)/(\d+) nominations approved\.$"),
]
REOPENED = [
    re.compile(r"^Phiên họp Hội đồng được mở lại: (.*)$", re.S),
    re.compile(r"^Council session reopened: (.*)$", re.S),
]
FAILED = ["Không được Hội đồng thông qua:", "Not approved by the Council:"]
OPENED = [
    re.compile(r"^(\d+) hồ sơ, (\d+) đề nghị, (\d+) thành viên\.$"),
    re.compile(r"^(\d+) case\(s\), (\d+) nomination\(s\), (\d+) member\(s\)\.$"),
]


def _passes(approvals, members, percent, strictly_above):
    if members <= 0:
        return False
    left, right = Decimal(approvals) * 100, Decimal(percent) * members
    return left > right if strictly_above else left >= right


def _match(patterns, text):
    for pattern in patterns:
        found = pattern.match(text)
        if found:
            return found
    return None


def _parsed_figures(text):
    """Figures read back from an old sentence (when the proposal's ballots no longer say, e.g. the session was
    reopened since); the citation was not in the sentence."""
    found = _match(FIGURES, text)
    if found is None:
        return None
    yes, members = int(found["yes"]), int(found["members"])
    threshold, strictly_above = Decimal(found["bar"].replace(",", ".")), found["op"] == ">"
    return {
        "approvals": yes,
        "rejections": int(found["no"]),
        "not_voted": int(found["none"]),
        "members": members,
        "threshold": str(threshold),
        "strictly_above": strictly_above,
        "citation": "",
        "passed": _passes(yes, members, threshold, strictly_above),
    }


def _counted_figures(item):
    ballots = item.session.ballots
    members = ballots.count()
    votes = item.votes.filter(ballot__status="submitted")
    yes, no = votes.filter(approve=True).count(), votes.filter(approve=False).count()
    return {
        "approvals": yes,
        "rejections": no,
        "not_voted": members - yes - no,
        "members": members,
        "threshold": str(item.threshold_percent),
        "strictly_above": item.strictly_above,
        "citation": item.citation,
        "passed": _passes(yes, members, item.threshold_percent, item.strictly_above),
    }


def _event_data(event, counted):
    text = event.comment.strip()
    found = _match(SESSION, text)
    if found:
        day = datetime.date(int(found[3]), int(found[2]), int(found[1]))
        data = {"what": "council_session", "day": day.isoformat(), "passed": int(found[4]), "total": int(found[5])}
        return data, ""
    found = _match(RESULT, text)
    if found:
        return {"what": "council_result", "passed": int(found[1]), "total": int(found[2])}, ""
    found = _match(REOPENED, text)
    if found:
        return {"what": "council_reopened"}, found[1]
    head, _newline, rest = text.partition("\n")
    if head in FAILED and rest:
        items = []
        for line in rest.splitlines():
            nominee_title, _colon, figures_text = line.partition(": ")
            nominee, _dash, title = nominee_title.partition(" — ")
            figures = _parsed_figures(figures_text)
            if figures is None or not title:
                return None, text
            items.append({"nominee": nominee, "title": title, "figures": counted.get((nominee, title), figures)})
        return {"what": "council_failed", "items": items}, ""
    return None, text


def forward(apps, schema_editor):
    Proposal = apps.get_model("workflows", "Proposal")
    CaseEvent = apps.get_model("workflows", "CaseEvent")
    counted_by_case = {}
    voted = Proposal.objects.filter(agenda_item__session__status="closed").exclude(council_result="pending")
    for proposal in voted.select_related("agenda_item__session", "staff", "title", "case__unit"):
        item = proposal.agenda_item
        proposal.council_figures = _counted_figures(item)
        if _match(FIGURES, proposal.council_note):
            proposal.council_note = ""
        proposal.save(update_fields=["council_figures", "council_note"])
        nominee = proposal.staff.full_name if proposal.staff_id else proposal.case.unit.name
        counted_by_case.setdefault(proposal.case_id, {})[(nominee, proposal.title.short_name)] = proposal.council_figures
    for event in CaseEvent.objects.filter(action="council", data={}).exclude(comment=""):
        data, comment = _event_data(event, counted_by_case.get(event.case_id, {}))
        if data is not None:
            event.data, event.comment = data, comment
            event.save(update_fields=["data", "comment"])
    SessionEvent = apps.get_model("workflows", "SessionEvent")
    for event in SessionEvent.objects.filter(action="opened", data={}):
        found = _match(OPENED, event.comment.strip())
        if found:
            event.data = {"what": "opened", "cases": int(found[1]), "items": int(found[2]), "members": int(found[3])}
            event.comment = ""
            event.save(update_fields=["data", "comment"])


def _vietnamese(figures):
    share = (Decimal(figures["approvals"]) * 100 / Decimal(figures["members"] or 1)).quantize(Decimal("0.1"))
    bar = (">" if figures["strictly_above"] else "≥") + f" {Decimal(figures['threshold']).normalize():f} %"
    return (
        f"{figures['approvals']}/{figures['members']} thành viên đồng ý ({share:f} % tổng số thành viên; yêu cầu "
        f"{bar}), {figures['rejections']} không đồng ý, {figures['not_voted']} không bỏ phiếu"
    ).replace(".", ",")


def backward(apps, schema_editor):
    """Back to sentences (in Vietnamese), for the code before this migration."""
    Proposal = apps.get_model("workflows", "Proposal")
    CaseEvent = apps.get_model("workflows", "CaseEvent")
    for proposal in Proposal.objects.exclude(council_figures=None):
        proposal.council_note = "; ".join(
            p for p in [_vietnamese(proposal.council_figures), proposal.council_note] if p
        )
        proposal.save(update_fields=["council_note"])
    for event in CaseEvent.objects.exclude(data={}):
        data = event.data
        what = data.get("what")
        if what == "council_session":
            day = datetime.date.fromisoformat(data["day"])
            text = f"Phiên họp Hội đồng ngày {day:%d/%m/%Y}: {data['passed']}/{data['total']} đề nghị được thông qua."
        elif what == "council_result":
            text = "\n".join(
                t for t in [f"{data['passed']}/{data['total']} đề nghị được thông qua.", event.comment] if t
            )
        elif what == "council_failed":
            lines = [f"{i['nominee']} — {i['title']}: {_vietnamese(i['figures'])}" for i in data["items"]]
            text = "\n".join(["Không được Hội đồng thông qua:", *lines])
        elif what == "council_reopened":
            text = f"Phiên họp Hội đồng được mở lại: {event.comment}"
        else:
            continue
        event.comment = text
        event.save(update_fields=["comment"])
    SessionEvent = apps.get_model("workflows", "SessionEvent")
    for event in SessionEvent.objects.filter(action="opened").exclude(data={}):
        event.comment = "{cases} hồ sơ, {items} đề nghị, {members} thành viên.".format(**event.data)
        event.save(update_fields=["comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_reminder_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="số liệu"),
        ),
        migrations.AddField(
            model_name="proposal",
            name="council_figures",
            field=models.JSONField(blank=True, null=True, verbose_name="số liệu biểu quyết của Hội đồng"),
        ),
        migrations.AddField(
            model_name='sessionevent',
            name='data',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(forward, backward),
    ]

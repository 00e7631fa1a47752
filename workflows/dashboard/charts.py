"""The dashboard's charts as inline SVG drawn on the server: no script, no outside file, printable.

Each chart is an image with its words in `aria-label` and `<title>`; the table beside it on the page is the source
of its figures (screen readers and print read the table). Every text drawn comes from the database and is escaped.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import LATE, ON_TIME, STAGE_LABELS, MilestoneDeadlines, Status, TargetFigures, UnitFigures

COLOURS = {
    Status.MET: "#2e7d32",
    Status.AT_RISK: "#f9a825",
    Status.MISSED: "#c62828",
    Status.NO_BASE: "#bdbdbd",
    Status.NEUTRAL: "#90a4ae",
}
SMALL_FONT = SafeString('font-family="Roboto, Arial, sans-serif" font-size="11"')  # a constant, no data in it
FONT = SafeString('font-family="Roboto, Arial, sans-serif" font-size="12"')  # a constant, no data in it


def _svg(*, width: int, height: int, label: str, body: list[str], testid: str) -> SafeString:
    return mark_safe(  # noqa: S308 — every piece is built by format_html/escape below
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tdkt-chart" data-testid="{testid}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" style="max-width:{width}px"><title>{escape(label)}</title>'
        + "".join(body)
        + "</svg>"
    )


def progress_chart(rows: list[TargetFigures], *, label: str) -> SafeString:
    """Progress bars: for each target, one bar per stage against the target's line."""
    left, bar_width, bar_height, gap = 170, 420, 14, 4
    width = left + bar_width + 70
    body, y = [], 6
    for row in rows:
        body.append(
            format_html(
                '<text x="0" y="{}" {} font-weight="bold">{}</text>',
                y + 12,
                FONT,
                row.target.label,  # the whole label: the image clips what does not fit
            )
        )
        y += 20
        figures = [figure for _stage, figure in row.stages if figure is not None]
        if row.is_count:
            top = max([figure.count for figure in figures] + [int(row.target_percent)], default=1) * Decimal("1.25")
            top = max(top, Decimal(1))
            goal = row.target_percent / top
        else:
            top, goal = Decimal(100), row.target_percent / Decimal(100)
        for stage, figure in row.stages:
            body.append(
                format_html(
                    '<text x="{}" y="{}" {} text-anchor="end">{}</text>',
                    left - 6,
                    y + bar_height - 3,
                    FONT,
                    STAGE_LABELS[stage],
                )
            )
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="#eeeeee"/>', left, y, bar_width, bar_height
                )
            )
            if figure is not None:
                amount = Decimal(figure.count) if row.is_count else (figure.share or Decimal(0))
                length = int(min(amount / top, Decimal(1)) * bar_width)
                body.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                        left,
                        y,
                        length,
                        bar_height,
                        COLOURS[figure.status],
                        f"{STAGE_LABELS[stage]}: {figure.status_label}",
                    )
                )
                shown = (
                    str(figure.count)
                    if row.is_count
                    else (f"{figure.share} %" if figure.share is not None else _("không có cơ sở"))
                )
            else:
                shown = "—"
            body.append(
                format_html('<text x="{}" y="{}" {}>{}</text>', left + bar_width + 6, y + bar_height - 3, FONT, shown)
            )
            y += bar_height + gap
        line_x = left + int(min(goal, Decimal(1)) * bar_width)
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#212121" stroke-width="2" stroke-dasharray="4 2">'
                "<title>{}</title></line>",
                line_x,
                y - 4 * (bar_height + gap) - 2,
                line_x,
                y,
                _("Mức chỉ tiêu"),
            )
        )
        y += 10
    return _svg(width=width, height=y + 4, label=label, body=body, testid="chart-progress")


def units_chart(units: list[UnitFigures], *, label: str) -> SafeString:
    """Units × stages for the one target worked out per unit: a cell per unit and stage, coloured by its standing."""
    left, cell, row_height = 230, 130, 20
    width = left + cell * len(STAGE_LABELS)
    body = [
        format_html(
            '<text x="{}" y="14" {} text-anchor="middle" font-weight="bold">{}</text>',
            left + cell * position + cell // 2,
            SMALL_FONT,
            name,
        )
        for position, name in enumerate(STAGE_LABELS.values())
    ]
    # A cell per unit and stage (2,000 for 500 units): plain strings, each text escaped, rather than format_html.
    stage_names = {stage: str(name) for stage, name in STAGE_LABELS.items()}
    labels = {status: str(name) for status, name in Status.LABELS.items()}
    y = 22
    for unit_figures in units:
        row = unit_figures.targets[0]
        name = str(unit_figures.unit.name)
        # The whole name in a box of its own, which clips what does not fit beside the cells.
        body.append(
            f'<svg x="0" y="{y}" width="{left - 6}" height="{row_height}">'
            f'<text x="0" y="{row_height - 6}" {FONT}>{escape(name)}</text></svg>'
        )
        for position, (stage, figure) in enumerate(row.stages):
            x = left + cell * position
            colour = COLOURS[figure.status] if figure else "#eeeeee"
            if figure is None:
                text = "—"
            elif row.is_count or figure.share is None:
                text = str(figure.count) if row.is_count else "∅"
            else:
                text = f"{figure.share} %"
            tip = f"{name} · {stage_names[stage]}: {text}" + (f" · {labels[figure.status]}" if figure else "")
            ink = "#000000" if figure is None or figure.status in (Status.AT_RISK, Status.NO_BASE) else "#ffffff"
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{row_height}" fill="{colour}" stroke="#ffffff">'
                f"<title>{escape(tip)}</title></rect>"
                f'<text x="{x + cell // 2}" y="{y + row_height - 6}" {FONT} text-anchor="middle" fill="{ink}">'
                f"{escape(text)}</text>"
            )
        y += row_height
    return _svg(width=width, height=y + 4, label=label, body=body, testid="chart-units")


def timeline_chart(
    deadlines: list[MilestoneDeadlines], *, start: datetime.date, end: datetime.date, label: str
) -> SafeString:
    """Submissions against the milestones: one lane per milestone, its due date a red line, the units' sending
    days as dots (green on time, red late; larger for more units on one day)."""
    left, span, lane = 190, 520, 44
    width = left + span + 20
    days = max((end - start).days, 1)

    def x_of(day: datetime.date) -> int:
        return left + int(min(max((day - start).days, 0), days) / days * span)

    body = []
    top = 8
    for index, item in enumerate(deadlines):
        y = top + index * lane
        middle = y + lane // 2
        body.append(  # the whole label in a box of its own, which clips what does not fit
            format_html(
                '<svg x="0" y="{}" width="{}" height="{}"><text x="0" y="{}" {}>{}</text></svg>',
                y,
                left - 6,
                lane,
                lane // 2 + 4,
                FONT,
                item.milestone.label,
            )
        )
        body.append(
            format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bdbdbd"/>', left, middle, left + span, middle)
        )
        due_x = x_of(item.milestone.due_date)
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c62828" stroke-width="2"><title>{}</title></line>',
                due_x,
                y + 4,
                due_x,
                y + lane - 4,
                _("Hạn %(day)s") % {"day": item.milestone.due_date.strftime("%d/%m/%Y")},
            )
        )
        sent = Counter(
            (timezone.localdate(row.submitted_at), row.state)
            for row in item.rows
            if row.submitted_at is not None and row.state in (ON_TIME, LATE)
        )
        for (day, state), count in sorted(sent.items()):
            body.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.8"><title>{}</title></circle>',
                    x_of(day),
                    middle,
                    round(3 + 2 * math.sqrt(count), 1),
                    COLOURS[Status.MET] if state == ON_TIME else COLOURS[Status.MISSED],
                    _("%(day)s: %(count)s đơn vị gửi") % {"day": day.strftime("%d/%m/%Y"), "count": count},
                )
            )
    axis = top + len(deadlines) * lane + 4
    body.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#757575"/>', left, axis, left + span, axis))
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            body.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#757575"/>'
                    '<text x="{}" y="{}" {} text-anchor="middle">{}</text>',
                    x_of(month),
                    axis,
                    x_of(month),
                    axis + 4,
                    x_of(month),
                    axis + 16,
                    FONT,
                    month.strftime("%m/%Y") if month.month == 1 or month == start else month.strftime("%m"),
                )
            )
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return _svg(width=width, height=axis + 24, label=label, body=body, testid="chart-timeline")

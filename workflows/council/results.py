"""The council's result in words, in the reader's language, from figures stored as data.

A session's close stores what was counted (approvals, members, the threshold and its citation, passed or
not) on each proposal and on the case's timeline; the sentence is written only when a page or an email
shows it, with gettext, so an English page reads English and a Vietnamese email reads Vietnamese.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..rules import council as council_rules


def figures_of(tally) -> dict:
    """What is kept of one agenda item's tally (JSON-safe)."""
    item = tally.item
    return {
        "approvals": tally.approvals,
        "rejections": tally.rejections,
        "not_voted": tally.not_voted,
        "members": tally.members,
        "threshold": str(item.threshold_percent),
        "strictly_above": item.strictly_above,
        "citation": item.citation,
        "passed": tally.passed,
    }


def _percent(value: Decimal) -> str:
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value, decimal_pos=places)


def figures_text(figures: dict) -> str:
    """ "7/9 thành viên đồng ý (77,8 % tổng số thành viên; yêu cầu ≥ 80 %), 2 không đồng ý, 0 không bỏ phiếu"."""
    share = council_rules.share_percent(figures["approvals"], figures["members"])
    bar = ("> " if figures["strictly_above"] else "≥ ") + f"{_percent(Decimal(figures['threshold']))} %"
    return _(
        "%(yes)s/%(members)s thành viên đồng ý (%(share)s %% tổng số thành viên; yêu cầu %(bar)s), "
        "%(no)s không đồng ý, %(none)s không bỏ phiếu"
    ) % {
        "yes": figures["approvals"],
        "members": figures["members"],
        "share": _percent(share),
        "bar": bar,
        "no": figures["rejections"],
        "none": figures["not_voted"],
    }


def _day(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%d/%m/%Y}"


def event_text(data: dict, *, comment: str = "") -> str:
    """A council line of a case's timeline; `comment` is what a person wrote with it (a note, a reason)."""
    what = data.get("what")
    if what == "council_session":
        return _("Phiên họp Hội đồng ngày %(day)s: %(passed)s/%(total)s đề nghị được thông qua.") % {
            "day": _day(data["day"]),
            "passed": data["passed"],
            "total": data["total"],
        }
    if what == "council_result":
        text = _("%(passed)s/%(total)s đề nghị được thông qua.") % {"passed": data["passed"], "total": data["total"]}
        return f"{text}\n{comment}" if comment else text
    if what == "council_failed":
        lines = [f"{line['nominee']} — {line['title']}: {figures_text(line['figures'])}" for line in data["items"]]
        return "\n".join([_("Không được Hội đồng thông qua:"), *lines])
    if what == "council_reopened":
        return _("Phiên họp Hội đồng được mở lại: %(reason)s") % {"reason": comment}
    return comment

"""The council's arithmetic, as small pure functions: what share of *all* members approved, whether that
passes the item's threshold, and whether enough members attended. Exact (integers and Decimals)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAJORITY_CITATION = "Quy chế hoạt động của Hội đồng TĐKT: quá nửa tổng số thành viên"


@dataclass(frozen=True)
class Threshold:
    percent: Decimal
    strictly_above: bool
    secret: bool
    citation: str


def threshold_for(*, title, rule, majority_percent: Decimal) -> Threshold:
    """The bar a nominee must clear in this council.

    A title this council votes on with a legal threshold (CSTĐCS: ≥ 80 % of all members, NĐ 98/2023 Đ30 k7)
    uses it. Everything else — unit-level titles with no national rule, and the council's support for a
    proposal that a higher council decides — follows the Quy chế: more than `majority_percent` of all members.
    """
    secret = bool(rule and rule.secret_ballot)
    decided_here = title.decided_at == "board"
    if rule is not None and rule.vote_required and rule.approval_threshold_percent is not None and decided_here:
        return Threshold(Decimal(rule.approval_threshold_percent), False, secret, rule.citation)
    return Threshold(Decimal(majority_percent), True, secret, MAJORITY_CITATION)


def share_percent(approvals: int, members: int) -> Decimal:
    """Approvals as a percentage of all council members (absent ones included), to one decimal place."""
    if members <= 0:
        return Decimal(0)
    return (Decimal(approvals) * 100 / Decimal(members)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def passes(*, approvals: int, members: int, percent: Decimal, strictly_above: bool) -> bool:
    """Exact comparison of approvals/members with percent/100 (no rounding: 7/9 is below 80 %, 8/9 above)."""
    if members <= 0:
        return False
    left, right = Decimal(approvals) * 100, Decimal(percent) * members
    return left > right if strictly_above else left >= right


def quorum_met(*, present: int, members: int, numerator: int, denominator: int) -> bool:
    """At least numerator/denominator of all members attended (2/3 of 9 is 6)."""
    return members > 0 and present * denominator >= numerator * members

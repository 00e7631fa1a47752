"""Xếp loại chất lượng — what a person's annual rating bars before any title is weighed.

Every individual title and form of award asks at least that the person completed their tasks (LĐTT: "hoàn
thành tốt nhiệm vụ trở lên", Luật TĐKT 2022 Đ24 k1; Giấy khen Đ75; Bằng khen Đ74), and ratings drive
eligibility (QĐ 86/2025/QĐ-UBND Bắc Ninh Đ7): someone rated "không hoàn thành nhiệm vụ" may not be proposed for
anything. The finer gates per title (LĐTT needs HTTNV, CSTĐCS needs HTXSNV or an initiative) are eligibility
rules, judged with the rest of the facts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# The ratings of NĐ 90/2020 (amended by NĐ 48/2023) under which no commendation may be proposed.
BARRED_RATINGS = frozenset({"khtnv"})
CITATION = "Luật TĐKT 2022 Đ24 k1, Đ74, Đ75; QĐ 86/2025/QĐ-UBND Bắc Ninh Đ7"


@dataclass(frozen=True)
class RatingBar:
    message: str
    citation: str


def rating_bar(*, rating: str) -> RatingBar | None:
    """Why a person with this annual rating may not be proposed for any commendation; None when nothing bars it
    (an empty rating is not judged here: the form asks for one)."""
    if rating in BARRED_RATINGS:
        return RatingBar(_("Cá nhân không hoàn thành nhiệm vụ không được đề nghị khen thưởng."), CITATION)
    return None

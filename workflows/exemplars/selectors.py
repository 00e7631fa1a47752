"""Reads of exemplar stories: the Văn phòng's list and one story; the public list, one public story, the years and
units the public filters offer. Public reads take the agency from the address and ask for published stories only."""

from __future__ import annotations

from django.db.models import QuerySet

from people.models import Agency, OrgUnit

from .models import Exemplar


def _related(queryset: QuerySet[Exemplar]) -> QuerySet[Exemplar]:
    return queryset.select_related("unit", "staff", "commendation", "commendation__title", "written_by")


def exemplars_for_desk(*, status: str | None = None) -> QuerySet[Exemplar]:
    """Every story of the agency in scope, newest first, for the Văn phòng's list."""
    queryset = _related(Exemplar.objects.all()).order_by("-updated_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def exemplar_for_desk(pk: int) -> Exemplar | None:
    return _related(Exemplar.objects.filter(pk=pk)).select_related("approved_by", "withdrawn_by").first()


def agency_public(code: str) -> Agency | None:
    """The agency a public address names; only an active agency (not a province's seat) has a public page."""
    return Agency.objects.filter(code=code, is_active=True, kind=Agency.Kind.AGENCY).first()


def exemplars_published(*, agency: Agency, year: int | None = None, unit_id: int | None = None):
    """The agency's published stories, newest first."""
    queryset = _related(Exemplar.objects.filter(agency=agency, status=Exemplar.Status.PUBLISHED)).order_by(
        "-published_at", "-pk"
    )
    if year:
        queryset = queryset.filter(year=year)
    if unit_id:
        queryset = queryset.filter(unit_id=unit_id)
    return queryset


def exemplar_published(*, agency: Agency, slug: str) -> Exemplar | None:
    return exemplars_published(agency=agency).filter(slug=slug).first()


def public_years(*, agency: Agency) -> list[int]:
    return list(
        Exemplar.objects.filter(agency=agency, status=Exemplar.Status.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def public_units(*, agency: Agency) -> QuerySet[OrgUnit]:
    """Only the units that have a published story: the filter names no unit without one."""
    return (
        OrgUnit.objects.filter(agency=agency, exemplars__status=Exemplar.Status.PUBLISHED, exemplars__agency=agency)
        .distinct()
        .order_by("order", "name")
    )

"""Cơ quan, đơn vị sử dụng — many agencies on one installation, each seeing only its own rows.

Every agency-owned row carries an `agency` key (AgencyOwned). Which agency a piece of work runs for is
held in one context variable, set where the work starts: the request middleware (from the logged-in
user's staff record), token views (from the token's user), Celery tasks (per agency when they loop) and
management commands (`--agency`, or the only agency). The default manager of every AgencyOwned model
filters by it, so selectors, views, forms and the admin are scoped without saying so. `agency_unscoped()`
opens every agency for the few readers that must see across them (the outbox sender, later the
province's roles).

With `AGENCY_SCOPE_STRICT` on, a query of an agency-owned model with neither a scope nor
`agency_unscoped()` raises, so a test can prove that no page reads agency-owned data unscoped.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_current: contextvars.ContextVar[int | None] = contextvars.ContextVar("current_agency_id", default=None)
_unscoped: contextvars.ContextVar[bool] = contextvars.ContextVar("agency_unscoped", default=False)


# The scope of an account that belongs to no agency: an id no agency has, so it sees no agency's rows.
NO_AGENCY = 0


class AgencyScopeMissing(RuntimeError):
    """An agency-owned model was queried with no agency in scope while the scope is strict."""


class AgencyUnknown(RuntimeError):
    """A new agency-owned row could not be given an agency: several exist and none is in scope."""


def current_agency_id() -> int | None:
    return _current.get()


def is_unscoped() -> bool:
    return _unscoped.get()


def _agency_id(agency) -> int | None:
    return getattr(agency, "pk", agency)


@contextlib.contextmanager
def agency_scope(agency) -> Iterator[None]:
    """Run the block for one agency (an Agency or its id); None leaves the block unscoped."""
    token = _current.set(_agency_id(agency))
    unscoped_token = _unscoped.set(False)
    try:
        yield
    finally:
        _unscoped.reset(unscoped_token)
        _current.reset(token)


def agency_scope_set(agency) -> None:
    """Put one agency in scope until whatever scope encloses this one ends: for a shell session or tests' support
    code. Work in the product uses agency_scope(), which always restores what was there before."""
    _current.set(_agency_id(agency))
    _unscoped.set(False)


@contextlib.contextmanager
def agency_unscoped() -> Iterator[None]:
    """Read across every agency in the block (the outbox sender, sweeps that then split per agency)."""
    token = _unscoped.set(True)
    try:
        yield
    finally:
        _unscoped.reset(token)


def agency_of_user(user) -> int | None:
    """The agency of the user's staff record; None for an account with none (a superuser of the installation)."""
    if not getattr(user, "is_authenticated", False):
        return None
    from .models import Staff

    try:
        staff = user.staff
    except Staff.DoesNotExist:
        return None
    return staff.agency_id


def agency_of_row(model, pk) -> int | None:
    """The agency of one row, read across agencies: where a task taking an id starts its scope."""
    return model._base_manager.filter(pk=pk).values_list("agency_id", flat=True).first()


def agencies_active():
    """The agencies to work for, in order; what sweeps loop over."""
    from .models import Agency

    return Agency.objects.filter(is_active=True).order_by("pk")


def agencies_each() -> Iterator[int]:
    """Run the loop's body once per active agency, in its scope (a sweep's per-agency pass); within a scope
    already set, once, for that agency."""
    current = _current.get()
    if current is not None and not _unscoped.get():
        yield current
        return
    for agency_id in list(agencies_active().values_list("pk", flat=True)):
        with agency_scope(agency_id):
            yield agency_id


def agency_for_command(code: str | None):
    """The agency a management command works for: the one named by `--agency`, or the installation's only one."""
    from django.core.management.base import CommandError

    from .models import Agency

    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"Không có cơ quan, đơn vị mã “{code}” (các mã hiện có: {known}).")
        return agency
    agencies = list(Agency.objects.order_by("pk")[:2])
    if len(agencies) > 1:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"Có nhiều cơ quan, đơn vị: hãy chọn một bằng --agency ({known}).")
    if agencies:
        return agencies[0]
    return Agency.objects.get(pk=agency_default_id())


def agency_default_id() -> int:
    """The agency a new row belongs to when nothing names one: the one in scope, else the installation's only
    agency (created on first use, so a single-agency installation never has to think of agencies)."""
    current = _current.get()
    if current is not None:
        return current
    from .models import Agency

    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return ids[0]
    if not ids:
        return Agency.objects.get_or_create(code=Agency.DEFAULT_CODE, defaults=Agency.default_values())[0].pk
    raise AgencyUnknown("Several agencies exist and none is in scope: say which agency the new row belongs to.")


def agency_sole_id() -> int | None:
    """The installation's agency when it has only one."""
    from .models import Agency

    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


# What one request reads once however often its pages ask (the middleware opens it): the first agencies, each
# agency's words (people.wording). Outside a request nothing is kept.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("agency_request_memo", default=None)


@contextlib.contextmanager
def request_memo() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def agencies_annotated():
    """Agencies with the name of their office unit (`office_name`), which their texts call them by."""
    from .models import Agency, OrgUnit

    office = (
        OrgUnit._base_manager.filter(agency=models.OuterRef("pk"), kind=OrgUnit.Kind.OFFICE, is_active=True)
        .order_by("order", "pk")
        .values("name")[:1]
    )
    return Agency.objects.annotate(office_name=models.Subquery(office))


def agencies_first_two() -> list:
    """The installation's first two agencies (one query a request): whether there are several, and usually the
    user's own among them."""
    return memoized("agencies", lambda: list(agencies_annotated().order_by("pk")[:2]))


def agency_shown():
    """The agency in scope, when the installation has several to tell apart; None otherwise (a single agency's
    pages show nothing about agencies)."""
    agency_id = _current.get()
    if not agency_id:
        return None
    first_two = agencies_first_two()
    if len(first_two) < 2:
        return None
    return next((a for a in first_two if a.pk == agency_id), None) or agencies_annotated().filter(pk=agency_id).first()


class AgencyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs, known = list(objs), {}
        for obj in objs:
            obj.agency_fill(known)
        return super().bulk_create(objs, *args, **kwargs)


class AgencyScopedManager(models.Manager.from_queryset(AgencyQuerySet)):
    """Rows of the agency in scope; every row when none is (or inside agency_unscoped())."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if _unscoped.get():
            return queryset
        agency_id = _current.get()
        if agency_id is not None:
            return queryset.filter(agency_id=agency_id)
        if getattr(settings, "AGENCY_SCOPE_STRICT", False):
            raise AgencyScopeMissing(
                f"{self.model._meta.label} queried with no agency in scope; use agency_scope() or agency_unscoped()."
            )
        return queryset


def scoped_manager(queryset_class: type[models.QuerySet]) -> AgencyScopedManager:
    """A scoped manager keeping another queryset's methods (viewflow's Process queryset for cases)."""
    combined = type(f"Agency{queryset_class.__name__}", (AgencyQuerySet, queryset_class), {})
    return type(f"AgencyScoped{queryset_class.__name__}Manager", (AgencyScopedManager,), {}).from_queryset(combined)()


class AgencyOwned(models.Model):
    """A row that belongs to one agency. `agency_from` names the fields (in order) whose row gives the agency
    when it is not set: a proposal takes its case's, a rating its staff member's or its unit's."""

    agency = models.ForeignKey(
        "people.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        related_name="+",
        on_delete=models.PROTECT,
        db_index=True,
        editable=False,
    )

    agency_from: tuple[str, ...] = ()

    objects = AgencyScopedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.agency_fill()
        super().save(*args, **kwargs)

    def agency_fill(self, known: dict | None = None) -> None:
        """Set the agency from the first parent row named in `agency_from`, else the default one. `known`
        remembers parents' agencies across the rows of one bulk_create (one query per parent, not per row)."""
        if self.agency_id is not None:
            return
        for name in self.agency_from:
            field = self._meta.get_field(name)
            parent_pk = getattr(self, field.attname)
            if parent_pk is None:
                continue
            if field.is_cached(self):
                parent_agency = getattr(self, name).agency_id
            else:
                key = (field.related_model, parent_pk)
                if known is None or key not in known:
                    parent_agency = agency_of_row(field.related_model, parent_pk)
                    if known is not None:
                        known[key] = parent_agency
                else:
                    parent_agency = known[key]
            if parent_agency is not None:
                self.agency_id = parent_agency
                return
        if known is None:
            self.agency_id = agency_default_id()
            return
        if "default" not in known:
            known["default"] = agency_default_id()
        self.agency_id = known["default"]

"""Writes to the organisation. Each runs in a transaction and is safe to call twice."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import clock, importing
from .import_jobs import (
    IMPORT_BATCH,
    QUERY_CHUNK,
    chunks,
    import_job_commit,
    import_job_enqueue,
    import_job_preview_create,
    progress_write,
    stale_preview_check,
)
from .models import CouncilMembership, Delegation, ImportJob, OrgUnit, RoleAssignment, Staff, email_normalize
from .roles import COUNCIL_MEMBER, GROUP_PERMISSIONS


def groups_ensure() -> None:
    """Create one group per role with its permissions; permissions not yet created are skipped."""
    for code, perm_names in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=code)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.add(*perms)


@transaction.atomic
def user_sync_groups(*, user) -> None:
    """Make the user's role groups match their active roles and this year's council seat."""
    try:
        staff = user.staff
    except Staff.DoesNotExist:
        staff = None
    wanted: set[str] = set()
    if staff is not None and staff.is_active:
        wanted |= set(RoleAssignment.objects.filter(staff=staff, is_active=True).values_list("role", flat=True))
        if CouncilMembership.objects.filter(staff=staff, year=clock.today().year).exists():
            wanted.add(COUNCIL_MEMBER)
    managed = Group.objects.filter(name__in=GROUP_PERMISSIONS.keys())
    user.groups.remove(*[g for g in managed if g.name not in wanted])
    user.groups.add(*[g for g in managed if g.name in wanted])


@transaction.atomic
def staff_login_ensure(*, staff: Staff, username: str, password: str | None = None):
    """Give the staff member a login (once); the password is set only when the account is new."""
    User = get_user_model()
    if staff.user_id:
        return staff.user
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email_normalize(staff.email), "first_name": staff.full_name[:150]},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    staff.user = user
    staff.save(update_fields=["user"])
    return user


@transaction.atomic
def role_assign(*, staff: Staff, role: str, unit: OrgUnit) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(staff=staff, role=role, unit=unit)
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    if staff.user_id:
        user_sync_groups(user=staff.user)
    return assignment


@transaction.atomic
def council_seat_set(*, year: int, staff: Staff, position: str) -> CouncilMembership:
    membership, _ = CouncilMembership.objects.update_or_create(year=year, staff=staff, defaults={"position": position})
    if staff.user_id:
        user_sync_groups(user=staff.user)
    return membership


@transaction.atomic
def delegation_create(*, role_assignment: RoleAssignment, delegate: Staff, start_date, end_date, reason="", actor=None):
    delegation = Delegation(
        role_assignment=role_assignment,
        delegate=delegate,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        created_by=actor,
    )
    delegation.full_clean()
    delegation.save()
    return delegation


# Import of units and staff from a file -----------------------------------------------------------
# The preview is computed in the request; the writes run in a Celery worker in one transaction (people.import_jobs).


def staff_import_preview(*, parsed: importing.ParsedFile, filename: str, actor=None) -> ImportJob:
    """Keep a parsed file as a job to preview: nothing about units or staff is written yet."""
    snapshot = importing.snapshot_load(rows=parsed.rows)
    plan = importing.plan_build(rows=parsed.rows, columns=parsed.columns, errors=parsed.errors, snapshot=snapshot)
    return import_job_preview_create(
        model=ImportJob,
        parsed=parsed,
        plan=plan,
        filename=filename,
        actor=actor,
        columns=parsed.columns,
    )


def staff_import_enqueue(*, job: ImportJob, actor=None) -> ImportJob:
    """Confirm a previewed import and hand it to the worker; confirming twice queues it once."""
    from .tasks import staff_import_commit_task  # the task module imports this one

    return import_job_enqueue(job=job, actor=actor, task=staff_import_commit_task, refused=importing.StaffImportRefused)


def staff_import_commit(*, job_id: int) -> ImportJob:
    """Write a confirmed import: all of it in one transaction, or nothing and the job marked failed.

    Safe to run twice: a finished job is left as it is.
    """
    return import_job_commit(
        model=ImportJob, job_id=job_id, write=_staff_import_write, refused=importing.StaffImportRefused
    )


def _staff_import_write(job: ImportJob) -> dict[str, int]:
    """The writes of one import, inside the caller's transaction; raises to roll everything back."""
    rows = job.rows
    snapshot = importing.snapshot_load(rows=rows, lock=True)
    # Checked again: units may have been renamed or staff added since the preview.
    plan = importing.plan_build(rows=rows, columns=job.columns, errors=[], snapshot=snapshot)
    stale_preview_check(plan.errors, refused=importing.StaffImportRefused)

    units = snapshot.units
    board = next((u for u in units.values() if u.kind == OrgUnit.Kind.BOARD), None)
    next_order = max((u.order for u in units.values()), default=0) + 1
    # A new Board goes in first so the other new units can hang under it.
    for spec in sorted(plan.unit_creates, key=lambda u: u["kind"] != OrgUnit.Kind.BOARD):
        parent = None if spec["kind"] == OrgUnit.Kind.BOARD else board
        unit = OrgUnit(
            agency_id=job.agency_id,
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            parent=parent,
            order=next_order,
        )
        next_order += 1
        if spec["kind"] == OrgUnit.Kind.BOARD:
            unit.save()
            board = unit
        units[spec["code"]] = unit
    OrgUnit.objects.bulk_create(
        [units[u["code"]] for u in plan.unit_creates if u["kind"] != OrgUnit.Kind.BOARD], batch_size=IMPORT_BATCH
    )
    unit_fields = set()
    for spec in plan.unit_updates:
        for name, value in spec["values"].items():
            setattr(units[spec["code"]], name, value)
            unit_fields.add(name)
    if unit_fields:
        OrgUnit.objects.bulk_update(
            [units[u["code"]] for u in plan.unit_updates], sorted(unit_fields), batch_size=IMPORT_BATCH
        )
    if plan.unit_creates:
        # Not every database hands back the ids of bulk-created rows; ask once for the new ones.
        created_codes = [u["code"] for u in plan.unit_creates]
        units.update((u.code, u) for u in OrgUnit.objects.filter(code__in=created_codes))

    creates = {s["row"]: s for s in plan.staff_creates}
    updates = {s["row"]: s for s in plan.staff_updates}
    update_fields = sorted({name for s in plan.staff_updates for name in s["values"]})
    resync_users: set[int] = set()
    processed = 0
    for chunk in chunks(rows, IMPORT_BATCH):
        new_staff, changed_staff = [], []
        for row in chunk:
            if row["row"] in creates:
                new_staff.append(
                    _staff_from_values(row["staff_code"], creates[row["row"]]["values"], units, job.agency_id)
                )
            elif row["row"] in updates:
                staff = snapshot.staff[row["staff_code"]]
                _staff_apply_values(staff, updates[row["row"]]["values"], units)
                changed_staff.append(staff)
                if staff.user_id and "is_active" in updates[row["row"]]["values"]:
                    resync_users.add(staff.user_id)
        if new_staff:
            Staff.objects.bulk_create(new_staff, batch_size=IMPORT_BATCH)
        if changed_staff:
            Staff.objects.bulk_update(changed_staff, update_fields, batch_size=IMPORT_BATCH)
        processed += len(chunk)
        progress_write(job, processed=processed, total=len(rows))

    # Deactivate only whom the preview listed: someone added to a unit after the preview was never shown.
    previewed = {s["staff_code"] for s in job.preview.get("staff_deactivated", [])}
    leaving = [s for s in plan.staff_deactivations if s["staff_code"] in previewed]
    for chunk in chunks([s["pk"] for s in leaving], QUERY_CHUNK):
        Staff.objects.filter(pk__in=chunk, is_active=True).update(is_active=False)
    resync_users |= {s["user_id"] for s in leaving if s["user_id"]}

    # A person who leaves loses the permissions of their role groups (and one who returns regains them).
    User = get_user_model()
    for user in User.objects.filter(pk__in=resync_users):
        user_sync_groups(user=user)

    counts = plan.counts()
    counts["deactivated_count"] = len(leaving)
    counts.pop("error_count")
    return counts


def _staff_from_values(code: str, values: dict, units: dict[str, OrgUnit], agency_id: int) -> Staff:
    # New units and staff belong to the agency of whoever uploaded the file (the job's).
    staff = Staff(agency_id=agency_id, staff_code=code, is_active=True)
    _staff_apply_values(staff, values, units)
    return staff


def _staff_apply_values(staff: Staff, values: dict, units: dict[str, OrgUnit]) -> None:
    for name, value in values.items():
        if name == "unit":
            staff.unit_id = units[value].pk
        elif name in importing.DATE_FIELDS:
            setattr(staff, name, datetime.date.fromisoformat(value) if value else None)
        else:
            setattr(staff, name, value)

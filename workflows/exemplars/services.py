"""Writes on exemplar stories: write and edit a draft, submit it, approve it for publication or return it with a
reason, withdraw it from the public page with a reason.

Each state change locks the story's row, returns early when the story is already where it was asked to go (safe to
click twice), and records who did it and when (ExemplarEvent). Who may do what is checked here as well as on the
pages: the Văn phòng writes, the Chánh Văn phòng publishes and withdraws.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from people import clock

from . import photos
from .access import exemplar_rights
from .models import Exemplar, ExemplarEvent

EDITABLE = (Exemplar.Status.DRAFT, Exemplar.Status.WITHDRAWN)
# Paths of the public pages that a story's own address must never take.
RESERVED_SLUGS = frozenset({"nhung", "atom", "anh", "trang"})
FIELDS = ("title", "body", "year", "unit", "staff", "commendation", "achievement")


def slug_vi(text: str) -> str:
    """An address from a Vietnamese title: "Gương sáng Đỗ Thị Hà" → "guong-sang-do-thi-ha" (đ has no
    decomposition in Unicode, so it is mapped by hand)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    # Punctuation separates words ("Hà–Nội", "A/B"): a space, not nothing.
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s-]", " ", text)
    slug = slugify(text)[:80].strip("-")
    return slug or "guong-dien-hinh"


def _slug_free(*, exemplar: Exemplar) -> str:
    base = slug_vi(exemplar.title)
    taken = set(
        Exemplar._base_manager.filter(agency_id=exemplar.agency_id, slug__startswith=base)
        .exclude(pk=exemplar.pk)
        .values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _require(user, *, approve: bool = False) -> None:
    rights = exemplar_rights(user)
    if not (rights.may_approve if approve else rights.may_write):
        raise PermissionDenied(
            _("Chỉ Chánh Văn phòng được duyệt đăng hoặc gỡ gương điển hình.")
            if approve
            else _("Chỉ Văn phòng được viết gương điển hình.")
        )


def _event(exemplar: Exemplar, action: str, user, note: str = "") -> None:
    ExemplarEvent.objects.create(exemplar=exemplar, action=action, actor=user, at=clock.now(), note=note)


def _check(exemplar: Exemplar) -> None:
    errors = {}
    if not exemplar.title.strip():
        errors["title"] = _("Hãy nhập tiêu đề.")
    if not exemplar.body.strip():
        errors["body"] = _("Hãy nhập nội dung.")
    if not exemplar.commendation_id and not exemplar.achievement.strip():
        errors["achievement"] = _("Hãy chọn khen thưởng làm căn cứ hoặc ghi thành tích.")
    if exemplar.staff_id and exemplar.unit_id and exemplar.staff.unit_id != exemplar.unit_id:
        errors["unit"] = _("%(person)s không thuộc đơn vị đã chọn.") % {"person": exemplar.staff.full_name}
    if exemplar.commendation_id:
        c = exemplar.commendation
        if exemplar.staff_id and c.staff_id and c.staff_id != exemplar.staff_id:
            errors["commendation"] = _("Khen thưởng đã chọn không phải của cá nhân này.")
        if exemplar.unit_id and c.unit_id and c.unit_id != exemplar.unit_id:
            errors["commendation"] = _("Khen thưởng đã chọn không phải của đơn vị này.")
    if errors:
        raise ValidationError(errors)


def _fill_from_commendation(exemplar: Exemplar) -> None:
    c = exemplar.commendation if exemplar.commendation_id else None
    if c is None:
        return
    if not exemplar.staff_id and not exemplar.unit_id:
        exemplar.staff_id, exemplar.unit_id = c.staff_id, c.unit_id
    if exemplar.staff_id and not exemplar.unit_id:
        exemplar.unit_id = exemplar.staff.unit_id


def _photo_store(exemplar: Exemplar, prepared: photos.PreparedPhoto, uploaded) -> list[str]:
    """Write the upload and its copies under fresh names; returns the names they replace (removed after commit)."""
    old = [f.name for f in (exemplar.photo, exemplar.photo_large, exemplar.photo_small) if f]
    original, large, small = photos.photo_names(prepared.kind)
    uploaded.seek(0)
    exemplar.photo.save(original, uploaded, save=False)
    exemplar.photo_large.save(large, ContentFile(prepared.large), save=False)
    exemplar.photo_small.save(small, ContentFile(prepared.small), save=False)
    exemplar.photo_width, exemplar.photo_height = prepared.width, prepared.height
    return old


def _remove_later(names: list[str]) -> None:
    def remove():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(remove)


def _prepare(photo):
    if photo is None:
        return None
    try:
        return photos.photo_prepare(photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc


def _save_with_slug(exemplar: Exemplar) -> None:
    """Save, finding a free address; two stories saved at once under one title take the next number."""
    for _attempt in range(5):
        if exemplar.published_at is None or not exemplar.slug:
            exemplar.agency_fill()
            exemplar.slug = _slug_free(exemplar=exemplar)
        try:
            with transaction.atomic():
                exemplar.save()
            return
        except IntegrityError:
            if exemplar.published_at is not None and exemplar.slug:
                raise
    raise ValidationError(_("Không tạo được đường dẫn cho gương điển hình; hãy lưu lại."))


def exemplar_create(*, user, data: dict, photo=None) -> Exemplar:
    """A new draft written by the Văn phòng; `data` holds the fields of FIELDS, `photo` an upload or None."""
    _require(user)
    prepared = _prepare(photo)
    exemplar = Exemplar(written_by=user, status=Exemplar.Status.DRAFT, created_at=clock.now(), updated_at=clock.now())
    for name in FIELDS:
        if name in data:
            setattr(exemplar, name, data[name] if data[name] is not None else _blank(name))
    _fill_from_commendation(exemplar)
    _check(exemplar)
    with transaction.atomic():
        if prepared is not None:
            _photo_store(exemplar, prepared, photo)
        _save_with_slug(exemplar)
        _event(exemplar, ExemplarEvent.Action.CREATED, user)
    return exemplar


def _blank(name: str):
    return "" if name in ("title", "body", "achievement") else None


def _locked(exemplar: Exemplar) -> Exemplar:
    return Exemplar.objects.select_for_update().get(pk=exemplar.pk)


def exemplar_update(*, exemplar: Exemplar, user, data: dict, photo=None, photo_remove: bool = False) -> Exemplar:
    """Edit a draft (or a withdrawn story, which goes back to draft to be approved again)."""
    _require(user)
    prepared = _prepare(photo)
    with transaction.atomic():
        row = _locked(exemplar)
        if row.status not in EDITABLE:
            raise ValidationError(
                _("Gương điển hình đang ở trạng thái “%(status)s”, không sửa được.")
                % {"status": row.get_status_display()}
            )
        for name in FIELDS:
            if name in data:
                setattr(row, name, data[name] if data[name] is not None else _blank(name))
        _fill_from_commendation(row)
        _check(row)
        replaced = []
        if prepared is not None:
            replaced = _photo_store(row, prepared, photo)
        elif photo_remove:
            replaced = [f.name for f in (row.photo, row.photo_large, row.photo_small) if f]
            row.photo = row.photo_large = row.photo_small = ""
            row.photo_width = row.photo_height = None
        row.status = Exemplar.Status.DRAFT
        row.updated_at = clock.now()
        _save_with_slug(row)
        _event(row, ExemplarEvent.Action.EDITED, user)
        _remove_later(replaced)
    return row


def exemplar_submit(*, exemplar: Exemplar, user) -> Exemplar:
    """The Văn phòng sends a draft to the Chánh Văn phòng for approval."""
    _require(user)
    with transaction.atomic():
        row = _locked(exemplar)
        if row.status == Exemplar.Status.SUBMITTED:
            return row
        if row.status != Exemplar.Status.DRAFT:
            raise ValidationError(_("Chỉ trình duyệt được bản thảo."))
        _check(row)
        row.status = Exemplar.Status.SUBMITTED
        row.submitted_at = clock.now()
        row.returned_reason = ""
        row.save(update_fields=["status", "submitted_at", "returned_reason"])
        _event(row, ExemplarEvent.Action.SUBMITTED, user)
    return row


def exemplar_approve(*, exemplar: Exemplar, user) -> Exemplar:
    """The Chánh Văn phòng approves publication: the story is on the public page from now on."""
    _require(user, approve=True)
    with transaction.atomic():
        row = _locked(exemplar)
        if row.status == Exemplar.Status.PUBLISHED:
            return row
        if row.status != Exemplar.Status.SUBMITTED:
            raise ValidationError(_("Chỉ duyệt đăng được gương điển hình đã trình duyệt."))
        now = clock.now()
        row.status = Exemplar.Status.PUBLISHED
        row.approved_by = user
        row.published_at = now
        row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = None, None, ""
        row.save(
            update_fields=["status", "approved_by", "published_at", "withdrawn_at", "withdrawn_by", "withdrawn_reason"]
        )
        _event(row, ExemplarEvent.Action.PUBLISHED, user)
    return row


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do.")})
    return reason


def exemplar_return(*, exemplar: Exemplar, user, reason: str) -> Exemplar:
    """The Chánh Văn phòng sends a submitted story back to the Văn phòng to be corrected, with the reason."""
    _require(user, approve=True)
    reason = _reason(reason)
    with transaction.atomic():
        row = _locked(exemplar)
        if row.status == Exemplar.Status.DRAFT:
            return row
        if row.status != Exemplar.Status.SUBMITTED:
            raise ValidationError(_("Chỉ trả lại được gương điển hình đang chờ duyệt."))
        row.status = Exemplar.Status.DRAFT
        row.returned_reason = reason
        row.save(update_fields=["status", "returned_reason"])
        _event(row, ExemplarEvent.Action.RETURNED, user, reason)
    return row


def exemplar_withdraw(*, exemplar: Exemplar, user, reason: str) -> Exemplar:
    """The Chánh Văn phòng takes a published story off the public page, with the reason."""
    _require(user, approve=True)
    reason = _reason(reason)
    with transaction.atomic():
        row = _locked(exemplar)
        if row.status == Exemplar.Status.WITHDRAWN:
            return row
        if row.status != Exemplar.Status.PUBLISHED:
            raise ValidationError(_("Chỉ gỡ được gương điển hình đã đăng."))
        row.status = Exemplar.Status.WITHDRAWN
        row.withdrawn_at = clock.now()
        row.withdrawn_by = user
        row.withdrawn_reason = reason
        row.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        _event(row, ExemplarEvent.Action.WITHDRAWN, user, reason)
    return row

"""The exemplar pages inside the product: the Văn phòng's list, writing and editing a story, one story with its
actions (submit, approve, return, withdraw) and its log. Refusals answer 404, like a page that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from people import clock
from people.models import Agency
from people.tenancy import current_agency_id

from ..selectors import campaign_current
from . import selectors, services
from .access import exemplar_rights
from .forms import ExemplarForm, ReasonForm
from .models import Exemplar


def _not_found() -> Http404:
    return Http404(_("Không có trang này, hoặc anh/chị không được xem."))


class _DeskView(View):
    """Open to the Văn phòng and the Board's leaders; `write` views to the Văn phòng only."""

    write = False

    def dispatch(self, request, *args, **kwargs):
        self.rights = exemplar_rights(request.user)
        if not self.rights.may_read or (self.write and not self.rights.may_write):
            raise _not_found()
        return super().dispatch(request, *args, **kwargs)

    def exemplar(self, pk) -> Exemplar:
        exemplar = selectors.exemplar_for_desk(pk)
        if exemplar is None:
            raise _not_found()
        return exemplar


class ExemplarListView(_DeskView):
    template_name = "workflows/exemplars/list.html"

    def get(self, request, *args, **kwargs):
        status = request.GET.get("trang-thai") or ""
        if status not in Exemplar.Status.values:
            status = ""
        agency = Agency.objects.filter(pk=current_agency_id()).first()
        return render(
            request,
            self.template_name,
            {
                "exemplars": selectors.exemplars_for_desk(status=status or None),
                "statuses": Exemplar.Status.choices,
                "status": status,
                "rights": self.rights,
                "public_agency": agency,
            },
        )


class ExemplarFormView(_DeskView):
    template_name = "workflows/exemplars/form.html"
    write = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs.get("pk")

    def _current(self):
        if self.pk is None:
            return None
        exemplar = self.exemplar(self.pk)
        if exemplar.status not in services.EDITABLE:
            raise _not_found()
        return exemplar

    def _initial(self, exemplar):
        if exemplar is None:
            campaign = campaign_current()
            return {"year": campaign.year if campaign else clock.today().year}
        return {
            "title": exemplar.title,
            "body": exemplar.body,
            "year": exemplar.year,
            "unit": exemplar.unit_id,
            "staff": exemplar.staff_id,
            "commendation": exemplar.commendation_id,
            "achievement": exemplar.achievement,
        }

    def _render(self, form, exemplar):
        return render(self.request, self.template_name, {"form": form, "exemplar": exemplar})

    def get(self, request, *args, **kwargs):
        exemplar = self._current()
        form = ExemplarForm(initial=self._initial(exemplar), has_photo=bool(exemplar and exemplar.photo_large))
        return self._render(form, exemplar)

    def post(self, request, *args, **kwargs):
        exemplar = self._current()
        form = ExemplarForm(request.POST, request.FILES, has_photo=bool(exemplar and exemplar.photo_large))
        if not form.is_valid():
            return self._render(form, exemplar)
        photo = form.cleaned_data.get("photo")
        try:
            if exemplar is None:
                exemplar = services.exemplar_create(user=request.user, data=form.data_for_service(), photo=photo)
                messages.success(request, _("Đã lưu bản thảo gương điển hình."))
            else:
                exemplar = services.exemplar_update(
                    exemplar=exemplar,
                    user=request.user,
                    data=form.data_for_service(),
                    photo=photo,
                    photo_remove=bool(form.cleaned_data.get("photo_remove")),
                )
                messages.success(request, _("Đã lưu các thay đổi."))
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._render(form, exemplar)
        return redirect("cases:exemplar", pk=exemplar.pk)


class ExemplarDetailView(_DeskView):
    template_name = "workflows/exemplars/detail.html"

    def _render(self, exemplar, *, reason: str = "", errors=()):
        rights = self.rights
        S = Exemplar.Status
        return render(
            self.request,
            self.template_name,
            {
                "exemplar": exemplar,
                "events": exemplar.events.select_related("actor"),
                "may_edit": rights.may_write and exemplar.status in services.EDITABLE,
                "may_submit": rights.may_write and exemplar.status == S.DRAFT,
                "may_approve": rights.may_approve and exemplar.status == S.SUBMITTED,
                "may_withdraw": rights.may_approve and exemplar.status == S.PUBLISHED,
                "reason_form": ReasonForm(initial={"reason": reason}),
                "action_errors": list(errors),
            },
        )

    def get(self, request, pk):
        return self._render(self.exemplar(pk))

    def post(self, request, pk):
        exemplar = self.exemplar(pk)
        action = request.POST.get("action")
        reason = request.POST.get("reason", "")
        try:
            if action == "submit":
                services.exemplar_submit(exemplar=exemplar, user=request.user)
                messages.success(request, _("Đã trình Chánh Văn phòng duyệt đăng."))
            elif action == "approve":
                services.exemplar_approve(exemplar=exemplar, user=request.user)
                messages.success(request, _("Đã duyệt đăng: gương điển hình đã có trên trang công khai."))
            elif action == "return":
                services.exemplar_return(exemplar=exemplar, user=request.user, reason=reason)
                messages.success(request, _("Đã trả lại Văn phòng để sửa."))
            elif action == "withdraw":
                services.exemplar_withdraw(exemplar=exemplar, user=request.user, reason=reason)
                messages.success(request, _("Đã gỡ gương điển hình khỏi trang công khai."))
            else:
                raise _not_found()
        except PermissionDenied:
            raise _not_found() from None
        except ValidationError as exc:
            return self._render(self.exemplar(pk), reason=reason, errors=exc.messages)
        return redirect("cases:exemplar", pk=exemplar.pk)


class ExemplarPhotoView(_DeskView):
    """The re-encoded copy of a story's photo, for the Văn phòng to see before it is published."""

    small = False

    def get(self, request, pk):
        exemplar = self.exemplar(pk)
        stored = exemplar.photo_small if self.small else exemplar.photo_large
        if not stored:
            raise _not_found()
        response = FileResponse(stored.open("rb"), content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

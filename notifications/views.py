"""The outbox page (for the Văn phòng) and each person's notification settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from people.models import Role
from people.selectors import user_has_role
from people.tenancy import current_agency_id
from people.xlsx_export import xlsx_response

from . import selectors, services
from .models import Message, Preference

OFFICE_ROLES = (Role.OFFICE_OFFICER, Role.OFFICE_CHIEF)


def _office_only(request) -> None:
    # What a person may not see answers 404, as a page that does not exist (README, "Who sees what").
    if not user_has_role(user=request.user, roles=OFFICE_ROLES):
        raise Http404


def _of_this_agency(preferences):
    """Preferences are a person's, not an agency's: the office sees those of its own agency's people."""
    agency_id = current_agency_id()
    return preferences if agency_id is None else preferences.filter(user__staff__agency_id=agency_id)


class OutboxView(TemplateView):
    """Hộp thư đi — every message with its status; failed ones can be sent again; bounced addresses listed."""

    template_name = "notifications/outbox.html"

    def dispatch(self, request, *args, **kwargs):
        _office_only(request)
        return super().dispatch(request, *args, **kwargs)

    export = False  # the same list, every page of it, as an Excel file

    @staticmethod
    def filters(get) -> dict:
        return {"status": get.get("trang_thai", ""), "kind": get.get("loai", ""), "query": get.get("q", "").strip()}

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        outbox = selectors.outbox_messages(**self.filters(request.GET))
        return xlsx_response(
            name=_("Hộp thư đi"),
            headers=(
                _("Tạo lúc"),
                _("Người nhận"),
                _("Thư điện tử"),
                _("Tiêu đề"),
                _("Loại"),
                _("Trạng thái"),
                _("Gửi lúc"),
                _("Tình trạng nhận"),
                _("Lỗi"),
            ),
            rows=(
                (
                    m.created,
                    m.user.get_full_name() if m.user else "",
                    m.to_email,
                    m.subject,
                    m.kind,
                    m.get_status_display(),
                    m.sent_at,
                    m.get_delivery_display(),
                    m.error,
                )
                for m in outbox.iterator(chunk_size=500)
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        filters = self.filters(get)
        status, kind, query = filters["status"], filters["kind"], filters["query"]
        page = Paginator(selectors.outbox_messages(**filters), 50).get_page(get.get("trang"))
        params = get.copy()
        params.pop("trang", None)
        context.update(
            page_obj=page,
            outbox=page.object_list,
            status=status,
            kind=kind,
            query=query,
            params=params.urlencode(),
            statuses=Message.Status.choices,
            kinds=sorted(set(Message.objects.values_list("kind", flat=True))),
            counts=[(label, Message.objects.filter(status=code).count()) for code, label in Message.Status.choices],
            bounced=_of_this_agency(Preference.objects.filter(bounced_at__isnull=False).select_related("user")),
        )
        return context


class ResendView(View):
    def post(self, request, pk):
        _office_only(request)
        message = get_object_or_404(Message, pk=pk)
        if services.message_resend(message=message):
            messages.success(request, _("Đã đưa thư vào hàng gửi lại."))
        else:
            messages.warning(request, _("Chỉ gửi lại được thư gửi không được."))
        return redirect("notifications:outbox")


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["reminders", "tasks"]
        widgets = {"reminders": forms.RadioSelect, "tasks": forms.RadioSelect}
        labels = {
            "reminders": gettext_lazy("Nhắc hạn, báo quá hạn, việc chờ lâu"),
            "tasks": gettext_lazy("Việc mới, hồ sơ bị trả lại"),
        }


class PreferenceView(TemplateView):
    """Cách nhận thông báo — immediate or daily digest, and the private calendar address."""

    template_name = "notifications/preferences.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preference = services.preference_of(self.request.user)
        context.setdefault("form", PreferenceForm(instance=preference))
        context.update(
            preference=preference,
            calendar_url=self.request.build_absolute_uri(f"/lich/{preference.calendar_token}.ics"),
            address=services.address_of(self.request.user),
            my_messages=Message.objects.filter(user=self.request.user).order_by("-created")[:20],
        )
        return context

    def post(self, request, *args, **kwargs):
        preference = services.preference_of(request.user)
        if request.POST.get("action") == "new_calendar":
            services.calendar_token_renew(preference=preference)
            messages.success(request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được."))
            return redirect("notifications:index")
        form = PreferenceForm(request.POST, instance=preference)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:index")

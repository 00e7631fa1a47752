"""The approver's pages: inbox, queue, archive, the case page, a step's page, and files.

Every page starts from what the user may see (`access.Actor`): a case outside it is a 404, never a
403 that would confirm it exists; a task the user may not do shows no form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View
from django.views.generic import TemplateView
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from people import clock
from people.models import OrgUnit, Staff
from people.selectors import units_for_emulation
from people.tenancy import current_agency_id
from people.xlsx_export import XLSX_CONTENT_TYPE, content_disposition, xlsx_response

from .. import province_export
from ..documents import board as board_documents
from ..documents import board_read, engine, unit_read
from ..documents.decision import KIND as DECISION_KIND
from ..documents.decision import award_decision_docx
from ..documents.download import as_requested, docx_response, pdf_response
from ..documents.pdf import PdfUnavailable, docx_to_pdf
from ..documents.selectors import award_decision_read
from ..documents.services import decision_sign, draft_attach
from ..eligible.selectors import eligible_units
from ..kinds import StepRole, case_kind, kind_choices, kinds_opened_by_office
from ..models import BOARD_DECISION_STEP, AwardTitle, Campaign, Case, CaseFile, Rating, step_title
from ..province import is_province
from ..selectors import campaign_current, document_kind_choices
from ..views import board_province_links
from . import eligibility, forms, registration_excel, selectors, services
from .access import DECIDE, DRAFT, SIGN, actor_of
from .steps import HANDLERS, registration_excel_fill

PAGE_SIZE = 50
CONVERTED_SHOWN = 200  # as on the staff import preview (tdkt/converted_cells.html)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _visible_case(request, pk) -> Case:
    case = selectors.case_visible(actor=actor_of(request.user), pk=pk)
    if case is None:
        raise Http404(_("Không có hồ sơ này, hoặc anh/chị không được xem hồ sơ này."))
    return case


def _province_links(request, case) -> dict:
    """The links to the province's templates (CANHAN / TAPTHE / MauTDKT), for the Văn phòng, when the case sends
    proposals upward: this case's list, and the whole Board's of the year (every dossier's upward proposals)."""
    if not actor_of(request.user).is_office or not province_export.upward_proposals(case=case).exists():
        return {}
    forms = province_export.FORMS.items()
    return {
        "province_xlsx": [(name, reverse("cases:province_xlsx", args=[case.pk, form])) for form, name in forms],
        "province_board_xlsx": board_province_links(request.user, case.campaign),
        "province_year": case.campaign.year,
    }


def _case_task(request, case_pk, task_pk) -> tuple[Case, Task]:
    case = _visible_case(request, case_pk)
    task = Task.objects.filter(pk=task_pk, process_id=case.pk, flow_task_type="HUMAN").select_related("owner").first()
    if task is None:
        raise Http404(_("Không có bước xử lý này trong hồ sơ."))
    return case, task


# --- inbox / queue / archive -------------------------------------------------------------------------


class _SendingAgencyColumn:
    """The exports' "Cơ quan gửi" column: on the province's lists only (its cases come from the agencies), as the
    pages name the sending agency beside the unit; an agency's exports have no such column."""

    def __init__(self, shown: bool):
        self.header = (_("Cơ quan gửi"),) if shown else ()
        self.shown = shown

    def cell(self, case) -> tuple:
        if not self.shown:
            return ()
        return (str(case.unit.agency) if case.origin_id else "",)


def _sending_agency_column() -> _SendingAgencyColumn:
    return _SendingAgencyColumn(is_province(agency_id=current_agency_id()))


def _task_filters(get) -> selectors.TaskFilters:
    stage = get.get("buoc", "")
    sort = get.get("sap_xep", "due")
    return selectors.TaskFilters(
        year=_int(get.get("nam")),
        kind=get.get("loai", "") if get.get("loai", "") in Case.Kind.values else "",
        unit=_int(get.get("don_vi")),
        stage=stage if selectors.stage_node(stage) is not None else "",
        overdue=get.get("qua_han") == "1",
        sort=sort if sort in selectors.SORTS else "due",
    )


class TaskListView(TemplateView):
    template_name = "workflows/cases/task_list.html"
    mode = "inbox"
    export = False  # the same list, every page of it, as an Excel file

    def heading(self) -> str:
        # Translated per request: a class attribute would keep the language of the process's first import.
        return {"inbox": _("Việc của tôi"), "queue": _("Hàng chờ nhận việc"), "archive": _("Việc đã xử lý")}[self.mode]

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        rows = selectors.task_rows(actor=actor_of(request.user), mode=self.mode, filters=_task_filters(request.GET))
        archive = self.mode == "archive"
        sender = _sending_agency_column()
        return xlsx_response(
            name=self.heading(),
            headers=(
                _("Hồ sơ"),
                _("Đơn vị"),
                *sender.header,
                _("Bước"),
                _("Năm"),
                _("Hạn"),
                _("Xong lúc") if archive else _("Tạo lúc"),
            ),
            rows=(
                (
                    row.case.get_kind_display(),
                    row.case.unit.name,
                    *sender.cell(row.case),
                    row.stage,
                    row.case.campaign.year,
                    row.due.milestone.due_date if row.due else None,
                    row.task.finished if archive else row.task.created,
                )
                for row in rows
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = _task_filters(self.request.GET)
        listing = selectors.task_list(
            actor=actor_of(self.request.user),
            mode=self.mode,
            filters=filters,
            page=self.request.GET.get("trang"),
            page_size=PAGE_SIZE,
        )
        query = self.request.GET.copy()
        query.pop("trang", None)
        context.update(
            mode=self.mode,
            heading=self.heading(),
            rows=listing.rows,
            page_obj=listing.page,
            ballots=listing.ballots,
            filters=filters,
            query=query.urlencode(),
            export_url=f"cases:{self.mode if self.mode != 'inbox' else 'index'}_xlsx",
            **listing.choices,
        )
        return context


class TaskBulkClaimView(View):
    """Nhận nhiều việc một lúc from the queue; each one the user may not claim is named, none is half-done."""

    def post(self, request):
        claimed, refused = 0, []
        for pk in request.POST.getlist("task"):
            task = selectors.tasks_in_scope().filter(pk=_int(pk)).first()
            if task is None:
                continue
            try:
                services.task_claim(task=task, user=request.user)
                claimed += 1
            except (services.StepConflict, PermissionDenied) as exc:
                refused.append(str(exc))
        if claimed:
            messages.success(request, _("Đã nhận %(count)s việc.") % {"count": claimed})
        for message in dict.fromkeys(refused):
            messages.warning(request, message)
        if not claimed and not refused:
            messages.warning(request, _("Chưa chọn việc nào."))
        return redirect("cases:index" if claimed else "cases:queue")


class TaskActionView(View):
    """Claim, unassign or reassign one task (POST only)."""

    action = "claim"

    def post(self, request, pk):
        task = selectors.tasks_in_scope().filter(pk=pk).first()
        if task is None or selectors.case_visible(actor=actor_of(request.user), pk=task.process_id) is None:
            raise Http404(_("Không có việc này."))
        try:
            if self.action == "claim":
                services.task_claim(task=task, user=request.user)
                messages.success(request, _("Đã nhận việc."))
                return redirect("cases:task", case_pk=task.process_id, pk=task.pk)
            if self.action == "unassign":
                services.task_unassign(task=task, user=request.user)
                messages.success(request, _("Đã trả việc về hàng chờ."))
            else:
                candidates = selectors.reassign_candidates(task=task)
                form = forms.ReassignForm(request.POST, candidates=candidates)
                if not form.is_valid():
                    messages.error(request, _("Hãy chọn người được giao trong danh sách."))
                else:
                    target = next(u for u in candidates if u.pk == form.cleaned_data["user"])
                    services.task_reassign(task=task, by=request.user, to=target)
                    messages.success(request, _("Đã giao lại việc."))
        except (services.StepConflict, PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect("cases:case", pk=task.process_id)


# --- cases -------------------------------------------------------------------------------------------


def _case_filters(get) -> dict:
    return {"year": _int(get.get("nam")), "kind": get.get("loai", ""), "unit": _int(get.get("don_vi"))}


class CaseListView(TemplateView):
    template_name = "workflows/cases/case_list.html"
    export = False  # the same list, every page of it, as an Excel file

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        cases = selectors.cases_listed(actor=actor_of(request.user), **_case_filters(request.GET))
        sender = _sending_agency_column()
        return xlsx_response(
            name=_("Hồ sơ"),
            headers=(_("Hồ sơ"), _("Đơn vị"), *sender.header, _("Năm"), _("Hạn"), _("Tình trạng")),
            rows=(
                (
                    case.get_kind_display(),
                    case.unit.name,
                    *sender.cell(case),
                    case.campaign.year,
                    case.milestone.due_date if case.milestone else None,
                    selectors.case_state(case),
                )
                for case in cases.iterator(chunk_size=500)
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = actor_of(self.request.user)
        get = self.request.GET
        filters = _case_filters(get)
        year, kind, unit = filters["year"], filters["kind"], filters["unit"]
        cases = selectors.cases_listed(actor=actor, **filters)
        page = Paginator(cases, PAGE_SIZE).get_page(get.get("trang"))
        for case in page.object_list:
            case.state = selectors.case_state(case)
        query = get.copy()
        query.pop("trang", None)
        context.update(
            page_obj=page,
            cases=page.object_list,
            query=query.urlencode(),
            year=year,
            kind=kind,
            unit=unit,
            campaigns=Campaign.objects.order_by("-year").values_list("year", flat=True),
            kinds=kind_choices(province=is_province(agency_id=current_agency_id())),
            units=units_for_emulation().order_by("order", "name")
            if actor.sees_all
            else OrgUnit.objects.filter(pk__in=actor.unit_ids),
            can_open=actor.is_office and not is_province(agency_id=current_agency_id()),
            current_campaign=campaign_current(),
        )
        return context


class CaseDetailView(TemplateView):
    template_name = "workflows/cases/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = _visible_case(self.request, kwargs["pk"])
        actor = actor_of(self.request.user)
        context.update(selectors.case_page(actor=actor, case=case))
        context.update(_province_links(self.request, case))
        context["eligibility_link"] = (
            case.kind == Case.Kind.NOMINATION and eligible_units(actor=actor).filter(pk=case.unit_id).exists()
        )
        return context


class ProposalFindingsView(View):
    """Kết quả xét điều kiện of one proposal row as the clerk fills it in, before anything is saved: an HTML
    fragment that static/tdkt/tdkt.js puts under the row (without JS, the findings show after "Lưu nháp")."""

    def get(self, request, pk):
        case = _visible_case(request, pk)
        if case.kind != Case.Kind.NOMINATION:
            raise Http404(_("Hồ sơ này không có đề nghị khen thưởng."))
        title = AwardTitle.objects.filter(pk=_int(request.GET.get("title"))).first()
        staff = None
        if request.GET.get("staff"):
            staff = Staff.objects.filter(pk=_int(request.GET["staff"]), unit_id=case.unit_id).first()
            if staff is None:
                raise Http404(_("Không có cán bộ này trong đơn vị."))
        rating = request.GET.get("rating", "")
        rating = rating if rating in Rating.values else ""
        # `rows`: the form's other rows as the clerk sees them, saved or not (sent by tdkt.js, even when empty).
        others = eligibility.page_rows_parse(request.GET["rows"]) if "rows" in request.GET else None
        initiatives = eligibility.ids_parse(request.GET.get("initiatives", ""))
        judgement = (
            eligibility.row_judge(
                case=case, staff=staff, title=title, rating=rating, others=others, initiatives=initiatives
            )
            if title
            else None
        )
        response = render(request, "workflows/cases/findings.html", {"judgement": judgement})
        response["Cache-Control"] = "private, no-store"
        return response


class CaseFileView(View):
    """A file of a case, to whoever may see the case; the stored name is never shown."""

    def get(self, request, case_pk, pk):
        case = _visible_case(request, case_pk)
        record = get_object_or_404(CaseFile, pk=pk, case=case)
        response = FileResponse(
            record.file.open("rb"), as_attachment=True, filename=record.name, content_type=record.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- a step ------------------------------------------------------------------------------------------


class TaskView(TemplateView):
    """One step of a case: its form for the person holding it; read-only (with "Nhận việc") otherwise."""

    template_name = "workflows/cases/task.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case, self.task = _case_task(request, kwargs["case_pk"], kwargs["pk"])
        self.handler = HANDLERS[self.task.flow_task.handler]

    def may_work(self) -> bool:
        return self.task.status == STATUS.ASSIGNED and self.task.flow_task.can_execute(self.request.user, self.task)

    def build(self, data=None, files=None):
        step_forms = self.handler.build(case=self.case, task=self.task, data=data, files=files)
        carries_proposals = case_kind(self.case.kind).has_proposals
        proposals = list(self.case.proposals.select_related("staff", "title")) if carries_proposals else []
        self.has_proposals = bool(proposals)
        kinds = document_kind_choices(on=self.case.campaign.end_date)
        attachments = forms.AttachmentFormSet(
            data, files, prefix="att", form_kwargs={"proposals": proposals, "kinds": kinds}
        )
        comment = forms.CommentForm(data, prefix="c")
        return step_forms, attachments, comment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "step_forms" not in context:
            step_forms, attachments, comment = self.build() if self.may_work() else ({}, None, None)
            context.update(step_forms=step_forms, attachments=attachments, comment=comment)
        context.update(
            case=self.case,
            task=self.task,
            step_title=step_title(self.task.flow_task, self.case.agency_id),
            handler=self.handler,
            step_template=f"workflows/cases/steps/{self.handler.name}.html",
            may_work=self.may_work(),
            has_proposals=getattr(self, "has_proposals", False),
            may_claim=self.task.flow_task.can_assign(self.request.user, self.task)
            or self.task.flow_task.can_take_over(self.request.user, self.task),
            due=selectors.due_status(self.case, clock.today()),
            returns=selectors.task_returns(task=self.task),
            files=selectors.case_files(case=self.case),
            removable=case_kind(self.case.kind).is_step(self.task.flow_task, StepRole.DRAFT),
            converted=self.request.session.pop(self.converted_key, None) if self.request.method == "GET" else None,
            **self.handler.context(case=self.case, task=self.task),
        )
        if self.handler.name == BOARD_DECISION_STEP and actor_of(self.request.user).may_act(
            permission=DECIDE, unit_id=self.case.unit_id
        ):
            context["decision_docx"] = reverse("cases:decision_docx", args=[self.case.pk, self.task.pk])
            context["decision_pdf"] = reverse("cases:decision_pdf", args=[self.case.pk, self.task.pk])
        if self.handler.name == "send_upward":
            context.update(_province_links(self.request, self.case))
        context["board_docx"] = _board_document_buttons(self.request, self.case, self.task)
        context["unit_documents"] = unit_document_buttons(self.request, self.case, self.task)
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_work():
            messages.error(request, _("Việc này không còn chờ anh/chị xử lý (đã có người khác nhận hoặc xử lý)."))
            return redirect("cases:case", pk=self.case.pk)
        action = request.POST.get("action", "save")
        if action == "import" and self.handler.name == "registration_draft":
            return self.import_rows(request)
        step_forms, attachments, comment = self.build(request.POST, request.FILES)
        valid = all(f.is_valid() for f in step_forms.values()) & attachments.is_valid() & comment.is_valid()
        if not valid:
            messages.error(request, _("Chưa lưu được: xem các ô báo lỗi bên dưới. Tệp đính kèm cần chọn lại."))
            return self.render_to_response(
                self.get_context_data(step_forms=step_forms, attachments=attachments, comment=comment), status=200
            )
        completing = action == "submit"
        removals = {_int(pk) for pk in request.POST.getlist("remove_file")} - {None}

        def apply(case, task):
            services.files_attach(
                case=case,
                rows=[
                    (form.cleaned_data["doc_type"], form.cleaned_data.get("proposal"), form.cleaned_data["file"])
                    for form in attachments
                    if form.cleaned_data.get("file")
                ],
                user=request.user,
                task=task,
            )
            services.files_remove(case=case, pks=removals, user=request.user, task=task)
            self.handler.apply(case=case, task=task, forms=step_forms, user=request.user, completing=completing)

        try:
            if completing:
                outcome = self.handler.outcome(forms=step_forms, comment=comment.cleaned_data["comment"].strip())
                services.step_complete(task=self.task, user=request.user, apply=apply, outcome=outcome, request=request)
                done = step_title(self.task.flow_task, self.case.agency_id)
                messages.success(request, _("Đã xong bước “%(step)s”.") % {"step": done})
                return redirect("cases:index")
            services.step_save(task=self.task, user=request.user, apply=apply)
            messages.success(request, _("Đã lưu."))
            return redirect("cases:task", case_pk=self.case.pk, pk=self.task.pk)
        except services.StepConflict as exc:
            messages.error(request, str(exc))
            return redirect("cases:case", pk=self.case.pk)
        except ValidationError as exc:
            self.task.refresh_from_db()
            self.case.refresh_from_db()
            return self.render_to_response(
                self.get_context_data(
                    step_forms=step_forms, attachments=attachments, comment=comment, step_errors=exc.messages
                ),
                status=200,
            )

    def import_rows(self, request):
        form = forms.RegistrationExcelForm(request.POST, request.FILES, prefix="x")
        upload = form.is_valid() and form.cleaned_data.get("excel")
        if not upload:
            messages.error(request, _("Hãy chọn tệp Excel (.xlsx) để điền bản đăng ký."))
            return redirect("cases:task", case_pk=self.case.pk, pk=self.task.pk)
        try:
            parsed = registration_excel_fill(case=self.case, task=self.task, upload=upload, user=request.user)
        except services.StepConflict as exc:
            messages.error(request, str(exc))
            return redirect("cases:case", pk=self.case.pk)
        if parsed.errors:
            step_forms, attachments, comment = self.build()
            return self.render_to_response(
                self.get_context_data(
                    step_forms=step_forms, attachments=attachments, comment=comment, excel_errors=parsed.errors
                ),
                status=200,
            )
        if parsed.conversions:
            # Shown once, on the page the redirect leads to; the page lists at most this many cells.
            request.session[self.converted_key] = {
                "cells": parsed.conversions[:CONVERTED_SHOWN],
                "total": len(parsed.conversions),
            }
        messages.success(request, _("Đã điền %(count)s dòng từ tệp Excel.") % {"count": len(parsed.rows)})
        return redirect("cases:task", case_pk=self.case.pk, pk=self.task.pk)

    @property
    def converted_key(self) -> str:
        return f"cases:registration-converted:{self.task.pk}"


class DecisionDraftView(View):
    """Dự thảo quyết định khen thưởng (.docx) of a case's board_decision step, while it is taken or once recorded: to
    whoever may decide it (the Trưởng ban, or whoever holds the role by delegation); to anyone else, no such page."""

    def draft(self, request, case_pk, pk) -> tuple[Case, Task, bytes, str]:
        """The case, its step, the draft's .docx and its file name without extension; a 404 to anyone who may not
        decide the step."""
        case, task = _case_task(request, case_pk, pk)
        actor = actor_of(request.user)
        if task.flow_task.handler != BOARD_DECISION_STEP or not actor.may_act(permission=DECIDE, unit_id=case.unit_id):
            raise Http404(_("Không có trang này."))
        decision = award_decision_read(case=case, user=request.user)
        name = f"Dự thảo quyết định khen thưởng {case.unit.code} {case.campaign.year}"
        return case, task, award_decision_docx(decision, agency_id=case.agency_id), name

    def get(self, request, case_pk, pk):
        _case, _task, content, name = self.draft(request, case_pk, pk)
        return docx_response(content, name=f"{name}.docx")

    def post(self, request, case_pk, pk):
        """The draft, downloaded and filed in the case as a draft of the decision (the button on the step)."""
        case, task, content, name = self.draft(request, case_pk, pk)
        name = f"{name}.docx"
        draft_attach(case=case, kind=DECISION_KIND.code, content=content, name=name, user=request.user, task=task)
        return docx_response(content, name=name)


class DecisionDraftPdfView(DecisionDraftView):
    """The same draft as PDF, converted from that .docx by LibreOffice; when it cannot be converted, back to the step
    with the reason."""

    def get(self, request, case_pk, pk):
        case, task, content, name = self.draft(request, case_pk, pk)
        try:
            pdf = docx_to_pdf(content)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect("cases:task", case_pk=case.pk, pk=task.pk)
        return pdf_response(pdf, name=f"{name}.pdf")

    def post(self, request, case_pk, pk):
        """Ký số: the draft as PDF, signed with the decider's key and filed in the case (the signed copy beside
        the unsigned PDF draft)."""
        case, task, content, name = self.draft(request, case_pk, pk)
        back = redirect("cases:task", case_pk=case.pk, pk=task.pk)
        try:
            signed = decision_sign(
                case=case, task=task, user=request.user, actor=actor_of(request.user), content=content, name=name
            )
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return back
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return back
        messages.success(request, _("Đã ký số dự thảo quyết định; bản đã ký là “%(name)s”.") % {"name": signed.name})
        return back


@dataclass(frozen=True)
class _BoardDocument:
    kind: object  # engine.TemplateKind
    case_kind: str
    step: str  # the step's handler the button sits on
    label: str
    testid: str

    def name(self, case: Case) -> str:
        year = case.campaign.year
        return {
            board_documents.UPWARD.code: f"Tờ trình đề nghị khen thưởng {case.unit.code} {year}.docx",
            board_documents.REGISTRATION.code: f"Tổng hợp đăng ký thi đua {year}.docx",
            board_documents.MIDYEAR.code: f"Báo cáo sơ kết 6 tháng {year}.docx",
        }[self.kind.code]

    def read(self, case: Case):
        if self.kind.code == board_documents.UPWARD.code:
            return board_documents.upward_context(board_read.upward_proposal_read(case=case))
        if self.kind.code == board_documents.REGISTRATION.code:
            return board_documents.registration_context(board_read.registration_letter_read(case=case))
        return board_documents.report_context(board_read.stage_report_read(campaign=case.campaign, midyear=True))

    def render(self, case: Case) -> bytes:
        content = engine.render(self.kind.code, self.read(case), agency_id=case.agency_id)
        if self.kind.code == board_documents.REGISTRATION.code:
            content = board_documents.fit_table_grids(content)  # its title columns repeat
        return content


BOARD_DOCUMENTS = {
    "to-trinh": _BoardDocument(
        board_documents.UPWARD, Case.Kind.NOMINATION, "send_upward", gettext_noop("Tạo tờ trình (.docx)"), "to-trinh"
    ),
    "dang-ky": _BoardDocument(
        board_documents.REGISTRATION,
        Case.Kind.REGISTRATION_BOARD,
        "board_report",
        gettext_noop("Tạo văn bản tổng hợp đăng ký thi đua (.docx)"),
        "dang-ky-docx",
    ),
    "so-ket": _BoardDocument(
        board_documents.MIDYEAR,
        Case.Kind.MIDYEAR_BOARD,
        "board_report",
        gettext_noop("Tạo báo cáo sơ kết 6 tháng (.docx)"),
        "so-ket-docx",
    ),
}


def _board_document_applies(case: Case, task: Task, document: _BoardDocument) -> bool:
    if case.kind != document.case_kind or task.flow_task.handler != document.step:
        return False
    if document.kind.code == board_documents.UPWARD.code:
        return province_export.upward_proposals(case=case).exists()
    return True


def _board_document_buttons(request, case: Case, task: Task) -> list[tuple[str, str, str]]:
    """The Văn phòng's buttons for the documents it sends upward from this step: (url, label, test id)."""
    if not actor_of(request.user).is_office:
        return []
    return [
        (reverse("cases:board_docx", args=[case.pk, task.pk, slug]), _(document.label), document.testid)
        for slug, document in BOARD_DOCUMENTS.items()
        if _board_document_applies(case, task, document)
    ]


class BoardDocumentView(View):
    """A document the Văn phòng sends upward, generated from the case on its step (the tờ trình with its list on
    send_upward; the consolidated registration and the mid-year report on the Board's report step): filed in the
    case as a draft of its kind and returned as .docx. To anyone but the Văn phòng, or on another step, no such
    page."""

    def post(self, request, case_pk, pk, document):
        case, task = _case_task(request, case_pk, pk)
        spec = BOARD_DOCUMENTS.get(document)
        if spec is None or not actor_of(request.user).is_office or not _board_document_applies(case, task, spec):
            raise Http404(_("Không có trang này."))
        content = spec.render(case)
        name = spec.name(case)
        draft_attach(case=case, kind=spec.kind.code, content=content, name=name, user=request.user, task=task)
        return as_requested(request, content, name=name, back=reverse("cases:task", args=[case.pk, task.pk]))


# The unit's own papers, generated on its drafting step and its head's signing step (slug → case kind, label).
UNIT_DOCUMENT_STEPS = {"registration_draft": DRAFT, "nomination_draft": DRAFT, "sign": SIGN}
UNIT_DOCUMENTS = {
    "dang-ky-thi-dua": (Case.Kind.REGISTRATION, gettext_lazy("Tạo bản đăng ký thi đua (.docx)")),
    "bien-ban-binh-xet": (Case.Kind.NOMINATION, gettext_lazy("Tạo biên bản họp bình xét (.docx)")),
    "to-trinh": (Case.Kind.NOMINATION, gettext_lazy("Tạo tờ trình đề nghị khen thưởng (.docx)")),
    "bao-cao-thanh-tich": (Case.Kind.NOMINATION, ""),
}


def unit_documents_allowed(request, case: Case, task: Task) -> bool:
    """Whoever may work the step (the unit's clerk on its drafting step, its head on the signing step, a delegate
    standing in), while the step is open."""
    permission = UNIT_DOCUMENT_STEPS.get(task.flow_task.handler)
    return (
        permission is not None
        and task.status in (STATUS.NEW, STATUS.ASSIGNED)
        and actor_of(request.user).may_act(permission=permission, unit_id=case.unit_id)
    )


def unit_document_buttons(request, case: Case, task: Task) -> dict | None:
    """The buttons of the unit's papers on a step page: the case's documents, and one báo cáo thành tích per
    nominee (each goes to that person, to complete and sign)."""
    if not unit_documents_allowed(request, case, task):
        return None
    buttons = [
        {"slug": slug, "label": label, "url": reverse("cases:unit_docx", args=[case.pk, task.pk, slug])}
        for slug, (kind, label) in UNIT_DOCUMENTS.items()
        if kind == case.kind and label
    ]
    nominees = []
    if case.kind == Case.Kind.NOMINATION:
        nominees = [
            {"proposal": p, "url": reverse("cases:achievement_docx", args=[case.pk, task.pk, p.pk])}
            for p in case.proposals.select_related("staff", "title").order_by("order", "pk")
        ]
    return {"buttons": buttons, "nominees": nominees} if buttons else None


class UnitDocumentView(View):
    """A unit's paper generated from the case (POST): filed in the case as a draft of its kind, and downloaded.
    Only on the steps that write them, to whoever may work that step; anyone else finds no such page."""

    def post(self, request, case_pk, pk, document, proposal_pk=None):
        case, task = _case_task(request, case_pk, pk)
        kind = UNIT_DOCUMENTS.get(document)
        if kind is None or kind[0] != case.kind or not unit_documents_allowed(request, case, task):
            raise Http404(_("Không có trang này."))
        proposal = None
        year, code = case.campaign.year, case.unit.code
        if document == "dang-ky-thi-dua":
            template, context = unit_read.REGISTRATION_CODE, unit_read.registration_read(case=case)
            name = f"Bản đăng ký thi đua {code} {year}.docx"
        elif document == "bien-ban-binh-xet":
            template, context = unit_read.MINUTES_CODE, unit_read.minutes_read(case=case)
            name = f"Biên bản họp bình xét {code} {year}.docx"
        elif document == "to-trinh":
            template, context = unit_read.SUBMISSION_CODE, unit_read.submission_read(case=case)
            name = f"Tờ trình đề nghị khen thưởng {code} {year}.docx"
        else:
            proposal = case.proposals.select_related("staff__unit", "title").filter(pk=proposal_pk).first()
            if proposal is None:
                raise Http404(_("Không có đề nghị này trong hồ sơ."))
            template, context = unit_read.achievement_read(case=case, proposal=proposal)
            nominee = proposal.staff.full_name if proposal.staff_id else case.unit.name
            name = f"Báo cáo thành tích {nominee.replace('/', '-')} {year}.docx"
        content = engine.render(template, context, agency_id=case.agency_id)
        draft_attach(
            case=case, kind=template, content=content, name=name, user=request.user, task=task, proposal=proposal
        )
        return as_requested(request, content, name=name, back=reverse("cases:task", args=[case.pk, task.pk]))


class ProvinceTemplateView(View):
    """The case's upward proposals in the province's import template (CANHAN, TAPTHE or MauTDKT), for the Văn phòng
    that sends them; to anyone else, or for a case with nothing sent upward, no such page."""

    def get(self, request, pk, form):
        case = _visible_case(request, pk)
        if form not in province_export.FORMS or not actor_of(request.user).is_office:
            raise Http404(_("Không có trang này."))
        proposals = province_export.upward_proposals(case=case)
        if not proposals.exists():
            raise Http404(_("Không có trang này."))
        content = province_export.province_workbook(proposals=proposals, form=form)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(province_export.province_filename(case=case, form=form))
        return response


class RegistrationTemplateView(View):
    """The unit's registration as an Excel file to fill in (its staff, one per row)."""

    def get(self, request, pk):
        case = _visible_case(request, pk)
        if case.kind != Case.Kind.REGISTRATION:
            raise Http404
        staff = HANDLERS["registration_draft"].unit_staff(case)
        current = {e.staff_id: (e.title.short_name, e.initiative) for e in case.entries.select_related("title")}
        content = registration_excel.template(staff=staff, current=current)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="dang-ky-thi-dua-{case.unit.code}-{case.campaign.year}.xlsx"'
        )
        return response


class CouncilResultView(TemplateView):
    """Ghi kết quả Hội đồng from its signed minutes (the Văn phòng, as the council's standing body). To anyone
    else the page does not exist (404), like every page a person may not see."""

    template_name = "workflows/cases/council_result.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = _visible_case(request, kwargs["pk"])
        if not actor_of(request.user).is_office:
            raise Http404(_("Không có trang này."))
        if services.council_task(case=self.case) is None:
            messages.info(request, _("Hồ sơ không ở bước chờ Hội đồng."))
            return redirect("cases:case", pk=self.case.pk)
        if self.case.proposals.filter(agenda_item__isnull=False).exists():
            messages.info(
                request, _("Hồ sơ đã được đưa vào phiên họp Hội đồng; kết quả được ghi khi phiên họp kết thúc.")
            )
            return redirect("cases:case", pk=self.case.pk)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None, files=None):
        return forms.CouncilResultForm(data, files, proposals=list(selectors.case_proposals(case=self.case)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["case"] = self.case
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.council_minutes_record(
            case=self.case,
            passed=set(form.cleaned_data["passed"]),
            minutes=form.cleaned_data["minutes"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Đã ghi kết quả Hội đồng; hồ sơ được chuyển bước tiếp theo."))
        return redirect("cases:case", pk=self.case.pk)


class StageOpenView(View):
    """Văn phòng mở một đợt (đăng ký, sơ kết, tổng kết) cho mọi đơn vị của phong trào."""

    def post(self, request):
        campaign = Campaign.objects.filter(year=_int(request.POST.get("nam"))).first()
        kind = request.POST.get("loai")
        if campaign is None or kind not in kinds_opened_by_office():
            if not actor_of(request.user).is_office:
                raise PermissionDenied(_("Chỉ Văn phòng được mở đợt."))
            messages.error(request, _("Hãy chọn phong trào và đợt cần mở."))
            return redirect("cases:cases")
        opened = services.campaign_stage_open(campaign=campaign, kind=kind, actor=request.user)
        messages.success(
            request,
            _("Đã mở %(count)s hồ sơ “%(kind)s” năm %(year)s.")
            % {"count": opened, "kind": Case.Kind(kind).label, "year": campaign.year},
        )
        return HttpResponseRedirect(reverse("cases:cases") + f"?nam={campaign.year}&loai={kind}")


class CommendationListView(TemplateView):
    """Lịch sử khen thưởng — the awards decided, for the units a person covers (all, for the Văn phòng)."""

    template_name = "workflows/cases/commendations.html"
    export = False  # the same list, every page of it, as an Excel file

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        awards = selectors.commendations_visible(actor=actor_of(request.user), year=_int(request.GET.get("nam")))
        return xlsx_response(
            name=_("Lịch sử khen thưởng"),
            headers=(
                _("Năm"),
                _("Cá nhân / tập thể"),
                _("Đơn vị"),
                _("Danh hiệu / hình thức"),
                _("Số quyết định"),
                _("Ngày quyết định"),
                _("Cơ quan quyết định"),
            ),
            rows=(
                (
                    a.year,
                    a.staff.full_name if a.staff else a.unit.name,
                    a.staff.unit.name if a.staff else a.unit.name,
                    a.title.name,
                    a.decision_number,
                    a.decision_date,
                    a.decided_by,
                )
                for a in awards.iterator(chunk_size=500)
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = actor_of(self.request.user)
        year = _int(self.request.GET.get("nam"))
        awards = selectors.commendations_visible(actor=actor, year=year)
        page = Paginator(awards, PAGE_SIZE).get_page(self.request.GET.get("trang"))
        query = self.request.GET.copy()
        query.pop("trang", None)
        context.update(
            page_obj=page,
            awards=page.object_list,
            year=year,
            query=query.urlencode(),
            campaigns=selectors.commendation_years(actor=actor),
        )
        return context

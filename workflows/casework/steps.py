"""What each human step shows and writes. A handler builds the step's forms, checks them when the
person submits, and applies them inside the case lock (casework.services.step_complete)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import Staff

from ..models import AwardTitle, Case, CaseDocument, CaseEvent, DocumentCode, RegistrationEntry
from ..selectors import document_kind_choices
from . import eligibility, forms, registration_excel, selectors, services


class Handler:
    """A step that fills in the case: `save` keeps a draft, `submit` completes the step."""

    name = ""
    decision = False  # a sign/review step: approve or return with a reason
    submit_label = gettext_lazy("Gửi")
    submit_action = CaseEvent.Action.SUBMITTED

    def build(self, *, case: Case, task, data=None, files=None) -> dict:
        return {}

    def context(self, *, case: Case, task) -> dict:
        return {}

    def apply(self, *, case: Case, task, forms: dict, user, completing: bool) -> None:
        """Write the forms; when completing, raise ValidationError (rolled back) if the case may not go on."""

    def outcome(self, *, forms: dict, comment: str) -> services.Outcome:
        return services.Outcome(action=self.submit_action, comment=comment)


class DecisionHandler(Handler):
    """Ký duyệt / tiếp nhận, or return to the unit with a reason."""

    decision = True
    approve_action = CaseEvent.Action.APPROVED

    def returned(self, *, case, forms, completing) -> None:
        """A returned case is the unit's to send again: it owes the milestone once more."""
        if completing and forms["decision"].cleaned_data["decision"] == "return" and case.submitted_at is not None:
            case.submitted_at = None
            case.save(update_fields=["submitted_at"])

    def apply(self, *, case, task, forms, user, completing):
        self.returned(case=case, forms=forms, completing=completing)

    def build(self, *, case, task, data=None, files=None):
        return {"decision": forms.DecisionForm(data, prefix="d")}

    def context(self, *, case, task):
        return selectors.case_summary(case=case)

    def outcome(self, *, forms, comment):
        data = forms["decision"].cleaned_data
        if data["decision"] == "return":
            reason = data["reason"].strip()
            full = f"{reason}\n{comment}".strip() if comment else reason
            return services.Outcome(action=CaseEvent.Action.RETURNED, decision="return", comment=full)
        return services.Outcome(action=self.approve_action, decision="approve", comment=comment)


class SignHandler(DecisionHandler):
    name = "sign"


class ReviewHandler(DecisionHandler):
    name = "review"
    approve_action = CaseEvent.Action.ACCEPTED

    def apply(self, *, case, task, forms, user, completing):
        self.returned(case=case, forms=forms, completing=completing)
        approving = completing and forms["decision"].cleaned_data["decision"] == "approve"
        empty = not (case.report_text.strip() or case.files.filter(removed_at__isnull=True, generated=False).exists())
        if approving and case.kind == Case.Kind.MIDYEAR and empty:
            raise ValidationError(_("Báo cáo chưa có nội dung hay tệp đính kèm nào; hãy trả lại đơn vị."))


class NominationCheckHandler(DecisionHandler):
    """Văn phòng kiểm tra hồ sơ theo danh mục thành phần hồ sơ của từng danh hiệu, và điều kiện của từng người
    theo quy định của năm thành tích: a finding that blocks stops acceptance as a missing document does; each
    warning is accepted only with a reason, kept on the case. Returning the dossier asks for neither."""

    name = "nomination_check"
    approve_action = CaseEvent.Action.ACCEPTED

    def findings(self, case):
        return eligibility.case_findings(case=case)

    def build(self, *, case, task, data=None, files=None):
        reasons = {(a.proposal_id, a.code): a.reason for a in case.acknowledgements.all()}
        return {
            **super().build(case=case, task=task, data=data, files=files),
            "acknowledgements": forms.FindingAcknowledgementForm(
                data, prefix="w", nominees=self.findings(case), reasons=reasons
            ),
        }

    def context(self, *, case, task):
        return {**selectors.case_summary(case=case), "checklist": selectors.checklist(case=case)}

    def apply(self, *, case, task, forms, user, completing):
        self.returned(case=case, forms=forms, completing=completing)
        if not (completing and forms["decision"].cleaned_data["decision"] == "approve"):
            return
        problems = []
        missing = selectors.checklist_missing(case=case)
        if missing:
            problems += [_("Hồ sơ còn thiếu, chưa thể chuyển Hội đồng:"), *missing]
        # Judged again under the lock: what is accepted is what the dossier holds now.
        nominees = self.findings(case)
        blocking = eligibility.findings_blocking(nominees=nominees)
        if blocking:
            problems += [_("Có người chưa đủ điều kiện theo quy định:"), *blocking]
        if problems:
            raise ValidationError([*problems, self.return_hint()])
        form = forms["acknowledgements"]
        accepted, unexplained = [], []
        for item in nominees:
            for finding in item.warnings:
                reason = form.reason(item.proposal, finding)
                if reason:
                    accepted.append((item.proposal, finding, reason))
                else:
                    unexplained.append(eligibility.finding_line(item.proposal, finding))
        if unexplained:
            raise ValidationError([_("Mỗi cảnh báo cần ghi lý do chấp nhận trước khi tiếp nhận:"), *unexplained])
        services.findings_acknowledge(case=case, accepted=accepted, user=user)

    def return_hint(self) -> str:
        return _("Hãy trả lại đơn vị để bổ sung.")


class ProvinceCheckHandler(NominationCheckHandler):
    """Ban Thi đua – Khen thưởng tỉnh kiểm tra hồ sơ của một cơ quan: the same checklist and the same rules, the facts
    read where they are kept (workflows.province.province_findings); a return goes back to the agency's Văn phòng
    with the reason."""

    name = "province_check"

    def findings(self, case):
        from .. import province

        return province.province_findings(case=case)

    def context(self, *, case, task):
        return {**super().context(case=case, task=task), "province_check": True}

    def return_hint(self) -> str:
        return _("Hãy trả lại cơ quan gửi để bổ sung.")


class RegistrationDraftHandler(Handler):
    name = "registration_draft"
    submit_label = gettext_lazy("Gửi trưởng đơn vị ký duyệt")

    def unit_staff(self, case):
        return list(Staff.objects.filter(unit=case.unit, is_active=True).order_by("full_name"))

    def build(self, *, case, task, data=None, files=None):
        staff = self.unit_staff(case)
        titles = AwardTitle.objects.filter(scope=AwardTitle.Scope.INDIVIDUAL).order_by("order")
        current = {e.staff_id: e for e in case.entries.all()}
        initial = {}
        for person in staff:
            entry = current.get(person.pk)
            initial[f"title_{person.pk}"] = entry.title_id if entry else None
            initial[f"initiative_{person.pk}"] = entry.initiative if entry else ""
        return {
            "main": forms.RegistrationForm(data, prefix="r", initial={"collective_title": case.collective_title_id}),
            "rows": forms.RegistrationRowsForm(data, prefix="s", staff=staff, titles=titles, initial=initial),
        }

    def apply(self, *, case, task, forms, user, completing):
        case.collective_title = forms["main"].cleaned_data["collective_title"]
        case.save(update_fields=["collective_title"])
        rows = {
            person.pk: (
                forms["rows"].cleaned_data[f"title_{person.pk}"],
                forms["rows"].cleaned_data[f"initiative_{person.pk}"],
            )
            for person in forms["rows"].staff
        }
        registration_rows_write(case=case, rows=rows)
        if completing and case.collective_title is None and not case.entries.exists():
            raise ValidationError(_("Bản đăng ký chưa có danh hiệu tập thể hay đăng ký cá nhân nào."))


def registration_rows_write(*, case: Case, rows: dict[int, tuple[AwardTitle | None, str]]) -> None:
    """Replace the registration rows of the given staff (a staff member with no title is not registered)."""
    RegistrationEntry.objects.filter(case=case, staff_id__in=list(rows)).delete()
    RegistrationEntry.objects.bulk_create(
        RegistrationEntry(case=case, staff_id=staff_id, title=title, initiative=initiative)
        for staff_id, (title, initiative) in rows.items()
        if title is not None
    )


def registration_excel_fill(*, case: Case, task, upload, user) -> registration_excel.ParsedRegistration:
    """Fill a unit's registration rows from its Excel file, as a draft save of the step. A file with any bad
    row fills nothing; the parse (its errors, and the cells converted from a legacy font) is returned for the
    page. Raises services.StepConflict when the task is no longer the user's."""
    parsed = registration_excel.parse(upload, staff=HANDLERS["registration_draft"].unit_staff(case))
    if not parsed.errors:
        services.step_save(
            task=task, user=user, apply=lambda case, task: registration_rows_write(case=case, rows=parsed.rows)
        )
    return parsed


class MidyearDraftHandler(Handler):
    name = "midyear_draft"
    submit_label = gettext_lazy("Gửi trưởng đơn vị ký duyệt")

    def build(self, *, case, task, data=None, files=None):
        return {"main": forms.MidyearForm(data, prefix="m", initial={"report_text": case.report_text})}

    def apply(self, *, case, task, forms, user, completing):
        case.report_text = forms["main"].cleaned_data["report_text"]
        case.save(update_fields=["report_text"])
        if completing and not (
            case.report_text.strip() or case.files.filter(removed_at__isnull=True, generated=False).exists()
        ):
            raise ValidationError(_("Báo cáo sơ kết cần có nội dung hoặc tệp báo cáo đính kèm."))


class NominationDraftHandler(Handler):
    name = "nomination_draft"
    submit_label = gettext_lazy("Gửi trưởng đơn vị ký hồ sơ")

    def build(self, *, case, task, data=None, files=None):
        return {
            "meeting": forms.MeetingForm(
                data,
                prefix="h",
                year=case.campaign.year,
                initial={field: getattr(case, field) for field in MEETING_FIELDS},
            ),
            "proposals": forms.ProposalFormSet(
                data,
                files,
                instance=case,
                prefix="p",
                queryset=selectors.case_proposals(case=case),
                form_kwargs={
                    "unit": case.unit,
                    "own_kinds": document_kind_choices(on=case.campaign.end_date, per_nominee=True),
                    "initiative_choices": selectors.initiative_choices(case=case),
                    "year": case.campaign.year,
                },
            ),
        }

    def context(self, *, case, task):
        return {"checklist": selectors.checklist(case=case), "judgements": eligibility.proposals_judge(case=case)}

    def apply(self, *, case, task, forms, user, completing):
        meeting = forms["meeting"].cleaned_data
        formset = forms["proposals"]
        votes_over = _votes_over_attendance(formset, present=meeting["attendance_present"])
        if votes_over:
            raise ValidationError(votes_over)
        for field in MEETING_FIELDS:
            value = meeting[field]
            setattr(case, field, value.strip() if isinstance(value, str) else value)
        case.save(update_fields=list(MEETING_FIELDS))
        for index, form in enumerate(formset.forms):
            if form.instance.pk is None and form.has_changed():
                form.instance.order = case.proposals.count() + index
        formset.save()
        # A row's own documents, a new row's included: the proposal has its id now.
        for form in formset.forms:
            if not form.has_changed() or not form.instance.pk or form.cleaned_data.get("DELETE"):
                continue
            for doc_type, upload in form.uploads():
                services.file_attach(
                    case=case, uploaded=upload, doc_type=doc_type, user=user, task=task, proposal=form.instance
                )
        if completing:
            problems = []
            if case.meeting_date is None:
                problems.append(_("Chưa ghi ngày họp bình xét."))
            if case.attendance_present is None or case.attendance_total is None:
                problems.append(_("Chưa ghi số người dự họp và tổng số người được triệu tập."))
            if not case.proposals.exists():
                problems.append(_("Hồ sơ chưa có đề nghị khen thưởng nào."))
            if problems:
                raise ValidationError(problems)


MEETING_FIELDS = (
    "meeting_date",
    "meeting_place",
    "meeting_chair",
    "meeting_secretary",
    "attendance_present",
    "attendance_total",
)


def _votes_over_attendance(formset, *, present: int | None) -> list[str]:
    """Số phiếu đồng ý cannot exceed those present at the meeting (nor be given before attendance is)."""
    problems = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        votes = data.get("meeting_votes")
        if votes is None or data.get("DELETE") or (not form.has_changed() and form.instance.pk is None):
            continue
        nominee = data["staff"].full_name if data.get("staff") else str(formset.instance.unit)
        if present is None:
            problems.append(
                _("Đã ghi số phiếu đồng ý của “%(nominee)s” nhưng chưa ghi số người dự họp.") % {"nominee": nominee}
            )
        elif votes > present:
            problems.append(
                _("Số phiếu đồng ý của “%(nominee)s” (%(votes)s) lớn hơn số người dự họp (%(present)s).")
                % {"nominee": nominee, "votes": votes, "present": present}
            )
    return problems


class BoardReportHandler(Handler):
    """Tổng hợp của Ban: only when every unit has been accepted; records what was sent upward."""

    name = "board_report"
    submit_label = gettext_lazy("Ghi nhận đã gửi cấp trên")
    submit_action = CaseEvent.Action.SENT

    def build(self, *, case, task, data=None, files=None):
        recipient = case.milestone.recipient if case.milestone else ""
        return {"document": forms.DocumentForm(data, files, prefix="v", initial={"recipient": recipient})}

    def context(self, *, case, task):
        return {"pending_units": selectors.board_report_pending(case=case), **selectors.case_summary(case=case)}

    def apply(self, *, case, task, forms, user, completing):
        from .. import province_reports

        if not completing:
            return
        pending = selectors.board_report_pending(case=case)
        if pending:
            raise ValidationError(
                _("Văn phòng chưa tiếp nhận đủ các đơn vị: %(units)s.") % {"units": ", ".join(u.name for u in pending)}
            )
        record_document(case=case, task=task, user=user, form=forms["document"], kind=CaseDocument.Kind.SENT_UPWARD)
        if province_reports.province_report_awaited(case=case):
            province_reports.province_report_send(case=case, user=user)


class ProvinceReportReviewHandler(DecisionHandler):
    """Ban Thi đua – Khen thưởng tỉnh tiếp nhận an agency's registration or mid-year report, or returns it to the
    agency's Văn phòng with a reason (workflows.province_reports)."""

    name = "province_report_review"
    approve_action = CaseEvent.Action.ACCEPTED


def record_document(*, case, task, user, form, kind, doc_type=DocumentCode.VAN_BAN_GUI, recipient=None):
    data = form.cleaned_data
    stored = None
    if data.get("file"):
        stored = services.file_attach(case=case, uploaded=data["file"], doc_type=doc_type, user=user, task=task)
    return services.document_record(
        case=case,
        kind=kind,
        number=data["number"],
        date=data["date"],
        recipient=recipient if recipient is not None else data.get("recipient", ""),
        file=stored,
        user=user,
    )


def _board_decider(case) -> str:
    """Who decides the unit-level titles: the agency's decider ("Giám đốc Sở"), or the Trưởng ban."""
    from people.wording import agency_words

    words = agency_words(case.agency_id)
    return words.head if words.own else _("Trưởng ban")


class BoardDecisionHandler(Handler):
    """Trưởng ban quyết định khen thưởng the unit-level titles the council passed."""

    name = "board_decision"
    submit_label = gettext_lazy("Ký quyết định")
    submit_action = CaseEvent.Action.DECIDED

    def _proposals(self, case):
        return services.proposals_passed(case=case, decided_at=AwardTitle.DecidedAt.BOARD).select_related(
            "staff", "title"
        )

    def build(self, *, case, task, data=None, files=None):
        return {"decision": forms.BoardDecisionForm(data, files, prefix="q", proposals=list(self._proposals(case)))}

    def context(self, *, case, task):
        return {**selectors.case_summary(case=case), "decided_proposals": self._proposals(case)}

    def apply(self, *, case, task, forms, user, completing):
        if not completing:
            return
        form = forms["decision"]
        board = case.unit.parent or case.unit
        record_document(
            case=case,
            task=task,
            user=user,
            form=form,
            kind=CaseDocument.Kind.BOARD_DECISION,
            doc_type=DocumentCode.QUYET_DINH,
            recipient=str(board),
        )
        chosen = set(form.cleaned_data["awardees"])
        proposals = self._proposals(case)
        services.awards_record(
            case=case,
            awarded={p.pk: p.pk in chosen for p in proposals},
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            decided_by=_board_decider(case),
            proposals=proposals,
        )


class ProvinceDecisionHandler(BoardDecisionHandler):
    """Chủ tịch UBND tỉnh quyết định khen thưởng among the proposals the province's council passed; the decision goes
    back to the agency's case by itself (workflows.province.province_decision_deliver)."""

    name = "province_decision"

    def _proposals(self, case):
        return services.proposals_passed(case=case).select_related("staff", "title")

    def apply(self, *, case, task, forms, user, completing):
        from .. import province

        if not completing:
            return
        form = forms["decision"]
        issuer = case.agency.issuer_title or str(case.agency)
        document = record_document(
            case=case,
            task=task,
            user=user,
            form=form,
            kind=CaseDocument.Kind.PROVINCE_DECISION,
            doc_type=DocumentCode.QUYET_DINH,
            recipient=issuer,
        )
        chosen = set(form.cleaned_data["awardees"])
        province.province_decision_deliver(
            case=case,
            awarded={p.pk: p.pk in chosen for p in self._proposals(case)},
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            file=document.file,
            user=user,
        )


class SendUpwardHandler(Handler):
    name = "send_upward"
    submit_label = gettext_lazy("Ghi nhận đã trình cấp trên")
    submit_action = CaseEvent.Action.SENT

    def _proposals(self, case):
        return services.proposals_passed(case=case, decided_at=AwardTitle.DecidedAt.UPWARD).select_related(
            "staff", "title"
        )

    def build(self, *, case, task, data=None, files=None):
        from .. import province

        above = province.province_of(agency_id=case.agency_id) if province.province_awaited(case=case) else None
        initial = {"recipient": above.name} if above is not None else {}
        return {"document": forms.DocumentForm(data, files, prefix="v", initial=initial)}

    def context(self, *, case, task):
        from .. import province

        above = province.province_of(agency_id=case.agency_id) if province.province_awaited(case=case) else None
        return {
            **selectors.case_summary(case=case),
            "decided_proposals": self._proposals(case),
            "to_province": above,
            "province_proposals": province.proposals_for_province(case=case) if above else [],
        }

    def apply(self, *, case, task, forms, user, completing):
        from .. import province

        if completing:
            record_document(case=case, task=task, user=user, form=forms["document"], kind=CaseDocument.Kind.SENT_UPWARD)
            if province.province_awaited(case=case):
                province.province_case_send(case=case, user=user)


class UpwardResultHandler(SendUpwardHandler):
    name = "upward_result"
    submit_label = gettext_lazy("Ghi nhận quyết định")
    submit_action = CaseEvent.Action.UPWARD_DECIDED

    def _proposals(self, case):
        # Those no decision has reached yet: after the province's own decision, only the titles above it.
        return services.proposals_undecided_upward(case=case).select_related("staff", "title")

    def context(self, *, case, task):
        return {**selectors.case_summary(case=case), "decided_proposals": self._proposals(case)}

    def build(self, *, case, task, data=None, files=None):
        return {"decision": forms.UpwardResultForm(data, files, prefix="q", proposals=list(self._proposals(case)))}

    def apply(self, *, case, task, forms, user, completing):
        if not completing:
            return
        form = forms["decision"]
        record_document(
            case=case,
            task=task,
            user=user,
            form=form,
            kind=CaseDocument.Kind.UPWARD_DECISION,
            doc_type=DocumentCode.QUYET_DINH,
            recipient=form.cleaned_data["decided_by"],
        )
        chosen = set(form.cleaned_data["awardees"])
        proposals = self._proposals(case)
        services.awards_record(
            case=case,
            awarded={p.pk: p.pk in chosen for p in proposals},
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            decided_by=form.cleaned_data["decided_by"],
            proposals=proposals,
        )


HANDLERS: dict[str, Handler] = {
    handler.name: handler
    for handler in (
        RegistrationDraftHandler(),
        MidyearDraftHandler(),
        NominationDraftHandler(),
        SignHandler(),
        ReviewHandler(),
        NominationCheckHandler(),
        ProvinceCheckHandler(),
        ProvinceDecisionHandler(),
        BoardReportHandler(),
        ProvinceReportReviewHandler(),
        BoardDecisionHandler(),
        SendUpwardHandler(),
        UpwardResultHandler(),
    )
}

"""The flows of the year: the graph, who may act at each step, and nothing else.

Every human step is a `Step` with a permission and an owner picked without asking when one person alone may
do it or did it last time (`nodes.step_owner`; otherwise it waits in the queue);
every flow locks the case row while a step completes. Handlers are one-line calls into services.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import SelectForUpdateLock

from . import province, province_reports
from .casework import services
from .casework.access import DECIDE, DRAFT, REPORT, REVIEW, SIGN
from .kinds import CASE_KINDS
from .models import Case
from .nodes import Branches, Gate, Step, step_owner


def _decision(activation) -> str | None:
    previous = activation.task.previous.all()[0]
    return previous.data.get("decision")


class _UnitFlow(flow.Flow):
    process_class = Case
    lock_impl = SelectForUpdateLock(nowait=False)

    def start_case(self, activation, *, case_fields):
        return services.case_started(activation=activation, case_fields=case_fields)

    def approved(self, activation) -> bool:
        return _decision(activation) == "approve"

    def mark_accepted(self, activation):
        services.case_accepted(case=activation.process)

    def mark_closed(self, activation):
        services.case_closed(case=activation.process)


class RegistrationFlow(_UnitFlow):
    """Đăng ký thi đua

    Đơn vị lập bản đăng ký (danh hiệu tập thể, đăng ký của từng cá nhân) → trưởng đơn vị ký duyệt
    → Văn phòng tiếp nhận. Đăng ký là kế hoạch, không phải điều kiện xét khen (Luật TĐKT 2022 Đ7)."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Mở hồ sơ")).Next(this.draft)
    draft = (
        Step("registration_draft")
        .Annotation(title=_("Lập bản đăng ký thi đua"))
        .Permission(DRAFT)
        .Assign(step_owner)
        .Next(this.sign)
    )
    sign = (
        Step("sign").Annotation(title=_("Trưởng đơn vị ký duyệt")).Permission(SIGN).Assign(step_owner).Next(this.signed)
    )
    signed = (
        Gate(this.approved, yes=_("Đồng ý"), no=_("Trả lại"))
        .Annotation(title=_("Ký duyệt?"))
        .Then(this.review)
        .Else(this.draft)
    )
    review = (
        Step("review")
        .Annotation(title=_("Văn phòng tiếp nhận"))
        .Permission(REVIEW)
        .Assign(step_owner)
        .Next(this.reviewed)
    )
    reviewed = (
        Gate(this.approved, yes=_("Tiếp nhận"), no=_("Trả lại"))
        .Annotation(title=_("Tiếp nhận?"))
        .Then(this.accept)
        .Else(this.draft)
    )
    accept = flow.Function(this.mark_accepted).Annotation(title=_("Đã tiếp nhận")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))


class MidyearFlow(_UnitFlow):
    """Sơ kết 6 tháng

    Đơn vị lập báo cáo sơ kết → trưởng đơn vị ký duyệt → Văn phòng tiếp nhận."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Mở hồ sơ")).Next(this.draft)
    draft = (
        Step("midyear_draft")
        .Annotation(title=_("Lập báo cáo sơ kết"))
        .Permission(DRAFT)
        .Assign(step_owner)
        .Next(this.sign)
    )
    sign = (
        Step("sign").Annotation(title=_("Trưởng đơn vị ký duyệt")).Permission(SIGN).Assign(step_owner).Next(this.signed)
    )
    signed = (
        Gate(this.approved, yes=_("Đồng ý"), no=_("Trả lại"))
        .Annotation(title=_("Ký duyệt?"))
        .Then(this.review)
        .Else(this.draft)
    )
    review = (
        Step("review")
        .Annotation(title=_("Văn phòng tiếp nhận"))
        .Permission(REVIEW)
        .Assign(step_owner)
        .Next(this.reviewed)
    )
    reviewed = (
        Gate(this.approved, yes=_("Tiếp nhận"), no=_("Trả lại"))
        .Annotation(title=_("Tiếp nhận?"))
        .Then(this.accept)
        .Else(this.draft)
    )
    accept = flow.Function(this.mark_accepted).Annotation(title=_("Đã tiếp nhận")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))


class BoardReportFlow(_UnitFlow):
    """Tổng hợp của Ban

    Khi Văn phòng đã tiếp nhận đủ các đơn vị, Văn phòng tổng hợp và ghi nhận văn bản gửi cấp trên."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Mở hồ sơ")).Next(this.report)
    report = (
        Step("board_report")
        .Annotation(title=_("Tổng hợp và gửi cấp trên"))
        .Permission(REPORT)
        .Assign(step_owner)
        .Next(this.sent_where)
    )
    sent_where = (
        Gate(this.goes_to_province, yes=_("Cấp tỉnh"), no=_("Cấp trên khác"))
        .Annotation(title=_("Gửi vào hệ thống của tỉnh?"))
        .Then(this.province_wait)
        .Else(this.accept)
    )
    # Completed by the province (workflows.province_reports): its receipt, or a return with a reason.
    province_wait = flow.Handle().Annotation(title=_("Chờ cấp tỉnh tiếp nhận")).Next(this.province_answered)
    province_answered = (
        Gate(this.province_returned, yes=_("Trả lại"), no=_("Tiếp nhận"))
        .Annotation(title=_("Cấp tỉnh trả lại?"))
        .Then(this.report)
        .Else(this.accept)
    )
    accept = flow.Function(this.mark_accepted).Annotation(title=_("Đã gửi")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))

    def goes_to_province(self, activation) -> bool:
        return province_reports.province_report_awaited(case=activation.process)

    def province_returned(self, activation) -> bool:
        return _decision(activation) == "return"


class NominationFlow(_UnitFlow):
    """Tổng kết, bình xét, đề nghị khen thưởng

    Đơn vị ghi họp bình xét, đề nghị và hồ sơ → trưởng đơn vị ký → Văn phòng kiểm tra theo danh mục
    → Hội đồng TĐKT → Trưởng ban quyết định (danh hiệu cấp cơ sở) hoặc gửi cấp trên."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Mở hồ sơ")).Next(this.draft)
    draft = (
        Step("nomination_draft")
        .Annotation(title=_("Lập hồ sơ đề nghị khen thưởng"))
        .Permission(DRAFT)
        .Assign(step_owner)
        .Next(this.sign)
    )
    sign = (
        Step("sign").Annotation(title=_("Trưởng đơn vị ký hồ sơ")).Permission(SIGN).Assign(step_owner).Next(this.signed)
    )
    signed = (
        Gate(this.approved, yes=_("Ký"), no=_("Trả lại")).Annotation(title=_("Ký?")).Then(this.check).Else(this.draft)
    )
    check = (
        Step("nomination_check")
        .Annotation(title=_("Văn phòng kiểm tra hồ sơ"))
        .Permission(REVIEW)
        .Assign(step_owner)
        .Next(this.checked)
    )
    checked = (
        Gate(this.approved, yes=_("Đủ"), no=_("Trả lại"))
        .Annotation(title=_("Đủ hồ sơ?"))
        .Then(this.to_council)
        .Else(this.draft)
    )
    to_council = flow.Function(this.mark_council).Annotation(title=_("Chuyển Hội đồng")).Next(this.council)
    # Completed by the council's result (casework.services.council_result_record), never by a click here.
    council = flow.Handle().Annotation(title=_("Chờ Hội đồng TĐKT")).Next(this.route)
    route = (
        Branches()
        .Annotation(title=_("Theo kết quả Hội đồng"))
        .Next(this.decide, case=this.has_board_awards, label=_("Cấp cơ sở"))
        .Next(this.send_upward, case=this.has_upward_awards, label=_("Cấp trên"))
        .Next(this.none_passed, case=this.nothing_passed, label=_("Không qua"))
    )
    decide = (
        Step("board_decision")
        .Annotation(title=_("Trưởng ban quyết định khen thưởng"))
        .Permission(DECIDE)
        .Assign(step_owner)
        .Next(this.join)
    )
    send_upward = (
        Step("send_upward")
        .Annotation(title=_("Văn phòng trình cấp trên"))
        .Permission(REPORT)
        .Assign(step_owner)
        .Next(this.sent_where)
    )
    sent_where = (
        Gate(this.goes_to_province, yes=_("Cấp tỉnh"), no=_("Cấp trên khác"))
        .Annotation(title=_("Cấp tỉnh xét?"))
        .Then(this.province_wait)
        .Else(this.upward_result)
    )
    # Completed by the province (workflows.province): its Chủ tịch's decision, or a return with a reason.
    province_wait = flow.Handle().Annotation(title=_("Chờ cấp tỉnh")).Next(this.province_answered)
    province_answered = (
        Gate(this.province_returned, yes=_("Trả lại"), no=_("Đã quyết định"))
        .Annotation(title=_("Cấp tỉnh trả lại?"))
        .Then(this.send_upward)
        .Else(this.after_province)
    )
    after_province = (
        Gate(this.awaits_other_upward, yes=_("Cấp trên khác"), no=_("Xong"))
        .Annotation(title=_("Còn đề nghị cấp trên khác?"))
        .Then(this.upward_result)
        .Else(this.join)
    )
    upward_result = (
        Step("upward_result")
        .Annotation(title=_("Ghi nhận quyết định của cấp trên"))
        .Permission(REPORT)
        .Assign(this.send_upward.owner)
        .Next(this.join)
    )
    none_passed = flow.Function(this.mark_none_passed).Annotation(title=_("Không có đề nghị được thông qua"))
    none_passed = none_passed.Next(this.join)
    join = flow.Join().Annotation(title=_("Hoàn tất")).Next(this.close)
    close = flow.Function(this.mark_closed).Annotation(title=_("Đóng hồ sơ")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))

    def mark_council(self, activation):
        services.case_to_council(case=activation.process)

    def has_board_awards(self, activation) -> bool:
        return services.proposals_passed(case=activation.process, decided_at="board").exists()

    def has_upward_awards(self, activation) -> bool:
        return services.proposals_passed(case=activation.process, decided_at="upward").exists()

    def nothing_passed(self, activation) -> bool:
        return not services.proposals_passed(case=activation.process).exists()

    def mark_none_passed(self, activation):
        services.case_none_passed(case=activation.process)

    def goes_to_province(self, activation) -> bool:
        return province.province_awaited(case=activation.process)

    def province_returned(self, activation) -> bool:
        return _decision(activation) == "return"

    def awaits_other_upward(self, activation) -> bool:
        return services.proposals_undecided_upward(case=activation.process).exists()


class ProvinceNominationFlow(_UnitFlow):
    """Hồ sơ đề nghị cấp tỉnh

    Cơ quan, đơn vị trình → Ban Thi đua – Khen thưởng tỉnh kiểm tra (hoặc trả lại, nêu lý do) → Hội đồng TĐKT tỉnh
    → Chủ tịch UBND tỉnh quyết định; kết quả về hồ sơ của cơ quan gửi (workflows.province)."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Nhận hồ sơ")).Next(this.check)
    check = (
        Step("province_check")
        .Annotation(title=_("Ban TĐKT tỉnh kiểm tra hồ sơ"))
        .Permission(REVIEW)
        .Assign(step_owner)
        .Next(this.checked)
    )
    checked = (
        Gate(this.approved, yes=_("Đủ"), no=_("Trả lại"))
        .Annotation(title=_("Đủ hồ sơ?"))
        .Then(this.to_council)
        .Else(this.give_back)
    )
    give_back = flow.Function(this.mark_returned).Annotation(title=_("Trả lại cơ quan gửi")).Next(this.resend)
    # Completed when the agency's Văn phòng sends the dossier again (workflows.province.province_case_send).
    resend = flow.Handle().Annotation(title=_("Chờ cơ quan gửi lại")).Next(this.check)
    to_council = flow.Function(this.mark_council).Annotation(title=_("Chuyển Hội đồng tỉnh")).Next(this.council)
    # Completed by the province council's result (casework.services.council_result_record).
    council = flow.Handle().Annotation(title=_("Chờ Hội đồng TĐKT tỉnh")).Next(this.route)
    route = (
        Gate(this.any_passed, yes=_("Có đề nghị được thông qua"), no=_("Không qua"))
        .Annotation(title=_("Theo kết quả Hội đồng"))
        .Then(this.decide)
        .Else(this.none_passed)
    )
    decide = (
        Step("province_decision")
        .Annotation(title=_("Chủ tịch UBND tỉnh quyết định khen thưởng"))
        .Permission(DECIDE)
        .Assign(step_owner)
        .Next(this.end)
    )
    none_passed = flow.Function(this.mark_none_passed).Annotation(title=_("Không có đề nghị được thông qua"))
    none_passed = none_passed.Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))

    def mark_returned(self, activation):
        province.province_case_returned(case=activation.process)

    def mark_council(self, activation):
        services.case_to_council(case=activation.process)

    def any_passed(self, activation) -> bool:
        return services.proposals_passed(case=activation.process).exists()

    def mark_none_passed(self, activation):
        province.province_none_passed(case=activation.process)


class ProvinceReportFlow(_UnitFlow):
    """Đăng ký thi đua, báo cáo sơ kết gửi cấp tỉnh

    Văn phòng của cơ quan gửi bản tổng hợp → Ban Thi đua – Khen thưởng tỉnh tiếp nhận (hoặc trả lại, nêu lý do; cơ quan
    gửi lại); khi tỉnh tiếp nhận, hồ sơ của cơ quan kết thúc (workflows.province_reports)."""

    start = flow.StartHandle(this.start_case).Annotation(title=_("Nhận báo cáo")).Next(this.receive)
    receive = (
        Step("province_report_review")
        .Annotation(title=_("Ban TĐKT tỉnh tiếp nhận"))
        .Permission(REVIEW)
        .Assign(step_owner)
        .Next(this.received)
    )
    received = (
        Gate(this.approved, yes=_("Tiếp nhận"), no=_("Trả lại"))
        .Annotation(title=_("Tiếp nhận?"))
        .Then(this.accept)
        .Else(this.give_back)
    )
    give_back = flow.Function(this.mark_returned).Annotation(title=_("Trả lại cơ quan gửi")).Next(this.resend)
    # Completed when the agency's Văn phòng sends again (workflows.province_reports.province_report_send).
    resend = flow.Handle().Annotation(title=_("Chờ cơ quan gửi lại")).Next(this.receive)
    accept = flow.Function(this.mark_received).Annotation(title=_("Đã tiếp nhận")).Next(this.end)
    end = flow.End().Annotation(title=_("Kết thúc"))

    def mark_returned(self, activation):
        province_reports.province_report_returned(case=activation.process)

    def mark_received(self, activation):
        services.case_accepted(case=activation.process)
        province_reports.province_report_received(case=activation.process)


# Which flow carries each kind of case: named in the table of kinds (workflows.kinds).
FLOWS = {kind: globals()[spec.flow] for kind, spec in CASE_KINDS.items()}

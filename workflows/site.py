from django.urls import path
from django.utils.translation import gettext_lazy as _

from people.ui import LinksApplication, MenuLink

from .casework.views import (
    BoardDocumentView,
    CaseDetailView,
    CaseFileView,
    CaseListView,
    CommendationListView,
    CouncilResultView,
    DecisionDraftPdfView,
    DecisionDraftView,
    ProposalFindingsView,
    ProvinceTemplateView,
    RegistrationTemplateView,
    StageOpenView,
    TaskActionView,
    TaskBulkClaimView,
    TaskListView,
    TaskView,
    UnitDocumentView,
)
from .council.views import (
    BallotView,
    MinutesDocxView,
    MinutesView,
    PaperView,
    ResultsExportView,
    SessionDetailView,
    SessionListView,
    SessionOpenView,
)
from .dashboard.selectors import dashboard_viewer
from .dashboard.views import DashboardDrillView, DashboardView
from .documents import council as council_documents
from .eligible.selectors import eligibility_viewer
from .eligible.views import EligibilityView
from .exemplars.access import exemplar_reader
from .exemplars.views import ExemplarDetailView, ExemplarFormView, ExemplarListView, ExemplarPhotoView
from .history.views import HistoryImportCommitView, HistoryImportJobView, HistoryImportView, HistoryTemplateView
from .records.selectors import ratings_reader
from .records.views import PersonRecordsView, RatingSheetView
from .signatures.views import FileSignatureCheckView, FileSignView
from .views import CampaignDetailView, CampaignIndexView, CampaignProvinceTemplateView, HomeView, YearEndReportView


class HomeApp(LinksApplication):
    app_name = "home"
    title = _("Tổng quan")
    icon = "dashboard"

    index_path = path("", HomeView.as_view(), name="index")
    dashboard_path = path("bang-dieu-khien/", DashboardView.as_view(), name="dashboard")
    dashboard_xlsx_path = path("bang-dieu-khien.xlsx", DashboardView.as_view(export=True), name="dashboard_xlsx")
    dashboard_drill_path = path("bang-dieu-khien/danh-sach/", DashboardDrillView.as_view(), name="dashboard_drill")

    menu_links = (
        MenuLink("index", _("Trang chủ"), "home"),
        MenuLink("dashboard", _("Bảng điều khiển"), "insights", visible=dashboard_viewer),
    )


class CampaignApp(LinksApplication):
    app_name = "campaign"
    title = _("Phong trào thi đua")
    icon = "emoji_events"

    index_path = path("", CampaignIndexView.as_view(), name="index")
    detail_path = path("<int:year>/", CampaignDetailView.as_view(), name="detail")
    yearend_docx_path = path("<int:year>/bao-cao-tong-ket.docx", YearEndReportView.as_view(), name="yearend_docx")
    province_xlsx_path = path(
        "<int:year>/mau-tinh/<str:form>.xlsx", CampaignProvinceTemplateView.as_view(), name="province_xlsx"
    )

    menu_links = (MenuLink("index", _("Chương trình năm nay"), "event_note"),)


class CasesApp(LinksApplication):
    """Hồ sơ và công việc — the approver's inbox, queue and archive, and every case."""

    app_name = "cases"
    title = _("Hồ sơ, công việc")
    icon = "inbox"

    index_path = path("", TaskListView.as_view(mode="inbox"), name="index")
    queue_path = path("hang-cho/", TaskListView.as_view(mode="queue"), name="queue")
    archive_path = path("da-xu-ly/", TaskListView.as_view(mode="archive"), name="archive")
    index_xlsx_path = path("viec-cua-toi.xlsx", TaskListView.as_view(mode="inbox", export=True), name="index_xlsx")
    queue_xlsx_path = path("hang-cho.xlsx", TaskListView.as_view(mode="queue", export=True), name="queue_xlsx")
    archive_xlsx_path = path("da-xu-ly.xlsx", TaskListView.as_view(mode="archive", export=True), name="archive_xlsx")
    bulk_claim_path = path("hang-cho/nhan/", TaskBulkClaimView.as_view(), name="bulk_claim")
    claim_path = path("viec/<int:pk>/nhan/", TaskActionView.as_view(action="claim"), name="claim")
    unassign_path = path("viec/<int:pk>/tra-ve/", TaskActionView.as_view(action="unassign"), name="unassign")
    reassign_path = path("viec/<int:pk>/giao-lai/", TaskActionView.as_view(action="reassign"), name="reassign")
    cases_path = path("ho-so/", CaseListView.as_view(), name="cases")
    cases_xlsx_path = path("ho-so.xlsx", CaseListView.as_view(export=True), name="cases_xlsx")
    open_path = path("ho-so/mo-dot/", StageOpenView.as_view(), name="open_stage")
    case_path = path("ho-so/<int:pk>/", CaseDetailView.as_view(), name="case")
    task_path = path("ho-so/<int:case_pk>/buoc/<int:pk>/", TaskView.as_view(), name="task")
    findings_path = path("ho-so/<int:pk>/dieu-kien/", ProposalFindingsView.as_view(), name="findings")
    file_path = path("ho-so/<int:case_pk>/tep/<int:pk>/", CaseFileView.as_view(), name="file")
    file_check_path = path(
        "ho-so/<int:case_pk>/tep/<int:pk>/kiem-tra-chu-ky/", FileSignatureCheckView.as_view(), name="file_check"
    )
    file_sign_path = path("ho-so/<int:case_pk>/tep/<int:pk>/ky-so/", FileSignView.as_view(), name="file_sign")
    council_path = path("ho-so/<int:pk>/ket-qua-hoi-dong/", CouncilResultView.as_view(), name="council_result")
    commendations_path = path("khen-thuong/", CommendationListView.as_view(), name="commendations")
    commendations_xlsx_path = path(
        "khen-thuong.xlsx", CommendationListView.as_view(export=True), name="commendations_xlsx"
    )
    history_import_path = path("khen-thuong/nhap/", HistoryImportView.as_view(), name="history_import")
    history_job_path = path("khen-thuong/nhap/<int:pk>/", HistoryImportJobView.as_view(), name="history_job")
    history_commit_path = path(
        "khen-thuong/nhap/<int:pk>/xac-nhan/", HistoryImportCommitView.as_view(), name="history_commit"
    )
    history_template_path = path("khen-thuong/nhap/mau.xlsx", HistoryTemplateView.as_view(), name="history_template")
    eligible_path = path("du-dieu-kien/", EligibilityView.as_view(), name="eligible")
    ratings_path = path("xep-loai/", RatingSheetView.as_view(), name="ratings")
    person_path = path("can-bo/<int:pk>/", PersonRecordsView.as_view(), name="person")
    decision_docx_path = path(
        "ho-so/<int:case_pk>/buoc/<int:pk>/du-thao-quyet-dinh.docx", DecisionDraftView.as_view(), name="decision_docx"
    )
    board_docx_path = path(
        "ho-so/<int:case_pk>/buoc/<int:pk>/van-ban/<str:document>.docx", BoardDocumentView.as_view(), name="board_docx"
    )
    decision_pdf_path = path(
        "ho-so/<int:case_pk>/buoc/<int:pk>/du-thao-quyet-dinh.pdf", DecisionDraftPdfView.as_view(), name="decision_pdf"
    )
    unit_docx_path = path(
        "ho-so/<int:case_pk>/buoc/<int:pk>/van-ban-don-vi/<slug:document>.docx",
        UnitDocumentView.as_view(),
        name="unit_docx",
    )
    achievement_docx_path = path(
        "ho-so/<int:case_pk>/buoc/<int:pk>/bao-cao-thanh-tich/<int:proposal_pk>.docx",
        UnitDocumentView.as_view(),
        {"document": "bao-cao-thanh-tich"},
        name="achievement_docx",
    )
    province_xlsx_path = path(
        "ho-so/<int:pk>/mau-tinh/<str:form>.xlsx", ProvinceTemplateView.as_view(), name="province_xlsx"
    )
    registration_xlsx_path = path(
        "ho-so/<int:pk>/dang-ky.xlsx", RegistrationTemplateView.as_view(), name="registration_xlsx"
    )
    # Gương điển hình tiên tiến: the Văn phòng's side (the public pages are workflows/exemplars/urls.py).
    exemplars_path = path("guong-dien-hinh/", ExemplarListView.as_view(), name="exemplars")
    exemplar_create_path = path("guong-dien-hinh/viet-moi/", ExemplarFormView.as_view(), name="exemplar_create")
    exemplar_path = path("guong-dien-hinh/<int:pk>/", ExemplarDetailView.as_view(), name="exemplar")
    exemplar_edit_path = path("guong-dien-hinh/<int:pk>/sua/", ExemplarFormView.as_view(), name="exemplar_edit")
    exemplar_photo_path = path("guong-dien-hinh/<int:pk>/anh.jpg", ExemplarPhotoView.as_view(), name="exemplar_photo")
    exemplar_photo_small_path = path(
        "guong-dien-hinh/<int:pk>/anh-nho.jpg", ExemplarPhotoView.as_view(small=True), name="exemplar_photo_small"
    )

    menu_links = (
        MenuLink("index", _("Việc của tôi"), "inbox"),
        MenuLink("queue", _("Hàng chờ nhận việc"), "move_to_inbox"),
        MenuLink("archive", _("Việc đã xử lý"), "history"),
        MenuLink("cases", _("Hồ sơ"), "folder"),
        MenuLink("commendations", _("Lịch sử khen thưởng"), "military_tech"),
        MenuLink("eligible", _("Ai đủ điều kiện"), "fact_check", visible=eligibility_viewer),
        MenuLink("ratings", _("Xếp loại chất lượng"), "grading", visible=ratings_reader),
        MenuLink("exemplars", _("Gương điển hình tiên tiến"), "auto_stories", visible=exemplar_reader),
    )


class CouncilApp(LinksApplication):
    """Hội đồng TĐKT — sessions, ballots, minutes."""

    app_name = "council"
    title = _("Hội đồng TĐKT")
    icon = "how_to_vote"

    index_path = path("", SessionListView.as_view(), name="index")
    open_path = path("mo-phien-hop/", SessionOpenView.as_view(), name="open")
    session_path = path("<int:pk>/", SessionDetailView.as_view(), name="session")
    ballot_path = path("<int:pk>/phieu/", BallotView.as_view(), name="ballot")
    written_path = path("<int:pk>/phieu/<int:ballot_pk>/van-ban/", BallotView.as_view(written=True), name="written")
    paper_path = path("<int:pk>/phieu/<int:ballot_pk>/ban-chup/", PaperView.as_view(), name="paper")
    minutes_path = path("<int:pk>/bien-ban/", MinutesView.as_view(), name="minutes")
    minutes_docx_path = path(
        "<int:pk>/bien-ban-hop.docx", MinutesDocxView.as_view(code=council_documents.MINUTES.code), name="minutes_docx"
    )
    count_docx_path = path(
        "<int:pk>/bien-ban-kiem-phieu.docx",
        MinutesDocxView.as_view(code=council_documents.COUNT.code),
        name="count_docx",
    )
    results_xlsx_path = path("<int:pk>/ket-qua.xlsx", ResultsExportView.as_view(), name="results_xlsx")

    menu_links = (MenuLink("index", _("Phiên họp Hội đồng"), "how_to_vote"),)

"""The names of the document kinds shipped in workflows/data/award_titles.yaml, marked for the translation
catalogue: the data is written in Vietnamese and `DocumentKind.label` looks each name up in locale/en at display
time. A kind added later in the admin has no translation and shows as written.
tests/rules/test_document_kinds.py keeps this list and the data file in step."""

from django.utils.translation import gettext_noop

SHIPPED_KIND_NAMES = (
    gettext_noop("Tờ trình đề nghị khen thưởng"),
    gettext_noop("Báo cáo thành tích"),
    gettext_noop("Biên bản họp bình xét thi đua"),
    gettext_noop("Kết quả bỏ phiếu của Hội đồng TĐKT"),
    gettext_noop("Xác nhận sáng kiến / hoàn thành xuất sắc nhiệm vụ"),
    gettext_noop("Xác nhận sáng kiến, đề tài cấp tỉnh/bộ"),
    gettext_noop("Bản đăng ký thi đua"),
    gettext_noop("Báo cáo"),
    gettext_noop("Văn bản gửi cấp trên"),
    gettext_noop("Quyết định khen thưởng"),
    gettext_noop("Tài liệu khác"),
)

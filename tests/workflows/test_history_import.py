"""The commendation history imported as the Văn phòng does it, through the pages: our template and the
province's CANHAN / TAPTHE lists, every bad row named, all or nothing, idempotent, hostile files refused."""

import datetime
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Staff
from tests.people.test_office_files import bomb_xlsx
from workflows.history.models import CommendationImportJob
from workflows.models import AwardTitle, Commendation

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference-files"
PEOPLE_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Danh hiệu / hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
]
UNITS_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị / tập thể",
    "Danh hiệu / hình thức",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
]
BOARD = "Trưởng ban Ban Quản lý Khu kinh tế tỉnh"


@pytest.fixture
def office(demo, login):
    return login("vanphong")


def workbook(people=(), units=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cá nhân"
    sheet.append(PEOPLE_HEADER)
    for values in people:
        sheet.append(list(values))
    sheet = book.create_sheet("Tập thể")
    sheet.append(UNITS_HEADER)
    for values in units:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "lich-su.xlsx"):
    return client.post(reverse("cases:history_import"), {"file": SimpleUploadedFile(name, data)})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def commit(client, job, callbacks):
    with callbacks(execute=True):
        response = client.post(reverse("cases:history_commit", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def history() -> set[tuple]:
    return {
        (c.staff.staff_code if c.staff_id else c.unit.code, c.title.code, c.year, c.decision_number, c.decided_by)
        for c in Commendation.objects.select_related("staff", "unit", "title")
    }


GOOD_PEOPLE = [
    ("QLDT004", "Đặng Văn Khoa", "CSTDCS", 2023, "18/QĐ-BQL", datetime.date(2024, 1, 16), BOARD),
    ("QLDT004", "Đặng Văn Khoa", "LĐTT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),
    ("QLDT005", "", 1647933042, 2022, "15/QĐ-BQL", "12/01/2023", BOARD),  # the province's code, typed as a number
]
GOOD_UNITS = [("QLDT", "Phòng Quản lý Đầu tư", "Tập thể lao động xuất sắc", 2023, "18/QĐ-BQL", "16/01/2024", BOARD)]


def test_the_office_previews_and_commits_both_sheets_of_our_template(
    office, eager_celery, django_capture_on_commit_callbacks
):
    response = upload(office, workbook(GOOD_PEOPLE, GOOD_UNITS))

    job = CommendationImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:history_job", kwargs={"pk": job.pk})
    body = text(office.get(response.url))
    assert 'data-count="created">4<' in body and 'data-count="errors">0<' in body
    assert "Đặng Văn Khoa (QLDT004)" in body and "Phòng Quản lý Đầu tư" in body
    assert Commendation.objects.count() == 0, "nothing is written by the preview"

    job = commit(office, job, django_capture_on_commit_callbacks)

    assert job.status == CommendationImportJob.Status.DONE, job.error_message
    assert job.committed_by.username == "vanphong"
    assert history() == {
        ("QLDT004", "CSTDCS", 2023, "18/QĐ-BQL", BOARD),
        ("QLDT004", "LDTT", 2023, "18/QĐ-BQL", BOARD),
        ("QLDT005", "LDTT", 2022, "15/QĐ-BQL", BOARD),
        ("QLDT", "TTLDXS", 2023, "18/QĐ-BQL", BOARD),
    }
    assert set(Commendation.objects.values_list("source", "import_job", "decision_date")) == {
        (Commendation.Source.IMPORTED, job.pk, datetime.date(2024, 1, 16)),
        (Commendation.Source.IMPORTED, job.pk, datetime.date(2023, 1, 12)),
    }
    page = text(office.get(reverse("cases:commendations")))
    assert "Đặng Văn Khoa" in page and "15/QĐ-BQL, 12/01/2023" in page


def test_re_importing_the_same_file_changes_nothing_and_a_corrected_decision_is_updated(
    office, eager_celery, django_capture_on_commit_callbacks
):
    commit(
        office,
        (upload(office, workbook(GOOD_PEOPLE, GOOD_UNITS)), CommendationImportJob.objects.get())[1],
        django_capture_on_commit_callbacks,
    )
    before = set(Commendation.objects.values_list("pk", "decision_number", "decision_date", "decided_by"))

    upload(office, workbook(GOOD_PEOPLE, GOOD_UNITS))
    again = CommendationImportJob.objects.order_by("-pk").first()
    assert (again.created_count, again.updated_count, again.unchanged_count, again.error_count) == (0, 0, 4, 0)
    commit(office, again, django_capture_on_commit_callbacks)
    assert set(Commendation.objects.values_list("pk", "decision_number", "decision_date", "decided_by")) == before

    corrected = [("QLDT005", "", "LDTT", 2022, "16/QĐ-BQL", "13/01/2023", BOARD)]
    upload(office, workbook(corrected))
    fix = CommendationImportJob.objects.order_by("-pk").first()
    assert (fix.created_count, fix.updated_count) == (0, 1)
    assert "15/QĐ-BQL → 16/QĐ-BQL" in text(office.get(reverse("cases:history_job", kwargs={"pk": fix.pk})))
    commit(office, fix, django_capture_on_commit_callbacks)
    item = Commendation.objects.get(staff__staff_code="QLDT005")
    assert (item.decision_number, item.decision_date, item.import_job_id) == (
        "16/QĐ-BQL",
        datetime.date(2023, 1, 13),
        fix.pk,
    )
    assert Commendation.objects.count() == 4


def test_every_bad_row_is_named_by_sheet_row_and_column_and_nothing_can_be_committed(
    office, eager_celery, django_capture_on_commit_callbacks
):
    people = [
        ("QLDT004", "Đặng Văn Khoa", "CSTDCS", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),  # good, row 2
        ("ZZ999", "Người Lạ", "LDTT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),  # unknown staff, row 3
        ("QLDT005", "Trần Văn Sai", "LDTT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),  # not QLDT005's name
        ("QLDT003", "", "TTLDXS", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),  # a collective title for a person
        ("QLDT003", "", "Huân chương Mặt trăng", 2023, "18/QĐ-BQL", "16/01/2024", BOARD),  # not in the catalogue
        ("QLDT003", "", "LDTT", "năm ngoái", "18/QĐ-BQL", "31/02/2023", BOARD),  # bad year and date, row 7
        ("QLDT003", "", "LDTT", 2023, "", "10/05/2022", ""),  # no number, decided before the year, no issuer
        ("QLDT004", "", "CSTĐCS", 2023, "19/QĐ-BQL", "16/01/2024", BOARD),  # row 2 again: one title a year
    ]
    units = [("KHONGCO", "", "TTLDTT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD)]
    upload(office, workbook(people, units))

    job = CommendationImportJob.objects.get()
    found = {(e["sheet"], e["row"], e["column"]) for e in job.preview["errors"]}
    assert found == {
        ("Cá nhân", 3, "Mã cán bộ"),
        ("Cá nhân", 4, "Họ và tên"),
        ("Cá nhân", 5, "Danh hiệu / hình thức"),
        ("Cá nhân", 6, "Danh hiệu / hình thức"),
        ("Cá nhân", 7, "Năm"),
        ("Cá nhân", 7, "Ngày quyết định"),
        ("Cá nhân", 8, "Số quyết định"),
        ("Cá nhân", 8, "Ngày quyết định"),
        ("Cá nhân", 8, "Cơ quan quyết định"),
        ("Cá nhân", 9, "Danh hiệu / hình thức"),
        ("Tập thể", 2, "Mã đơn vị"),
    }
    body = text(office.get(reverse("cases:history_job", kwargs={"pk": job.pk})))
    assert "Mã cán bộ “ZZ999” không có trong hệ thống" in body and "không tạo cán bộ mới" in body
    assert "Mã cán bộ “QLDT005” là của “Hà Minh Châu”, tệp ghi “Trần Văn Sai”" in body
    assert "dành cho tập thể" in body and "Ngày quyết định “31/02/2023” không hợp lệ" in body
    assert "trùng với dòng 2" in body
    form = body.split('data-testid="commit-form"')[1].split("</form>")[0]
    assert "disabled" in form

    job = commit(office, job, django_capture_on_commit_callbacks)
    assert job.status == CommendationImportJob.Status.PREVIEW
    assert Commendation.objects.count() == 0
    assert not Staff.objects.filter(staff_code="ZZ999").exists(), "an unknown person is never created"


def test_a_change_after_the_preview_fails_the_whole_import_and_writes_nothing(
    office, eager_celery, django_capture_on_commit_callbacks
):
    upload(office, workbook(GOOD_PEOPLE, GOOD_UNITS))
    job = CommendationImportJob.objects.get()
    Staff.objects.filter(staff_code="QLDT005").update(staff_code="QLDT055")  # recoded between preview and commit

    job = commit(office, job, django_capture_on_commit_callbacks)

    assert job.status == CommendationImportJob.Status.FAILED
    assert "Mã cán bộ “QLDT005” không có trong hệ thống" in job.error_message
    assert Commendation.objects.count() == 0, "the three good rows are not written either"


def _province_sheet(name: str, extra_header: list, rows: list[tuple[list, list]]) -> bytes:
    """The province's real template with its rows filled and the history's columns added on the right."""
    book = openpyxl.load_workbook(REFERENCE / "import-templates" / name)
    sheet = book["DANHSACH"]
    first = sheet.max_column + 1
    while first > 1 and sheet.cell(row=3, column=first - 1).value is None:
        first -= 1
    for offset, header in enumerate(extra_header):
        sheet.cell(row=3, column=first + offset, value=header)
    for index, (listed, extra) in enumerate(rows):
        for column, value in enumerate(listed, start=1):
            sheet.cell(row=4 + index, column=column, value=value)
        for offset, value in enumerate(extra):
            sheet.cell(row=4 + index, column=first + offset, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HISTORY_COLUMNS = ["Năm", "Số quyết định", "Ngày quyết định", "Cơ quan quyết định"]


def test_the_provinces_canhan_and_tapthe_lists_are_read_with_their_catalogue_codes(
    office, eager_celery, django_capture_on_commit_callbacks
):
    # STT, name, sex, birth date, position, department, agency, address, category code, form code, title code
    canhan = _province_sheet(
        "CANHAN.xlsx",
        ["Mã cán bộ", *HISTORY_COLUMNS],
        [
            (
                [
                    1,
                    "Lê Đức Anh",
                    "Nam",
                    None,
                    "Trưởng phòng",
                    "",
                    "Ban Quản lý KKT",
                    "",
                    "",
                    "1650360491",
                    "1647933380",
                ],
                ["QLDT001", 2023, "312/QĐ-UBND", datetime.datetime(2024, 3, 5), "Chủ tịch UBND tỉnh"],
            ),
            (
                [2, "Ngô Thị Hà", "Nữ", None, "", "", "", "", "", "", "1647933042"],
                # the issuer typed in a TCVN3 font
                ["QLDT002", 2023, "18/QĐ-BQL", "16/01/2024", "Tr\u00adëng ban Ban Qu¶n lý"],
            ),
        ],
    )
    assert "DANHMUC" in openpyxl.load_workbook(io.BytesIO(canhan)).sheetnames

    upload(office, canhan, "CANHAN.xlsx")
    job = CommendationImportJob.objects.get()
    assert job.error_count == 0, job.preview["errors"]
    assert job.file_format == CommendationImportJob.Format.PROVINCE
    assert [(c["sheet"], c["row"], c["after"]) for c in job.preview["converted"]] == [
        ("DANHSACH", 5, "Trưởng ban Ban Quản lý")
    ]
    commit(office, job, django_capture_on_commit_callbacks)

    tapthe = _province_sheet(
        "TAPTHE.xlsx",
        ["Mã đơn vị", *HISTORY_COLUMNS],
        [
            (
                [1, "Phòng Quản lý Đầu tư", "1660638226", "", "1647933151"],
                ["QLDT", 2023, "18/QĐ-BQL", "16/01/2024", BOARD],
            )
        ],
    )
    upload(office, tapthe, "TAPTHE.xlsx")
    second = CommendationImportJob.objects.order_by("-pk").first()
    assert second.error_count == 0, second.preview["errors"]
    commit(office, second, django_capture_on_commit_callbacks)

    # One shared code for every Bằng khen of a bộ or tỉnh: the issuer (UBND tỉnh) tells which.
    assert history() == {
        ("QLDT001", "BK_TINH", 2023, "312/QĐ-UBND", "Chủ tịch UBND tỉnh"),
        ("QLDT001", "CSTDCS", 2023, "312/QĐ-UBND", "Chủ tịch UBND tỉnh"),
        ("QLDT002", "LDTT", 2023, "18/QĐ-BQL", "Trưởng ban Ban Quản lý"),
        ("QLDT", "TTLDXS", 2023, "18/QĐ-BQL", BOARD),
    }


def test_the_shared_bang_khen_code_without_a_telling_issuer_asks_for_our_code(office):
    canhan = _province_sheet(
        "CANHAN.xlsx",
        ["Mã cán bộ", *HISTORY_COLUMNS],
        [
            (
                [1, "Lê Đức Anh", "", "", "", "", "", "", "", "1650360491", ""],
                ["QLDT001", 2023, "7/QĐ", "05/03/2024", "Cấp trên"],
            )
        ],
    )
    upload(office, canhan, "CANHAN.xlsx")
    (error,) = CommendationImportJob.objects.get().preview["errors"]
    assert (error["row"], error["column"]) == (4, "Mã hình thức khen thưởng")
    assert "Bằng khen Bộ, Bằng khen tỉnh" in error["message"] and "BK_BO, BK_TINH" in error["message"]


def test_a_filled_province_list_without_staff_codes_is_refused_naming_the_columns_to_add(office, tmp_path):
    path = tmp_path / "CANHAN_filled_2rows.xlsx"
    shutil.copy(REFERENCE / "filled-samples" / "CANHAN_filled_2rows.xlsx", path)

    response = upload(office, path.read_bytes(), path.name)

    assert response.status_code == 200
    body = text(response)
    assert "thiếu cột “Mã cán bộ”" in body and "“Số quyết định”" in body
    assert not CommendationImportJob.objects.exists()


def test_the_template_uploaded_as_it_comes_lists_its_example_staff_code_as_unknown(office):
    template = office.get(reverse("cases:history_template"))
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert book.sheetnames == ["Cá nhân", "Tập thể", "Danh mục", "Hướng dẫn"]

    upload(office, template.content, "mau.xlsx")

    job = CommendationImportJob.objects.get()
    errors = {(e["sheet"], e["row"], e["column"]) for e in job.preview["errors"]}
    assert ("Cá nhân", 2, "Mã cán bộ") in errors
    assert job.created_count == 1, "the collective example (QLDT, a demo unit) is good"


def test_a_title_named_like_a_formula_stays_text_in_the_template(office):
    AwardTitle.objects.filter(code="LDTT").update(name='=HYPERLINK("http://evil.example","Bấm vào")')

    book = openpyxl.load_workbook(io.BytesIO(office.get(reverse("cases:history_template")).content))

    cells = [row[2] for row in book["Danh mục"].iter_rows(min_row=2) if row[0].value == "LDTT"]
    assert cells[0].value.startswith("=HYPERLINK") and cells[0].data_type == "s"


def test_a_zip_bomb_is_refused_before_it_is_read(office):
    response = upload(office, bomb_xlsx(unpacked_mb=120), "bom.xlsx")

    assert response.status_code == 200
    assert "bom nén" in text(response)
    assert not CommendationImportJob.objects.exists()


@pytest.mark.parametrize("username", ["qldt.thidua", "qldt.truongphong", "truongban"])
def test_outside_the_office_the_import_pages_are_404_and_the_history_page_has_no_link(office, login, username):
    upload(office, workbook(GOOD_PEOPLE))
    job = CommendationImportJob.objects.get()
    assert 'data-testid="history-import-link"' in text(office.get(reverse("cases:commendations")))

    person = login(username)
    for method, url in (
        ("get", reverse("cases:history_import")),
        ("get", reverse("cases:history_job", kwargs={"pk": job.pk})),
        ("post", reverse("cases:history_commit", kwargs={"pk": job.pk})),
        ("get", reverse("cases:history_template")),
    ):
        assert getattr(person, method)(url).status_code == 404, url
    assert 'data-testid="history-import-link"' not in text(person.get(reverse("cases:commendations")))
    job.refresh_from_db()
    assert job.status == CommendationImportJob.Status.PREVIEW


def test_a_semicolon_csv_of_individuals_is_one_list(office, eager_celery, django_capture_on_commit_callbacks):
    lines = [";".join(PEOPLE_HEADER), f"QLDT004;Đặng Văn Khoa;CSTĐCS;2023;18/QĐ-BQL;16/01/2024;{BOARD}"]
    upload(office, ("\ufeff" + "\r\n".join(lines)).encode(), "lich-su.csv")

    job = CommendationImportJob.objects.get()
    assert (job.created_count, job.error_count) == (1, 0)
    commit(office, job, django_capture_on_commit_callbacks)
    assert history() == {("QLDT004", "CSTDCS", 2023, "18/QĐ-BQL", BOARD)}


def test_a_hidden_sheet_is_not_read(office):
    book = openpyxl.load_workbook(io.BytesIO(workbook(GOOD_PEOPLE)))
    old = book.copy_worksheet(book["Cá nhân"])
    old.title = "Cá nhân (bản cũ)"
    old.append(["ZZ999", "", "LDTT", 2020, "1/QĐ", "10/01/2021", BOARD])
    old.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)

    upload(office, buffer.getvalue())

    job = CommendationImportJob.objects.get()
    assert (job.created_count, job.error_count) == (3, 0)


def test_a_file_of_a_thousand_rows_is_previewed_shown_and_written_in_a_bounded_number_of_queries(
    office, eager_celery, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    codes = list(Staff.objects.values_list("staff_code", flat=True))
    people = [
        (code, "", "LDTT", year, f"{year}/QĐ-BQL", f"10/01/{year + 1}", BOARD)
        for code in codes
        for year in range(1990, 2024)
    ]
    with django_assert_max_num_queries(30):
        response = upload(office, workbook(people))
    job = CommendationImportJob.objects.get()
    assert job.created_count == len(people) > 1000
    with django_assert_max_num_queries(12):
        assert office.get(response.url).status_code == 200
    with django_assert_max_num_queries(40):
        job = commit(office, job, django_capture_on_commit_callbacks)
    assert job.status == CommendationImportJob.Status.DONE and Commendation.objects.count() == len(people)


def test_an_award_decided_in_the_product_is_never_overwritten_by_a_spreadsheet(
    office, eager_celery, django_capture_on_commit_callbacks
):
    from tests.workflows.cases import nomination_at_council
    from workflows.casework.services import awards_record

    case = nomination_at_council("QLDT", titles=("LDTT",))
    awards_record(
        case=case,
        awarded={p.pk: True for p in case.proposals.all()},
        number="125/QĐ-BQL",
        date=datetime.date(2024, 12, 10),
        decided_by="Trưởng ban",
        proposals=case.proposals.all(),
    )
    decided = Commendation.objects.get()
    code = decided.staff.staff_code

    upload(office, workbook([(code, "", "LDTT", 2024, "999/QĐ-KHAC", "11/12/2024", "Nơi khác")]))
    job = CommendationImportJob.objects.get()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)
    assert "Đã có: quyết định trong hệ thống" in text(office.get(reverse("cases:history_job", kwargs={"pk": job.pk})))
    commit(office, job, django_capture_on_commit_callbacks)

    assert list(Commendation.objects.values_list("pk", "decision_number", "source")) == [
        (decided.pk, "125/QĐ-BQL", Commendation.Source.DECIDED)
    ]

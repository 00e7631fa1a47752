"""Every demo role logs in (in Vietnamese) and sees its home page, the organisation and the campaign."""

import datetime
import re

import pytest
from django.core import mail

D = datetime.date


@pytest.fixture(autouse=True)
def _demo_day(settings):
    settings.CLOCK_TODAY = D(2024, 6, 20)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_login_page_is_in_vietnamese(client, db):
    html = client.get("/tai-khoan/login/").content.decode()
    assert "Đăng nhập" in html and 'label="Tên đăng nhập"' in html and 'label="Mật khẩu"' in html
    assert "Quên mật khẩu?" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for url in ["/home/", "/campaign/2024/", "/people/", "/people/can-bo/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/tai-khoan/login/"), url


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("qldt.thidua", ["Cán bộ phụ trách thi đua của đơn vị", "Đơn vị của tôi", "Phòng Quản lý Đầu tư"]),
        ("qldt.truongphong", ["Trưởng đơn vị", "Đơn vị của tôi", "Ủy viên"]),
        ("vanphong", ["Chuyên viên TĐKT Văn phòng", "Văn phòng Ban: theo dõi toàn Ban", "7 phòng, đơn vị"]),
        ("chanhvanphong", ["Chánh Văn phòng", "Văn phòng Ban: theo dõi toàn Ban"]),
        ("tnmt.truongphong", ["Hội đồng Thi đua – Khen thưởng năm 2024", "Ủy viên"]),
        ("truongban", ["Trưởng ban", "Lãnh đạo Ban: chỉ tiêu thi đua", "Chủ tịch Hội đồng"]),
    ],
)
def test_each_role_sees_its_home_page(demo, login, username, expected):
    client = login(username)
    response = client.get("/home/")
    assert response.status_code == 200
    page = text(response)
    for phrase in expected:
        assert phrase in page, phrase
    assert "Mốc thời hạn tiếp theo" in page
    assert "28/06/2024" in page and "còn 8 ngày" in page
    assert "Việc đang chờ tôi" in page


def test_a_unit_clerk_is_shown_the_next_milestone_the_units_owe(demo, login, settings):
    settings.CLOCK_TODAY = D(2024, 6, 29)  # the Văn phòng's 30/06 is next overall; units owe 30/11
    page = text(login("qldt.thidua").get("/home/"))
    assert "30/11/2024" in page and "còn 154 ngày" in page
    page = text(login("vanphong").get("/home/"))
    assert "30/06/2024" in page and "còn 1 ngày" in page


def test_the_campaign_page_shows_theme_milestones_days_left_and_targets(demo, login):
    response = login("vanphong").get("/campaign/")
    assert response.status_code == 302 and response.url.endswith("/campaign/2024/")
    page = text(login("vanphong").get("/campaign/2024/"))
    assert "Đoàn kết, đổi mới, sáng tạo, linh hoạt" in page
    assert "từ 01/01/2024 đến 31/12/2024" in page
    for day in ["10/01/2024", "28/06/2024", "30/06/2024", "30/11/2024"]:
        assert day in page
    assert "Mốc tiếp theo: 28/06/2024" in page and "còn 8 ngày" in page
    assert "15% cá nhân đạt danh hiệu Chiến sỹ thi đua cấp cơ sở" in page
    assert "trên số đạt LĐTT" in page
    assert "≥ 10 %" in page
    assert "Cơ quan đạt tiêu chuẩn an toàn về an ninh trật tự" in page


def test_an_unknown_campaign_year_is_a_404_not_an_error(demo, login):
    assert login("vanphong").get("/campaign/1999/").status_code == 404


def test_the_org_chart_lists_units_with_heads_and_counts(demo, login):
    page = text(login("qldt.thidua").get("/people/"))
    assert "Phòng Quản lý Đầu tư" in page and "Lê Đức Anh" in page
    assert "Trung tâm Dịch vụ và Khai thác hạ tầng khu kinh tế" in page


def test_the_staff_directory_searches_and_filters_by_unit(demo, login, django_assert_max_num_queries):
    client = login("qldt.thidua")
    with django_assert_max_num_queries(12):
        page = text(client.get("/people/can-bo/"))
    assert "40 cán bộ" in page
    page = text(client.get("/people/can-bo/", {"q": "Huyền"}))
    assert "Vũ Thị Thanh Huyền" in page and "1 cán bộ" in page
    page = text(client.get("/people/can-bo/", {"unit": "TTDV"}))
    assert "6 cán bộ" in page and "Võ Thành Nam" in page and "Lê Đức Anh" not in page
    page = text(client.get("/people/can-bo/", {"unit": "KHONG-CO"}))
    assert "Không có đơn vị với mã đã chọn" in page


def test_english_can_be_chosen_and_dates_stay_dd_mm_yyyy(demo, login):
    client = login("vanphong")
    client.post("/i18n/setlang/", {"language": "en", "next": "/campaign/2024/"})
    response = client.get("/campaign/2024/")
    assert response.headers["Content-Language"] == "en"
    page = text(response)
    assert "Milestones" in page and "Emulation targets" in page and "Mốc thời hạn" not in page
    assert "28/06/2024" in page


def test_a_wrong_password_gets_a_vietnamese_message(client, demo):
    response = client.post("/tai-khoan/login/", {"username": "vanphong", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "phân biệt chữ hoa và chữ thường" in text(response)


def test_logins_are_throttled_after_repeated_failures(client, demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/tai-khoan/login/", {"username": "vanphong", "password": "sai-mat-khau"})
    response = client.post("/tai-khoan/login/", {"username": "vanphong", "password": "ThiDua@2024"})
    assert response.status_code == 429
    assert "tạm bị khóa" in text(response)


def test_password_reset_sends_an_email(client, demo):
    response = client.post("/tai-khoan/password_reset/", {"email": "vanphong@bqlkkt.example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/tai-khoan/reset/" in mail.outbox[0].body


def test_password_change_works_for_a_logged_in_user(demo, login, client):
    login("qldt.thidua")
    response = client.post(
        "/tai-khoan/password_change/",
        {"old_password": "ThiDua@2024", "new_password1": "Mat-khau-moi-2024!", "new_password2": "Mat-khau-moi-2024!"},
    )
    assert response.status_code == 302
    client.post("/tai-khoan/logout/")
    old = client.post("/tai-khoan/login/", {"username": "qldt.thidua", "password": "ThiDua@2024"})
    assert old.status_code == 200  # the old password no longer works
    login("qldt.thidua", "Mat-khau-moi-2024!")


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client, db):
    response = client.get("/tai-khoan/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


ALL_ROLES = ["qldt.thidua", "qldt.truongphong", "vanphong", "chanhvanphong", "tnmt.truongphong", "truongban"]
OFFICE = {"vanphong", "chanhvanphong"}


@pytest.mark.parametrize("username", ALL_ROLES)
def test_each_role_opens_the_pages_it_may_see_and_the_others_do_not_exist_for_it(demo, login, username):
    """The refusal rule over the pages outside the cases and the council: a page a person may not see answers
    404, exactly like a page that does not exist; the menu never links to it."""
    client = login(username)
    everyone = ["/home/", "/campaign/2024/", "/people/", "/people/can-bo/", "/notifications/"]
    # Each office-only page, and the page whose menu would link to it.
    office_only = {
        "/notifications/hop-thu-di/": "/notifications/",
        "/people/nhap-du-lieu/": "/people/",
        "/people/nhap-du-lieu/mau.csv": "/people/nhap-du-lieu/",
    }
    for url in everyone:
        assert client.get(url).status_code == 200, url
    for url, linked_from in office_only.items():
        menu = client.get(linked_from).content.decode()
        response = client.get(url)
        if username in OFFICE:
            assert response.status_code == 200, url
            assert f'href="{url}"' in menu, url
        else:
            assert response.status_code == 404, url
            assert "Không tìm thấy trang" in text(response), url
            assert f'href="{url}"' not in menu, url

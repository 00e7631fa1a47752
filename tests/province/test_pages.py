"""The province's people in their own pages: home, inbox, cases, council, programme and organisation, in their own
agency; the province opens no stage of its own (its cases come from the agencies)."""

import pytest

from tests.desk import Desk, page_text

pytestmark = pytest.mark.django_db

PAGES = ["/home/", "/cases/", "/cases/hang-cho/", "/cases/ho-so/", "/cases/khen-thuong/", "/council/", "/people/"]


@pytest.mark.parametrize("username", ["tinh.chuyenvien", "tinh.truongban", "tinh.chutich", "tinh.uyvien"])
def test_the_provinces_people_open_their_pages(demo, username):
    desk = Desk(username)
    for url in PAGES:
        response = desk.client.get(url)
        assert response.status_code == 200, url
    programme = page_text(desk.client.get("/campaign/2024/"))
    assert "322/CTr-UBND" in programme


def test_an_agency_is_offered_no_province_kind_in_its_filters(demo):
    for url in ("/cases/ho-so/", "/cases/hang-cho/"):
        page = Desk("vanphong").client.get(url)
        assert "province_nomination" not in dict(page.context["kinds"]), url
        assert "Hồ sơ đề nghị cấp tỉnh" not in page.content.decode(), url


def test_the_province_officer_is_offered_no_stage_to_open(demo):
    officer = Desk("tinh.chuyenvien")
    page = officer.client.get("/cases/ho-so/")
    assert page.context["can_open"] is False and 'value="nomination" type="submit"' not in page.content.decode()
    assert page.context["kinds"] == [
        ("province_nomination", "Hồ sơ đề nghị cấp tỉnh"),
        ("province_registration", "Đăng ký thi đua gửi cấp tỉnh"),
        ("province_midyear", "Báo cáo sơ kết 6 tháng gửi cấp tỉnh"),
    ]
    response = officer.open_stage(2024, "nomination")
    assert response.status_code in (403, 404)
    from people.tenancy import agency_unscoped
    from workflows.models import Case

    with agency_unscoped():
        assert not Case.objects.filter(agency__code="tinh").exists()

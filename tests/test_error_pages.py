"""Error pages are Vietnamese pages of the product, never a bare server error."""

import re

import pytest

from tests.desk import Desk, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/khong-co-trang-nay/", "/cases/ho-so/999999/", "/cases/ho-so/1/tep/1/"])
def test_a_missing_page_is_a_vietnamese_404(demo, url):
    response = Desk("qldt.thidua").client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page_text(response)


def test_a_forbidden_action_is_a_vietnamese_403(demo):
    response = Desk("qldt.thidua").client.post("/cases/ho-so/mo-dot/", {"nam": 2024, "loai": "midyear"})
    assert response.status_code == 403
    assert "Chỉ Văn phòng được mở đợt." in page_text(response)


def _error_card(response) -> str:
    return re.search(r'data-testid="error-404">(.*?)</div>', response.content.decode(), flags=re.S).group(1)


def test_a_page_a_person_may_not_see_is_the_same_404_as_a_page_that_does_not_exist(demo):
    """The refusal rule: nothing in the answer tells the outbox or the import pages exist."""
    client = Desk("qldt.thidua").client
    missing = client.get("/notifications/khong-co-trang-nay/")
    for url in ["/notifications/hop-thu-di/", "/people/nhap-du-lieu/", "/people/nhap-du-lieu/1/"]:
        refused = client.get(url)
        assert refused.status_code == missing.status_code == 404
        assert _error_card(refused) == _error_card(missing), url


def test_a_refused_page_answers_in_the_language_the_person_chose(demo):
    client = Desk("qldt.thidua").client
    client.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    response = client.get("/notifications/hop-thu-di/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response) and "Không tìm thấy trang" not in page_text(response)

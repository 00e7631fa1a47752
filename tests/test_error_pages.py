"""Error pages are Vietnamese pages of the product, never a bare server error."""

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

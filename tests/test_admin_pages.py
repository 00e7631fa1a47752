"""The admin (for support staff) shows cases, awards and council sessions without errors."""

import pytest
from django.contrib.auth import get_user_model

from tests.workflows.cases import nomination_at_council


@pytest.mark.django_db
def test_the_admin_pages_of_cases_awards_and_sessions_open(demo, client):
    case = nomination_at_council("QLDT")
    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "MatKhau@123")
    client.force_login(admin)
    for url in [
        "/quan-tri/workflows/case/",
        "/quan-tri/workflows/commendation/",
        "/quan-tri/workflows/councilsession/",
        f"/quan-tri/workflows/campaign/{case.campaign_id}/change/",
        "/quan-tri/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)

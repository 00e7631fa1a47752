"""workflows 0017: an installation's existing titles learn which of them the province decides, and nothing else
changes (every agency keeps running as a single one until it is given a province parent)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("workflows", "0016_agency_keys")]
AFTER = [("workflows", "0017_province_tier")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_province():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_titles_the_province_decides_are_marked_and_the_others_left_alone(before_province):
    AwardTitle = before_province.get_model("workflows", "AwardTitle")
    AwardTitle.objects.all().delete()
    for code, decided_at in [("BK_TINH", "upward"), ("CSTD_TINH", "upward"), ("BK_BO", "upward"), ("LDTT", "board")]:
        AwardTitle.objects.create(
            code=code, name=code, short_name=code, scope="individual", kind="award", decided_at=decided_at
        )
    apps = _migrate(AFTER)
    marked = dict(apps.get_model("workflows", "AwardTitle").objects.values_list("code", "province_decides"))
    assert marked == {"BK_TINH": True, "CSTD_TINH": True, "BK_BO": False, "LDTT": False}

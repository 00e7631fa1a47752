import pytest


@pytest.fixture(autouse=True)
def _agency_scope_strict(demo, settings):
    """Once the demo is loaded, every read of the exemplar pages, public ones included, must run in an agency's scope
    (people.tenancy): with the strict scope, one that did not would raise."""
    settings.AGENCY_SCOPE_STRICT = True

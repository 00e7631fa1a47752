import io

import pytest
from django.core.management import call_command

from people.demo import DEMO_PASSWORD
from people.tenancy import agency_scope, agency_scope_set
from tests.demo_snapshot import demo_load

pytest_plugins = ["tests.celery_worker"]


@pytest.fixture(scope="session", autouse=True)
def _demo_pki_outside_the_checkout(tmp_path_factory):
    """The demo CA and signers' keys that load_demo makes go to a folder of the test run, not the checkout's var/."""
    from django.conf import settings

    settings.SIGNATURE_PKI_DIR = tmp_path_factory.mktemp("pki")


@pytest.fixture(autouse=True)
def _no_agency_left_in_scope():
    """Each test starts with no agency in scope and leaves none behind (load_demo_now puts the Board's in)."""
    with agency_scope(None):
        yield


def load_demo_now(*, cases: bool = False):
    """The demo organisation and programme; with `cases`, also the demo year's cases as `make run` has them.
    The second agency comes too, as in `make run`. The test's own code then reads and writes as the Board
    (pages run in their user's agency, whatever this says)."""
    args = [] if cases else ["--no-cases"]
    demo_load(" ".join(args), lambda: call_command("load_demo", *args, stdout=io.StringIO()))
    agency_scope_set(board_agency())


def board_agency():
    """The Board's agency in the demo (the one its unit BQL belongs to)."""
    from people.models import OrgUnit

    return OrgUnit._base_manager.get(code="BQL", kind=OrgUnit.Kind.BOARD).agency


@pytest.fixture
def demo(db):
    """The demo organisation and the 2024 programme, loaded the way `make run` loads them (without the
    demo year's cases, so that each test starts the flows itself)."""
    load_demo_now()


@pytest.fixture
def login(client):
    """Log the test client in as a demo account (through the login form, as a person would)."""

    def _login(username: str, password: str = DEMO_PASSWORD):
        response = client.post("/tai-khoan/login/", {"username": username, "password": password})
        assert response.status_code == 302, f"đăng nhập {username} không thành công"
        return client

    return _login


@pytest.fixture
def eager_celery():
    """Celery tasks run inline, in this process (mail goes to Django's in-memory outbox) — for tests about
    what a task does, not about the queue; the fault tests use a real worker instead."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before

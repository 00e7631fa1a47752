"""`make run`'s web server shows the product's own error pages, never Django's debug page, and still serves the
static files the pages need."""

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture
def demo_server(tmp_path):
    """The Procfile's web command, as `make run` starts it (settings of `manage.py`, nothing in the environment),
    on a free port with its state in a temporary folder."""
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    command = shlex.split(web.removeprefix("web:"))
    port = _free_port()
    command = [sys.executable if part.endswith("python") else part for part in command]
    command = [f"127.0.0.1:{port}" if part.startswith("127.0.0.1:") else part for part in command]
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the demo server did not start: {server.stdout.read()}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_the_demo_server_answers_a_missing_page_with_the_products_404_and_serves_static_files(demo_server):
    status, page = _get(f"{demo_server}/khong-co-trang-nay/")
    assert status == 404
    assert 'data-testid="error-404"' in page and "Không tìm thấy trang" in page
    assert "DEBUG = True" not in page and "URLconf" not in page

    for asset in (
        "/static/tdkt/tdkt.css",
        "/static/viewflow/css/viewflow.min.css",
        "/static/viewflow/js/viewflow.min.js",
    ):
        status, _ = _get(f"{demo_server}{asset}")
        assert status == 200, asset

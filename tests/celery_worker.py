"""A real Celery worker process for tests whose behaviour depends on the queue.

It runs `celery -A config worker` against REDIS_URL and the test database that pytest-django made,
so a test must commit its data (transactional_db). Needs PostgreSQL and Redis: SQLite's test
database lives in this process's memory, where no other process can reach it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.services import need_postgresql, need_redis

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self):
        """SIGKILL the worker and every process it started, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_worker(*, tmp_path, settings, extra_env: dict | None = None, concurrency: int = 1) -> Worker:
    """Start a worker process (the caller stops it). `extra_env` reaches its settings (e.g. EMAIL_URL)."""
    need_postgresql()
    need_redis()
    from config.celery import app

    log_path = tmp_path / f"worker-{time.monotonic_ns()}.log"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
        VAR_DIR=str(tmp_path / "var"),
        **(extra_env or {}),
    )
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"--concurrency={concurrency}"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", *pool, "-n", hostname, "-l", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = Worker(process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited at start:\n{worker.log()}")
        if app.control.ping(destination=[hostname], timeout=1):
            return worker
    worker.stop()
    pytest.fail(f"the Celery worker did not answer within 60 s:\n{worker.log()}")


@pytest.fixture
def celery_worker(transactional_db, tmp_path, settings):
    need_postgresql()
    need_redis()
    from config.celery import app

    app.control.purge()
    worker = start_worker(tmp_path=tmp_path, settings=settings)
    yield worker
    worker.stop()

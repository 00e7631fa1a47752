"""Settings: production refuses to start without its secrets; the embedded defaults need no server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _start_production(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("missing", "given"),
    [
        ("SECRET_KEY", {"ALLOWED_HOSTS": "example.vn"}),
        ("ALLOWED_HOSTS", {"SECRET_KEY": "x" * 60}),
    ],
)
def test_production_refuses_to_start_without_a_secret(missing, given):
    result = _start_production(**given)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"Thiếu biến môi trường {missing}" in result.stderr


def test_production_starts_with_its_secrets():
    result = _start_production(SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.vn")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_badly_written_demo_date_is_named_in_vietnamese():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", DEMO_TODAY="2024-06-20")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DEMO_TODAY phải có dạng dd/mm/yyyy" in result.stderr


def test_embedded_defaults_use_sqlite_in_immediate_mode_and_a_filesystem_broker(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "ANYMAIL_ESP")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(tmp_path))
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['OPTIONS']['transaction_mode'], "
        "s.CELERY_BROKER_URL, s.EMAIL_BACKEND, s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "IMMEDIATE",
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "Asia/Ho_Chi_Minh",
        "vi",
    ]


def test_a_fresh_checkout_migrates_without_make(tmp_path):
    """`python manage.py migrate` before anything created var/: the settings make the folders themselves."""
    var = tmp_path / "nowhere-yet" / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "ANYMAIL_ESP")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(var))
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (var / "db.sqlite3").stat().st_size > 0
    for folder in ("mail", "media", "cache", "celery/queue", "celery/processed", "celery/control"):
        assert (var / folder).is_dir(), folder


def test_an_empty_variable_in_a_dot_env_means_the_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "ANYMAIL_ESP")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR="", DATABASE_URL="", MEDIA_ROOT="")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['NAME'], s.MEDIA_ROOT)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(ROOT / "var" / "db.sqlite3"), str(ROOT / "var" / "media")]

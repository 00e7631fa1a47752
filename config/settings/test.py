"""Test runs: the same settings as production minus the secrets, fast hashing.

DATABASE_URL and REDIS_URL switch the suite to PostgreSQL and Redis (CI does).
"""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Mail stays in memory, unless a test's worker process is pointed at an SMTP sink with EMAIL_URL.
if not EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True

# Live-server threads must not keep connections open past a test, or PostgreSQL cannot drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0

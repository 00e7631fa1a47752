"""Settings shared by every environment, read from the environment.

Every integration is switched on by its variable; with none set the product
runs on embedded defaults (SQLite under var/, a filesystem Celery broker,
mail written to files), so `make run` needs nothing but Python.
"""

import contextlib
import datetime as _dt
import re
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env (see .env.example) is read for every command; the process environment wins over it. Docker
# compose passes its own file (.env.compose) as the containers' environment instead.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _path_or_default(value: str, default: Path) -> Path:
    # "VAR_DIR=" in a .env means "the default", not the current directory.
    return Path(value or default)


# Where the embedded defaults keep their state: SQLite, the broker's queue, mail files, uploads.
VAR_DIR = _path_or_default(env.str("VAR_DIR", default=""), BASE_DIR / "var")


def _folders_ensure(*paths: Path) -> None:
    """Create the folders the embedded defaults write to, so that any command (`manage.py migrate` on a fresh
    clone) works without `make`. A read-only disk is left to fail where it is written to, with its own error."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.mkdir(parents=True, exist_ok=True)


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    "anymail",
    "axes",
    "people",
    "notifications",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The logged-in user's agency scopes every query of agency-owned rows (people.tenancy).
    "people.middleware.AgencyScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "people.context_processors.pinned_clock",
                "people.context_processors.agency",
            ],
        },
    },
]

# Database: PostgreSQL in production (DATABASE_URL), SQLite under var/ otherwise.
DATABASES = {
    "default": env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        _folders_ensure(Path(DATABASES["default"]["NAME"]).parent)
    # IMMEDIATE takes the write lock when a transaction starts, so two people
    # completing the same task serialise instead of failing half-way; WAL lets
    # readers go on while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker, result backend and cache when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_RESULT_BACKEND = REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
if not REDIS_URL:
    _folders_ensure(*(VAR_DIR / "celery" / name for name in ("queue", "processed", "control", "results")))
    _folders_ensure(VAR_DIR / "cache")
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Outcomes are recorded on our own rows (jobs, outbox), never read from Celery's result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The reminder sweep is idempotent: running it often only makes reminders timely. Exactly one beat runs.
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-sweep": {
        "task": "workflows.reminders_sweep",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=300),
    },
}

# Mail: files under var/mail by default; EMAIL_URL for SMTP (e.g. Mailpit);
# ANYMAIL_ESP + ANYMAIL_API_KEY for a real provider through django-anymail.
# First wait before re-trying a message after a transient provider error; doubled each time, at most 10 minutes.
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=10)
# Links in emails and the calendar feed are absolute: the address people open the product at.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Văn phòng Ban <thiduakhenthuong@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL_ESP = env.str("ANYMAIL_ESP", default="")
EMAIL_URL = env.str("EMAIL_URL", default="")
# The delivery webhooks (/anymail/<esp>/tracking/) need HTTP basic auth "user:password"; without a configured
# secret a random one is made at start, so that nobody can post delivery events.
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="")
    or f"{secrets.token_urlsafe(12)}:{secrets.token_urlsafe(24)}",
}
if ANYMAIL_ESP:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
    ANYMAIL[f"{ANYMAIL_ESP.upper()}_API_KEY"] = env.str("ANYMAIL_API_KEY", default="")
elif EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
    _folders_ensure(VAR_DIR / "mail")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username + address pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy in both languages.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = _path_or_default(env.str("MEDIA_ROOT", default=""), VAR_DIR / "media")
_folders_ensure(MEDIA_ROOT)
# Uploaded files are never served from a public URL: no URL pattern maps this prefix, and
# attachments are streamed by views that check who may see them.
MEDIA_URL = "/tep-noi-bo/"

# Largest accepted upload (attachments and import files), in megabytes.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# PDF of the generated documents (workflows/documents/pdf.py): LibreOffice's program, found on PATH (soffice,
# then libreoffice) when empty, and how long one conversion may take before it is stopped. The web server's own
# request timeout must be longer (gunicorn --timeout 120 in the Dockerfile and docker-compose.yml).
SOFFICE_PATH = env.str("SOFFICE_PATH", default="")
DOCUMENT_PDF_TIMEOUT = env.int("DOCUMENT_PDF_TIMEOUT", default=60)
# The public exemplar list (/guong-dien-hinh/<agency>/nhung/) may be shown in an iframe by these origins only,
# e.g. https://banquanly.tayninh.gov.vn (Content-Security-Policy frame-ancestors); none: this site only.
EXEMPLARS_EMBED_ORIGINS = env.list("EXEMPLARS_EMBED_ORIGINS", default=[])
for _origin in EXEMPLARS_EMBED_ORIGINS:
    # Written into a header as it is: anything but a plain origin could widen or break the policy.
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?", _origin):
        raise ImproperlyConfigured(
            f"EXEMPLARS_EMBED_ORIGINS: “{_origin}” không phải một origin, ví dụ https://banquanly.tayninh.gov.vn."
        )

SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

VIEWFLOW = {"AUTOREGISTER": False}

# Many agencies on one installation (people.tenancy): with this on, a query of an agency-owned model outside any
# agency's scope (and outside agency_unscoped()) raises, which a test uses to prove every page is scoped.
AGENCY_SCOPE_STRICT = env.bool("AGENCY_SCOPE_STRICT", default=False)

# Pins "today" (dd/mm/yyyy) so the demo can replay a past programme year. Empty in production.
_demo_today = env.str("DEMO_TODAY", default="")
try:
    CLOCK_TODAY = _dt.datetime.strptime(_demo_today, "%d/%m/%Y").date() if _demo_today else None
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DEMO_TODAY phải có dạng dd/mm/yyyy, ví dụ 20/06/2024 (đang là {_demo_today!r})."
    ) from exc
# `manage.py load_demo` refuses to run where this is off (production).
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # pyHanko warns, with a traceback, about every untrusted or altered signature it is shown: for uploads that is an
    # outcome (kept on the file's signature check), not a fault of the server.
    "loggers": {"axes": {"level": "ERROR"}, "pyhanko": {"level": "ERROR"}, "pyhanko_certvalidator": {"level": "ERROR"}},
}

# Chữ ký số (workflows/signatures). "demo": PKCS#12 files issued by the demo CA under SIGNATURE_PKI_DIR (`manage.py
# demo_pki`), refused where demo data is (production). "pkcs11": the agency's token or HSM through its PKCS#11 module
# (needs python-pkcs11); the PIN comes from the environment only.
SIGNATURE_BACKEND = env.str("SIGNATURE_BACKEND", default="demo")
SIGNATURE_PKI_DIR = _path_or_default(env.str("SIGNATURE_PKI_DIR", default=""), VAR_DIR / "pki")
DEMO_PKI_PASSWORD = env.str("DEMO_PKI_PASSWORD", default="tdkt-demo-pki")
SIGNATURE_PKCS11_MODULE = env.str("SIGNATURE_PKCS11_MODULE", default="")
SIGNATURE_PKCS11_TOKEN_LABEL = env.str("SIGNATURE_PKCS11_TOKEN_LABEL", default="")
SIGNATURE_PKCS11_KEY_LABEL = env.str("SIGNATURE_PKCS11_KEY_LABEL", default="")
SIGNATURE_PKCS11_CERT_LABEL = env.str("SIGNATURE_PKCS11_CERT_LABEL", default="")
SIGNATURE_PKCS11_PIN = env.str("SIGNATURE_PKCS11_PIN", default="")
# The stamp's box on the last page (x1,y1,x2,y2 in points from its lower left); empty: lower right, from the page size.
SIGNATURE_STAMP_BOX = env.list("SIGNATURE_STAMP_BOX", cast=int, default=[])
# A TrueType font with Vietnamese glyphs for the stamp; used only when fontTools is installed.
SIGNATURE_STAMP_FONT = env.str("SIGNATURE_STAMP_FONT", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

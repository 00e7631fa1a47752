"""Production: refuses to start without its secrets; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
DEMO_DATA_ALLOWED = False
CLOCK_TODAY = None
# Signing in production uses the agency's token (PKCS#11), never the demo CA.
SIGNATURE_BACKEND = env.str("SIGNATURE_BACKEND", default="pkcs11")


def _required(name: str, value):
    if not value:
        raise ImproperlyConfigured(
            f"Thiếu biến môi trường {name}: cấu hình production không khởi động khi chưa đặt {name} "
            f"(missing environment variable {name})."
        )
    return value


SECRET_KEY = _required("SECRET_KEY", env.str("SECRET_KEY", default=""))
ALLOWED_HOSTS = _required("ALLOWED_HOSTS", env.list("ALLOWED_HOSTS", default=[]))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"

"""The provider's delivery webhook (django-anymail), open to the provider alone through HTTP basic auth
(ANYMAIL_WEBHOOK_SECRET), never to a logged-in session.

Only the tracking webhook of the provider named by ANYMAIL_ESP answers; every other provider's URL is a 404,
so that nobody can reach the code of a provider that is not configured (a missing signing key or an
uninstalled library would otherwise answer 500 with a traceback). A request the webhook cannot use answers 4xx.
"""

import functools
import logging

from anymail.urls import urlpatterns as anymail_patterns
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden

logger = logging.getLogger(__name__)

TRACKING_SUFFIXES = ("_tracking_webhook", "_webhook")


def _provider(name: str) -> str | None:
    """The ESP a tracking webhook belongs to ("mailgun_tracking_webhook" → "mailgun"); None for inbound mail,
    which the product does not receive. Mandrill has one combined endpoint under two names."""
    if not name or "_inbound" in name:
        return None
    for suffix in TRACKING_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return None


def _configured_only(provider: str, view):
    @functools.wraps(view)
    def webhook(request, *args, **kwargs):
        if provider != settings.ANYMAIL_ESP.strip().lower():
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except ImproperlyConfigured:
            # The provider is chosen but its webhook key (e.g. MAILGUN_WEBHOOK_SIGNING_KEY) or library is
            # missing: no event can be verified, so none is accepted. Said in the log, not to the caller.
            logger.exception("The %s delivery webhook is not configured; the request was refused", provider)
            return HttpResponseForbidden()
        except (ValueError, KeyError, TypeError):
            # A body the provider's parser cannot read (not JSON, fields missing): the caller's mistake.
            logger.warning("Unreadable %s webhook request refused", provider, exc_info=True)
            return HttpResponseBadRequest()

    # LoginRequiredMiddleware would send the provider to the login page; anymail checks the secret instead.
    webhook.login_required = False
    return webhook


urlpatterns = []
for pattern in anymail_patterns:
    provider = _provider(pattern.name)
    if provider is None:
        continue
    pattern.callback = _configured_only(provider, pattern.callback)
    urlpatterns.append(pattern)

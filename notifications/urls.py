"""The providers' delivery webhooks (django-anymail), open to the provider alone through HTTP basic auth
(ANYMAIL_WEBHOOK_SECRET), never to a logged-in session."""

from anymail.urls import urlpatterns as anymail_patterns

for pattern in anymail_patterns:
    # LoginRequiredMiddleware would send the provider to the login page; anymail checks the secret instead.
    pattern.callback.login_required = False

urlpatterns = anymail_patterns

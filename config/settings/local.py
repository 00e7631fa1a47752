"""Developer machine: `make run`. Embedded defaults; the product's own error pages unless DEBUG is set."""

import datetime as _dt

from .base import *  # noqa: F403
from .base import env

# The demo is shown to the people who will use the product: a refused or missing page must look as it will in
# production (the product's 403/404/500), not Django's debug page listing every URL. DEBUG=true brings the
# debug pages back for a developer.
DEBUG = env.bool("DEBUG", default=False)
# runserver serves static files only under DEBUG; WhiteNoise (already in the middleware) serves them from the
# apps' and the project's static folders instead, without collectstatic, and sees edited files at once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo replays the 2024 programme: unless DEMO_TODAY says otherwise, "today" is 20/06/2024,
# a week before the units' mid-year reports are due.
if "DEMO_TODAY" not in env.ENVIRON:
    CLOCK_TODAY = _dt.date(2024, 6, 20)

"""Developer machine: `make run`. Embedded defaults, debug on."""

import datetime as _dt

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# The demo replays the 2024 programme: unless DEMO_TODAY says otherwise, "today" is 20/06/2024,
# a week before the units' mid-year reports are due.
if "DEMO_TODAY" not in env.ENVIRON:
    CLOCK_TODAY = _dt.date(2024, 6, 20)

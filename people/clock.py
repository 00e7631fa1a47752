"""The clock seam: every "today" and "now" in the product comes from here, so tests can move time.

`settings.CLOCK_TODAY` (env DEMO_TODAY) pins the calendar day, so the demo can replay a past
programme year; the time of day still runs. Production never sets it. Tests may set `CLOCK_NOW` to an
exact moment.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def pinned_day() -> datetime.date | None:
    fixed = getattr(settings, "CLOCK_NOW", None)
    if fixed is not None:
        return timezone.localdate(fixed)
    return getattr(settings, "CLOCK_TODAY", None)


def now() -> datetime.datetime:
    fixed = getattr(settings, "CLOCK_NOW", None)  # tests only: the exact moment
    if fixed is not None:
        return fixed
    real = timezone.now()
    day = pinned_day()
    if day is None:
        return real
    local = timezone.localtime(real)
    return local.replace(year=day.year, month=day.month, day=day.day)


def today() -> datetime.date:
    return timezone.localdate(now())

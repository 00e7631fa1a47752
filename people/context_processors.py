from . import clock


def pinned_clock(request):
    """Lets every page say so when the calendar is pinned for a demo."""
    return {"clock_pinned_day": clock.pinned_day()}

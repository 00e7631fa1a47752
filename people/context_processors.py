from . import clock


def pinned_clock(request):
    """Lets every page say so when the calendar is pinned for a demo."""
    return {"clock_pinned_day": clock.pinned_day()}


def agency(request):
    """The user's agency, named in the page header only when the installation has several (a single agency's
    pages show nothing about agencies), and the words its texts use for its Văn phòng and its leader
    (people.wording). Read only when a page shows them."""
    from django.utils.functional import SimpleLazyObject

    from .tenancy import agency_shown
    from .wording import agency_words, several_agencies

    return {
        "current_agency": SimpleLazyObject(agency_shown),
        "agency_words": SimpleLazyObject(agency_words),
        "several_agencies": SimpleLazyObject(several_agencies),
    }

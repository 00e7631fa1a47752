"""Every request runs for the agency of the logged-in user's staff record (people.tenancy)."""

from .tenancy import NO_AGENCY, agency_of_user, agency_scope, agency_sole_id, agency_unscoped, request_memo


class AgencyScopeMiddleware:
    """After authentication: the user's agency is the scope of everything the request reads and writes.

    A superuser without a staff record administers the installation and runs unscoped; any other account
    without one belongs to the installation's only agency, or, when there are several, to none (it sees no
    agency's rows). Anonymous requests (the login page, token views that set their own scope) have none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_memo():  # what every page asks of the agencies is read once per request
            return self._scoped(request)

    def _scoped(self, request):
        user = request.user
        agency_id = None
        if getattr(user, "is_authenticated", False):
            agency_id = agency_of_user(user)
            if agency_id is None:
                if user.is_superuser:
                    with agency_scope(None), agency_unscoped():
                        return self.get_response(request)
                agency_id = agency_sole_id() or NO_AGENCY
        with agency_scope(agency_id):
            return self.get_response(request)

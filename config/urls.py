from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language
from viewflow.urls import Site

from notifications.site import NotificationsApp
from people.site import OrganisationApp
from workflows.site import CampaignApp, CasesApp, CouncilApp, HomeApp
from workflows.views import CalendarFeedView

admin.site.site_header = _("Quản trị hệ thống Thi đua – Khen thưởng")
admin.site.site_title = _("Thi đua – Khen thưởng")

site = Site(
    title=_("Thi đua – Khen thưởng"),
    primary_color="#b71c1c",
    secondary_color="#f9a825",
    viewsets=[HomeApp(), CasesApp(), CouncilApp(), CampaignApp(), OrganisationApp(), NotificationsApp()],
)

urlpatterns = [
    path("tai-khoan/", include("django.contrib.auth.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("lich/<str:token>.ics", CalendarFeedView.as_view(), name="calendar_feed"),
    path("anymail/", include("notifications.urls")),
    # The public exemplar pages (no login; workflows/exemplars/public.py).
    path("guong-dien-hinh/", include("workflows.exemplars.urls")),
    path("", site.urls),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from people.ui import LinksApplication, MenuLink

from .views import CampaignDetailView, CampaignIndexView, HomeView


class HomeApp(LinksApplication):
    app_name = "home"
    title = _("Tổng quan")
    icon = "dashboard"

    index_path = path("", HomeView.as_view(), name="index")

    menu_links = (MenuLink("index", _("Trang chủ"), "home"),)


class CampaignApp(LinksApplication):
    app_name = "campaign"
    title = _("Phong trào thi đua")
    icon = "emoji_events"

    index_path = path("", CampaignIndexView.as_view(), name="index")
    detail_path = path("<int:year>/", CampaignDetailView.as_view(), name="detail")

    menu_links = (MenuLink("index", _("Chương trình năm nay"), "event_note"),)

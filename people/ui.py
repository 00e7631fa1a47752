"""The frame every page sits in: viewflow's Material `Application`, with a plain menu of links."""

from collections.abc import Callable
from dataclasses import dataclass

from viewflow.urls import Application


@dataclass(frozen=True)
class MenuLink:
    url_name: str  # a view name inside the application
    title: str
    icon: str
    visible: Callable | None = None  # user -> bool


class LinksApplication(Application):
    """An Application whose menu is a list of its own views, each shown only to who may open it."""

    menu_template_name = "tdkt/app_menu.html"
    menu_links: tuple[MenuLink, ...] = ()

    def links_for(self, user):
        for link in self.menu_links:
            if link.visible is None or link.visible(user):
                yield link, self.reverse(link.url_name)

"""The public exemplar pages, without login, one set per agency (`/guong-dien-hinh/<agency code>/…`): the list of
published stories (newest first, by year and unit), each story's page, its photo (only the re-encoded copies), an
Atom feed, and a small list to embed in the Board's website.

They show published stories and nothing else: no menu, no link into the product, no login link; a story that is a
draft, waiting, withdrawn or of another agency answers the same plain 404 as an address that never existed. Each
view sets the agency from the address for its own reads (visitors have no agency), and renders inside that scope.
A strict Content-Security-Policy goes with every page (no script at all); only the embed may be framed, and only by
the origins in settings.EXEMPLARS_EMBED_ORIGINS.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from people.models import Agency
from people.tenancy import agency_scope

from . import selectors
from .forms import PublicFilterForm

PAGE_SIZE = 12
EMBED_DEFAULT, EMBED_MAX = 5, 20
FEED_SIZE = 20

_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'"


def _headers(response, *, frame_ancestors: str = "'none'"):
    response["Content-Security-Policy"] = f"{_CSP}; frame-ancestors {frame_ancestors}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    return response


def _not_found(request):
    return _headers(render(request, "workflows/exemplars/public/not_found.html", status=404))


def _public(view):
    """A public view: no login, GET/HEAD only, the agency named by the address in scope while it reads and
    renders; an unknown agency is a 404."""

    @login_not_required
    @require_safe
    def wrapped(request, agency, **kwargs):
        found = selectors.agency_public(agency)
        if found is None:
            return _not_found(request)
        with agency_scope(found):
            response = view(request, found, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@login_not_required
@require_safe
def exemplar_index(request):
    """`/guong-dien-hinh/`: an installation with one agency sends the visitor to its page; with several, the address
    names none of them (no list of the agencies is given away)."""
    agencies = list(Agency.objects.filter(is_active=True, kind=Agency.Kind.AGENCY).order_by("pk")[:2])
    if len(agencies) == 1:
        return redirect("exemplars_public:list", agency=agencies[0].code)
    return _not_found(request)


@_public
def exemplar_list(request, agency):
    """Gương điển hình tiên tiến of one agency: published stories, newest first, filtered by year and unit."""
    years = selectors.public_years(agency=agency)
    units = list(selectors.public_units(agency=agency))
    filters = PublicFilterForm(request.GET, years=years, units=units)
    year, unit_id = filters.chosen()
    paginator = Paginator(selectors.exemplars_published(agency=agency, year=year, unit_id=unit_id), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    query = {}
    if year:
        query["nam"] = year
    if unit_id:
        query["don-vi"] = unit_id
    return _headers(
        render(
            request,
            "workflows/exemplars/public/list.html",
            {
                "agency": agency,
                "page": page,
                "years": years,
                "units": units,
                "year": year,
                "unit_id": unit_id,
                "query": "&".join(f"{k}={v}" for k, v in query.items()),
            },
        )
    )


@_public
def exemplar_detail(request, agency, slug):
    exemplar = selectors.exemplar_published(agency=agency, slug=slug)
    if exemplar is None:
        return _not_found(request)
    return _headers(render(request, "workflows/exemplars/public/detail.html", {"agency": agency, "exemplar": exemplar}))


def _photo(small: bool):
    @_public
    def exemplar_photo(request, agency, slug):
        """Only the JPEG copy the product re-encoded: the uploaded bytes never leave the server."""
        exemplar = selectors.exemplar_published(agency=agency, slug=slug)
        stored = (exemplar.photo_small if small else exemplar.photo_large) if exemplar else None
        if not stored:
            return _not_found(request)
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            return _not_found(request)
        response = FileResponse(handle, content_type="image/jpeg")
        response["Content-Disposition"] = "inline"
        return _headers(response)

    return exemplar_photo


exemplar_photo = _photo(small=False)
exemplar_photo_small = _photo(small=True)


@xframe_options_exempt
@_public
def exemplar_embed(request, agency):
    """A small list for an iframe on the Board's website: the newest stories (`?so=N`, at most 20), links opening
    in a new window. Framed only by the origins in settings.EXEMPLARS_EMBED_ORIGINS (and this site)."""
    try:
        count = max(1, min(EMBED_MAX, int(request.GET.get("so", EMBED_DEFAULT))))
    except (TypeError, ValueError):
        count = EMBED_DEFAULT
    exemplars = list(selectors.exemplars_published(agency=agency)[:count])
    response = render(request, "workflows/exemplars/public/embed.html", {"agency": agency, "exemplars": exemplars})
    origins = list(getattr(settings, "EXEMPLARS_EMBED_ORIGINS", []))
    if not origins:
        response["X-Frame-Options"] = "SAMEORIGIN"
    # With origins named, X-Frame-Options (which cannot name them) is left out; browsers follow frame-ancestors.
    return _headers(response, frame_ancestors=" ".join(["'self'", *origins]))


class ExemplarFeed(Feed):
    """Atom feed of an agency's published stories. Titles and texts are escaped for the feed readers that show
    them as HTML: a script typed into a story is text there too."""

    feed_type = Atom1Feed

    def get_object(self, request, agency):
        return self._agency

    def title(self, agency):
        return _("Gương điển hình tiên tiến — %(agency)s") % {"agency": agency.name}

    def subtitle(self, agency):
        return _("Những gương điển hình tiên tiến trong phong trào thi đua của %(agency)s.") % {"agency": agency.name}

    def link(self, agency):
        return reverse("exemplars_public:list", kwargs={"agency": agency.code})

    def feed_url(self, agency):
        return reverse("exemplars_public:feed", kwargs={"agency": agency.code})

    def author_name(self, agency):
        return agency.name

    def items(self, agency):
        return list(selectors.exemplars_published(agency=agency)[:FEED_SIZE])

    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        parts = [item.basis, item.body] if item.basis else [item.body]
        return linebreaks("\n\n".join(parts), autoescape=True)

    def item_link(self, item):
        return reverse("exemplars_public:detail", kwargs={"agency": self._agency.code, "slug": item.slug})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [str(item.year)] + ([item.unit.name] if item.unit_id else [])


def exemplar_feed(request, agency):
    found = selectors.agency_public(agency)
    if found is None:
        return _not_found(request)
    feed = ExemplarFeed()
    feed._agency = found
    with agency_scope(found):
        return _headers(feed(request, agency=agency))


exemplar_feed = login_not_required(require_safe(exemplar_feed))

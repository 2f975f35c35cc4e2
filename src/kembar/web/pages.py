"""Server-rendered pages (Jinja2). Each handler gathers data with the package's plain
functions and renders one template; language and formatting come from i18n.

This module holds the read-only pages of the atlas (home, search, countries, network)
and gathers the routers of the registry's pages, which come first so that their fixed
paths (/partnerships/new) are matched before the paths with an id:

    pages_partnership  a partnership, recording a new one, editing it, moving its stage
    pages_records      its instruments and their documents
    pages_activities   its activities, and contacts of partnerships and places
    pages_place        a place, its profile and contacts
    pages_history      the history tabs and reverting a change
    pages_review       the review queue of proposals read in the news
    pages_lifecycle    the faceted list, My partnerships, a country's dashboard
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from kembar.bilateral import country_view, pair_view
from kembar.errors import AmbiguousPlace, PlaceNotFound
from kembar.lifecycle.facets import Filters
from kembar.network import network
from kembar.places import find_place, search_places, suggested_places
from kembar.schemas import PlaceSummary
from kembar.stats import compute_stats, region_partnerships
from kembar.web import (
    pages_activities,
    pages_history,
    pages_lifecycle,
    pages_partnership,
    pages_place,
    pages_records,
    pages_review,
)
from kembar.web.charts import bar_chart, heat_class, indicator_charts
from kembar.web.deps import SessionDep
from kembar.web.facet_view import FiltersDep, PageNumber, panel
from kembar.web.render import render, see_other, translator

__all__ = ["render", "router"]

router = APIRouter(include_in_schema=False)
for _module in (
    pages_partnership,
    pages_records,
    pages_activities,
    pages_place,
    pages_history,
    pages_review,
    pages_lifecycle,
):
    router.include_router(_module.router)

CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, f: FiltersDep) -> Response:
    """The map of every partnership, narrowed by the same facets as the lists."""
    settings = request.app.state.settings
    view = panel(session, settings, request.state.lang, "/", f, with_items=False)
    return render(request, "home.html", {"stats": compute_stats(session, top=12), "panel": view})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, session: SessionDep, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """The place or country a query names, else the places it starts, else those spelled
    closest; nothing typed is a prompt, not an error."""
    q = q.strip()
    if not q:
        return render(request, "search.html", {"q": "", "found": [], "closest": []})
    try:
        place = find_place(session, q)
    except (PlaceNotFound, AmbiguousPlace):
        pass
    else:
        # a country's row in the atlas is not a partner of anyone: its page is the country's
        if place.kind == "country":
            return see_other(f"/countries/{place.country_code}")
        return see_other(f"/places/{place.id}")
    found = [PlaceSummary.of(p) for p in search_places(session, q, limit=50)]
    closest = [] if found else [PlaceSummary.of(p) for p in suggested_places(session, q)]
    regions = {p.admin_code for p in found if p.kind == "province" and p.admin_code}
    within = region_partnerships(session, regions)
    return render(request, "search.html", {"q": q, "found": found, "closest": closest, "within": within})


@router.get("/countries/{cc}", response_class=HTMLResponse)
def country_page(request: Request, session: SessionDep, cc: CountryCode) -> Response:
    view = country_view(session, cc)
    charts = indicator_charts(view.indicators, translator(request))
    return render(request, "country.html", {"v": view, "charts": charts})


@router.get("/countries/{cc}/{cc2}", response_class=HTMLResponse)
def pair_page(
    request: Request,
    session: SessionDep,
    cc: CountryCode,
    cc2: CountryCode,
    f: FiltersDep,
    page: PageNumber = 1,
) -> Response:
    """Two countries' partnerships, faceted and paged, their activities and figures."""
    view = pair_view(session, cc, cc2, limit=1)
    charts = indicator_charts(view.indicators, translator(request))
    fixed = Filters(country=view.a.code, partner_country=view.b.code)
    path = f"/countries/{view.a.code}/{view.b.code}"
    listing = panel(session, request.app.state.settings, request.state.lang, path, f, page, fixed)
    return render(request, "pair.html", {"v": view, "charts": charts, "panel": listing, "path": path})


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, session: SessionDep) -> Response:
    net = network(session)
    top = max((v for row in net.matrix for v in row), default=0)
    heat = [[(v, heat_class(v, top)) for v in row] for row in net.matrix]
    t = translator(request)
    dist = bar_chart([(label, n, t.num(n)) for label, n in net.distribution], width=640, height=240)
    return render(request, "network.html", {"net": net, "heat": heat, "dist": dist})

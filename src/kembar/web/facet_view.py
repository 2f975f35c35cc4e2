"""Facets on the pages: the filters of the query string (the same names as
GET /api/v1/partnerships), and what a list page draws from a faceted selection: each
facet's values with their counts and a link that adds or removes that filter, the
filters in force with a link removing each, the pages of the list, and the export and
map addresses carrying the same filters.

The selection itself is the library's (kembar.lifecycle.facets); this module only turns
it into links.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.lifecycle import facets
from kembar.lifecycle.schemas import FacetLabels, PartnershipItem, partnership_items

PER_PAGE = 50
SHOWN = 10  # values of a facet shown before "more"


def filters(
    kind: Annotated[str | None, Query(max_length=40)] = None,
    stage: Annotated[str | None, Query(max_length=40, description="a stage, or none")] = None,
    status: Annotated[
        str | None,
        Query(
            max_length=40,
            description="active, quiet, dormant, never_implemented, ended, unknown (expiring and "
            "expired: the older spelling of validity)",
        ),
    ] = None,
    validity: Annotated[
        str | None, Query(max_length=40, description="expiring or expired: of an instrument")
    ] = None,
    within_days: Annotated[int | None, Query(ge=1, le=3650, description="for validity=expiring")] = None,
    field: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=2, description="a party in this country")] = None,
    partner_country: Annotated[
        str | None, Query(max_length=2, description="the other party, with country")
    ] = None,
    region: Annotated[
        str | None, Query(max_length=12, description="a party in this ISO 3166-2 region")
    ] = None,
    decade: Annotated[int | None, Query(description="of the first date, e.g. 1990")] = None,
    place: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="place id")] = None,
) -> facets.Filters:
    """The facet filters of the query string, checked against the vocabulary (422)."""
    return facets.Filters(
        kind=kind,
        stage=stage,
        status=status,
        validity=validity,
        within_days=within_days,
        field=field,
        country=country,
        partner_country=partner_country,
        region=region,
        decade=decade,
        place=place,
    ).check()


FiltersDep = Annotated[facets.Filters, Depends(filters)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]


def query(values: dict[str, str]) -> str:
    """A query string, "" when empty, keys sorted so that a link has one spelling."""
    return ("?" + urlencode(sorted(values.items()))) if values else ""


@dataclass(frozen=True)
class Link:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass(frozen=True)
class Group:
    name: str
    links: list[Link]
    more: list[Link]  # drawn folded


@dataclass(frozen=True)
class Active:
    name: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass
class Pager:
    total: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int
    prev_url: str | None = None
    next_url: str | None = None
    pages: list[PageLink | None] = field(default_factory=list)  # None: a gap


@dataclass
class Panel:
    """What a faceted list page draws."""

    groups: list[Group]
    active: list[Active]
    pager: Pager
    items: list[PartnershipItem]
    given: dict[str, str]  # the filters in force, by name (the page's own included)
    xlsx_url: str
    csv_url: str
    map_url: str  # the map's data
    list_url: str  # the list page
    home_url: str  # the home page's map


def _pager(path: str, keep: dict[str, str], total: int, page: int) -> Pager:
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)

    def url(n: int) -> str:
        return path + query({**keep, **({"page": str(n)} if n > 1 else {})})

    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[PageLink | None] = []
    for n in shown:
        if numbers and numbers[-1] is not None and n > numbers[-1].number + 1:
            numbers.append(None)
        numbers.append(PageLink(n, url(n), n == page))
    first = (page - 1) * PER_PAGE + 1 if total else 0
    return Pager(
        total=total,
        first=first,
        last=min(total, page * PER_PAGE),
        prev_url=url(page - 1) if page > 1 else None,
        next_url=url(page + 1) if page < pages else None,
        pages=numbers if pages > 1 else [],
    )


def panel(
    session: Session,
    settings: Settings,
    lang: str,
    path: str,
    chosen: facets.Filters,
    page: int = 1,
    fixed: facets.Filters | None = None,
    found: facets.Evaluated | None = None,
    with_items: bool = True,
) -> Panel:
    """The facets, filters in force, page of items and addresses of a list page at `path`.

    `chosen` are the filters of the query string; `fixed` those the page itself stands
    for (a place, a region, a pair of countries): applied, not offered for removal, not
    repeated in the page's links. `found` is given when the caller selected already (the
    dashboard orders its own rows and draws them itself: `with_items=False`)."""
    fixed = fixed or facets.Filters()
    mine = chosen.given()
    merged = replace(chosen, **{k: v for k, v in vars(fixed).items() if v is not None})
    found = found or facets.evaluate(session, settings, merged)
    label = FacetLabels(session, lang)
    pager = _pager(path, mine, len(found.ids), page)
    groups = _groups(path, found.counts, merged, fixed, mine, label)
    active = _active(path, mine, label)
    shown = found.ids[pager.first - 1 : pager.last]
    items = partnership_items(session, settings, shown, lang) if found.ids and with_items else []
    everything = merged.given()
    return Panel(
        groups=groups,
        active=active,
        pager=pager,
        items=items,
        given=everything,
        xlsx_url="/api/v1/exports/xlsx" + query({**everything, "lang": lang}),
        csv_url="/api/v1/exports/csv" + query({**everything, "excel": "id" if lang == "id" else "en"}),
        map_url="/api/v1/map" + query(everything),
        list_url="/partnerships" + query(everything),
        home_url="/" + query(everything),
    )


def _active(path: str, mine: dict[str, str], label: FacetLabels) -> list[Active]:
    """The filters of the query string in force, each with a link that removes it."""
    return [
        Active(name, label(name, value), path + query({k: v for k, v in mine.items() if k != name}))
        for name, value in mine.items()
    ]


def _groups(
    path: str,
    counts: dict[str, list[tuple[str, int]]],
    merged: facets.Filters,
    fixed: facets.Filters,
    mine: dict[str, str],
    label: FacetLabels,
) -> list[Group]:
    """Each facet's values with their counts and a link choosing or removing each; the
    facets the page stands for (`fixed`) are not offered."""
    groups = []
    for facet in facets.FACETS:
        # With a country chosen, the country facet counts partners' countries.
        name = "partner_country" if facet == "country" and merged.country else facet
        if name in fixed.given():
            continue
        chosen_value = merged.given().get(name)
        links = [
            Link(v, label(name, v), n, path + query(_toggle(mine, name, v)), chosen_value == v)
            for v, n in counts.get(facet, [])
        ]
        if links:
            groups.append(Group(name, links[:SHOWN], links[SHOWN:]))
    return groups


def _toggle(current: dict[str, str], name: str, value: str) -> dict[str, str]:
    """The filters with this value chosen, or removed when it was the chosen one; choosing
    another country clears the partner country, which is relative to it."""
    out = {k: v for k, v in current.items() if k != name}
    if current.get(name) != value:
        out[name] = value
    if name == "country":
        out.pop("partner_country", None)
    return out

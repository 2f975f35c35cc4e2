"""The JSON API under /api/v1: thin handlers over the plain functions of the package."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from kembar.bilateral import country_view, pair_view
from kembar.db.models import Place
from kembar.export import export
from kembar.i18n import Translator
from kembar.lifecycle.facets import Filters, matching_ids
from kembar.network import map_payload, map_subset, network
from kembar.partnerships import get_partnership, partnership_detail
from kembar.places import choice_label, get_place, profile_json, search_places
from kembar.schemas import CountryView, PairView, PartnershipDetail, PlaceProfile, PlaceSummary, Stats
from kembar.seeking import SeekingOut
from kembar.stats import compute_stats
from kembar.web.api_common import errors, etag, respond
from kembar.web.deps import ActorDep, SessionDep
from kembar.web.facet_view import FiltersDep

router = APIRouter(prefix="/api/v1", tags=["api"])
CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. ID")]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class PlaceOption(PlaceSummary):
    """A place as search and autocomplete offer it, with the words that tell namesakes
    apart in the reader's language (?lang= or the lang cookie)."""

    label: str


class PlaceList(BaseModel):
    items: list[PlaceOption]


def _options(request: Request, found: Iterable[Place]) -> PlaceList:
    t = Translator(request.state.lang)
    return PlaceList(
        items=[PlaceOption(**PlaceSummary.of(p).model_dump(), label=choice_label(p, t)) for p in found]
    )


def _json(model: BaseModel) -> Response:
    """The model serialised once by pydantic-core (the response_model still documents it)."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get("/stats", response_model=Stats)
def stats(session: SessionDep) -> Response:
    """The same figures as `kembar stats --json`."""
    return _json(compute_stats(session))


@router.get("/places", response_model=PlaceList, responses=errors(422))
def places(
    request: Request,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200, description="Any name, accents and case ignored")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Search and autocomplete; without `q`, the most partnered places. Each has a `label`
    telling namesakes apart ("Kochi, Kochi (JP) · city"), in the language of ?lang=."""
    if q is None or not q.strip():
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        stmt = select(Place).where(Place.partner_count > 0).options(selectinload(Place.tags))
        if country:
            stmt = stmt.where(Place.country_code == country.upper())
        top = session.scalars(stmt.order_by(Place.partner_count.desc(), Place.id).limit(limit))
        return _json(_options(request, top))
    return _json(_options(request, search_places(session, q, country, limit)))


@router.get("/places/{place_id}", response_model=PlaceProfile, responses=errors(404, 422))
def place(session: SessionDep, actor: ActorDep, place_id: Id) -> Response:
    """A place's profile and its partners (partnership id, kind, stage, dates), with its
    seeking-partners profile (the contact for signed-in readers). The ETag header names
    the profile's version: send it as If-Match to PATCH the profile."""
    version, body = profile_json(session, place_id, signed_in=actor is not None)
    return Response(body, media_type="application/json", headers={"ETag": etag("place", place_id, version)})


@router.get(
    "/partnerships/{partnership_id}", response_model=PartnershipDetail, responses=errors(401, 404, 422)
)
def partnership(session: SessionDep, actor: ActorDep, partnership_id: Id) -> Response:
    """Both parties, the stage track and its steps, instruments, activities, fields,
    indicators and evidence with sources; the contacts for signed-in readers. The ETag
    header names the partnership's version: send it as If-Match to PATCH it."""
    detail = partnership_detail(session, get_partnership(session, partnership_id), actor)
    return respond(detail, tag=etag("partnership", partnership_id, detail.version))


@router.get("/countries/{cc}", response_model=CountryView, responses=errors(404, 422))
def country(session: SessionDep, cc: CountryCode) -> Response:
    return _json(country_view(session, cc))


@router.get("/countries/{cc}/{cc2}", response_model=PairView, responses=errors(404, 422))
def country_pair(
    session: SessionDep,
    cc: CountryCode,
    cc2: CountryCode,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """The bilateral view: subnational partnerships, activities on a timeline, indicators."""
    return _json(pair_view(session, cc, cc2, limit, offset))


@router.get(
    "/map",
    responses={
        200: {"description": "MapData: places as rows, edges as index pairs (see schema)"},
        422: {"description": "a filter value not in the vocabulary, named in `detail`"},
    },
)
def map_(session: SessionDep, request: Request, f: FiltersDep) -> Response:
    """Every partnership as a compact edge with coordinates (gzip, cached per data version);
    with the filters of /api/v1/partnerships, only those matching them."""
    if f == Filters():
        version, raw, packed = map_payload(session)
        tag = f'"map-{version}"'
    else:
        ids = set(matching_ids(session, request.app.state.settings, f))
        data = map_subset(session, ids)
        raw = data.model_dump_json().encode()
        packed = gzip.compress(raw, compresslevel=4)
        digest = hashlib.sha256(repr(sorted(f.given().items())).encode()).hexdigest()[:16]
        tag = f'"map-{data.version}-{digest}-{date.today().isoformat()}"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="application/json", headers=headers)
    return Response(raw, media_type="application/json", headers=headers)


@router.get("/network")
def network_(session: SessionDep) -> dict[str, object]:
    """Places ranked by partners and by PageRank, the country matrix, the degree distribution."""
    net = network(session)
    return {
        "places": net.places,
        "partnerships": net.partnerships,
        "by_partners": [vars(r) for r in net.by_partners],
        "by_centrality": [vars(r) for r in net.by_centrality],
        "matrix": {"countries": net.matrix_countries, "counts": net.matrix},
        "distribution": [{"partners": label, "places": n} for label, n in net.distribution],
    }


MEDIA = {"csv": "text/csv", "geojson": "application/geo+json", "json": "application/json"}


@router.get("/exports/{fmt}", responses=errors(422))
def exports(session: SessionDep, fmt: Literal["csv", "geojson", "json"]) -> Response:
    """Every partnership with both places' coordinates, as a file to download."""
    body = export(session, fmt)
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="kembar-partnerships.{fmt}"'},
    )


class SeekingList(BaseModel):
    items: list[SeekingOut]


@router.get("/seeking", response_model=SeekingList, responses=errors(422))
def seeking_list(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    country: Annotated[str | None, Query(description="The seeking place's country (ISO code).")] = None,
    region: Annotated[str | None, Query(description="Its world region (AF, AS, EU, NA, SA, OC).")] = None,
    field: Annotated[str | None, Query(description="A field it seeks or offers.")] = None,
    level: Annotated[str | None, Query(description="regional or local.")] = None,
    seeks: Annotated[str | None, Query(description="A country it would partner with.")] = None,
) -> Response:
    """Places seeking partners (a statement, or countries, regions, size or characteristics
    sought, or fields offered), each with its mutual matches explained; the contact for
    signed-in readers. A filter value outside the vocabulary is a 422 naming it."""
    from kembar.seeking import SeekingFilter, listing

    flt = SeekingFilter(country=country, region=region, field=field, level=level, seeks=seeks)
    items = listing(session, flt, request.state.lang, signed_in=actor is not None)
    return _json(SeekingList(items=items))


class Recommendations(BaseModel):
    place: int
    # "ready", or "updating" while the first recommender of this registry is being built
    status: Literal["ready", "updating"]
    priorities: list[dict[str, str]]
    candidates: list[dict[str, object]]


@router.get("/places/{place_id}/recommendations", response_model=Recommendations, responses=errors(404, 422))
def recommendations(
    request: Request,
    session: SessionDep,
    place_id: Id,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    field: Annotated[list[str] | None, Query(description="Fields of cooperation to favour.")] = None,
    in_country: Annotated[
        str | None, Query(description="Only candidates in this country (ISO code).")
    ] = None,
    any_level: Annotated[bool, Query(description="Also places of another level of government.")] = False,
    any_country: Annotated[bool, Query(description="Ignore the partner-country rules.")] = False,
    unlocated: Annotated[bool, Query(description="Also places without coordinates or country.")] = False,
) -> Response:
    """Suggested partners for a place, best first, each with up to three reasons (in the
    interface language), and the priorities the place declares. Never waits for the
    ranker to be trained: before a first one exists, `status` is "updating"."""
    from kembar.i18n import Translator
    from kembar.recommend.policy import RuleOptions
    from kembar.recommend.service import priorities, recommend

    place = get_place(session, place_id)
    lang = request.state.lang
    t = Translator(lang)
    declared = [{"key": key, "label": t.label("field", key)} for key in priorities(session, place)]
    rec = request.app.state.keeper.current()
    if rec is None:
        return _json(Recommendations(place=place_id, status="updating", priorities=declared, candidates=[]))
    options = RuleOptions(any_level=any_level, any_country=any_country, unlocated=unlocated)
    found = recommend(session, rec, place, k, field, in_country, lang, options)
    return _json(Recommendations(place=place_id, status="ready", priorities=declared, candidates=found))

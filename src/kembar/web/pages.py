"""Server-rendered pages (Jinja2). Each handler gathers data with the package's plain
functions and renders one template; language and formatting come from i18n."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import or_, select

from kembar import __version__
from kembar.bilateral import country_view, pair_view
from kembar.db.models import Partnership
from kembar.errors import AmbiguousPlace, PlaceNotFound
from kembar.i18n import Translator
from kembar.network import network
from kembar.partnerships import evidence_for, get_partnership, partnership_detail
from kembar.places import find_place, get_place, place_profile, search_places
from kembar.schemas import IndicatorOut, PlaceSummary
from kembar.stats import compute_stats
from kembar.web import security
from kembar.web.charts import bar_chart, heat_class
from kembar.web.deps import SessionDep, page_account

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=FilePath(__file__).parent / "templates")
templates.env.globals["csrf_field"] = security.csrf_field
CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    lang = getattr(request.state, "lang", "en")
    query = dict(request.query_params)
    query.pop("lang", None)
    other = "en" if lang == "id" else "id"
    switch = request.url.path + "?" + "&".join(f"{k}={v}" for k, v in {**query, "lang": other}.items())
    account = page_account(request)
    base = {
        "t": Translator(lang),
        "lang": lang,
        "switch_url": switch,
        "version": __version__,
        "account": account,
        "csrf_token": security.csrf_token(request) if account else None,
    }
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
    security.apply_cookies(request, response)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> Response:
    return render(request, "home.html", {"stats": compute_stats(session, top=12)})


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, session: SessionDep, q: Annotated[str, Query(min_length=1, max_length=200)]
) -> Response:
    try:
        place = find_place(session, q)
        return RedirectResponse(f"/places/{place.id}", status_code=303)
    except (PlaceNotFound, AmbiguousPlace):
        pass
    found = [PlaceSummary.of(p) for p in search_places(session, q, limit=50)]
    return render(request, "search.html", {"q": q, "found": found})


def _timeline(detail_items: list[tuple[str | None, str, Any, int]]) -> list[dict[str, Any]]:
    return sorted(
        (
            {"date": date, "what": what, "item": item, "partnership_id": pid}
            for date, what, item, pid in detail_items
            if date
        ),
        key=lambda e: e["date"],
        reverse=True,
    )


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place_page(request: Request, session: SessionDep, place_id: Id) -> Response:
    place = get_place(session, place_id)
    profile = place_profile(session, place)
    partnerships = session.scalars(
        select(Partnership).where(or_(Partnership.place_a_id == place.id, Partnership.place_b_id == place.id))
    ).all()
    events: list[tuple[str | None, str, Any, int]] = []
    subjects: list[tuple[str, int]] = []
    for p in partnerships:
        other = p.place_b if p.place_a_id == place.id else p.place_a
        subjects.append(("partnership", p.id))
        for ins in p.instruments:
            events.append((ins.signed_on, "instrument", (ins, other), p.id))
            subjects.append(("instrument", ins.id))
        for act in p.activities:
            events.append((act.date, "activity", (act, other), p.id))
    evidence = evidence_for(session, subjects)
    sources: dict[int, Any] = {}
    for e in evidence:
        sources.setdefault(e.source.id, e.source)
    partners_js = [
        [p.place.lat, p.place.lon, p.place.name, p.place.id]
        for p in profile.partners
        if p.place.lat is not None and p.place.lon is not None
    ]
    return render(
        request,
        "place.html",
        {
            "p": profile,
            "timeline": _timeline(events),
            "sources": list(sources.values()),
            "partners_js": partners_js,
        },
    )


@router.get("/partnerships/{partnership_id}", response_class=HTMLResponse)
def partnership_page(request: Request, session: SessionDep, partnership_id: Id) -> Response:
    detail = partnership_detail(session, get_partnership(session, partnership_id))
    return render(
        request, "partnership.html", {"d": detail, "charts": _indicator_charts(detail.indicators, request)}
    )


def _indicator_charts(indicators: list[IndicatorOut], request: Request) -> list[dict[str, Any]]:
    t = Translator(getattr(request.state, "lang", "en"))
    groups: dict[tuple[str, str | None, str | None], list[IndicatorOut]] = defaultdict(list)
    for ind in indicators:
        groups[(ind.name, ind.unit, ind.currency)].append(ind)
    charts = []
    for (name, unit, currency), items in groups.items():
        items.sort(key=lambda i: i.period_start or i.period_label or "")
        points = [
            (
                i.period_label or i.period_start or "?",
                i.value,
                f"{t.num(i.value, 1 if i.value % 1 else 0)} {currency or unit or ''}".strip(),
            )
            for i in items
        ]
        charts.append({"name": name, "unit": currency or unit, "chart": bar_chart(points)})
    return charts


@router.get("/countries/{cc}", response_class=HTMLResponse)
def country_page(request: Request, session: SessionDep, cc: CountryCode) -> Response:
    view = country_view(session, cc)
    return render(request, "country.html", {"v": view, "charts": _indicator_charts(view.indicators, request)})


@router.get("/countries/{cc}/{cc2}", response_class=HTMLResponse)
def pair_page(request: Request, session: SessionDep, cc: CountryCode, cc2: CountryCode) -> Response:
    view = pair_view(session, cc, cc2, limit=1000)
    return render(request, "pair.html", {"v": view, "charts": _indicator_charts(view.indicators, request)})


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, session: SessionDep) -> Response:
    net = network(session)
    top = max((v for row in net.matrix for v in row), default=0)
    heat = [[(v, heat_class(v, top)) for v in row] for row in net.matrix]
    t = Translator(getattr(request.state, "lang", "en"))
    dist = bar_chart([(label, n, t.num(n)) for label, n in net.distribution], width=640, height=240)
    return render(request, "network.html", {"net": net, "heat": heat, "dist": dist})


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    session: SessionDep,
    status: Annotated[str, Query(pattern="^(pending|accepted|rejected|all)$")] = "pending",
) -> Response:
    from kembar.ingest.queue import list_proposals

    return render(
        request, "review.html", {"proposals": list_proposals(session, status, 500), "status": status}
    )


@router.get("/review/{proposal_id}", response_class=HTMLResponse)
def proposal_page(request: Request, session: SessionDep, proposal_id: Id) -> Response:
    from kembar.extract.model import evidence_spans
    from kembar.ingest.queue import get_proposal, payload

    proposal = get_proposal(session, proposal_id)
    item = payload(proposal)
    spans = [(span.start, span.end) for span in evidence_spans(item)]
    return render(
        request,
        "proposal.html",
        {"p": proposal, "item": item, "pieces": highlight(proposal.source.text or "", spans)},
    )


def highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The source text cut into (piece, is_evidence) so the template can mark the spans
    while escaping every piece."""
    marks = sorted((max(0, start), min(len(text), end)) for start, end in spans)
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in marks:
        if start < pos:
            start = pos
        if start >= end:
            continue
        out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    out.append((text[pos:], False))
    return [piece for piece in out if piece[0]]

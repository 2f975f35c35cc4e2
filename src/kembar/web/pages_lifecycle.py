"""Pages of partnerships over their life: the faceted list of every partnership, the
signed-in user's "My partnerships" dashboard (with the reminders' notices), and a
country's dashboard (provinces by stage, expiring this year, dormant, signed this year,
partner countries). Handlers parse, call kembar.lifecycle, and render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kembar import users
from kembar.config import Settings
from kembar.i18n import Translator
from kembar.lifecycle import dashboards, facets
from kembar.lifecycle.notices import notices_for
from kembar.lifecycle.schemas import CountryDashboardOut, DashboardItem, partnership_items
from kembar.lifecycle.status import explain
from kembar.web.charts import hbar_chart
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.facet_view import PER_PAGE, FiltersDep, PageNumber, panel, query
from kembar.web.render import REVIEWER_ROLES, render, translator

router = APIRouter(include_in_schema=False)
CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]
SHOWN = 20  # rows of a dashboard's section before "all N in the list"


@router.get("/partnerships", response_class=HTMLResponse)
def partnership_list(request: Request, session: SessionDep, f: FiltersDep, page: PageNumber = 1) -> Response:
    """Every partnership, narrowed by facets, 50 a page."""
    settings = request.app.state.settings
    view = panel(session, settings, request.state.lang, "/partnerships", f, page)
    return render(request, "partnerships.html", {"panel": view})


@router.get("/dashboard", response_class=HTMLResponse)
def my_dashboard(
    request: Request, session: SessionDep, actor: SignedInDep, f: FiltersDep, page: PageNumber = 1
) -> Response:
    """The partnerships of the signed-in user's scope, those needing attention first, and
    the notices the reminders mail."""
    settings = request.app.state.settings
    lang = request.state.lang
    offset = (page - 1) * PER_PAGE
    mine = dashboards.my_partnerships(session, settings, actor, PER_PAGE, offset, filters=f)
    if offset and offset >= mine.total:  # past the end: the last page, as the lists do
        offset = max(0, (mine.total - 1) // PER_PAGE * PER_PAGE)
        mine = dashboards.my_partnerships(session, settings, actor, PER_PAGE, offset, filters=f)
    found = facets.Evaluated(mine.ids, mine.counts)
    view = panel(session, settings, lang, "/dashboard", f, page, found=found, with_items=False)
    # The downloads and the map keep to the scope.
    view.xlsx_url = "/api/v1/exports/xlsx" + query({**f.given(), "mine": "1", "lang": lang})
    view.csv_url = "/api/v1/exports/csv" + query({**f.given(), "mine": "1", "excel": lang})
    context = {
        "panel": view,
        "mine": mine,
        "rows": [DashboardItem.of_row(r, lang) for r in mine.rows],
        "last": {r.partnership.id: r.last_activity for r in mine.rows},
        "undated": {r.partnership.id: r.undated_activities for r in mine.rows},
        "notices": _notices(session, settings, actor.email, translator(request)),
        "can_review": actor.role in REVIEWER_ROLES,
    }
    return render(request, "dashboard.html", context)


def _notices(session: Session, settings: Settings, email: str, t: Translator) -> list[tuple[int, str]]:
    """The reminders' notices as (partnership id, sentence)."""
    out = []
    for n in notices_for(session, settings, users.get_user(session, email)):
        a, b = n.parties[0].name, n.parties[1].name
        if n.kind == "expiring":
            sentence = t(
                "mine.expires",
                instrument=t.label("instrument", n.instrument_type),
                a=a,
                b=b,
                date=t.when(n.valid_until),
                days=t.num(n.days_left),
            )
        else:
            reason = explain(n.reason, t.lang) if n.reason else ""
            sentence = t("mine.turned_dormant", a=a, b=b, reason=reason)
        out.append((n.partnership_id, sentence))
    return out


@router.get("/countries/{cc}/dashboard", response_class=HTMLResponse)
def country_dashboard(request: Request, session: SessionDep, cc: CountryCode) -> Response:
    """A country's partnerships over their life, with pictures where they help."""
    settings = request.app.state.settings
    lang = request.state.lang
    t = translator(request)
    board = dashboards.country_dashboard(session, settings, cc)
    out = CountryDashboardOut.of(board, lang)
    code = out.country
    used = [s for s in board.stages if any(stages.get(s) for _, _, stages, _ in board.provinces)]
    stage_totals = [(s, sum(stages.get(s, 0) for _, _, stages, _ in board.provinces)) for s in used]
    in_list = f"/partnerships?country={code}"
    stage_chart = hbar_chart(
        [(_stage_label(t, s), n, t.num(n), f"{in_list}&stage={s}") for s, n in stage_totals]
    )
    partner_chart = hbar_chart(
        [
            (v.label, v.count, t.num(v.count), f"{in_list}&partner_country={v.value}")
            for v in out.partner_countries[:15]
        ]
    )
    shown = _labelled(session, settings, lang, out)
    context: dict[str, Any] = {
        "b": out,
        "stages": used,
        "stage_labels": {s: _stage_label(t, s) for s in used},
        "province_ids": dashboards.province_places(session, code),
        "stage_chart": stage_chart,
        "partner_chart": partner_chart,
        "shown": shown,
        "in_list": in_list,
        "SHOWN": SHOWN,
        "soon_until": t.when((date.today() + timedelta(days=out.expiring_days)).isoformat()),
    }
    return render(request, "country_dashboard.html", context)


def _stage_label(t: Translator, stage: str) -> str:
    return t("stage.none") if stage == facets.NO_STAGE else t.label("stage", stage)


def _labelled(session: Session, settings: Settings, lang: str, out: CountryDashboardOut) -> dict[int, Any]:
    """The list items of the partnerships the dashboard's sections show, by id."""
    wanted = {
        *(e.partnership_id for e in out.expiring_soon[:SHOWN]),
        *(e.partnership_id for e in out.expiring_this_year[:SHOWN]),
        *out.dormant[:SHOWN],
        *out.signed_this_year[:SHOWN],
    }
    return {item.id: item for item in partnership_items(session, settings, sorted(wanted), lang)}

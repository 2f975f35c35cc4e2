"""A partnership's page, and its forms: recording a new partnership (an existing pair is
found and shown, not duplicated), editing its kind, note and fields, moving it through
the stages of the procedure, and removing it with a reason.

Everyone reads the page; the forms are drawn for those who may edit the partnership
(kembar.permissions), and every write is checked again by the library."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kembar import messages, vocab
from kembar.db.models import Partnership, Place
from kembar.errors import PermissionDenied
from kembar.i18n import Translator
from kembar.lifecycle import dashboards
from kembar.lifecycle.schemas import DashboardItem
from kembar.partnerships import get_partnership, partnership_detail
from kembar.permissions import can_edit_places
from kembar.registry import partnerships
from kembar.registry.schemas import PartnershipCreate, PartnershipUpdate, Removal, StageMove
from kembar.web.charts import indicator_charts
from kembar.web.deps import ActorDep, SessionDep, SignedInDep
from kembar.web.forms import FormDep, FormErrors, FormState, build, submit, text, values_of, version
from kembar.web.history_view import said
from kembar.web.pages_common import (
    Id,
    display_names,
    form_page,
    partnership_label,
    pick_place,
    place_label,
    require_writer,
)
from kembar.web.render import render, see_other, translator

router = APIRouter(include_in_schema=False)
STAGES = list(vocab.STAGES)


# --- recording a new partnership --------------------------------------------------------


@router.get("/partnerships/new", response_class=HTMLResponse)
def new_partnership(
    request: Request,
    session: SessionDep,
    actor: SignedInDep,
    a: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The form; `?a=ID` fills in the first place (from a place's page)."""
    require_writer(actor)
    state = FormState({"kind": "sister_city", "stage": "exploration"})
    place = session.get(Place, a) if a else None
    if place is not None:
        state.values.update(place_a=str(place.id), place_a_text=place_label(place))
    return _new_page(request, state)


def _new_page(request: Request, state: FormState, status: int = 200, existing: Any = None) -> Response:
    t = translator(request)
    return form_page(
        request,
        "partnership_new",
        state,
        t("new.title"),
        "/",
        "/partnerships/new",
        status,
        existing=existing,
    )


@router.post("/partnerships/new", response_class=HTMLResponse)
def create_partnership(request: Request, session: SessionDep, actor: SignedInDep, form: FormDep) -> Response:
    t = translator(request)
    require_writer(actor)
    state = FormState(values_of(form))
    created = None
    try:
        with submit(session, state, t, known=("place_a", "place_b", "kind", "stage", "date", "note")) as done:
            data = _new_partnership(session, state, t)
            created = partnerships.create(session, actor, data)
    except PermissionDenied:
        state.problem = t("new.out_of_scope")
        return _new_page(request, state, 403)
    if done.status or created is None:
        return _new_page(request, state, done.status or 422)
    if not created.created:
        # Nothing was written: the pair is recorded already; the form says where.
        return _new_page(request, state, 200, existing=created.partnership)
    return see_other(f"/partnerships/{created.partnership.id}")


def _new_partnership(session: Session, state: FormState, t: Translator) -> PartnershipCreate:
    a = pick_place(session, state, "place_a", t)
    b = pick_place(session, state, "place_b", t)
    values = {k: text(state.values, k) for k in ("stage", "date", "note")}
    values["kind"] = text(state.values, "kind") or "sister_city"
    if not state.errors:
        return build(PartnershipCreate, {"place_a": a, "place_b": b, **values}, t)
    # A place still to be chosen: the other fields are checked all the same (with stand-in
    # places), so that the form says every problem at once, not one per submission.
    try:
        build(PartnershipCreate, {"place_a": a or 1, "place_b": b or 2, **values}, t)
    except FormErrors as exc:
        raise FormErrors({k: v for k, v in exc.errors.items() if k not in ("place_a", "place_b")}) from None
    raise FormErrors({})


# --- the page -----------------------------------------------------------------------------


def _edit_values(p: Partnership) -> dict[str, Any]:
    return {
        "version": str(p.version),
        "kind": p.kind,
        "note": p.note or "",
        "fields": sorted(f.field_key for f in p.fields),
    }


def next_stage(current: str | None) -> str:
    if current is None or current not in STAGES:
        return STAGES[0]
    return STAGES[min(STAGES.index(current) + 1, len(STAGES) - 1)]


@router.get("/partnerships/{partnership_id}", response_class=HTMLResponse)
def partnership_page(request: Request, session: SessionDep, actor: ActorDep, partnership_id: Id) -> Response:
    p = get_partnership(session, partnership_id)
    detail = partnership_detail(session, p, actor)
    can_edit = can_edit_places(session, actor, [p.place_a, p.place_b])
    t = translator(request)
    context: dict[str, Any] = {
        "d": detail,
        "notes": {s.id: said(messages.kept(s.note_key, s.note_params), s.note, t) for s in p.steps},
        "charts": indicator_charts(detail.indicators, t),
        "can_edit": can_edit,
        "authors": display_names(session, [s.author for s in detail.steps], actor),
        "life": DashboardItem.of_row(
            dashboards.partnership_life(session, request.app.state.settings, p.id), request.state.lang
        ),
    }
    if can_edit:
        context["fs"] = {
            "edit": FormState(_edit_values(p)),
            "stage": FormState({"version": str(p.version), "stage": next_stage(p.stage)}),
            "blank": FormState(),
            "instrument": FormState({"status": "signed"}),
            "activity": FormState({"status": "held"}),
        }
    return render(request, "partnership.html", context)


def _partnership_form(
    request: Request, p: Partnership, kind: str, state: FormState, status: int, title_key: str
) -> Response:
    t = translator(request)
    return form_page(
        request,
        kind,
        state,
        f"{t(title_key)}: {partnership_label(p)}",
        f"/partnerships/{p.id}",
        f"/partnerships/{p.id}/{kind.removeprefix('partnership_')}",
        status,
        current_stage=p.stage,
    )


# --- editing ------------------------------------------------------------------------------


def _changes(p: Partnership, state: FormState) -> dict[str, Any]:
    """Only what the form changes (a field left as it was is not sent)."""
    changes: dict[str, Any] = {}
    kind = text(state.values, "kind")
    if kind and kind != p.kind:
        changes["kind"] = kind
    note = text(state.values, "note")
    if note != (p.note or None):
        changes["note"] = note
    if "fields_sent" in state.values:
        fields = sorted(set(state.getlist("fields")))
        if fields != sorted(f.field_key for f in p.fields):
            changes["fields"] = fields
    return changes


@router.post("/partnerships/{partnership_id}/edit", response_class=HTMLResponse)
def edit_partnership(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    p = partnerships.editable(session, actor, partnership_id)
    state = FormState(values_of(form))
    shown: dict[str, str | None] = {"kind": "kind", "note": None}
    with submit(session, state, t, known=("kind", "note", "fields"), shown=shown) as done:
        data = build(PartnershipUpdate, _changes(p, state), t)
        partnerships.update(session, actor, p.id, data, version(state.values))
    if done.status:
        return _partnership_form(request, p, "partnership_edit", state, done.status, "edit.title")
    return see_other(f"/partnerships/{p.id}#details")


@router.post("/partnerships/{partnership_id}/stage", response_class=HTMLResponse)
def move_stage(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    p = partnerships.editable(session, actor, partnership_id)
    state = FormState(values_of(form))
    with submit(
        session, state, t, known=("stage", "date", "note", "reason"), shown={"stage": "stage"}
    ) as done:
        data = build(StageMove, {k: text(state.values, k) for k in ("stage", "date", "note", "reason")}, t)
        if partnerships.moves_back(p.stage, data.stage) and not data.reason:
            raise FormErrors(
                {
                    "reason": t(
                        "stage.reason_needed", now=t.label("stage", p.stage), to=t.label("stage", data.stage)
                    )
                }
            )
        partnerships.move_stage(session, actor, p.id, data, version(state.values))
    if done.status:
        return _partnership_form(request, p, "partnership_stage", state, done.status, "stage.title")
    return see_other(f"/partnerships/{p.id}#stage")


@router.post("/partnerships/{partnership_id}/remove", response_class=HTMLResponse)
def remove_partnership(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    p = partnerships.editable(session, actor, partnership_id)
    state = FormState(values_of(form))
    # After the removal, the history of a party the account keeps shows it (and its revert).
    target = p.place_a if can_edit_places(session, actor, [p.place_a]) else p.place_b
    with submit(session, state, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(state.values, "reason") or ""}, t)
        partnerships.remove(session, actor, p.id, data.reason)
    if done.status:
        return _partnership_form(request, p, "partnership_remove", state, done.status, "remove.partnership")
    return see_other(f"/places/{target.id}/history")

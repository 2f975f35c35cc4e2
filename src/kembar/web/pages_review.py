"""The review queue in the browser, for reviewers and admins only (pending proposals and
the full text of unreviewed articles are not public): the list, and each proposal with
its evidence marked in the article's text, the partnership accepting it would join, and
the forms to accept it (after correcting its kind, instrument, status, date and fields,
or the place a party stands for) or reject it. Each party is shown as the registry's place
it stands for (or as new); an activity with its details and its partnership, or the
partnership proposal to accept first. A decided proposal shows who decided it and when."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Activity, Proposal
from kembar.errors import AlreadyDecided
from kembar.extract.model import AmountFact, EventFact, PartnershipFact, evidence_spans
from kembar.i18n import Translator
from kembar.i18n_figures import figure_said
from kembar.ingest import queue
from kembar.ingest.merge import event_target, joins
from kembar.ingest.parties import parties
from kembar.permissions import Actor, require_review
from kembar.registry.schemas import Fields, InstrumentStatus, Kind, PartialDate, Strict
from kembar.web.deps import ActorDep, SessionDep
from kembar.web.forms import FormDep, FormErrors, FormState, build, submit, text, values_of
from kembar.web.history_view import who
from kembar.web.pages_common import Id, pick_place
from kembar.web.render import render, see_other, translator

router = APIRouter(include_in_schema=False)
EDITED = ("kind", "instrument", "status", "date")
PARTIES = {"a": "party_a", "b": "party_b"}  # a party of the proposal -> its picker


class ProposalEdit(Strict):
    """What a reviewer may correct in a partnership proposal before accepting it."""

    kind: Kind
    instrument: str
    status: InstrumentStatus
    date: PartialDate = None
    fields: Fields


def summary(proposal: Proposal, t: Translator) -> str:
    """What a proposal says, in the reader's words (the stored summary names codes)."""
    item = queue.payload(proposal)
    when = t.when(getattr(item, "date", None)) if getattr(item, "date", None) else None
    if isinstance(item, PartnershipFact):
        said = [
            t.label("kind", item.kind),
            t.label("instrument", item.instrument) if item.instrument != "unspecified" else None,
            t.label("status", item.status),
            when,
        ]
        parties = f"{item.a.name} ({item.a.country}) – {item.b.name} ({item.b.country})"
        return f"{parties}: " + ", ".join(filter(None, said))
    if isinstance(item, EventFact):
        planned = t("activity.status.planned").lower() if item.status == "planned" else None
        return ", ".join(filter(None, [t.label("activity", item.type), planned, when, item.place]))
    if isinstance(item, AmountFact):
        return figure_said(t, item)
    return proposal.summary


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    status: Annotated[str, Query(pattern="^(pending|accepted|rejected|all)$")] = "pending",
) -> Response:
    require_review(actor)
    proposals = queue.list_proposals(session, status, 500)
    t = translator(request)
    summaries = {p.id: summary(p, t) for p in proposals}
    return render(request, "review.html", {"proposals": proposals, "status": status, "summaries": summaries})


def highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The source text cut into (piece, is_evidence) so the template can mark the spans
    while escaping every piece."""
    marks = sorted((max(0, start), min(len(text), end)) for start, end in spans)
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in marks:
        start = max(start, pos)
        if start >= end:
            continue
        out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    out.append((text[pos:], False))
    return [piece for piece in out if piece[0]]


def _form_values(item: PartnershipFact) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "instrument": item.instrument,
        "status": item.status,
        "date": item.date or "",
        "fields": list(item.fields),
    }


def _proposal_page(
    request: Request,
    session: Session,
    actor: Actor,
    proposal: Proposal,
    state: FormState | None = None,
    status: int = 200,
) -> Response:
    t = translator(request)
    item = queue.payload(proposal)
    spans = [(span.start, span.end) for span in evidence_spans(item)]
    next_pending = session.scalar(
        select(Proposal.id)
        .where(Proposal.status == "pending", Proposal.id != proposal.id)
        .order_by(Proposal.id)
    )
    pending = proposal.status == "pending"
    context = {
        "p": proposal,
        "summary": summary(proposal, t),
        "item": item,
        "pieces": highlight(proposal.source.text or "", spans),
        "joins": joins(session, proposal) if pending else None,
        "parties": parties(session, item.a, item.b) if isinstance(item, PartnershipFact) else [],
        "target": event_target(session, proposal, item) if pending and isinstance(item, EventFact) else None,
        "f": state or FormState(_form_values(item) if isinstance(item, PartnershipFact) else {}),
        "decider": who(session, proposal.decided_by_id, proposal.decided_by or "", actor, t)
        if proposal.decided_by
        else None,
        "next_pending": next_pending,
    }
    return render(request, "proposal.html", context, status_code=status)


@router.get("/review/{proposal_id}", response_class=HTMLResponse)
def proposal_page(request: Request, session: SessionDep, actor: ActorDep, proposal_id: Id) -> Response:
    require_review(actor)
    assert actor is not None
    return _proposal_page(request, session, actor, queue.get_proposal(session, proposal_id))


def _corrections(item: PartnershipFact, state: FormState) -> dict[str, str]:
    """What the reviewer changed in the form, as queue.edit takes it."""
    typed = {k: text(state.values, k) or "" for k in EDITED}
    stored = _form_values(item)
    changes = {k: v for k, v in typed.items() if v != stored[k]}
    fields = sorted(set(state.getlist("fields")))
    if "fields_sent" in state.values and fields != sorted(item.fields):
        changes["fields"] = ",".join(fields)
    return changes


def _party_corrections(
    session: Session, item: PartnershipFact, state: FormState, t: Translator
) -> dict[str, str]:
    """The parties the reviewer pointed at another place with the pickers (an empty
    picker keeps the party as the proposal names it)."""
    changes = {}
    for (key, name), party in zip(PARTIES.items(), parties(session, item.a, item.b), strict=True):
        chosen = pick_place(session, state, name, t, required=False)
        if chosen is not None and (party.place is None or chosen != party.place.id):
            changes[key] = str(chosen)
    if any(name in state.errors for name in PARTIES.values()):
        raise FormErrors(dict(state.errors))
    return changes


def _result_page(session: Session, proposal: Proposal) -> str:
    if proposal.result_type == "partnership":
        return f"/partnerships/{proposal.result_id}"
    if proposal.result_type == "activity":
        activity = session.get(Activity, proposal.result_id)
        if activity is not None and activity.partnership_id is not None:
            return f"/partnerships/{activity.partnership_id}#activity-{activity.id}"
    return f"/review/{proposal.id}"


@router.post("/review/{proposal_id}/accept", response_class=HTMLResponse)
def accept(
    request: Request, session: SessionDep, actor: ActorDep, proposal_id: Id, form: FormDep
) -> Response:
    """Accept, after applying the corrections made in the form (action=save: only save them)."""
    t = translator(request)
    require_review(actor)
    assert actor is not None
    proposal = queue.get_proposal(session, proposal_id)
    state = FormState(values_of(form))
    try:
        with submit(session, state, t, known=(*EDITED, "fields")) as done:
            # The form of a partnership proposal sends its values, corrected or not.
            item = queue.payload(proposal)
            if isinstance(item, PartnershipFact) and any(
                k in state.values for k in (*EDITED, *PARTIES.values())
            ):
                edited = {k: text(state.values, k) for k in EDITED}
                build(ProposalEdit, {**edited, "fields": state.getlist("fields")}, t)
                changes = {**_corrections(item, state), **_party_corrections(session, item, state, t)}
                if changes:
                    queue.edit(session, actor, proposal.id, changes)
            if text(state.values, "action") != "save":
                queue.accept(session, actor, proposal.id)
    except AlreadyDecided:
        return _decided_meanwhile(request, session, actor, proposal, state)
    if done.status:
        return _proposal_page(request, session, actor, proposal, state, done.status)
    if text(state.values, "action") == "save":
        return see_other(f"/review/{proposal.id}")
    return see_other(_result_page(session, proposal))


def _decided_meanwhile(
    request: Request, session: Session, actor: Actor, proposal: Proposal, state: FormState
) -> Response:
    """Someone decided the proposal a moment ago: say who, and write nothing."""
    t = translator(request)
    session.refresh(proposal)
    decider = who(session, proposal.decided_by_id, proposal.decided_by or "", actor, t)
    state.problem = t("review.decided_meanwhile", status=t(f"review.{proposal.status}").lower(), who=decider)
    return _proposal_page(request, session, actor, proposal, state, 409)


@router.post("/review/{proposal_id}/reject", response_class=HTMLResponse)
def reject(request: Request, session: SessionDep, actor: ActorDep, proposal_id: Id) -> Response:
    require_review(actor)
    assert actor is not None
    proposal = queue.get_proposal(session, proposal_id)
    try:
        with session.begin_nested():
            queue.reject(session, actor, proposal.id)
    except AlreadyDecided:
        return _decided_meanwhile(request, session, actor, proposal, FormState())
    return see_other(f"/review/{proposal.id}")

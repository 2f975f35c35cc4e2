"""The review queue through the API, for reviewers and admins only: proposals read from
articles (with the article's full text while it is unreviewed), accepting (merging into
the registry), rejecting, correcting a partnership proposal before accepting it.

A proposal is decided once: of two reviewers accepting it at the same moment, one
merges it and the other gets 409 naming who decided and when (kembar.ingest.queue).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kembar.db.models import Proposal
from kembar.errors import InvalidInput
from kembar.extract.model import Fact
from kembar.ingest import merge, queue
from kembar.permissions import require_review
from kembar.web.api_common import JSON_LIMIT, Id, capped_route, errors, respond
from kembar.web.deps import SessionDep, SignedInDep

router = APIRouter(prefix="/api/v1", tags=["review"], route_class=capped_route(JSON_LIMIT, "body"))


class ProposalSummary(BaseModel):
    id: int
    kind: str  # partnership | event | amount
    status: str  # pending | accepted | rejected
    summary: str
    source_id: int
    created_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    result_type: str | None  # what accepting it made: partnership, activity, indicator
    result_id: int | None

    @classmethod
    def of(cls, p: Proposal) -> ProposalSummary:
        return cls(
            id=p.id,
            kind=p.kind,
            status=p.status,
            summary=p.summary,
            source_id=p.source_id,
            created_at=p.created_at,
            decided_by=p.decided_by,
            decided_at=p.decided_at,
            result_type=p.result_type,
            result_id=p.result_id,
        )


class SourceOut(BaseModel):
    id: int
    title: str | None
    url: str | None
    published_on: str | None
    language: str | None
    text: str | None  # the article as read; the evidence spans index into it


class ProposalDetail(ProposalSummary):
    item: Fact  # the extracted fact with its evidence spans (start, end, quote)
    source: SourceOut


class ProposalEdit(BaseModel):
    """Corrections of a pending partnership proposal (any subset)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: str | None = Field(default=None, max_length=40)
    instrument: str | None = Field(default=None, max_length=40, description='a type, or "unspecified"')
    status: str | None = Field(default=None, max_length=40)
    date: str | None = Field(default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    fields: list[str] | None = Field(default=None, max_length=40)
    a: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="the place id the first party stands for"
    )
    b: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="the place id the second party stands for"
    )


def _detail(session: Session, proposal: Proposal) -> ProposalDetail:
    session.flush()
    session.refresh(proposal)
    source = proposal.source
    return ProposalDetail(
        **ProposalSummary.of(proposal).model_dump(),
        item=queue.payload(proposal),
        source=SourceOut(
            id=source.id,
            title=source.title,
            url=source.url,
            published_on=source.published_on,
            language=source.language,
            text=source.text,
        ),
    )


REVIEW = errors(401, 403, 404)


@router.get("/proposals", response_model=list[ProposalSummary], responses=errors(401, 403, 422))
def proposals(
    session: SessionDep,
    actor: SignedInDep,
    status: Literal["pending", "accepted", "rejected", "all"] = "pending",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Response:
    """The queue (pending by default), oldest first."""
    require_review(actor)
    return respond([ProposalSummary.of(p) for p in queue.list_proposals(session, status, limit)])


@router.get("/proposals/{proposal_id}", response_model=ProposalDetail, responses=REVIEW)
def proposal(session: SessionDep, actor: SignedInDep, proposal_id: Id) -> Response:
    """One proposal with its evidence and the full text of its article."""
    require_review(actor)
    return respond(_detail(session, queue.get_proposal(session, proposal_id)))


def gazetteer_loaded() -> None:
    """Before the session (and the write lock) of an accept: the first merge of a worker
    loads the gazetteer, which took 33 s here; holding the lock that long made every other
    write of the registry fail as busy."""
    merge.warm()


@router.post(
    "/proposals/{proposal_id}/accept",
    dependencies=[Depends(gazetteer_loaded)],
    response_model=ProposalDetail,
    responses=errors(401, 403, 404, 409, 422),
)
def accept(session: SessionDep, actor: SignedInDep, proposal_id: Id) -> Response:
    """Merge the proposal into the registry; `result_type` and `result_id` say what it made
    or joined. 409 when it was decided already (by whom, when)."""
    return respond(_detail(session, queue.accept(session, actor, proposal_id)))


@router.post(
    "/proposals/{proposal_id}/reject", response_model=ProposalDetail, responses=errors(401, 403, 404, 409)
)
def reject(session: SessionDep, actor: SignedInDep, proposal_id: Id) -> Response:
    """Reject the proposal; nothing enters the registry. 409 when decided already."""
    return respond(_detail(session, queue.reject(session, actor, proposal_id)))


@router.patch(
    "/proposals/{proposal_id}", response_model=ProposalDetail, responses=errors(401, 403, 404, 409, 413, 422)
)
def edit(session: SessionDep, actor: SignedInDep, proposal_id: Id, body: ProposalEdit) -> Response:
    """Correct a pending partnership proposal (kind, instrument, status, date, fields, and
    the place id each party stands for) before accepting it; each value is checked."""
    changes = body.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput("nothing to change: send at least one of " + ", ".join(ProposalEdit.model_fields))
    as_text = {
        key: ",".join(value) if isinstance(value, list) else str(value or "")
        for key, value in changes.items()
    }
    return respond(_detail(session, queue.edit(session, actor, proposal_id, as_text)))

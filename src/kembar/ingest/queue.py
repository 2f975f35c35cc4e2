"""Ingesting articles into the review queue, and working the queue."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db import history
from kembar.db.models import Proposal, Source
from kembar.errors import AlreadyDecided, InvalidInput, Label, Message, Param, Phrase, ProposalNotFound, When
from kembar.extract.model import AmountFact, EventFact, Extraction, Fact, PartnershipFact, PlaceRef, load_fact
from kembar.extract.pipeline import extract
from kembar.extract.reader import read_article
from kembar.i18n_figures import NAMES as FIGURE_NAMES
from kembar.ingest.parties import point_at
from kembar.permissions import Actor, require_review, system_actor

STATUSES = ("pending", "accepted", "rejected")
# At most this many proposals of each kind are filed per article; the rest are counted.
# Over the 55 articles of the development, held-out and seed sets the extractor finds at
# most 3 partnerships, 2 events and 2 amounts in one article, and a round-up of a city's
# partners names a couple of dozen pairs. Far beyond that, an article is a list or a table
# the extractor misreads (one filed 102 amounts), and no reviewer works through it.
MAX_PROPOSALS = {"partnership": 25, "event": 10, "amount": 10}


def content_hash(text: str) -> str:
    normal = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass
class IngestResult:
    source_id: int
    new: bool
    title: str | None
    proposals: list[int] = field(default_factory=list)
    # Proposals over MAX_PROPOSALS, by kind: counted, not filed.
    not_filed: dict[str, int] = field(default_factory=dict)


def _capped(facts: Extraction, not_filed: dict[str, int]) -> list[tuple[str, Fact]]:
    """The first MAX_PROPOSALS facts of each kind, in the article's order; the rest counted."""
    items: list[tuple[str, Fact]] = []
    found_by_kind: tuple[tuple[str, list[Fact]], ...] = (
        ("partnership", list(facts.partnerships)),
        ("event", list(facts.events)),
        ("amount", list(facts.amounts)),
    )
    for kind, found in found_by_kind:
        items += [(kind, item) for item in found[: MAX_PROPOSALS[kind]]]
        if len(found) > MAX_PROPOSALS[kind]:
            not_filed[kind] = len(found) - MAX_PROPOSALS[kind]
    return items


def ingest(
    session: Session,
    raw: bytes,
    what: str,
    url: str | None = None,
    published: date | None = None,
    actor: Actor | None = None,
) -> IngestResult:
    """Store one article and file its facts as pending proposals; a second time is a no-op.
    `actor`: who handed the article in (recorded in the history; Kembar itself if None)."""
    article = read_article(raw, what)
    digest = content_hash(article.text)
    existing = session.scalar(select(Source).where(Source.content_hash == digest))
    if existing is not None:
        return IngestResult(existing.id, False, existing.title)
    facts = extract(article.text, published)
    history.begin(session, actor or system_actor("ingest"), Message("summary.article.read", {"what": what}))
    title = article.title or facts.title
    source = Source(
        kind="article",
        url=url,
        title=(title or what)[:500],
        published_on=published.isoformat() if published else None,
        language=facts.language,
        content_hash=digest,
        text=article.text,
        attribution=url or what,
    )
    session.add(source)
    session.flush()
    result = IngestResult(source.id, True, source.title)
    for kind, item in _capped(facts, result.not_filed):
        proposal = Proposal(
            source_id=source.id,
            kind=kind,
            summary=item.summary()[:500],
            payload=item.model_dump_json(),
            status="pending",
        )
        session.add(proposal)
        session.flush()
        result.proposals.append(proposal.id)
    return result


def list_proposals(session: Session, status: str | None = "pending", limit: int = 200) -> list[Proposal]:
    stmt = select(Proposal).order_by(Proposal.id)
    if status not in (None, "all"):
        if status not in STATUSES:
            message = f"unknown status {status!r}; valid: {', '.join(STATUSES)}, all"
            raise InvalidInput(message, "form.unknown", {"values": status}, field="status")
        stmt = stmt.where(Proposal.status == status)
    return list(session.scalars(stmt.limit(limit)))


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    found = session.get(Proposal, proposal_id)
    if found is None:
        raise ProposalNotFound(proposal_id)
    return found


def _pending(session: Session, proposal_id: int) -> Proposal:
    proposal = get_proposal(session, proposal_id)
    if proposal.status != "pending":
        raise AlreadyDecided(proposal.id, proposal.status, proposal.decided_by, proposal.decided_at)
    return proposal


def _decide(session: Session, actor: Actor | None, proposal_id: int, status: str) -> Proposal:
    """Mark a pending proposal decided in one conditional UPDATE: of two processes
    deciding it at once, exactly one changes the row; the other gets AlreadyDecided and
    writes nothing (its transaction is rolled back by the caller)."""
    require_review(actor)
    assert actor is not None
    done = session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status == "pending")
        .values(
            status=status, decided_by=actor.email, decided_by_id=actor.user_id, decided_at=datetime.now(UTC)
        )
        .execution_options(synchronize_session=False)
    )
    proposal = session.scalar(
        select(Proposal).where(Proposal.id == proposal_id).execution_options(populate_existing=True)
    )
    if proposal is None:
        raise ProposalNotFound(proposal_id)
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyDecided(proposal.id, proposal.status, proposal.decided_by, proposal.decided_at)
    # The conditional UPDATE bypasses the unit of work: record the decision by hand.
    said: dict[str, Param] = {"id": proposal.id, "summary": _what(proposal)}
    history.begin(session, actor, Message(f"summary.proposal.{status}", said))
    history.record_row(
        session,
        proposal,
        "update",
        {"status": "pending", "decided_by": None, "decided_by_id": None, "decided_at": None},
        {"status": status, "decided_by": actor.email, "decided_by_id": actor.user_id},
    )
    return proposal


def _what(proposal: Proposal) -> Param:
    """What a proposal says, as its decision's summary names it: in words the pages say in
    their reader's language (the stored summary names the vocabulary's codes)."""
    try:
        item = payload(proposal)
    except InvalidInput:
        return proposal.summary
    if isinstance(item, PartnershipFact):
        return _partnership_said(item)
    if isinstance(item, EventFact):
        named: dict[str, Param] = {
            "type": Label("activity", item.type),
            "status": Phrase(f"activity.status.{item.status}", lower=True),
            "date": _day(item.date),
            "place": item.place or Phrase("summary.place_unknown"),
        }
        return Message("summary.proposal.event", named)
    if isinstance(item, AmountFact):
        name = FIGURE_NAMES.get(item.name)
        said = {"name": Phrase(name) if name else item.name, "text": item.text, "currency": item.currency}
        return Message("figure.said", said)
    return proposal.summary


def _day(iso: str | None) -> Param:
    return When(iso) if iso else Phrase("summary.no_date")


def _partnership_said(item: PartnershipFact) -> Message:
    unsaid = item.instrument == "unspecified"
    named: dict[str, Param] = {
        "a": f"{item.a.name} ({item.a.country})",
        "b": f"{item.b.name} ({item.b.country})",
        "kind": Label("kind", item.kind),
        "instrument": Phrase("review.unspecified") if unsaid else Label("instrument", item.instrument),
        "status": Label("status", item.status),
        "date": _day(item.date),
    }
    return Message("summary.proposal.partnership", named)


def reject(session: Session, actor: Actor | None, proposal_id: int) -> Proposal:
    return _decide(session, actor, proposal_id, "rejected")


EDITABLE = {"kind", "instrument", "status", "date", "fields", "a", "b"}


def _check_date(value: str) -> str | None:
    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise InvalidInput(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", "form.date", field="date")
    return value or None


def _check_fields(value: str) -> list[str]:
    keys = [f.strip() for f in value.split(",") if f.strip()]
    for f in keys:
        vocab.check(vocab.FIELDS, f, "field")
    return keys


def _party(session: Session, key: str, value: str) -> PlaceRef:
    """The place a reviewer points a party at, by its id in the registry."""
    if not value.strip().isdigit():
        message = f"{key}: {value!r} is not a place id"
        raise InvalidInput(message, "err.review.place_id", {"value": value[:40]}, field=key)
    return point_at(session, int(value))


def _correct(session: Session, item: PartnershipFact, key: str, value: str) -> None:
    """One correction of a partnership proposal, checked against the vocabulary."""
    if key not in EDITABLE:
        raise InvalidInput(f"cannot edit {key!r}; editable: {', '.join(sorted(EDITABLE))}")
    if key in ("a", "b"):
        setattr(item, key, _party(session, key, value))
    elif key == "kind":
        item.kind = vocab.check(vocab.PARTNERSHIP_KINDS, value, "kind")  # type: ignore[assignment]
    elif key == "instrument":
        if value != "unspecified":
            vocab.check(vocab.INSTRUMENT_TYPES, value, "instrument")
        item.instrument = value  # type: ignore[assignment]
    elif key == "status":
        item.status = vocab.check(vocab.INSTRUMENT_STATUSES, value, "status")  # type: ignore[assignment]
    elif key == "date":
        item.date = _check_date(value)
    else:
        item.fields = _check_fields(value)


def edit(session: Session, actor: Actor | None, proposal_id: int, changes: dict[str, str]) -> Proposal:
    """Correct a pending partnership proposal before accepting it: its kind, instrument,
    status, date, fields, and the place each party stands for ("a", "b": a place id)."""
    require_review(actor)
    assert actor is not None
    proposal = _pending(session, proposal_id)
    if proposal.kind != "partnership":
        raise InvalidInput(f"proposal {proposal_id} is a {proposal.kind}; only partnerships can be edited")
    history.begin(session, actor, Message("summary.proposal.edited", {"id": proposal.id}))
    item = PartnershipFact.model_validate_json(proposal.payload)
    for key, value in changes.items():
        _correct(session, item, key, value)
    if item.a.key and item.a.key == item.b.key:
        raise InvalidInput("both ends of the proposed partnership are the same place", "form.same_place")
    proposal.payload = item.model_dump_json()
    proposal.summary = item.summary()[:500]
    return proposal


def accept(session: Session, actor: Actor | None, proposal_id: int) -> Proposal:
    """Merge a pending proposal into the registry (see merge.py) and mark it accepted,
    in the caller's transaction: if the merge fails, the proposal stays pending."""
    from kembar.ingest.merge import merge

    proposal = _decide(session, actor, proposal_id, "accepted")
    assert actor is not None
    proposal.result_type, proposal.result_id = merge(session, proposal, actor.email)
    return proposal


def payload(proposal: Proposal) -> Fact:
    """The proposal's fact, typed (payloads stored by older versions included)."""
    try:
        return load_fact(proposal.kind, proposal.payload)
    except ValueError as exc:
        raise InvalidInput(f"proposal {proposal.id} holds an unreadable fact: {exc}") from None

"""Ingesting articles into the review queue, and working the queue."""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.models import Proposal, Source
from kembar.errors import InvalidInput, NotFound
from kembar.extract.model import Fact, PartnershipFact, load_fact
from kembar.extract.pipeline import extract
from kembar.extract.reader import MAX_BYTES, read_article

FETCH_TIMEOUT = 15.0
STATUSES = ("pending", "accepted", "rejected")


class ProposalNotFound(NotFound):
    def __init__(self, proposal_id: int) -> None:
        super().__init__(f"no proposal with id {proposal_id}")


def fetch_url(url: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    """The body of an http(s) URL, at most 5 MB, or InvalidInput naming the problem."""
    if not re.match(r"^https?://[^\s/]+", url):
        raise InvalidInput(f"{url!r} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": "Kembar/0.1 (+news reader)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise InvalidInput(f"{url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InvalidInput(f"{url} cannot be fetched: {reason}") from None
    if len(body) > MAX_BYTES:
        raise InvalidInput(f"{url} is larger than 5 MB")
    return body


def content_hash(text: str) -> str:
    normal = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass
class IngestResult:
    source_id: int
    new: bool
    title: str | None
    proposals: list[int] = field(default_factory=list)


def ingest(
    session: Session,
    raw: bytes,
    what: str,
    url: str | None = None,
    published: date | None = None,
) -> IngestResult:
    """Store one article and file its facts as pending proposals; a second time is a no-op."""
    article = read_article(raw, what)
    digest = content_hash(article.text)
    existing = session.scalar(select(Source).where(Source.content_hash == digest))
    if existing is not None:
        return IngestResult(existing.id, False, existing.title)
    facts = extract(article.text, published)
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
    items: list[tuple[str, Fact]] = [("partnership", p) for p in facts.partnerships]
    items += [("event", e) for e in facts.events]
    items += [("amount", a) for a in facts.amounts]
    for kind, item in items:
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
            raise InvalidInput(f"unknown status {status!r}; valid: {', '.join(STATUSES)}, all")
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
        raise InvalidInput(f"proposal {proposal_id} is already {proposal.status}")
    return proposal


def reject(session: Session, proposal_id: int, by: str) -> Proposal:
    proposal = _pending(session, proposal_id)
    proposal.status, proposal.decided_by, proposal.decided_at = "rejected", by, datetime.now(UTC)
    return proposal


EDITABLE = {"kind", "instrument", "status", "date", "fields"}


def edit(session: Session, proposal_id: int, changes: dict[str, str]) -> Proposal:
    """Correct a pending partnership proposal before accepting it."""
    proposal = _pending(session, proposal_id)
    if proposal.kind != "partnership":
        raise InvalidInput(f"proposal {proposal_id} is a {proposal.kind}; only partnerships can be edited")
    item = PartnershipFact.model_validate_json(proposal.payload)
    for key, value in changes.items():
        if key not in EDITABLE:
            raise InvalidInput(f"cannot edit {key!r}; editable: {', '.join(sorted(EDITABLE))}")
        if key == "kind":
            item.kind = vocab.check(vocab.PARTNERSHIP_KINDS, value, "kind")  # type: ignore[assignment]
        elif key == "instrument":
            if value != "unspecified":
                vocab.check(vocab.INSTRUMENT_TYPES, value, "instrument")
            item.instrument = value  # type: ignore[assignment]
        elif key == "status":
            item.status = vocab.check(vocab.INSTRUMENT_STATUSES, value, "status")  # type: ignore[assignment]
        elif key == "date":
            if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                raise InvalidInput(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            item.date = value or None
        elif key == "fields":
            keys = [f.strip() for f in value.split(",") if f.strip()]
            for f in keys:
                vocab.check(vocab.FIELDS, f, "field")
            item.fields = keys
    proposal.payload = item.model_dump_json()
    proposal.summary = item.summary()[:500]
    return proposal


def accept(session: Session, proposal_id: int, by: str) -> Proposal:
    """Merge a pending proposal into the registry (see merge.py) and mark it accepted."""
    from kembar.ingest.merge import merge

    proposal = _pending(session, proposal_id)
    result_type, result_id = merge(session, proposal, by)
    proposal.status, proposal.decided_by, proposal.decided_at = "accepted", by, datetime.now(UTC)
    proposal.result_type, proposal.result_id = result_type, result_id
    return proposal


def payload(proposal: Proposal) -> Fact:
    """The proposal's fact, typed (payloads stored by older versions included)."""
    try:
        return load_fact(proposal.kind, proposal.payload)
    except ValueError as exc:
        raise InvalidInput(f"proposal {proposal.id} holds an unreadable fact: {exc}") from None

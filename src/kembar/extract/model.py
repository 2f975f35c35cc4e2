"""The extractor's output: one typed `Extraction` per article.

Ingest, the CLI and the review pages read these models, never a dict by key. The JSON
form (`Extraction.contract()`) keeps the evaluation contract of shared/eval/README.md:
`partnerships` with `a`, `b`, `kind`, `instrument`, `status`, `date`, `fields`, plus the
other facts. Proposals stored before this model existed hold the same keys, so
`PartnershipFact.model_validate(json)` reads them too (fields they lack take defaults).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["sister_city", "friendship_city", "cooperation"]
InstrumentType = Literal["loi", "mou", "agreement", "renewal", "unspecified"]
Status = Literal["signed", "renewed", "planned", "existing"]


class _Model(BaseModel):
    # Old payloads may carry keys this version no longer writes: keep them.
    model_config = ConfigDict(extra="allow")


class Span(_Model):
    """Characters [start, end) of the article text, and what they say."""

    start: int
    end: int
    quote: str


class PlaceRef(_Model):
    name: str
    country: str
    geonameid: int | None = None
    kind: str | None = None
    key: str | None = None
    resolved: bool = False
    aliases: list[str] = Field(default_factory=list)


class PartnershipFact(_Model):
    a: PlaceRef
    b: PlaceRef
    kind: Kind = "cooperation"
    instrument: InstrumentType = "unspecified"
    status: Status = "existing"
    date: str | None = None
    fields: list[str] = Field(default_factory=list)
    valid_until: str | None = None
    term_years: int | None = None
    number: str | None = None
    evidence: list[Span] = Field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.a.name} ({self.a.country}) - {self.b.name} ({self.b.country}): "
            f"{self.kind}, {self.instrument}, {self.status}, {self.date or 'no date'}"
        )


class Participant(_Model):
    name: str
    role: str | None = None


class EventFact(_Model):
    type: str
    date: str | None = None
    place: str | None = None
    title: str | None = None
    partnership: list[str] | None = None
    participants: list[Participant] = Field(default_factory=list)
    speakers: int | None = None
    participants_count: int | None = None
    fields: list[str] = Field(default_factory=list)
    status: Literal["held", "planned"] = "held"
    evidence: list[Span] = Field(default_factory=list)

    def summary(self) -> str:
        return f"{self.type} ({self.status}), {self.date or 'no date'}, {self.place or 'place unknown'}"


class PersonFact(_Model):
    name: str
    role: str | None = None
    organisation: str | None = None
    evidence: Span


class Change(_Model):
    value: float
    unit: str = "percent"
    text: str = ""


class AmountFact(_Model):
    value: float
    currency: str
    text: str
    period: str | None = None
    change: Change | None = None
    parties: list[str] = Field(default_factory=list)
    name: str = "Amount"
    evidence: Span

    def summary(self) -> str:
        return f"{self.name}: {self.text} ({self.currency}), period {self.period or '-'}"


class PlaceMention(_Model):
    start: int
    end: int
    text: str


class PlaceSeen(_Model):
    name: str
    country: str
    kind: str
    geonameid: int | None = None
    key: str
    mentions: list[PlaceMention] = Field(default_factory=list)


Fact = PartnershipFact | EventFact | AmountFact
_FACTS: dict[str, type[PartnershipFact] | type[EventFact] | type[AmountFact]] = {
    "partnership": PartnershipFact,
    "event": EventFact,
    "amount": AmountFact,
}


def load_fact(kind: str, payload: str) -> Fact:
    """A proposal's stored JSON read back as its model (old payloads included)."""
    model = _FACTS.get(kind)
    if model is None:
        raise ValueError(f"unknown kind of fact {kind!r}")
    return model.model_validate_json(payload)


def evidence_spans(fact: Fact) -> list[Span]:
    return [fact.evidence] if isinstance(fact, AmountFact) else list(fact.evidence)


class Extraction(_Model):
    language: str | None
    title: str | None = None
    published: str | None = None
    partnerships: list[PartnershipFact] = Field(default_factory=list)
    events: list[EventFact] = Field(default_factory=list)
    people: list[PersonFact] = Field(default_factory=list)
    amounts: list[AmountFact] = Field(default_factory=list)
    places: list[PlaceSeen] = Field(default_factory=list)
    notice: str | None = None  # why nothing was read (an unsupported language)

    def contract(self) -> dict[str, Any]:
        """The JSON of `kembar extract --format json`."""
        return self.model_dump(mode="json", exclude={"notice"})

    def contract_json(self) -> str:
        """`json.dumps(self.contract(), ensure_ascii=False, indent=2)`, byte for byte, made
        by pydantic's serialiser: a 5 MB article's 11 MB of JSON in 0.08 s instead of 0.9.
        The two write floats alike except below 1e-4 ("0.00001" against "1e-05") and
        infinities (null against Infinity), which take the slow way."""
        if any(not _same_float_text(v) for v in self._floats()):
            return json.dumps(self.contract(), ensure_ascii=False, indent=2)
        return self.model_dump_json(indent=2, exclude={"notice"})

    def _floats(self) -> Iterator[float]:
        for a in self.amounts:
            yield a.value
            if a.change is not None:
                yield a.change.value


def _same_float_text(value: float) -> bool:
    return math.isfinite(value) and (value == 0 or abs(value) >= 1e-4)

"""Pydantic schemas at the boundary (CLI JSON now, the HTTP API later)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kembar.db.accounts import ApiToken, User, as_utc
from kembar.db.models import Partnership, Place


class PlaceRef(BaseModel):
    id: int
    name: str
    country: str
    kind: str
    lat: float | None
    lon: float | None

    @classmethod
    def of(cls, p: Place) -> PlaceRef:
        return cls(id=p.id, name=p.name, country=p.country_code, kind=p.kind, lat=p.lat, lon=p.lon)


class PlaceSummary(PlaceRef):
    admin_code: str | None
    admin_name: str | None
    population: int | None
    geonameid: int | None
    resolution: str
    partner_count: int
    tags: list[str]

    @classmethod
    def of(cls, p: Place) -> PlaceSummary:
        return cls(
            **PlaceRef.of(p).model_dump(),
            admin_code=p.admin_code,
            admin_name=p.admin_name,
            population=p.population,
            geonameid=p.geonameid,
            resolution=p.resolution,
            partner_count=p.partner_count,
            tags=sorted(t.tag for t in p.tags),
        )


class Partner(BaseModel):
    partnership_id: int
    place: PlaceRef
    kind: str
    stage: str | None
    first_date: str | None
    latest_date: str | None


class PlaceProfile(PlaceSummary):
    names: list[str]
    partners: list[Partner]
    version: int
    seeking: str | None  # what the place says it looks for in a partner
    priorities: list[str]  # fields of cooperation it declares (the fields it seeks partners for)
    seeking_countries: list[str] = []  # ISO codes of the countries it seeks partners in
    seeking_regions: list[str] = []  # world regions (vocab.WORLD_REGIONS)
    seeking_size: str | None = None  # vocab.SIZES
    seeking_functions: list[str] = []  # characteristics sought in a partner (vocab.FUNCTIONS)
    functions: list[str] = []  # what the place says it is (vocab.FUNCTIONS)
    offers: list[str] = []  # fields it offers a partner
    offers_note: str | None = None
    seeking_contact: str | None = None  # shown to signed-in readers only


class PartnershipSummary(BaseModel):
    id: int
    a: PlaceRef
    b: PlaceRef
    kind: str
    stage: str | None
    first_date: str | None
    latest_date: str | None
    fields: list[str]

    @classmethod
    def of(cls, p: Partnership) -> PartnershipSummary:
        first, second = p.parties  # in the order they were recorded
        return cls(
            id=p.id,
            a=PlaceRef.of(first),
            b=PlaceRef.of(second),
            kind=p.kind,
            stage=p.stage,
            first_date=p.first_date,
            latest_date=p.latest_date,
            fields=sorted(f.field_key for f in p.fields),
        )


class TopPlace(BaseModel):
    id: int
    name: str
    country: str
    partners: int


class Stats(BaseModel):
    partnerships: int
    places: int
    resolved_places: int
    resolved_share: float
    countries: int
    reference_places: int
    dataset_rows: int | None
    top_places: list[TopPlace]


# --- the registry in detail (API and pages) -------------------------------------------


class SourceRef(BaseModel):
    id: int
    kind: str
    url: str | None
    title: str | None
    published_on: str | None
    language: str | None
    attribution: str | None


class FactRef(BaseModel):
    subject_type: str  # partnership, instrument, activity or indicator
    subject_id: int


class EvidenceOut(BaseModel):
    """One quote (or place) of a source, shown once with every fact it supports."""

    subject_type: str  # the first fact it supports
    subject_id: int
    source: SourceRef
    quote: str | None
    start: int | None
    end: int | None
    locator: str | None
    supports: list[FactRef] = Field(default_factory=list)


class PersonRole(BaseModel):
    name: str
    role: str | None
    organisation: str | None


class DocumentOut(BaseModel):
    id: int
    title: str | None
    purpose: str | None  # vocab.DOCUMENT_PURPOSES
    kind: str  # document | photo
    filename: str | None
    media_type: str | None
    size: int | None
    url: str | None  # a link elsewhere; an uploaded file is at /documents/{id}/file
    version: int


class InstrumentOut(BaseModel):
    id: int
    type: str
    status: str
    title: str | None
    number: str | None
    signed_on: str | None
    signed_at: str | None
    valid_from: str | None
    valid_until: str | None
    term_years: int | None
    note: str | None
    signatories: list[PersonRole]
    documents: list[DocumentOut]
    version: int


class ActivityOut(BaseModel):
    id: int
    partnership_id: int | None
    type: str
    title: str | None
    date: str | None
    end_date: str | None
    note: str | None
    version: int
    documents: list[DocumentOut]
    status: str
    place: PlaceRef | None
    venue: str | None
    speakers_count: int | None
    participants_count: int | None
    fields: list[str]
    participants: list[PersonRole]
    # the partnership's two parties ("Bandung – Suwon") where a list mixes partnerships
    partnership_label: str | None = None


class IndicatorOut(BaseModel):
    id: int
    name: str
    partnership_id: int | None
    party_a: PlaceRef | None
    party_b: PlaceRef | None
    period_start: str | None
    period_end: str | None
    period_label: str | None
    value: float
    unit: str | None
    currency: str | None
    change_value: float | None
    change_unit: str | None


class StageStep(BaseModel):
    """One stage of the procedure on a partnership's track: `recorded` when a step of it
    was recorded (never inferred from a later stage), `current` for where it stands."""

    key: str
    recorded: bool
    current: bool
    date: str | None = None


class StepOut(BaseModel):
    id: int
    stage: str
    date: str | None
    note: str | None
    author: str | None
    created_at: datetime | None


class ContactOut(BaseModel):
    id: int
    name: str
    role: str | None
    office: str | None
    email: str | None
    phone: str | None
    version: int


class PartnershipDetail(PartnershipSummary):
    note: str | None
    version: int
    stage_track: list[StageStep]
    steps: list[StepOut]
    # Focal points: filled for signed-in readers only.
    contacts: list[ContactOut]
    # Documents of the procedure attached to the partnership itself (ToR, DPRD approval...).
    documents: list[DocumentOut]
    instruments: list[InstrumentOut]
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]
    evidence: list[EvidenceOut]


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PartnershipSummary]


class CountryRef(BaseModel):
    code: str
    name: str
    name_id: str


class CountryCount(BaseModel):
    country: CountryRef
    partnerships: int


class CountryView(BaseModel):
    country: CountryRef
    partnerships: int
    places: int
    top_places: list[PlaceSummary]
    partner_countries: list[CountryCount]
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]


class PairView(BaseModel):
    a: CountryRef
    b: CountryRef
    total: int
    partnerships: list[PartnershipSummary]
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]


class MapData(BaseModel):
    """Every partnership as an edge between two indexed places, compact for the map.

    `places` rows are [id, lat, lon, partners, name, country]; `edges` is a flat list of
    pairs of row indices (a0, b0, a1, b1, ...) followed by the partnership ids in `ids`.
    """

    version: str
    places: list[tuple[int, float, float, int, str, str]]
    edges: list[int]
    ids: list[int]


class ApiTokenOut(BaseModel):
    """An API token as listed: never its secret."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> ApiTokenOut:
        return cls(
            id=t.id,
            name=t.name,
            created_at=as_utc(t.created_at),
            last_used_at=as_utc(t.last_used_at) if t.last_used_at else None,
            revoked_at=as_utc(t.revoked_at) if t.revoked_at else None,
        )


class UserOut(BaseModel):
    id: int
    email: str
    name: str | None
    organisation: str | None
    language: str
    role: str
    scope: list[str]  # "place:<id>" or "country:<CC>"
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, u: User) -> UserOut:
        return cls(
            id=u.id,
            email=u.email,
            name=u.name,
            organisation=u.organisation,
            language=u.language,
            role=u.role,
            scope=[s.entry for s in u.scopes],
            active=u.active,
            created_at=as_utc(u.created_at),
        )


class Me(BaseModel):
    """Who a request is, as GET /api/v1/auth/me answers."""

    email: str
    name: str | None
    role: str
    scope: list[str]
    scope_labels: list[str]
    channel: str

    @classmethod
    def of(cls, u: User, channel: str, labels: list[str]) -> Me:
        return cls(
            email=u.email,
            name=u.name,
            role=u.role,
            scope=[s.entry for s in u.scopes],
            scope_labels=labels,
            channel=channel,
        )


class IngestOutcome(BaseModel):
    """What became of one input of `kembar ingest` (a file of a folder, stdin, a URL)."""

    input: str
    status: Literal["stored", "known", "refused", "skipped"]
    reason: str | None = None
    source_id: int | None = None
    new: bool = False
    title: str | None = None
    proposals: list[int] = []
    # Proposals found beyond the cap per kind (queue.MAX_PROPOSALS), counted, not filed.
    not_filed: dict[str, int] = {}


class Suggestion(BaseModel):
    """A suggested partner of `kembar recommend`, the batch and the API: the place, its
    other names (as the batch contract asks), its score and the reasons, in the asked
    language. `mutual` is true for a place both seeking what the other seeks (and left out
    otherwise); `local_name` is the place's name in the asked language where the registry
    holds one that differs from `name` ("Moskwa"), and left out otherwise."""

    id: int
    name: str
    local_name: str | None = None
    country: str
    geonameid: int | None
    aliases: list[str]
    score: float
    reasons: list[str]
    mutual: bool | None = None

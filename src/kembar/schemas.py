"""Pydantic schemas at the boundary (CLI JSON now, the HTTP API later)."""

from __future__ import annotations

from pydantic import BaseModel

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
    partners: int
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
            partners=p.partner_count,
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
    partners_list: list[Partner]


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
        return cls(
            id=p.id,
            a=PlaceRef.of(p.place_a),
            b=PlaceRef.of(p.place_b),
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

"""The registry's place each party of a proposal stands for, found or created.

A party the gazetteer resolved is found by its key (or GeoNames id). A party it did not
resolve ("raw:" key: a name no gazetteer lists as written, "Provinsi Shichuan", "Prefektur
Shizouka", "Khartom") is the registry's place of the same country and the same level
named so, or spelled one letter away, when exactly one place is; a place of another level
is never taken for it (a kind word that says province names no town). Otherwise the
place is created on accepting, as the proposal names it. A reviewer may also point a
party at another place before accepting (`point_at`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.models import Place, PlaceName
from kembar.errors import InvalidInput
from kembar.extract.model import PlaceRef
from kembar.gazetteer.geonames import geonames
from kembar.gazetteer.resolve import Resolution, gazetteer
from kembar.name_forms import bare_names
from kembar.text import fold

# "Shichuan" for Sichuan, "Shizouka" for Shizuoka, "Khartom" for Khartoum: one letter
# dropped, added, changed, or two swapped. Shorter names are too close to others.
SPELLING_EDITS = 1
SPELLING_MIN_LEN = 6


@dataclass(frozen=True)
class Party:
    """A party as the proposal names it, and the registry's place it stands for (None
    when accepting creates it)."""

    ref: PlaceRef
    place: Place | None


def gazetteer_entry(key: str) -> Resolution | None:
    """What the gazetteer knows of a GeoNames city ("gn:..."), an ISO 3166-2 subdivision
    ("iso:...") or a register's unit ("reg:ID:32.04"): coordinates, population, region."""
    if key.startswith("gn:") and key[3:].isdigit():
        city = geonames().cities.get(int(key[3:]))
        return gazetteer().from_city(city) if city else None
    if key.startswith(("iso:", "reg:")):
        return gazetteer().from_key(key)
    return None


def existing(session: Session, ref: PlaceRef) -> Place | None:
    """The registry's place of the party's key or GeoNames id."""
    key = ref.key or ""
    place = session.scalar(select(Place).where(Place.key == key)) if key else None
    if place is None and ref.geonameid:
        place = session.scalar(select(Place).where(Place.geonameid == ref.geonameid))
    return place


def level_of(ref: PlaceRef) -> str:
    return ref.kind if ref.kind in vocab.PLACE_KINDS else "city"


def _spelt(session: Session, ref: PlaceRef) -> Place | None:
    """Of an unresolved party, the one registry place of its country and level named as
    written (without administrative words) or spelled SPELLING_EDITS away."""
    if not (ref.key or "").startswith("raw:") or not ref.name or not ref.country:
        return None
    forms = {fold(ref.name), *bare_names(fold(ref.name))} - {""}
    rows = session.execute(
        select(PlaceName.norm, Place.id)
        .join(Place, Place.id == PlaceName.place_id)
        .where(Place.country_code == ref.country, Place.kind == level_of(ref))
    ).all()
    ids: dict[str, set[int]] = {}
    for norm, place_id in rows:
        ids.setdefault(norm, set()).add(place_id)
    found = {pid for form in forms for pid in ids.get(form, ())}
    if not found:
        for form in (f for f in forms if len(f) >= SPELLING_MIN_LEN):
            near = process.extract(
                form, list(ids), scorer=OSA.distance, score_cutoff=SPELLING_EDITS, limit=None
            )
            found |= {pid for norm, _, _ in near for pid in ids[norm]}
    return session.get(Place, found.pop()) if len(found) == 1 else None


def registry_place(session: Session, ref: PlaceRef) -> Place | None:
    """The registry's place the party stands for; None when accepting would create it."""
    return existing(session, ref) or _spelt(session, ref)


def parties(session: Session, a: PlaceRef, b: PlaceRef) -> list[Party]:
    return [Party(ref, registry_place(session, ref)) for ref in (a, b)]


def point_at(session: Session, place_id: int) -> PlaceRef:
    """The party a reviewer chose: the registry's place `place_id`, as a resolved ref."""
    place = session.get(Place, place_id)
    if place is None:
        message = f"no place with id {place_id}"
        raise InvalidInput(message, "err.review.no_place", {"id": str(place_id)}, field="party")
    return PlaceRef(
        name=place.name,
        country=place.country_code,
        geonameid=place.geonameid,
        kind=place.kind,
        key=place.key,
        resolved=True,
    )


def insert_or_find(session: Session, row: Any, find: Callable[[], Any]) -> Any:
    """Insert `row`; when another process inserted the same natural key a moment ago
    (a unique constraint fails), return that row instead."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


def find_or_create_place(session: Session, ref: PlaceRef) -> Place:
    place = registry_place(session, ref)
    if place is not None:
        return place
    if not ref.country or not ref.name:
        message = f"the proposal names a place without a name or country: {ref.name!r}"
        raise InvalidInput(message, "err.proposal_place", {"name": ref.name or ""})
    key = ref.key or ""
    res = gazetteer_entry(key)
    resolution = (
        "curated" if key.startswith("x:") else "iso3166" if key.startswith("country:") else "unresolved"
    )
    place = Place(
        key=key or f"raw:{ref.country}:{fold(ref.name)}",
        name=ref.name,
        kind=level_of(ref),
        country_code=ref.country,
        admin_code=res.admin_code if res else None,
        admin_name=res.admin_name if res else None,
        lat=res.lat if res else None,
        lon=res.lon if res else None,
        population=res.population if res else None,
        geonameid=ref.geonameid if key.startswith("gn:") else None,
        resolution=res.method if res else resolution,
        coord_source=res.coord_source if res else None,
        partner_count=0,
    )
    row_key = place.key
    place = insert_or_find(session, place, lambda: existing(session, ref.model_copy(update={"key": row_key})))
    if not place.names:
        session.add(PlaceName(place_id=place.id, name=ref.name, norm=fold(ref.name), kind="news"))
    return place

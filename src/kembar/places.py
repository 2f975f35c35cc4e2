"""Places: search, lookup by name, and profiles with partners."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from sqlalchemy import CompoundSelect, Integer, bindparam, or_, select, union_all
from sqlalchemy.orm import Session, aliased, selectinload

from kembar.cache import Cache
from kembar.db.models import Partnership, Place, PlaceName, PlacePriority
from kembar.errors import AmbiguousPlace, InvalidInput, NotFound, PlaceNotFound
from kembar.name_forms import (
    bare_forms,
    bare_names,
    names_region,
    qualifier_forms,
    split_qualifier,
    written_forms,
)
from kembar.readings import best_known
from kembar.schemas import Partner, PlaceProfile, PlaceRef, PlaceSummary
from kembar.text import fold

if TYPE_CHECKING:
    from kembar.i18n import Translator

MAX_QUERY = 200


def _clean_query(query: str) -> str:
    if len(query) > MAX_QUERY:
        message = f"query is {len(query)} characters long; at most {MAX_QUERY}"
        raise InvalidInput(message, "err.query_long", {"n": MAX_QUERY}, field="q")
    key = fold(query)
    if not key:
        raise InvalidInput("query is empty", "err.query_empty", field="q")
    return key


# ISO 3166's exceptionally reserved codes that lists and EU data use for the countries
# whose codes are GB and GR.
_RESERVED_CODES = {"UK": "GB", "EL": "GR"}


def country_code(country: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a code ("id", "UK", alpha-3 "IDN") or a country's
    name ("Indonesia", "South Korea"); None for none or a blank; InvalidInput when it is
    neither."""
    if country is None or not country.strip():
        return None
    code = country.strip().upper()
    if len(code) == 2 and code.isalpha():
        return _RESERVED_CODES.get(code, code)
    from kembar.gazetteer.countries import country_by_name

    found = country_by_name(country) or _alpha_3(code)
    if found is None:
        raise InvalidInput(
            f"country {country!r} is neither an ISO 3166-1 alpha-2 code such as ID or DE "
            "nor a country's name",
            "form.unknown_country",
            {"values": country},
            field="country",
        )
    return found[0]


def _alpha_3(code: str) -> tuple[str, str | None] | None:
    import pycountry

    iso = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isalpha() else None
    return (iso.alpha_2, None) if iso is not None else None


def search_places(session: Session, query: str, country: str | None = None, limit: int = 20) -> list[Place]:
    """Places whose name (any language, accents and case ignored) equals or starts with
    `query`; exact matches first, then the most partnered and most populous. A query no
    name starts with is read as find_place reads names ("Portland, Oregon", "Pemkot
    Bandung", "Australia Barat")."""
    key = _clean_query(query)
    cc = country_code(country)
    stmt = (
        select(Place, PlaceName.norm)
        .join(PlaceName, PlaceName.place_id == Place.id)
        .where(or_(PlaceName.norm == key, PlaceName.norm.like(f"{key}%")))
        .options(selectinload(Place.tags))
    )
    if cc:
        stmt = stmt.where(Place.country_code == cc)
    best: dict[int, tuple[tuple[int, int, int, int], Place]] = {}
    for place, norm in session.execute(stmt.limit(5000)):
        rank = (
            0 if norm == key else 1,
            0 if fold(place.name) == key else 1,
            -place.partner_count,
            -(place.population or 0),
        )
        if place.id not in best or rank < best[place.id][0]:
            best[place.id] = (rank, place)
    found = [p for _, p in sorted(best.values(), key=lambda rp: rp[0])]
    if not found:
        # the level its words name first, as find_place takes it ("Prefektur Shizuoka")
        read, _, kind = _candidates(session, query, cc)
        found = sorted(read, key=lambda p: (p.kind != kind, -p.partner_count, -(p.population or 0)))
    return found[: max(1, min(limit, 200))]


def choice_label(place: Place, t: Translator) -> str:
    """A place as offered for choice among namesakes, with its region, country and kind in
    the reader's language: "Kochi, Kochi (JP) · city" and "Kochi (JP) · province"."""
    inside = place.admin_name if place.admin_name and place.kind not in ("province", "country") else None
    named = f"{place.name}, {inside}" if inside else place.name
    return f"{named} ({place.country_code}) · {t('search.kind_' + place.kind)}"


def _spelled_like(session: Session, query: str, country: str | None) -> tuple[str, list[Any]]:
    """The folded query and the partnered places (id, name, country) that could be it
    misspelt: those whose name starts with the same letter."""
    key = fold(query)
    stmt = select(Place.id, Place.name, Place.country_code).where(Place.partner_count > 0)
    if country:
        stmt = stmt.where(Place.country_code == country)
    if key[:1]:
        stmt = stmt.where(Place.name.ilike(f"{key[:1]}%"))
    return key, list(session.execute(stmt).all())


def suggestions(session: Session, query: str, country: str | None = None, n: int = 5) -> list[str]:
    """Closest known names, for "did you mean"."""
    key, rows = _spelled_like(session, query, country)
    choices = {f"{name} ({cc})": fold(name) for _, name, cc in rows}
    found = process.extract(key, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=60)
    return [label for _, _, label in found]


def suggested_places(session: Session, query: str, n: int = 5) -> list[Place]:
    """The partnered places spelled closest to a query no name matches, closest first,
    for a search page's "did you mean" ("Surabya": Surabaya)."""
    key, rows = _spelled_like(session, query, None)
    choices = {place_id: fold(name) for place_id, name, _ in rows}
    found = process.extract(key, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=60)
    ids = [place_id for _, _, place_id in found]
    places = {p.id: p for p in session.scalars(select(Place).where(Place.id.in_(ids)))}
    return [places[i] for i in ids]


# A batch has nobody to answer "did you mean": a name no place has is read as the place
# spelled closest when it is nearly the same word ("Khartom", "Johor Baru") and no other
# place comes near. 92 takes a letter dropped or swapped in a long name; "Bradford on
# Avon" scores 90 against Bidford-on-Avon, another town, and is left alone.
SPELLING_MIN = 92.0
SPELLING_MARGIN = 5.0


def closest_spelling(session: Session, name: str, country: str) -> Place | None:
    """The place of `country` whose name (or the name without its administrative words)
    is spelled nearly as `name`, the best known of those that bear it; None when no name
    is that near or a name of other places is nearly as near."""
    key = _clean_query(name)
    norms: dict[str, set[int]] = {}
    stmt = select(PlaceName.norm, PlaceName.place_id).join(Place, Place.id == PlaceName.place_id)
    for norm, pid in session.execute(stmt.where(Place.country_code == country)):
        norms.setdefault(norm, set()).add(pid)
    scores: dict[str, float] = {}
    cutoff, known = SPELLING_MIN - SPELLING_MARGIN, list(norms)
    for form in (key, *bare_names(key)):
        for norm, score, _ in process.extract(form, known, scorer=fuzz.ratio, limit=10, score_cutoff=cutoff):
            scores[norm] = max(scores.get(norm, 0.0), score)
    ranked = sorted(scores.items(), key=lambda ns: -ns[1])
    if not ranked or ranked[0][1] < SPELLING_MIN:
        return None
    top, score = ranked[0]
    if any(score - other < SPELLING_MARGIN and not norms[n] & norms[top] for n, other in ranked[1:]):
        return None
    return find_place(session, top, country, best=True)


def _named(session: Session, key: str, cc: str | None) -> list[Place]:
    stmt = (
        select(Place)
        .where(Place.id.in_(select(PlaceName.place_id).where(PlaceName.norm == key)))
        .options(selectinload(Place.tags))
    )
    if cc:
        stmt = stmt.where(Place.country_code == cc)
    return list(session.scalars(stmt))


def _lookup(session: Session, key: str, cc: str | None) -> tuple[list[Place], str, str | None]:
    """The places of a folded name, tried as written, then without its administrative
    words, then with its spaces closed ("Ujung Pandang" for "Ujungpandang"), then in its
    other written forms (name_forms.written_forms): the places,
    the form that found them and the kind of place the administrative words name."""
    exact = _named(session, key, cc)
    if exact:
        # "Daerah Istimewa Yogyakarta", a name of the city and of the province, is the
        # province its words name; but "Crescent City" and "Ansan-si" are places' own
        # names (New Orleans and Anshan are also called so): there the words name no level
        own = any(fold(p.name) == key for p in exact)
        return exact, key, None if own else next((kind for _, kind in bare_forms(key) if kind), None)
    forms = [*bare_forms(key), (key.replace(" ", ""), None)]
    # then as English or in full: "Australia Barat", "Prefektur Shizuoka", "St Martin"
    forms += [(w, kind) for form, kind in [(key, None), *bare_forms(key)] for w in written_forms(form)]
    for form, kind in forms:
        if form != key and (exact := _named(session, form, cc)):
            return exact, form, kind
    return [], key, None


def _candidates(session: Session, name: str, cc: str | None) -> tuple[list[Place], str, str | None]:
    """As _lookup, and a name no place has that carries a qualifier ("Portland, Oregon",
    "Perth (Scotland)") is looked up without it, keeping the places in the region or
    country it names (all of them when it names neither: "Halle (Saale)" names a river)."""
    found = _lookup(session, _clean_query(name), cc)
    base, qualifier = split_qualifier(name)
    if found[0] or qualifier is None:
        return found
    places, key, kind = _lookup(session, _clean_query(base), cc)
    return _qualified(session, places, qualifier, cc), key, kind


@dataclass(frozen=True)
class Qualifier:
    """What the qualifier of a name names ("Oregon", "IL", "Massachusetts, USA").

    `regions`: the registry's provinces (country, ISO 3166-2 code) its parts name by a
    name or a code, leaving out the parts that name a country ("Guadalajara, Mexico" is
    the country's, not the State of Mexico's); `also`: those any part names, a country's
    name included ("Georgia" is a country and a US state)."""

    forms: set[str]
    countries: set[str]
    regions: set[tuple[str, str | None]]
    also: set[tuple[str, str | None]]


_CODE_SUFFIX = re.compile(r"[A-Z0-9]{1,3}")


def read_qualifier(session: Session, qualifier: str, cc: str | None = None) -> Qualifier:
    """The qualifier's countries and the provinces (of `cc` when given) it names: by a
    name, or by their ISO 3166-2 code or its last part as lists write states
    ("Springfield, IL", "Perth, WA"; only with `cc`, where "IL" cannot be Israel)."""
    from kembar.gazetteer.countries import country_by_name

    parts = [part.strip() for part in qualifier.split(",") if part.strip()]
    codes = {f"{cc}-{p.upper()}" for p in parts if cc and _CODE_SUFFIX.fullmatch(p.upper())}
    codes |= {p.upper() for p in parts if cc and p.upper().startswith(f"{cc}-")}
    coded = _provinces(session, Place.admin_code.in_(codes)) if codes else set()
    found_codes = {code for _, code in coded}
    spelt = [p for p in parts if p.upper() not in found_codes and f"{cc}-{p.upper()}" not in found_codes]
    countries = {found[0] for p in spelt if (found := country_by_name(p))}
    regional = {form for p in spelt if not country_by_name(p) for form in qualifier_forms(p)}
    forms = qualifier_forms(qualifier)
    named = select(PlaceName.place_id).where(PlaceName.norm.in_(forms))
    by_name = _provinces(session, Place.id.in_(named), cc, with_norm=True)
    return Qualifier(
        forms=forms,
        countries=countries,
        regions={(country, code) for country, code, norm in by_name if norm in regional} | coded,
        also={(country, code) for country, code, _ in by_name} | coded,
    )


def _provinces(session: Session, where: Any, cc: str | None = None, with_norm: bool = False) -> set[Any]:
    """(country, ISO code) of the registry's provinces matching `where`, with the name
    that matched when `with_norm`."""
    columns = [Place.country_code, Place.admin_code, *([PlaceName.norm] if with_norm else [])]
    stmt = select(*columns).where(Place.kind == "province", where)
    if with_norm:
        stmt = stmt.join(PlaceName, PlaceName.place_id == Place.id)
    if cc:
        stmt = stmt.where(Place.country_code == cc)
    return {tuple(row) for row in session.execute(stmt.distinct())}


def _qualified(session: Session, places: list[Place], qualifier: str, cc: str | None) -> list[Place]:
    """The places the qualifier's region or country holds; none when it names a region
    of the registry where none of them lies ("Springfield, Massachusetts" and
    "Springfield, Massachusetts, USA" are not the Springfield of Illinois); all of them
    when it names neither."""
    q = read_qualifier(session, qualifier, cc)
    codes = {code for _, code in q.also if code}  # "West Java" is ID-JB, Jawa Barat
    in_region = [p for p in places if names_region(p.admin_name, q.forms) or p.admin_code in codes]
    if in_region:
        return in_region
    if q.regions and (not q.countries or {country for country, _ in q.regions} & q.countries):
        return []
    return [p for p in places if p.country_code in q.countries] if q.countries else places


def qualifier_country(session: Session, name: str) -> str | None:
    """The country a name's qualifier names, itself or by one of its regions ("Portland,
    Maine" -> US); of two readings ("Columbus, Georgia": the country or the US state), the
    one where GeoNames knows a town of that name; None when no single country fits."""
    from kembar.gazetteer.geonames import geonames

    base, qualifier = split_qualifier(name)
    if qualifier is None:
        return None
    q = read_qualifier(session, qualifier)
    options = sorted(q.countries | {country for country, _ in q.also})
    if len(options) > 1:
        options = [cc for cc in options if geonames().named(cc, base)]
    return options[0] if len(options) == 1 else None


def find_place(
    session: Session, name: str, country: str | None = None, best: bool = False, strict: bool = False
) -> Place:
    """The place a person means by `name`, or PlaceNotFound / AmbiguousPlace. A name no
    place has is tried without its administrative words ("Bamble Municipality"), and the
    words' level is kept ("Osaka Prefecture"); a qualifier chooses among namesakes
    ("Perth, Scotland"). Of several places of that name, the one with
    clearly most partners is taken, unless `strict` and no country was given (then they
    are listed); with `best`, a place with partners before one without, then the most
    partnered, then most populous, of equally good matches."""
    cc = country_code(country)
    exact, key, kind = _candidates(session, name, cc)
    if not exact:
        raise PlaceNotFound(name, suggestions(session, name, cc))
    if len(exact) == 1:
        return exact[0]
    leveled = _of_kind(exact, kind)
    primary = leveled or [p for p in exact if fold(p.name) == key] or exact
    if best and not leveled:
        primary = best_known(session, exact, key, primary)
    primary.sort(key=lambda p: (-p.partner_count, -(p.population or 0)))
    clear_winner = primary[0].partner_count > primary[1].partner_count if len(primary) > 1 else True
    if len(primary) == 1 or best or (clear_winner and not (strict and cc is None)):
        return primary[0]
    described = [
        f"{p.name} ({', '.join(x for x in (p.admin_name, p.country_code) if x)}, id {p.id})"
        for p in primary[:8]
    ]
    raise AmbiguousPlace(name, described, country_given=cc is not None)


def _of_kind(places: list[Place], kind: str | None) -> list[Place]:
    """The places of the kind a name's words ask for; for "province", a second-level unit
    when no first-level one bears the name: "Cebu Province" is the Philippine province
    (second-level in ISO 3166-2), not the city of Cebu, and "Provincia di Torino" Turin's
    province where the registry holds it."""
    leveled = [p for p in places if p.kind == kind]
    if not leveled and kind == "province":
        leveled = [p for p in places if p.kind == "regency"]
    return leveled


def get_place(session: Session, place_id: int) -> Place:
    place = session.get(Place, place_id)
    if place is None:
        raise NotFound(f"no place with id {place_id}", "err.no_place", {"id": place_id})
    return place


def _partners_statement() -> CompoundSelect:
    other = aliased(Place)
    columns = (
        Partnership.id,
        Partnership.kind,
        Partnership.stage,
        Partnership.first_date,
        Partnership.latest_date,
        other.id,
        other.name,
        other.country_code,
        other.kind,
        other.lat,
        other.lon,
    )
    place_id = bindparam("place_id", type_=Integer)
    side_a = select(*columns).join(other, other.id == Partnership.place_b_id)
    side_b = select(*columns).join(other, other.id == Partnership.place_a_id)
    return union_all(
        side_a.where(Partnership.place_a_id == place_id), side_b.where(Partnership.place_b_id == place_id)
    )


# Built once: a hub has hundreds of partners, and loading them as ORM objects, or even
# building this statement anew, cost a busy place tens of milliseconds.
_PARTNERS = _partners_statement()


def partners_of(session: Session, place: Place) -> list[Partner]:
    """The place's partners, by country and name, read as plain rows in one statement."""
    rows = session.execute(_PARTNERS, {"place_id": place.id})
    out = [
        Partner(
            partnership_id=pid,
            place=PlaceRef(id=oid, name=name, country=cc, kind=kind, lat=lat, lon=lon),
            kind=pkind,
            stage=stage,
            first_date=first,
            latest_date=latest,
        )
        for pid, pkind, stage, first, latest, oid, name, cc, kind, lat, lon in rows
    ]
    out.sort(key=lambda x: (x.place.country, x.place.name))
    return out


def place_profile(session: Session, place: Place, signed_in: bool = False) -> PlaceProfile:
    """The place with its names, partners and profile; its seeking contact only for a
    signed-in reader."""
    from kembar.registry.profiles import listed

    names = sorted(session.scalars(select(PlaceName.name).where(PlaceName.place_id == place.id)))
    priorities = sorted(
        session.scalars(select(PlacePriority.field_key).where(PlacePriority.place_id == place.id))
    )
    return PlaceProfile(
        **PlaceSummary.of(place).model_dump(),
        names=names,
        partners=partners_of(session, place),
        version=place.version,
        seeking=place.seeking,
        priorities=priorities,
        seeking_countries=listed(place.seeking_countries),
        seeking_regions=listed(place.seeking_regions),
        seeking_size=place.seeking_size,
        seeking_functions=listed(place.seeking_functions),
        functions=listed(place.functions),
        offers=listed(place.offers),
        offers_note=place.offers_note,
        seeking_contact=place.seeking_contact if signed_in else None,
    )


# Profiles as the API sends them, until the registry changes (any write is a change set).
_profiles: Cache[tuple[int, bytes]] = Cache(size=4096)


def profile_json(session: Session, place_id: int, signed_in: bool = False) -> tuple[int, bytes]:
    """The place's profile as JSON, with its version; NotFound for an unknown id. Built
    once per state of the registry and kind of reader (the seeking contact is for
    signed-in readers), so that a request costs one indexed lookup while nothing changes."""

    def build() -> tuple[int, bytes]:
        profile = place_profile(session, get_place(session, place_id), signed_in=signed_in)
        return profile.version, profile.model_dump_json().encode()

    return _profiles.get(session, ("profile", place_id, signed_in), build)

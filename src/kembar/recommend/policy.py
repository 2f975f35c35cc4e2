"""Rules applied before ranking: who may be proposed to whom at all.

The rules are data (`recommend/rules/*.csv`, each fact with its source): the level of
government of each kind of place, the cities that govern at both levels (a city that is
itself a province: Jakarta, Seoul, Berlin), and the partner countries a country's law or
policy excludes. A candidate is left out when its level differs from the query place's
(a city-region shares both levels), when either country excludes the other, or when it
has no coordinates or no country while the query place has them. Each rule can be lifted
for one query (`RuleOptions`). The subdivision of a city-region ("iso:DE-BE") is never
proposed: its city stands for it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
import pycountry

from kembar import vocab
from kembar.errors import InvalidInput
from kembar.gazetteer.countries import countries

if TYPE_CHECKING:
    from kembar.recommend.graph import Features, Node, Query

LEVELS = ("national", "regional", "local")
PARTNER_RULES = ("exclude",)
ANY_COUNTRY = "*"


@dataclass(frozen=True)
class RuleOptions:
    """Rules lifted for one query."""

    any_level: bool = False  # propose places of any level of government
    any_country: bool = False  # ignore the partner-country rules
    unlocated: bool = False  # also propose places without coordinates or country


@dataclass(frozen=True)
class Policy:
    levels: dict[tuple[str, str], str]  # (country or "*", kind) -> level
    excluded: dict[str, frozenset[str]]  # country -> partner countries it excludes
    sources: dict[tuple[str, str], str]  # (country, partner) -> where the fact comes from
    # ISO 3166-2 code of a first-level subdivision -> GeoNames id of the city that it is
    city_regions: dict[str, int] = field(default_factory=dict)

    def level(self, country: str, kind: str) -> str:
        return self.levels.get((country, kind)) or self.levels.get((ANY_COUNTRY, kind)) or "local"

    def forbids(self, a: str, b: str) -> bool:
        """Whether the countries' rules forbid a partnership between a place of a and one of b."""
        return b in self.excluded.get(a, frozenset()) or a in self.excluded.get(b, frozenset())

    def excluded_for(self, country: str) -> set[str]:
        """Every country a place of `country` may not partner with, by either side's rules."""
        return set(self.excluded.get(country, frozenset())) | {
            c for c, banned in self.excluded.items() if country in banned
        }


def _rows(text: str, name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a rule file with their line numbers (comments and blanks skipped)."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    if not lines:
        raise InvalidInput(f"{name}: no header line (expected {','.join(columns)})")
    header_n, header = lines[0]
    got = tuple(h.strip() for h in next(csv.reader([header])))
    if got != columns:
        raise InvalidInput(f"{name} line {header_n}: expected the columns {','.join(columns)}, not {header}")
    out = []
    for n, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(columns):
            raise InvalidInput(f"{name} line {n}: expected {len(columns)} values, found {len(values)}")
        out.append((n, dict(zip(columns, (v.strip() for v in values), strict=True))))
    return out


def _country(value: str, name: str, n: int, wildcard: bool) -> str:
    code = value.upper()
    if (wildcard and code == ANY_COUNTRY) or code in countries():
        return code
    raise InvalidInput(f"{name} line {n}: unknown country code {value!r} (ISO 3166-1 alpha-2 expected)")


def _city_regions(text: str) -> dict[str, int]:
    name = "city_regions.csv"
    out: dict[str, int] = {}
    for n, row in _rows(text, name, ("region", "geonameid", "city", "source")):
        if pycountry.subdivisions.get(code=row["region"].upper()) is None:
            code = row["region"]
            raise InvalidInput(f"{name} line {n}: unknown region code {code!r} (ISO 3166-2 expected)")
        if not row["geonameid"].isdigit():
            raise InvalidInput(f"{name} line {n}: the geonameid {row['geonameid']!r} is not a number")
        if not row["city"] or not row["source"]:
            raise InvalidInput(f"{name} line {n}: the {'city' if not row['city'] else 'source'} is missing")
        region, city = row["region"].upper(), int(row["geonameid"])
        if region in out or city in out.values():  # one city is one region, both ways
            twice = region if region in out else f"the geonameid {city}"
            raise InvalidInput(f"{name} line {n}: {twice} is listed twice")
        out[region] = city
    return out


def parse(levels_text: str, partners_text: str, city_regions_text: str = "") -> Policy:
    """The policy of the rule files' texts; InvalidInput naming the file and line of the
    first wrong value (country or region code, kind, level or rule) or missing source."""
    levels: dict[tuple[str, str], str] = {}
    for n, row in _rows(levels_text, "levels.csv", ("country", "kind", "level", "source")):
        cc = _country(row["country"], "levels.csv", n, wildcard=True)
        if row["kind"] not in vocab.PLACE_KINDS:
            valid = ", ".join(vocab.PLACE_KINDS)
            raise InvalidInput(f"levels.csv line {n}: unknown kind {row['kind']!r}; valid: {valid}")
        if row["level"] not in LEVELS:
            raise InvalidInput(
                f"levels.csv line {n}: unknown level {row['level']!r}; valid: {', '.join(LEVELS)}"
            )
        if not row["source"]:
            raise InvalidInput(f"levels.csv line {n}: the source is missing")
        levels[(cc, row["kind"])] = row["level"]
    excluded: dict[str, set[str]] = {}
    sources: dict[tuple[str, str], str] = {}
    columns = ("country", "rule", "partner", "source")
    for n, row in _rows(partners_text, "partner_countries.csv", columns):
        cc = _country(row["country"], "partner_countries.csv", n, wildcard=False)
        partner = _country(row["partner"], "partner_countries.csv", n, wildcard=False)
        if row["rule"] not in PARTNER_RULES:
            valid = ", ".join(PARTNER_RULES)
            rule = row["rule"]
            raise InvalidInput(f"partner_countries.csv line {n}: unknown rule {rule!r}; valid: {valid}")
        if not row["source"]:
            raise InvalidInput(f"partner_countries.csv line {n}: the source is missing")
        excluded.setdefault(cc, set()).add(partner)
        sources[(cc, partner)] = row["source"]
    cities = _city_regions(city_regions_text) if city_regions_text.strip() else {}
    return Policy(levels, {c: frozenset(v) for c, v in excluded.items()}, sources, cities)


@lru_cache(maxsize=1)
def policy() -> Policy:
    """The bundled rules (read once per process)."""
    folder = resources.files("kembar.recommend").joinpath("rules")
    return parse(
        folder.joinpath("levels.csv").read_text("utf-8"),
        folder.joinpath("partner_countries.csv").read_text("utf-8"),
        folder.joinpath("city_regions.csv").read_text("utf-8"),
    )


# Per graph: each place's level, whether it is located, governs at both levels or is folded
# into its city (computed once per Features).
@dataclass(frozen=True)
class PlaceLevels:
    level: np.ndarray  # index in LEVELS
    located: np.ndarray
    both: np.ndarray  # a city-region or its subdivision: local and regional at once
    folded: np.ndarray  # a city-region's subdivision whose city is in the graph


_levels: WeakKeyDictionary[Features, tuple[Policy, PlaceLevels]] = WeakKeyDictionary()
BOTH = frozenset({LEVELS.index("regional"), LEVELS.index("local")})


def governs(
    pol: Policy, country: str, kind: str, geonameid: int | None, admin_code: str | None
) -> frozenset[str]:
    """The levels of government a place holds: its kind's level in its country, or the
    regional and the local at once for a city that is itself a first-level subdivision
    (city_regions.csv) or for that subdivision. Two places are peers when they share one."""
    level = pol.level(country, kind)
    city = geonameid is not None and geonameid in pol.city_regions.values()
    if city or (admin_code in pol.city_regions and level == "regional"):
        return frozenset({"regional", "local"})
    return frozenset({level})


def both_levels(pol: Policy, node: Node) -> bool:
    """Whether the place governs at the local and the regional level at once."""
    return len(governs(pol, node.country, node.kind, node.geonameid, node.admin_code)) > 1


def _levels_of(pol: Policy, node: Node) -> frozenset[int]:
    held = governs(pol, node.country, node.kind, node.geonameid, node.admin_code)
    return frozenset(LEVELS.index(level) for level in held)


def place_levels(fs: Features, pol: Policy | None = None) -> PlaceLevels:
    pol = pol or policy()
    cached = _levels.get(fs)
    if cached is None or cached[0] is not pol:
        nodes = [fs.g.nodes[int(pid)] for pid in fs.ids]
        level = np.array([LEVELS.index(pol.level(nd.country, nd.kind)) for nd in nodes], dtype=np.int8)
        located = ~np.isnan(fs.xyz).any(axis=1) & np.array([bool(nd.country) for nd in nodes])
        both = np.array([both_levels(pol, nd) for nd in nodes], dtype=bool)
        present = {nd.geonameid for nd in nodes} & set(pol.city_regions.values())
        folded = np.array(
            [
                nd.geonameid is None
                and level[i] == LEVELS.index("regional")
                and pol.city_regions.get(nd.admin_code or "") in present
                for i, nd in enumerate(nodes)
            ],
            dtype=bool,
        )
        cached = _levels[fs] = (pol, PlaceLevels(level, located, both, folded & both))
    return cached[1]


def allowed(
    fs: Features, q: Query, options: RuleOptions | None = None, pol: Policy | None = None
) -> np.ndarray:
    """Which places the rules let be proposed to the query place (a boolean per place)."""
    options = options or RuleOptions()
    pol = pol or policy()
    places = place_levels(fs, pol)
    mask = ~places.folded
    node = q.node
    if not options.any_level:
        mine = _levels_of(pol, node)
        mask &= np.isin(places.level, sorted(mine)) | (places.both & bool(mine & BOTH))
    if not options.any_country and node.country:
        banned = pol.excluded_for(node.country)
        if banned:
            mask &= ~np.isin(np.array(fs.countries), sorted(banned))[fs.cidx]
    if not options.unlocated and node.country and not np.isnan(q.xyz).any():
        mask &= places.located
    return mask


def breaks(
    fs: Features, q: Query, j: int, options: RuleOptions | None = None, pol: Policy | None = None
) -> list[str]:
    """The rules candidate index j breaks for the query (empty when none), in words, as
    `allowed` reads them: "folded" for a city-region's subdivision, which its city stands for."""
    options = options or RuleOptions()
    pol = pol or policy()
    node, cand = q.node, fs.g.nodes[int(fs.ids[j])]
    out = ["folded"] if place_levels(fs, pol).folded[j] else []  # no option lifts it
    if not options.any_level and not _levels_of(pol, node) & _levels_of(pol, cand):
        out.append("level")
    if not options.any_country and pol.forbids(node.country, cand.country):
        out.append("country")
    located = cand.lat is not None and cand.lon is not None and bool(cand.country)
    if not options.unlocated and node.country and not np.isnan(q.xyz).any() and not located:
        out.append("unlocated")
    return out

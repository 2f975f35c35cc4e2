"""Rules applied before ranking: who may be proposed to whom at all.

The rules are data (`recommend/rules/*.csv`, each fact with its source): the level of
government of each kind of place, and the partner countries a country's law or policy
excludes. A candidate is left out when its level differs from the query place's, when
either country excludes the other, or when it has no coordinates or no country while the
query place has them. Each rule can be lifted for one query (`RuleOptions`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np

from kembar import vocab
from kembar.errors import InvalidInput
from kembar.gazetteer.countries import countries

if TYPE_CHECKING:
    from kembar.recommend.graph import Features, Query

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


def parse(levels_text: str, partners_text: str) -> Policy:
    """The policy of two rule files' texts; InvalidInput naming the file and line of the
    first wrong value (country code, kind, level or rule) or missing source."""
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
    return Policy(levels, {c: frozenset(v) for c, v in excluded.items()}, sources)


@lru_cache(maxsize=1)
def policy() -> Policy:
    """The bundled rules (read once per process)."""
    folder = resources.files("kembar.recommend").joinpath("rules")
    return parse(
        folder.joinpath("levels.csv").read_text("utf-8"),
        folder.joinpath("partner_countries.csv").read_text("utf-8"),
    )


# Per graph: each place's level and whether it is located (computed once per Features).
_levels: WeakKeyDictionary[Features, tuple[np.ndarray, np.ndarray]] = WeakKeyDictionary()


def _place_levels(fs: Features, pol: Policy) -> tuple[np.ndarray, np.ndarray]:
    cached = _levels.get(fs)
    if cached is None:
        nodes = [fs.g.nodes[int(pid)] for pid in fs.ids]
        level = np.array([LEVELS.index(pol.level(nd.country, nd.kind)) for nd in nodes], dtype=np.int8)
        located = ~np.isnan(fs.xyz).any(axis=1) & np.array([bool(nd.country) for nd in nodes])
        cached = _levels[fs] = (level, located)
    return cached


def allowed(
    fs: Features, q: Query, options: RuleOptions | None = None, pol: Policy | None = None
) -> np.ndarray:
    """Which places the rules let be proposed to the query place (a boolean per place)."""
    options = options or RuleOptions()
    pol = pol or policy()
    level, located = _place_levels(fs, pol)
    mask = np.ones(len(fs.ids), dtype=bool)
    node = q.node
    if not options.any_level:
        mask &= level == LEVELS.index(pol.level(node.country, node.kind))
    if not options.any_country and node.country:
        banned = pol.excluded_for(node.country)
        if banned:
            mask &= ~np.isin(np.array(fs.countries), sorted(banned))[fs.cidx]
    if not options.unlocated and node.country and not np.isnan(q.xyz).any():
        mask &= located
    return mask


def breaks(fs: Features, q: Query, j: int, options: RuleOptions | None = None) -> list[str]:
    """The rules candidate index j breaks for the query (empty when none), in words."""
    options = options or RuleOptions()
    pol = policy()
    node, cand = q.node, fs.g.nodes[int(fs.ids[j])]
    out = []
    if not options.any_level and pol.level(node.country, node.kind) != pol.level(cand.country, cand.kind):
        out.append("level")
    if not options.any_country and pol.forbids(node.country, cand.country):
        out.append("country")
    located = cand.lat is not None and cand.lon is not None and bool(cand.country)
    if not options.unlocated and node.country and not np.isnan(q.xyz).any() and not located:
        out.append("unlocated")
    return out

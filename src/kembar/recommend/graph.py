"""The partnership graph in memory, and the features of a (place, candidate) pair."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Partnership, Place, PlaceTag
from kembar.gazetteer.geo import haversine_km
from kembar.text import fold

FEATURES = (
    "adamic_adar",
    "common_partners",
    "candidate_degree",
    "country_affinity",
    "own_country_share",
    "same_country",
    "log_distance",
    "population_gap",
    "both_capitals",
    "namesake",
    "candidate_likes_my_country",
    "near_my_partners",
    "near_its_partners",
    "neighbours_partner",
)


@dataclass
class Node:
    id: int
    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    capital: bool
    new_capital: bool


@dataclass
class Graph:
    nodes: dict[int, Node]
    adj: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def load(cls, session: Session) -> Graph:
        tags: dict[int, set[str]] = defaultdict(set)
        for pid, tag in session.execute(select(PlaceTag.place_id, PlaceTag.tag)):
            tags[pid].add(tag)
        nodes = {
            r.id: Node(
                r.id,
                r.name,
                r.country_code,
                r.lat,
                r.lon,
                r.population or 0,
                "capital" in tags[r.id],
                "new_capital" in tags[r.id],
            )
            for r in session.execute(
                select(
                    Place.id, Place.name, Place.country_code, Place.lat, Place.lon, Place.population
                ).where(Place.partner_count > 0)
            )
        }
        g = cls(nodes)
        for a, b in session.execute(select(Partnership.place_a_id, Partnership.place_b_id)):
            if a in nodes and b in nodes:
                g.adj[a].add(b)
                g.adj[b].add(a)
        return g

    def edges(self) -> list[tuple[int, int]]:
        return [(a, b) for a, ns in self.adj.items() for b in ns if a < b]

    def without(self, removed: list[tuple[int, int]]) -> Graph:
        g = Graph(self.nodes)
        for a, ns in self.adj.items():
            g.adj[a] = set(ns)
        for a, b in removed:
            g.adj[a].discard(b)
            g.adj[b].discard(a)
        return g


class Featurizer:
    """Everything the features need, computed once per graph."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.degree = {n: len(g.adj.get(n, ())) for n in g.nodes}
        self.country_pairs: Counter[tuple[str, str]] = Counter()
        self.country_total: Counter[str] = Counter()
        for a, b in g.edges():
            ca, cb = g.nodes[a].country, g.nodes[b].country
            self.country_pairs[(ca, cb)] += 1
            self.country_pairs[(cb, ca)] += 1
            self.country_total[ca] += 1
            self.country_total[cb] += 1
        self.by_country: dict[str, list[int]] = defaultdict(list)
        for n in sorted(g.nodes, key=lambda n: -self.degree[n]):
            self.by_country[g.nodes[n].country].append(n)
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n, node in g.nodes.items():
            if node.lat is not None and node.lon is not None:
                self.grid[(int(node.lat // 1), int(node.lon // 1))].append(n)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for n, node in g.nodes.items():
            self.by_name[fold(node.name)].append(n)

    def near(self, n: int, km: float = 60.0) -> list[int]:
        node = self.g.nodes[n]
        if node.lat is None or node.lon is None:
            return []
        cell = (int(node.lat // 1), int(node.lon // 1))
        out = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for m in self.grid.get((cell[0] + dy, cell[1] + dx), ()):
                    o = self.g.nodes[m]
                    if m != n and haversine_km(node.lat, node.lon, o.lat, o.lon) <= km:  # type: ignore[arg-type]
                        out.append(m)
        return out

    def affinity(self, cu: str, cv: str) -> float:
        total = self.country_total[cu]
        return self.country_pairs[(cu, cv)] / total if total else 0.0

    def candidates(self, u: int, limit: int = 3000) -> list[int]:
        g, mine = self.g, self.g.adj.get(u, set())
        out: dict[int, None] = {}
        for w in mine:
            for v in g.adj.get(w, ()):
                out[v] = None
        node = g.nodes[u]
        partner_countries = Counter(g.nodes[w].country for w in mine)
        scores: dict[str, float] = {
            c: self.affinity(node.country, c)
            for c in {c for (a, c) in self.country_pairs if a == node.country}
        }
        for c, n in partner_countries.items():
            scores[c] = scores.get(c, 0.0) + n / max(len(mine), 1)
        for c in sorted(scores, key=lambda c: -scores[c])[:12]:
            for v in self.by_country[c][:150]:
                out[v] = None
        for v in self.by_name.get(fold(node.name), ()):
            out[v] = None
        # Neighbouring towns twin into the same regions: partners of places near u, and
        # places near u's partners.
        for w in self.near(u):
            for v in g.adj.get(w, ()):
                out[v] = None
        for w in list(mine)[:30]:
            for v in self.near(w, 40.0):
                out[v] = None
        out.pop(u, None)
        for w in mine:
            out.pop(w, None)
        return list(out)[:limit]

    def _nearest(self, node: Node, others: set[int]) -> float:
        """log(1 + km) to the nearest of `others` (their partners cluster in regions)."""
        if node.lat is None or node.lon is None:
            return math.log1p(5000.0)
        best = 20000.0
        for w in others:
            o = self.g.nodes[w]
            if o.lat is not None and o.lon is not None:
                best = min(best, haversine_km(node.lat, node.lon, o.lat, o.lon))
        return math.log1p(best)

    def matrix(self, u: int, cands: list[int]) -> np.ndarray:
        g = self.g
        nu = g.nodes[u]
        mine = g.adj.get(u, set())
        partner_countries = Counter(g.nodes[w].country for w in mine)
        near_u = set(self.near(u))
        rows = np.zeros((len(cands), len(FEATURES)), dtype=np.float64)
        for i, v in enumerate(cands):
            nv = g.nodes[v]
            common = mine & g.adj.get(v, set())
            aa = sum(1.0 / math.log(max(self.degree[w], 2)) for w in common)
            if nu.lat is not None and nu.lon is not None and nv.lat is not None and nv.lon is not None:
                dist = haversine_km(nu.lat, nu.lon, nv.lat, nv.lon)
            else:
                dist = 5000.0
            rows[i] = (
                aa,
                len(common),
                math.log1p(self.degree[v]),
                self.affinity(nu.country, nv.country),
                partner_countries[nv.country] / max(len(mine), 1),
                1.0 if nu.country == nv.country else 0.0,
                math.log1p(dist),
                abs(math.log1p(nu.population) - math.log1p(nv.population)),
                1.0 if nu.capital and nv.capital else 0.0,
                1.0 if fold(nu.name) == fold(nv.name) else 0.0,
                sum(1 for w in g.adj.get(v, ()) if g.nodes[w].country == nu.country) / max(self.degree[v], 1),
                self._nearest(nv, mine),
                self._nearest(nu, g.adj.get(v, set())),
                len(near_u & g.adj.get(v, set())),
            )
        return rows

"""The partnership graph as a whole: the compact map payload, rankings of places by
partners and by centrality (PageRank), the country-by-country matrix and the
distribution of partners per place.

Results are cached per registry version, a cheap fingerprint that changes whenever a
partnership or place is added or removed.
"""

from __future__ import annotations

import gzip
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.cache import Cache, stamp
from kembar.db.models import Partnership, Place
from kembar.schemas import MapData

# Derived views, rebuilt when the registry changes (kembar/cache.py).
_cache: Cache[Any] = Cache(size=16)


def registry_version(session: Session) -> str:
    """The state of the registry the derived views were built from (its newest change set)."""
    return stamp(session).rsplit("#", 1)[1]


def _cached(session: Session, name: str, build: Any) -> Any:
    return _cache.get(session, name, build)


def _edges(session: Session) -> list[tuple[int, int, int]]:
    stmt = select(Partnership.id, Partnership.place_a_id, Partnership.place_b_id)
    return [(pid, a, b) for pid, a, b in session.execute(stmt)]


def map_data(session: Session) -> MapData:
    """Every partnership whose two places have coordinates, as indexed edges."""

    def build() -> MapData:
        version = registry_version(session)
        rows = session.execute(
            select(Place.id, Place.lat, Place.lon, Place.partner_count, Place.name, Place.country_code)
            .where(Place.partner_count > 0, Place.lat.is_not(None), Place.lon.is_not(None))
            .order_by(Place.partner_count.desc(), Place.id)
        ).all()
        index = {r[0]: i for i, r in enumerate(rows)}
        places = [(r[0], round(r[1] or 0.0, 3), round(r[2] or 0.0, 3), r[3], r[4], r[5]) for r in rows]
        edges: list[int] = []
        ids: list[int] = []
        for pid, a, b in _edges(session):
            if a in index and b in index:
                edges += (index[a], index[b])
                ids.append(pid)
        # Built from typed rows just read: skip re-validating 40,000 tuples.
        return MapData.model_construct(version=version, places=places, edges=edges, ids=ids)

    result: MapData = _cached(session, "map", build)
    return result


def map_subset(session: Session, keep: set[int]) -> MapData:
    """The map of these partnerships only (a faceted selection): their edges, and the
    places they join, indexed afresh."""
    full = map_data(session)
    edges: list[int] = []
    ids: list[int] = []
    index: dict[int, int] = {}
    places: list[tuple[int, float, float, int, str, str]] = []
    for k, pid in enumerate(full.ids):
        if pid not in keep:
            continue
        for end in (full.edges[2 * k], full.edges[2 * k + 1]):
            if end not in index:
                index[end] = len(places)
                places.append(full.places[end])
            edges.append(index[end])
        ids.append(pid)
    return MapData.model_construct(version=full.version, places=places, edges=edges, ids=ids)


def map_payload(session: Session) -> tuple[str, bytes, bytes]:
    """(version, JSON bytes, gzipped JSON bytes) of map_data, built once per version."""

    def build() -> tuple[str, bytes, bytes]:
        data = map_data(session)
        raw = data.model_dump_json().encode()
        return data.version, raw, gzip.compress(raw, compresslevel=4)

    result: tuple[str, bytes, bytes] = _cached(session, "map-bytes", build)
    return result


def pagerank(edges: list[tuple[int, int]], damping: float = 0.85, rounds: int = 40) -> dict[int, float]:
    """PageRank of an undirected graph by power iteration (scores sum to 1)."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    nodes = list(neighbours)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(rounds):
        nxt = dict.fromkeys(nodes, (1.0 - damping) / n)
        for node in nodes:
            share = damping * rank[node] / len(neighbours[node])
            for other in neighbours[node]:
                nxt[other] += share
        rank = nxt
    return rank


@dataclass(frozen=True)
class RankedPlace:
    id: int
    name: str
    country: str
    partners: int
    centrality: float


@dataclass(frozen=True)
class Network:
    by_partners: list[RankedPlace]
    by_centrality: list[RankedPlace]
    matrix_countries: list[str]
    matrix: list[list[int]]
    distribution: list[tuple[str, int]]
    places: int
    partnerships: int


_BINS = ((1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, 10_000))


def network(session: Session, top: int = 25, matrix_size: int = 20) -> Network:
    """The `top` places by partners and by centrality, the matrix of the `matrix_size`
    countries with most partnerships, and the distribution of partners per place."""
    key = f"network:{top}:{matrix_size}"
    result: Network = _cached(session, key, lambda: _network(session, top, matrix_size))
    return result


def _network(session: Session, top: int, matrix_size: int) -> Network:
    edges = _edges(session)
    ranks = pagerank([(a, b) for _, a, b in edges])
    info = {
        r[0]: r
        for r in session.execute(
            select(Place.id, Place.name, Place.country_code, Place.partner_count).where(
                Place.partner_count > 0
            )
        )
    }

    def ranked(pid: int) -> RankedPlace:
        _, name, cc, partners = info[pid]
        return RankedPlace(pid, name, cc, partners, round(ranks.get(pid, 0.0) * len(ranks), 3))

    by_partners = sorted(info, key=lambda p: (-info[p][3], info[p][1]))[:top]
    by_centrality = sorted(ranks, key=lambda p: -ranks[p])[:top]
    codes, matrix = _country_matrix(edges, {pid: row[2] for pid, row in info.items()}, matrix_size)
    return Network(
        by_partners=[ranked(p) for p in by_partners],
        by_centrality=[ranked(p) for p in by_centrality],
        matrix_countries=codes,
        matrix=matrix,
        distribution=_distribution(Counter(row[3] for row in info.values())),
        places=len(info),
        partnerships=len(edges),
    )


def _country_matrix(
    edges: list[tuple[int, int, int]], country: dict[int, str], size: int
) -> tuple[list[str], list[list[int]]]:
    """The `size` countries with most partnerships, and the partnerships between each two
    of them (a partnership within one country counted once, on the diagonal)."""
    pair_counts: Counter[tuple[str, str]] = Counter()
    country_totals: Counter[str] = Counter()
    for _, a, b in edges:
        ca, cb = country[a], country[b]
        pair_counts[(ca, cb)] += 1
        if ca != cb:
            pair_counts[(cb, ca)] += 1
        country_totals[ca] += 1
        if ca != cb:
            country_totals[cb] += 1
    codes = [c for c, _ in country_totals.most_common(size)]
    return codes, [[pair_counts.get((r, c), 0) for c in codes] for r in codes]


def _distribution(degrees: Counter[int]) -> list[tuple[str, int]]:
    """How many places have 1, 2, 3, 4-5, ... partners (`degrees`: places by partners)."""
    distribution = []
    for lo, hi in _BINS:
        label = str(lo) if lo == hi else (f"{lo}-{hi}" if hi < 10_000 else f"{lo}+")
        distribution.append((label, sum(n for d, n in degrees.items() if lo <= d <= hi)))
    return distribution

"""The partnership graph in memory, and the features of a place against every other place.

`Features` holds the graph as sparse matrices and the places' profiles as arrays, so that
one query scores all ~17,000 places in a few milliseconds (numpy and scipy.sparse).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Partnership, Place, PlaceTag
from kembar.recommend import geography as geo
from kembar.text import fold

# Places within this distance of each other are neighbours for the regional signals.
NEIGHBOUR_KM = 50.0

FEATURES = (
    # the graph
    "resource_allocation",
    "adamic_adar",
    "common_partners",
    "paths_of_three",
    "candidate_degree",
    "my_degree",
    "personalised_pagerank",
    "embedding_similarity",
    # countries
    "country_affinity",
    "reverse_affinity",
    "own_country_share",
    "candidate_likes_my_country",
    "neighbourhood_country_share",
    "same_country",
    # geography
    "log_distance",
    "near_my_partners",
    "near_its_partners",
    "neighbours_partner",
    "regional_links",
    # profile
    "population_gap",
    "candidate_population",
    "rank_gap",
    "candidate_rank",
    "both_capitals",
    "both_new_capitals",
    "same_band",
    "latitude_gap",
    "both_coastal",
    "namesake",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


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
    region: str | None = None  # name of its first-level region, when known
    kind: str = "city"  # city, regency, province or country (vocab.PLACE_KINDS)
    geonameid: int | None = None
    admin_code: str | None = None  # ISO 3166-2 code of the place (a province) or of its region


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
                r.admin_name,
                r.kind,
                r.geonameid,
                r.admin_code,
            )
            for r in session.execute(
                select(
                    Place.id,
                    Place.name,
                    Place.country_code,
                    Place.lat,
                    Place.lon,
                    Place.population,
                    Place.admin_name,
                    Place.kind,
                    Place.geonameid,
                    Place.admin_code,
                ).where((Place.partner_count > 0) | (Place.kind != "country"))
            )
        }
        g = cls(_centre_regions(nodes))
        for a, b in session.execute(select(Partnership.place_a_id, Partnership.place_b_id)):
            if a in nodes and b in nodes and a != b:
                g.adj[a].add(b)
                g.adj[b].add(a)
        return g

    def edges(self) -> list[tuple[int, int]]:
        return [(a, b) for a in sorted(self.adj) for b in sorted(self.adj[a]) if a < b]

    def without(self, removed: list[tuple[int, int]]) -> Graph:
        g = Graph(self.nodes)
        for a, ns in self.adj.items():
            g.adj[a] = set(ns)
        for a, b in removed:
            g.adj[a].discard(b)
            g.adj[b].discard(a)
        return g


@dataclass
class Query:
    """The place recommendations are asked for, as the features need it."""

    node: Node
    index: int | None  # None for a place outside the graph
    partners: np.ndarray  # indices of its partners
    row: sparse.csr_matrix  # 1 x places: its partners
    hood: sparse.csr_matrix  # 1 x places: its neighbours, and itself when in the graph
    near: sparse.csr_matrix  # 1 x places: its neighbours
    xyz: np.ndarray
    cidx: int  # -1 when no place of its country is in the graph
    ridx: int  # -1 when its region is unknown or has no place in the graph
    logpop: float
    logrank: float  # log of its rank by population among its country's places (1: the largest)
    capital: bool
    new_capital: bool
    band: int
    lat: float
    coastal: bool
    name_id: int


def region_key(node: Node) -> str | None:
    return f"{node.country}:{fold(node.region)}" if node.region else None


def _centre_regions(nodes: dict[int, Node]) -> dict[int, Node]:
    """The nodes, a province without coordinates placed at the centre of its region's
    located places (few need it: the gazetteer places most provinces at their capital or
    largest town; 314 of the atlas's 3,882 have no coordinates of their own)."""
    sums: dict[str, np.ndarray] = {}
    for nd in nodes.values():
        key = region_key(nd)
        if key and nd.lat is not None and nd.lon is not None:
            v = geo.unit_vectors(np.array([nd.lat]), np.array([nd.lon]))[0]
            sums[key] = sums.get(key, np.zeros(3)) + v
    out = dict(nodes)
    for pid, nd in nodes.items():
        total = sums.get(region_key(nd) or "")
        if nd.kind == "province" and nd.lat is None and total is not None and np.linalg.norm(total) > 0:
            x, y, z = total / np.linalg.norm(total)
            lat, lon = float(np.degrees(np.arcsin(z))), float(np.degrees(np.arctan2(y, x)))
            out[pid] = replace(nd, lat=lat, lon=lon)
    return out


def _onehot(codes: np.ndarray, width: int) -> sparse.csr_matrix:
    n = len(codes)
    return sparse.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, width))


def _ranks(cidx: np.ndarray, logpop: np.ndarray, countries: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each place's log rank by population within its country (1: the most populous; a
    place of unknown population ranks after every place of its country), and each country's known
    populations in descending order."""
    order = np.lexsort((-logpop, cidx))
    rank = np.empty(len(cidx), dtype=np.float64)
    pops: list[np.ndarray] = [np.zeros(0) for _ in range(countries)]
    starts = np.flatnonzero(np.r_[True, cidx[order][1:] != cidx[order][:-1]])
    for a, b in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        members = order[a:b]
        known = logpop[members] > 0
        rank[members] = np.where(known, np.arange(1, len(members) + 1), len(members) + 1)
        pops[int(cidx[members[0]])] = logpop[members][known]
    return np.log(rank), pops


def _embedding(A: sparse.csr_matrix, deg: np.ndarray, dims: int = 32) -> np.ndarray:
    """Unit vectors of the places from the leading singular vectors of the normalised
    adjacency matrix: places in the same part of the network point the same way."""
    from sklearn.utils.extmath import randomized_svd

    scale = sparse.diags(1.0 / np.sqrt(np.maximum(deg, 1.0)))
    u, s, _ = randomized_svd((scale @ A @ scale).tocsr(), dims, n_iter=4, random_state=0)
    vec = u * np.sqrt(s)
    norm = np.linalg.norm(vec, axis=1, keepdims=True)
    return vec / np.maximum(norm, 1e-12)


class Features:
    """The graph and the profiles as arrays; `of(u)` gives every place's features for u."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.ids = np.array(sorted(g.nodes), dtype=np.int64)
        self.index = {int(pid): i for i, pid in enumerate(self.ids)}
        n = len(self.ids)
        rows, cols = [], []
        for a, ns in g.adj.items():
            for b in ns:
                rows.append(self.index[a])
                cols.append(self.index[b])
        self.A = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        self.deg = np.asarray(self.A.sum(axis=1)).ravel()
        nodes = [g.nodes[int(pid)] for pid in self.ids]
        self._count_countries(nodes)
        self._count_regions(nodes)
        self._profile(nodes)
        self._neighbourhoods()
        walk = sparse.diags(1.0 / np.maximum(self.deg, 1.0)) @ self.A
        self.walk_t = walk.T.tocsr()
        self.embedding = _embedding(self.A, self.deg)
        with np.errstate(divide="ignore"):
            self.w_aa = 1.0 / np.log(np.maximum(self.deg, 2))
            self.w_ra = 1.0 / np.maximum(self.deg, 1)

    def _count_countries(self, nodes: list[Node]) -> None:
        """Each place's country, its partners per country, partnerships between countries."""
        self.countries = sorted({nd.country for nd in nodes})
        cindex = {c: i for i, c in enumerate(self.countries)}
        self.cidx = np.array([cindex[nd.country] for nd in nodes], dtype=np.int64)
        onehot = _onehot(self.cidx, len(self.countries))
        # partner counts of each place per country, and partnerships between countries
        self.by_country = (self.A @ onehot).tocsr()
        self.by_country_t = self.by_country.T.tocsr()
        self.country_pairs = np.asarray((onehot.T @ self.by_country).todense())
        self.country_total = self.country_pairs.sum(axis=1)

    def _count_regions(self, nodes: list[Node]) -> None:
        """Partnerships between first-level regions and from regions to countries."""
        # partnerships between first-level regions and from regions to countries, which
        # the reasons quote; places of no known region (ridx -1) share a last column that
        # is never read
        keys = [region_key(nd) for nd in nodes]
        self.regions = sorted({k for k in keys if k})
        self.rindex = {r: i for i, r in enumerate(self.regions)}
        self.ridx = np.array([self.rindex.get(k or "", -1) for k in keys], dtype=np.int64)
        ronehot = _onehot(np.where(self.ridx >= 0, self.ridx, len(self.regions)), len(self.regions) + 1)
        self.region_pairs = (ronehot.T @ (self.A @ ronehot)).tocsr()
        self.region_country = np.asarray((ronehot.T @ self.by_country).todense())
        self.region_total = np.asarray(self.region_pairs.sum(axis=1)).ravel()

    def _profile(self, nodes: list[Node]) -> None:
        """Where each place lies, its coast, latitude band, size and rank, capital, name."""
        lat = np.array([np.nan if nd.lat is None else nd.lat for nd in nodes])
        lon = np.array([np.nan if nd.lon is None else nd.lon for nd in nodes])
        self.lat = lat
        self.xyz = geo.unit_vectors(lat, lon)
        self.coast_km = geo.coast_km(lat, lon)
        self.coastal = self.coast_km <= geo.COASTAL_KM
        bands = {name: i for i, (_, name) in enumerate(geo.BANDS)}
        self.band = np.array([bands.get(geo.band_of(x) or "", -1) for x in lat])
        self.logpop = np.log1p(np.array([nd.population for nd in nodes], dtype=np.float64))
        self.logrank, self.country_pops = _ranks(self.cidx, self.logpop, len(self.countries))
        self.capital = np.array([nd.capital for nd in nodes])
        self.new_capital = np.array([nd.new_capital for nd in nodes])
        names: dict[str, int] = {}
        self.name_id = np.array([names.setdefault(fold(nd.name), len(names)) for nd in nodes])
        self.names = names

    def _neighbourhoods(self) -> None:
        """The located places in a tree, and which lie within NEIGHBOUR_KM of each other."""
        n = len(self.ids)
        known = ~np.isnan(self.xyz).any(axis=1)
        where = np.flatnonzero(known)
        self.located = where  # tree row -> place index
        self.tree = cKDTree(self.xyz[known])
        pairs = self.tree.query_pairs(geo.km_to_chord(NEIGHBOUR_KM), output_type="ndarray")
        i, j = where[pairs[:, 0]], where[pairs[:, 1]]
        near = sparse.csr_matrix(
            (np.ones(2 * len(i)), (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n)
        )
        self.near = near
        self.near_self = (near + sparse.identity(n, format="csr")).tocsr()

    def rank_of(self, country: str, logpop: float) -> float:
        """The log rank a place of that population would have among its country's places."""
        if country not in self.countries or logpop <= 0:
            return float(np.log(len(self.ids) + 1))
        pops = self.country_pops[self.countries.index(country)]  # descending
        return float(np.log(1 + int(np.searchsorted(-pops, -logpop, side="left"))))

    def pagerank(self, i: int, restart: float = 0.15, steps: int = 12) -> np.ndarray:
        """Where random walks from place i along partnerships end up (restarting at i)."""
        start = np.zeros(len(self.ids))
        start[i] = 1.0
        rank = start.copy()
        for _ in range(steps):
            rank = (1 - restart) * (self.walk_t @ rank) + restart * start
        return rank

    def node_index(self, place_id: int) -> int:
        return self.index[place_id]

    def allowed(self, i: int | None) -> np.ndarray:
        """Which places may be proposed to place index i (None: a place outside the
        graph): those with partnerships (a place with none is no one's evidence of
        anything yet), never i itself nor its partners."""
        mask = self.deg > 0
        if i is not None:
            mask[self.excluded(i)] = False
        return mask

    def excluded(self, i: int) -> np.ndarray:
        """Indices never to propose for place i: itself and its partners."""
        return np.concatenate([[i], self.A.indices[self.A.indptr[i] : self.A.indptr[i + 1]]])

    def partners(self, i: int) -> np.ndarray:
        return self.A.indices[self.A.indptr[i] : self.A.indptr[i + 1]]

    def query(self, i: int) -> Query:
        """The query for place index i of the graph."""
        return Query(
            node=self.g.nodes[int(self.ids[i])],
            index=i,
            partners=self.partners(i),
            row=self.A[i],
            hood=self.near_self[i],
            near=self.near[i],
            xyz=self.xyz[i],
            cidx=int(self.cidx[i]),
            ridx=int(self.ridx[i]),
            logpop=float(self.logpop[i]),
            logrank=float(self.logrank[i]),
            capital=bool(self.capital[i]),
            new_capital=bool(self.new_capital[i]),
            band=int(self.band[i]),
            lat=float(self.lat[i]),
            coastal=bool(self.coastal[i]),
            name_id=int(self.name_id[i]),
        )

    def query_at(self, node: Node) -> Query:
        """The query for a place outside the graph (no partnership known), from its
        profile: country, coordinates, population, capital status and name."""
        n = len(self.ids)
        lat = np.array([np.nan if node.lat is None else node.lat])
        lon = np.array([np.nan if node.lon is None else node.lon])
        xyz = geo.unit_vectors(lat, lon)[0]
        around: list[int] = []
        if not np.isnan(xyz).any():
            around = [
                int(self.located[j]) for j in self.tree.query_ball_point(xyz, geo.km_to_chord(NEIGHBOUR_KM))
            ]
        near = sparse.csr_matrix(
            (np.ones(len(around)), (np.zeros(len(around), dtype=int), around)), shape=(1, n)
        )
        bands = {name: k for k, (_, name) in enumerate(geo.BANDS)}
        return Query(
            node=node,
            index=None,
            partners=np.zeros(0, dtype=np.int64),
            row=sparse.csr_matrix((1, n)),
            hood=near,
            near=near,
            xyz=xyz,
            cidx=self.countries.index(node.country) if node.country in self.countries else -1,
            ridx=self.rindex.get(region_key(node) or "", -1),
            logpop=float(np.log1p(node.population)),
            logrank=self.rank_of(node.country, float(np.log1p(node.population))),
            capital=node.capital,
            new_capital=node.new_capital,
            band=bands.get(geo.band_of(node.lat) or "", -1),
            lat=float(lat[0]),
            coastal=bool(geo.coast_km(lat, lon)[0] <= geo.COASTAL_KM),
            name_id=self.names.get(fold(node.name), -1),
        )

    def of(self, q: Query | int, rows: np.ndarray | None = None) -> np.ndarray:
        """The feature matrix (places x FEATURES) of every place as a partner for q, or of
        the places `rows` only (training keeps a few dozen rows of each query: computing
        the other 17,000 was nine tenths of its time). Row for row the same values."""
        if isinstance(q, int | np.integer):
            q = self.query(int(q))
        r: np.ndarray | slice = slice(None) if rows is None else np.asarray(rows, dtype=np.int64)
        m = len(self.ids) if rows is None else len(rows)
        x = np.zeros((m, len(FEATURES)), dtype=np.float32)
        deg, cidx = self.deg[r], self.cidx[r]
        self._network_of(x, q, r, deg)
        self._countries_of(x, q, r, deg, cidx)
        self._distances_of(x, q, r, deg)
        x[:, INDEX["neighbours_partner"]] = _dense(q.near @ self.A, r)
        x[:, INDEX["regional_links"]] = np.log1p(_dense((q.hood @ self.A) @ self.near_self, r))
        self._profile_of(x, q, r)
        return x

    def _network_of(self, x: np.ndarray, q: Query, r: np.ndarray | slice, deg: np.ndarray) -> None:
        """The features of the two places' partner lists: shared partners and paths, the
        degrees, and where the candidates lie in the network seen from the query."""
        A, row = self.A, q.row
        common = row @ A
        x[:, INDEX["common_partners"]] = _dense(common, r)
        x[:, INDEX["adamic_adar"]] = _dense(row.multiply(self.w_aa) @ A, r)
        x[:, INDEX["resource_allocation"]] = _dense(row.multiply(self.w_ra) @ A, r)
        x[:, INDEX["paths_of_three"]] = np.log1p(_dense(common @ A, r))
        x[:, INDEX["candidate_degree"]] = np.log1p(deg)
        x[:, INDEX["my_degree"]] = np.log1p(float(len(q.partners)))
        if q.index is not None:
            x[:, INDEX["personalised_pagerank"]] = np.log(self.pagerank(q.index)[r] + 1e-9)
            x[:, INDEX["embedding_similarity"]] = self.embedding[r] @ self.embedding[q.index]
        else:
            x[:, INDEX["personalised_pagerank"]] = np.log(1e-9)

    def _profile_of(self, x: np.ndarray, q: Query, r: np.ndarray | slice) -> None:
        """The features of the two places' profiles: size and rank by size, capitals,
        latitude, coast and name."""
        logpop, logrank = self.logpop[r], self.logrank[r]
        x[:, INDEX["population_gap"]] = np.abs(logpop - q.logpop)
        x[:, INDEX["candidate_population"]] = logpop
        x[:, INDEX["rank_gap"]] = np.abs(logrank - q.logrank)
        x[:, INDEX["candidate_rank"]] = logrank
        x[:, INDEX["both_capitals"]] = self.capital[r] & q.capital
        x[:, INDEX["both_new_capitals"]] = self.new_capital[r] & q.new_capital
        band = self.band[r]
        x[:, INDEX["same_band"]] = (band == q.band) & (band >= 0)
        x[:, INDEX["latitude_gap"]] = np.nan_to_num(np.abs(np.abs(self.lat[r]) - abs(q.lat)), nan=90.0)
        x[:, INDEX["both_coastal"]] = self.coastal[r] & q.coastal
        x[:, INDEX["namesake"]] = self.name_id[r] == q.name_id

    def _countries_of(
        self, x: np.ndarray, q: Query, r: np.ndarray | slice, deg: np.ndarray, cidx: np.ndarray
    ) -> None:
        """The features of the candidates' countries and of the query's partners' ones."""
        cu, degree = q.cidx, float(len(q.partners))
        if cu >= 0:
            total = max(self.country_total[cu], 1.0)
            x[:, INDEX["country_affinity"]] = (self.country_pairs[cu] / total)[cidx]
            x[:, INDEX["reverse_affinity"]] = self.country_pairs[cidx, cu] / np.maximum(
                self.country_total[cidx], 1.0
            )
            likes = np.asarray(self.by_country_t[cu].toarray()).ravel()[r]
            x[:, INDEX["candidate_likes_my_country"]] = likes / np.maximum(deg, 1.0)
            x[:, INDEX["same_country"]] = cidx == cu
        if len(q.partners):
            mine_by_country = np.bincount(self.cidx[q.partners], minlength=len(self.countries))
            x[:, INDEX["own_country_share"]] = (mine_by_country / degree)[cidx]
        hood_by_country = np.asarray((q.hood @ self.by_country).toarray()).ravel()
        x[:, INDEX["neighbourhood_country_share"]] = (hood_by_country / max(hood_by_country.sum(), 1.0))[cidx]

    def _distances_of(self, x: np.ndarray, q: Query, r: np.ndarray | slice, deg: np.ndarray) -> None:
        """How far the candidates are from the query, from its partners, and the query
        from theirs."""
        A, mine = self.A, q.partners
        xyz = self.xyz[r]
        dist = geo.distances_km(self.xyz, q.xyz)  # of every place: their partners need it
        x[:, INDEX["log_distance"]] = np.log1p(dist[r])
        if len(mine):
            cos = np.nan_to_num(xyz @ self.xyz[mine].T, nan=-1.0)
            nearest = geo.EARTH_RADIUS_KM * np.arccos(np.clip(cos.max(axis=1), -1.0, 1.0))
            nearest = np.where(np.isnan(xyz).any(axis=1), geo.FAR_KM, nearest)
        else:
            nearest = np.full(len(xyz), geo.FAR_KM)
        x[:, INDEX["near_my_partners"]] = np.log1p(nearest)
        sub = A if isinstance(r, slice) else A[r]
        to_theirs = dist[sub.indices]
        nonempty = deg > 0
        theirs = np.full(len(xyz), geo.FAR_KM)
        if len(to_theirs):
            theirs[nonempty] = np.minimum.reduceat(to_theirs, sub.indptr[:-1][nonempty])
        x[:, INDEX["near_its_partners"]] = np.log1p(theirs)


def _dense(v: sparse.spmatrix, r: np.ndarray | slice) -> np.ndarray:
    """The rows `r` of a sparse row vector, as a flat array."""
    return np.asarray(v.toarray()).ravel()[r]

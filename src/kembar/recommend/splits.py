"""Ways of hiding partnerships of a graph, to train the ranker and to evaluate it.

- `split`: a share of the partnerships hidden uniformly at random;
- `sparse_split`: a share hidden among those of places with few partners and of countries
  that rarely partner, which imitates the partnerships the Wikipedia lists miss;
- `region_split`: every partnership between a region (province, state) and a place of
  another region, each read as the first region dealing with the second.

The first two keep every place's degree at least 1 (`hide`), so every hidden pair can be
asked; the third does not, since most regions have no partner in the lists at all.
"""

from __future__ import annotations

import random
from collections import Counter

from kembar.recommend import policy
from kembar.recommend.graph import Graph, region_key

# The sparse split: a place with at most this many partners has "few"; two countries
# with at most this many partnerships between them "rarely partner".
FEW_PARTNERS = 3
RARE_PAIR = 10


def split(g: Graph, share: float, seed: int) -> tuple[Graph, list[tuple[int, int]]]:
    """Hide `share` of the edges uniformly at random, keeping every place's degree >= 1."""
    rng = random.Random(seed)
    edges = g.edges()
    rng.shuffle(edges)
    return hide(g, edges, int(len(edges) * share))


def sparse_split(g: Graph, share: float = 0.1, seed: int = 0) -> tuple[Graph, list[tuple[int, int]]]:
    """Hide `share` of all partnerships, drawn (seed) among those of a place with at most
    FEW_PARTNERS partners or between countries with at most RARE_PAIR partnerships, keeping
    every place's degree >= 1."""
    pairs = Counter(tuple(sorted((g.nodes[a].country, g.nodes[b].country))) for a, b in g.edges())
    degree = {n: len(g.adj.get(n, ())) for n in g.nodes}

    def sparse(a: int, b: int) -> bool:
        rare = pairs[tuple(sorted((g.nodes[a].country, g.nodes[b].country)))] <= RARE_PAIR
        return rare or min(degree[a], degree[b]) <= FEW_PARTNERS

    edges = [e for e in g.edges() if sparse(*e)]
    random.Random(seed).shuffle(edges)
    return hide(g, edges, int(len(g.edges()) * share))


def hide(g: Graph, edges: list[tuple[int, int]], want: int) -> tuple[Graph, list[tuple[int, int]]]:
    """Hide the first `want` of `edges` that leave both places a partner, in order."""
    degree = {n: len(g.adj.get(n, ())) for n in g.nodes}
    hidden: list[tuple[int, int]] = []
    for a, b in edges:
        if len(hidden) >= want:
            break
        if degree[a] > 1 and degree[b] > 1:
            hidden.append((a, b))
            degree[a] -= 1
            degree[b] -= 1
    return g.without(hidden), hidden


def region_split(g: Graph) -> tuple[Graph, list[tuple[int, int]]]:
    """Hide every partnership between a regional place and a place of another country's
    or the same country's other region that is itself a place of the graph (or a city that
    is that region); the pairs to find are (the regional place, that region), each once."""
    pol = policy.policy()
    regional = {pid for pid, nd in g.nodes.items() if pol.level(nd.country, nd.kind) == "regional"}
    region_of: dict[str, int] = {}
    # A city that is its own region (Berlin, Seoul) stands for it, as it does in the rules,
    # and for the places filed under it; only under its own code: Buenos Aires, which the
    # gazetteer files under the province of Buenos Aires (AR-B), not AR-C, is itself alone.
    for pid in sorted(g.nodes, key=lambda pid: (g.nodes[pid].kind == "province", pid)):
        key, nd = region_key(g.nodes[pid]), g.nodes[pid]
        own = nd.geonameid is not None and pol.city_regions.get(nd.admin_code or "") == nd.geonameid
        if key and (nd.kind == "province" or own):
            region_of.setdefault(key, pid)
    hidden: list[tuple[int, int]] = []
    pairs: set[tuple[int, int]] = set()
    for a, b in g.edges():
        if (a in regional) == (b in regional):
            continue
        p, c = (a, b) if a in regional else (b, a)
        itself = policy.both_levels(pol, g.nodes[c])
        t = c if itself else region_of.get(region_key(g.nodes[c]) or "")
        if t is not None and t != p:
            hidden.append((a, b))
            pairs.add((p, t))
    return g.without(hidden), sorted(pairs)

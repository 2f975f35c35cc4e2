"""The offline evaluation of `kembar evaluate recommend`: two ways of hiding partnerships,
the ranker retrained without them, and every method asked to find them again.

- the **protocol** of ../shared/eval/README.md: 10% of the partnerships hidden uniformly
  at random (seed 0), every place keeping a partner;
- the **sparse** split, which imitates the partnerships the Wikipedia lists miss: 10% of
  the partnerships hidden among those of places with few partners and those whose two
  countries rarely partner (seed 0), every place keeping a partner;
- the **regions** split: every partnership of a province or state with a place of another
  region hidden, read as the two regions dealing with each other, and each region asked
  to find the other among all regions the rules allow (regional.py ranks them; most of
  them have no partner in the lists, so the learned ranker, which proposes partnered
  places only, is shown beside it with country affinity and popularity).

On each, the ranker is compared with Adamic-Adar and popularity, and with a second ranker
trained without the features computed from the two places' own partner lists
(`PLACE_LISTS`): what that one still gains over popularity is what the ranker learnt
beyond the lists' structure. Every method ranks only the places the rules allow.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kembar.recommend import policy, regional
from kembar.recommend.graph import FEATURES, INDEX, Features, Graph
from kembar.recommend.ranker import fit, learned_scores, scores, train, training_data
from kembar.recommend.splits import region_split, sparse_split, split

# Features read from the query place's or the candidate's own partnerships, that is from
# the lists themselves: shared partners and paths, walks and positions in the network,
# degrees, where each one's partners are and lie.
PLACE_LISTS = (
    "resource_allocation",
    "adamic_adar",
    "common_partners",
    "paths_of_three",
    "candidate_degree",
    "my_degree",
    "personalised_pagerank",
    "embedding_similarity",
    "own_country_share",
    "candidate_likes_my_country",
    "near_my_partners",
    "near_its_partners",
    "neighbours_partner",
    "regional_links",
)
# The rest: how often the two countries partner, what the places around the query place
# partner with, geography and profile.
GENERAL = tuple(f for f in FEATURES if f not in PLACE_LISTS)
RANKERS: dict[str, tuple[str, ...]] = {"ranker": FEATURES, "ranker_general": GENERAL}


def summary(rr: list[float]) -> dict[str, float]:
    """Hits@10 and MRR of a list of reciprocal ranks (0 for a target never ranked)."""
    return {
        "hits_at_10": round(sum(1 for r in rr if r >= 0.1) / len(rr), 3) if rr else 0.0,
        "mrr": round(sum(rr) / len(rr), 3) if rr else 0.0,
    }


def reciprocal(ranked: np.ndarray, target: int) -> float:
    where = np.flatnonzero(ranked == target)
    return 1.0 / (int(where[0]) + 1) if len(where) else 0.0


def reciprocal_by_score(score: np.ndarray, target: int) -> float:
    """1/rank of the target, ties counted against it (the fair reading of a tie)."""
    return 1.0 / (int((score >= score[target]).sum()))


def _rank(
    train_graph: Graph,
    hidden: list[tuple[int, int]],
    rankers: dict[str, tuple[str, ...]],
    progress: Callable[[], None] | None,
) -> dict[str, Any]:
    """Each end of each hidden pair asked to find the other, by every ranker trained on
    `train_graph` and by Adamic-Adar and popularity."""
    t0 = time.perf_counter()
    data = training_data(train_graph)
    models = {name: fit(data, features) for name, features in rankers.items()}
    trained = time.perf_counter() - t0
    feats = Features(train_graph)
    results: dict[str, list[float]] = {name: [] for name in [*rankers, "adamic_adar", "popularity"]}
    shared: list[bool] = []  # whether the query place shares a partner with the target
    broken = 0  # hidden pairs the rules would never propose
    for a, b in hidden:
        for u, v in ((a, b), (b, a)):
            allowed, common = _find_again(feats, models, u, v, results)
            broken += not allowed
            shared.append(common)
            if progress is not None:
                progress()
    return {
        "held_out_pairs": len(hidden),
        "queries": 2 * len(hidden),
        "queries_the_rules_exclude": broken,
        "train_seconds": round(trained, 1),
        **{name: summary(rr) for name, rr in results.items()},
        "by_common_partner": _by_common_partner(results, shared),
    }


def _find_again(
    feats: Features, models: dict[str, Any], u: int, v: int, results: dict[str, list[float]]
) -> tuple[bool, bool]:
    """Place u asked to find v: each method's reciprocal rank of v appended to `results`.
    Returns whether the rules allow v for u, and whether the two share a partner."""
    i, j = feats.index[u], feats.index[v]
    q = feats.query(i)
    allowed = feats.allowed(i) & policy.allowed(feats, q)
    for name, model in models.items():
        ranked, _, x = scores(feats, model, q)
        results[name].append(reciprocal(ranked, j))
    # Adamic-Adar, ties broken by degree; popularity: degree alone
    aa = x[:, INDEX["adamic_adar"]] * 1e6 + feats.deg
    aa[~allowed] = -1.0
    results["adamic_adar"].append(reciprocal_by_score(aa, j))
    pop = feats.deg.astype(np.float64).copy()
    pop[~allowed] = -1.0
    results["popularity"].append(reciprocal_by_score(pop, j))
    return bool(allowed[j]), bool(x[j, INDEX["common_partners"]] > 0)


def _by_common_partner(results: dict[str, list[float]], shared: list[bool]) -> dict[str, Any]:
    """The summaries of the queries whose place shares a partner with the target, and of
    the others."""
    return {
        label: {
            "queries": sum(1 for s in shared if s == want),
            **{
                name: summary([r for r, s in zip(rr, shared, strict=True) if s == want])
                for name, rr in results.items()
            },
        }
        for label, want in (("shared", True), ("none", False))
    }


def evaluate(
    g: Graph,
    seed: int = 0,
    limit: int | None = None,
    progress: Callable[[], None] | None = None,
    started: Callable[[int], None] | None = None,
    rankers: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The splits `protocol` and `sparse`, each with Hits@10 and MRR of every method,
    overall and split by whether the query place shares a partner with the hidden one
    (`by_common_partner`), and `regions` (`_rank_regions`). `limit`: only the first N
    hidden pairs of each split;
    `rankers`: the rankers to train, by name, with their features (default RANKERS)."""
    rankers = rankers or RANKERS
    t0 = time.perf_counter()
    splits = {"protocol": split(g, 0.1, seed), "sparse": sparse_split(g, 0.1, seed)}
    if limit:
        splits = {name: (graph, hidden[:limit]) for name, (graph, hidden) in splits.items()}
    regions = region_split(g)
    if limit:
        regions = (regions[0], regions[1][:limit])
    if started is not None:
        started(sum(2 * len(hidden) for _, hidden in (*splits.values(), regions)))
    out: dict[str, Any] = {
        name: _rank(graph, hidden, rankers, progress) for name, (graph, hidden) in splits.items()
    }
    out["regions"] = _rank_regions(*regions, progress)
    out["general_features"] = list(GENERAL)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _rank_regions(
    train_graph: Graph, pairs: list[tuple[int, int]], progress: Callable[[], None] | None
) -> dict[str, Any]:
    """Each region of each pair asked to find the other: what `kembar recommend` does
    (regional.py's score; the learned ranker for a city that is a province), the learned
    ranker, country affinity and popularity (ties counted against the target)."""
    t0 = time.perf_counter()
    model = train(train_graph)
    trained = time.perf_counter() - t0
    feats = Features(train_graph)
    methods = ("regional", "ranker", "country_affinity", "popularity")
    results: dict[str, list[float]] = {name: [] for name in methods}
    broken = 0
    for a, b in pairs:
        for u, v in ((a, b), (b, a)):
            i, j = feats.index[u], feats.index[v]
            q = feats.query(i)
            allowed = regional.candidates(feats, q)
            broken += not allowed[j]
            ranked, _, x = learned_scores(feats, model, q)
            results["ranker"].append(reciprocal(ranked, j))
            if regional.applies(q):
                own = np.full(len(feats.ids), -np.inf)
                own[allowed] = regional.signals(feats, q, np.flatnonzero(allowed)).score()
                results["regional"].append(reciprocal_by_score(own, j) if allowed[j] else 0.0)
            else:  # a city that is a province (Seoul) is served by the learned ranker, as in use
                results["regional"].append(reciprocal(ranked, j))
            for name, column in (
                ("country_affinity", x[:, INDEX["country_affinity"]]),
                ("popularity", feats.deg),
            ):
                score = np.where(allowed, column, -1.0).astype(np.float64)
                results[name].append(reciprocal_by_score(score, j) if allowed[j] else 0.0)
            if progress is not None:
                progress()
    return {
        "held_out_pairs": len(pairs),
        "queries": 2 * len(pairs),
        "queries_the_rules_exclude": broken,
        "train_seconds": round(trained, 1),
        **{name: summary(rr) for name, rr in results.items()},
    }

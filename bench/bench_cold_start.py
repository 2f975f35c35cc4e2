"""Recommendations for places new to the registry: every partnership of a share of the
partnered places (5%, seed 0) is taken away, the ranker retrained without them, and
their partners ranked for them, beside popularity. Adamic-Adar and every other
partner-of-partner signal know nothing of a place without partners; the ranker still
has its country, region, size and profile. Prints figures; passes or fails nothing.

usage: python bench/bench_cold_start.py [--share 0.05] [--seed 0]   (KEMBAR_HOME as for the app)
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from kembar.config import Settings
from kembar.db import Database
from kembar.recommend.evaluation import reciprocal, reciprocal_by_score, summary
from kembar.recommend.graph import Features, Graph
from kembar.recommend.ranker import scores, train


def cold_split(g: Graph, share: float, seed: int) -> tuple[Graph, dict[int, list[int]]]:
    """g without every partnership of `share` of its partnered places, and for each of
    those its partners that keep a partnership (the only ones a ranking could propose)."""
    rng = random.Random(seed)
    partnered = sorted(n for n, ns in g.adj.items() if ns)
    cold = rng.sample(partnered, int(len(partnered) * share))
    inner = g.without([(u, v) for u in cold for v in g.adj[u]])
    targets = {u: sorted(v for v in g.adj[u] if inner.adj.get(v)) for u in cold}
    return inner, {u: vs for u, vs in targets.items() if vs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--share", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    db = Database(Settings.from_env())
    with db.session() as s:
        g = Graph.load(s)
    t0 = time.perf_counter()
    inner, targets = cold_split(g, args.share, args.seed)
    model = train(inner)
    feats = Features(inner)
    ranks: dict[str, list[float]] = {"ranker": [], "popularity": []}
    for u, vs in targets.items():
        i = feats.index[u]
        ranked = scores(feats, model, i)[0]
        popularity = feats.deg.astype(np.float64).copy()
        popularity[~feats.allowed(i)] = -1.0
        for v in vs:
            ranks["ranker"].append(reciprocal(ranked, feats.index[v]))
            ranks["popularity"].append(reciprocal_by_score(popularity, feats.index[v]))
    queries = sum(map(len, targets.values()))
    print(
        f"{len(targets):,} places without their partnerships, {queries:,} partners to find, "
        f"{time.perf_counter() - t0:.0f} s"
    )
    for name, rr in ranks.items():
        figures = summary(rr)
        print(f"  {name:<11} Hits@10 {figures['hits_at_10']:.3f}  MRR {figures['mrr']:.3f}")


if __name__ == "__main__":
    main()

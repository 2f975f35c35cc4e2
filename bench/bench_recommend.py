"""Recommendation figures: training time, one recommendation warm (p95), a batch of
queries, and peak memory. Prints figures; passes or fails nothing.

usage: python bench/bench_recommend.py [--queries 4000]
Quality figures come from `kembar evaluate recommend` (the protocol in
../shared/eval/README.md), which this script does not repeat.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Place
from kembar.recommend.graph import Graph
from kembar.recommend.ranker import train
from kembar.recommend.service import recommend, recommender


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=4000)
    args = ap.parse_args()
    settings = Settings.from_env()
    db = Database(settings)
    with db.session() as session:
        graph = Graph.load(session)
        t = time.perf_counter()
        train(graph)
        trained = time.perf_counter() - t
        recommender(session, settings)  # load or train the stored model once
        ids = sorted(graph.nodes)
        rng = random.Random(0)
        single = []
        for pid in rng.sample(ids, 200):
            place = session.get(Place, pid)
            t = time.perf_counter()
            recommend(session, settings, place, 10)  # type: ignore[arg-type]
            single.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        for pid in (rng.choice(ids) for _ in range(args.queries)):
            recommend(session, settings, session.get(Place, pid), 10)  # type: ignore[arg-type]
        batch = time.perf_counter() - t
    db.dispose()
    single.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"training: {trained:.1f} s (target < 120)")
    print(
        f"one recommendation, warm: p50 {statistics.median(single):.0f} ms, "
        f"p95 {single[int(len(single) * 0.95)]:.0f} ms (target < 50)"
    )
    print(f"{args.queries} queries: {batch:.0f} s (target < 60); peak memory {peak:.0f} MB (target < 2048)")


if __name__ == "__main__":
    main()

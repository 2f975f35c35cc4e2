"""Both splits of `kembar evaluate recommend` (same seeds, same figures for the methods it
prints) with one more ranker trained without the features named on the command line, to
measure what they add. Prints JSON; passes or fails nothing.

usage: python bench/bench_evaluate_features.py [--without rank_gap candidate_rank] [--limit N]
"""

from __future__ import annotations

import argparse
import json

from kembar.config import Settings
from kembar.db import Database
from kembar.recommend.evaluation import RANKERS, evaluate
from kembar.recommend.graph import FEATURES, Graph


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--without", nargs="+", default=["rank_gap", "candidate_rank"])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    db = Database(Settings.from_env())
    with db.session() as session:
        graph = Graph.load(session)
    db.dispose()
    rankers = {**RANKERS, "ranker_without": tuple(f for f in FEATURES if f not in args.without)}
    result = evaluate(graph, seed=0, limit=args.limit, rankers=rankers)
    result["without"] = args.without
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

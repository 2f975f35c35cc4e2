"""Recommendation figures: training time, one recommendation warm (p50/p95), a batch of
queries through `kembar recommend --batch`, and peak memory. Prints figures; passes or
fails nothing.

usage: python bench/bench_recommend.py [--queries 4000] [--workers 2] [--repeat 3] [--train-repeat N]
Quality figures come from `kembar evaluate recommend` (the protocol in
../shared/eval/README.md), which this script does not repeat. Queries are places drawn
at random (seed 0) from those with partnerships.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Place
from kembar.recommend.graph import Graph
from kembar.recommend.ranker import train
from kembar.recommend.service import recommend
from kembar.recommend.trainer import ensure


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--train-repeat", type=int, default=None, help="trainings to time (default --repeat; 0: none)"
    )
    args = ap.parse_args()
    settings = Settings.from_env()
    db = Database(settings)
    rng = random.Random(0)
    with db.session() as session:
        graph = Graph.load(session)
        trainings = []
        for _ in range(args.repeat if args.train_repeat is None else args.train_repeat):
            t = time.perf_counter()
            train(graph)
            trainings.append(time.perf_counter() - t)
        rec = ensure(settings, db)  # load or build the stored recommender once
        places = list(session.scalars(select(Place).where(Place.partner_count > 0)))
        single = []
        for place in rng.sample(places, 300):
            t = time.perf_counter()
            recommend(session, rec, place, 10)
            single.append((time.perf_counter() - t) * 1000)
        # provinces and states, ranked apart (regional.py): the located ones, most without partners
        regions = list(session.scalars(select(Place).where(Place.kind == "province", Place.lat.is_not(None))))
        regional = []
        for place in rng.sample(regions, min(200, len(regions))):
            t = time.perf_counter()
            recommend(session, rec, place, 10)
            regional.append((time.perf_counter() - t) * 1000)
        queries = [{"name": p.name, "country": p.country_code} for p in rng.choices(places, k=args.queries)]
    db.dispose()
    single.sort()
    regional.sort()
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "queries.jsonl"
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8")
        kembar = str(Path(sys.executable).with_name("kembar"))
        batches = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            done = subprocess.run(
                [kembar, "recommend", "--batch", str(path), "--k", "10", "--workers", str(args.workers)],
                capture_output=True,
                text=True,
                check=True,
            )
            batches.append(time.perf_counter() - t)
            assert len(done.stdout.splitlines()) == len(queries)
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    if trainings:
        print(f"training on the whole graph: median {statistics.median(trainings):.1f} s (target < 120)")
    print(
        f"one recommendation, warm: p50 {statistics.median(single):.1f} ms, "
        f"p95 {single[int(len(single) * 0.95)]:.1f} ms (target < 50)"
    )
    if regional:
        print(
            f"one recommendation for a province or state ({len(regional)}), warm: p50 "
            f"{statistics.median(regional):.1f} ms, p95 {regional[int(len(regional) * 0.95)]:.1f} ms"
        )
    print(
        f"{args.queries} batch queries, {args.workers} workers, start-up included: "
        f"median {statistics.median(batches):.1f} s (target < 60)"
    )
    print(
        f"peak memory: this process {own_peak:.0f} MB, "
        f"largest batch process {child_peak:.0f} MB (target < 2048)"
    )


if __name__ == "__main__":
    main()

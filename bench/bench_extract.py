"""Extraction figures: quality on the development set and the seeds, and speed.

usage: python bench/bench_extract.py [--rounds 20]
Quality uses ../shared/eval/score_extract.py (the contract's scorer) on
bench/extract_dev/gold.json and, when present, on ../shared/eval/seeds_gold.json.
Speed: articles of 3-5 KB (the seeds, else the longest development articles joined
to that length) read in one process after start-up, single core; median of rounds.
Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"


def score(gold: Path, root: Path) -> str:
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score_extract.py"),
            "--gold",
            str(gold),
            "--root",
            str(root),
            "--cmd",
            str(Path(sys.executable).with_name("kembar")),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    if (SHARED / "eval" / "score_extract.py").exists():
        print(
            "development set (40 articles, id/en/ms):",
            score(HERE / "extract_dev" / "gold.json", HERE / "extract_dev"),
        )
        print(
            "held-out set (10 articles):",
            score(HERE / "extract_heldout" / "gold.json", HERE / "extract_heldout"),
        )
        if (SHARED / "eval" / "seeds_gold.json").exists():
            print("seed articles (5):", score(SHARED / "eval" / "seeds_gold.json", SHARED))
    from kembar.extract.core import extract
    from kembar.extract.mentions import mention_index

    t = time.perf_counter()
    index = mention_index()
    startup = time.perf_counter() - t
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").exists() else []
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    if not texts:
        dev = sorted((HERE / "extract_dev" / "articles").glob("*.txt"))
        pieces = [p.read_text(encoding="utf-8") for p in dev]
        texts = ["\n\n".join(pieces[k : k + 4]) for k in range(0, len(pieces), 4)]
    sizes = [len(t.encode()) for t in texts]
    rates = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        for text in texts:
            extract(text, None, index)
        rates.append(len(texts) / (time.perf_counter() - t))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"speed: {statistics.median(rates):.0f} articles/s on one core (median of {args.rounds} rounds over "
        f"{len(texts)} articles of {min(sizes) / 1000:.1f}-{max(sizes) / 1000:.1f} KB; target >= 50); "
        f"start-up {startup:.1f} s; peak memory {peak:.0f} MB (target < 500)"
    )


if __name__ == "__main__":
    main()

"""Time `kembar init` from an empty database, in fresh processes, and print the median.

usage: python bench/bench_init.py [--runs 3]
Each run is a new `kembar init` process on a new KEMBAR_HOME, so the gazetteer loads
from scratch every time, as it does for a newcomer. Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEMBAR = Path(sys.executable).with_name("kembar")


def one_run() -> tuple[float, dict[str, object]]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "KEMBAR_HOME": home}
        env.pop("KEMBAR_DATABASE_URL", None)
        started = time.perf_counter()
        out = subprocess.run(
            [str(KEMBAR), "init", "--json"], env=env, capture_output=True, text=True, check=True
        )
        return time.perf_counter() - started, json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    times, report = [], {}
    for _ in range(args.runs):
        seconds, report = one_run()
        times.append(seconds)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"kembar init, empty database, {args.runs} runs on {os.cpu_count()} cores")
    print(
        f"  wall time: median {statistics.median(times):.1f} s (min {min(times):.1f}, max {max(times):.1f})"
    )
    print(f"  peak memory of one run: {peak_mb:.0f} MB")
    print(
        f"  rows {report['rows']:,} -> partnerships {report['partnerships']:,}, places {report['places']:,}, "
        f"resolved share {report['resolved_share']:.3f}"
    )


if __name__ == "__main__":
    main()

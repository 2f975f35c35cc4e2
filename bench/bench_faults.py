"""Faults a busy office meets: the server under load while the recommender is rebuilt
after an accept, and the time and memory to read very long articles. Prints figures;
passes or fails nothing.

usage: python bench/bench_faults.py [--seconds 20] [--max-wait 900] [--skip-server] [--skip-extract]

- server: a copy of the atlas (`kembar init` first if missing) with its recommender
  (built once in the source home and copied); `kembar serve` on it; an article is
  ingested and its partnership accepted, which changes the graph, so the server starts
  rebuilding the recommender in the background;
  while the builder runs, 16 clients (wrk -t2 -c16) ask for /health and for the 100 most
  partnered places. Prints the requests answered, the errors, p50 and p95, and how long
  the rebuild took (targets: p95 < 1 s, 0 errors).
- extract: articles of 100 KB, 1 MB and 5 MB made of the real-shaped news_dev texts
  (../shared/eval/news_dev), each read by `kembar extract` in its own process: wall
  time and peak memory (target: 5 MB in under 10 s), the median of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
NEWS_DEV = HERE.parent.parent / "shared" / "eval" / "news_dev" / "cases"
ARTICLE = (
    "Bontang dan Aktobe Jalin Kerja Sama Kota Kembar\n\n"
    "Pemerintah Kota Bontang menandatangani nota kesepahaman (MoU) sister city dengan Kota Aktobe, "
    "Kazakhstan, Senin (3/11/2025). Kerja sama meliputi bidang energi dan pendidikan."
)
LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
math.randomseed(1)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%.3f %%.3f %%d %%d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def kembar(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([str(BIN / "kembar"), *args], env=env, capture_output=True, text=True, check=True)
    return out.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_server(seconds: int, max_wait: int) -> dict[str, object]:
    from kembar.config import Settings
    from kembar.db import Database
    from kembar.recommend.trainer import ensure, lock_is_free

    source = Settings.from_env()
    kembar(dict(os.environ), "init")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        # The recommender is built once in the source home (later runs reuse it) and copied
        # with the database, so the copy's server starts with a model of the same graph.
        print("Building the recommender once, unless the source home holds it already...", flush=True)
        ensure(source, Database(source))
        shutil.copy(source.home / "kembar.sqlite3", home / "kembar.sqlite3")
        shutil.copytree(source.home / "models", home / "models")
        settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
        env = {**os.environ, **settings.environ(), "KEMBAR_RETRAIN_CHECK": "1"}
        db = Database(settings)
        ensure(settings, db)
        import sqlite3

        with sqlite3.connect(home / "kembar.sqlite3") as con:
            hubs = [r[0] for r in con.execute("select id from places order by partner_count desc limit 100")]
        paths = Path(tmp) / "paths.txt"
        paths.write_text("\n".join(["/health"] + [f"/api/v1/places/{i}" for i in hubs]) + "\n")
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "kembar"), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/health")
            article = Path(tmp) / "article.txt"
            article.write_text(ARTICLE, encoding="utf-8")
            filed = json.loads(kembar(env, "ingest", str(article), "--json"))
            for pid in filed[0]["proposals"]:
                kembar(env, "review", "accept", str(pid))
            started = time.monotonic()
            while lock_is_free(settings):  # the server's keeper sees the change within a second
                if time.monotonic() - started > 60:
                    raise SystemExit("error: the server did not start rebuilding within 60 s")
                time.sleep(0.1)
            print("The server is rebuilding the recommender; 16 clients for", seconds, "s")
            script = Path(tmp) / "load.lua"
            script.write_text(LUA % {"paths": paths})
            res = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c16",
                    f"-d{seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{port}",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            building_after = not lock_is_free(settings)
            match = re.search(r"RESULT (\d+) (\S+) (\S+) (\d+) (\d+)", res.stdout)
            assert match is not None, res.stdout
            answered, p50, p95, bad_status, socket_errors = match.groups()
            print(
                f"During the rebuild: {int(answered):,} requests answered, p50 {float(p50):.1f} ms, "
                f"p95 {float(p95):.1f} ms (target < 1000), {int(bad_status) + int(socket_errors)} errors",
                flush=True,
            )
            while not lock_is_free(settings) and time.monotonic() - started < max_wait:
                time.sleep(0.5)
            rebuild = time.monotonic() - started
            finished = lock_is_free(settings)
        finally:
            server.terminate()
            server.wait()
            db.dispose()
    figures = {
        "answered": int(answered),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "errors": int(bad_status) + int(socket_errors),
        "rebuild_s": round(rebuild, 1),
        "still_building_at_end": building_after,
    }
    print(
        f"The rebuild took {figures['rebuild_s']} s"
        + ("" if finished else f" and was still running after --max-wait {max_wait} s")
        + ("" if building_after else " (it ended before the load did)")
    )
    return figures


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"error: {url} did not answer within 60 s")


def long_article(size: int) -> str:
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(NEWS_DEV.glob("*.json"))]
    parts, total, n = [], 0, 0
    while total < size:
        piece = texts[n % len(texts)] + "\n\n"
        parts.append(piece)
        total += len(piece.encode("utf-8"))
        n += 1
    return "".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")


def bench_extract(runs: int) -> dict[str, object]:
    if not NEWS_DEV.is_dir():
        print(f"skipped: {NEWS_DEV} not found")
        return {}
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, size in (("100 KB", 100_000), ("1 MB", 1_000_000), ("5 MB", 5 * 1024 * 1024 - 1024)):
            path = Path(tmp) / "article.txt"
            path.write_text(long_article(size), encoding="utf-8")
            times, peaks = [], []
            for _ in range(runs):
                t = time.perf_counter()
                proc = subprocess.Popen(
                    [str(BIN / "kembar"), "extract", str(path), "--format", "json"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                _, status, usage = os.wait4(proc.pid, 0)
                times.append(time.perf_counter() - t)
                peaks.append(usage.ru_maxrss / 1024)
                if status != 0:
                    message = proc.stderr.read().decode()[:200] if proc.stderr else ""
                    print(f"  {label}: exit {os.waitstatus_to_exitcode(status)}: {message}")
            out[label] = {"seconds": statistics.median(times), "peak_mb": statistics.median(peaks)}
            print(
                f"kembar extract of a {label} article: {statistics.median(times):.1f} s "
                f"(start-up included), peak {statistics.median(peaks):.0f} MB"
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-wait", type=int, default=900, help="seconds to wait for the rebuild to end")
    ap.add_argument("--skip-server", action="store_true")
    ap.add_argument("--skip-extract", action="store_true")
    args = ap.parse_args()
    results: dict[str, object] = {}
    if not args.skip_server and shutil.which("wrk") is None:
        raise SystemExit("error: wrk is not installed; run 'apt-get install wrk'")
    # Extraction first: Linux counts the parent's memory at fork in a child's peak
    # (ru_maxrss), and the server part loads the recommender into this process.
    if not args.skip_extract:
        results["extract"] = bench_extract(args.runs)
    if not args.skip_server:
        results["server"] = bench_server(args.seconds, args.max_wait)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "faults.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

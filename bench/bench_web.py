"""Load figures of the web app: `kembar serve` under wrk, the map payload, and the home
page in headless Chromium. Prints figures; passes or fails nothing.

usage: python bench/bench_web.py [--runs 3] [--seconds 10]

Needs the atlas built (`kembar init`, done first if missing), wrk (Debian package `wrk`)
and Chromium at /usr/bin/chromium. Each figure is the median of --runs runs.
- places: p95 latency of GET /api/v1/places/{id} over random partnered places with 16
  concurrent connections (wrk -t2 -c16), for 1 and 2 worker processes;
- map: server time (Server-Timing header) and bytes on the wire (gzip) of GET /api/v1/map
  once warm, and the time to build it from a cold cache in this process;
- home: time from navigation start until the map has drawn its lines (headless Chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
LUA = """
local ids = {}
for line in io.lines("%(ids)s") do ids[#ids + 1] = line end
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", "/api/v1/places/" .. ids[math.random(#ids)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%.3f %%.3f %%.1f %%d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests / (summary.duration / 1e6), summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [str(BIN / "kembar"), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
            time.sleep(2)  # let the background warm-up finish
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("error: kembar serve did not answer /health within 60 s")


def database_path() -> Path:
    out = subprocess.run([str(BIN / "kembar"), "settings"], capture_output=True, text=True, check=True)
    url = re.search(r"KEMBAR_DATABASE_URL=(\S+)", out.stdout)
    if not url or not url.group(1).startswith("sqlite:///"):
        raise SystemExit("error: this benchmark reads place ids from the SQLite default database")
    return Path(url.group(1).removeprefix("sqlite:///"))


def bench_places(ids_file: Path, runs: int, seconds: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for workers in (1, 2):
        port = free_port()
        proc = start(port, workers)
        p50s, p95s, rates = [], [], []
        try:
            for run in range(runs):
                with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                    script.write(LUA % {"ids": ids_file, "seed": run})
                res = subprocess.run(
                    ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script.name, f"http://127.0.0.1:{port}"],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                os.unlink(script.name)
                p50, p95, rate, errors = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+)", res.stdout).groups()  # type: ignore[union-attr]
                if int(errors):
                    print(f"  warning: {errors} non-2xx answers")
                p50s.append(float(p50))
                p95s.append(float(p95))
                rates.append(float(rate))
        finally:
            proc.terminate()
            proc.wait()
        out[f"workers_{workers}"] = {
            "p50_ms": statistics.median(p50s),
            "p95_ms": statistics.median(p95s),
            "requests_per_s": statistics.median(rates),
        }
        print(
            f"GET /api/v1/places/{{id}}, 16 clients, {workers} worker(s): "
            f"p50 {statistics.median(p50s):.1f} ms, p95 {statistics.median(p95s):.1f} ms "
            f"(target < 30), {statistics.median(rates):.0f} req/s"
        )
    return out


def bench_map(runs: int) -> dict[str, object]:
    from kembar.config import Settings
    from kembar.db import Database
    from kembar.network import _cache, map_payload

    db = Database(Settings.from_env())
    cold = []
    for _ in range(runs):
        _cache.clear()
        with db.session() as s:
            t = time.perf_counter()
            map_payload(s)
            cold.append((time.perf_counter() - t) * 1000)
    db.dispose()
    port = free_port()
    proc = start(port, 1)
    server_ms, sizes = [], []
    try:
        for _ in range(max(runs, 10)):
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/map", headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(req) as resp:
                body = resp.read()
                timing = resp.headers["Server-Timing"]
            server_ms.append(float(timing.split("dur=")[1]))
            sizes.append(len(body))
    finally:
        proc.terminate()
        proc.wait()
    figures = {
        "server_ms_warm": statistics.median(server_ms),
        "build_ms_cold": statistics.median(cold),
        "gzip_bytes": statistics.median(sizes),
    }
    print(
        f"GET /api/v1/map: {figures['server_ms_warm']:.1f} ms server time warm, "
        f"{figures['build_ms_cold']:.0f} ms to build from a cold cache (target < 150), "
        f"{figures['gzip_bytes'] / 1e6:.2f} MB gzip on the wire (target < 1.5)"
    )
    return figures


def bench_home(runs: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start(port, 1)
    ready = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            for _ in range(max(runs, 5)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("#world[data-ready='1']", timeout=30_000)
                ready.append(page.evaluate("window.kembarMapReadyAt"))
                context.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    median = statistics.median(ready)
    print(f"Home page, lines drawn in headless Chromium: {median:.0f} ms from navigation (target < 2000)")
    return {"ready_ms": median}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("error: wrk is not installed; run 'apt-get install wrk'")
    subprocess.run([str(BIN / "kembar"), "init"], check=True, capture_output=True)
    with sqlite3.connect(database_path()) as con:
        ids = [str(r[0]) for r in con.execute("select id from places where partner_count > 0")]
    with tempfile.TemporaryDirectory() as tmp:
        ids_file = Path(tmp) / "ids.txt"
        ids_file.write_text("\n".join(ids) + "\n")
        results = {
            "places": bench_places(ids_file, args.runs, args.seconds),
            "map": bench_map(args.runs),
            "home": bench_home(args.runs),
        }
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""Load figures of the web app under `kembar serve --workers 2`, on SQLite and on
PostgreSQL: place profiles under wrk, the map payload, and the home page drawn in
headless Chromium. Prints figures; passes or fails nothing.

usage: python bench/bench_web.py [--runs 3] [--seconds 10] [--backend sqlite|postgresql]

Each backend gets a fresh registry with the world atlas (`kembar init`; PostgreSQL in a
throwaway cluster, see bench/servers.py). Needs wrk (Debian package `wrk`), PostgreSQL 15
for the second backend and Chromium at /usr/bin/chromium. Figures are medians of --runs.
- places: p50/p95 of GET /api/v1/places/{id}, 16 concurrent connections (wrk -t2 -c16),
  for the 100 most partnered places (hubs) and for 100 random partnered places, side by
  side; "fresh" is the first run on the just-started server (its caches cold);
- map: server time (Server-Timing) and gzip bytes of GET /api/v1/map, warm;
- home: time from navigation until the map has drawn its lines, in a new browser
  context (cold browser cache) on a just-started server (cold server caches), then on
  the warm server.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import sqlalchemy as sa
from servers import load, registry, serving

LUA = """
local ids = {}
for line in io.lines("%(ids)s") do ids[#ids + 1] = line end
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", "/api/v1/places/" .. ids[math.random(#ids)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%.3f %%.3f %%.1f %%d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def place_sets(env: dict[str, str]) -> dict[str, list[int]]:
    from servers import engine

    eng = engine(env)
    with eng.connect() as conn:
        hubs = list(conn.scalars(sa.text("SELECT id FROM places ORDER BY partner_count DESC, id LIMIT 100")))
        partnered = list(conn.scalars(sa.text("SELECT id FROM places WHERE partner_count > 0 ORDER BY id")))
        names = list(conn.scalars(sa.text("SELECT name FROM places ORDER BY partner_count DESC, id LIMIT 3")))
    eng.dispose()
    print(f"  hubs: {', '.join(names)}, ... ({len(hubs)}); random: 100 of {len(partnered)} partnered places")
    return {"hubs": hubs, "random": random.Random(7).sample(partnered, 100)}


def wrk(url: str, ids: list[int], seconds: int, seed: int) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "ids.txt").write_text("\n".join(map(str, ids)) + "\n")
        script = Path(tmp) / "places.lua"
        script.write_text(LUA % {"ids": Path(tmp) / "ids.txt", "seed": seed})
        res = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script), url],
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+)", res.stdout)
    assert found, res.stdout
    return float(found[1]), float(found[2]), float(found[3]), int(found[4])


def bench_places(env: dict[str, str], runs: int, seconds: int) -> dict[str, dict[str, float]]:
    sets = place_sets(env)
    out: dict[str, dict[str, float]] = {}
    with serving(env, workers=2) as srv:
        fresh = wrk(srv.url, sets["hubs"], seconds, 99)
        figures: dict[str, list[tuple[float, float, float, int]]] = {"hubs": [], "random": []}
        for run in range(runs):
            for name, ids in sets.items():
                figures[name].append(wrk(srv.url, ids, seconds, run))
    for name, rows in figures.items():
        out[name] = {
            "p50_ms": statistics.median(r[0] for r in rows),
            "p95_ms": statistics.median(r[1] for r in rows),
            "requests_per_s": statistics.median(r[2] for r in rows),
            "errors": sum(r[3] for r in rows),
        }
    out["fresh_hubs"] = {
        "p50_ms": fresh[0],
        "p95_ms": fresh[1],
        "requests_per_s": fresh[2],
        "errors": fresh[3],
    }
    return out


def bench_map(env: dict[str, str], runs: int) -> dict[str, float]:
    with serving(env, workers=2) as srv:
        server_ms, sizes = [], []
        for _ in range(max(runs, 10)):
            req = urllib.request.Request(f"{srv.url}/api/v1/map", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(req) as resp:
                body = resp.read()
                timing = resp.headers["Server-Timing"]
            server_ms.append(float(timing.split("dur=")[1]))
            sizes.append(len(body))
    return {"server_ms_warm": statistics.median(server_ms), "gzip_bytes": statistics.median(sizes)}


def _draw(browser: object, url: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{url}/")
    page.wait_for_selector("#world[data-ready='1']", timeout=60_000)
    ready = float(page.evaluate("window.kembarMapReadyAt"))
    context.close()
    return ready


def bench_home(env: dict[str, str], runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    cold, warm = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        for _ in range(runs):
            with serving(env, workers=2) as srv:
                cold.append(_draw(browser, srv.url))
                warm.extend(_draw(browser, srv.url) for _ in range(3))
        browser.close()
    return {"cold_server_ms": statistics.median(cold), "warm_server_ms": statistics.median(warm)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("error: wrk is not installed; run 'apt-get install wrk'")
    results: dict[str, dict[str, object]] = {}
    for backend in args.backend or ["sqlite", "postgresql"]:
        print(f"{backend}: building the atlas ({load()})", flush=True)
        with registry(backend) as env:
            print(f"{backend}: measuring ({load()})", flush=True)
            results[backend] = {
                "places": bench_places(env, args.runs, args.seconds),
                "map": bench_map(env, args.runs),
                "home": bench_home(env, args.runs),
                "load_after": load(),
            }
    print("\nGET /api/v1/places/{id}, wrk -t2 -c16, kembar serve --workers 2, ", end="")
    print(f"median of {args.runs} runs of {args.seconds} s")
    print(f"{'backend':<11} {'places':<11} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7} {'errors':>6}")
    for backend, figures in results.items():
        places = figures["places"]
        assert isinstance(places, dict)
        for name in ("hubs", "random", "fresh_hubs"):
            f = places[name]
            print(
                f"{backend:<11} {name:<11} {f['p50_ms']:7.1f} {f['p95_ms']:7.1f} "
                f"{f['requests_per_s']:7.0f} {f['errors']:6.0f}"
            )
    print("(target: p95 < 30 ms; fresh_hubs is the first run on a just-started server)")
    for backend, figures in results.items():
        m, h = figures["map"], figures["home"]
        assert isinstance(m, dict) and isinstance(h, dict)
        print(
            f"{backend}: /api/v1/map {m['server_ms_warm']:.1f} ms server time warm, "
            f"{m['gzip_bytes'] / 1e6:.2f} MB gzip; home map drawn in {h['cold_server_ms']:.0f} ms "
            f"(new server, new browser context), {h['warm_server_ms']:.0f} ms warm server (target < 1000); "
            f"{figures['load_after']} after"
        )
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

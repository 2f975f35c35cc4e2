"""Load and a fault: 16 readers and 4 editors against `kembar serve --workers 2` for 60 s,
on SQLite and on PostgreSQL, with one worker killed (kill -9) midway. Prints p50/p95
per endpoint, the errors, and the writes lost or duplicated (which must be 0).

usage: python bench/bench_load.py [--seconds 60] [--backend sqlite|postgresql]

Readers GET place profiles (hubs and random places), partnerships, searches and
filtered lists. Each editor has an API token and partnerships of its own: it GETs one
(ETag), PATCHes its note with If-Match, and POSTs an activity to it, each write marked
with a unique text. Afterwards the database is compared with what the editors were told:
- lost: a write answered 2xx that the database does not hold (an activity missing, or a
  partnership whose note is neither the last acknowledged one nor a later unanswered one);
- duplicated: an activity present more than once.
A write whose connection broke (the killed worker) has no answer: it may or may not have
been committed, and either is correct; it is counted as "unanswered".
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

import sqlalchemy as sa
from servers import engine, load, registry, serving

READERS, EDITORS, PER_EDITOR = 16, 4, 3


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, endpoint: str, ms: float, outcome: str) -> None:
        with self.lock:
            if outcome.startswith("2") or outcome == "304":
                self.latency[endpoint].append(ms)
            self.status[endpoint][outcome] += 1


class Client:
    """One keep-alive connection; reconnects after a broken one."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.host, self.port = urlparse(base).hostname, urlparse(base).port
        self.token = token
        self.conn: http.client.HTTPConnection | None = None

    def call(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host or "", self.port, timeout=30)
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=sent)
            answer = self.conn.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


def timed(tally: Tally, endpoint: str, client: Client, method: str, path: str, **kw: object) -> tuple:
    started = time.perf_counter()
    try:
        status, headers, body = client.call(method, path, **kw)  # type: ignore[arg-type]
    except (OSError, http.client.HTTPException):
        tally.add(endpoint, 0, "connection")
        return None, {}, b""
    tally.add(endpoint, (time.perf_counter() - started) * 1000, str(status))
    return status, headers, body


def reader(base: str, ids: dict[str, list[int]], stop: threading.Event, tally: Tally, seed: int) -> None:
    rnd = random.Random(seed)
    client = Client(base)
    names = ["jakarta", "san", "ber", "surabaya", "almaty", "kyo", "paris", "bandung"]
    while not stop.is_set():
        kind = rnd.random()
        if kind < 0.3:
            timed(tally, "GET /places/{id} hub", client, "GET", f"/api/v1/places/{rnd.choice(ids['hubs'])}")
        elif kind < 0.6:
            timed(
                tally, "GET /places/{id} random", client, "GET", f"/api/v1/places/{rnd.choice(ids['random'])}"
            )
        elif kind < 0.8:
            pid = rnd.choice(ids["partnerships"])
            timed(tally, "GET /partnerships/{id}", client, "GET", f"/api/v1/partnerships/{pid}")
        elif kind < 0.9:
            timed(tally, "GET /places?q=", client, "GET", f"/api/v1/places?q={rnd.choice(names)}")
        else:
            timed(
                tally, "GET /partnerships?country=", client, "GET", "/api/v1/partnerships?country=ID&limit=20"
            )


@dataclass
class EditorLog:
    """What one editor was told: per partnership, its notes in the order sent, each with
    "ok" (2xx), "no" (a 4xx: not written) or "?" (no answer); the activities likewise."""

    notes: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    activities: list[tuple[str, str]] = field(default_factory=list)


def editor(
    base: str, token: str, mine: list[int], stop: threading.Event, tally: Tally, log: EditorLog, who: int
) -> None:
    client = Client(base, token)
    n = 0
    while not stop.is_set():
        n += 1
        pid = mine[n % len(mine)]
        status, headers, _ = timed(
            tally, "GET /partnerships/{id}", client, "GET", f"/api/v1/partnerships/{pid}"
        )
        if status != 200:
            continue
        note = f"load e{who} n{n}"
        status, _, _ = timed(
            tally,
            "PATCH /partnerships/{id}",
            client,
            "PATCH",
            f"/api/v1/partnerships/{pid}",
            body={"note": note},
            headers={"If-Match": headers["etag"]},
        )
        log.notes[pid].append((note, _verdict(status)))
        title = f"load e{who} a{n}"
        status, _, _ = timed(
            tally,
            "POST /partnerships/{id}/activities",
            client,
            "POST",
            f"/api/v1/partnerships/{pid}/activities",
            body={"type": "visit", "title": title, "date": "2026-12-01"},
        )
        log.activities.append((title, _verdict(status)))


def _verdict(status: int | None) -> str:
    if status is None or status >= 500:
        return "?"  # a 5xx may come from a worker that died after the commit
    return "ok" if status < 300 else "no"


def prepare(env: dict[str, str]) -> tuple[dict[str, list[int]], list[str], list[list[int]]]:
    """Place and partnership ids to read, and the editors' tokens and partnerships."""
    os.environ.update(env)
    if "KEMBAR_DATABASE_URL" not in env:
        os.environ.pop("KEMBAR_DATABASE_URL", None)
    from kembar import tokens, users
    from kembar.config import Settings
    from kembar.db import Database
    from kembar.permissions import system_actor

    eng = engine(env)
    with eng.connect() as conn:
        hubs = list(conn.scalars(sa.text("SELECT id FROM places ORDER BY partner_count DESC, id LIMIT 100")))
        partnered = list(conn.scalars(sa.text("SELECT id FROM places WHERE partner_count > 0")))
        pids = list(conn.scalars(sa.text("SELECT id FROM partnerships ORDER BY id")))
        indonesian = list(
            conn.scalars(
                sa.text(
                    "SELECT p.id FROM partnerships p JOIN places a ON a.id = p.place_a_id "
                    "JOIN places b ON b.id = p.place_b_id WHERE a.country_code = 'ID' "
                    "OR b.country_code = 'ID' ORDER BY p.id"
                )
            )
        )
    eng.dispose()
    rnd = random.Random(11)
    ids = {"hubs": hubs, "random": rnd.sample(partnered, 500), "partnerships": rnd.sample(pids, 500)}
    db = Database(Settings.from_env())
    secrets = []
    root = system_actor("cli")
    with db.write() as s:
        for k in range(EDITORS):
            email = f"load{k}@example.org"
            users.add_user(s, root, email, "editor", "a long load password", scope=["ID"])
            secrets.append(tokens.create_token(s, root, email, "bench_load").secret)
    db.dispose()
    owned = [indonesian[k * PER_EDITOR : (k + 1) * PER_EDITOR] for k in range(EDITORS)]
    return ids, secrets, owned


def verify(env: dict[str, str], logs: list[EditorLog]) -> dict[str, int]:
    eng = engine(env)
    with eng.connect() as conn:
        notes = dict(conn.execute(sa.text("SELECT id, note FROM partnerships")).all())
        titles: dict[str, int] = defaultdict(int)
        for (title,) in conn.execute(sa.text("SELECT title FROM activities WHERE title LIKE 'load e%'")):
            titles[title] += 1
    eng.dispose()
    out = {"acknowledged": 0, "unanswered": 0, "refused": 0, "lost": 0, "duplicated": 0}
    for log in logs:
        for pid, sent in log.notes.items():
            acked = [i for i, (_, v) in enumerate(sent) if v == "ok"]
            allowed = {sent[acked[-1]][0]} if acked else set()
            after = acked[-1] + 1 if acked else 0
            allowed |= {note for note, v in sent[after:] if v == "?"}
            if acked and notes.get(pid) not in allowed:
                out["lost"] += 1
        for title, verdict in log.activities:
            count = titles.get(title, 0)
            if verdict == "ok" and count == 0:
                out["lost"] += 1
            if count > 1:
                out["duplicated"] += 1
            if verdict == "no" and count:
                out["duplicated"] += 1  # refused, yet written
        for _, verdict in [*log.activities, *(x for sent in log.notes.values() for x in sent)]:
            out[{"ok": "acknowledged", "?": "unanswered", "no": "refused"}[verdict]] += 1
    return out


def run(backend: str, seconds: int) -> None:
    print(f"{backend}: building the atlas ({load()})", flush=True)
    with registry(backend) as env:
        ids, secrets, owned = prepare(env)
        with serving(env, workers=2) as srv:
            tally, stop = Tally(), threading.Event()
            logs = [EditorLog() for _ in range(EDITORS)]
            threads = [
                threading.Thread(target=reader, args=(srv.url, ids, stop, tally, i)) for i in range(READERS)
            ] + [
                threading.Thread(target=editor, args=(srv.url, secrets[k], owned[k], stop, tally, logs[k], k))
                for k in range(EDITORS)
            ]
            print(f"{backend}: {READERS} readers, {EDITORS} editors for {seconds} s ({load()})", flush=True)
            for t in threads:
                t.start()
            time.sleep(seconds / 2)
            victims = srv.workers()
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                print(f"{backend}: killed worker {victims[0]} (kill -9) at {seconds / 2:.0f} s", flush=True)
            time.sleep(seconds / 2)
            stop.set()
            for t in threads:
                t.join()
            alive = srv.workers()
        report(backend, tally, verify(env, logs), victims, alive)


def report(backend: str, tally: Tally, checks: dict[str, int], before: list[int], after: list[int]) -> None:
    print(f"\n{backend}: {'endpoint':<36} {'n':>6} {'p50 ms':>7} {'p95 ms':>7}  answers")
    for endpoint in sorted(tally.status):
        times = sorted(tally.latency[endpoint])
        p50 = statistics.median(times) if times else float("nan")
        p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(tally.status[endpoint].items()))
        total = sum(tally.status[endpoint].values())
        print(f"{backend}: {endpoint:<36} {total:6d} {p50:7.1f} {p95:7.1f}  {answers}")
    errors = sum(
        v
        for counts in tally.status.values()
        for k, v in counts.items()
        if not (k.startswith("2") or k == "409")
    )
    print(
        f"{backend}: errors (5xx or broken connections) {errors}; "
        f"writes acknowledged {checks['acknowledged']}, "
        f"unanswered {checks['unanswered']}, refused {checks['refused']}; "
        f"LOST {checks['lost']}, DUPLICATED {checks['duplicated']} (must be 0 and 0)"
    )
    print(f"{backend}: workers before the kill {before}, at the end {after} ({load()})\n", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = ap.parse_args()
    for backend in args.backend or ["sqlite", "postgresql"]:
        run(backend, args.seconds)


if __name__ == "__main__":
    main()

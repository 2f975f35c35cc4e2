"""What the web benchmarks share: a registry with the world atlas on SQLite or on a
throwaway PostgreSQL cluster, and `kembar serve --workers N` on it.

    with registry("postgresql") as env:        # KEMBAR_HOME (+ KEMBAR_DATABASE_URL)
        with serving(env, workers=2) as srv:   # srv.url, srv.proc (the supervisor)
            ...

The PostgreSQL cluster is the tests' (tests/pgcluster.py: initdb in a temporary folder,
fsync off, removed at the end); a server named by KEMBAR_BENCH_POSTGRES_URL is used
instead when set (a database `kembar_bench` is created on it, and dropped afterwards).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load() -> str:
    """The machine's load averages (1, 5, 15 min), to quote beside a figure."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


@contextmanager
def postgres_server() -> Iterator[str]:
    url = os.environ.get("KEMBAR_BENCH_POSTGRES_URL", "").strip()
    if url:
        yield url
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pgcluster import start_cluster

    cluster = start_cluster()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@contextmanager
def registry(backend: str) -> Iterator[dict[str, str]]:
    """The environment of a fresh registry holding the world atlas (`kembar init`)."""
    with tempfile.TemporaryDirectory(prefix=f"kembar-bench-{backend}-") as home:
        env = {**os.environ, "KEMBAR_HOME": home}
        env.pop("KEMBAR_DATABASE_URL", None)
        if backend == "sqlite":
            _init(env)
            yield env
            return
        with postgres_server() as server:
            admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text("DROP DATABASE IF EXISTS kembar_bench WITH (FORCE)"))
                conn.execute(sa.text("CREATE DATABASE kembar_bench"))
            env["KEMBAR_DATABASE_URL"] = server.rsplit("/", 1)[0] + "/kembar_bench"
            try:
                _init(env)
                yield env
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text("DROP DATABASE IF EXISTS kembar_bench WITH (FORCE)"))
                admin.dispose()


def _init(env: dict[str, str]) -> None:
    """Build the atlas, then the recommender (as a deployment has it before it serves:
    otherwise the first minutes measure the training in the background, not the app)."""
    done = subprocess.run([str(BIN / "kembar"), "init"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"error: kembar init failed: {done.stderr.strip()[-500:]}")
    train = (
        "from kembar.config import Settings; from kembar.db import Database; "
        "from kembar.recommend.trainer import ensure; s = Settings.from_env(); ensure(s, Database(s))"
    )
    done = subprocess.run([sys.executable, "-c", train], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"error: training the recommender failed: {done.stderr.strip()[-500:]}")


def engine(env: dict[str, str]) -> sa.Engine:
    url = env.get("KEMBAR_DATABASE_URL") or f"sqlite:///{env['KEMBAR_HOME']}/kembar.sqlite3"
    return sa.create_engine(url)


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        """The pids of the worker processes (children of uvicorn's supervisor)."""
        ask = ["ps", "-o", "pid=,args=", "--ppid", str(self.proc.pid)]
        found = subprocess.run(ask, capture_output=True, text=True, check=False)
        rows = [line.split(None, 1) for line in found.stdout.splitlines() if line.strip()]
        return [int(pid) for pid, args in rows if "spawn_main" in args]  # not the resource tracker


def wait_healthy(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"error: kembar serve did not answer {url}/health within {seconds:.0f} s")


@contextmanager
def serving(env: dict[str, str], workers: int = 2) -> Iterator[Server]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "kembar"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        yield Server(url, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a server on
127.0.0.1 at a free port, stopped and removed at the end.

The server refuses to run as root, so when the tests run as root the cluster belongs to
the `postgres` user of the Debian package and its commands run through `su`. Durability
is turned off (fsync, synchronous commit): the cluster lives for one test run.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "the tests run on PostgreSQL 15 too, and need its server: install the Debian package "
    "('sudo apt-get install postgresql', which `make test` does when run as root), "
    "or point KEMBAR_TEST_POSTGRES_URL at a server where the tests may create databases"
)


def find_bin() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bin: Path
    folder: Path
    port: int
    as_postgres: bool

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in command)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> None:
        data = self.folder / "data"
        made = self._run(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr.strip()[-500:]}")
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        started = self._run(
            "pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )
        if started.returncode != 0:
            log = (
                (self.folder / "log").read_text(errors="replace")[-800:]
                if (self.folder / "log").exists()
                else ""
            )
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("the PostgreSQL server did not listen within 30 s")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a cluster, or raise RuntimeError saying what to install."""
    bin_ = find_bin()
    if bin_ is None:
        raise RuntimeError(INSTALL_HINT)
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="kembar-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres")
    cluster = Cluster(bin_, folder, _free_port(), as_postgres)
    cluster.start()
    return cluster

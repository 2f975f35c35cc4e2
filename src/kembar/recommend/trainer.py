"""Keeping the recommender fresh without ever training on a request.

The recommender (the partnership graph, its features and the ranker) is built by one
process at a time, which holds an exclusive lock file under KEMBAR_HOME/models, and saved
as one snapshot file beside a small stamp naming the version of the partnership graph it
was built from. The web server never builds one: each worker serves the snapshot it has
(`Keeper.current()`), looks every KEMBAR_RETRAIN_CHECK seconds whether the graph changed,
and if so starts the builder as a separate low-priority process (`python -m
kembar.recommend.trainer`) unless another is running, then loads the new snapshot when it
appears. The previous snapshot is served meanwhile; before the first exists, the place
pages say that suggestions are being updated. Commands (`kembar recommend`) build the
snapshot themselves when it is stale, under the same lock.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Partnership, Place
from kembar.recommend.compiled import compile_model, prune
from kembar.recommend.graph import Features, Graph
from kembar.recommend.ranker import FIRST_TREES, MODEL_VERSION, load_or_train
from kembar.recommend.service import Recommender

log = logging.getLogger("kembar.trainer")

SNAPSHOT = "recommender.pickle"
STAMP = "recommender.json"
LOCK = "recommender.lock"
# After a failed build, wait this long before trying again (a broken build must not
# start a process every few seconds).
RETRY_AFTER_FAILURE = 300.0
# Compiling the ranker (compiled.py) takes about 10 s and saves about 20 ms a query on
# the atlas (17,000 places with partners); on a registry of a few hundred it saves nothing.
COMPILE_FROM = 2000


def graph_version(session: Session) -> str:
    """Changes whenever a partnership or a place is added, removed or re-paired; a few
    milliseconds, so a worker can ask it often."""
    pairs = session.execute(
        select(
            func.count(),
            func.max(Partnership.id),
            # In 64 bits: on PostgreSQL an integer column times a literal stays a 32-bit
            # integer and overflowed on the atlas.
            func.sum(cast(Partnership.place_a_id, BigInteger) * 1_000_003 + Partnership.place_b_id),
        )
    ).one()
    places = session.execute(select(func.count(), func.max(Place.id))).one()
    # the ranker's version too: a snapshot of older code is rebuilt, not loaded
    return f"m{MODEL_VERSION}." + ".".join(str(v or 0) for v in (*pairs, *places))


def _models(settings: Settings) -> Path:
    return settings.home / "models"


def stamp_of(settings: Settings) -> str | None:
    """The graph version of the snapshot on disk, or None when there is none."""
    try:
        data = json.loads((_models(settings) / STAMP).read_text(encoding="utf-8"))
        return str(data["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_snapshot(settings: Settings) -> Recommender | None:
    try:
        with (_models(settings) / SNAPSHOT).open("rb") as f:
            rec = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(rec, Recommender):
        return None
    rec.compiled = _compile_if_worth_it(rec, _models(settings))
    return rec


def _compile_if_worth_it(rec: Recommender, folder: Path) -> Any:
    """The model compiled when it scores enough places to repay compiling, else None."""
    if int((rec.feats.deg > 0).sum()) < COMPILE_FROM:  # the places a query scores
        return None
    return compile_model(rec.model, folder, FIRST_TREES)


@contextmanager
def build_lock(settings: Settings, wait: bool) -> Iterator[bool]:
    """The lock one builder holds across processes; yields False when another holds it
    and `wait` is off."""
    folder = _models(settings)
    folder.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = (folder / LOCK).open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def build_locked(settings: Settings, db: Database) -> Recommender:
    """Build and save the snapshot of the registry as it is now (the caller holds the lock)."""
    with db.session() as session:
        version = graph_version(session)
        graph = Graph.load(session)
    model = load_or_train(graph, _models(settings) / "recommend.pickle")
    rec = Recommender(graph, Features(graph), model)
    folder = _models(settings)
    tmp = folder / (SNAPSHOT + ".tmp")
    with tmp.open("wb") as f:
        pickle.dump(rec, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(folder / SNAPSHOT)
    rec.compiled = _compile_if_worth_it(rec, folder)
    prune(folder, rec.compiled)
    stamp = folder / (STAMP + ".tmp")
    stamp.write_text(json.dumps({"version": version, "built_at": time.time()}), encoding="utf-8")
    stamp.replace(folder / STAMP)
    return rec


def ensure(settings: Settings, db: Database) -> Recommender:
    """The recommender of the registry as it is now, for commands: the snapshot when it
    is current, else built here (waiting for a builder that is running elsewhere)."""
    with db.session() as session:
        version = graph_version(session)
    if stamp_of(settings) == version and (rec := load_snapshot(settings)) is not None:
        return rec
    with build_lock(settings, wait=True):
        # Another process may have built it while this one waited for the lock.
        if stamp_of(settings) == version and (rec := load_snapshot(settings)) is not None:
            return rec
        return build_locked(settings, db)


def lock_is_free(settings: Settings) -> bool:
    with build_lock(settings, wait=False) as got:
        return got


@dataclass
class _Loaded:
    rec: Recommender
    mtime: float
    version: str | None


class Keeper:
    """A web worker's recommender: served as it is, refreshed in the background."""

    def __init__(self, settings: Settings, db: Database, interval: float) -> None:
        self.settings, self.db, self.interval = settings, db, interval
        self._loaded: _Loaded | None = None
        self._child: subprocess.Popen[bytes] | None = None
        self._failed_at = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def current(self) -> Recommender | None:
        """The recommender to answer with now (possibly of an older graph), or None
        before a first one was built. Never blocks, never builds."""
        loaded = self._loaded
        return loaded.rec if loaded else None

    def start(self) -> None:
        """Load the snapshot on disk now (about half a second), then keep it fresh."""
        self._load_if_newer()
        self._thread = threading.Thread(target=self._run, name="kembar-recommender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop checking, and stop a builder this keeper started (its snapshot is written
        whole or not at all, so a builder cut short leaves the previous one)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._child is not None and self._child.poll() is None:
            self._child.terminate()
            try:
                self._child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._child.kill()

    def _run(self) -> None:
        # The first check comes one interval after start-up: a server that stops at once
        # (a test, a failed start) never starts a builder.
        while not self._stop.wait(self.interval):
            try:
                self.check_once()
            except Exception:  # the keeper must outlive a bad turn; the next one retries
                log.exception("refreshing the recommender failed")

    def check_once(self) -> None:
        """Load a newer snapshot from disk; start a builder when the graph changed."""
        self._load_if_newer()
        with self.db.session() as session:
            version = graph_version(session)
        if stamp_of(self.settings) == version or self._building():
            return
        if time.monotonic() - self._failed_at < RETRY_AFTER_FAILURE:
            return
        if lock_is_free(self.settings):
            self._spawn()

    def _load_if_newer(self) -> None:
        path = _models(self.settings) / SNAPSHOT
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return
        if self._loaded is not None and self._loaded.mtime == mtime:
            return
        rec = load_snapshot(self.settings)
        if rec is not None:
            self._loaded = _Loaded(rec, mtime, stamp_of(self.settings))

    def _building(self) -> bool:
        if self._child is None:
            return False
        code = self._child.poll()
        if code is None:
            return True
        if code != 0:
            log.error("building the recommender failed (exit code %s); retrying later", code)
            self._failed_at = time.monotonic()
        self._child = None
        self._load_if_newer()
        return False

    def _spawn(self) -> None:
        env = {**os.environ, **self.settings.environ()}
        self._child = subprocess.Popen(
            [sys.executable, "-m", "kembar.recommend.trainer"], env=env, stdin=subprocess.DEVNULL
        )

    def wait_for_build(self) -> None:
        """Wait for a builder this keeper started (tests and shutdown)."""
        if self._child is not None:
            self._child.wait()
            self._building()


def main() -> int:
    """Entry of the builder process: low priority, one build, quiet when another runs."""
    os.nice(10)
    settings = Settings.from_env()
    db = Database(settings)
    try:
        with build_lock(settings, wait=False) as got:
            if not got:
                return 0
            with db.session() as session:
                version = graph_version(session)
            if stamp_of(settings) != version:
                build_locked(settings, db)
        return 0
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())

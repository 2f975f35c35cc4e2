"""`kembar recommend --batch`: one JSON line out for each line in, in the same order,
answered by several worker processes when there are many queries."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any

from kembar.config import Settings
from kembar.db import Database
from kembar.errors import KembarError
from kembar.recommend.policy import RuleOptions

# Below this many queries one process answers them all (starting workers costs seconds).
PARALLEL_FROM = 300
CHUNK = 20
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_worker: dict[str, Any] = {}


def answer(session: Any, rec: Any, n: int, line: str, k: int, options: RuleOptions | None = None) -> str:
    """The output line for input line number n: candidates, or an error on that line.
    `rec`: the recommender to use (a batch reads the registry once, not per line)."""
    from kembar.recommend.service import recommend

    try:
        query = json.loads(line)
        if not isinstance(query, dict) or not query.get("name") or not isinstance(query["name"], str):
            raise ValueError("expected an object with a name")
    except ValueError as exc:
        return json.dumps({"query": line, "candidates": [], "error": f"line {n}: {exc}"}, ensure_ascii=False)
    try:
        country = query.get("country")
        place, located = _locate(session, query["name"], country if isinstance(country, str) else None)
        found = recommend(session, rec, place, k, options=options)
        out: dict[str, Any] = {"query": query, "candidates": [c.model_dump(exclude_none=True) for c in found]}
        if located is not None:
            out["located"] = located
        return json.dumps(out, ensure_ascii=False)
    except KembarError as exc:
        return json.dumps({"query": query, "candidates": [], "error": exc.message}, ensure_ascii=False)


def _locate(session: Any, name: str, country: str | None) -> tuple[Any, str | None]:
    """The place a line names, and a note when it is not the registry's place of that
    name. A batch has nobody to ask: of several places of that name it takes the best
    known, and, with no place of that name, the one spelled nearly so."""
    from kembar.errors import PlaceNotFound
    from kembar.places import closest_spelling, country_code
    from kembar.recommend.service import Outsider, locate

    cc = country_code(country)
    try:
        place = locate(session, name, cc, best=True)
    except PlaceNotFound:
        spelled = closest_spelling(session, name, cc) if cc else None
        if spelled is None:
            raise
        return spelled, f"no place named {name!r}; read as {spelled.name}"
    if isinstance(place, Outsider):
        return place, f"not in the registry; GeoNames {place.geonameid}"
    return place, None


def _start_worker(settings: Settings) -> None:
    from kembar.recommend.trainer import ensure

    db = Database(settings)
    _worker.update(db=db, rec=ensure(settings, db))


def _answer_in_worker(item: tuple[int, str, int, RuleOptions | None]) -> str:
    n, line, k, options = item
    with _worker["db"].session() as session:
        return answer(session, _worker["rec"], n, line, k, options)


def run_batch(
    settings: Settings,
    lines: list[str],
    k: int,
    workers: int,
    write: Callable[[str], None],
    options: RuleOptions | None = None,
) -> None:
    """Answer every non-blank line, writing each output line as soon as its turn comes."""
    from kembar.recommend.trainer import ensure

    items = [(n, line, k, options) for n, line in enumerate(lines, 1) if line.strip()]
    db = Database(settings)
    try:
        rec = ensure(settings, db)  # built and stored once, before any worker loads it
        if workers <= 1 or len(items) < PARALLEL_FROM:
            with db.session() as session:
                for n, line, _, _ in items:
                    write(answer(session, rec, n, line, k, options))
            return
        del rec  # the workers load their own copy; the parent's would only take memory
    finally:
        db.dispose()
    for out in _parallel(settings, items, workers):
        write(out)


def _parallel(
    settings: Settings, items: list[tuple[int, str, int, RuleOptions | None]], workers: int
) -> Iterator[str]:
    # spawn, not fork: LightGBM's OpenMP threads do not survive a fork. One thread per
    # worker for the numeric libraries too: the workers already fill the cores.
    ctx = multiprocessing.get_context("spawn")
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(THREAD_VARIABLES, "1"))
    try:
        with ctx.Pool(workers, initializer=_start_worker, initargs=(settings,)) as pool:
            yield from pool.imap(_answer_in_worker, items, chunksize=CHUNK)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

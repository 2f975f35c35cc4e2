"""`kembar recommend --batch`: one JSON line out for each line in, in the same order,
answered by several worker processes when there are many queries."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

from kembar.config import Settings
from kembar.db import Database
from kembar.errors import KembarError

# Below this many queries one process answers them all (starting workers costs seconds).
PARALLEL_FROM = 300
CHUNK = 20

_worker: dict[str, Any] = {}


def answer(session: Any, settings: Settings, n: int, line: str, k: int) -> str:
    """The output line for input line number n: candidates, or an error on that line."""
    from kembar.places import find_place
    from kembar.recommend.service import recommend

    try:
        query = json.loads(line)
        if not isinstance(query, dict) or not query.get("name") or not isinstance(query["name"], str):
            raise ValueError("expected an object with a name")
    except ValueError as exc:
        return json.dumps({"query": line, "candidates": [], "error": f"line {n}: {exc}"}, ensure_ascii=False)
    try:
        country = query.get("country")
        place = find_place(session, query["name"], country if isinstance(country, str) else None)
        found = recommend(session, settings, place, k)
        return json.dumps({"query": query, "candidates": found}, ensure_ascii=False)
    except KembarError as exc:
        return json.dumps({"query": query, "candidates": [], "error": exc.message}, ensure_ascii=False)


def _start_worker(settings: Settings) -> None:
    _worker["settings"] = settings
    _worker["db"] = Database(settings)


def _answer_in_worker(item: tuple[int, str, int]) -> str:
    n, line, k = item
    with _worker["db"].session() as session:
        return answer(session, _worker["settings"], n, line, k)


def run_batch(
    settings: Settings, lines: list[str], k: int, workers: int, write: Callable[[str], None]
) -> None:
    """Answer every non-blank line, writing each output line as soon as its turn comes."""
    from kembar.recommend.service import forget, recommender

    items = [(n, line, k) for n, line in enumerate(lines, 1) if line.strip()]
    db = Database(settings)
    try:
        with db.session() as session:
            recommender(session, settings)  # trains and stores the model once, before any worker
            if workers <= 1 or len(items) < PARALLEL_FROM:
                for n, line, _ in items:
                    write(answer(session, settings, n, line, k))
                return
    finally:
        db.dispose()
    forget()  # the workers load their own copy; the parent's would only take memory
    for out in _parallel(settings, items, workers):
        write(out)


def _parallel(settings: Settings, items: list[tuple[int, str, int]], workers: int) -> Iterator[str]:
    # spawn, not fork: LightGBM's OpenMP threads do not survive a fork
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_start_worker, initargs=(settings,)) as pool:
        yield from pool.imap(_answer_in_worker, items, chunksize=CHUNK)

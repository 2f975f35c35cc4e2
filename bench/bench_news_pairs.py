"""Recommendations on real partnerships the atlas lacks: the partnerships of the news_dev
gold (../shared/eval/news_dev) that the registry does not hold, asked both ways through
`kembar recommend --batch` and scored by ../shared/eval/score_recommend.py, as the private
set of real partnerships is. Prints the pairs' count and the scorer's figures; passes or
fails nothing.

usage: python bench/bench_news_pairs.py [--cmd ".venv/bin/kembar"]
The pairs are asked with the first name the gold gives each end, as an article writes it
("Pemprov DKI Jakarta", "Australia Barat"); a pair counts as held when any gold name of
each end names two partnered places of the registry.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Partnership, Place, PlaceName

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _ids_by_name(session: Session, norm: Callable[[str], str]) -> dict[tuple[str, str], set[int]]:
    """(name as the scorer reads it, country) -> the places of that name."""
    out: dict[tuple[str, str], set[int]] = {}
    stmt = select(PlaceName.place_id, PlaceName.name, Place.country_code).join(
        Place, Place.id == PlaceName.place_id
    )
    for pid, name, cc in session.execute(stmt):
        out.setdefault((norm(name), cc), set()).add(pid)
    return out


def absent_pairs(settings: Settings) -> tuple[list[dict[str, dict[str, str]]], int]:
    """The gold pairs the registry lacks (each once), and how many it holds."""
    sys.path.insert(0, str(SHARED))
    from score_extract import norm  # the scorer's own reading of names

    db = Database(settings)
    with db.session() as session:
        names = _ids_by_name(session, norm)
        rows = session.execute(select(Partnership.place_a_id, Partnership.place_b_id))
        held = {(min(a, b), max(a, b)) for a, b in rows}
    db.dispose()
    pairs, seen, present = [], set(), 0
    for case in sorted((SHARED / "news_dev" / "cases").glob("*.json")):
        for gold in json.loads(case.read_text(encoding="utf-8"))["gold"]["partnerships"]:
            a, b = gold["a"], gold["b"]
            key = tuple(sorted([(a["names"][0], a["country"]), (b["names"][0], b["country"])]))
            if key in seen:
                continue
            seen.add(key)
            ia = set().union(*(names.get((norm(n), a["country"]), set()) for n in a["names"]))
            ib = set().union(*(names.get((norm(n), b["country"]), set()) for n in b["names"]))
            if any((min(x, y), max(x, y)) in held for x in ia for y in ib):
                present += 1
                continue
            pairs.append(
                {
                    "a": {"name": a["names"][0], "country": a["country"]},
                    "b": {"name": b["names"][0], "country": b["country"]},
                }
            )
    return pairs, present


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default=str(Path(sys.executable).with_name("kembar")))
    args = ap.parse_args()
    if not (SHARED / "news_dev").is_dir():
        sys.exit(f"error: {SHARED / 'news_dev'} is not beside this checkout")
    pairs, present = absent_pairs(Settings.from_env())
    print(f"news_dev gold pairs: {present} held by the registry, {len(pairs)} absent (asked both ways)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.jsonl"
        path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
        scorer = [sys.executable, str(SHARED / "score_recommend.py"), "--pairs", str(path), "--cmd", args.cmd]
        subprocess.run(scorer, check=True)


if __name__ == "__main__":
    main()

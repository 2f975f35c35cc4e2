"""End to end through the contract: partnerships removed from a copy of the registry are
asked of `kembar recommend --batch` and scored by ../shared/eval/score_recommend.py,
the way a set of real partnerships absent from the data is judged.

usage: python bench/bench_batch_scorer.py [--pairs 400] [--seed 7]   (KEMBAR_HOME as for the app)

Each pair is written with the dataset row's own spellings and its places' countries. The
copy loses those partnerships, so the ranker retrains on the rest; a place left with no
partnership is asked like a place the registry does not hold. Unlike the protocol of
`kembar evaluate recommend`, nothing keeps every place's degree at least 1, and the
command, the names and the aliases are all exercised. Prints the scorer's figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from kembar.config import Settings

HERE = Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "eval" / "score_recommend.py"
KEMBAR = Path(sys.executable).parent / "kembar"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"error: the contract's scorer is not at {SCORER}")
    settings = Settings.from_env()
    if not settings.database_url.startswith("sqlite:///"):
        sys.exit("error: this benchmark copies a SQLite registry; KEMBAR_DATABASE_URL is another database")
    source = Path(settings.database_url.removeprefix("sqlite:///"))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        copy = sqlite3.connect(home / "kembar.sqlite3")
        with sqlite3.connect(source) as original:
            original.backup(copy)
        pairs = _remove_pairs(copy, args.pairs, args.seed)
        copy.close()
        pairs_file = home / "pairs.jsonl"
        pairs_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), "utf-8")
        env = {**os.environ, "KEMBAR_HOME": str(home)}
        env.pop("KEMBAR_DATABASE_URL", None)
        print(f"{len(pairs)} partnerships removed from a copy of {source} (seed {args.seed})", flush=True)
        subprocess.run(
            [sys.executable, str(SCORER), "--pairs", str(pairs_file), "--cmd", str(KEMBAR)],
            env=env,
            check=True,
        )


def _remove_pairs(db: sqlite3.Connection, n: int, seed: int) -> list[dict]:
    """Draw n dataset partnerships, delete them, and return them as the scorer's pairs."""
    rows = db.execute(
        "SELECT p.id, p.place_a_id, p.place_b_id, a.country_code, b.country_code, e.quote "
        "FROM partnerships p JOIN places a ON a.id = p.place_a_id JOIN places b ON b.id = p.place_b_id "
        "JOIN evidence e ON e.subject_type = 'partnership' AND e.subject_id = p.id "
        "JOIN sources s ON s.id = e.source_id AND s.kind = 'dataset' "
        "WHERE p.id NOT IN (SELECT partnership_id FROM instruments) "
        "AND p.id NOT IN (SELECT partnership_id FROM activities WHERE partnership_id IS NOT NULL) "
        "ORDER BY p.id, e.id"
    ).fetchall()
    first: dict[int, tuple] = {}
    for row in rows:
        first.setdefault(row[0], row)
    chosen = random.Random(seed).sample(sorted(first), min(n, len(first)))
    pairs = []
    for pid in chosen:
        _, a_id, _, a_cc, b_cc, quote = first[pid]
        cells = next(csv.reader([quote]))
        left, right = cells[0], cells[4]
        names_a = {name for (name,) in db.execute("SELECT name FROM place_names WHERE place_id = ?", (a_id,))}
        if left not in names_a:  # the row lists the partnership's second place first
            a_cc, b_cc = b_cc, a_cc
        pairs.append({"a": {"name": left, "country": a_cc}, "b": {"name": right, "country": b_cc}})
    marks = ",".join("?" * len(chosen))
    db.execute(f"DELETE FROM evidence WHERE subject_type = 'partnership' AND subject_id IN ({marks})", chosen)
    db.execute(f"DELETE FROM partnership_fields WHERE partnership_id IN ({marks})", chosen)
    db.execute(f"DELETE FROM partnerships WHERE id IN ({marks})", chosen)
    db.execute(
        "UPDATE places SET partner_count = (SELECT count(*) FROM partnerships "
        "WHERE place_a_id = places.id OR place_b_id = places.id)"
    )
    db.commit()
    return pairs


if __name__ == "__main__":
    main()

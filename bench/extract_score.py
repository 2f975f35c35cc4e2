"""In-process scoring of the extractor with the contract scorer's own matching rules.

The contract's scorer (../shared/eval/score_extract.py) starts one process per article,
which takes minutes on a set; this module imports its matching functions
(`pair_matches`, `date_ok`, `load_cases`) and repeats its two-pass assignment on
extractions made in this process, so that a whole set scores in seconds. The figures it
prints agree with the scorer's; the README quotes the scorer's own.

usage: python bench/extract_score.py [--gold DIR|FILE] [--root DIR] [--lang id] [--verbose]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"
SCORER = SHARED / "eval" / "score_extract.py"


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extract", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    attr: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0] for k in ("kind", "instrument", "status", "date")}
    )
    ftp: int = 0
    ffp: int = 0
    ffn: int = 0
    cases: int = 0
    notes: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        p, r, f = f1(self.tp, self.fp, self.fn)
        return {
            "cases": self.cases,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "fields_f1": round(f1(self.ftp, self.ffp, self.ffn)[2], 3),
            **{f"{k}_acc": round(v[0] / v[1], 3) if v[1] else None for k, v in self.attr.items()},
        }


def score_case(sc: ModuleType, case: dict[str, Any], preds: list[dict[str, Any]], t: Tally) -> None:
    """The scorer's two passes: first pairs that agree on instrument and status too."""
    golds = case["gold"]["partnerships"]
    t.cases += 1
    used: set[int] = set()
    assigned: dict[int, int] = {}
    for strict in (True, False):
        for n, p in enumerate(preds):
            if n in assigned:
                continue
            for i, g in sorted(enumerate(golds), key=lambda ig: bool(ig[1].get("optional"))):
                if i in used or not sc.pair_matches(p, g):
                    continue
                if strict and (p.get("instrument"), p.get("status")) != (g["instrument"], g["status"]):
                    continue
                assigned[n] = i
                used.add(i)
                break
    cid = case["id"]
    for n, p in enumerate(preds):
        match = assigned.get(n)
        if match is None:
            t.fp += 1
            t.notes.append(f"FP {cid}: {_end(p['a'])} - {_end(p['b'])} ({p['status']}, {p['date']})")
            continue
        g = golds[match]
        if g.get("optional"):
            continue
        t.tp += 1
        for k in ("kind", "instrument", "status"):
            ok = p.get(k) == g[k]
            t.attr[k][0] += ok
            t.attr[k][1] += 1
            if not ok:
                t.notes.append(f"{k} {cid}: {_gold_pair(g)} got {p.get(k)} want {g[k]}")
        d = sc.date_ok(p.get("date"), g.get("date"))
        if d is not None:
            t.attr["date"][0] += d
            t.attr["date"][1] += 1
            if not d:
                t.notes.append(f"date {cid}: {_gold_pair(g)} got {p.get('date')} want {g.get('date')}")
        pf, gf = set(p.get("fields") or []), set(g.get("fields") or [])
        t.ftp += len(pf & gf)
        t.ffp += len(pf - gf)
        t.ffn += len(gf - pf)
        if pf != gf:
            t.notes.append(f"fields {cid}: {_gold_pair(g)} extra {sorted(pf - gf)} missing {sorted(gf - pf)}")
    for i, g in enumerate(golds):
        if i not in used and not g.get("optional"):
            t.fn += 1
            t.notes.append(f"FN {cid}: {_gold_pair(g)} ({g['status']})")


def _end(e: dict[str, Any]) -> str:
    return f"{e.get('name')}/{e.get('country')}"


def _gold_pair(g: dict[str, Any]) -> str:
    return f"{g['a']['names'][0]}/{g['a']['country']} - {g['b']['names'][0]}/{g['b']['country']}"


def score_set(
    gold: Path,
    root: Path,
    extract: Callable[[str, date | None], list[dict[str, Any]]],
    lang: str | None = None,
) -> Tally:
    sc = scorer()
    tally = Tally()
    for case in sc.load_cases(str(gold), str(root)):
        if lang and case.get("lang", case["id"][:2]) != lang:
            continue
        published = date.fromisoformat(case["published"]) if case.get("published") else None
        score_case(sc, case, extract(case["text"], published), tally)
    return tally


def kembar_partnerships(text: str, published: date | None) -> list[dict[str, Any]]:
    from kembar.extract.pipeline import extract

    partnerships: list[dict[str, Any]] = extract(text, published).contract()["partnerships"]
    return partnerships


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(SHARED / "eval" / "news_dev" / "cases"))
    ap.add_argument("--root", default=str(SHARED))
    ap.add_argument("--lang")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    tally = score_set(Path(args.gold), Path(args.root), kembar_partnerships, args.lang)
    if args.verbose:
        for note in tally.notes:
            print(" ", note, file=sys.stderr)
    print(json.dumps(tally.figures()))


if __name__ == "__main__":
    main()

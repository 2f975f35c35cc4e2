"""Extraction figures in one run: quality, speed, and time and memory on long articles.

usage: python bench/bench_extract.py [--rounds 20] [--scorer] [--skip-sizes]

Quality, on every set the project has:
- news_dev (../shared/eval/news_dev/cases): overall and by language (id, en, ms);
- the team's sets as regression checks: bench/extract_dev (40) and bench/extract_heldout (10);
- the seed articles (../shared/eval/seeds_gold.json).
By default the sets are scored in this process with the contract scorer's own matching
(bench/extract_score.py); `--scorer` runs ../shared/eval/score_extract.py itself, one
process per article, as the contract does (slower; the README quotes these figures).

Speed: the seed articles (3-5 KB) and the news_dev articles read in one process after
start-up, in articles per CPU second (one core); median of rounds. Long articles: 100 KB,
1 MB and 5 MB made of news_dev texts joined (so that they hold real sentences, names and
dates), each read in a fresh process that reports its time and peak memory.
Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
SHARED = HERE.parent.parent / "shared"
NEWS = SHARED / "eval" / "news_dev" / "cases"
SIZES = {"100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}


def _line(figures: dict[str, object]) -> str:
    keys = ("f1", "precision", "recall", "fields_f1", "kind_acc", "instrument_acc", "status_acc", "date_acc")
    return ", ".join(f"{k} {figures.get(k)}" for k in keys)


def contract_scorer(gold: Path, root: Path) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score_extract.py"),
            "--gold",
            str(gold),
            "--root",
            str(root),
            "--cmd",
            str(Path(sys.executable).with_name("kembar")),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, object] = json.loads(out.stdout)
    return figures


def news_by_language(use_scorer: bool) -> list[tuple[str, dict[str, object]]]:
    from extract_score import kembar_partnerships, score_set

    rows = []
    for lang in (None, "id", "en", "ms"):
        label = f"news_dev {lang or 'all'}"
        if not use_scorer:
            rows.append((label, score_set(NEWS, SHARED, kembar_partnerships, lang).figures()))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for case in sorted(NEWS.glob("*.json")):
                if lang is None or case.name.startswith(f"{lang}_"):
                    shutil.copy(case, tmp)
            rows.append((label, contract_scorer(Path(tmp), SHARED)))
    return rows


def quality(use_scorer: bool) -> None:
    from extract_score import kembar_partnerships, score_set

    sets = [
        ("extract_dev (40, team)", HERE / "extract_dev" / "gold.json", HERE / "extract_dev"),
        ("extract_heldout (10, team)", HERE / "extract_heldout" / "gold.json", HERE / "extract_heldout"),
        ("seeds (5)", SHARED / "eval" / "seeds_gold.json", SHARED),
    ]
    rows = news_by_language(use_scorer) if NEWS.exists() else []
    for label, gold, root in sets:
        if gold.exists():
            figures = (
                contract_scorer(gold, root)
                if use_scorer
                else score_set(gold, root, kembar_partnerships).figures()
            )
            rows.append((label, figures))
    for label, figures in rows:
        print(f"{label}: {_line(figures)}")


def long_article(size: int) -> str:
    """Real article text repeated to `size` characters. Each copy's lines carry the copy's
    number, so that no sentence repeats and no cache makes the long text cheaper."""
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(NEWS.glob("*.json"))]
    out, total, k = [], 0, 0
    while total < size:
        copy = k // len(texts)
        text = texts[k % len(texts)]
        if copy:
            text = "\n".join(f"{line} [{copy}]" if line.strip() else line for line in text.split("\n"))
        out.append(text)
        total += len(text) + 2
        k += 1
    return "\n\n".join(out)[:size]


def _one_size(size: int) -> None:
    """Child process: read one long article, print seconds and peak memory as JSON."""
    from kembar.extract.mentions import mention_index
    from kembar.extract.pipeline import extract

    mention_index()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = long_article(size)
    t, cpu = time.perf_counter(), time.process_time()
    result = extract(text, None)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "index_mb": base}
    print(json.dumps(figures | {"found": len(result.partnerships)}))


def sizes() -> None:
    for label, size in SIZES.items():
        out = subprocess.run(
            [sys.executable, __file__, "--one-size", str(size)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout)
        print(
            f"long article {label}: {r['seconds']:.1f} s ({r['cpu']:.1f} s of CPU), "
            f"{size / 1e6 / r['cpu']:.2f} MB per CPU second; peak memory {r['peak_mb']:.0f} MB "
            f"(of which {r['index_mb']:.0f} MB the process with its place index)"
        )


def speed(rounds: int) -> None:
    from kembar.extract.mentions import mention_index

    t = time.perf_counter()
    index = mention_index()
    startup = time.perf_counter() - t
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").exists() else []
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    if not texts:
        dev = sorted((HERE / "extract_dev" / "articles").glob("*.txt"))
        pieces = [p.read_text(encoding="utf-8") for p in dev]
        texts = ["\n\n".join(pieces[k : k + 4]) for k in range(0, len(pieces), 4)]
    news = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(NEWS.glob("*.json"))]
    print(f"start-up {startup:.1f} s (the place index loaded from the cache or built)")
    for label, group in (("seed articles", texts), ("news_dev articles", news)):
        if group:
            _rate(label, group, index, rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB (target < 500)")


def _rate(label: str, texts: list[str], index: object, rounds: int) -> None:
    from kembar.extract.lexicon import forget_article
    from kembar.extract.pipeline import extract

    sizes_kb = [len(t.encode()) / 1000 for t in texts]
    rates, wall_rates = [], []
    for _ in range(rounds):
        # Sentences never repeat across real articles: the per-sentence memos start empty
        # (extract forgets them after each article; this only makes sure of it).
        forget_article()
        t, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            extract(text, None, index)  # type: ignore[arg-type]
        # Per core is per CPU second: on a machine shared with other work, wall time also
        # counts the time this process waited for a core.
        rates.append(len(texts) / (time.process_time() - cpu))
        wall_rates.append(len(texts) / (time.perf_counter() - t))
    print(
        f"speed, {label}: {statistics.median(rates):.0f} articles per CPU second on one core "
        f"({statistics.median(wall_rates):.0f}/s of wall time; median of {rounds} rounds over "
        f"{len(texts)} articles of {min(sizes_kb):.1f}-{max(sizes_kb):.1f} KB; target >= 50)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--scorer", action="store_true", help="score with the contract's scorer (slow)")
    ap.add_argument("--skip-sizes", action="store_true")
    ap.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_size:
        _one_size(args.one_size)
        return
    if (SHARED / "eval" / "score_extract.py").exists():
        quality(args.scorer)
    speed(args.rounds)
    if not args.skip_sizes and NEWS.exists():
        sizes()


if __name__ == "__main__":
    main()

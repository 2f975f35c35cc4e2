"""Write articles/NNN.txt and gold.json from articles.py (scorer's format).
usage: python bench/extract_heldout/build_gold.py"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    sys.path.insert(0, str(HERE))
    from articles import ARTICLES

    (HERE / "articles").mkdir(exist_ok=True)
    cases = []
    for cid, published, lang, text, golds in ARTICLES:
        (HERE / "articles" / f"{cid}.txt").write_text(text.strip() + "\n", encoding="utf-8")
        cases.append(
            {
                "id": cid,
                "file": f"articles/{cid}.txt",
                "lang": lang,
                "published": published,
                "gold": {
                    "partnerships": [
                        {
                            "a": {"names": a.split("|"), "country": ca},
                            "b": {"names": bs, "country": cb},
                            "kind": kind,
                            "instrument": ins,
                            "status": st,
                            "date": d,
                            "fields": fs,
                            "optional": False,
                        }
                        for a, ca, bs, cb, kind, ins, st, d, fs in golds
                    ]
                },
            }
        )
    (HERE / "gold.json").write_text(json.dumps({"cases": cases}, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()

"""Write the development set (articles/NNN.txt and gold.json in the scorer's format) from
articles_*.py. usage: python bench/extract_dev/build_gold.py"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    import sys

    sys.path.insert(0, str(HERE))
    cases = []
    (HERE / "articles").mkdir(exist_ok=True)
    for lang in ("id", "en", "ms"):
        module = __import__(f"articles_{lang}")
        for cid, published, text, golds in module.ARTICLES:
            path = HERE / "articles" / f"{cid}.txt"
            path.write_text(text.strip() + "\n", encoding="utf-8")
            partnerships = [
                {
                    "a": {"names": a.split("|"), "country": ca},
                    "b": {"names": bs, "country": cb},
                    "kind": kind,
                    "instrument": instrument,
                    "status": status,
                    "date": date,
                    "fields": fields,
                    "optional": False,
                }
                for a, ca, bs, cb, kind, instrument, status, date, fields in golds
            ]
            cases.append(
                {
                    "id": cid,
                    "file": f"articles/{cid}.txt",
                    "lang": lang,
                    "published": published,
                    "gold": {"partnerships": partnerships},
                }
            )
    (HERE / "gold.json").write_text(json.dumps({"cases": cases}, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()

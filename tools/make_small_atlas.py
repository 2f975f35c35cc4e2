"""Cut the small atlas the fast tests use out of the bundled world dataset.

    python tools/make_small_atlas.py   # writes src/kembar/atlas/data/small_atlas.csv

The rows are real: every partnership of the bundled file with a party in Southeast Asia
or Kazakhstan (the countries of the seed articles and their neighbours), about 500 rows.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "kembar" / "atlas" / "data"
COUNTRIES = {
    "Indonesia",
    "Malaysia",
    "Kazakhstan",
    "Thailand",
    "Vietnam",
    "Philippines",
    "Singapore",
    "Brunei",
    "Cambodia",
    "Laos",
    "Myanmar",
    "East Timor",
    "Timor-Leste",
}


def main() -> None:
    with gzip.open(DATA / "twin_cities_wikipedia.csv.gz", "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r[1] in COUNTRIES or r[5] in COUNTRIES]
    with (DATA / "small_atlas.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {DATA / 'small_atlas.csv'}")


if __name__ == "__main__":
    main()

"""Write the national registers Kembar bundles (src/kembar/gazetteer/data/*_register.csv.gz)
from the npm packages that publish them. Run by hand when a newer release is wanted:

    npm pack @etalab/decoupage-administratif landkreise-deutschland
    mkdir fr de
    tar xzf etalab-decoupage-administratif-*.tgz -C fr
    tar xzf landkreise-deutschland-*.tgz -C de
    python tools/make_registers.py fr/package de/package

Columns: code (INSEE commune code, or AGS district key), name, kind (commune | associated
| delegated | district | city), parent (département code, or the two-digit Land key of the AGS),
population (blank when the register has none).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "kembar" / "gazetteer" / "data"
FR_KINDS = {"commune-actuelle": "commune", "commune-associee": "associated", "commune-deleguee": "delegated"}
# District-free cities are GeoNames cities; the register keeps them (kind "city") only to
# know that a name is taken and to tie GeoNames' Länder to the register's keys.
DE_KINDS = {
    "Landkreis": "district",
    "Kreis": "district",
    "Regionalverband": "district",
    "Kreisfreie Stadt": "city",
    "Stadtkreis": "city",
}


def write(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "kind", "parent", "population"])
    w.writerows(sorted(rows))
    path.write_bytes(gzip.compress(buf.getvalue().encode(), mtime=0))
    print(f"{path.name}: {len(rows)} rows")


def france(package: Path) -> list[tuple[str, str, str, str, str]]:
    rows = []
    communes = json.loads((package / "data" / "communes.json").read_text(encoding="utf-8"))
    current = {(c["nom"], c["departement"]) for c in communes if c["type"] == "commune-actuelle"}
    for c in communes:
        kind = FR_KINDS.get(c["type"])
        if kind is None or "departement" not in c:
            continue
        if kind != "commune" and (c["nom"], c["departement"]) in current:
            continue  # the former commune that gave the new one its name
        rows.append((c["code"], c["nom"], kind, c["departement"], str(c.get("population") or "")))
    return rows


def germany(package: Path) -> list[tuple[str, str, str, str, str]]:
    rows = []
    with (package / "data" / "districts.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            kind = DE_KINDS.get(r["type"])
            if kind is not None:
                name = r["name"].split(",")[0].strip()  # "Kiel, Landeshauptstadt"
                if kind == "district" and "kreis" not in name.lower() and not name.startswith("Region"):
                    name = f"{r['type']} {name}"  # "Landkreis Karlsruhe", not the city
                rows.append((r["AGS"], name, kind, r["AGS"][:2], r["population"]))
    return rows


if __name__ == "__main__":
    write(OUT / "fr_register.csv.gz", france(Path(sys.argv[1])))
    write(OUT / "de_register.csv.gz", germany(Path(sys.argv[2])))

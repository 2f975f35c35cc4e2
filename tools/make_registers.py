"""Write the national registers Kembar bundles (src/kembar/gazetteer/data/*_register.csv.gz)
from the npm packages that publish them. Run by hand when a newer release is wanted:

    npm pack @etalab/decoupage-administratif landkreise-deutschland idn-area-data@4.0.1
    mkdir fr de id
    tar xzf etalab-decoupage-administratif-*.tgz -C fr
    tar xzf landkreise-deutschland-*.tgz -C de
    tar xzf idn-area-data-*.tgz -C id
    .venv/bin/python tools/make_registers.py --fr fr/package --de de/package --id id/package

Each option writes one register; the others are left as they are.

Columns: code (INSEE commune code, AGS district key, or Kemendagri's code of a kabupaten or
kota), name, kind (commune | associated | delegated | district | city | regency), parent
(département code, the two-digit Land key of the AGS, or the ISO 3166-2 code of the
Indonesian province without its "ID-"), population (blank when the register has none).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
from pathlib import Path

import pycountry
from rapidfuzz import fuzz

from kembar.text import fold

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


# Words Kemendagri's province names carry and ISO 3166-2's do not ("Daerah Khusus Ibukota
# Jakarta" is "Jakarta Raya", "Daerah Istimewa Yogyakarta" is "Yogyakarta"); folded.
_ID_PROVINCE_WORDS = ("daerah khusus ibukota ", "daerah istimewa ", " raya")
# A province name spelt differently in ISO 3166-2 ("Papua Pegunungan" is listed as
# "Papua Pengunungan") is taken when it is this alike (rapidfuzz ratio) and no other is.
ID_SPELLING_MIN = 90.0


def _province_key(name: str) -> str:
    key = fold(name)
    for words in _ID_PROVINCE_WORDS:
        key = key.replace(words, " ")
    return " ".join(key.split())


def indonesian_provinces(package: Path) -> dict[str, str]:
    """Kemendagri's two-digit province code -> ISO 3166-2 code, matched by name; every
    province must find one ISO code and no two the same, or the tool stops."""
    iso = {
        _province_key(s.name): s.code
        for s in pycountry.subdivisions.get(country_code="ID")
        if s.type != "Geographical unit"
    }
    out: dict[str, str] = {}
    with (package / "data" / "provinces.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = _province_key(r["name"])
            code = iso.get(key)
            if code is None:
                scored = sorted(((fuzz.ratio(key, k), c) for k, c in iso.items()), reverse=True)
                if scored[0][0] >= ID_SPELLING_MIN > scored[1][0]:
                    code = scored[0][1]
            if code is None:
                raise SystemExit(f"province {r['code']} {r['name']!r} matches no ISO 3166-2 code")
            out[r["code"]] = code
    if len(set(out.values())) != len(out) or len(out) != len(iso):
        raise SystemExit(f"{len(out)} provinces matched {len(set(out.values()))} of {len(iso)} ISO codes")
    return out


def indonesia(package: Path) -> list[tuple[str, str, str, str, str]]:
    """Every kabupaten (kind regency) and kota (kind city), its parent the ISO 3166-2
    code of its province without "ID-"."""
    provinces = indonesian_provinces(package)
    rows = []
    with (package / "data" / "regencies.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            kind = "city" if r["name"].startswith("Kota ") else "regency"
            if kind == "regency" and not r["name"].startswith("Kabupaten "):
                raise SystemExit(f"regency {r['code']} {r['name']!r} is neither a Kabupaten nor a Kota")
            rows.append((r["code"], r["name"], kind, provinces[r["province_code"]][3:], ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fr", type=Path, help="the unpacked @etalab/decoupage-administratif package")
    parser.add_argument("--de", type=Path, help="the unpacked landkreise-deutschland package")
    parser.add_argument("--id", type=Path, help="the unpacked idn-area-data package")
    args = parser.parse_args()
    if not (args.fr or args.de or args.id):
        parser.error("name at least one package (--fr, --de, --id)")
    if args.fr:
        write(OUT / "fr_register.csv.gz", france(args.fr))
    if args.de:
        write(OUT / "de_register.csv.gz", germany(args.de))
    if args.id:
        write(OUT / "id_register.csv.gz", indonesia(args.id))


if __name__ == "__main__":
    main()

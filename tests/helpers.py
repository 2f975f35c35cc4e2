"""Helpers shared by the tests (imported by module name; pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def write_csv(path: Path, rows: list[str]) -> Path:
    header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def dataset_rows(countries: set[str], limit: int) -> list[str]:
    """The first `limit` rows of the bundled world dataset with a party in one of
    `countries` (as the file names them): a small real atlas for fast tests."""
    import csv
    import gzip
    from importlib import resources

    data = resources.files("kembar.atlas") / "data" / "twin_cities_wikipedia.csv.gz"
    with gzip.open(str(data), "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [r for r in reader if r[1] in countries or r[5] in countries]
    out = []
    for r in rows[:limit]:
        buffer = []
        for cell in r:
            buffer.append('"' + cell.replace('"', '""') + '"' if "," in cell or '"' in cell else cell)
        out.append(",".join(buffer))
    return out


def add_places(session: Any) -> dict[str, Any]:
    """A few real places with their ISO 3166-2 regions, for tests of accounts and scope."""
    from kembar.db.models import Place

    rows = {
        "indonesia": ("country:ID", "Indonesia", "country", "ID", None),
        "west_java": ("iso:ID-JB", "Jawa Barat", "province", "ID", "ID-JB"),
        "bandung": ("gn:1650357", "Bandung", "city", "ID", "ID-JB"),
        "bekasi": ("gn:1649378", "Bekasi", "city", "ID", "ID-JB"),
        "bogor_regency": ("x:bogor-regency", "Kabupaten Bogor", "regency", "ID", "ID-JB"),
        "east_java": ("iso:ID-JI", "Jawa Timur", "province", "ID", "ID-JI"),
        "surabaya": ("gn:1625822", "Surabaya", "city", "ID", "ID-JI"),
        "unplaced": ("raw:ID:desa", "Desa Tanpa Wilayah", "city", "ID", None),
        "busan": ("gn:1838524", "Busan", "city", "KR", "KR-26"),
        "kuala_lumpur": ("gn:1735161", "Kuala Lumpur", "city", "MY", "MY-14"),
    }
    places = {}
    for label, (key, name, kind, cc, admin) in rows.items():
        places[label] = Place(key=key, name=name, kind=kind, country_code=cc, admin_code=admin)
        session.add(places[label])
    session.flush()
    return places

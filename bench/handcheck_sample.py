"""Draw the 100 random resolved places of the hand check (seed 0) from a built atlas.

Prints a Markdown table: the dataset's spelling and country, what Kembar resolved it
to, and the distance between the file's coordinates and the resolved ones. A person
then fills the verdict column; bench/handcheck.md keeps the result.

usage: python bench/handcheck_sample.py [--divisions 50] > /tmp/sample.md   (KEMBAR_HOME as for the app)
"""

from __future__ import annotations

import argparse
import csv
import random

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Evidence, Partnership, Place, PlaceName
from kembar.gazetteer.geo import haversine_km
from kembar.places import partners_of
from kembar.text import fold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--divisions", type=int, metavar="N", help="draw N counties/municipalities instead")
    ap.add_argument("--registers", type=int, metavar="N", help="draw N places of the national registers")
    ap.add_argument("--country", help="with --registers: only places of this country (ISO code)")
    args = ap.parse_args()
    db = Database(Settings.from_env())
    with db.session() as s:
        if args.registers:
            _registers(s, args.registers, args.country)
            return
        wanted = Place.resolution == "geonames_admin" if args.divisions else Place.resolution != "unresolved"
        resolved = s.scalars(select(Place).where(Place.partner_count > 0, wanted).order_by(Place.id)).all()
        sample = random.Random(0).sample(list(resolved), min(args.divisions or 100, len(resolved)))
        print(
            "| # | dataset spelling | resolved to | kind | country | region | GeoNames id "
            "| km from file | verdict |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for i, p in enumerate(sorted(sample, key=lambda p: (p.country_code, p.name)), 1):
            print(
                f"| {i} | {_spelt(s, p)} | {p.name} | {p.kind} | {p.country_code} | "
                f"{p.admin_name or ''} | {p.geonameid or ''} | {_distance(s, p)} | |"
            )


def _registers(s: Session, n: int, country: str | None) -> None:
    """Places resolved by a national register, with their register code, population and
    partners (what tells a commune of 200 people from a namesake town)."""
    query = select(Place).where(Place.partner_count > 0, Place.resolution == "register")
    if country:
        query = query.where(Place.country_code == country.upper())
    found = s.scalars(query.order_by(Place.id)).all()
    sample = random.Random(0).sample(list(found), min(n, len(found)))
    print(
        "| # | dataset spelling | resolved to | country | region | register code | population "
        "| partners | verdict |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for i, p in enumerate(sorted(sample, key=lambda p: (p.country_code, p.name)), 1):
        partners = [f"{q.place.name} ({q.place.country})" for q in partners_of(s, p)]
        print(
            f"| {i} | {_spelt(s, p)} | {p.name} | {p.country_code} | {p.admin_name or ''} | "
            f"{p.key.split(':')[-1]} | {p.population or ''} | {', '.join(partners)} | |"
        )


def _spelt(s: Session, p: Place) -> str:
    """How the dataset's rows wrote the place."""
    names = s.scalars(select(PlaceName.name).where(PlaceName.place_id == p.id, PlaceName.kind == "dataset"))
    return "; ".join(names) or p.name


def _distance(s: Session, p: Place) -> str:
    """Kilometres between the resolved place and the file's coordinates of its mention."""
    if p.lat is None or p.lon is None:
        return "n/a"
    names = {fold(n) for n in s.scalars(select(PlaceName.name).where(PlaceName.place_id == p.id))}
    quotes = s.scalars(
        select(Evidence.quote)
        .join(Partnership, Partnership.id == Evidence.subject_id)
        .where(Evidence.subject_type == "partnership")
        .where(or_(Partnership.place_a_id == p.id, Partnership.place_b_id == p.id))
    ).all()
    for quote in quotes:
        cells = next(csv.reader([quote or ""]))
        for name, lat, lon in ((cells[0], cells[2], cells[3]), (cells[4], cells[6], cells[7])):
            if fold(name) in names and lat and lon:
                return f"{haversine_km(p.lat, p.lon, float(lat), float(lon)):.1f}"
    return "?"


if __name__ == "__main__":
    main()

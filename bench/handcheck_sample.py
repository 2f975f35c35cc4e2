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
from kembar.text import fold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--divisions", type=int, metavar="N", help="draw N counties/municipalities instead")
    args = ap.parse_args()
    db = Database(Settings.from_env())
    with db.session() as s:
        wanted = Place.resolution == "geonames_admin" if args.divisions else Place.resolution != "unresolved"
        resolved = s.scalars(select(Place).where(Place.partner_count > 0, wanted).order_by(Place.id)).all()
        sample = random.Random(0).sample(list(resolved), min(args.divisions or 100, len(resolved)))
        print(
            "| # | dataset spelling | resolved to | kind | country | region | GeoNames id "
            "| km from file | verdict |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for i, p in enumerate(sorted(sample, key=lambda p: (p.country_code, p.name)), 1):
            spelt = s.scalars(
                select(PlaceName.name).where(PlaceName.place_id == p.id, PlaceName.kind == "dataset")
            ).all()
            print(
                f"| {i} | {'; '.join(spelt) or p.name} | {p.name} | {p.kind} | {p.country_code} | "
                f"{p.admin_name or ''} | {p.geonameid or ''} | {_distance(s, p)} | |"
            )


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

"""Exports of the registry's partnerships as CSV, GeoJSON or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from kembar.db.models import Partnership, Place
from kembar.errors import InvalidInput
from kembar.lifecycle import facets

FORMATS = ("csv", "geojson", "json")
COLUMNS = (
    "id",
    "kind",
    "stage",
    "first_date",
    "a_id",
    "a_name",
    "a_country",
    "a_lat",
    "a_lon",
    "b_id",
    "b_name",
    "b_country",
    "b_lat",
    "b_lon",
)
ATTRIBUTION = (
    "Kembar atlas. Partnerships from Wikipedia's lists of twin towns and sister cities "
    "(CC BY-SA 4.0) via Hekman/twincities; places from GeoNames (CC BY 4.0) and ISO 3166, "
    "with English names of regions from iso3166-2-db (MIT; compiled from GeoNames and Wikipedia). "
    "Contains information from idn-area-data (Indonesia's kabupaten and kota, from Kemendagri), "
    "made available under the ODbL 1.0; French communes from INSEE (Licence Ouverte 2.0); "
    "German districts from Destatis (CC BY 4.0)."
)


def rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every partnership with both places, its stage and first date as the pages show them:
    derived from its steps and signed instruments (an MoU signed makes the stage "mou"
    and its date the first), not only as recorded."""
    derived = {r.id: r for r in facets.rows(session)}
    a, b = aliased(Place), aliased(Place)
    stmt = (
        select(
            Partnership.id,
            Partnership.kind,
            Partnership.stage,
            Partnership.first_date,
            a.id,
            a.name,
            a.country_code,
            a.lat,
            a.lon,
            b.id,
            b.name,
            b.country_code,
            b.lat,
            b.lon,
        )
        .join(a, a.id == Partnership.place_a_id)
        .join(b, b.id == Partnership.place_b_id)
        .order_by(Partnership.id)
    )
    for values in session.execute(stmt):
        row = dict(zip(COLUMNS, values, strict=True))
        shown = derived.get(row["id"])
        if shown is not None:
            row["stage"], row["first_date"] = shown.stage, shown.first_date
        yield row


def export(session: Session, fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    data = list(rows(session))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps({"attribution": ATTRIBUTION, "partnerships": data}, ensure_ascii=False)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[r["a_lon"], r["a_lat"]], [r["b_lon"], r["b_lat"]]],
            },
            "properties": {
                k: r[k] for k in ("id", "kind", "stage", "a_name", "a_country", "b_name", "b_country")
            },
        }
        for r in data
        if None not in (r["a_lat"], r["a_lon"], r["b_lat"], r["b_lon"])
    ]
    return json.dumps(
        {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}, ensure_ascii=False
    )

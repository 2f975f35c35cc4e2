"""Time the exports and printed reports on the full atlas, and print the medians.

usage: KEMBAR_HOME=/path/with/atlas python bench/bench_reports.py [--runs 3]
Uses the database of KEMBAR_HOME (build it first with `kembar init`); reads only. The
cases: the .xlsx of every partnership (the largest export), of Indonesia's, the CSV of
every partnership for Excel, and the PDF reports of Indonesia, France (the country with
the most partnerships) and Jakarta. Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Place
from kembar.lifecycle import facets
from kembar.reports import pdf, spreadsheet, summary, tables


def xlsx(session: Session, settings: Settings, filters: facets.Filters) -> bytes:
    ids = facets.matching_ids(session, settings, filters)
    return spreadsheet.xlsx(tables.sheets(session, settings, ids, filters, "id", None), "id")


def country_pdf(session: Session, settings: Settings, cc: str) -> bytes:
    return pdf.render(summary.country_report(session, settings, cc), "id", settings)


def place_pdf(session: Session, settings: Settings, key: str) -> bytes:
    place = session.scalars(select(Place).where(Place.key == key)).one()
    return pdf.render(summary.place_report(session, settings, place), "id", settings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    settings = Settings.from_env()
    db = Database(settings)
    cases: list[tuple[str, Callable[[Session], bytes | str]]] = [
        ("xlsx, every partnership", lambda s: xlsx(s, settings, facets.Filters())),
        ("xlsx, country=ID", lambda s: xlsx(s, settings, facets.Filters(country="ID"))),
        ("csv (excel=id), every partnership", lambda s: spreadsheet.partnerships_csv(s, None, "id")),
        ("pdf, Indonesia", lambda s: country_pdf(s, settings, "ID")),
        ("pdf, France", lambda s: country_pdf(s, settings, "FR")),
        ("pdf, Jakarta", lambda s: place_pdf(s, settings, "gn:1642911")),
    ]
    print(f"exports and reports on {settings.database_url}, medians of {args.runs} runs")
    with db.session() as session:
        facets.rows(session)  # the in-memory rows are built once per process, as in a server
        for name, run in cases:
            times, size = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                size = len(run(session))
                times.append(time.perf_counter() - started)
            print(f"  {name}: {statistics.median(times):.2f} s, {size / 1e6:.2f} MB")
    db.dispose()


if __name__ == "__main__":
    main()

"""Curated gazetteer facts that GeoNames and ISO 3166 lack: places (Nusantara), aliases
(exonyms, abbreviations such as Kaltim, DKI, KL), and which capitals are new ones."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kembar.gazetteer").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class ExtraPlace:
    key: str
    name: str
    kind: str
    country: str
    admin_code: str | None
    lat: float | None
    lon: float | None
    population: int | None
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Alias:
    """`target` is an ISO 3166-2 code ("ID-KI") or "CC:City name" ("ID:Jakarta")."""

    target: str
    alias: str
    kind: str
    lang: str


@cache
def extra_places() -> dict[str, ExtraPlace]:
    out = {}
    for r in _rows("extra_places.csv"):
        out[r["key"]] = ExtraPlace(
            key=r["key"],
            name=r["name"],
            kind=r["kind"],
            country=r["country"],
            admin_code=r["admin_code"] or None,
            lat=float(r["lat"]) if r["lat"] else None,
            lon=float(r["lon"]) if r["lon"] else None,
            population=int(r["population"]) if r["population"] else None,
            tags=tuple(t for t in r["tags"].split("|") if t),
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            note=r["note"],
        )
    return out


@cache
def aliases() -> tuple[Alias, ...]:
    return tuple(Alias(r["target"], r["alias"], r["kind"], r["lang"]) for r in _rows("aliases.csv"))


@cache
def new_capitals() -> dict[tuple[str, str], int]:
    """(country, capital name) -> year it was designated."""
    return {(r["country"], r["capital"]): int(r["designated"]) for r in _rows("new_capitals.csv")}

"""The atlas's places in the registry: each place of a build upserted by its key, with
its names and tags, so that a second build of the same file changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from kembar.db.models import Place, PlaceName, PlaceTag
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.resolve import Resolution
from kembar.text import fold

# A place an earlier build left unresolved is the resolved place of its name within this.
REKEY_KM = 100.0


def upsert_places(session: Session, places: dict[str, Resolution]) -> tuple[dict[str, int], int]:
    """Write the places by key, then their names and tags; returns every place's id by
    key and how many places are new."""
    _rekey_resolved(session, places)
    added = _write_places(session, places)
    ids = dict(session.execute(select(Place.key, Place.id)).all())
    wanted = _write_names(session, places, ids)
    _drop_unbuilt_names(session, set(ids[k] for k in places), wanted)
    _add_tags(session, places, ids)
    return ids, added


def _place_row(res: Resolution) -> dict[str, object]:
    return {
        "key": res.key,
        "name": res.name,
        "kind": res.kind,
        "country_code": res.country,
        "admin_code": res.admin_code,
        "admin_name": res.admin_name,
        "lat": res.lat,
        "lon": res.lon,
        "population": res.population,
        "geonameid": res.geonameid,
        "resolution": res.method if res.method != "country" else "iso3166",
        "coord_source": res.coord_source,
    }


def _name_rows(place_id: int, res: Resolution) -> list[dict[str, object]]:
    """The place's names, once each; a name the file writes for it is a "dataset" name
    even when GeoNames lists it too (the batch reads a name the lists use so as theirs),
    and a name given with its language (a curated exonym: "Moskwa", Indonesian) keeps it
    when GeoNames lists it too without one."""
    listed = {name.strip()[:200] for name, kind, _ in res.names if kind == "dataset"}
    rows: dict[str, dict[str, object]] = {}
    for name, kind, lang in res.names:
        name = name.strip()[:200]
        if not name or (name in rows and (lang is None or rows[name]["lang"] is not None)):
            continue
        kind = "dataset" if name in listed else kind
        rows[name] = {
            "place_id": place_id,
            "name": name,
            "norm": fold(name)[:200],
            "kind": kind,
            "lang": lang,
        }
    return list(rows.values())


def _rekey_resolved(session: Session, places: dict[str, Resolution]) -> None:
    """A place an earlier build left unresolved and this one resolves keeps its row, and
    all that points at it (partnerships, evidence, priorities): its key changes."""
    stale: dict[tuple[str, str], list[tuple[int, float | None, float | None]]] = defaultdict(list)
    rows = session.execute(
        select(Place.id, Place.key, Place.name, Place.country_code, Place.lat, Place.lon).where(
            Place.resolution == "unresolved"
        )
    )
    for pid, key, name, cc, lat, lon in rows:
        if key not in places:
            stale[(cc, fold(name))].append((pid, lat, lon))
    if not stale:
        return
    existing = set(session.scalars(select(Place.key)))
    for key, res in places.items():
        if key in existing or res.method == "unresolved":
            continue
        for name, _kind, _lang in res.names:
            olds = stale.get((res.country, fold(name)), [])
            match = next((o for o in olds if _close(o[1], o[2], res.lat, res.lon)), None)
            if match is not None:
                olds.remove(match)
                session.execute(update(Place).where(Place.id == match[0]).values(key=key))
                break


def _close(lat: float | None, lon: float | None, lat2: float | None, lon2: float | None) -> bool:
    if lat is None or lon is None or lat2 is None or lon2 is None:
        return True
    return haversine_km(lat, lon, lat2, lon2) <= REKEY_KM


def _write_places(session: Session, places: dict[str, Resolution]) -> int:
    """Insert the new places and update the known ones; returns how many are new."""
    existing = dict(session.execute(select(Place.key, Place.id)).all())
    new = [_place_row(r) for k, r in places.items() if k not in existing]
    if new:
        session.execute(insert(_table(Place)), new)
    # one executemany (bound names must differ from the columns'): a statement a place
    # took 20 s on the atlas
    changed = [
        {"pid": existing[key], **{f"new_{k}": v for k, v in _place_row(res).items()}}
        for key, res in places.items()
        if key in existing
    ]
    if changed:
        table = cast(Table, Place.__table__)
        values: dict[str, Any] = {name[4:]: bindparam(name) for name in changed[0] if name != "pid"}
        session.execute(update(table).where(table.c.id == bindparam("pid")).values(values), changed)
    return len(new)


def _write_names(
    session: Session, places: dict[str, Resolution], ids: dict[str, int]
) -> set[tuple[object, object]]:
    """Insert the places' new names and renew the norm, kind and language of known ones;
    returns every (place id, name) this build gives."""
    known_names: dict[tuple[object, object], tuple[int, str, str, str | None]] = {
        (pid, name): (nid, norm, kind, lang)
        for nid, pid, name, norm, kind, lang in session.execute(
            select(
                PlaceName.id,
                PlaceName.place_id,
                PlaceName.name,
                PlaceName.norm,
                PlaceName.kind,
                PlaceName.lang,
            )
        )
    }
    name_rows, renewed, wanted = [], [], set()
    for key, res in places.items():
        for row in _name_rows(ids[key], res):
            wanted.add((row["place_id"], row["name"]))
            known = known_names.get((row["place_id"], row["name"]))
            if known is None:
                name_rows.append(row)
            elif known[1:] != (row["norm"], row["kind"], row["lang"]):  # an earlier fold(), or build
                renewed.append(
                    {"id": known[0], "norm": row["norm"], "kind": row["kind"], "lang": row["lang"]}
                )
    if name_rows:
        session.execute(insert(_table(PlaceName)), name_rows)
    if renewed:
        session.execute(update(PlaceName), renewed)
    return wanted


def _drop_unbuilt_names(session: Session, built: set[int], wanted: set[tuple[object, object]]) -> None:
    """A name an earlier build gave a place and this one does not (a spelling of the file
    now given to another place); the names articles brought ("news") stay."""
    stale = [
        nid
        for nid, pid, name in session.execute(
            select(PlaceName.id, PlaceName.place_id, PlaceName.name).where(PlaceName.kind != "news")
        )
        if pid in built and (pid, name) not in wanted
    ]
    if stale:
        session.execute(delete(PlaceName).where(PlaceName.id.in_(stale)))


def _add_tags(session: Session, places: dict[str, Resolution], ids: dict[str, int]) -> None:
    known_tags = set(session.execute(select(PlaceTag.place_id, PlaceTag.tag)).all())
    tag_rows = [
        {"place_id": ids[key], "tag": tag}
        for key, res in places.items()
        for tag in sorted(res.tags)
        if (ids[key], tag) not in known_tags
    ]
    if tag_rows:
        session.execute(insert(_table(PlaceTag)), tag_rows)


def _table(model: type[Any]) -> Table:
    """The model's table, for a plain executemany: the ORM's bulk insert leaves out a
    row's None values and so splits the rows into a group per pattern of them, one
    statement each (7,100 statements for the 5,800 reference places, 4 s of every build;
    one executemany now). None is NULL either way: these columns have no default."""
    return cast(Table, model.__table__)

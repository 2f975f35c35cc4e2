"""`kembar init`: build the registry's world atlas from the bundled dataset.

Resolve every mention, merge duplicates, and upsert places, partnerships and their
evidence by natural keys, so that running it again changes nothing.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from kembar.atlas.dataset import ATTRIBUTION, SOURCE_TITLE, SOURCE_URL, Mention, Problems, parse, read_text
from kembar.atlas.place_rows import upsert_places
from kembar.db import history
from kembar.db.models import (
    Base,
    Evidence,
    Meta,
    Partnership,
    Place,
    PlaceName,
    PlaceTag,
    Source,
)
from kembar.db.registry import ChangeSet
from kembar.errors import Message, Phrase
from kembar.gazetteer.curated import extra_places, new_capitals
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.resolve import Gazetteer, Resolution, gazetteer, parent_names
from kembar.messages import dumps, english
from kembar.name_forms import without_municipal_word
from kembar.permissions import system_actor
from kembar.text import fold

# Bump when the way the atlas is built changes, so that `kembar init` rebuilds.
BUILDER_VERSION = (
    "34"  # 34: stray region names off towns, short cut names of cities only; 33: Malaysian names
)
# Two unresolved mentions of one name in one country are one place within this distance;
# within the wider one when a mention names its larger place ("Stari Grad (Sarajevo)"), as
# the file's points for a city's parts scatter over the city.
SAME_PLACE_KM = 10.0
SAME_PART_KM = 50.0

Progress = Callable[[str, int, int], None]
# The file's rows (number and text) by the keys of the two places they join, smaller first
Pairs = dict[tuple[str, str], list[tuple[int, str]]]


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


@dataclass
class InitReport:
    rows: int = 0
    partnerships: int = 0
    places: int = 0
    resolved_places: int = 0
    partnerships_added: int = 0
    places_added: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    problems: Problems = field(default_factory=Problems)

    @property
    def resolved_share(self) -> float:
        return self.resolved_places / self.places if self.places else 0.0


class _Merger:
    """Turns mentions into one Resolution per real place."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.places: dict[str, Resolution] = {}
        self._cache: dict[tuple[str, str, float | None, float | None], str | None] = {}

    def key_for(self, m: Mention) -> str | None:
        ck = (m.name, m.country.code, m.lat, m.lon)
        if ck not in self._cache:
            self._cache[ck] = self._place_key(m)
        return self._cache[ck]

    def _place_key(self, m: Mention) -> str | None:
        res = self.gaz.resolve(m.name, m.country, m.lat, m.lon)
        if res is None:
            return None
        if res.method == "unresolved":
            res.key = self._unresolved_key(res)
        known = self.places.get(res.key)
        if known is None:
            self.places[res.key] = res
        else:
            for n in res.names:
                if n not in known.names:
                    known.names.append(n)
        if m.name != (known or res).name:
            self.places[res.key].names.append((m.name, "dataset", None))
        return res.key

    def _unresolved_key(self, res: Resolution) -> str:
        base, n = res.key, 1
        key = base
        while key in self.places:
            other = self.places[key]
            if None in (res.lat, res.lon, other.lat, other.lon):
                return key
            within = SAME_PART_KM if parent_names(res.name) or parent_names(other.name) else SAME_PLACE_KM
            if haversine_km(res.lat, res.lon, other.lat, other.lon) <= within:  # type: ignore[arg-type]
                return key
            n += 1
            key = f"{base}:{n}"
        return key


def _add_reference_places(merger: _Merger) -> None:
    """Countries, ISO 3166-2 subdivisions and curated places, partnered or not."""
    gaz = merger.gaz
    for code in gaz.countries:
        merger.places.setdefault(f"country:{code}", gaz.from_country(code))
    for sub in gaz.subs.values():
        res = gaz.from_subdivision(sub)
        known = merger.places.get(res.key)
        if known is None:
            merger.places[res.key] = res
        elif res.key.startswith("gn:"):
            known.names.extend(n for n in res.names if n not in known.names)
            known.admin_code = known.admin_code or res.admin_code
    for extra in extra_places().values():
        merger.places.setdefault(f"x:{extra.key}", gaz.from_extra(extra))
    capitals = new_capitals()
    for res in merger.places.values():
        if (res.country, res.name) in capitals:
            res.tags.update(("capital", "new_capital"))


def _add_bare_names(merger: _Merger) -> int:
    """A US township, borough or village is also found by its name without that word
    ("Warminster" for Warminster Township) when no other place of the country bears that
    name, in the atlas or among GeoNames' towns. Returns how many places gained it."""
    bearers: dict[tuple[str, str], set[str]] = defaultdict(set)
    wanted: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key, res in merger.places.items():
        for name, _kind, _lang in res.names:
            bearers[(res.country, fold(name))].add(key)
        bare = without_municipal_word(res.name, res.country)
        if bare is not None:
            wanted[(res.country, fold(bare))].append((key, bare))
    added = 0
    for (cc, norm), found in wanted.items():
        key, bare = found[0]
        towns = {f"gn:{town.geonameid}" for town in merger.gaz.geo.named(cc, norm)}
        if len(found) == 1 and bearers.get((cc, norm), set()) | towns <= {key}:
            merger.places[key].names.append((bare, "alternate", None))
            added += 1
    return added


def _dataset_source(session: Session, digest: str) -> int:
    found = session.scalar(select(Source.id).where(Source.content_hash == digest))
    if found is not None:
        return found
    source = Source(
        kind="dataset",
        url=SOURCE_URL,
        title=SOURCE_TITLE,
        language="en",
        content_hash=digest,
        attribution=ATTRIBUTION,
    )
    session.add(source)
    session.flush()
    return source.id


def build_atlas(
    session: Session,
    path: Path | None = None,
    progress: Progress = _quiet,
    force: bool = False,
) -> InitReport:
    """Build or refresh the atlas inside `session` (one transaction)."""
    started = time.perf_counter()
    report = InitReport()
    text, digest = read_text(path)
    stamp = f"{digest}:{BUILDER_VERSION}"
    built = session.get(Meta, "atlas")
    if not force and built is not None and built.value == stamp:
        report.up_to_date = True
        _count(session, report)
        report.seconds = time.perf_counter() - started
        return report
    merger, pairs = _resolve(text, report, progress)
    changeset = _write_registry(session, merger.places, pairs, digest, report, progress)
    _stamp(session, stamp)
    progress("Writing the registry", 3, 3)
    _count(session, report)
    _record_summary(session, changeset, _summary(path, report))
    report.seconds = time.perf_counter() - started
    return report


def _resolve(text: str, report: InitReport, progress: Progress) -> tuple[_Merger, Pairs]:
    """Every place the file's rows name or the references list, one per real place, and
    the file's rows by the pair of places they join."""
    progress("Loading gazetteer (GeoNames, ISO 3166)", 0, 1)
    merger = _Merger(gazetteer())
    progress("Loading gazetteer (GeoNames, ISO 3166)", 1, 1)
    pairs = _pair_rows(merger, text, report, progress)
    _add_reference_places(merger)
    _add_bare_names(merger)
    return merger, pairs


def _pair_rows(merger: _Merger, text: str, report: InitReport, progress: Progress) -> Pairs:
    """The file's rows by the pair of places they join; a row naming a place that cannot
    be resolved, or the same place twice, is counted as a problem instead."""
    rows = list(parse(text, report.problems))
    report.rows = len(rows)
    pairs: Pairs = {}
    for i, row in enumerate(rows):
        ka, kb = merger.key_for(row.a), merger.key_for(row.b)
        if i % 500 == 0 or i == len(rows) - 1:
            progress("Resolving places", i + 1, len(rows))
        if ka is None or kb is None:
            report.problems.add("unresolvable place", f"row {row.number}")
            continue
        if ka == kb:
            report.problems.add("same place on both sides", f"row {row.number}: {row.a.name} / {row.b.name}")
            continue
        pair = (ka, kb) if ka < kb else (kb, ka)
        pairs.setdefault(pair, []).append((row.number, row.raw))
    return pairs


def _write_registry(
    session: Session,
    places: dict[str, Resolution],
    pairs: Pairs,
    digest: str,
    report: InitReport,
    progress: Progress,
) -> int:
    """Upsert the places, partnerships and evidence, then drop what they supersede, in
    one change set of the history; returns that change set's id."""
    progress("Writing the registry", 0, 3)
    changeset = history.bulk(session, system_actor("atlas"), Message("summary.atlas.started"))
    ids, report.places_added = upsert_places(session, places)
    progress("Writing the registry", 1, 3)
    source_id = _dataset_source(session, digest)
    report.partnerships_added = _upsert_partnerships(session, ids, pairs)
    progress("Writing the registry", 2, 3)
    _write_evidence(session, source_id, ids, pairs)
    _drop_superseded(session, set(ids[k] for k in places))
    _refresh_partner_counts(session)
    return changeset


def _stamp(session: Session, stamp: str) -> None:
    """Record which file and builder the atlas was built from."""
    meta = session.get(Meta, "atlas")
    if meta is None:
        session.add(Meta(key="atlas", value=stamp))
    else:
        meta.value = stamp


def _record_summary(session: Session, changeset: int, summary: Message) -> None:
    session.execute(
        update(ChangeSet)
        .where(ChangeSet.id == changeset)
        .values(summary=english(summary), summary_key=summary.key, summary_params=dumps(summary.params))
    )


def _summary(path: Path | None, report: InitReport) -> Message:
    counts = {"added": report.partnerships_added, "places": report.places_added, "total": report.partnerships}
    source = path.name if path else Phrase("summary.atlas.bundled")
    return Message("summary.atlas", {"file": source, **counts})


def _upsert_partnerships(session: Session, ids: dict[str, int], pairs: Pairs) -> int:
    existing: set[tuple[int, int]] = {
        (a, b) for a, b in session.execute(select(Partnership.place_a_id, Partnership.place_b_id))
    }
    new = []
    for ka, kb in pairs:
        a, b = sorted((ids[ka], ids[kb]))
        if (a, b) not in existing:
            existing.add((a, b))
            new.append({"place_a_id": a, "place_b_id": b, "kind": "sister_city"})
    if new:
        session.execute(insert(Partnership), new)
    return len(new)


def _write_evidence(session: Session, source_id: int, ids: dict[str, int], pairs: Pairs) -> None:
    """One evidence row per dataset row, pointing at the partnership it supports; the
    dataset's rows are rewritten as a whole since they derive from the file alone."""
    session.execute(delete(Evidence).where(Evidence.source_id == source_id))
    by_pair = dict(
        ((a, b), pid)
        for pid, a, b in session.execute(
            select(Partnership.id, Partnership.place_a_id, Partnership.place_b_id)
        )
    )
    rows = []
    for (ka, kb), found in pairs.items():
        pid = by_pair[tuple(sorted((ids[ka], ids[kb])))]  # type: ignore[index]
        for number, raw in found:
            rows.append(
                {
                    "source_id": source_id,
                    "subject_type": "partnership",
                    "subject_id": pid,
                    "quote": raw,
                    "locator": f"row {number}",
                }
            )
    if rows:
        session.execute(insert(Evidence), rows)


def _referenced(session: Session, table: Table, ids: set[int], owned: tuple[Table, ...] = ()) -> set[int]:
    """Those of `ids` that a row of another table, other than the `owned` ones that go
    with the row, points at."""
    found: set[int] = set()
    for other in Base.metadata.sorted_tables:
        if other in owned:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table:
                column = fk.parent
                found.update(session.scalars(select(column).where(column.in_(ids)).distinct()))
    return found


def _drop_superseded(session: Session, built: set[int]) -> None:
    """Rows an earlier build made that this one does not: a dataset partnership between
    places since resolved otherwise (it has lost its evidence and nothing else records
    it), then a place this build does not make, left with no partnership and nothing
    pointing at it (an unresolved one since resolved, or a town a mention no longer means)."""
    supported = select(Evidence.subject_id).where(Evidence.subject_type == "partnership")
    orphans = set(session.scalars(select(Partnership.id).where(Partnership.id.not_in(supported))))
    orphans -= _referenced(session, Partnership.__table__, orphans)  # type: ignore[arg-type]
    if orphans:
        session.execute(delete(Partnership).where(Partnership.id.in_(orphans)))
    partnered = select(Partnership.place_a_id).union(select(Partnership.place_b_id))
    stale = set(session.scalars(select(Place.id).where(Place.id.not_in(partnered))))
    stale -= built
    owned = (PlaceName.__table__, PlaceTag.__table__)
    stale -= _referenced(session, Place.__table__, stale, owned)  # type: ignore[arg-type]
    if stale:
        for model in (PlaceName, PlaceTag):
            session.execute(delete(model).where(model.place_id.in_(stale)))
        session.execute(delete(Place).where(Place.id.in_(stale)))


def _refresh_partner_counts(session: Session) -> None:
    counts: dict[int, int] = {}
    for a, b in session.execute(select(Partnership.place_a_id, Partnership.place_b_id)):
        counts[a] = counts.get(a, 0) + 1
        counts[b] = counts.get(b, 0) + 1
    session.execute(update(Place).values(partner_count=0))
    if counts:
        # Through the table, not the mapper: a counter is not an edit of the place, so its
        # version (kept for concurrent edits) does not move.
        table = cast(Table, Place.__table__)
        session.execute(
            update(table).where(table.c.id == bindparam("pid")).values(partner_count=bindparam("n")),
            [{"pid": pid, "n": n} for pid, n in counts.items()],
        )


def _count(session: Session, report: InitReport) -> None:
    report.partnerships = session.scalar(select(func.count()).select_from(Partnership)) or 0
    partnered = select(Place).where(Place.partner_count > 0).subquery()
    report.places = session.scalar(select(func.count()).select_from(partnered)) or 0
    report.resolved_places = (
        session.scalar(
            select(func.count()).select_from(partnered).where(partnered.c.resolution != "unresolved")
        )
        or 0
    )

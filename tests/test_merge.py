"""Merging accepted proposals into the registry: the party a proposal names is found
even when the gazetteer resolved it to the namesake at the other level of government."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kembar.db import Database
from kembar.db.models import Evidence, Partnership, Place, PlaceName, Proposal, Source
from kembar.errors import InvalidInput
from kembar.ingest.merge import merge


def _place(
    s: object, key: str, name: str, kind: str, cc: str, lat: float, lon: float, admin: str | None
) -> Place:
    place = Place(key=key, name=name, kind=kind, country_code=cc, lat=lat, lon=lon, admin_code=admin)
    s.add(place)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    s.add(PlaceName(place_id=place.id, name=name, norm=name.lower(), kind="official"))  # type: ignore[attr-defined]
    return place


def _pair(s: object, a: Place, b: Place) -> Partnership:
    lo, hi = sorted((a.id, b.id))
    p = Partnership(place_a_id=lo, place_b_id=hi, kind="sister_city")
    s.add(p)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    return p


def _proposal(
    s: object, a: dict, b: dict, evidence: list[dict] | None = None, source_id: int = 0
) -> Proposal:
    """A proposal of the pair, read from a new article (or from the source `source_id`)."""
    if not source_id:
        source = Source(kind="article", content_hash=f"h{a['key']}{b['key']}", text="...")
        s.add(source)  # type: ignore[attr-defined]
        s.flush()  # type: ignore[attr-defined]
        source_id = source.id
    item = {
        "a": a,
        "b": b,
        "kind": "sister_city",
        "instrument": "mou",
        "status": "renewed",
        "date": "2024-05-02",
        "fields": [],
        "evidence": evidence or [],
    }
    proposal = Proposal(source_id=source_id, kind="partnership", summary="x", payload=json.dumps(item))
    s.add(proposal)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    return proposal


pytestmark = pytest.mark.backends

LEEDS_DISTRICT = {
    "key": "iso:GB-LDS",
    "name": "Leeds",
    "country": "GB",
    "kind": "province",
    "geonameid": None,
}
LEEDS_CITY = {"key": "gn:2644688", "name": "Leeds", "country": "GB", "kind": "city", "geonameid": 2644688}
DORTMUND = {"key": "gn:2935517", "name": "Dortmund", "country": "DE", "kind": "city", "geonameid": 2935517}


def test_a_subdivision_finds_the_pair_the_atlas_holds_for_the_city_of_its_name(db: Database) -> None:
    with db.write() as s:
        leeds = _place(s, "gn:2644688", "Leeds", "city", "GB", 53.7965, -1.5478, None)
        _place(s, "iso:GB-LDS", "Leeds", "province", "GB", 53.7965, -1.5478, "GB-LDS")
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        atlas_pair = _pair(s, leeds, dortmund)
        kind, merged = merge(s, _proposal(s, LEEDS_DISTRICT, DORTMUND), "test")
        assert (kind, merged) == ("partnership", atlas_pair.id)
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
        assert atlas_pair.stage == "renewal"


def test_a_new_pair_keeps_the_order_the_article_names_it_in(db: Database) -> None:
    with db.write() as s:
        leeds = _place(s, "gn:2644688", "Leeds", "city", "GB", 53.7965, -1.5478, None)
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        merged = s.get(Partnership, merge(s, _proposal(s, DORTMUND, LEEDS_CITY), "test")[1])
        assert merged is not None and (merged.place_a_id, merged.place_b_id) == (leeds.id, dortmund.id)
        assert [p.name for p in merged.parties] == ["Dortmund", "Leeds"]
        # An article without a title is named by its source's id.
        proposal = s.scalars(select(Proposal).order_by(Proposal.id.desc()).limit(1)).one()
        step = merged.steps[-1]
        assert (step.note, step.note_key) == (f"Read in the news: source {proposal.source_id}", "note.news")


def test_a_city_finds_the_pair_the_atlas_holds_for_its_subdivision_without_creating_itself(
    db: Database,
) -> None:
    with db.write() as s:
        district = _place(s, "iso:GB-LDS", "Leeds", "province", "GB", 53.7965, -1.5478, "GB-LDS")
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        atlas_pair = _pair(s, district, dortmund)
        assert merge(s, _proposal(s, LEEDS_CITY, DORTMUND), "test")[1] == atlas_pair.id
        assert s.scalar(select(func.count()).select_from(Place).where(Place.key == "gn:2644688")) == 0


def test_a_kabupaten_is_not_the_kota_of_its_name(db: Database) -> None:
    # Kabupaten Bandung surrounds the city of Bandung but is another local government.
    with db.write() as s:
        city = _place(s, "gn:1650357", "Bandung", "city", "ID", -6.9222, 107.6069, "ID-JB")
        regency = _place(s, "reg:ID:32.04", "Kabupaten Bandung", "regency", "ID", -7.02, 107.53, "ID-JB")
        s.add(PlaceName(place_id=regency.id, name="Bandung", norm="bandung", kind="official"))
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        city_pair = _pair(s, city, dortmund)
        ref = {"key": "reg:ID:32.04", "name": "Bandung", "country": "ID", "kind": "regency"}
        merged = merge(s, _proposal(s, {**ref, "geonameid": None}, DORTMUND), "test")[1]
        assert merged != city_pair.id and s.scalar(select(func.count()).select_from(Partnership)) == 2
        assert regency.partner_count == 1 and city.partner_count == 0


@pytest.mark.parametrize("distance", ["far", "near"])
def test_a_namesake_far_away_is_another_place(db: Database, distance: str) -> None:
    # Ibaraki prefecture (seat Mito) is not Ibaraki city near Osaka, 400 km away.
    lat, lon = (36.37, 140.47) if distance == "near" else (34.82, 135.57)
    with db.write() as s:
        prefecture = _place(s, "iso:JP-08", "Ibaraki", "province", "JP", 36.37, 140.47, "JP-08")
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        _pair(s, prefecture, dortmund)
        city = _place(s, "gn:1862033", "Ibaraki", "city", "JP", lat, lon, "JP-27")
        ref = {"key": "gn:1862033", "name": "Ibaraki", "country": "JP", "kind": "city", "geonameid": 1862033}
        merge(s, _proposal(s, ref, DORTMUND), "test")
        pairs = s.scalar(select(func.count()).select_from(Partnership))
        assert pairs == (1 if distance == "near" else 2)
        assert city.partner_count == (0 if distance == "near" else 1)


def _namesakes(s: object, place: Place) -> list[int]:
    """Ids of the places of `place`'s country that bear its name."""
    from kembar.text import fold

    return list(
        s.scalars(  # type: ignore[attr-defined]
            select(Place.id)
            .outerjoin(PlaceName, PlaceName.place_id == Place.id)
            .where(
                Place.country_code == place.country_code,
                (PlaceName.norm == fold(place.name)) | (Place.name == place.name),
            )
            .distinct()
        )
    )


@pytest.mark.slow
def test_accepting_the_development_set_duplicates_no_atlas_pair(atlas_home: Path, tmp_path: Path) -> None:
    """Every partnership the team's 40 development articles report, accepted into the
    world atlas: none that the merge creates links two places whose names, in their
    countries, already stand for a pair of the atlas."""
    from kembar.config import Settings
    from kembar.ingest import queue
    from kembar.permissions import system_actor

    home = tmp_path / "home"
    shutil.copytree(atlas_home, home)
    database = Database(Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}"))
    articles = sorted(
        (Path(__file__).resolve().parents[1] / "bench" / "extract_dev" / "articles").glob("*.txt")
    )
    assert len(articles) >= 40
    with database.session() as s:
        last_atlas_id = s.scalar(select(func.max(Partnership.id)))
    accepted = 0
    for path in articles:
        with database.write() as s:
            result = queue.ingest(s, path.read_bytes(), path.name)
            for pid in result.proposals:
                if queue.get_proposal(s, pid).kind == "partnership":
                    queue.accept(s, system_actor("cli"), pid)
                    accepted += 1
    with database.session() as s:
        new = s.scalars(select(Partnership).where(Partnership.id > last_atlas_id)).all()
        assert accepted > len(new) > 0  # some pairs merged into the atlas, some are new
        duplicates = []
        for p in new:
            ends_a, ends_b = _namesakes(s, p.place_a), _namesakes(s, p.place_b)
            twin = s.scalar(
                select(Partnership.id).where(
                    Partnership.id <= last_atlas_id,
                    (Partnership.place_a_id.in_(ends_a) & Partnership.place_b_id.in_(ends_b))
                    | (Partnership.place_a_id.in_(ends_b) & Partnership.place_b_id.in_(ends_a)),
                )
            )
            if twin is not None:
                duplicates.append(f"{p.place_a.name}-{p.place_b.name} (atlas {twin})")
        assert duplicates == []
    database.dispose()


def test_a_town_new_to_the_registry_is_its_namesake_that_already_partners_the_other(db: Database) -> None:
    # The gazetteer took Saint Louis, Michigan for the article's Saint Louis; the atlas
    # holds St. Louis, Missouri (also called Saint Louis) with Bogor.
    with db.write() as s:
        missouri = _place(s, "gn:4407066", "St. Louis", "city", "US", 38.627, -90.198, "US-MO")
        s.add(PlaceName(place_id=missouri.id, name="Saint Louis", norm="saint louis", kind="alternate"))
        bogor = _place(s, "gn:1648473", "Bogor", "city", "ID", -6.594, 106.789, "ID-JB")
        atlas_pair = _pair(s, missouri, bogor)
        michigan = {
            "key": "gn:5008414",
            "name": "Saint Louis",
            "country": "US",
            "kind": "city",
            "geonameid": 5008414,
        }
        bogor_ref = {
            "key": "gn:1648473",
            "name": "Bogor",
            "country": "ID",
            "kind": "city",
            "geonameid": 1648473,
        }
        assert merge(s, _proposal(s, bogor_ref, michigan), "test")[1] == atlas_pair.id
        assert s.scalar(select(func.count()).select_from(Place).where(Place.key == "gn:5008414")) == 0


def test_accepting_stores_no_evidence_the_fact_already_has(db: Database) -> None:
    """A headline printed twice, and a second proposal of the same article quoting the same
    sentence, add no row; each fact (the partnership, its MoU) keeps its own link."""
    headline = {"start": 0, "end": 20, "quote": "Leeds dan Dortmund"}
    twice = {"start": 40, "end": 60, "quote": "Leeds dan Dortmund"}
    signed = {"start": 100, "end": 140, "quote": "Leeds and Dortmund renewed their MoU."}
    with db.write() as s:
        leeds = _place(s, "gn:2644688", "Leeds", "city", "GB", 53.7965, -1.5478, None)
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        pid = _pair(s, leeds, dortmund).id
        first = _proposal(s, LEEDS_CITY, DORTMUND, [headline, twice, signed])
        merge(s, first, "test")
        merge(s, _proposal(s, LEEDS_CITY, DORTMUND, [signed], source_id=first.source_id), "test")
        rows = s.execute(select(Evidence.subject_type, Evidence.subject_id, Evidence.start)).all()
        instrument = next(sid for kind, sid, _ in rows if kind == "instrument")
        assert sorted(rows) == [
            ("instrument", instrument, 0),
            ("instrument", instrument, 100),
            ("partnership", pid, 0),
            ("partnership", pid, 100),
        ]


# --- activities: always of a partnership --------------------------------------------

BANDUNG = {"key": "gn:1650357", "name": "Bandung", "country": "ID", "kind": "city", "geonameid": 1650357}
VISIT = {"type": "visit", "date": "2023-07-03", "place": "Dortmund", "participants": [{"name": "Ali"}]}


def _event(s: object, source_id: int, fact: dict) -> Proposal:
    proposal = Proposal(source_id=source_id, kind="event", summary="visit", payload=json.dumps(fact))
    s.add(proposal)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    return proposal


def _article_of_a_pair_and_a_visit(s: object, a: dict, b: dict) -> tuple[Proposal, Proposal]:
    pair = _proposal(s, a, b)
    return pair, _event(s, pair.source_id, VISIT)


def test_an_activity_before_its_new_partnership_is_refused_and_makes_no_orphan(db: Database) -> None:
    from kembar.db.models import Activity
    from kembar.ingest import queue
    from kembar.permissions import system_actor

    with db.write() as s:
        _place(s, "gn:1650357", "Bandung", "city", "ID", -6.92, 107.6, "ID-JB")
        _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        pair, visit = _article_of_a_pair_and_a_visit(s, BANDUNG, DORTMUND)
        ids = (pair.id, visit.id)
    with (
        pytest.raises(
            InvalidInput, match=f"accept the partnership proposal {ids[0]} of its article first"
        ) as e,
        db.write() as s,
    ):
        queue.accept(s, system_actor("cli"), ids[1])
    assert e.value.key == "err.review.accept_partnership_first"
    with db.session() as s:
        assert s.get(Proposal, ids[1]).status == "pending"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
    with db.write() as s:
        partnership_id = queue.accept(s, system_actor("cli"), ids[0]).result_id
        activity_id = queue.accept(s, system_actor("cli"), ids[1]).result_id
        activity = s.get(Activity, activity_id)
        assert activity is not None and activity.partnership_id == partnership_id


def test_an_activity_of_a_pair_already_recorded_joins_it_before_its_partnership_proposal(
    db: Database,
) -> None:
    from kembar.db.models import Activity
    from kembar.ingest.merge import joins

    with db.write() as s:
        bandung = _place(s, "gn:1650357", "Bandung", "city", "ID", -6.92, 107.6, "ID-JB")
        dortmund = _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        recorded = _pair(s, bandung, dortmund)
        _, visit = _article_of_a_pair_and_a_visit(s, BANDUNG, DORTMUND)
        joined = joins(s, visit)
        assert joined is not None and joined.id == recorded.id
        kind, activity_id = merge(s, visit, "test")
        activity = s.get(Activity, activity_id)
        assert kind == "activity" and activity is not None and activity.partnership_id == recorded.id


def test_an_activity_of_an_article_that_reports_no_partnership_is_refused(db: Database) -> None:
    with db.write() as s:
        source = Source(kind="article", content_hash="visit-only", text="...")
        s.add(source)
        s.flush()
        visit = _event(s, source.id, VISIT)
        with pytest.raises(InvalidInput, match="belongs to no single recorded partnership") as e:
            merge(s, visit, "test")
        assert e.value.key == "err.review.no_partnership"


# --- a date accepted is a dated fact -------------------------------------------------


def test_a_date_of_a_partnership_in_force_is_a_dated_fact_its_status_reads(db: Database) -> None:
    from kembar.lifecycle.procedure import reached_of
    from kembar.lifecycle.status import load_facts, partnership_status

    with db.write() as s:
        _place(s, "gn:1650357", "Bandung", "city", "ID", -6.92, 107.6, "ID-JB")
        _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        proposal = _proposal(s, BANDUNG, DORTMUND)
        item = json.loads(proposal.payload)
        # as a reviewer corrects it: in force since 16 July 2023, the instrument not said
        proposal.payload = json.dumps(
            {**item, "instrument": "unspecified", "status": "existing", "date": "2023-07-16"}
        )
        _, partnership_id = merge(s, proposal, "test")
        partnership = s.get(Partnership, partnership_id)
        assert partnership is not None and partnership.first_date == "2023-07-16"
        facts = load_facts(s, [partnership_id])[partnership_id]
        status = partnership_status(facts, date(2024, 1, 1), 2, 5)
        assert status.key == "active" and status.since == "2023-07-16"
        # the article named no instrument: it is "other", and proves no stage of the procedure
        assert [i.type for i in partnership.instruments] == ["other"]
        assert reached_of(partnership).key is None


def test_a_date_in_force_the_pair_holds_an_instrument_of_adds_none(db: Database) -> None:
    from kembar.db.models import Instrument

    with db.write() as s:
        _place(s, "gn:1650357", "Bandung", "city", "ID", -6.92, 107.6, "ID-JB")
        _place(s, "gn:2935517", "Dortmund", "city", "DE", 51.5149, 7.466, "DE-NW")
        signed = _proposal(s, BANDUNG, DORTMUND)
        signed.payload = json.dumps({**json.loads(signed.payload), "status": "signed", "date": "2023-07-16"})
        _, partnership_id = merge(s, signed, "test")
        again = _proposal(s, BANDUNG, DORTMUND, source_id=signed.source_id)
        in_force = {"instrument": "unspecified", "status": "existing", "date": "2023-07-16"}
        again.payload = json.dumps({**json.loads(again.payload), **in_force})
        assert merge(s, again, "test")[1] == partnership_id
        held = s.scalars(select(Instrument.type).where(Instrument.partnership_id == partnership_id)).all()
        assert held == ["mou"]

from pathlib import Path

from sqlalchemy import func, select

from helpers import write_csv
from kembar.atlas.build import build_atlas
from kembar.db import Database
from kembar.db.models import Evidence, Partnership, Place, PlaceName, PlaceTag, Source

ROWS = [
    # The same partnership twice, spelt differently (as the Wikipedia lists do).
    "Tbilisi,Georgia (country),41.7225,44.7925,Kyiv,Ukraine,50.45,30.5236",
    "Kyiv,Ukraine,50.45,30.5236,Tbilisi,Georgia,41.7225,44.7925",
    "Exeter,England,50.7256,-3.5269,Rennes,France,48.1147,-1.6794",
    'Rennes,France,48.1147,-1.6794,Exeter,"England, United Kingdom",50.7256,-3.5269',
    "Berat,Albania,40.7022,19.9583,Bérat,France,43.3786,1.1767",
    "Jining,China,35.4151,116.5871,Springfield,United States,39.799,-89.644",
    "Ottobrunn,Germany,48.0667,11.6667,Margreid an der Weinstraße,in Italy,46.2667,11.2167",
    "Švenčionys,Lithuania,55.1333,26.1556,Akkol District,Kazakhstah,52,70.9333",
    'Ningbo,China,29.8603,121.6245,"Varna, Bulgaria",,43.2167,27.9167',
    # Bad rows: counted and skipped.
    "Nowhere,Atlantis,1,1,Berlin,Germany,52.52,13.40",
    ",Germany,52.52,13.40,Paris,France,48.85,2.35",
    "only,three,cells",
]


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Place, PlaceName, PlaceTag, Partnership, Evidence, Source)
        }


def test_build_merges_duplicates_and_reports_bad_rows(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pairs.csv", ROWS)
    with db.session() as s:
        report = build_atlas(s, path)
    assert report.rows == 9
    assert report.partnerships == 7  # 9 good rows, two pairs listed twice
    assert report.problems.counts == {"unknown country": 1, "empty place name": 1, "malformed row": 1}
    assert report.problems.examples["unknown country"] == ["row 10: 'Atlantis'"]
    with db.session() as s:
        tbilisi = s.scalars(select(Place).where(Place.name == "Tbilisi", Place.partner_count > 0)).one()
        assert tbilisi.country_code == "GE" and tbilisi.partner_count == 1
        pid = s.scalars(
            select(Partnership.id).where(
                (Partnership.place_a_id == tbilisi.id) | (Partnership.place_b_id == tbilisi.id)
            )
        ).one()
        quotes = s.scalars(select(Evidence.locator).where(Evidence.subject_id == pid)).all()
        assert sorted(quotes) == ["row 1", "row 2"]
        exeter = s.scalars(select(Place).where(Place.name == "Exeter", Place.partner_count > 0)).one()
        assert exeter.country_code == "GB"
        varna = s.scalars(select(Place).where(Place.name == "Varna", Place.partner_count > 0)).one()
        assert varna.country_code == "BG"
        akkol = s.scalars(select(Place).where(Place.country_code == "KZ", Place.partner_count > 0)).one()
        assert "Akkol" in akkol.name
        source = s.scalars(select(Source).where(Source.kind == "dataset")).one()
        assert "CC BY-SA" in (source.attribution or "")


def test_init_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pairs.csv", ROWS)
    with db.session() as s:
        build_atlas(s, path)
    before = _counts(db)
    with db.session() as s:
        again = build_atlas(s, path)
    assert again.up_to_date
    assert _counts(db) == before
    with db.session() as s:
        forced = build_atlas(s, path, force=True)
    assert forced.partnerships_added == 0 and forced.places_added == 0
    assert _counts(db) == before


def test_rebuild_after_the_gazetteer_improves(db: Database, tmp_path: Path) -> None:
    """A place an older build left unresolved keeps its row when resolved now; a dataset
    partnership, a town or a spelling of the file the new build no longer gives is dropped;
    names an older fold() normalised are normalised again."""
    from sqlalchemy import update

    rows = [*ROWS[:3], "Bamble,Norway,59.0197,9.5608,Kyiv,Ukraine,50.45,30.5236"]
    path = write_csv(tmp_path / "pairs.csv", rows)
    with db.session() as s:
        build_atlas(s, path)
    fresh = _counts(db)
    with db.session() as s:  # as an older build would have left it
        bamble = s.scalars(select(Place).where(Place.name == "Bamble")).one()
        bamble_id, key = bamble.id, bamble.key
        s.execute(
            update(Place).where(Place.id == bamble_id).values(key="raw:NO:bamble", resolution="unresolved")
        )
        kyiv, exeter = (s.scalars(select(Place.id).where(Place.name == n)).one() for n in ("Kyiv", "Exeter"))
        s.add(Partnership(place_a_id=min(kyiv, exeter), place_b_id=max(kyiv, exeter), kind="sister_city"))
        s.add(Place(key="gn:1", name="Gone", kind="city", country_code="HU", resolution="geonames"))
        s.execute(update(PlaceName).where(PlaceName.place_id == kyiv).values(norm="stale"))
        s.add(PlaceName(place_id=kyiv, name="Kyiv 1", norm="kyiv 1", kind="dataset"))
    with db.session() as s:
        build_atlas(s, path, force=True)
    assert _counts(db) == fresh
    with db.session() as s:
        assert "stale" not in set(s.scalars(select(PlaceName.norm)))
    with db.session() as s:
        again = s.get(Place, bamble_id)
        assert again is not None and (again.key, again.resolution) == (key, "geonames_admin")


def test_reference_places_are_present(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        build_atlas(s, write_csv(tmp_path / "pairs.csv", ROWS[:1]))
    with db.session() as s:
        keys = set(s.scalars(select(Place.key)))
        assert {"country:ID", "iso:ID-KI", "iso:KR-44", "x:nusantara"} <= keys
        nusantara = s.scalars(select(Place).where(Place.key == "x:nusantara")).one()
        assert {t.tag for t in nusantara.tags} == {"capital", "new_capital"}


def test_curated_names_find_their_places(db: Database, tmp_path: Path) -> None:
    """A province nobody partnered with is still found by its English name, and a name
    written with administrative words finds the place without them."""
    from kembar.name_forms import bare_names
    from kembar.places import find_place

    with db.session() as s:
        build_atlas(s, write_csv(tmp_path / "pairs.csv", ROWS[:1]))
    with db.session() as s:
        assert find_place(s, "East Kalimantan").key == "iso:ID-KI"
        assert find_place(s, "South Chungcheong Province", "KR").key == "iso:KR-44"
        assert find_place(s, "DKI Jakarta").name == "Jakarta"
        assert find_place(s, "City of Tbilisi").name == "Tbilisi"
        assert find_place(s, "Bavaria").key == "iso:DE-BY"
        assert find_place(s, "West Java Province").key == "iso:ID-JB"
    assert bare_names("bamble municipality") == ["bamble"]
    assert bare_names("kabupaten sleman") == ["sleman"]
    assert bare_names("busan metropolitan city") == ["busan"]
    assert bare_names("kansas city") == ["kansas"]  # tried only when "Kansas City" is unknown
    assert bare_names("berlin") == []


def test_unreadable_dataset_is_a_clean_error(db: Database, tmp_path: Path) -> None:
    import pytest

    from kembar.errors import DatasetError

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="columns"), db.session() as s:
        build_atlas(s, bad)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(DatasetError, match="UTF-8"), db.session() as s:
        build_atlas(s, binary)
    assert _counts(db)["partnerships"] == 0


def test_two_spellings_of_an_unknown_city_part_are_one_place(db: Database, tmp_path: Path) -> None:
    """The lists write a city's part as "Part (City)" or "City – Part"; when no gazetteer
    knows the part, both spellings still make one place and one partnership, even where
    the file's points for them lie 17 km apart. A namesake elsewhere stays apart."""
    rows = [
        "Sarajevo – Stari Grad,Bosnia and Herzegovina,43.8598,18.4278,Budva,Montenegro,42.2881,18.8425",
        "Budva,Montenegro,42.2881,18.8425,Stari Grad (Sarajevo),Bosnia and Herzegovina,43.9931,18.3359",
        "Peja,Kosovo,42.6594,20.2886,Stari Grad (Sarajevo),Bosnia and Herzegovina,43.9931,18.3359",
        "Budapest I – Budavár,Hungary,47.5049,19.0303,Regensburg,Germany,49.0167,12.0833",
        "Regensburg,Germany,49.0167,12.0833,Budavár (Budapest),Hungary,47.5049,19.0303",
        "Stari Grad,Croatia,43.1841,16.599,Bohinj,Slovenia,46.2739,13.9506",
    ]
    with db.session() as s:
        report = build_atlas(s, write_csv(tmp_path / "pairs.csv", rows))
    assert report.partnerships == 4
    with db.session() as s:
        sarajevo = s.scalars(select(Place).where(Place.country_code == "BA", Place.partner_count > 0)).one()
        assert sarajevo.partner_count == 2 and not sarajevo.resolved
        names = set(s.scalars(select(PlaceName.name).where(PlaceName.place_id == sarajevo.id)))
        assert {"Sarajevo – Stari Grad", "Stari Grad (Sarajevo)"} <= names
        budavar = s.scalars(select(Place).where(Place.country_code == "HU", Place.partner_count > 0)).one()
        assert budavar.partner_count == 1
        # found by the part's own name as well
        assert "Budavár" in set(s.scalars(select(PlaceName.name).where(PlaceName.place_id == budavar.id)))
        assert s.scalars(select(Place).where(Place.country_code == "HR", Place.partner_count > 0)).one()


def test_a_us_township_is_found_without_its_word(db: Database, tmp_path: Path) -> None:
    """ "Warminster" finds Warminster Township (Pennsylvania), as no other US place is
    called so; "Clinton" is not Clinton Township, Michigan."""
    import pytest

    from kembar.errors import PlaceNotFound
    from kembar.places import find_place

    rows = [
        "Warminster,England,51.205,-2.181,Warminster Township,United States,51.205,-2.181",
        "Drumore Township,United States,39.8157,-76.2464,Dromore,United Kingdom,54.5129,-7.4576",
        "Limerick,Republic of Ireland,52.6653,-8.6238,Limerick Township,United States,52.6653,-8.6238",
        "Dromore,United Kingdom,54.5129,-7.4576,Clinton Township,United States,42.58,-82.92",
    ]
    with db.session() as s:
        build_atlas(s, write_csv(tmp_path / "pairs.csv", rows))
    with db.session() as s:
        township = find_place(s, "Warminster Township", "US")
        assert find_place(s, "Warminster", "US").id == township.id
        assert find_place(s, "Drumore", "US").name == "Drumore Township"
        assert find_place(s, "Warminster").country_code == "GB"  # the town of that very name
        # four GeoNames towns of the US are called Limerick, 26 Clinton: those names stay theirs
        for name in ("Limerick", "Clinton"):
            with pytest.raises(PlaceNotFound):
                find_place(s, name, "US")
        assert find_place(s, "Clinton Township", "US").name == "Clinton Township"

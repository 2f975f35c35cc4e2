"""Indonesia's kabupaten and kota (gazetteer/regencies.py): every unit of Kemendagri's
register is a place under its province, a kota is its GeoNames city, and the names
officers write find them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.regencies import english_name, geonames_unit, regencies
from kembar.gazetteer.registers import INDONESIA, register_entries
from kembar.gazetteer.resolve import Gazetteer, gazetteer
from kembar.gazetteer.subdivisions import subdivisions
from kembar.places import find_place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_the_register_lists_every_kabupaten_and_kota_of_every_province() -> None:
    entries = register_entries(INDONESIA)
    assert len(entries) == len({e.code for e in entries}) == 514
    assert Counter(e.kind for e in entries) == {"regency": 416, "city": 98}
    provinces = {s.code for s in subdivisions().values() if s.country == "ID" and s.parent is None}
    assert len(provinces) == 38
    # each unit lies in an ISO 3166-2 province, and each province has units
    assert {e.iso for e in entries} == provinces
    kutai = next(e for e in entries if e.name == "Kabupaten Kutai Kartanegara")
    assert (kutai.code, kutai.iso) == ("64.02", "ID-KI")
    assert {e.iso for e in entries if e.code.startswith("31.")} == {"ID-JK"}  # DKI Jakarta is Jakarta Raya
    assert {e.iso for e in entries if e.code.startswith("95.")} == {"ID-PE"}  # Papua Pegunungan


def test_every_unit_is_a_second_level_place_under_its_province(gaz: Gazetteer) -> None:
    units = regencies()
    assert len(units) == 514
    places = [gaz.from_subdivision(u) for u in units.values()]
    assert len({p.key for p in places}) == 514  # never two units one place
    assert Counter(p.kind for p in places) == {"regency": 416, "city": 98}
    for unit, place in zip(units.values(), places, strict=True):
        assert place.admin_code == unit.parent and gaz.subs[unit.parent].parent is None
        assert place.admin_name == gaz.subs[unit.parent].name
    located = [p for p in places if p.lat is not None and p.lon is not None]
    assert len(located) >= 490
    assert all(-11.5 < p.lat < 6.5 and 94.5 < p.lon < 141.5 for p in located)  # type: ignore[operator]


def test_a_kabupaten_and_a_kota_of_one_name_are_two_places_of_two_kinds(gaz: Gazetteer) -> None:
    regency = gaz.resolve("Kabupaten Bandung", "ID")
    city = gaz.resolve("Kota Bandung", "ID")
    assert regency is not None and city is not None
    assert (regency.kind, regency.name, regency.key) == ("regency", "Kabupaten Bandung", "reg:ID:32.04")
    assert city.kind == "city" and city.name == "Bandung" and city.key.startswith("gn:")
    assert regency.admin_code == city.admin_code == "ID-JB"
    # the regency is put among its own towns, not at the city nor at a namesake village
    assert regency.lat is not None and regency.lon is not None
    assert regency.coord_source == "towns_mean"
    assert haversine_km(regency.lat, regency.lon, -7.03, 107.53) < 25  # Soreang, its seat


def test_a_kota_merges_into_its_geonames_city(gaz: Gazetteer) -> None:
    units = regencies()
    for code, name in (("ID-32.73", "Bandung"), ("ID-35.78", "Surabaya"), ("ID-73.71", "Makassar")):
        kota = units[code]
        assert kota.merges_into_city is not None and kota.merges_into_city.name == name
        place = gaz.from_subdivision(kota)
        assert place.key == f"gn:{kota.merges_into_city.geonameid}" and place.kind == "city"
        assert kota.name in {n for n, _, _ in place.names}  # "Kota Bandung"
    # GeoNames files Batam under Riau, the province Kepulauan Riau was split from
    batam = gaz.from_subdivision(units["ID-21.71"])
    assert batam.name == "Batam" and batam.admin_code == "ID-KR"
    merged = [u.merges_into_city.geonameid for u in units.values() if u.merges_into_city]
    assert len(merged) >= 90 and len(merged) == len(set(merged))
    jakarta = gaz.resolve("Jakarta", "ID")
    assert jakarta is not None and jakarta.geonameid not in merged  # DKI Jakarta's city stays one place
    # a kota GeoNames does not list is a city of its own
    pusat = gaz.resolve("Jakarta Pusat", "ID")
    assert pusat is not None and (pusat.key, pusat.kind) == ("reg:ID:31.71", "city")
    # ... and found by its English name too, as a kabupaten is ("South Jakarta")
    assert ("Central Jakarta", "exonym", "en") in pusat.names
    south = gaz.resolve("South Jakarta", "ID")
    assert south is not None and south.key == "reg:ID:31.74"


def test_a_kabupaten_is_found_by_the_names_it_goes_by(gaz: Gazetteer) -> None:
    for name in ("Kabupaten Kutai Kartanegara", "Kutai Kartanegara Regency", "Kutai Kartanegara"):
        found = gaz.resolve(name, "ID")
        assert found is not None and found.key == "reg:ID:64.02", name
    south = gaz.resolve("South Tapanuli Regency", "ID", 1.5, 99.3)
    assert south is not None and south.name == "Kabupaten Tapanuli Selatan"
    # a level word decides between a province and the kabupaten of its name
    assert gaz.resolve("Gorontalo Province", "ID", 0.6, 122.9).kind == "province"  # type: ignore[union-attr]
    assert gaz.resolve("Gorontalo Regency", "ID", 0.6, 122.9).kind == "regency"  # type: ignore[union-attr]
    # and a bare name shared with a city is the city
    assert gaz.resolve("Bandung", "ID", -6.92, 107.61).kind == "city"  # type: ignore[union-attr]


def test_indonesian_and_english_forms_of_a_name() -> None:
    assert english_name("Aceh Selatan") == "South Aceh"
    assert english_name("Sumba Barat Daya") == "Southwest Sumba"
    assert english_name("Kepulauan Selayar") == "Selayar Islands"
    assert english_name("Jakarta Pusat") == "Central Jakarta"
    assert english_name("Kutai Kartanegara") == "Kutai Kartanegara"
    assert geonames_unit("Kota Banjar Baru") == ("city", "banjarbaru")
    assert geonames_unit("Kabupaten Garut") == ("regency", "garut")
    assert geonames_unit("Gresik Regency") == ("regency", "gresik")
    assert geonames_unit("Telemark") is None


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


def test_the_atlas_holds_them_and_find_place_finds_them(small_atlas_home: Path) -> None:
    db = Database(_settings(small_atlas_home))
    with db.session() as s:
        kutai = find_place(s, "Kabupaten Kutai Kartanegara", "ID")
        assert (kutai.kind, kutai.admin_name) == ("regency", "Kalimantan Timur")
        assert find_place(s, "Kutai Kartanegara Regency", "ID").id == kutai.id
        regency = find_place(s, "Kabupaten Bandung", "ID")
        city = find_place(s, "Kota Bandung", "ID")
        assert regency.kind == "regency" and city.kind == "city" and regency.id != city.id
        assert find_place(s, "Bandung", "ID").id == city.id and city.partner_count > 0
        assert find_place(s, "Central Jakarta").name == "Kota Administrasi Jakarta Pusat"
        bontang = find_place(s, "Kota Bontang", "ID")
        assert (bontang.name, bontang.kind, bontang.resolution) == ("Bontang", "city", "geonames")
    db.dispose()


def test_recommend_batch_knows_every_kabupaten(
    trained_small_atlas_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(trained_small_atlas_home))
    names = ("Kabupaten Kutai Kartanegara", "Kutai Kartanegara Regency", "Kabupaten Bandung", "Kota Bandung")
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        "".join(json.dumps({"name": n, "country": "ID"}) + "\n" for n in names), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["recommend", "--batch", str(queries), "--k", "5"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"]["name"] for line in lines] == list(names)
    for line in lines:
        assert "error" not in line and "located" not in line, line  # a place of the registry
        assert line["candidates"]
    assert lines[0]["candidates"] == lines[1]["candidates"]  # one place, two names


def test_a_proposal_naming_a_kabupaten_creates_it_as_the_gazetteer_knows_it(db: Database) -> None:
    from kembar.extract.model import PlaceRef
    from kembar.ingest.merge import find_or_create_place

    ref = PlaceRef(name="Kabupaten Klaten", country="ID", kind="regency", key="reg:ID:33.10", resolved=True)
    with db.write() as s:
        place = find_or_create_place(s, ref)
        assert (place.key, place.kind, place.resolution) == ("reg:ID:33.10", "regency", "register")
        assert (place.admin_code, place.admin_name) == ("ID-JT", "Jawa Tengah")
        assert place.lat is not None and place.lon is not None

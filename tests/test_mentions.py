"""Stage 3, mentions: names that read as places in context, and the index cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from kembar.extract import mentions as mentions_module
from kembar.extract.mentions import MentionIndex


def _found(index: MentionIndex, text: str) -> list[tuple[str, str]]:
    return [(m.core, m.place.country) for m in index.find(text)]


def test_exonyms_abbreviations_and_kind_words(index: MentionIndex) -> None:
    names = {
        m.place.name
        for m in index.find("Pemprov DKI menjalin kerja sama dengan Kota Moskow, Rusia, dan Kaltim.")
    }
    assert {"Jakarta", "Moscow", "Kalimantan Timur"} <= names


def test_a_person_name_after_a_title_and_its_place_is_no_place(index: MentionIndex) -> None:
    # "Bima" is a city in Indonesia; here it is the first name of Bogor's mayor.
    found = index.find("Wali Kota Bogor Bima Arya menerima tamu dari Jepang.")
    assert "Bogor" in {m.place.name for m in found} and all("Bima" not in m.text for m in found)


def test_a_small_place_between_a_given_name_and_a_surname_is_no_place(index: MentionIndex) -> None:
    found = _found(index, "Premier Colin Barnet and the governor met in Perth, Western Australia.")
    assert all(core != "Barnet" for core, _ in found)
    assert ("Western Australia", "AU") in found


def test_common_words_and_short_acronyms_are_no_places(index: MentionIndex) -> None:
    text = "Tak ada kerja sama baru. Kepala Biro KDH dan KLN DKI Jakarta hadir. Jadi, tak ada MoU."
    found = [core for core, _ in _found(index, text)]
    assert "Tak" not in found and "KDH" not in found and "KLN" not in found and "Jadi" not in found
    assert "DKI Jakarta" in found  # a curated alias in capitals stays a place


def test_the_longest_name_is_taken_direction_words_included(index: MentionIndex) -> None:
    found = _found(index, "Kerja sama Jawa Timur dan Australia Barat diperingati di Perth.")
    assert ("Jawa Timur", "ID") in found and ("Australia Barat", "AU") in found
    # A direction the gazetteer does not know with a name keeps the whole name, unresolved.
    m = next(
        m for m in index.find("Majlis Bandaraya Kuching Selatan memeterai perjanjian.") if "Kuching" in m.text
    )
    assert m.core == "Kuching Selatan" and m.place.key.startswith("raw:MY")


def test_a_council_named_after_its_town_gives_the_town(index: MentionIndex) -> None:
    m = next(m for m in index.find("The Johor Baru City Council has inked an MoU.") if "Johor" in m.text)
    assert m.core == "Johor Baru" and m.place.country == "MY"


def test_a_name_with_its_country_in_a_list_is_a_place_of_that_country(index: MentionIndex) -> None:
    found = _found(
        index,
        "LoI dengan Jawa Barat: Khartom (Sudan), Souss Massa Region (Maroko), dan Wallonia Region (Belgia).",
    )
    assert ("Khartom", "SD") in found


def test_the_cache_is_stamped_by_the_gazetteer_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kembar import diskcache

    before = mentions_module._data_stamp()
    monkeypatch.setattr(mentions_module, "INDEX_FORMAT", mentions_module.INDEX_FORMAT + 1)
    assert mentions_module._data_stamp() != before  # another index format, another file
    # a change of the gazetteer's data changes the stamp too
    data = tmp_path / "extra.py"
    data.write_text("x = 1")
    assert diskcache.gazetteer_stamp((data,)) != diskcache.gazetteer_stamp()
    # a cached object is built once, then loaded, in the folder KEMBAR_CACHE_DIR names
    monkeypatch.setenv("KEMBAR_CACHE_DIR", str(tmp_path / "cache"))
    built: list[int] = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"cities": 3}

    assert diskcache.load_or_build("probe", "s1", dict, build) == {"cities": 3}
    assert diskcache.load_or_build("probe", "s1", dict, build) == {"cities": 3}
    assert len(built) == 1 and [p.name for p in (tmp_path / "cache").iterdir()] == ["probe-s1.pickle"]
    diskcache.load_or_build("probe", "s2", dict, build)  # new data: built again, the old file goes
    assert len(built) == 2 and [p.name for p in (tmp_path / "cache").iterdir()] == ["probe-s2.pickle"]

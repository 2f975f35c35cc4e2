"""Stage 3, mentions: names that read as places in context."""

from __future__ import annotations

import pytest

from kembar.extract.mentions import MentionIndex


def _found(index: MentionIndex, text: str) -> list[tuple[str, str]]:
    return [(m.core, m.place.country) for m in index.find(text)]


def test_exonyms_abbreviations_and_kind_words(index: MentionIndex) -> None:
    names = {
        m.place.name
        for m in index.find("Pemprov DKI menjalin kerja sama dengan Kota Moskow, Rusia, dan Kaltim.")
    }
    assert {"Jakarta", "Moscow", "Kalimantan Timur"} <= names


def test_the_longest_name_is_taken_direction_words_included(index: MentionIndex) -> None:
    found = _found(index, "Kerja sama Jawa Timur dan Australia Barat diperingati di Perth.")
    assert ("Jawa Timur", "ID") in found and ("Australia Barat", "AU") in found
    # A direction the gazetteer does not know with a name keeps the whole name, unresolved.
    m = next(
        m for m in index.find("Majlis Bandaraya Kuching Selatan memeterai perjanjian.") if "Kuching" in m.text
    )
    assert m.core == "Kuching Selatan" and m.place.key.startswith("raw:MY")


def test_a_possessive_in_capitals_and_a_direction_alone(index: MentionIndex) -> None:
    found = _found(index, "VLADIVOSTOK BECOMES KOTA KINABALU'S FOURTH SISTER CITY")
    assert ("KOTA KINABALU", "MY") in found and len(found) == 2
    # "City North" names no place: a kind word and a direction word only
    cores = [c for c, _ in _found(index, "Kuching City North Commission (DBKU) signed an MoU with Dali.")]
    assert "North" not in cores and "City North" not in cores


def test_a_kind_of_tie_and_a_common_word_are_no_places(index: MentionIndex) -> None:
    assert _found(index, "Kaltim dan Filipina Rencanakan Kerja Sama Sisterhood Province") == [
        ("Kaltim", "ID"),
        ("Filipina", "PH"),
    ]
    assert _found(index, "Lalu mereka bersulang Arak Bali bersama delegasi.") == [("Bali", "ID")]


def test_a_town_the_article_calls_a_city_is_that_town_everywhere(index: MentionIndex) -> None:
    text = (
        "Truro and Morlaix mark 45 years of twinning. Rachel Killick chairs the Truro Morlaix "
        "Twinning Association. The charter between Truro and the French city of Morlaix turns 45, "
        "said the mayor of the city of Truro."
    )
    found = _found(index, text)
    assert found.count(("Truro", "GB")) == 4 and found.count(("Morlaix", "FR")) == 3
    # without a kind word, towns this small in countries the article does not name are not taken
    assert _found(index, "Truro and Morlaix mark 45 years of twinning.") == []


def test_a_town_written_in_two_words(index: MentionIndex) -> None:
    text = "Kota Bau Bau dengan Seoul, dan Seremban dengan Bukit Tinggi, sudah lama bersaudara."
    names = {m.core: (m.place.name, m.place.country) for m in index.find(text)}
    assert names["Bau Bau"] == ("Baubau", "ID") and names["Bukit Tinggi"] == ("Bukittinggi", "ID")
    # an abbreviated given name and a surname are no town written apart ("Moh. Ali", not Mohali)
    assert all(country != "IN" for _, country in _found(index, "Kerja sama itu diteken Moh. Ali di Bogor."))


def test_a_word_a_kind_word_calls_a_place_stays_a_place_elsewhere(index: MentionIndex) -> None:
    text = (
        "Menurut staf Prokopim Setda Klaten, Pemerintah Kabupaten Klaten menjalin kerja sama dengan "
        "Kota Zhangzhou."
    )
    # "Setda Klaten" may be an office's name; "Pemerintah Kabupaten Klaten" is the place.
    assert "Pemerintah Kabupaten Klaten" in [m.text for m in index.find(text)]


def test_a_hyphenated_name_with_small_words_is_taken_whole(index: MentionIndex) -> None:
    found = _found(index, "Bradford on Avon has been twinned with Sully-sur-Loire in France since 1980.")
    assert ("Sully-sur-Loire", "FR") in found
    assert all(core != "Loire" for core, _ in found)  # not the department inside the name


def test_where_no_prefix_can_start_the_prefix_finds_none(index: MentionIndex) -> None:
    # The finder skips the search for kind and government words before a name where a
    # memo says none starts: wherever it says so, the search itself finds none.
    from pathlib import Path

    from kembar.extract.mentions import _Finder

    root = Path(__file__).parents[1] / "bench" / "extract_dev" / "articles"
    texts = [f.read_text("utf-8") for f in sorted(root.glob("*.txt"))]
    texts += [
        "Kota Москва dan Kota Bandung",
        "Pemerintah Provinsi DKI Jakarta",
        "the City of Truro",
        "D'Souza Kota",
    ]
    skipped = searched = 0
    for text in texts:
        finder = _Finder(index, text)
        for i in finder.capitals:
            if finder._unprefixed(i):
                assert finder._prefix(i) == (i, None, False), (text[:40], finder.words[i])
                skipped += 1
            else:
                searched += 1
    assert skipped > 300 and searched > 100


def _place_of(index: MentionIndex, text: str, core: str) -> tuple[str, str, int | None]:
    m = next(m for m in index.find(text) if m.core == core)
    return m.place.kind, m.place.country, m.place.geonameid


def test_a_province_word_after_a_name_names_no_town(index: MentionIndex) -> None:
    # GeoNames knows only towns called Shichuan: the article means a province of China.
    text = "West Java signed a sister province agreement with Shichuan Province, China, in 2019."
    assert _place_of(index, text, "Shichuan") == ("province", "CN", None)
    # Without the word, the town as before.
    assert _place_of(index, "West Java signed an agreement with Shichuan, China.", "Shichuan")[0] == "city"


@pytest.mark.parametrize(
    ("text", "core", "kind", "country"),
    [
        ("Kabupaten Sleman menjalin kerja sama dengan Bandung Regency.", "Bandung", "regency", "ID"),
        ("Sleman signed a memorandum with Bandung Regency last year.", "Bandung", "regency", "ID"),
        ("Depok signed an MoU with New York State.", "New York", "province", "US"),
        ("Surabaya signed an MoU with Kochi Prefecture.", "Kochi", "province", "JP"),
    ],
)
def test_a_kind_word_after_a_listed_name_picks_the_place_of_that_kind(
    index: MentionIndex, text: str, core: str, kind: str, country: str
) -> None:
    assert _place_of(index, text, core)[:2] == (kind, country)


def test_a_prefecture_of_no_listed_province_keeps_the_city(index: MentionIndex) -> None:
    # A Chinese prefecture is below a province; none is listed, so no province is made up.
    text = "Kuching North signed an MoU with the vice-governor of Dali Prefecture in Yunnan."
    assert _place_of(index, text, "Dali")[0] == "city"


def test_a_malaysian_state_named_in_common_words_and_its_abbreviation(index: MentionIndex) -> None:
    # "Negeri Sembilan" is two common Malay words ("state", "nine"); a curated name vouches for it.
    found = _found(index, "Kerajaan Negeri Sembilan menjalin kerjasama dengan Jawa Tengah.")
    assert ("Negeri Sembilan", "MY") in found
    assert ("N9", "MY") in _found(index, "Delegasi N9 melawat Bandung minggu lalu.")
    # Malay and English spellings of Indonesian and Malaysian places
    found = _found(index, "Lawatan ke Sumatra Utara dan Johor Baru bulan depan.")
    assert ("Sumatra Utara", "ID") in found and ("Johor Baru", "MY") in found


def test_malaysian_city_councils_by_their_acronyms(index: MentionIndex) -> None:
    found = {
        m.core: m.place.name for m in index.find("DBKL dan MBPJ menandatangani memorandum dengan Ankara.")
    }
    assert found["DBKL"] == "Kuala Lumpur" and found["MBPJ"] == "Petaling Jaya"


def test_a_headline_in_title_case_makes_no_unlisted_name(index: MentionIndex) -> None:
    # "Province Signs": a kind word and a capitalised verb, as every word of the line is
    found = _found(index, "Chinese Province Signs Twin City Pact With Malacca\n\nThe pact was signed.")
    assert found == [("Malacca", "MY")]
    # in running text a kind word still says an unlisted name is a place
    assert [c for c, _ in _found(index, "Officials of Kabupaten Tanah Abangan came.")] == ["Tanah Abangan"]

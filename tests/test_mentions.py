"""Stage 3, mentions: names that read as places in context."""

from __future__ import annotations

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


def test_a_possessive_in_capitals_and_a_direction_alone(index: MentionIndex) -> None:
    found = _found(index, "VLADIVOSTOK BECOMES KOTA KINABALU'S FOURTH SISTER CITY")
    assert ("KOTA KINABALU", "MY") in found and len(found) == 2
    # "City North" names no place: a kind word and a direction word only
    cores = [c for c, _ in _found(index, "Kuching City North Commission (DBKU) signed an MoU with Dali.")]
    assert "North" not in cores and "City North" not in cores


def test_a_surname_after_a_name_particle_is_no_place(index: MentionIndex) -> None:
    text = "Rencana itu dirintis oleh Drs Said Hussein Al Haj, Wali Kota Banda Aceh terdahulu."
    assert [c for c, _ in _found(index, text)] == ["Kota Banda Aceh"]
    assert ("Al Ain", "AE") in _found(index, "Kerja sama dengan Al Ain diteken.")  # a place holding "Al"


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


def test_the_place_of_an_office_before_its_holder_is_a_place(index: MentionIndex) -> None:
    # "Bupati Klaten" is Klaten's regent; the name that follows is the regent's.
    found = _found(index, "Kunjungan itu disambut Bupati Klaten Hamenang Wajar Ismoyo di pendapa.")
    assert ("Klaten", "ID") in found


def test_a_word_a_kind_word_calls_a_place_stays_a_place_elsewhere(index: MentionIndex) -> None:
    text = (
        "Menurut staf Prokopim Setda Klaten, Pemerintah Kabupaten Klaten menjalin kerja sama dengan "
        "Kota Zhangzhou."
    )
    # "Setda Klaten" may be an office's name; "Pemerintah Kabupaten Klaten" is the place.
    assert "Pemerintah Kabupaten Klaten" in [m.text for m in index.find(text)]


def test_a_misspelt_item_of_a_list_is_the_place_one_letter_away(index: MentionIndex) -> None:
    text = "Kota Bogor kini punya kota kembar: Saint Louis, Qinzhou, Vlisingen, dan Los Angles."
    found = {m.core: (m.place.name, m.place.country, m.misspelt) for m in index.find(text)}
    assert found["Vlisingen"] == ("Vlissingen", "NL", True)
    assert found["Los Angles"] == ("Los Angeles", "US", True)
    # Outside a list, or with its first letter wrong, an unknown word is no guess.
    assert _found(index, "Pesta Vlisingen digelar di alun-alun.") == []
    # A list of people is no list of places.
    assert _found(index, "Yang hadir antara lain Budi, Setiawan, dan Hartono.") == []  # not Sitiawan
    assert _found(index, "The council twinned with Hamamatsu, Bordeaux and Nilwaukee.")[-1][0] != "Nilwaukee"


def test_a_misspelt_place_neither_votes_for_a_country_nor_gives_the_name(index: MentionIndex) -> None:
    from kembar.extract.pipeline import extract

    text = (
        "Pemprov DKI Jakarta bekerja sama sister city dengan kota-kota berikut: Berlin, Los Angles, "
        "Seattle, Paris dan Rotterdam."
    )
    partnerships = extract(text, None, index).partnerships
    found = {(p.b.name, p.b.country) for p in partnerships} | {(p.a.name, p.a.country) for p in partnerships}
    assert {("Los Angeles", "US"), ("Berlin", "DE"), ("Paris", "FR"), ("Rotterdam", "NL")} <= found


def test_a_hyphenated_name_with_small_words_is_taken_whole(index: MentionIndex) -> None:
    found = _found(index, "Bradford on Avon has been twinned with Sully-sur-Loire in France since 1980.")
    assert ("Sully-sur-Loire", "FR") in found
    assert all(core != "Loire" for core, _ in found)  # not the department inside the name

"""Stage 5, relation frames: who partners whom."""

from __future__ import annotations

import pytest

from kembar.extract.mentions import MentionIndex
from kembar.extract.pipeline import extract


def _pairs(index: MentionIndex, text: str) -> set[frozenset[str]]:
    return {frozenset((p.a.name, p.b.name)) for p in extract(text, None, index).partnerships}


def test_between_with_and_side_by_side(index: MentionIndex) -> None:
    assert _pairs(index, "Kerja sama kota kembar antara Kota Bandung dan Kota Braunschweig diteken.") == {
        frozenset({"Bandung", "Braunschweig"})
    }
    assert _pairs(
        index, "Pemkot Surabaya menjalin kerja sama kota kembar dengan Kota Busan, Korea Selatan."
    ) == {frozenset({"Surabaya", "Busan"})}


def test_a_list_of_sister_cities_is_one_partnership_with_each(index: MentionIndex) -> None:
    text = (
        "Penang already has sister city relationships with a number of cities, among them "
        "Adelaide (Australia), Medan (Indonesia) and Xiamen (China)."
    )
    assert _pairs(index, text) == {frozenset({"Penang", x}) for x in ("Adelaide", "Medan", "Xiamen")}


def test_list_items_with_their_region_and_country(index: MentionIndex) -> None:
    text = (
        "Kerja sama sister city yang menghubungkan Kota Jayapura dengan Vanimo, Sandaun Province, PNG, "
        "serta Wewak, East Sepik, PNG, masih berlangsung."
    )
    assert _pairs(index, text) == {frozenset({"Jayapura", x}) for x in ("Vanimo", "Wewak")}


def test_between_a_town_and_the_city_of_another(index: MentionIndex) -> None:
    text = "The twinning charter between the city of Truro and the French city of Morlaix turns 45."
    assert _pairs(index, text) == {frozenset({"Truro", "Morlaix"})}


def test_numbered_items_under_an_announcing_sentence(index: MentionIndex) -> None:
    text = (
        "Berikut daftar kepala daerah yang bekerja sama dengan Pemprov DKI Jakarta:\n\n"
        "  1. Gubernur Sulawesi Selatan\n  2. Wali Kota Solok\n  3. Bupati Solok\n  4. Bupati Tanah Datar\n"
    )
    found = extract(text, None, index).partnerships
    others = [p.b if "Jakarta" in p.a.name else p.a for p in found]
    names = sorted(o.name for o in others)
    assert names == ["Solok", "Solok", "Sulawesi Selatan", "Tanah Datar"]
    assert len({o.key for o in others}) == 4  # the city and the regency of Solok are two partners


def test_parallel_lists_pair_by_position(index: MentionIndex) -> None:
    text = (
        "The twin-city initiative pairs Thai provinces Satun, Songkhla and Yala with the Malaysian states "
        "Perlis, Kedah and Perak respectively."
    )
    assert _pairs(index, text) == {
        frozenset({"Satun", "Perlis"}),
        frozenset({"Songkhla", "Kedah"}),
        frozenset({"Yala", "Perak"}),
    }


def test_the_venue_and_two_candidates_of_one_side_are_not_partners(index: MentionIndex) -> None:
    venue = (
        "Pemprov Jawa Tengah menandatangani MoU sister province dengan Provinsi Chungcheongbuk-do "
        "di Semarang."
    )
    assert _pairs(index, venue) == {frozenset({"Jawa Tengah", "Chungcheongbuk-do"})}
    hotel = (
        "Dokumen MoU antara agensi angkasa MYSA dan Majlis Perbandaran Kluang telah ditukar dalam "
        "satu majlis di Courtyard by Marriott Penang."
    )
    assert _pairs(index, hotel) == set()  # a hotel's town is no party
    candidates = "Kyoto dan New York Dijajaki Jadi Kota Kembar Ambon"
    assert _pairs(index, candidates) == {frozenset({"Ambon", "Kyoto"}), frozenset({"Ambon", "New York"})}


def test_a_province_and_its_own_city_are_not_partners(index: MentionIndex) -> None:
    assert _pairs(index, "Kerja sama antara Provinsi Jawa Barat dan Kota Bandung diteken.") == set()


def test_an_agreement_with_a_country_is_national(index: MentionIndex) -> None:
    text = "Indonesia dan Jepang menandatangani nota kesepahaman. Kerja sama dengan Jepang mencakup energi."
    assert _pairs(index, text) == set()


def _facts(index: MentionIndex, text: str) -> dict[frozenset[str], tuple[str, str | None]]:
    return {
        frozenset((p.a.name, p.b.name)): (p.instrument, p.date)
        for p in extract(text, None, index).partnerships
    }


def test_a_sentence_pointing_back_speaks_of_every_pair_before_it(index: MentionIndex) -> None:
    text = (
        "Pemerintah Kota Medan menjalin kerja sama kota kembar dengan Gwangju, Korea Selatan, serta "
        "Chengdu, China. Nota kesepahamannya ditandatangani pada 2012."
    )
    assert _facts(index, text) == {
        frozenset({"Medan", "Gwangju"}): ("mou", "2012"),
        frozenset({"Medan", "Chengdu"}): ("mou", "2012"),
    }
    english = (
        "Geelong keeps sister city ties with Izumiotsu and Lianyungang. Its memorandum was first "
        "signed in 1988."
    )
    assert set(_facts(index, english).values()) == {("mou", "1988")}


def test_an_explanation_of_twinning_in_general_belongs_to_no_pair(index: MentionIndex) -> None:
    text = (
        "Kota Bogor dan Kota Saint Louis sudah lama menjalin kerja sama kota kembar. Biasanya, kerja sama "
        "kota kembar diawali dengan letter of intent (LoI)."
    )
    assert _facts(index, text) == {frozenset({"Bogor", "Saint Louis"}): ("unspecified", None)}
    english = (
        "Darwin and Ambon are sister cities. Typically such a partnership begins with a letter of intent, "
        "and the two sides then sign a memorandum."
    )
    assert set(_facts(index, english).values()) == {("unspecified", None)}


def test_the_border_provinces_of_a_national_agreement_are_not_partners(index: MentionIndex) -> None:
    english = (
        "Thailand and Cambodia signed an agreement on border trade. The agreement sets the border between "
        "Sa Kaeo and Chanthaburi on the Thai side with Banteay Meanchey and Battambang on the Cambodian side."
    )
    assert _pairs(index, english) == set()
    indonesian = (
        "Indonesia dan Timor Leste menandatangani nota kesepahaman tentang batas darat. MoU ini mengatur "
        "batas antara Nusa Tenggara Timur di pihak Indonesia dengan Bobonaro dan Covalima di pihak "
        "Timor Leste."
    )
    assert _pairs(index, indonesian) == set()
    # Provinces that sign as governments beside a national signing are partners still.
    beside = (
        "Indonesia dan Malaysia meneken MoU perdagangan perbatasan. Di sela acara itu, Pemprov Kalimantan "
        "Barat dan Pemerintah Negeri Sarawak juga menandatangani nota kesepahaman."
    )
    assert _pairs(index, beside) == {frozenset({"Kalimantan Barat", "Sarawak"})}


def test_pairs_written_whole_one_after_another(index: MentionIndex) -> None:
    text = "Hubungan kota kembar Kota Semarang - Brisbane dan Kota Semarang - Fuzhou terus dijaga."
    assert _pairs(index, text) == {frozenset({"Semarang", "Brisbane"}), frozenset({"Semarang", "Fuzhou"})}


@pytest.mark.parametrize(
    "text",
    [
        "Jakarta menjalin kerja sama sister city dengan kota berikut: Tokyo, Seoul, Al Quds Al Sharif atau "
        "Yerusalem, dan Berlin.",
        "Jakarta's sister cities include Tokyo, Seoul, Al Quds Al Sharif or Jerusalem, and Berlin.",
        "Jakarta menjalin hubungan bandar kembar dengan Tokyo, Seoul, Al Quds Al Sharif atau Jerusalem, "
        "dan Berlin.",
    ],
)
def test_an_item_of_a_list_with_two_names_is_one_partner(index: MentionIndex, text: str) -> None:
    partners = [p for p in extract(text, None, index).partnerships if "IL" in (p.a.country, p.b.country)]
    assert len(partners) == 1


def _keys(index: MentionIndex, text: str) -> set[frozenset[str]]:
    return {frozenset((p.a.key, p.b.key)) for p in extract(text, None, index).partnerships}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "The West Java provincial government signed a sister province agreement with Bavaria.",
            {"iso:ID-JB", "iso:DE-BY"},
        ),
        (
            "Pemprov Jawa Tengah menandatangani nota kesepahaman provinsi kembar dengan Tuscany, Italia.",
            {"iso:ID-JT", "iso:IT-52"},
        ),
        (
            "Kerajaan Negeri Johor menandatangani memorandum persefahaman dengan Catalonia.",
            {"iso:MY-01", "iso:ES-CT"},
        ),
        (
            "Pemprov Bali menjalin kerja sama provinsi kembar dengan Australia Barat.",
            {"iso:ID-BA", "iso:AU-WA"},
        ),
    ],
)
def test_a_region_named_in_english_or_indonesian_is_a_partner(
    index: MentionIndex, text: str, pair: set[str]
) -> None:
    assert _keys(index, text) == {frozenset(pair)}


@pytest.mark.parametrize(
    "text",
    [
        "Surabaya signed a sister city agreement with Busan, and a car maker from Bavaria sent a delegation.",
        "Surabaya signed a sister city agreement with Busan at a ceremony in Bavaria.",
        "Kota Bandung menjalin kerja sama kota kembar dengan Braunschweig, sebuah kota di Lower Saxony.",
        "Pemkot Bandung menandatangani kerja sama kota kembar dengan perusahaan asal Bavaria.",
        "Melaka menandatangani perjanjian bandar kembar dengan Kota Kinabalu dan syarikat dari Tuscany.",
        "Kota Jayapura menjalin sister city dengan Vanimo Green, Sandaun Province, PNG.",
    ],
)
def test_a_region_named_only_as_a_location_is_no_partner(index: MentionIndex, text: str) -> None:
    regions = {"iso:DE-BY", "iso:DE-NI", "iso:IT-52", "iso:PG-SAN"}
    found = _keys(index, text)
    assert not any(regions & pair for pair in found), found


def test_kind_and_government_words_in_lower_case_after_and(index: MentionIndex) -> None:
    malay = "Kedah dan wilayah Songkhla di Thailand bersetuju menjalin kerjasama dalam bidang perdagangan."
    assert _pairs(index, malay) == {frozenset({"Kedah", "Songkhla"})}
    indonesian = "Pemkot Surabaya dan pemerintah kota Kochi sepakat menjalin kerja sama."
    assert _pairs(index, indonesian) == {frozenset({"Surabaya", "Kochi"})}

"""Stage 4 of the extractor (extract/resolve.py), resolution in context: countries, councils,
namesakes, non-parties. (tests/test_resolve.py tests the gazetteer's resolve.py.)"""

from __future__ import annotations

from kembar.extract.clean import layout
from kembar.extract.mentions import Mention, MentionIndex
from kembar.extract.resolve import Context, council_mentions, resolve
from kembar.extract.sentences import split_sentences


def _resolve(index: MentionIndex, text: str, language: str = "en") -> tuple[list[Mention], Context]:
    page = layout(text)
    return resolve(text, language, index.find(text), index, page, split_sentences(text, page))


def test_the_region_said_around_a_name_picks_its_country(index: MentionIndex) -> None:
    mentions, ctx = _resolve(index, "George Town in Penang is home to many clan associations.")
    town = next(m for m in mentions if m.core == "George Town")
    assert town.place.country == "MY"
    penang = next(m for m in mentions if m.core == "Penang")
    assert penang.start in ctx.not_party  # the town's region, not a party


def test_councils_stand_for_their_places(index: MentionIndex) -> None:
    text = (
        "The Petaling Jaya City Council (MBPJ) and the Kuala Terengganu City Council signed an MoU. "
        "MBPJ and MBKT will share knowledge."
    )
    found = {m.core: m.place.name for m in council_mentions(text, index.find(text))}
    assert found["MBPJ"] == "Petaling Jaya" and found["MBKT"] == "Kuala Terengganu"


def test_the_dateline_place_is_no_party_and_gives_context(index: MentionIndex) -> None:
    text = (
        "Kota Kembar Baru\n\nKUCHING - Majlis Bandaraya Kuching Selatan memeterai perjanjian "
        "dengan Kota Pontianak."
    )
    mentions, ctx = _resolve(index, text, "ms")
    dateline = next(m for m in mentions if m.core == "KUCHING")
    assert dateline.start in ctx.not_party and ctx.dateline_country == "MY"
    assert ctx.home == "MY"


def test_a_kind_word_decides_between_namesakes(index: MentionIndex) -> None:
    text = "Pemerintah Kota Yogyakarta meneken kerja sama. Yogyakarta dan Baalbek mirip."
    mentions, _ = _resolve(index, text, "id")
    assert {m.place.kind for m in mentions if "Yogyakarta" in m.core} == {"city"}


def test_a_region_with_its_own_kind_word_in_a_list_is_an_item(index: MentionIndex) -> None:
    text = (
        "Mitra Sister Province Jawa Barat, yaitu Kota Metropolitan Chongqing, Provinsi Heilongjiang, "
        "dan Kota Bandung, Provinsi Jawa Barat."
    )
    mentions, ctx = _resolve(index, text, "id")
    heilongjiang = next(m for m in mentions if m.core == "Heilongjiang")
    assert heilongjiang.start not in ctx.not_party  # the list's next item, not Chongqing's region
    jabar = [m for m in mentions if m.core == "Jawa Barat"][-1]
    assert jabar.start in ctx.not_party  # the region that holds Bandung


def test_a_country_named_by_its_acronym_places_small_towns(index: MentionIndex) -> None:
    text = "Kota Jayapura menjalin sister city dengan Wewak, East Sepik, PNG."
    mentions, ctx = _resolve(index, text, "id")
    assert next(m for m in mentions if m.core == "Wewak").place.country == "PG"
    assert next(m for m in mentions if m.core == "East Sepik").start in ctx.not_party


def test_a_region_before_a_smaller_places_kind_word_is_no_party(index: MentionIndex) -> None:
    mentions, ctx = _resolve(index, "Davao City set to seal sisterhood pact with Hawaii county")
    hawaii = next(m for m in mentions if m.core == "Hawaii")
    assert hawaii.start in ctx.not_party
    mentions, ctx = _resolve(index, "Jiangsu province and Ontario signed a friendship agreement.")
    assert next(m for m in mentions if m.core == "Jiangsu").start not in ctx.not_party


def test_a_chamber_a_university_or_a_business_community_is_not_its_place(index: MentionIndex) -> None:
    text = (
        "Kamar Dagang dan Industri (Kadin) Jawa Timur meneken nota kesepahaman dengan para pengusaha asal "
        "Sarawak. Universitas Negeri Malang juga bekerja sama dengan Pemerintah Kota Kuching."
    )
    mentions, ctx = _resolve(index, text, "id")
    skipped = {m.core for m in mentions if m.start in ctx.not_party}
    assert {"Jawa Timur", "Sarawak", "Malang"} <= skipped
    assert "Kuching" not in skipped  # the city government itself is a party
    english = "The Cebu Chamber of Commerce signed a memorandum with businesses from Busan."
    mentions, ctx = _resolve(index, english)
    assert {m.core for m in mentions if m.start in ctx.not_party} >= {"Cebu", "Busan"}


def test_an_agreement_of_a_chamber_or_businesses_is_no_partnership(index: MentionIndex) -> None:
    from kembar.extract.pipeline import extract

    for text in (
        "Kamar Dagang dan Industri (Kadin) Bali kini bekerja sama dengan para pengusaha asal Queensland. "
        "Nota kesepahaman kedua pihak diteken pada Senin.",
        "The Cebu Chamber of Commerce signed a memorandum of understanding with businesses from Busan.",
    ):
        assert extract(text, None, index).partnerships == []


def test_a_region_named_after_its_city_is_the_same_party(index: MentionIndex) -> None:
    from kembar.extract.pipeline import extract

    text = (
        "Pemkot Surabaya memperkuat kerja sama dengan Marrakech. Kerja sama dengan Marrakech-Safi itu "
        "mencakup pariwisata."
    )
    found = extract(text, None, index).partnerships
    assert len(found) == 1 and {found[0].a.country, found[0].b.country} == {"ID", "MA"}

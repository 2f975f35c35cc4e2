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

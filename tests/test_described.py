"""A partner the headline describes by its country and kind, named only in the body."""

from __future__ import annotations

from kembar.extract.mentions import MentionIndex
from kembar.extract.pipeline import extract


def _pairs(index: MentionIndex, text: str) -> list[tuple[str, str, str]]:
    return sorted((p.a.name, p.b.name, p.status) for p in extract(text, None, index).partnerships)


def test_a_partner_the_headline_describes_is_the_one_the_body_names(index: MentionIndex) -> None:
    english = (
        "Japanese city eyes Bandung as a potential sister city\n\n"
        "BANDUNG, Indonesia - The mayor of Nagoya, Japan, met West Java officials on Monday.\n"
    )
    assert _pairs(index, english) == [("Bandung", "Nagoya", "planned")]
    indonesian = (
        "Kota di Jepang Lirik Bandung Jadi Kota Kembar\n\n"
        "BANDUNG - Wali Kota Nagoya, Jepang, berkunjung ke Balai Kota Bandung, Senin.\n"
    )
    assert [(a, b) for a, b, _ in _pairs(index, indonesian)] == [("Bandung", "Nagoya")]
    # two places of the described country and kind: no guess
    text = (
        "Japanese city eyes Bandung as a potential sister city\n\n"
        "BANDUNG, Indonesia - The mayors of Nagoya and Sapporo, Japan, met West Java officials on Monday.\n"
    )
    assert _pairs(index, text) == []


def test_the_city_a_sentence_points_back_to(index: MentionIndex) -> None:
    english = (
        "Kochi mayor visits Surabaya\n\nSURABAYA - The mayor of Kochi, Japan, arrived in Surabaya on Monday. "
        "The city signed a sister city agreement with Surabaya in 1997.\n"
    )
    assert _pairs(index, english) == [("Surabaya", "Kochi", "existing")]
    indonesian = (
        "Wali Kota Kochi Kunjungi Surabaya\n\nSURABAYA - Pemkot Surabaya menerima Wali Kota Kochi, Jepang, "
        "Senin. Surabaya dan kota tersebut telah menjalin kerja sama kota kembar sejak 1997.\n"
    )
    assert _pairs(index, indonesian) == [("Surabaya", "Kochi", "existing")]
    described = (
        "Kochi delegation in Surabaya\n\nSURABAYA - A delegation from Kochi, Japan, arrived on Monday. "
        "Surabaya and the Japanese city have been sister cities since 1997.\n"
    )
    assert _pairs(index, described) == [("Surabaya", "Kochi", "existing")]
    # two in one sentence point to two places
    both = (
        "Johor news\n\nJOHOR BAHRU - The Johor state government received a delegation from Guangdong. "
        "The province signed a trade MoU with the state.\n"
    )
    assert _pairs(index, both) == [("Guangdong", "Johor", "signed")]
    # a place of another country than the one said is not pointed to
    other = described.replace("Japanese city", "Korean city")
    assert _pairs(index, other) == []


def test_a_description_of_the_named_party_is_skipped(index: MentionIndex) -> None:
    text = (
        "Indonesian city Surabaya eyes Japanese city as sister city\n\n"
        "SURABAYA - Officials from Kochi, Japan, visited Surabaya, Indonesia, on Monday.\n"
    )
    # Kochi is read as the prefecture; a city of that name is in it too
    assert _pairs(index, text) == [("Surabaya", "Kochi", "planned")]
    # a headline in title case: its capitals make no name ("Province Sees Malacca")
    capitals = (
        "Chinese Province Sees Malacca As Potential Twin City\n\n"
        "MALACCA - Officials from Guangdong visited.\n"
    )
    assert _pairs(index, capitals) == [("Guangdong", "Malacca", "planned")]
    # a party no gazetteer knows is a guess: no partner is described for it
    unlisted = (
        "Chinese province eyes Kabupaten Tanah Abangan as a potential twin city\n\n"
        "Officials from Guangdong visited Kabupaten Tanah Abangan.\n"
    )
    assert _pairs(index, unlisted) == []

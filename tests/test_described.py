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

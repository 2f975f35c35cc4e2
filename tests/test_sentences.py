"""Stage 2, sentences: cuts, abbreviations and zones."""

from __future__ import annotations

from kembar.extract.clean import layout
from kembar.extract.sentences import split_sentences


def test_cuts_after_stops_and_at_lines_but_not_after_titles() -> None:
    text = "Dr. Tan met Mr. Lee in St. Louis. They signed an MoU.\nBaca juga: Lain hal\nH. Mawardy spoke."
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Dr. Tan met Mr. Lee in St. Louis.",
        "They signed an MoU.",
        "Baca juga: Lain hal",
        "H. Mawardy spoke.",
    ]


def test_spans_point_into_the_text_and_zones_follow_the_layout() -> None:
    text = "Bandung dan Braunschweig Teken MoU\n\nPemkot Bandung menandatangani MoU.\nBaca juga: Cuaca cerah"
    sentences = split_sentences(text, layout(text))
    for s in sentences:
        assert text[s.start : s.end] == s.text
    assert [s.zone for s in sentences] == ["headline", "body", "furniture"]

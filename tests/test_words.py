"""The words of a text as the mention finder reads them."""

from __future__ import annotations

import re

from kembar.extract.words import WORD, shaped_run, words_of


def _cut_word_by_word(text: str) -> list[tuple[int, int, str]]:
    """The definition: every word, cut where a hyphen stands before a capital."""
    out = []
    for m in WORD.finditer(text):
        pos = 0
        for cut in re.finditer(r"-(?=[A-Z])", m.group()):
            out.append((m.start() + pos, m.start() + cut.start(), m.group()[pos : cut.start()]))
            pos = cut.end()
        out.append((m.start() + pos, m.end(), m.group()[pos:]))
    return out


def test_a_hyphen_before_a_capital_separates_two_names() -> None:
    words = [w for _, _, w in words_of("Kerja sama Jawa Timur-Australia Barat dan Bandung-Cuenca.")]
    assert words == ["Kerja", "sama", "Jawa", "Timur", "Australia", "Barat", "dan", "Bandung", "Cuenca"]
    assert [w for _, _, w in words_of("Sully-sur-Loire dan kota-kota")] == [
        "Sully-sur",
        "Loire",
        "dan",
        "kota-kota",
    ]


def test_words_and_their_spans_match_the_word_by_word_definition() -> None:
    texts = [
        "",
        "no hyphen at all",
        "- A -B a-B-C-d x--Y ab-Cd-Ef. Jean-Pierre, Saint-Étienne - Lyon-- Paris",
        "Kota Bau-Bau, Baubau-Kendari-Makassar-jalan; end-",
        "Jawa Timur-Australia Barat" * 50,
    ]
    for text in texts:
        assert words_of(text) == _cut_word_by_word(text), text


def test_a_name_shaped_run_stops_at_a_stop_a_line_or_a_small_word() -> None:
    text = "Rio de Janeiro. St. Louis and Bandar Seri Begawan\nKota"
    words = words_of(text)
    assert shaped_run(words, 0, 6, text) == 3  # "Rio de Janeiro": an inner particle
    assert shaped_run(words, 3, 6, text) == 2  # "St. Louis": an abbreviation goes on
    assert shaped_run(words, 6, 6, text) == 3  # stops at the line break
    assert shaped_run(words, 6, 2, text) == 2  # and at the limit

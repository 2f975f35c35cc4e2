"""Stage 0, language: which lexicon reads the article, or none."""

from __future__ import annotations

from kembar.extract.language import detect_language


def test_the_three_languages_are_told_apart() -> None:
    assert (
        detect_language("Pemerintah Kota Bandung telah menandatangani kerja sama dengan kota itu karena ...")
        == "id"
    )
    assert (
        detect_language(
            "Majlis Bandaraya Kuching memeterai perjanjian bandar berkembar kerana beliau berkata ia penting."
        )
        == "ms"
    )
    assert (
        detect_language("The city of Perth and Kobe have been sister cities since 1972, the mayor said.")
        == "en"
    )


def test_an_article_in_another_language_is_not_read() -> None:
    german = (
        "Die Stadt Braunschweig und die Stadt Bandung haben eine Partnerschaft unterzeichnet, "
        "sagte der Bürgermeister."
    )
    assert detect_language(german) is None
    assert detect_language("北京与雅加达签署友好城市协议。双方将在经济、文化等领域开展合作。") is None

"""The names a reader is shown for a place: its other names as people write them."""

from __future__ import annotations

from kembar.place_names import is_machine_form, known_as


def test_other_names_are_shown_once_whatever_their_case() -> None:
    names = ["Bandung", "bandung", "kota bandung", "Kota Bandung", "BDO", "Bandoeng"]
    assert known_as("Bandung", names) == ["BDO", "Bandoeng", "Kota Bandung"]


def test_other_names_leave_out_machine_romanisations_and_the_name_without_its_accents() -> None:
    """GeoNames' lower-case transliterations of a name in another script ("mwskw", "mo si
    ke") and the page's own name folded to ASCII ("Krakow") are not other names."""
    names = ["Kraków", "Krakow", "KRAKÓW", "krakw", "ke la ke fu", "Cracovia", "Krakau", "Краков", "クラクフ"]
    assert known_as("Kraków", names) == ["Cracovia", "Krakau", "Краков", "クラクフ"]
    # two languages' spellings that differ by an accent are both shown
    assert known_as("Moscow", ["Moscou", "Moscòu", "mwskw", "Moskva"]) == ["Moscou", "Moscòu", "Moskva"]
    assert is_machine_form("sankuti・supiritousu") and not is_machine_form("eThekwini")
    assert not is_machine_form("Москва") and not is_machine_form("'s-Hertogenbosch")

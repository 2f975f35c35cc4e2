import pytest

from kembar.gazetteer.mention_names import (
    leveled,
    name_variants,
    numbers_in,
    parent_names,
    side_word,
    split_part,
    unresolved_name_key,
    words_added,
)
from kembar.gazetteer.subdivisions import Subdivision


def test_name_variants_and_parents() -> None:
    assert list(name_variants("Zemun (Belgrade)")) == ["Zemun (Belgrade)", "Zemun"]
    assert "Bayside" in list(name_variants("Bayside, New South Wales"))
    assert "Gwanak" in list(name_variants("Seoul – Gwanak"))
    assert parent_names("Zemun (Belgrade)") == {"belgrade"}
    assert "budapest" in parent_names("Budapest XI – Újbuda")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Liesing (Vienna)", "Vienna 23 – Liesing"),
        ("Prague 15 (Prague)", "Prague 15"),
        ("Rača (Bratislava)", "Bratislava – Rača"),
    ],
)
def test_unknown_city_parts_have_one_key_for_both_spellings(one: str, other: str) -> None:
    assert unresolved_name_key(one) == unresolved_name_key(other)


def test_unknown_place_keys_keep_what_tells_places_apart() -> None:
    assert unresolved_name_key("Suwałki (rural gmina)") != unresolved_name_key("Suwałki")
    assert unresolved_name_key("Stari Grad (Mostar)") != unresolved_name_key("Stari Grad (Sarajevo)")
    assert unresolved_name_key("Leighton–Linslade") == unresolved_name_key("Leighton-Linslade")


def test_a_part_of_a_larger_place_is_read_both_ways() -> None:
    assert split_part("Liesing (Vienna)") == ("Liesing", "Vienna")
    assert split_part("Vienna 23 – Liesing") == ("Liesing", "Vienna 23")
    assert split_part("Liesing") is None


def test_numbers_and_side_words_tell_places_apart() -> None:
    assert numbers_in("prague 15") == {15} and numbers_in("prague") == set()
    assert side_word("north augusta") == "north" and side_word("augusta") == ""
    assert words_added("ciutadella de menorca", "ciutadella") and not words_added("hope", "fort good hope")


def _sub(code: str, parent: str | None) -> Subdivision:
    return Subdivision(code, "Gorontalo", "ID", "province", parent, ("Gorontalo",), None, None)


def test_the_words_of_a_mention_choose_the_level() -> None:
    province, regency = _sub("ID-GO", None), _sub("ID-GO-01", "ID-GO")
    assert leveled([province, regency], "Gorontalo Province") == [province]
    assert leveled([province, regency], "Gorontalo Regency") == [regency]
    assert leveled([province, regency], "Gorontalo") == [province, regency]

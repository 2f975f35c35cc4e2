"""Mentions of names no gazetteer lists as written: kept unresolved in their country,
or read as the place one letter away."""

from __future__ import annotations

from kembar.extract.mentions import MentionIndex


def _found(index: MentionIndex, text: str) -> list[tuple[str, str]]:
    return [(m.core, m.place.country) for m in index.find(text)]


def test_a_council_named_after_its_town_gives_the_town(index: MentionIndex) -> None:
    m = next(m for m in index.find("The Johor Baru City Council has inked an MoU.") if "Johor" in m.text)
    assert m.core == "Johor Baru" and m.place.country == "MY"


def test_a_name_with_its_country_in_a_list_is_a_place_of_that_country(index: MentionIndex) -> None:
    found = _found(
        index,
        "LoI dengan Jawa Barat: Khartom (Sudan), Souss Massa Region (Maroko), dan Wallonia Region (Belgia).",
    )
    assert ("Khartom", "SD") in found


def test_a_misspelt_item_of_a_list_is_the_place_one_letter_away(index: MentionIndex) -> None:
    text = "Kota Bogor kini punya kota kembar: Saint Louis, Qinzhou, Vlisingen, dan Los Angles."
    found = {m.core: (m.place.name, m.place.country, m.misspelt) for m in index.find(text)}
    assert found["Vlisingen"] == ("Vlissingen", "NL", True)
    assert found["Los Angles"] == ("Los Angeles", "US", True)
    # Outside a list, or with its first letter wrong, an unknown word is no guess.
    assert _found(index, "Pesta Vlisingen digelar di alun-alun.") == []
    # A list of people is no list of places.
    assert _found(index, "Yang hadir antara lain Budi, Setiawan, dan Hartono.") == []  # not Sitiawan
    assert _found(index, "The council twinned with Hamamatsu, Bordeaux and Nilwaukee.")[-1][0] != "Nilwaukee"


def test_a_misspelt_place_neither_votes_for_a_country_nor_gives_the_name(index: MentionIndex) -> None:
    from kembar.extract.pipeline import extract

    text = (
        "Pemprov DKI Jakarta bekerja sama sister city dengan kota-kota berikut: Berlin, Los Angles, "
        "Seattle, Paris dan Rotterdam."
    )
    partnerships = extract(text, None, index).partnerships
    found = {(p.b.name, p.b.country) for p in partnerships} | {(p.a.name, p.a.country) for p in partnerships}
    assert {("Los Angeles", "US"), ("Berlin", "DE"), ("Paris", "FR"), ("Rotterdam", "NL")} <= found


def test_every_list_separator_ends_with_one_the_finder_looks_for() -> None:
    # The finder searches the two list patterns before a word only when the text before it
    # ends with one of SEPARATOR_ENDS: whatever either pattern matches must end so.
    import re
    from pathlib import Path

    from kembar.extract.unlisted import _LIST_BEFORE, _LIST_ITEM_BEFORE, SEPARATOR_ENDS

    patterns = (_LIST_BEFORE, _LIST_ITEM_BEFORE)
    # every word of the patterns' sources after another word, a comma, a dash, a line break
    tokens = set(re.findall(r"[a-z]+|[^\w\s\\()|?:*$\[\]]", "".join(p.pattern for p in patterns))) | {
        ",",
        ":",
    }
    windows = [
        f"{lead}{t}{tail}" for t in tokens for lead in ("x ", "x", " ", "") for tail in ("", "  ", "\n")
    ]
    root = Path(__file__).parents[1] / "bench" / "extract_dev" / "articles"
    for f in sorted(root.glob("*.txt")):
        text = f.read_text("utf-8")
        windows += [text[max(0, m.start() - 12) : m.start()] for m in re.finditer(r"\b[A-Z]", text)]
    matched = 0
    for window in windows:
        if any(p.search(window) for p in patterns):
            assert window.rstrip().endswith(SEPARATOR_ENDS), window
            matched += 1
    assert matched > 100

"""The place index: one object per place, and a cache stamped by the gazetteer's data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kembar.extract import place_index as index_module
from kembar.extract.mentions import MentionIndex


def test_a_place_is_one_object_under_all_its_names(index: MentionIndex) -> None:
    tokyo = next(c for c in index.by_form["tokyo"] if c.country == "JP" and c.kind == "city")
    named = [c for cands in index.by_form.values() for c in cands if c.key == tokyo.key]
    assert len(named) > 1 and all(c is tokyo for c in named)


def test_the_cache_is_stamped_by_the_gazetteer_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kembar import diskcache

    before = index_module._data_stamp()
    monkeypatch.setattr(index_module, "INDEX_FORMAT", index_module.INDEX_FORMAT + 1)
    assert index_module._data_stamp() != before  # another index format, another file
    # a change of the gazetteer's data changes the stamp too
    data = tmp_path / "extra.py"
    data.write_text("x = 1")
    assert diskcache.gazetteer_stamp((data,)) != diskcache.gazetteer_stamp()
    # a cached object is built once, then loaded, in the folder KEMBAR_CACHE_DIR names
    monkeypatch.setenv("KEMBAR_CACHE_DIR", str(tmp_path / "cache"))
    built: list[int] = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"cities": 3}

    assert diskcache.load_or_build("probe", "s1", dict, build) == {"cities": 3}
    assert diskcache.load_or_build("probe", "s1", dict, build) == {"cities": 3}
    assert len(built) == 1 and [p.name for p in (tmp_path / "cache").iterdir()] == ["probe-s1.pickle"]
    diskcache.load_or_build("probe", "s2", dict, build)  # new data: built again
    assert len(built) == 2
    # a damaged or cut file is built anew, never unpickled
    path = tmp_path / "cache" / "probe-s1.pickle"
    whole = path.read_bytes()
    assert b"cities" in whole
    still_loads = whole.replace(b"cities", b"citiez")  # a damage pickle alone cannot see
    for damaged in (
        still_loads,
        whole[:-1] + bytes([whole[-1] ^ 1]),
        whole[: len(whole) // 2],
        b"",
        b"\x80\x05K\x01.",
    ):
        path.write_bytes(damaged)
        assert diskcache.load_or_build("probe", "s1", dict, build) == {"cities": 3}
        assert path.read_bytes() == whole  # and written again whole
    assert len(built) == 7
    # Checkouts of other versions share the folder: the files of the few stamps used last
    # stay (no checkout deletes another's on each start), older ones go.
    for n, stamp in enumerate(("s3", "s4", "s5")):
        diskcache.load_or_build("probe", stamp, dict, build)
        os.utime(tmp_path / "cache" / f"probe-{stamp}.pickle", (1e9 + n, 1e9 + n))
    os.utime(tmp_path / "cache" / "probe-s1.pickle", (1e9 - 1, 1e9 - 1))
    os.utime(tmp_path / "cache" / "probe-s2.pickle", (2e9, 2e9))  # s2 read most recently
    diskcache.load_or_build("probe", "s6", dict, build)
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert kept == ["probe-s2.pickle", "probe-s4.pickle", "probe-s5.pickle", "probe-s6.pickle"]


def test_other_names_and_acronyms_of_countries(index: MentionIndex) -> None:
    assert index.country_of("Holland") == "NL" and index.country_of("England") == "GB"
    assert index.country_of("US") == "US" and index.country_of("UAE") == "AE"
    assert index.country_of("us") is None  # a pronoun, not the country


def test_an_unlisted_name_in_a_list_takes_the_country_after_it(index: MentionIndex) -> None:
    text = "Bandung has sister cities such as Fortworth in the US, Braunschweig in Germany and Suwon."
    found = [(m.core, m.place.country) for m in index.find(text)]
    assert ("Fortworth", "US") in found


def test_countries_of_several_words_are_found_after_their_first_word_only(index: MentionIndex) -> None:
    # countries_named looks for names of two or three words after a country's first word
    # (for ASCII words); looking after every word a longer name starts with finds the same.
    from kembar.extract.place_index import ffold
    from kembar.extract.words import words_of

    def after_every_word(words: list[tuple[int, int, str]]) -> set[str]:
        named = set()
        for k, (_, _, w) in enumerate(words):
            if not w[:1].isupper():
                continue
            if code := index.country_of(w):
                named.add(code)
            if index.longest.get(ffold(w), 0) >= 2:
                for n in (2, 3):
                    name = ffold(" ".join(x for _, _, x in words[k : k + n]))
                    if name in index.country_names:
                        named.add(index.country_names[name])
        return named

    root = Path(__file__).parents[1] / "bench" / "extract_dev" / "articles"
    texts = [f.read_text("utf-8") for f in sorted(root.glob("*.txt"))]
    texts += [
        "Kerja sama dengan South Africa, Papua New Guinea dan Москва south africa.",
        "New Zealand dan D'Souza",
    ]
    for text in texts:
        words = words_of(text)
        assert index.countries_named(text, words) == after_every_word(words), text[:60]
    crafted = " ".join(texts[-2:])
    assert {"ZA", "PG", "NZ"} <= index.countries_named(crafted, words_of(crafted))


@pytest.mark.parametrize(
    ("form", "country", "province"),
    [
        ("barcelona", "ES", "iso:ES-B"),  # "Barcelona [Barcelona]"
        ("bristol", "GB", "iso:GB-BST"),  # "Bristol, City of"
        ("cardiff", "GB", "iso:GB-CRF"),  # "Cardiff [Caerdydd GB-CRD]"
        ("uppsala", "SE", "iso:SE-C"),  # "Uppsala län [SE-03]"
    ],
)
def test_a_city_keeps_its_name_from_the_region_named_after_it(
    index: MentionIndex, form: str, country: str, province: str
) -> None:
    # ISO writes these regions with brackets or type last; the forms read from that which
    # are the capital's name mean the city in running text, and the region keeps the rest
    found = [c for c in index.by_form[form] if c.country == country]
    assert found and all(c.kind == "city" for c in found)
    assert any(c.key == province for cands in index.by_form.values() for c in cands)


def test_a_region_is_not_found_by_a_lone_adjective_or_note(index: MentionIndex) -> None:
    # "wallonne, Région" and "Amānat al ‘Āşimah [city]"
    assert not any(c.key in {"iso:BE-WAL", "iso:YE-SA"} for c in index.by_form.get("wallonne", []))
    assert not any(c.key == "iso:YE-SA" for c in index.by_form.get("city", []))
    assert any(c.key == "iso:BE-WAL" for c in index.by_form["region wallonne"])


def _reading(index: MentionIndex, form: str, named: frozenset[str] = frozenset()) -> str | None:
    place = index.choose(
        list(index.by_form.get(form, [])), set(named), None, None, len(form.split()), False, form
    )
    return place.key if place else None


def test_a_region_is_found_by_its_english_and_indonesian_names(index: MentionIndex) -> None:
    assert _reading(index, "bavaria") == "iso:DE-BY"
    assert _reading(index, "lower austria") == "iso:AT-3"
    assert _reading(index, "wallonia") == "iso:BE-WAL"
    assert _reading(index, "australia barat") == "iso:AU-WA"  # pycountry's Indonesian name
    # a small town of the name stays findable, and is read where its country is named
    assert _reading(index, "normandy") == "iso:FR-NOR"
    assert _reading(index, "normandy", frozenset({"US"})) != "iso:FR-NOR"
    assert _reading(index, "tuscany") == "iso:IT-52"


def test_a_town_of_some_size_keeps_the_name_a_region_also_goes_by(index: MentionIndex) -> None:
    # GeoNames' English names of oblasts include their cities' ("Kiev", "Odessa"); a town
    # of NAMESAKE_MIN_POPULATION or more keeps the name, as another region keeps its own
    assert _reading(index, "kiev") == "gn:703448"
    assert not any(c.key == "iso:UA-32" for c in index.by_form["kiev"])
    assert not any(c.key == "iso:EG-BA" for c in index.by_form["red sea"])

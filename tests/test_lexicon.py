"""The per-language lexicons: one data file per language, all compiled together."""

from __future__ import annotations

import re

from kembar.extract.lexicon import common_words, cues, lexicons
from kembar.extract.mentions import MentionIndex
from kembar.vocab import FIELDS


def test_every_lexicon_has_the_same_kinds_of_entries() -> None:
    found = lexicons()
    assert set(found) == {"id", "en", "ms"}
    keys = [set(lex.data) for lex in found.values()]
    assert all(k == keys[0] for k in keys), [sorted(k ^ keys[0]) for k in keys]
    for lex in found.values():
        assert set(lex.table("field_terms")) <= set(FIELDS), lex.language
        for entries in lex.table("status_cues").values():
            for entry in entries:
                re.compile(entry)


def test_cues_of_all_languages_match_in_any_article() -> None:
    c = cues()
    assert c.cooperation.search("nota kesepahaman") and c.cooperation.search("memorandum persefahaman")
    assert dict((k, bool(p.search("bandar berkembar"))) for p, k in c.kinds)["sister_city"]
    assert c.months["ogos"] == c.months["agustus"] == c.months["august"] == 8
    assert "tak" in common_words("id") and "jadi" in common_words("id")


def test_a_case_insensitive_scan_through_the_lower_cased_text_finds_the_same() -> None:
    import re

    from kembar.extract.lexicon import cues, finditer_lowered, lowered

    c = cues()
    title = re.compile(rf"\b(?:{c.titles})\b", re.I)
    texts = [
        "WALI KOTA Bogor Bima Arya dan Wakil Wali Kota; the Mayor of Cebu, GOVERNOR Smith, gubernur",
        "Head of Protocol Ann; head of state; MoU berlaku hingga 2030, VALID UNTIL 2029",
        "ſome text with a long s, and a dotless ı: Mayor Smith",  # lower-casing hides them
        "İzmir's Mayor came",  # lower-casing lengthens "İ"
    ]
    for text in texts:
        for pattern in (title, c.validity_until, *(p for p, _ in c.statuses)):
            for pos in (0, 1, 9, 40):  # from a position, as from the start ("\bMayor" at 1 is no word)
                expected = [(m.span(), m.group()) for m in pattern.finditer(text, pos)]
                found = finditer_lowered(pattern, text, lowered(text), pos)
                assert [(m.span(), m.group()) for m in found] == expected
    assert lowered(texts[2]) is None and lowered(texts[3]) is None
    # A pattern whose lower-case form would mean something else is scanned as it is.
    digits = re.compile(r"\D+", re.I)
    assert [m.group() for m in finditer_lowered(digits, "ab12CD", "ab12cd")] == ["ab", "CD"]


def test_search_lowered_finds_what_search_finds() -> None:
    from kembar.extract.lexicon import cues, lowered, search_lowered

    c = cues()
    patterns = [
        c.cooperation,
        c.field_list,
        c.reference,
        *(p for p, _ in c.statuses),
        *(p for p, _ in c.kinds),
    ]
    texts = [
        "Kedua KOTA menandatangani Nota Kesepahaman kerja sama di bidang pendidikan dan pariwisata.",
        "The twin cities WILL RENEW the Memorandum of Understanding, which expired in 2020.",
        "Hujan turun sepanjang hari di pusat kota.",  # no cue at all
        "ſister ćity: a long s that a case-insensitive pattern reads as s",
        "İzmir ve Sister City",
    ]
    for text in texts:
        for pattern in patterns:
            found, expected = search_lowered(pattern, text, lowered(text)), pattern.search(text)
            assert (found and (found.span(), found.group())) == (
                expected and (expected.span(), expected.group())
            )


def test_per_article_memos_are_forgotten_after_each_article(index: MentionIndex) -> None:
    from kembar.extract.frames import _cooperation_in
    from kembar.extract.pipeline import extract

    extract(
        "Pemerintah Kota Bontang menandatangani MoU sister city dengan Kota Aktobe, Kazakhstan.", None, index
    )
    assert _cooperation_in.cache_info().currsize == 0  # type: ignore[attr-defined]

"""The per-language lexicons: one data file per language, all compiled together."""

from __future__ import annotations

import re

from kembar.extract.lexicon import common_words, cues, lexicons
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
        for pattern in (title, c.validity_until):
            expected = [(m.span(), m.group()) for m in pattern.finditer(text)]
            assert [(m.span(), m.group()) for m in finditer_lowered(pattern, text, lowered(text))] == expected
    assert lowered(texts[2]) is None and lowered(texts[3]) is None
    # A pattern whose lower-case form would mean something else is scanned as it is.
    digits = re.compile(r"\D+", re.I)
    assert [m.group() for m in finditer_lowered(digits, "ab12CD", "ab12cd")] == ["ab", "CD"]

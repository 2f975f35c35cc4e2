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

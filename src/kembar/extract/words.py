"""The words of a text as the mention finder reads them: their spans, the shape of a
run of capitalised words that can make a name, and the lexicons' word sets it consults
(words never a place alone, kind words, government words, direction words).
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import TYPE_CHECKING

from kembar.extract.lexicon import common_words, cues, lexicons
from kembar.text import fold

if TYPE_CHECKING:
    from kembar.extract.place_index import MentionIndex

Word = tuple[int, int, str]  # start, end, the word as written


class FinderText:
    """What every part of the mention finder reads: the index, the text and its words
    (their starts, for bisect), and the lexicons' word sets. The finder (mentions.py)
    sets them; its parts (person_names.py, unlisted.py) declare what else they use."""

    index: MentionIndex
    text: str
    words: list[Word]
    starts: list[int]
    never: frozenset[str]
    kinds: dict[str, str]
    government: frozenset[str]
    directions: frozenset[str]


# "Busan's", and "KINABALU'S" in a headline in capitals.
POSSESSIVE = re.compile(r"['’][sS]$")
WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?", re.U)
# Lower-case particles inside a multi-word place name ("Rio de Janeiro", "Bandar Seri
# Begawan"): name morphology shared by many languages, not a lexicon of one.
INNER = {
    "de",
    "da",
    "do",
    "del",
    "della",
    "di",
    "la",
    "le",
    "les",
    "am",
    "an",
    "der",
    "den",
    "upon",
    "on",
    "sur",
    "en",
    "al",
    "el",
    "bin",
    "binti",
}
# All-capitals words this short are acronyms (KDH, KLN, MBI, USA): a place only when
# curated (DKI, IKN, KL) or a country.
ACRONYM_MAX = 4


@cache
def word_sets() -> tuple[frozenset[str], dict[str, str], frozenset[str], frozenset[str]]:
    """(never a place alone, kind words, government words, direction words) folded."""
    c = cues()
    never: set[str] = set()
    for lex in lexicons().values():
        for key in ("function_words",):
            never |= {fold(w) for w in lex.words(key) if re.fullmatch(r"[\w ]+", w)}
        never |= {fold(w) for w in lex.table("months")} | {fold(w) for w in lex.table("weekdays")}
    never |= {fold(w) for w in common_words("id")}
    for lex in lexicons().values():
        for key in ("honorifics", "titles"):
            for entry in lex.words(key):
                never |= {fold(w) for w in re.findall(r"[A-Za-z]{2,}", entry) if w not in ("s", "of")}
    kinds = {fold(k.replace("\\s+", " ")): v for k, v in c.place_prefixes.items()}
    government: set[str] = set()
    for lex in lexicons().values():
        government |= {fold(w.replace("\\s+", " ")) for w in lex.words("government_words")}
    directions = frozenset(fold(k) for k in c.directions)
    return frozenset(never), kinds, frozenset(government), directions


_HYPHEN_CAPITAL = re.compile(r"-(?=[A-Z])")


def words_of(text: str) -> list[Word]:
    """Words with their spans; a hyphen before a capital joins two names, not one
    ("Jawa Timur-Australia Barat", "Bandung-Cuenca"), so it separates them."""
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    # Few words hold such a hyphen: find them from the text's hyphens, cut those only.
    starts = [w[0] for w in words]
    holders = sorted(
        {bisect.bisect_right(starts, m.start()) - 1 for m in _HYPHEN_CAPITAL.finditer(text)} - {-1}
    )
    if not holders:
        return words
    out: list[Word] = []
    done = 0
    for k in holders:
        out += words[done:k]
        start, end, token = words[k]
        pos = 0
        for cut in _HYPHEN_CAPITAL.finditer(token):
            out.append((start + pos, start + cut.start(), token[pos : cut.start()]))
            pos = cut.end()
        out.append((start + pos, end, token[pos:]))
        done = k + 1
    return out + words[done:]


def capital(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def shaped_run(words: list[Word], start: int, limit: int, text: str) -> int:
    """How many words from `start` (at most `limit`) can make a name: capitalised words
    (inner particles allowed), on one line, no sentence stop inside. A span of n words is
    name-shaped when n is at most this and its last word is capitalised."""
    n = 0
    while n < limit and start + n < len(words):
        s, _e, w = words[start + n]
        if n > 0:
            prev = words[start + n - 1][2]
            gap = text[words[start + n - 1][1] : s]
            abbreviated = gap == ". " and len(prev) <= 3 and prev[:1].isupper()
            if gap not in (" ", "-", " - ") and not abbreviated:  # "St. Louis", "Ft. Worth"
                break
        if not (capital(w) or (n > 0 and w.lower() in INNER)):
            break
        n += 1
    return n

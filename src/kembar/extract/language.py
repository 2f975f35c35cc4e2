"""Stage 0, language: which lexicon reads the article, or none.

Each lexicon lists its language's function words and the words only it uses
(Malay "ialah", "kerana" against Indonesian "adalah", "karena"). The language whose
words are most frequent wins; an article where no lexicon finds its function words
is in a language the extractor does not read, and nothing is guessed from it.
"""

from __future__ import annotations

import re
from functools import cache

from kembar.extract.lexicon import alternation, lexicons

SAMPLE = 6000
UNSUPPORTED = (
    "the article is in a language the extractor does not read (it reads Indonesian, English and Malay)"
)
# Below this share of function words among all words, no lexicon reads the text.
MIN_SHARE = 0.04
MIN_HITS = 2
SHORT_WORDS = 40


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    out = {}
    for code, lex in lexicons().items():
        exclusive = lex.words("exclusive_words")
        out[code] = (
            re.compile(rf"\b(?:{alternation(lex.words('function_words'))})\b", re.I),
            re.compile(rf"\b(?:{alternation(exclusive)})\b", re.I) if exclusive else None,
        )
    return out


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of a language the extractor reads, or None."""
    sample = text[:SAMPLE]
    words = max(1, len(re.findall(r"\w+", sample)))
    scores: dict[str, float] = {}
    hits: dict[str, int] = {}
    for code, (function, exclusive) in _patterns().items():
        own = len(exclusive.findall(sample)) if exclusive else 0
        hits[code] = len(function.findall(sample)) + own
        scores[code] = hits[code] + own
    best = max(scores, key=lambda c: scores[c])
    # A sentence or two may hold a single function word; an article holds many.
    short = words < SHORT_WORDS
    if hits[best] < (1 if short else MIN_HITS) or (not short and hits[best] / words < MIN_SHARE):
        return None
    return best

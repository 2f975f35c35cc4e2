"""Text normalisation shared by the gazetteer, search and extraction."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŀ": "l",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "'": "",
        "`": "",
        "‘": "",
        # dashes separate words, as the ASCII hyphen does: "Leighton–Linslade"
        "‐": " ",
        "‑": " ",
        "‒": " ",
        "–": " ",
        "—": " ",
        "―": " ",
        "−": " ",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, words separated by one space.

    Accents, case and punctuation do not count: "Bérat" and "berat" fold alike,
    "Saint-Étienne" folds to "saint etienne". Scripts other than Latin keep their
    letters lower-cased (a name in Cyrillic still finds itself).
    """
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower().replace("'", "")).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    ascii_part = decomposed.encode("ascii", "ignore").decode()
    folded = _NON_ALNUM.sub(" ", ascii_part.lower()).strip()
    if folded or not any(ch.isalpha() for ch in text):
        return folded
    return " ".join("".join(ch for ch in decomposed.lower() if ch.isalnum() or ch == " ").split())


def is_latin(text: str) -> bool:
    """True when every letter of `text` is Latin (ASCII or Latin with diacritics)."""
    return all(not ch.isalpha() or ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00 for ch in text)

"""Korean place names in the Revised Romanization (the official system since 2000), so
that "강남구" reads as "Gangnam-gu" and meets the lists' spelling.

Covers what place names need: syllables split into their letters, a final consonant
carried over to a following vowel (연제 Yeonje, 울주 Ulju), the nasal and liquid sound
changes written in the system (종로 Jongno, 중랑 Jungnang, 신라 Silla, 국민 Gungmin), and
the hyphen before an administrative suffix (-gu, -si, -gun). Not a general transliterator.
"""

from __future__ import annotations

_INITIALS = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
# Final consonants (index 0: none) as written before a consonant or at the end, and as
# carried over before a vowel.
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_CARRIED = (
    "", "g", "kk", "gs", "n", "nj", "nh", "d", "r", "lg", "lm", "lb", "ls", "lt",
    "lp", "lh", "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "h",
)  # fmt: skip
_BASE, _LAST = 0xAC00, 0xD7A3
SUFFIXES = {"구": "gu", "시": "si", "군": "gun", "읍": "eup", "면": "myeon", "동": "dong", "도": "do"}


def _split(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch)
    if not _BASE <= code <= _LAST:
        return None
    code -= _BASE
    return code // 588, (code % 588) // 28, code % 28


def romanize(text: str) -> str:
    """The Revised Romanization of a Hangul word (other characters kept), lower case."""
    parts = [_split(ch) for ch in text]
    out: list[str] = []
    for i, (ch, part) in enumerate(zip(text, parts, strict=True)):
        if part is None:
            out.append(ch)
            continue
        initial, vowel, final = part
        prev = parts[i - 1] if i else None
        onset = _INITIALS[initial]
        if prev is not None:
            pf = prev[2]
            if initial == 11 and pf not in (0, 21):  # ㅇ: the final before it is carried over
                onset = ""
            elif initial == 5:  # ㄹ after a consonant: l after ㄹ/ㄴ, n after others
                onset = "l" if _FINALS[pf] in ("l", "n") and pf != 0 else ("n" if pf else "r")
            elif initial == 2 and _FINALS[pf] == "l":  # ㄴ after ㄹ
                onset = "l"
        out.append(onset + _VOWELS[vowel] + _coda(final, parts[i + 1] if i + 1 < len(parts) else None))
    return "".join(out)


def _coda(final: int, following: tuple[int, int, int] | None) -> str:
    if final == 0:
        return ""
    if following is None:
        return _FINALS[final]
    initial = following[0]
    if initial == 11 and final != 21:  # carried to the vowel after it
        return _CARRIED[final]
    sound = _FINALS[final]
    if initial in (2, 6):  # before ㄴ or ㅁ, stops turn nasal
        sound = {"k": "ng", "t": "n", "p": "m"}.get(sound, sound)
    if initial == 5 and sound == "n":  # ㄴ before ㄹ
        sound = "l"
    if initial == 5 and sound in ("k", "p"):  # 독립 dongnip, 법률 beomnyul
        sound = {"k": "ng", "p": "m"}[sound]
    return sound


def district_names(name: str) -> tuple[str, str]:
    """("Gangnam-gu", "gangnam") for "강남구": the romanised name with its suffix
    hyphenated, and the bare form without it."""
    for word, latin in SUFFIXES.items():
        if name.endswith(word) and len(name) > len(word):
            bare = romanize(name[: -len(word)])
            return f"{bare.capitalize()}-{latin}", bare
    bare = romanize(name)
    return bare.capitalize(), bare

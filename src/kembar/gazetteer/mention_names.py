"""A place mention's name: the forms worth looking up, the larger place it names beside
itself ("Zemun (Belgrade)", "Berlin – Neukölln"), the number or side word that tells
places apart, and the administrative words that say its level."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kembar.gazetteer.subdivisions import Subdivision
from kembar.text import fold

# Words that make a place of its own: "North Augusta" is not Augusta, "Lower Hutt" not Hutt.
_SIDE_WORDS = frozenset(
    {"north", "south", "east", "west", "upper", "lower", "nord", "sud", "ost"}
    | {f"{side}{ending}" for side in ("istocn", "zapadn", "sjevern", "juzn") for ending in "oai"}
)
_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<hint>[^)]*)\)\s*$")
# The dash between a city and its part: "Seoul – Gwanak".
_DASH = re.compile(r"\s+[–—-]\s+")
# The number of a city's part after the city: "Budapest XI", "Vienna 23".
PART_NUMBER = re.compile(r"\s+([ivxlc]+|\d+)$", re.I)
_TYPE_WORDS = re.compile(
    r"^(?:city of |town of |municipality of |the )"
    r"|(?: city| town| district| county| municipality| region| province| prefecture| oblast| raion"
    r"| rayon| island| municipal district| urban district| borough| regency)$",
    re.I,
)
PROVINCE_WORDS = re.compile(r"\b(province|region|oblast|prefecture|state|provinsi|do)\b$", re.I)
REGENCY_WORDS = re.compile(r"\b(district|county|municipality|raion|rayon|regency|kabupaten)\b", re.I)


def name_variants(name: str) -> Iterator[str]:
    """The forms of a dataset name worth looking up, most literal first."""
    seen: set[str] = set()

    def fresh(v: str) -> bool:
        key = fold(v)
        if key and key not in seen:
            seen.add(key)
            return True
        return False

    base = name.strip()
    if fresh(base):
        yield base
    m = _PAREN.match(base)
    if m:
        base = m.group("base")
        if fresh(base):
            yield base
    head = base.split(",")[0].strip()
    if fresh(head):
        yield head
    # "Seoul – Gwanak": the part after the dash is the place, the part before its city.
    dashed = _DASH.split(head)
    if len(dashed) > 1:
        head = dashed[-1]
        if fresh(head):
            yield head
    for part in re.split(r"\s*/\s*", head):
        if fresh(part):
            yield part
    stripped = _TYPE_WORDS.sub("", head).strip()
    stripped = _TYPE_WORDS.sub("", stripped).strip()
    if stripped and fresh(stripped):
        yield stripped


def split_part(name: str) -> tuple[str, str] | None:
    """(part, larger place) of a mention written as a part of a larger place, "Liesing
    (Vienna)" or "Vienna 23 – Liesing"; None for any other mention."""
    base = name.strip()
    m = _PAREN.match(base)
    if m and m.group("base"):
        return m.group("base").strip(), m.group("hint").strip()
    dashed = _DASH.split(base)
    if len(dashed) == 2 and all(dashed):
        return dashed[1].strip(), dashed[0].strip()
    return None


def unresolved_name_key(name: str) -> str:
    """The folded key of a name no gazetteer knows, the same for the two ways the dataset
    writes a part of a larger place: "Liesing (Vienna)" and "Vienna 23 – Liesing" are
    both "liesing @ vienna", "Prague 15 (Prague)" is "prague 15" like "Prague 15"."""
    split = split_part(name)
    if split is None:
        return fold(name)
    part, larger = fold(split[0]), PART_NUMBER.sub("", fold(split[1]))
    if not part or not larger:
        return fold(name)
    if part == larger or part.startswith(larger + " "):
        return part
    return f"{part} @ {larger}"


def numbers_in(folded: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", folded)}


def side_word(folded: str) -> str:
    """The side word a folded name starts with ("north augusta"), or ""."""
    first = folded.split(" ", 1)[0]
    return first if first in _SIDE_WORDS else ""


def words_added(mention: str, town: str) -> bool:
    """The town's whole name is a run of whole words of the (longer) mention."""
    return len(town) >= 4 and len(mention) > len(town) and f" {town} " in f" {mention} "


def leveled(subs: list[Subdivision], mention: str) -> list[Subdivision]:
    """The subdivisions at the level the mention's words name, when some are: "Gorontalo
    Province" is the province, "Gorontalo Regency" the kabupaten."""
    if PROVINCE_WORDS.search(mention):
        wanted = [s for s in subs if s.parent is None]
    elif REGENCY_WORDS.search(mention):
        wanted = [s for s in subs if s.parent is not None]
    else:
        wanted = []
    return wanted or subs


def parent_names(name: str) -> set[str]:
    """Folded names of the larger place a mention names beside itself: "Zemun (Belgrade)",
    "Berlin – Neukölln", "Budapest I – Budavár" (a district is not its city)."""
    out = set()
    m = _PAREN.match(name.strip())
    if m:
        out.add(fold(m.group("hint")))
    dashed = _DASH.split(name.strip())
    if len(dashed) > 1:
        first = fold(dashed[0])
        out.add(first)
        out.add(PART_NUMBER.sub("", first))
    return {p for p in out if p}

"""The words extraction looks for, loaded from one data file per language.

Each file in `lexicons/` (id.json, en.json, ms.json) holds the vocabulary of one
language: agreement cues by kind, instrument and status, fields of cooperation,
titles, months, common words that are never places, page furniture, and so on.
Entries are regular-expression fragments matched case-insensitively. Adding a
language means adding a file; no pattern is written in the stage modules.

News mixes languages (an Indonesian article says "sister city" and "MoU"), so the
cues of every language are matched in every article; what depends on the article's
own language (its common words, its home country) is looked up per language.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeVar, cast

from kembar.extract.literals import literal_finder, required_literals

# A renewal outranks a signing, a signing a plan, a plan an existing tie; a hope ("akan",
# "will") counts only when nothing else is said: an existing tie's plans are its activities.
STATUS_RANK = {"renewed": 5, "signed": 4, "planned": 3, "existing": 2, "hoped": 1}
INSTRUMENT_ORDER = ("loi", "mou", "agreement")
STATUS_ORDER = ("renewed", "signed", "planned", "existing", "hoped")


@dataclass(frozen=True)
class Lexicon:
    """One language's vocabulary, as written in its data file."""

    language: str
    name: str
    home_country: str | None
    data: dict[str, Any]

    def words(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        return list(value)

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        return dict(value)


_F = TypeVar("_F", bound=Callable[..., Any])
_ARTICLE_CACHES: list[Any] = []


def per_article(f: _F) -> _F:
    """Memoised while one article is read, forgotten by `forget_article` when it is done.
    Several rules ask about the same sentence; a bounded cache was thrashed on long
    articles (every sentence computed two or three times), an unbounded one kept for the
    process would grow with every article read."""
    cached = cache(f)
    _ARTICLE_CACHES.append(cached)
    return cast(_F, cached)


def forget_article() -> None:
    for cached in _ARTICLE_CACHES:
        cached.cache_clear()


@cache
def lexicons() -> dict[str, Lexicon]:
    """Every language the extractor reads, by ISO 639-1 code."""
    out = {}
    folder = resources.files("kembar.extract") / "lexicons"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        out[data["language"]] = Lexicon(data["language"], data["name"], data.get("home_country"), data)
    return out


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Letters a case-insensitive pattern takes for ASCII ones ("ſ" for "s", "ı" for "i")
# although lower-casing keeps them apart.
_ODD_FOLDS = "ſı"
# Lower-casing an escape (\S, \W, \B) or an inline flag would change what it means.
_CASED_SYNTAX = re.compile(r"\\[A-Z]|\(\?[aiLmsux-]")


def lowered(text: str) -> str | None:
    """The text in lower case, for `finditer_lowered`; None when lower-casing would move
    a letter (one that lengthens) or hide one a case-insensitive pattern would see."""
    low = text.lower()
    if len(low) != len(text) or any(ch in text for ch in _ODD_FOLDS):
        return None
    return low


# What a scout's every match holds: a few strings, or a pattern that finds any of many.
_Needs = tuple[str, ...] | re.Pattern[str] | None
# Scouts by the identity of their pattern: hashing a compiled pattern hashes its whole
# program, which cost more than the scout saved on a short sentence.
_SCOUTS: dict[int, tuple[weakref.ref[re.Pattern[str]], re.Pattern[str] | None, _Needs]] = {}
# From about this many required strings on, one pattern finds them faster than as many
# `in` tests (measured over the sentences of a long article).
FINDER_MIN = 16


def _lowered_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    return _scout(pattern)[0]


def _scout(pattern: re.Pattern[str]) -> tuple[re.Pattern[str] | None, _Needs]:
    """The pattern in lower case, and the strings one of which its every match holds
    (`required_literals`): a tuple of a few, or one pattern that finds any of many."""
    key = id(pattern)
    entry = _SCOUTS.get(key)
    if entry is not None and entry[0]() is pattern:
        return entry[1], entry[2]
    scout = _lower_case_form(pattern)
    strings = _required_strings(pattern, scout)
    needs: _Needs = literal_finder(strings) if strings and len(strings) >= FINDER_MIN else strings
    _SCOUTS[key] = (weakref.ref(pattern, lambda _dead: _SCOUTS.pop(key, None)), scout, needs)
    return scout, needs


def _lower_case_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    source = pattern.pattern
    if not pattern.flags & re.I or not source.isascii():
        return None
    if _CASED_SYNTAX.search(source):
        return None
    return re.compile(source.lower(), pattern.flags & ~re.I)


def _literal_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern in lower case for its required strings only, when a part that keeps its
    case ("(?-i:[A-Z])") forbids a scout: lower-casing changes no literal of it unless it
    holds an escape in capitals ("\\A" would become a character)."""
    source = pattern.pattern
    if not pattern.flags & re.I or not source.isascii() or re.search(r"\\[A-Z]", source):
        return None
    try:
        return re.compile(source.lower(), pattern.flags & ~re.I)
    except re.error:
        return None


def _required_strings(pattern: re.Pattern[str], scout: re.Pattern[str] | None) -> tuple[str, ...] | None:
    """The strings one of which every match of a case-insensitive pattern holds, in lower
    case, read from its scout or, without one, from its literal form."""
    form = scout if scout is not None else _literal_form(pattern)
    return required_literals(form) if form is not None else None


def cue_finder(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One finder of the strings the case-insensitive `patterns` require, for lower-cased
    texts (`lowered`): a text where it finds nothing holds a match of none of them. None
    when one of them requires no string."""
    strings: list[str] = []
    for pattern in patterns:
        needs = _required_strings(pattern, _lowered_pattern(pattern))
        if needs is None:
            return None
        strings += needs
    return literal_finder(tuple(strings))


def finditer_lowered(
    pattern: re.Pattern[str], text: str, low: str | None, pos: int = 0
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos)` for a case-insensitive pattern that never matches the
    empty string, faster: Python's engine
    scans a text several times slower when it ignores case, so the places to try are
    found by the same pattern in lower case over `low` (= `lowered(text)`), which
    matches wherever the pattern does, and the pattern itself is tried there only."""
    scout = _lowered_pattern(pattern) if low is not None else None
    if scout is None or low is None:
        yield from pattern.finditer(text, pos)
        return
    while pos <= len(text):
        hit = scout.search(low, pos)
        if hit is None:
            return
        m = pattern.match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def search_lowered(pattern: re.Pattern[str], text: str, low: str | None) -> re.Match[str] | None:
    """`pattern.search(text)` for a case-insensitive pattern, faster when it finds nothing
    (most sentences hold none of most cues): the pattern in lower case looks through `low`
    (= `lowered(text)`) first, and finds something wherever the pattern would. Before it,
    the strings every match holds (`required_literals`, known also for a pattern with a
    part that keeps its case, which has no scout) are looked for in `low`: when none is
    there, no pattern is run."""
    if low is None:
        return pattern.search(text)
    scout, needs = _scout(pattern)
    if isinstance(needs, tuple):
        for s in needs:  # a plain loop: a generator costs more than most of these scans
            if s in low:
                break
        else:
            return None
    elif needs is not None and needs.search(low) is None:
        return None
    if scout is None:
        return pattern.search(text)
    hit = scout.search(low)
    # The scout matches wherever the pattern does, so no match of the pattern starts
    # before the scout's first: the slow case-insensitive search starts there.
    return None if hit is None else pattern.search(text, hit.start())


def alternation(fragments: list[str]) -> str:
    """One pattern for many cues, longest first (so that "kota kembar" wins over "kota").

    Python's engine tries every alternative at every position; a lookahead on the
    letters the cues can start with skips most positions at once, which keeps the
    scan linear with a small constant (a hundred cues cost about as much as a few)."""
    # Ties broken by the text itself: a set's order varies with the hash seed.
    unique = sorted(set(fragments), key=lambda f: (-len(f), f))
    if not unique:
        return r"(?!x)x"
    body = "|".join(f"(?:{f})" for f in unique)
    starts: set[str] = set()
    for f in unique:
        first = _first_chars(f)
        if first is None:
            return body
        starts |= first
    letters = "".join(sorted(re.escape(ch) for ch in starts))
    return f"(?=[{letters}])(?:{body})"


def _first_chars(fragment: str) -> set[str] | None:
    """The characters a regex fragment can start with, or None when that is not plain."""
    f = fragment
    while f.startswith(("\\b", "^")):
        f = f[2:] if f.startswith("\\b") else f[1:]
    if not f:
        return None
    if f.startswith("(?:"):
        depth, parts, current = 0, [], ""
        for k, ch in enumerate(f[3:], start=3):
            if ch == "(" and f[k - 1] != "\\":
                depth += 1
            elif ch == ")" and f[k - 1] != "\\":
                if depth == 0:
                    rest = f[k + 1 :]
                    if rest[:1] in ("?", "*", "{"):
                        return None  # an optional group: what follows may start the match
                    parts.append(current)
                    out: set[str] = set()
                    for part in parts:
                        first = _first_chars(part)
                        if first is None:
                            return None
                        out |= first
                    return out
                depth -= 1
            elif ch == "|" and depth == 0:
                parts.append(current)
                current = ""
                continue
            current += ch
        return None
    if f.startswith("\\d"):
        return set("0123456789")
    ch = f[0]
    if ch.isalnum() and f[1:2] not in ("?", "*", "{"):
        return {ch.lower(), ch.upper()} if ch.isalpha() else {ch}
    if ch in "&'’-" and f[1:2] not in ("?", "*", "{"):
        return {ch}
    return None


def _merged_words(key: str) -> list[str]:
    return [w for lex in lexicons().values() for w in lex.words(key)]


def _merged_table(key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lex in lexicons().values():
        for k, v in lex.table(key).items():
            if isinstance(v, list):
                out.setdefault(k, []).extend(v)
            else:
                out.setdefault(k, v)
    return out


@dataclass(frozen=True)
class Cues:
    """The union of all lexicons, compiled once."""

    kinds: tuple[tuple[re.Pattern[str], str], ...]
    cooperation: re.Pattern[str]
    instruments: tuple[tuple[re.Pattern[str], str], ...]
    statuses: tuple[tuple[re.Pattern[str], str], ...]
    planned_before: re.Pattern[str]
    negation_before: re.Pattern[str]
    field_list: re.Pattern[str]
    field_list_end: re.Pattern[str]
    field_ties: re.Pattern[str]
    field_ties_first: re.Pattern[str]
    field_bodies: re.Pattern[str]
    since_before: re.Pattern[str]
    fields: dict[str, re.Pattern[str]]
    events: tuple[tuple[re.Pattern[str], str], ...]
    counts: dict[str, re.Pattern[str]]
    titles: str
    honorifics: str
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: tuple[tuple[re.Pattern[str], int], ...]
    validity_until: re.Pattern[str]
    term_years: tuple[re.Pattern[str], ...]
    number_words: dict[str, int]
    place_prefixes: dict[str, str]
    place_suffixes: dict[str, str]
    place_suffixes_of_listed: frozenset[str]
    title_kinds: dict[str, str]
    government_words: re.Pattern[str]
    directions: dict[str, str]
    between: re.Pattern[str]
    with_: re.Pattern[str]
    and_: str
    list_intro: re.Pattern[str]
    reference: re.Pattern[str]
    generic: re.Pattern[str]
    organisation_before: re.Pattern[str]
    organisation_after: re.Pattern[str]
    venue: str
    national: re.Pattern[str]
    furniture: re.Pattern[str]
    similar: re.Pattern[str]
    change_up: str
    change_down: str
    last_year: re.Pattern[str]
    multipliers: dict[str, float]
    trade_words: re.Pattern[str]
    investment_words: re.Pattern[str]
    count_people: str
    topic: re.Pattern[str]
    feature_before: re.Pattern[str]


def _words(key: str) -> str:
    return rf"\b(?:{alternation(_merged_words(key))})\b"


@cache
def cues() -> Cues:
    return Cues(**_tie_cues(), **_date_cues(), **_name_cues(), **_frame_cues(), **_news_cues())


def _tie_cues() -> dict[str, Any]:
    """What a partnership is: its kind, instrument, status and fields."""
    kinds = _merged_table("kind_cues")
    instruments = _merged_table("instrument_cues")
    statuses = _merged_table("status_cues")
    fields = _merged_table("field_terms")
    return {
        # "sister city" is a kind; a friendship cue beside it does not make a friendship city.
        "kinds": tuple((rx(alternation(kinds[k])), k) for k in ("sister_city", "friendship_city")),
        "cooperation": rx(alternation(_merged_words("cooperation_cues"))),
        "instruments": tuple((rx(alternation(instruments[k])), k) for k in INSTRUMENT_ORDER),
        "statuses": tuple((rx(alternation(statuses[k])), k) for k in STATUS_ORDER),
        "planned_before": rx(rf"\b(?:{alternation(_merged_words('planned_before'))})\s+(?:\w+\s+){{0,2}}$"),
        "negation_before": rx(rf"\b(?:{alternation(_merged_words('negation_before'))})\s+(?:\w+\s+){{0,5}}$"),
        "field_list": rx(alternation(_merged_words("field_list_cues"))),
        "field_list_end": rx(_words("field_list_end")),
        "field_ties": rx(_words("field_ties")),
        "field_ties_first": rx(_words("field_ties_first")),
        # "education cooperation between Unimas and Yunnan University": the bodies' tie.
        "field_bodies": rx(rf"\s+(?:between|antara)\s+[^.;:]{{0,80}}?{_words('field_bodies')}"),
        "fields": {k: rx(rf"\b(?:{alternation(v)})") for k, v in fields.items()},
        "validity_until": rx(alternation(_merged_words("validity_until"))),
        "term_years": tuple(rx(p) for p in _merged_words("term_years")),
        "topic": rx(_words("topic_cues")),
    }


def _date_cues() -> dict[str, Any]:
    """Months, weekdays, relative days and numbers as the three languages write them."""
    return {
        "since_before": rx(rf"{_words('since')}\s+(?:tahun\s+|the\s+year\s+)?$"),
        "months": {k: int(v) for k, v in _merged_table("months").items()},
        "weekdays": {k: int(v) for k, v in _merged_table("weekdays").items()},
        "relative_days": tuple(
            (rx(rf"\b(?:{k})\b"), int(v)) for k, v in _merged_table("relative_days").items()
        ),
        "number_words": {k: int(v) for k, v in _merged_table("number_words").items()},
        "last_year": rx(_words("last_year")),
    }


def _name_cues() -> dict[str, Any]:
    """Words around names: people's titles, kinds of place, governments, directions."""
    return {
        "titles": alternation(_merged_words("titles")),
        "honorifics": alternation(_merged_words("honorifics")),
        "place_prefixes": {k: str(v) for k, v in _merged_table("place_prefixes").items()},
        "place_suffixes": {k: str(v) for k, v in _merged_table("place_suffixes").items()},
        "place_suffixes_of_listed": frozenset(_merged_words("place_suffixes_of_listed")),
        "title_kinds": {k: str(v) for k, v in _merged_table("title_kinds").items()},
        "government_words": rx(_words("government_words")),
        "directions": {k: str(v) for k, v in _merged_table("directions").items()},
        # "Kamar Dagang dan Industri (Kadin) Sumatera Utara", "Universitas Negeri Malang",
        # "pengusaha asal Terengganu": up to two words of the body's name between.
        "organisation_before": rx(
            rf"{_words('organisation_before')}(?:\s+(?-i:[A-Z])[\w-]*){{0,2}}\s*(?:\([^)]{{1,30}}\)\s*)?$"
        ),
        "organisation_after": rx(rf"^\s+{_words('organisation_after')}"),
        "venue": alternation(_merged_words("venue")),
    }


def _frame_cues() -> dict[str, Any]:
    """The words that join two partners, list them, or point back to a pair."""
    return {
        "between": rx(_words("between")),
        "with_": rx(_words("with")),
        "and_": alternation(_merged_words("and")),
        "list_intro": rx(_words("list_intro")),
        "reference": rx(_words("reference")),
        "generic": rx(_words("generic")),
        "national": rx(_words("national")),
        "similar": rx(_words("similar")),
    }


def _news_cues() -> dict[str, Any]:
    """Events, counts, amounts and the page's furniture."""
    events = _merged_table("event_cues")
    counts = _merged_table("count_cues")
    return {
        "events": tuple(
            (rx(alternation(events[k])), k) for k in ("business_meeting", "workshop", "exchange", "visit")
        ),
        "counts": {k: rx(rf"(\d{{1,5}})\s+(?:orang\s+)?(?:{alternation(v)})") for k, v in counts.items()},
        "furniture": rx(rf"^\s*(?:{alternation(_merged_words('furniture'))})"),
        "change_up": alternation(_merged_words("change_up")),
        "change_down": alternation(_merged_words("change_down")),
        "multipliers": {k: float(v) for k, v in _merged_table("amount_multipliers").items()},
        "trade_words": rx(_words("trade_words")),
        "investment_words": rx(_words("investment_words")),
        "count_people": alternation(_merged_words("count_people")),
        "feature_before": rx(rf"\b(?:{alternation(_merged_words('features'))})\s+$"),
    }


@cache
def common_words(language: str) -> frozenset[str]:
    """Capitalised words of a language that are never a place by themselves ("Tak",
    "Jadi"): the language's own list, plus the other lexicons' cue words."""
    lex = lexicons().get(language)
    own = set(lex.words("common_words")) if lex else set()
    for other in lexicons().values():
        own |= {w for w in other.words("common_words") if " " not in w}
    return frozenset(own)

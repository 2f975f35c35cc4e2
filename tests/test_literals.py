"""The literal strings a pattern cannot match without (the cheap test before the engine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kembar.extract.literals import literal_finder, required_literals


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"to\s+(?:boost|promote)", ("boost", "promote")),
        (r"(?:abc)+x?", ("abc",)),
        (r"\bhello\b|\bworld", ("hello", "world")),
        (r"(\w+)[\s-]years?\s+(?:term|period)", ("year",)),
        (r"(?:abc)?d", ("d",)),
    ],
)
def test_the_strings_every_match_holds(pattern: str, needs: tuple[str, ...]) -> None:
    assert required_literals(re.compile(pattern)) == needs


@pytest.mark.parametrize(
    "pattern",
    [r"(?:abc)*", r"a|", r"[a-z]+", r"(?=abc)\w", r"", r"(?i:abc)", r"(?-i:ab)|c"],
)
def test_nothing_is_required_where_a_match_may_lack_every_literal(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None


def test_a_case_insensitive_pattern_requires_no_literal_as_written() -> None:
    assert required_literals(re.compile("abc", re.I)) is None


def test_every_match_of_every_scout_or_pattern_holds_one_of_its_literals() -> None:
    # The lexicons' cues in lower case over real sentences: wherever a scout matches, one of
    # its strings is in the sentence (otherwise search_lowered would miss what it finds).
    from kembar.extract.lexicon import _scout, cues, lowered

    c = cues()
    patterns = [c.cooperation, c.field_list, c.reference, c.organisation_before, *c.fields.values()]
    patterns += [p for p, _ in (*c.statuses, *c.kinds)]
    root = Path(__file__).parents[1] / "bench" / "extract_dev" / "articles"
    texts = [f.read_text("utf-8") for f in sorted(root.glob("*.txt"))]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t)]
    checked = 0
    for pattern in patterns:
        scout, needs = _scout(pattern)
        if needs is None:
            continue
        for sentence in sentences:
            low = lowered(sentence)
            if low is not None and (scout.search(low) if scout else pattern.search(sentence)):
                held = needs.search(low) if isinstance(needs, re.Pattern) else any(n in low for n in needs)
                assert held, (pattern.pattern[:80], sentence[:80])
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "strings",
    [
        ("kerja", "kerjasama", "sama"),  # one string starts another
        ("kerjasama", "kerja"),  # in the other order
        ("co-operation", "s.d.", "(a)", "a+b", "re-sign"),  # the regex's own characters
        ("ab", "abc", "abd", "b", "xyz"),
        ("",),  # an empty string is in every text
    ],
)
def test_the_finder_finds_a_string_exactly_when_one_is_in_the_text(strings: tuple[str, ...]) -> None:
    finder = literal_finder(strings)
    texts = [
        "",
        "kerj",
        "kerja sama",
        "bekerjasama",
        "co-op",
        "co-operation",
        "s.d",
        "s.d. 2030",
        "sxdx",
        "(a)",
        "aa+bb",
        "a+b",
        "re-signed",
        "resign",
        "ab",
        "a",
        "xab",
        "bx",
        "xy",
        "wxyz",
        "a b c",
    ]
    for text in texts:
        assert bool(finder.search(text)) == any(s in text for s in strings), (strings, text)


def test_a_sentence_the_cue_finder_passes_over_matches_none_of_its_patterns() -> None:
    from kembar.extract.lexicon import cue_finder, cues, lowered

    c = cues()
    groups = [[p for p, _ in c.events], [p for p, _ in c.statuses], [p for p, _ in c.kinds]]
    root = Path(__file__).parents[1] / "bench" / "extract_dev" / "articles"
    texts = [f.read_text("utf-8") for f in sorted(root.glob("*.txt"))]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t)]
    passed = matched = 0
    for patterns in groups:
        finder = cue_finder(patterns)
        assert finder is not None
        for sentence in sentences:
            low = lowered(sentence)
            if low is None:
                continue
            if finder.search(low) is None:
                assert not any(p.search(sentence) for p in patterns), sentence[:80]
                passed += 1
            else:
                matched += any(p.search(sentence) for p in patterns)
    assert passed > 100 and matched > 100
    assert cue_finder([re.compile(r"[a-z]+", re.I)]) is None  # a pattern that requires no string

"""The literal strings a regular expression cannot match without: a cheap test before a
slow one.

Python's engine tries a long alternation of cues at nearly every position of a sentence;
`"boost" in sentence` is a single fast scan. When no string of `required_literals(p)` is
in a text, `p` finds nothing there, so most sentences are answered without the engine.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Needs = frozenset[str] | None


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of the case-sensitive `pattern` contains, or None
    when no such set is known (a case-insensitive pattern, a match that may be empty or
    made of character classes only)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    found = _needs(list(parsed))
    return tuple(sorted(found)) if found else None


def _needs(items: list[tuple[Any, Any]]) -> Needs:
    """What a sequence needs: each of its items is matched, so the most selective item's
    set serves (consecutive literal characters count as one string)."""
    best: Needs = None
    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        best = _better(best, frozenset([run]) if run else None)
        run = ""
        best = _better(best, _item_needs(op, av))
    return _better(best, frozenset([run]) if run else None)


def _item_needs(op: Any, av: Any) -> Needs:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _needs(list(sub))
    if op is sre.ATOMIC_GROUP:
        return _needs(list(av))
    if op is sre.BRANCH:
        alternatives = [_needs(list(alt)) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None  # an alternative without a literal matches without any
        return frozenset().union(*alternatives)  # type: ignore[arg-type]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _needs(list(av[2]))
    return None  # classes, anchors, lookarounds, optional parts: nothing required


def _better(a: Needs, b: Needs) -> Needs:
    """The set more likely to rule a text out: longer shortest string, then fewer strings."""
    if not b:
        return a
    if not a:
        return b
    return b if (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)) else a


def literal_finder(strings: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that finds any of `strings` in a text, as fast as two or three `in` tests:
    the strings as a tree of their letters (a sentence's letters are each tried against a
    few branches, not against every string), cut where a string ends, since a longer one
    that starts with it adds nothing to the answer."""
    tree: dict[str, Any] = {}
    for s in strings:
        node = tree
        for ch in s:
            if node.get("") is not None:
                break  # a shorter string already ends here
            node = node.setdefault(ch, {})
        else:
            node.clear()
            node[""] = {}
    return re.compile(_branches(tree))


def _branches(node: dict[str, Any]) -> str:
    if "" in node:
        return ""
    alternatives = [re.escape(ch) + _branches(node[ch]) for ch in sorted(node)]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

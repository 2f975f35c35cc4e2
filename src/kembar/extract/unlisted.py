"""Mentions of places no gazetteer lists in the form written: a name a kind word calls a
place ("Kabupaten Badung", "Miami-Dade County"), a name with its country beside it in a
list ("Khartom (Sudan)"), a council's town ("Johor Baru City Council"), a known name with
a direction word ("Tangerang Selatan"), kept unresolved in their country; and a misspelt
item of a list of places ("Los Angles") or country ("Khazakstan"), read as the one
letter away. A mixin of the mention finder (mentions.py), which holds the text's state.
"""

from __future__ import annotations

import bisect
import re

from rapidfuzz import fuzz, process

from kembar.extract.lexicon import cues
from kembar.extract.place_index import MISSPELT_MIN_LEN, Candidate, Mention, ffold
from kembar.extract.words import ACRONYM_MAX, POSSESSIVE, FinderText, shaped_run

# Kind words that end a name no gazetteer lists ("Miami-Dade County", "Souss Massa Region").
UNLISTED_TAILS = frozenset({"county", "city", "regency", "prefecture", "province", "region"})
_LIST_BEFORE = re.compile(r"(?:,|\b(?:dan|and|serta|as|include|including|yaitu|iaitu|:))\s*$")
_COUNTRY_AFTER = re.compile(r"\s*(?:\(|,?\s+in\s+(?:the\s+)?)([A-Z][\w ]{1,30}?)(?=[),.;]|\s+(?:and|dan)\b)")
_COUNCIL = re.compile(r"(?:City|Municipal|Town|District)\s+(?:Council|Hall|Commission|Corporation)\b")
# At most this many characters between two items of a list ("Tokyo, dan Los Angles").
LIST_ITEM_GAP = 12
# A line of this many longer words, all capitalised, is a headline in title case.
TITLE_CASE_WORDS = 4
# Where an item of a list of places stands: after a separator, before the next one.
_LIST_ITEM_BEFORE = re.compile(r"(?:[,:]|\b(?:dan|and|serta|atau|or)|\s[-–])\s*$")
# What every match of _LIST_BEFORE and _LIST_ITEM_BEFORE ends with, before its spaces:
# most capitalised words follow none, and one `endswith` rules both searches out.
SEPARATOR_ENDS = (
    ",",
    ":",
    "-",
    "–",
    "dan",
    "and",
    "serta",
    "as",
    "include",
    "including",
    "yaitu",
    "iaitu",
    "atau",
    "or",
)
_LIST_ITEM_AFTER = re.compile(r"\s*(?:[,.;)]|\s(?:dan|and|serta|atau|or|di|in)\b|$)")
BESIDE = re.compile(r"\s*(?:,|\()\s*([^\W\d_][\w ]{2,30}?)(?=[,.;)\n]|\s+(?:dan|and|serta|di|yang)\b|$)")


class UnlistedNames(FinderText):
    """The finder's readings of names the index does not hold as written."""

    kind_tails: list[int]
    named: set[str]
    vouched: set[str]
    last_end: int
    fuzzy_countries: dict[str, Candidate | None]
    near: dict[str, list[str]]

    def _country_suffix(self, name: str) -> str | None:
        """ "Samarkand-Uzbekistan": a place and its country joined by a hyphen."""
        head, _, tail = name.rpartition("-")
        return head if head and ffold(tail) in self.index.country_names else None

    def _misspelt_place(self, i: int) -> tuple[Mention, int] | None:
        """An item of a list of places that no gazetteer spells so ("Los Angles", "Vlisingen"
        between other partners) is the region or sizeable town one letter away, if only one is."""
        words, text = self.words, self.text
        if not _LIST_ITEM_BEFORE.search(text[max(0, words[i][0] - 12) : words[i][0]]):
            return None
        run = shaped_run(words, i, 3, text)
        for n in range(min(run, 2), 0, -1):
            span = words[i : i + n]
            if not _LIST_ITEM_AFTER.match(text, span[-1][1]):
                continue
            form = ffold(" ".join(w for _, _, w in span))
            if len(form) < MISSPELT_MIN_LEN or all(ffold(w) in self.never for _, _, w in span):
                continue
            near = self.near.get(form)
            if near is None:
                near = self.near[form] = self.index.one_letter_from(form)
            if len(near) != 1:
                continue  # none, or two places one letter away: no guess
            beside_m = BESIDE.match(text, span[-1][1], span[-1][1] + 40)
            beside = self.index.country_of(beside_m.group(1)) if beside_m else None
            if beside is None and words[i][0] - self.last_end > LIST_ITEM_GAP:
                continue  # "Santoso, Hartono": a list of places has a place before it or a country after
            cands = self.index.by_form[near[0]]
            place = self.index.choose(cands, self.named, None, beside, n, True, near[0], self.vouched)
            if place is None or place.kind == "country":
                continue
            name = text[span[0][0] : span[-1][1]]
            return Mention(span[0][0], span[-1][1], name, place, None, False, name, misspelt=True), n
        return None

    def _misspelt_country(self, form: str) -> Candidate | None:
        if form not in self.fuzzy_countries:
            best = process.extractOne(form, self.index.country_list, scorer=fuzz.ratio, score_cutoff=86)
            self.fuzzy_countries[form] = (
                next(c for c in self.index.by_form[best[0]] if c.kind == "country") if best else None
            )
        return self.fuzzy_countries[form]

    def _with_council(self, m: Mention, after: int) -> tuple[Mention, int] | None:
        """ "Johor Baru City Council" where only Johor is listed: the council's own town,
        named by every word before "City Council", is the place (unresolved, same country)."""
        if m.place.kind == "country":
            return None
        k = after
        while k < len(self.words) and k - after < 3 and self.words[k][2][:1].isupper():
            if self.text[self.words[k - 1][1] : self.words[k][0]] != " ":
                break
            if _COUNCIL.match(self.text, self.words[k][0]):
                break
            k += 1
        if k == after or k >= len(self.words) or not _COUNCIL.match(self.text, self.words[k][0]):
            return None
        if any(ffold(w) in self.never for _, _, w in self.words[after:k]):
            return None
        end = self.words[k - 1][1]
        name = self.text[self.text.index(m.core, m.start) : end]
        cand = Candidate(
            f"raw:{m.place.country}:{ffold(name)}", name, "city", m.place.country, None, 0, False, False
        )
        first = bisect.bisect_left(self.starts, m.start)
        return Mention(m.start, end, self.text[m.start : end], cand, m.hint, True, name), k - first

    def _with_direction(self, m: Mention, after: int) -> Mention:
        """A known name followed by a direction word the gazetteer does not know with it
        ("Tangerang Selatan" where only Tangerang is listed) is another place, kept
        unresolved in the same country rather than taken for its larger namesake."""
        if after >= len(self.words) or m.place.kind == "country":
            return m
        s, e, w = self.words[after]
        if ffold(w) not in self.directions or not w[:1].isupper() or self.text[m.end : s] != " ":
            return m
        name = f"{m.core} {w}"
        cand = Candidate(
            f"raw:{m.place.country}:{ffold(name)}", name, m.place.kind, m.place.country, None, 0, False, False
        )
        return Mention(m.start, e, self.text[m.start : e], cand, m.hint, m.governmental, name)

    def _with_country(self, i: int) -> tuple[Mention, int] | None:
        """A name no gazetteer lists, in a list, with its country beside it ("Khartom
        (Sudan)", "Fortworth in the US"): a place of that country, unresolved."""
        words, text = self.words, self.text
        before = text[max(0, words[i][0] - 12) : words[i][0]]
        if not _LIST_BEFORE.search(before):
            return None
        end = i
        while end < len(words) and end - i < 3 and words[end][2][:1].isupper():
            if end > i and text[words[end - 1][1] : words[end][0]] != " ":
                break
            if ffold(words[end][2]) in self.never or ffold(words[end][2]) in self.index.country_names:
                break
            end += 1
        if end == i:
            return None
        after = _COUNTRY_AFTER.match(text, words[end - 1][1], words[end - 1][1] + 60)
        country = self.index.country_of(after.group(1)) if after else None
        if country is None:
            return None
        name = text[words[i][0] : words[end - 1][1]]
        cand = Candidate(f"raw:{country}:{ffold(name)}", name, "city", country, None, 0, False, False)
        return Mention(words[i][0], words[end - 1][1], name, cand, None, False, name), end - i

    def _unlisted_run(self, k: int) -> int:
        """Where a run of capitalised words that may name an unlisted place ends."""
        words, text = self.words, self.text
        end = k
        while end < len(words) and end - k < 4 and words[end][2][:1].isupper():
            if end > k and text[words[end - 1][1] : words[end][0]] not in (" ", "-"):
                break
            low = ffold(words[end][2])
            if low in self.never and low not in self.kinds and low not in self.directions:
                break
            end += 1
        return end

    def _unlisted(self, i: int, j: int, hint: str | None, governmental: bool) -> tuple[Mention, int] | None:
        """A name no gazetteer lists, said to be a place by a kind word before it
        ("Kabupaten Badung") or after it ("Miami-Dade County"): kept, unresolved."""
        words, text = self.words, self.text
        if j > i and hint is not None:
            end = self._unlisted_run(j)
            if end == j:
                return None
            name_words, kind = words[j:end], hint
        else:
            tailed = self._kind_after(i)
            if tailed is None:
                return None
            end, kind = tailed
            name_words = words[i:end]
        name = text[name_words[0][0] : name_words[-1][1]]
        if not self._may_name_a_place(name, name_words):
            return None
        after = BESIDE.match(text, name_words[-1][1], name_words[-1][1] + 40)
        country = self.index.country_of(after.group(1)) if after else None
        if country is None and after:
            for c in self.index.by_form.get(ffold(after.group(1)), []):
                if c.kind == "province":
                    country = c.country
                    break
        if country is None and hint is not None:
            country = self._country_of_namesakes(name_words)
        cand = Candidate(
            f"raw:{country or '??'}:{ffold(name)}",
            name,
            kind if kind != "country" else "city",
            country or "",
            None,
            0,
            False,
            False,
        )
        end_at = name_words[-1][1]
        m = Mention(words[i][0], end_at, text[words[i][0] : end_at], cand, hint, governmental, name)
        return m, end - i

    def _country_of_namesakes(self, name_words: list[tuple[int, int, str]]) -> str | None:
        """The one country of the places of another level the name's first word names
        ("Provinsi Kotabato Selatan": the town Cotabato is in the Philippines)."""
        countries = {c.country for c in self.index.by_form.get(ffold(name_words[0][2]), []) if c.country}
        return next(iter(countries)) if len(countries) == 1 else None

    def _kind_after(self, i: int) -> tuple[int, str] | None:
        """Where a name from word i ends in a kind word ("Miami-Dade County"), and the kind
        it names; None when none does or the name before the kind word is known."""
        words, text = self.words, self.text
        t = bisect.bisect_right(self.kind_tails, i)
        if t == len(self.kind_tails) or self.kind_tails[t] > i + 3:
            return None  # no kind word ends a run of capitalised words from here
        end = self._unlisted_run(i)
        last = ffold(words[end - 1][2]) if end > i else ""
        if end - i < 2 or last not in UNLISTED_TAILS:
            return None
        if _COUNCIL.match(text, words[end - 1][0]):
            return None  # "Johor Baru City Council": the council's town, found after
        first = ffold(POSSESSIVE.sub("", words[i][2]))
        base = end - 1
        while base > i and ffold(words[base - 1][2]) in self.kinds:
            base -= 1  # "Nairobi City County": kind words after a known name
        known = self.index.by_form.get(ffold(" ".join(w for _, _, w in words[i:base])))
        if first in self.index.country_names or known:
            return None  # "China's Yunnan Province", "Hawaii County": a known name inside
        return end, self.kinds.get(last, "city")

    def _may_name_a_place(self, name: str, name_words: list[tuple[int, int, str]]) -> bool:
        """False for words that name no place though a kind word stands beside them."""
        if all(
            ffold(w) in self.kinds or ffold(w) in self.government or ffold(w) in self.directions
            for _, _, w in name_words
        ):
            return False  # "Pemerintah Provinsi (Pemprov) ...", "City North": these words name no place
        if name.isupper() and len(name) <= ACRONYM_MAX:
            return False  # "Luar Negeri RI": an acronym after a kind word is no place
        if self._country_suffix(name):
            return False
        if title_case_line(self.text, name_words[0][0]):
            return False  # "Chinese Province Sees Malacca ...": a headline's capitals make no name
        # "Kerja Sama Sisterhood Province": the kind of tie, not a place
        return not any(p.search(name) for p, _ in cues().kinds)


def title_case_line(text: str, pos: int) -> bool:
    """Is the line around `pos` written with every longer word capitalised, as headlines are?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    longer = [w for w in re.findall(r"[^\W\d_]{4,}", text[start : end if end >= 0 else len(text)])]
    return len(longer) >= TITLE_CASE_WORDS and all(w[0].isupper() for w in longer)

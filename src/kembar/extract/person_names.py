"""Mentions, in context: a capitalised place name that is part of a person's name by
what stands around it ("Wali Kota Bogor Bima Arya", "Colin Barnet", "Datuk Seri ...")
is no place. A mixin of the mention finder (mentions.py), which holds the text's state.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from kembar.extract.lexicon import cues, lexicons
from kembar.extract.place_index import Candidate, Mention, ffold
from kembar.extract.words import ACRONYM_MAX, POSSESSIVE, FinderText

# Particles inside personal names, in the names of the languages' news: Arabic and Malay
# ("Al", "bin", "binti"), Dutch and German ("van", "von").
NAME_PARTICLES = frozenset({"al", "el", "bin", "binti", "van", "von"})
# A lone word beside another capitalised word is taken for part of a person's name
# ("Bambang Susantono", "Afdal Hasan") unless the city is at least this large.
PERSON_SAFE_MIN = 300_000


@cache
def office_pattern() -> re.Pattern[str]:
    """The offices of a place's head that are written before that place: "Bupati",
    "Wali Kota", "Menteri Besar", and in English only with "of" ("Mayor of")."""
    forms = []
    for lex in lexicons().values():
        for title in lex.table("title_kinds"):
            words = r"\s+".join(re.escape(w) for w in title.split())
            forms.append(words + r"\s+of" if lex.language == "en" else words)
    return re.compile(rf"\b(?:{'|'.join(sorted(forms, key=len, reverse=True))})\s+$", re.I)


class PersonNames(FinderText):
    """The finder's checks of a person's name around a mention."""

    lower: set[str]
    kind_named: dict[str, Candidate]
    person_words: set[str]
    titled: dict[int, bool]
    title_before: re.Pattern[str]
    name_title_before: re.Pattern[str]
    honorific_before: re.Pattern[str]
    office_before: re.Pattern[str]

    def _person_context(self, m: Mention, before: list[Mention]) -> bool:
        """True when the mention is part of a person's name by what stands before it."""
        if m.place.kind == "country" or m.place.curated:
            return False
        head = self.text[max(0, m.start - 40) : m.start]
        if m.hint is None and cues().feature_before.search(head):
            return True  # "Strait of Malacca", "Sungai Melaka": a strait or a river, not the place
        if self.honorific_before.search(head):
            return True  # "Datuk Seri ...", "Tan Sri ...", "Mr ..."
        prev = before[-1] if before else None
        # "Wali Kota Bogor Bima Arya": a title, its place, then the holder's name.
        after_place = prev is not None and self.text[prev.end : m.start] == " " and m.hint is None
        if after_place and prev and self.title_before.search(self.text[max(0, prev.start - 40) : prev.start]):
            return True
        if self.name_title_before.search(head) and m.hint is None and " " not in m.core:
            # "Mayor Kent Smith": a small place right after a title, a name after it.
            nxt = re.match(r" ([A-Z][a-z]+)", self.text[m.end : m.end + 30])
            small = m.place.population < PERSON_SAFE_MIN and m.place.kind == "city"
            if nxt and small and ffold(nxt.group(1)) not in self.never:
                return True
        return False

    def _sentence_initial(self, k: int) -> bool:
        before = self.text[max(0, self.words[k][0] - 3) : self.words[k][0]].rstrip(" \t\"“‘'(")
        return not before or before[-1] in ".!?:\n"

    def _titled_line(self, k: int) -> bool:
        """Is word k on a line where most words are capitalised (a headline)?"""
        text = self.text
        start = text.rfind("\n", 0, self.words[k][0]) + 1
        if start not in self.titled:
            end = text.find("\n", self.words[k][1])
            end = len(text) if end < 0 else end
            a = bisect.bisect_left(self.starts, start)
            b = bisect.bisect_left(self.starts, end)
            line = [w for _, _, w in self.words[a:b]]
            caps = sum(1 for w in line if w[:1].isupper())
            self.titled[start] = len(line) >= 3 and caps / len(line) >= 0.7
        return self.titled[start]

    def _common_word(self, k: int) -> bool:
        """A capitalised common word: listed, or written in lower case elsewhere in the
        article when here it only stands at a sentence start or in a headline."""
        word = self.words[k][2]
        if ffold(word) in self.never:
            return True
        if word.lower() in self.lower and (self._sentence_initial(k) or self._titled_line(k)):
            return True
        return word.isupper() and len(word) <= ACRONYM_MAX

    def _inside_person_name(self, k: int, place: Candidate) -> bool:
        if place.curated or place.kind == "country":
            return False
        words = self.words
        if self._after_name_particle(k):
            self.person_words.add(ffold(words[k][2]))
            return True
        if self._titled_line(k):
            return False  # in "Delegasi Braunschweig Kunjungi Bandung" every word is capitalised
        if self.office_before.search(self.text[max(0, words[k][0] - 30) : words[k][0]]):
            return False  # "Bupati Klaten Hamenang", "Mayor of Cebu": the office's place, then the holder
        # A large city is taken for itself beside a name ("Wako Pekanbaru Ahmad"); a
        # borough or a small town beside a given name is a surname ("Colin Barnet").
        big = place.population >= PERSON_SAFE_MIN and ffold(place.name) == ffold(words[k][2])
        if big and place.kind == "city":
            return False
        # A large region before a capitalised word is itself ("Leeds Civic Hall",
        # "Gubernur Chungcheongbuk-do Kim Young-hwan").
        for j in (k - 1,) if big else (k - 1, k + 1):
            if 0 <= j < len(words):
                w = POSSESSIVE.sub("", words[j][2])  # "China's Yunnan": a possessive, no name
                gap = self.text[words[j][1] : words[k][0]] if j < k else self.text[words[k][1] : words[j][0]]
                gap_ok = gap == " "  # "Padang-Hildesheim" joins two places, not two names
                low = ffold(w)
                if (
                    gap_ok
                    and w[:1].isupper()
                    and low not in self.never
                    and low not in self.kinds
                    and low not in self.directions
                    and low not in self.index.country_names
                    and not (w.isupper() and len(w) <= ACRONYM_MAX)
                    and not self._known_place(low)
                ):
                    self.person_words.add(ffold(words[k][2]))
                    return True
        return False

    def _after_name_particle(self, k: int) -> bool:
        """A word after a particle of personal names that follows a capitalised word is a
        surname ("Said Hussein Al Haj", "Ahmad bin Haji Omar", "Pieter van Houten"); a
        place that holds the particle ("Al Ain") was matched whole before."""
        if k < 2:
            return False
        words, text = self.words, self.text
        particle, given = words[k - 1][2], words[k - 2][2]
        return (
            ffold(particle) in NAME_PARTICLES
            and text[words[k - 2][1] : words[k][0]] == f" {particle} "
            and given[:1].isupper()
            and ffold(given) not in self.never
            and ffold(given) not in self.kinds
        )

    def _known_place(self, form: str) -> bool:
        """A word that is itself a province, a large city or a town the article calls a
        city is no given name."""
        if form in self.kind_named:
            return True
        return any(
            c.kind in ("province", "country") or c.population >= PERSON_SAFE_MIN or c.curated
            for c in self.index.by_form.get(form, ())
        )

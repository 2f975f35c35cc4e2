"""Stage 3, mentions: place names in running text, found through the gazetteer.

Every name a place goes by (GeoNames names and alternate names, ISO 3166-2 names,
country names in English, Indonesian and Malay, curated aliases such as IKN, DKI,
Kaltim, KL) is indexed by its folded form. A mention is the longest run of
capitalised words whose folded form is indexed, direction words included ("Sulawesi
Selatan", "South Cotabato"); words that only say what kind of place follows ("Kota",
"Provinsi", "City of") are kept as hints. A name must read as a place in context:
not part of a person's name (after a title or an honorific, or between a given name
and a surname), not a common word of the article's languages, and not a short
all-capitals acronym unless it is a curated alias or a country. Among same-named
places the one in a country the article names, the larger and the capital win; the
resolution stage (resolve.py) weighs the article's wider context.

The finder's parts: the words and their shapes (words.py), the checks of a person's
name around a mention (person_names.py), the names no gazetteer lists as written
(unlisted.py); the index and its records (place_index.py).
"""

from __future__ import annotations

import itertools
import re

from kembar.extract.lexicon import alternation, cues, lexicons
from kembar.extract.person_names import PersonNames, office_pattern
from kembar.extract.place_index import (
    Candidate,
    Mention,
    MentionIndex,
    compact,
    ffold,
    mention_index,
)
from kembar.extract.unlisted import BESIDE, SEPARATOR_ENDS, UNLISTED_TAILS, UnlistedNames
from kembar.extract.words import ACRONYM_MAX, POSSESSIVE, Word, capital, shaped_run, word_sets, words_of
from kembar.text import fold

__all__ = ["Candidate", "Mention", "MentionIndex", "find_mentions", "mention_index"]

# A town whose one-word name the article writes in two words ("Bau Bau" for Baubau) is
# taken when it has this many people (regions whatever their size).
SPACED_MIN = 15_000
# A capitalised word right after a name, which may say its kind ("Yunnan Province").
_KIND_TAIL = re.compile(r" ([A-Z][a-z]+)\b")


def _other_level(place: Candidate, kind: str) -> bool:
    """A town where a kind word says a region, or a region where it says a city. Regions
    of two levels are not told apart: Cebu is a province the gazetteer lists one level down."""
    if place.curated or place.kind == "country":
        return False
    return (place.kind == "city") != (kind == "city")


class _Finder(PersonNames, UnlistedNames):
    """One text's search; all state lives here, none on the shared index."""

    def __init__(self, index: MentionIndex, text: str) -> None:
        self.index = index
        self.text = text
        self.words = words_of(text)
        self.starts = [w[0] for w in self.words]
        self.never, self.kinds, self.government, self.directions = word_sets()
        # The distinct words, fewer than a tenth of a long text's: what depends on a word
        # alone is asked of them.
        self.vocabulary = {w for _, _, w in self.words}
        self.lower = {w for w in self.vocabulary if w[:1].islower()}
        # Only a capitalised word starts a name: the search visits those alone.
        self.capitals = [k for k, (_, _, w) in enumerate(self.words) if w[:1].isupper()]
        # Words that end a name no gazetteer lists ("Miami-Dade County"), by position.
        self.kind_tails = [k for k in self.capitals if ffold(self.words[k][2]) in UNLISTED_TAILS]
        self.named = index.countries_named(text, self.words, self.capitals)
        self.vouched = self.named | self._regions_named()
        self.chosen: dict[tuple[str, str | None, str | None, int, bool], Candidate | None] = {}
        self.kind_named = self._kind_named()
        self.person_words: set[str] = set()
        self.titled: dict[int, bool] = {}
        self.last_end = -100  # where the last place found ends: a list's previous item
        self.fuzzy_countries: dict[str, Candidate | None] = {}
        self.plain: dict[str, bool] = {}
        self.reaches: dict[str, int] = {}
        self.no_prefix: dict[str, bool] = {}
        self.near: dict[str, list[str]] = {}
        self.looked_up: dict[tuple[str | bool, ...], tuple[str, list[Candidate], bool] | None] = {}
        c = cues()
        self.title_before = re.compile(rf"\b(?:{c.titles})\s+(?:of\s+)?$", re.I)
        # Titles written before a bare name ("Mayor Kent Smith"); in Indonesian and Malay a
        # title is followed by its place first ("Bupati Klaten Hamenang").
        english = lexicons()["en"].words("titles") if "en" in lexicons() else []
        self.name_title_before = re.compile(rf"\b(?:{alternation(english)})\s+$")
        self.honorific_before = re.compile(rf"(?:^|[\s(,])(?:{c.honorifics})\s+$")
        self.office_before = office_pattern()

    def _regions_named(self) -> set[str]:
        """Countries of the provinces and states the text names without doubt ("Cornwall",
        "Brittany", "Pennsylvania"): they vouch for that country's small towns too."""
        found: set[str] = set()
        words = self.words
        # What a word names depends on it and the word after it only: each pair once.
        seen: dict[tuple[str, str | None], frozenset[str]] = {}
        longest = self.index.longest
        able = {w for w in self.vocabulary if len(w) >= 5 and not w.isupper() and ffold(w) in longest}
        for k in self.capitals:
            if words[k][2] not in able:
                continue  # _region_at finds nothing from it
            pair = (words[k][2], words[k + 1][2] if k + 1 < len(words) else None)
            countries = seen.get(pair)
            if countries is None:
                countries = seen[pair] = self._region_at(k)
            found |= countries
        return found

    def _region_at(self, k: int) -> frozenset[str]:
        w = self.words[k][2]
        if len(w) < 5 or w.isupper() or ffold(w) not in self.index.longest:
            return frozenset()
        for n in (2, 1):
            span = self.words[k : k + n]
            if len(span) < n or any(ffold(x) in self.never or x.lower() in self.lower for _, _, x in span):
                continue
            cands = self.index.by_form.get(ffold(" ".join(x for _, _, x in span)), [])
            countries = {c.country for c in cands}
            if cands and len(countries) == 1 and all(c.kind == "province" for c in cands):
                return frozenset(countries)
        return frozenset()

    def _kind_named(self) -> dict[str, Candidate]:
        """Small towns the article names once after a city's kind word ("the city of Truro",
        "the French city of Morlaix", "kota Baubau"): the same one-word name elsewhere in
        it is that town."""
        found: dict[str, Candidate] = {}
        words, text = self.words, self.text
        kind_words = {w for w in self.vocabulary if ffold(w) in self.kinds}
        for k in [k for k, (_, _, w) in enumerate(words) if w in kind_words]:
            if k >= len(words) - 2:
                break
            one = ffold(words[k][2])
            two = ffold(f"{words[k][2]} {words[k + 1][2]}")
            j = k + 2 if self.kinds.get(two) == "city" else k + 1
            if self.kinds.get(two if j == k + 2 else one) != "city" or j >= len(words):
                continue
            name = words[j][2]
            if not name[:1].isupper() or text[words[j - 1][1] : words[j][0]] != " ":
                continue
            if (
                j + 1 < len(words)
                and words[j + 1][2][:1].isupper()
                and text[words[j][1] : words[j + 1][0]] == " "
            ):
                continue  # a longer name follows: one-word towns only
            form = ffold(name)
            cands = self.index.by_form.get(form)
            if cands and form not in self.never:
                place = self.index.choose(cands, self.named, "city", None, 1, True, form, self.vouched)
                if place is not None and place.kind == "city":
                    found.setdefault(form, place)
        return found

    def run(self) -> list[Mention]:
        out: list[Mention] = []
        after = 0
        for k in self.capitals:
            if k < after:
                continue  # inside the name found before
            found = self._match_at(k)
            if found is None:
                continue
            mention, used = found
            if not self._person_context(mention, out):
                out.append(mention)
                self.last_end = mention.end
            after = k + used
        # A word once seen as part of a person's name is a name elsewhere too ("Bambang"),
        # unless a kind word names it a place somewhere ("Pemerintah Kabupaten Klaten").
        kinded = {ffold(m.core) for m in out if m.hint}
        return [
            m
            for m in out
            if " " in m.core
            or m.place.curated
            or m.place.kind == "country"
            or ffold(m.core) not in self.person_words
            or ffold(m.core) in self.kind_named  # "the city of Truro" is a town, if also a name
            or ffold(m.core) in kinded
        ]

    # --- matching ------------------------------------------------------------------------
    def _prefix(self, i: int) -> tuple[int, str | None, bool]:
        """Skip government and kind words: "Pemerintah Provinsi DKI Jakarta"."""
        words = self.words
        j, hint, governmental = i, None, False
        while j < len(words) and j - i < 4:
            if j > i and self.text[words[j - 1][1] : words[j][0]] != " ":
                break  # "Sister Province. Pemprov Jabar": a kind word ends its sentence
            low = ffold(words[j][2])
            two = ffold(f"{words[j][2]} {words[j + 1][2]}") if j + 1 < len(words) else ""
            if two in self.kinds and words[j][2][:1].isupper():
                hint = self.kinds[two]
                j += 2
                continue
            if low in self.government:
                governmental = True
            elif low in self.kinds and words[j][2][:1].isupper():
                hint = self.kinds[low]
                governmental = governmental or low in ("pemprov", "pemkot", "pemkab")
            else:
                break
            j += 1
        if i < j < len(words) and self.text[words[j - 1][1] : words[j][0]] != " ":
            return i, None, False  # "Luar Negeri (KDH ...)": no kind word of a name
        return j, hint, governmental

    def _lookup(self, span: list[Word]) -> tuple[str, list[Candidate], bool] | None:
        """The indexed form and places of a span of words, and whether its every word is
        one never a place alone, once per spelling and spacing."""
        if len(span) == 1:
            key: tuple[str | bool, ...] = (span[0][2],)
            spaced = True
        else:
            spaced = all(self.text[a[1] : b[0]] in (" ", "-") for a, b in itertools.pairwise(span))
            key = (*[w for _, _, w in span], spaced)
        found = self.looked_up.get(key, self)
        if found is self:
            looked = self._look_up(span, spaced)
            common = looked is not None and all(ffold(w) in self.never for _, _, w in span)
            found = self.looked_up[key] = None if looked is None else (*looked, common)
        return found  # type: ignore[return-value]

    def _look_up(self, span: list[Word], spaced: bool) -> tuple[str, list[Candidate]] | None:
        form = ffold(" ".join(w for _, _, w in span))
        cands = self.index.by_form.get(form)
        if cands:
            return form, cands
        possessive = POSSESSIVE.sub("", span[-1][2])
        if possessive != span[-1][2] and self.index.by_form.get(
            ffold(" ".join([*(w for _, _, w in span[:-1]), possessive]))
        ):
            form = ffold(" ".join([*(w for _, _, w in span[:-1]), possessive]))  # "Busan's sister city"
            return form, self.index.by_form[form]
        head = self._country_suffix(span[-1][2]) if len(span) == 1 else None
        if head and self.index.by_form.get(ffold(head)):
            return ffold(head), self.index.by_form[ffold(head)]
        if len(span) >= 2 and spaced:
            # "Bau Bau", "Bukit Tinggi": a town's name written in two words ("Moh. Ali" is no
            # Mohali: an abbreviation is a person's).
            joined_form = compact(form)
            joined = [
                c
                for c in self.index.by_form.get(joined_form, ())
                if c.kind != "city" or c.curated or c.population >= SPACED_MIN
            ]
            if joined:
                return joined_form, joined
        # "Australia Barat" is "Western Australia"; "Kalimantan Timur" stays as it is.
        last = ffold(span[-1][2])
        if len(span) >= 2 and last in self.directions:
            side = cues().directions.get(last, last)
            rest = ffold(" ".join(w for _, _, w in span[:-1]))
            for variant in (f"{side} {rest}", f"{side}ern {rest}", f"{rest} {side}"):
                cands = self.index.by_form.get(variant)
                if cands:
                    return form, cands
        return None

    def _match_at(self, i: int) -> tuple[Mention, int] | None:
        words = self.words
        first = words[i][2]
        if not first[:1].isupper():
            return None
        j, hint, governmental = (
            (i, None, False) if self._plain(first) or self._unprefixed(i) else self._prefix(i)
        )
        if j == i:
            # "Miami-Dade County": the longest name, even one no gazetteer lists, before a
            # shorter one it holds ("Miami").
            longest = self._unlisted(i, i, None, governmental)
            if longest is not None:
                return longest
        # A kind word may end the text ("... SISTER CITY"): nothing follows it to match.
        for start in () if j == i and self._plain(first) else [i] if j == i or j >= len(words) else [i, j]:
            known = self._known_from(i, start, hint, governmental)
            if known is not None:
                return known
        return self._unknown_at(i, j, hint, governmental)

    def _known_from(
        self, i: int, start: int, hint: str | None, governmental: bool
    ) -> tuple[Mention, int] | None:
        """The longest name the index knows that starts at word `start` (after the kind
        words from word `i`), with the words it takes from `i`."""
        words = self.words
        head = words[start][2]
        reach = self._reach(head)
        if reach == 0 and "-" not in head:
            return None  # no name starts with this word (most capitalised words)
        top = min(6, reach + 1)
        run = shaped_run(words, start, top, self.text)
        for n in range(min(top, run), 0, -1):
            span = words[start : start + n]
            if not capital(span[-1][2]):
                continue  # a particle ends no name ("Rio de")
            m = self._mention_of(i, start, span, hint, governmental)
            if m is None:
                continue
            longer = self._with_council(m, start + n)
            if longer is not None:
                return longer
            return self._with_direction(m, start + n), (start - i) + n
        return None

    def _mention_of(
        self, i: int, start: int, span: list[tuple[int, int, str]], hint: str | None, governmental: bool
    ) -> Mention | None:
        """The place the words of `span` name here, if the index knows one and nothing
        says the words are no place here (a common word, an acronym, a person's name)."""
        words, text, n = self.words, self.text, len(span)
        found = self._lookup(span)
        if found is None:
            return None
        form, cands, common = found
        if common and not any(c.curated for c in cands):
            return None  # "Negeri Sembilan", two common words, is a name someone vouched for
        prefixed = start > i
        beside_m = BESIDE.match(text, span[-1][1], span[-1][1] + 40)
        beside = self.index.country_of(beside_m.group(1)) if beside_m else None
        given = hint if prefixed else None
        place = self._chosen(form, cands, given, beside, n, prefixed)
        written = text[span[0][0] : span[-1][1]]
        place, hint = self._kind_said(cands, place, given, span[-1][1], beside, written)
        if place is None:
            return None
        if n == 1 and place.kind != "country" and not place.curated:
            word = words[start][2]
            if word.isupper() and len(word) <= ACRONYM_MAX:
                return None
            if not prefixed and (self._common_word(start) or self._inside_person_name(start, place)):
                return None
        begin = words[i][0] if prefixed else span[0][0]
        return Mention(
            start=begin,
            end=span[-1][1],
            text=text[begin : span[-1][1]],
            place=place,
            hint=hint,
            governmental=governmental and prefixed,
            core=POSSESSIVE.sub("", text[span[0][0] : span[-1][1]]),
            options=tuple(c for c in cands if c.kind != "country" or place.kind == "country"),
        )

    def _chosen(
        self, form: str, cands: list[Candidate], hint: str | None, beside: str | None, n: int, prefixed: bool
    ) -> Candidate | None:
        """The index's choice among the places of a name, once per name and shape in an
        article; a one-word name the article calls a town elsewhere is that town."""
        key = (form, hint, beside, n, prefixed)
        if key not in self.chosen:
            self.chosen[key] = self.index.choose(
                cands, self.named, hint, beside, n, prefixed, form, self.vouched
            )
        place = self.chosen[key]
        if place is None and n == 1 and not prefixed:
            place = self.kind_named.get(form)
        return place

    def _kind_said(
        self,
        cands: list[Candidate],
        place: Candidate | None,
        hint: str | None,
        end: int,
        beside: str | None,
        written: str,
    ) -> tuple[Candidate | None, str | None]:
        """The place of the kind a word before or after the name says, and that kind when
        the place is of it ("Pemerintah Kabupaten Bandung", "Bandung Regency": the
        regency, not the city)."""
        tail = (hint, False) if hint else self._kind_tail(end)
        if tail is not None and place is not None and _other_level(place, tail[0]):
            place = self._tail_reading(cands, place, tail, beside, written)
        if tail is not None and place is not None and place.kind == tail[0]:
            return place, tail[0]
        return place, hint

    def _kind_tail(self, end: int) -> tuple[str, bool] | None:
        """The kind a word after a name says ("Shichuan Province", "Bandung Regency"), and
        whether that word says it of any place; "Prefecture" is a province in Japan, where
        every one is listed, and a smaller unit in China ("Dali Prefecture")."""
        tail = _KIND_TAIL.match(self.text, end)
        if tail is None:
            return None
        word = fold(tail.group(1))
        kind = cues().place_suffixes.get(word)
        return None if kind is None else (kind, word not in cues().place_suffixes_of_listed)

    def _tail_reading(
        self,
        cands: list[Candidate],
        place: Candidate,
        tail: tuple[str, bool],
        beside: str | None,
        written: str,
    ) -> Candidate:
        """The place of the kind a word says a name means ("Bandung Regency": the regency,
        not the city). A town is not a province, so with none of that name listed, the name
        is an unresolved one in the town's country ("Shichuan Province": no town Shichuan)."""
        kind, always = tail
        same = [c for c in cands if c.kind == kind]
        form = ffold(written)
        n = len(written.split())
        chosen = (
            self.index.choose(same, self.named, kind, beside, n, True, form, self.vouched) if same else None
        )
        if chosen is not None or not always:
            return chosen or place
        country = beside or place.country
        return Candidate(f"raw:{country}:{form}:{kind}", written, kind, country, None, 0, False, False)

    def _unknown_at(self, i: int, j: int, hint: str | None, governmental: bool) -> tuple[Mention, int] | None:
        """A name the index does not hold: unlisted, in a list beside its country, a
        misspelt place of a list, or a misspelt country."""
        words, text, first = self.words, self.text, self.words[i][2]
        # The readings of a list's items need a separator before the word.
        listed = text[max(0, words[i][0] - 12) : words[i][0]].rstrip().endswith(SEPARATOR_ENDS)
        # With no kind word before it, the unlisted name was looked for above already.
        unknown = (self._unlisted(i, j, hint, governmental) if j > i else None) or (
            self._with_country(i) if listed else None
        )
        if unknown is not None:
            return unknown
        misspelt = self._misspelt_place(i) if listed else None
        if misspelt is not None:
            return misspelt
        # An unknown spelling of a country ("Khazakstan", "Kazakhtan").
        if len(first) >= 7 and ffold(first) not in self.never:
            cand = self._misspelt_country(ffold(first))
            if cand is not None:
                return Mention(words[i][0], words[i][1], first, cand, None, False, first), 1
        return None

    def _reach(self, head: str) -> int:
        """The most words of a name that starts with this word (0: none does), once per word."""
        reach = self.reaches.get(head)
        if reach is None:
            longest = self.index.longest
            reach = max(longest.get(ffold(head), 0), longest.get(ffold(head[:-2]), 0))
            if reach == 0 and "-" in head:
                # "Sully-sur-Loire": a hyphenated word is cut before its capital, so the name
                # goes on in the next word; it starts with the word's first part.
                first, _, rest = ffold(head).partition(" ")
                reach = max(0, longest.get(first, 0) - rest.count(" ") - 1)
            self.reaches[head] = reach
        return reach

    def _unprefixed(self, i: int) -> bool:
        """The prefix finds nothing from word i: it is no government or kind word and starts
        no kind phrase. With it and the next word in ASCII, their folded pair starts with the
        word's folded form and a space, so it is no kind phrase either."""
        word = self.words[i][2]
        if i + 1 < len(self.words) and not self.words[i + 1][2].isascii():
            return False
        return self._starts_no_phrase(word)

    def _starts_no_phrase(self, word: str) -> bool:
        """An ASCII word that is no government or kind word and starts no kind phrase."""
        known = self.no_prefix.get(word)
        if known is None:
            low = ffold(word)
            known = self.no_prefix[word] = (
                word.isascii()
                and bool(low)
                and low not in self.government
                and low not in self.kinds
                and not any(k.startswith(low + " ") for k in self.kinds)
            )
        return known

    def _plain(self, word: str) -> bool:
        """A word that starts no kind or government phrase and no indexed name (most
        capitalised words): the prefix and the name search would find nothing from it."""
        plain = self.plain.get(word)
        if plain is None:
            plain = self.plain[word] = (
                "-" not in word
                and self._starts_no_phrase(word)
                and self.index.longest.get(ffold(word), 0) == 0
                and self.index.longest.get(ffold(word[:-2]), 0) == 0
            )
        return plain


def find_mentions(index: MentionIndex, text: str) -> list[Mention]:
    """Place mentions of a text, in order."""
    return _Finder(index, text).run()

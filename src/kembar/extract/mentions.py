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
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from kembar.extract.lexicon import alternation, common_words, cues, lexicons
from kembar.extract.place_index import (
    MISSPELT_MIN_LEN,
    Candidate,
    MentionIndex,
    compact,
    ffold,
    mention_index,
)
from kembar.text import fold

__all__ = ["Candidate", "Mention", "MentionIndex", "find_mentions", "mention_index"]

# "Busan's", and "KINABALU'S" in a headline in capitals.
POSSESSIVE = re.compile(r"['’][sS]$")
WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?", re.U)
# Lower-case particles inside a multi-word place name ("Rio de Janeiro", "Bandar Seri
# Begawan"): name morphology shared by many languages, not a lexicon of one.
INNER = {
    "de",
    "da",
    "do",
    "del",
    "della",
    "di",
    "la",
    "le",
    "les",
    "am",
    "an",
    "der",
    "den",
    "upon",
    "on",
    "sur",
    "en",
    "al",
    "el",
    "bin",
    "binti",
}
# Particles inside personal names, in the names of the languages' news: Arabic and Malay
# ("Al", "bin", "binti"), Dutch and German ("van", "von").
NAME_PARTICLES = frozenset({"al", "el", "bin", "binti", "van", "von"})
# A lone word beside another capitalised word is taken for part of a person's name
# ("Bambang Susantono", "Afdal Hasan") unless the city is at least this large.
PERSON_SAFE_MIN = 300_000
# A town whose one-word name the article writes in two words ("Bau Bau" for Baubau) is
# taken when it has this many people (regions whatever their size).
SPACED_MIN = 15_000
# All-capitals words this short are acronyms (KDH, KLN, MBI, USA): a place only when
# curated (DKI, IKN, KL) or a country.
ACRONYM_MAX = 4


@cache
def _words() -> tuple[frozenset[str], dict[str, str], frozenset[str], frozenset[str]]:
    """(never a place alone, kind words, government words, direction words) folded."""
    c = cues()
    never: set[str] = set()
    for lex in lexicons().values():
        for key in ("function_words",):
            never |= {fold(w) for w in lex.words(key) if re.fullmatch(r"[\w ]+", w)}
        never |= {fold(w) for w in lex.table("months")} | {fold(w) for w in lex.table("weekdays")}
    never |= {fold(w) for w in common_words("id")}
    for lex in lexicons().values():
        for key in ("honorifics", "titles"):
            for entry in lex.words(key):
                never |= {fold(w) for w in re.findall(r"[A-Za-z]{2,}", entry) if w not in ("s", "of")}
    kinds = {fold(k.replace("\\s+", " ")): v for k, v in c.place_prefixes.items()}
    government: set[str] = set()
    for lex in lexicons().values():
        government |= {fold(w.replace("\\s+", " ")) for w in lex.words("government_words")}
    directions = frozenset(fold(k) for k in c.directions)
    return frozenset(never), kinds, frozenset(government), directions


@dataclass
class Mention:
    start: int
    end: int
    text: str
    place: Candidate
    hint: str | None  # kind said by a word before it ("Provinsi", "Kota")
    governmental: bool  # "Pemerintah Kota X", "Pemprov X": the government acting
    core: str = ""  # the name as written, without the kind and government words
    options: tuple[Candidate, ...] = ()  # every place of that name, for resolution in context
    misspelt: bool = False  # read as the place one letter away: a guess, no evidence of a country


# Kind words that end a name no gazetteer lists ("Miami-Dade County", "Souss Massa Region").
_UNLISTED_TAILS = frozenset({"county", "city", "regency", "prefecture", "province", "region"})
_LIST_BEFORE = re.compile(r"(?:,|\b(?:dan|and|serta|as|include|including|yaitu|iaitu|:))\s*$")
_COUNTRY_AFTER = re.compile(r"\s*(?:\(|,?\s+in\s+(?:the\s+)?)([A-Z][\w ]{1,30}?)(?=[),.;]|\s+(?:and|dan)\b)")
_COUNCIL = re.compile(r"(?:City|Municipal|Town|District)\s+(?:Council|Hall|Commission|Corporation)\b")
# At most this many characters between two items of a list ("Tokyo, dan Los Angles").
LIST_ITEM_GAP = 12
# Where an item of a list of places stands: after a separator, before the next one.
_LIST_ITEM_BEFORE = re.compile(r"(?:[,:]|\b(?:dan|and|serta|atau|or)|\s[-–])\s*$")
_LIST_ITEM_AFTER = re.compile(r"\s*(?:[,.;)]|\s(?:dan|and|serta|atau|or|di|in)\b|$)")
_BESIDE = re.compile(r"\s*(?:,|\()\s*([^\W\d_][\w ]{2,30}?)(?=[,.;)\n]|\s+(?:dan|and|serta|di|yang)\b|$)")


@cache
def _office_before() -> re.Pattern[str]:
    """The offices of a place's head that are written before that place: "Bupati",
    "Wali Kota", "Menteri Besar", and in English only with "of" ("Mayor of")."""
    forms = []
    for lex in lexicons().values():
        for title in lex.table("title_kinds"):
            words = r"\s+".join(re.escape(w) for w in title.split())
            forms.append(words + r"\s+of" if lex.language == "en" else words)
    return re.compile(rf"\b(?:{'|'.join(sorted(forms, key=len, reverse=True))})\s+$", re.I)


class _Finder:
    """One text's search; all state lives here, none on the shared index."""

    def __init__(self, index: MentionIndex, text: str) -> None:
        self.index = index
        self.text = text
        self.words = _words_of(text)
        self.starts = [w[0] for w in self.words]
        self.never, self.kinds, self.government, self.directions = _words()
        self.lower = {w for _, _, w in self.words if w[:1].islower()}
        # Only a capitalised word starts a name: the search visits those alone.
        self.capitals = [k for k, (_, _, w) in enumerate(self.words) if w[:1].isupper()]
        # Words that end a name no gazetteer lists ("Miami-Dade County"), by position.
        self.kind_tails = [k for k in self.capitals if ffold(self.words[k][2]) in _UNLISTED_TAILS]
        self.named = index.countries_named(text, self.words, self.capitals)
        self.vouched = self.named | self._regions_named()
        self.chosen: dict[tuple[str, str | None, str | None, int, bool], Candidate | None] = {}
        self.kind_named = self._kind_named()
        self.person_words: set[str] = set()
        self.titled: dict[int, bool] = {}
        self.last_end = -100  # where the last place found ends: a list's previous item
        self.fuzzy_countries: dict[str, Candidate | None] = {}
        self.plain: dict[str, bool] = {}
        self.near: dict[str, list[str]] = {}
        self.looked_up: dict[tuple[str | bool, ...], tuple[str, list[Candidate]] | None] = {}
        c = cues()
        self.title_before = re.compile(rf"\b(?:{c.titles})\s+(?:of\s+)?$", re.I)
        # Titles written before a bare name ("Mayor Kent Smith"); in Indonesian and Malay a
        # title is followed by its place first ("Bupati Klaten Hamenang").
        english = lexicons()["en"].words("titles") if "en" in lexicons() else []
        self.name_title_before = re.compile(rf"\b(?:{alternation(english)})\s+$")
        self.honorific_before = re.compile(rf"(?:^|[\s(,])(?:{c.honorifics})\s+$")
        self.office_before = _office_before()

    def _regions_named(self) -> set[str]:
        """Countries of the provinces and states the text names without doubt ("Cornwall",
        "Brittany", "Pennsylvania"): they vouch for that country's small towns too."""
        found: set[str] = set()
        words = self.words
        # What a word names depends on it and the word after it only: each pair once.
        seen: dict[tuple[str, str | None], frozenset[str]] = {}
        for k in self.capitals:
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
        for k in range(len(words) - 2):
            one = ffold(words[k][2])
            if one not in self.kinds:
                continue
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

    # --- context ------------------------------------------------------------------------
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

    def _country_suffix(self, name: str) -> str | None:
        """ "Samarkand-Uzbekistan": a place and its country joined by a hyphen."""
        head, _, tail = name.rpartition("-")
        return head if head and ffold(tail) in self.index.country_names else None

    def _lookup(self, span: list[tuple[int, int, str]]) -> tuple[str, list[Candidate]] | None:
        """The indexed form and places of a span of words, once per spelling and spacing."""
        if len(span) == 1:
            key: tuple[str | bool, ...] = (span[0][2],)
            spaced = True
        else:
            spaced = all(self.text[a[1] : b[0]] in (" ", "-") for a, b in itertools.pairwise(span))
            key = (*[w for _, _, w in span], spaced)
        found = self.looked_up.get(key, self)
        if found is self:
            found = self.looked_up[key] = self._look_up(span, spaced)
        return found  # type: ignore[return-value]

    def _look_up(self, span: list[tuple[int, int, str]], spaced: bool) -> tuple[str, list[Candidate]] | None:
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
        words, text = self.words, self.text
        first = words[i][2]
        if not first[:1].isupper():
            return None
        j, hint, governmental = (i, None, False) if self._plain(first) else self._prefix(i)
        if j == i:
            # "Miami-Dade County": the longest name, even one no gazetteer lists, before a
            # shorter one it holds ("Miami").
            longest = self._unlisted(i, i, None, governmental)
            if longest is not None:
                return longest
        # A kind word may end the text ("... SISTER CITY"): nothing follows it to match.
        for start in () if j == i and self._plain(first) else [i] if j == i or j >= len(words) else [i, j]:
            head = words[start][2]
            reach = max(self.index.longest.get(ffold(head), 0), self.index.longest.get(ffold(head[:-2]), 0))
            if reach == 0 and "-" in head:
                # "Sully-sur-Loire": a hyphenated word is cut before its capital, so the name
                # goes on in the next word; it starts with the word's first part.
                first, _, rest = ffold(head).partition(" ")
                reach = max(0, self.index.longest.get(first, 0) - rest.count(" ") - 1)
            if reach == 0 and "-" not in head:
                continue  # no name starts with this word (most capitalised words)
            top = min(6, reach + 1)
            run = _shaped_run(words, start, top, text)
            for n in range(min(top, run), 0, -1):
                span = words[start : start + n]
                if not _capital(span[-1][2]):
                    continue  # a particle ends no name ("Rio de")
                found = self._lookup(span)
                if found is None:
                    continue
                form, cands = found
                if all(ffold(w) in self.never for _, _, w in span):
                    continue
                prefixed = start > i
                beside_m = _BESIDE.match(text, span[-1][1], span[-1][1] + 40)
                beside = self.index.country_of(beside_m.group(1)) if beside_m else None
                key = (form, hint if prefixed else None, beside, n, prefixed)
                if key not in self.chosen:  # one choice per name and shape in an article
                    self.chosen[key] = self.index.choose(
                        cands, self.named, key[1], beside, n, prefixed, form, self.vouched
                    )
                place = self.chosen[key]
                if place is None and n == 1 and not prefixed:
                    place = self.kind_named.get(form)
                if place is None:
                    continue
                if n == 1 and place.kind != "country" and not place.curated:
                    word = words[start][2]
                    if word.isupper() and len(word) <= ACRONYM_MAX:
                        continue
                    if not prefixed and (self._common_word(start) or self._inside_person_name(start, place)):
                        continue
                begin = words[i][0] if prefixed else span[0][0]
                m = Mention(
                    start=begin,
                    end=span[-1][1],
                    text=text[begin : span[-1][1]],
                    place=place,
                    hint=hint if prefixed else None,
                    governmental=governmental and prefixed,
                    core=POSSESSIVE.sub("", text[span[0][0] : span[-1][1]]),
                    options=tuple(c for c in cands if c.kind != "country" or place.kind == "country"),
                )
                longer = self._with_council(m, start + n)
                if longer is not None:
                    return longer
                return self._with_direction(m, start + n), (start - i) + n
        # With no kind word before it, the unlisted name was looked for above already.
        unknown = (self._unlisted(i, j, hint, governmental) if j > i else None) or self._with_country(i)
        if unknown is not None:
            return unknown
        misspelt = self._misspelt_place(i)
        if misspelt is not None:
            return misspelt
        # An unknown spelling of a country ("Khazakstan", "Kazakhtan").
        if len(first) >= 7 and ffold(first) not in self.never:
            cand = self._misspelt_country(ffold(first))
            if cand is not None:
                return Mention(words[i][0], words[i][1], first, cand, None, False, first), 1
        return None

    def _plain(self, word: str) -> bool:
        """A word that starts no kind or government phrase and no indexed name (most
        capitalised words): the prefix and the name search would find nothing from it."""
        plain = self.plain.get(word)
        if plain is None:
            low = ffold(word)
            plain = self.plain[word] = (
                word.isascii()
                and bool(low)
                and "-" not in word
                and low not in self.government
                and low not in self.kinds
                and not any(k.startswith(low + " ") for k in self.kinds)
                and self.index.longest.get(low, 0) == 0
                and self.index.longest.get(ffold(word[:-2]), 0) == 0
            )
        return plain

    def _misspelt_place(self, i: int) -> tuple[Mention, int] | None:
        """An item of a list of places that no gazetteer spells so ("Los Angles", "Vlisingen"
        between other partners) is the region or sizeable town one letter away, if only one is."""
        words, text = self.words, self.text
        if not _LIST_ITEM_BEFORE.search(text[max(0, words[i][0] - 12) : words[i][0]]):
            return None
        run = _shaped_run(words, i, 3, text)
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
            beside_m = _BESIDE.match(text, span[-1][1], span[-1][1] + 40)
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
        run_from = self._unlisted_run
        if j > i and hint is not None:
            end = run_from(j)
            if end == j:
                return None
            name_words, kind = words[j:end], hint
        else:
            t = bisect.bisect_right(self.kind_tails, i)
            if t == len(self.kind_tails) or self.kind_tails[t] > i + 3:
                return None  # no kind word ends a run of capitalised words from here
            end = run_from(i)
            last = ffold(words[end - 1][2]) if end > i else ""
            if end - i < 2 or last not in _UNLISTED_TAILS:
                return None
            if _COUNCIL.match(text, words[end - 1][0]):
                return None  # "Johor Baru City Council": the council's town, found after
            name_words, kind = words[i:end], self.kinds.get(last, "city")
            first = ffold(POSSESSIVE.sub("", words[i][2]))
            base = end - 1
            while base > i and ffold(words[base - 1][2]) in self.kinds:
                base -= 1  # "Nairobi City County": kind words after a known name
            known = self.index.by_form.get(ffold(" ".join(w for _, _, w in words[i:base])))
            if first in self.index.country_names or known:
                return None  # "China's Yunnan Province", "Hawaii County": a known name inside
        name = text[name_words[0][0] : name_words[-1][1]]
        if all(
            ffold(w) in self.kinds or ffold(w) in self.government or ffold(w) in self.directions
            for _, _, w in name_words
        ):
            return None  # "Pemerintah Provinsi (Pemprov) ...", "City North": these words name no place
        if name.isupper() and len(name) <= ACRONYM_MAX:
            return None  # "Luar Negeri RI": an acronym after a kind word is no place
        if self._country_suffix(name):
            return None
        if any(p.search(name) for p, _ in cues().kinds):
            return None  # "Kerja Sama Sisterhood Province": the kind of tie, not a place
        after = _BESIDE.match(text, name_words[-1][1], name_words[-1][1] + 40)
        country = self.index.country_of(after.group(1)) if after else None
        if country is None and after:
            for c in self.index.by_form.get(ffold(after.group(1)), []):
                if c.kind == "province":
                    country = c.country
                    break
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
        m = Mention(
            words[i][0],
            name_words[-1][1],
            text[words[i][0] : name_words[-1][1]],
            cand,
            hint,
            governmental,
            name,
        )
        return m, end - i


_HYPHEN_CAPITAL = re.compile(r"-(?=[A-Z])")


def _words_of(text: str) -> list[tuple[int, int, str]]:
    """Words with their spans; a hyphen before a capital joins two names, not one
    ("Jawa Timur-Australia Barat", "Bandung-Cuenca"), so it separates them."""
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    # Few words hold such a hyphen: find them from the text's hyphens, cut those only.
    starts = [w[0] for w in words]
    holders = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in _HYPHEN_CAPITAL.finditer(text)} - {-1})
    if not holders:
        return words
    out: list[tuple[int, int, str]] = []
    done = 0
    for k in holders:
        out += words[done:k]
        start, end, token = words[k]
        pos = 0
        for cut in _HYPHEN_CAPITAL.finditer(token):
            out.append((start + pos, start + cut.start(), token[pos : cut.start()]))
            pos = cut.end()
        out.append((start + pos, end, token[pos:]))
        done = k + 1
    return out + words[done:]


def _capital(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _shaped_run(words: list[tuple[int, int, str]], start: int, limit: int, text: str) -> int:
    """How many words from `start` (at most `limit`) can make a name: capitalised words
    (inner particles allowed), on one line, no sentence stop inside. A span of n words is
    name-shaped when n is at most this and its last word is capitalised."""
    n = 0
    while n < limit and start + n < len(words):
        s, _e, w = words[start + n]
        if n > 0:
            prev = words[start + n - 1][2]
            gap = text[words[start + n - 1][1] : s]
            abbreviated = gap == ". " and len(prev) <= 3 and prev[:1].isupper()
            if gap not in (" ", "-", " - ") and not abbreviated:  # "St. Louis", "Ft. Worth"
                break
        if not (_capital(w) or (n > 0 and w.lower() in INNER)):
            break
        n += 1
    return n


def find_mentions(index: MentionIndex, text: str) -> list[Mention]:
    """Place mentions of a text, in order."""
    return _Finder(index, text).run()

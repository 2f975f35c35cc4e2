"""Stage 5, relation frames: who partners whom, and which sentences speak of each pair.

A sentence speaks of a partnership when it holds an agreement cue and two
subnational places stand in one of the shapes news uses:
- "antara X dan Y" / "between X and Y";
- "X ... dengan Y, Z dan W" / "X ... with Y": the subject with each partner listed;
- a list introduced by "yaitu", "include", "such as" or a colon, after or before the
  cue ("its sister cities include A, B and C"; "Lima ... mitra Sister Province, yaitu
  A, B, C"), and numbered list lines under a sentence that announces them: the
  subject with each item;
- "X dan Y" side by side, or just two places around an instrument.
The subject is the place the sentence names before the cue, else the article's
subject: the place its headline and lead name most (councils and offices resolved
to their places upstream). A place after a venue word ("di", "in", "at") is where a
signing happened, not a party, unless the frame names it as one; a province and its
own city are never partners. A later sentence with a cue and a reference ("MoU
tersebut", "the agreement") adds to the pair last spoken of.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kembar.extract.council_areas import merge_council_areas
from kembar.extract.lexicon import cues, finditer_lowered, lowered, per_article, search_lowered
from kembar.extract.mentions import Candidate, Mention
from kembar.extract.resolve import Context
from kembar.extract.sentences import Sentence
from kembar.text import fold

# What may stand between two partners: the rest of a council's or a government's name
# ("City Commission (DBKU)", "State Government"), then the joining word.
_JOIN = re.compile(
    r"^\s*(?:(?:[A-Z][a-z]+|state|city|provincial|municipal|regional|county|government|council)\s+){0,3}"
    r"(?:\([^)]{1,40}\)\s*)?(?:(?:di|in)\s+[A-Z][\w ]{1,25}?\s+)?(?:,\s*)?"
    r"(?:dan|dengan|and|with|&|serta|-|–|—)\s*(?:the\s+)?"
    # "Kedah dan kerajaan wilayah Songkhla": kind and government words in lower case
    r"(?:(?:pemerintah|kerajaan|kota|kabupaten|provinsi|prefektur|bandar|bandaraya|wilayah|negeri)\s+){0,2}"
    # "between Truro and the French city of Morlaix"
    r"(?:(?:[A-Z][a-z]+\s+)?(?:city|town|municipality|province|prefecture|state|county|region)\s+of\s+)?$"
)
# Between two items of a list: the rest of an item's name ("Region"), its country in
# brackets or after "in", an item no gazetteer knows ("Los Angles"), the separator
# ("Vanimo, Sandaun Province, PNG, serta Wewak": the item's region and country, then it).
_SEP = r"(?:,|;|\bdan\b|\band\b|\bserta\b|&|\bhingga\b|\batau\b|\bor\b)"
_LIST_GAP = re.compile(
    rf"^\s*(?:[A-Z][\w'’-]*\s*){{0,2}}(?:\([^)]{{1,40}}\))?\s*(?:(?:,|\bin\b|\bdi\b)\s*[^,.;]{{1,25}}?)?\s*;?\s*"
    rf"(?:{_SEP}\s*(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s*(?:\([^)]{{1,40}}\))?\s*{_SEP}"
    rf"(?:\s*{_SEP})?)?)?\s*$"
)
_COUNTRIES_JOINED = re.compile(r"\s*(?:dan|and|&|serta|with|dengan|-|–|—)\s*", re.I)
_RESPECTIVELY = re.compile(r"\b(?:respectively|masing-masing)\b", re.I)
# Between an item's name, the rest of it ("'s As Shareef") and its other name.
_OTHER_NAME = re.compile(r"(?:['’]s)?(?:\s+[A-Z][\w'’-]*){0,3}\s*\b(?:atau|or)\s*")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–])\s+")


@dataclass
class Frame:
    a: Candidate
    b: Candidate
    sentences: list[int] = field(default_factory=list)  # own sentences, in order
    linked: list[int] = field(default_factory=list)  # sentences that refer back to it
    listed: bool = False  # one item of a list of partners
    background: bool = True  # said as already in place (set by the attributes stage)


@per_article
def _cooperation_in(text: str) -> bool:
    """Does a sentence hold a cue of cooperation (cached: asked by several rules)?"""
    return bool(search_lowered(cues().cooperation, text, lowered(text)))


def contains(a: Candidate, b: Candidate) -> bool:
    """A province and a place inside it."""
    if a.country != b.country:
        return False

    def admin(c: Candidate) -> str | None:
        return c.key[4:] if c.key.startswith("iso:") else c.admin

    return (a.kind == "province" and admin(b) == admin(a)) or (b.kind == "province" and admin(a) == admin(b))


class FrameReader:
    def __init__(self, text: str, sentences: list[Sentence], ctx: Context) -> None:
        self.text = text
        self.sentences = sentences
        self.ctx = ctx
        self.c = cues()
        self.title_kind = re.compile(
            rf"^\s*(?:[-•*–]\s*|\d{{1,2}}[.)]\s*)?(?:Pj\.?\s+|Plt\.?\s+)?({self.c.titles})\s+"
        )
        self.venue_before = re.compile(rf"\b(?:{self.c.venue})\s+(?:the\s+)?$", re.I)
        # "di Courtyard by Marriott Penang", "at the Shangri-La Hotel Kuala Lumpur": a
        # building's name between the venue word and its town.
        self.building_before = re.compile(
            rf"\b(?i:{self.c.venue})\s+(?:the\s+)?(?:[A-Z][\w'&.-]*\s+(?:by\s+|of\s+)?){{1,4}}$"
        )
        labels = sum(sum(s.kind_labels) for s in sentences if s.zone != "furniture")
        self.twinning_topic = labels >= 2
        self.anchor = self._anchor()
        self.national = self._national()

    # --- helpers -------------------------------------------------------------------------
    def parties(self, s: Sentence) -> list[Mention]:
        return [m for m in s.mentions if m.start not in self.ctx.not_party]

    def subs(self, ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if m.place.kind != "country"]

    def has_cue(self, s: Sentence) -> bool:
        """Does the sentence hold an agreement cue? Its kinds of tie were counted already."""
        if any(s.kind_labels) or _cooperation_in(s.text):
            return True
        # In an article about twinning, "the relationship with X" is that twinning.
        return self.twinning_topic and bool(s.search(self.c.topic))

    def strong(self, s: Sentence) -> bool:
        return any(s.kind_labels) or any(s.search(p) for p, _ in self.c.instruments)

    def is_venue(self, m: Mention) -> bool:
        if self.venue_before.search(self.text[max(0, m.start - 20) : m.start]):
            return True
        return bool(self.building_before.search(self.text[max(0, m.start - 60) : m.start]))

    def _anchor(self) -> Candidate | None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        by_key: dict[str, Candidate] = {}
        for s in self.sentences:
            if s.zone == "furniture":
                continue
            weight = 4 if s.zone == "headline" else (2 if s.index < 6 or self.has_cue(s) else 1)
            for m in self.subs(self.parties(s)):
                bonus = 2 if m.governmental else 0
                counts[m.place.key] += weight + bonus
                first.setdefault(m.place.key, m.start)
                by_key[m.place.key] = m.place
        if not counts:
            return None
        key = max(counts, key=lambda k: (counts[k], -first[k]))
        return by_key[key]

    def _national(self) -> bool:
        """Is the article's news an agreement between two countries ("MoU Batas Darat
        Diteken Indonesia dan Malaysia")? Its headline or its first sentence with a cue
        names two countries side by side as the signers, and no smaller place."""
        first = [s for s in self.sentences if s.zone == "headline"]
        first += [s for s in self.sentences if s.zone == "body" and self.has_cue(s)][:1]
        for s in first:
            ms = self.parties(s)
            if not self.strong(s) or self.subs(ms):
                continue
            for x, y in itertools.pairwise(ms):
                gap = self.text[x.end : y.start]
                if x.place.kind == y.place.kind == "country" and _COUNTRIES_JOINED.fullmatch(gap):
                    return True
        return False

    def _local(self, f: Frame) -> bool:
        """Does the text name a pair as local governments: a twinning label on it, or a
        government or kind word before one of its places ("Pemprov", "Provinsi", "City of")?"""
        for i in f.sentences:
            s = self.sentences[i]
            if any(s.search(p) for p, _ in self.c.kinds):
                return True
            if any((m.governmental or m.hint) and m.place.key in (f.a.key, f.b.key) for m in s.mentions):
                return True
        return False

    # --- one sentence ----------------------------------------------------------------------
    def pairs_in(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]]:
        for rule in (self._respectively, self._between, self._with, self._listed):
            found = rule(s)
            if found is not None:
                return found
        return self._side_by_side(s)

    def _respectively(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]] | None:
        """ "A, B and C ... with D, E and F respectively": partners by position."""
        if not s.search(_RESPECTIVELY):
            return None
        subs = self.subs(self.parties(s))
        runs: list[list[Mention]] = []
        for m in subs:
            if runs and _LIST_GAP.match(self.text[runs[-1][-1].end : m.start]):
                runs[-1].append(m)
            else:
                runs.append([m])
        runs = [r for r in runs if len(r) >= 2]
        for x, y in itertools.pairwise(runs):
            if len(x) == len(y) and {m.place.country for m in x}.isdisjoint({m.place.country for m in y}):
                return [(a.place, b.place, False) for a, b in zip(x, y, strict=True)]
        return None

    def _between(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]] | None:
        ms = self.parties(s)
        pairs = []
        for b in self.c.between.finditer(s.text):
            pos = s.start + b.end()
            rest = [m for m in ms if m.start >= pos]
            if len(rest) >= 2 and rest[0].start - pos <= 25:
                x = rest[0]
                for y in rest[1:3]:
                    gap = self.text[x.end : y.start]
                    if _JOIN.match(gap) or re.match(
                        r"^\s*\([^)]*\)\s*(?:dan|dengan|and|with)\s*$", gap, re.I
                    ):
                        if x.place.kind != "country" and y.place.kind != "country":
                            pairs.append((x.place, y.place, False))
                        break
        return pairs or None

    def _list_after(self, first: Mention, ms: list[Mention]) -> list[Mention]:
        partners = [first]
        for m in ms:
            if m.start <= first.start or m.place.kind == "country":
                continue  # "Adelaide (Australia), Medan (Indonesia)": a country names a partner's
            if self.is_venue(m):
                break  # "... dengan Provinsi Chungcheongbuk-do di Cheongju": where, not whom
            gap = self.text[partners[-1].end : m.start]
            if _OTHER_NAME.fullmatch(gap):
                continue  # "Al Qud's As Shareef atau Jerusalem": one item, two names
            if _LIST_GAP.match(gap) or re.match(r"^\s*,\s*[^,.;]{1,25},\s*(?:dan|and|serta)?\s*$", gap, re.I):
                partners.append(m)
            else:
                break
        return partners

    def _subject_before(self, s: Sentence, pos: int) -> Candidate | None:
        before = [m for m in self.subs(self.parties(s)) if m.end <= pos and not self.is_venue(m)]
        return before[-1].place if before else self.anchor

    def _with(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]] | None:
        ms = self.parties(s)
        found: list[tuple[Candidate, Candidate, bool]] = []
        for w in self.c.with_.finditer(s.text):
            pos = s.start + w.end()
            rest = [m for m in ms if m.start >= pos]
            if not rest or rest[0].start - pos > 40 or not self._cue_near(s.text, w.start()):
                continue
            if rest[0].place.kind == "country":
                if found:
                    continue
                return []  # an agreement with a country is national
            partners = self._list_after(rest[0], rest)
            subject = self._subject_before(s, s.start + w.start())
            if found and subject is not None and any(subject.key == b.key for _, b, _ in found):
                # A later "dengan" whose subject is no place we know ("Kota Bau Bau dengan
                # Seoul") is skipped; after a pronoun ("kami menjajaki ... dengan") it is the
                # article's subject.
                clause = s.text[max(0, w.start() - 40) : w.start()]
                if not re.search(r"\b(?:kami|kita|we|us|our|kita)\b", clause, re.I):
                    continue
                subject = self.anchor
            if subject is None:
                continue
            listed = len(partners) > 1
            # "Surabaya ... Guangzhou, kota Semarang dengan Brisbane, dan Bau Bau dengan Seoul":
            # every "dengan" of the sentence joins its own pair.
            found += [(subject, p.place, listed) for p in partners if p.place.key != subject.key]
        return found or None

    def _listed(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]] | None:
        """ "... sister cities include A, B and C", "mitra Sister Province, yaitu A, B, C"."""
        if not self.has_cue(s):
            return None
        ms = self.parties(s)
        intros = finditer_lowered(self.c.list_intro, s.text, s.low)
        for intro in itertools.chain(intros, re.finditer(r":", s.text)):
            pos = s.start + intro.end()
            rest = [m for m in ms if m.start >= pos]
            if not rest or rest[0].start - pos > 40 or rest[0].place.kind == "country":
                continue
            partners = self._list_after(rest[0], rest)
            if len(partners) < 2:
                continue
            subject = self._subject_before(s, s.start + intro.start())
            if subject is None:
                continue
            return [(subject, p.place, True) for p in partners if p.place.key != subject.key]
        return None

    def _side_by_side(self, s: Sentence) -> list[tuple[Candidate, Candidate, bool]]:
        distinct: list[Mention] = []
        named: list[Mention] = []
        for m in self.subs(self.parties(s)):
            if not self.is_venue(m) and not (named and named[-1].place.key == m.place.key):
                named.append(m)  # "Petaling Jaya City Council (MBPJ)": one mention of one place
        for m in named:
            if all(m.place.key != d.place.key for d in distinct):
                distinct.append(m)
        strong = self.strong(s)
        pairs: list[tuple[Candidate, Candidate, bool]] = []
        # "Ambon - Vlissingen dan Ambon - Darwin": a place written again heads its next pair.
        seq = named if len(distinct) < len(named) else distinct
        if seq is distinct and len(distinct) == 3:
            # "Kyoto dan New York Dijajaki Jadi Kota Kembar Ambon": two candidates of one side.
            for k in (0, 1):
                x, y = distinct[k], distinct[k + 1]
                z = distinct[2 - 2 * k]
                joined = _JOIN.match(self.text[x.end : y.start]) and not contains(x.place, z.place)
                if joined and z.place.country not in (x.place.country, y.place.country):
                    return [(z.place, x.place, True), (z.place, y.place, True)]
        for k, (x, y) in enumerate(itertools.pairwise(seq)):
            listed = k > 0 and re.fullmatch(
                r"\s*(?:\([^)]{1,40}\))?\s*,\s*", self.text[seq[k - 1].end : x.start]
            )
            joined = _JOIN.match(self.text[x.end : y.start]) and x.place.key != y.place.key
            if joined and (strong or self.has_cue(s)) and not listed:
                pairs.append((x.place, y.place, False))
        if pairs:
            return pairs
        if len(distinct) == 2 and strong:
            return [(distinct[0].place, distinct[1].place, False)]
        return []

    def _cue_near(self, text: str, pos: int) -> bool:
        window = text[max(0, pos - 160) : pos + 40]
        c = self.c
        if c.cooperation.search(window) or any(p.search(window) for p, _ in c.kinds):
            return True
        return self.twinning_topic and bool(c.topic.search(window))

    # --- numbered lists ----------------------------------------------------------------------
    def _items(self, s: Sentence) -> list[Sentence]:
        """List lines under a sentence that announces them ("Berikut daftar ...:")."""
        if not s.text.rstrip().endswith(":") or not self.has_cue(s):
            return []
        out: list[Sentence] = []
        numbered = False
        for j in range(s.index + 1, len(self.sentences)):  # by index: no copy of the rest
            nxt = self.sentences[j]
            if re.fullmatch(r"\d{1,2}[.)]?", nxt.text.strip()):
                numbered = True  # "1." cut from its item by the sentence splitter
                continue
            if not (numbered or _ITEM.match(nxt.text)) or len(nxt.text.split()) > 12:
                break
            out.append(nxt)
            numbered = False
        return out

    def _item_place(self, item: Sentence, subject: Candidate | None) -> Candidate | None:
        """The place of a list line; a head's title says its kind ("Bupati Solok" is the
        regency, "Wali Kota Solok" the city), and names a place no gazetteer lists."""
        title = self.title_kind.match(item.text)
        kind = self.c.title_kinds.get(fold(title.group(1))) if title else None
        places = self.subs(self.parties(item))
        rest = item.text[title.end() :].strip(" .,;") if title else ""
        country = places[0].place.country if places else (subject.country if subject else "")
        if places and title and places[0].start > item.start + title.end():
            places = []  # "Bupati Tanah Datar": the line's name is longer than the place found
        if places:
            place = places[0].place
            if kind and kind != place.kind and place.kind != "province":
                key = f"raw:{place.country}:{fold(place.short or place.name)}:{kind}"
                return replace(place, key=key, kind=kind, geonameid=None)
            return place
        if title is None or subject is None:
            return None
        name = rest
        if not re.fullmatch(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}", name):
            return None
        return Candidate(
            f"raw:{country}:{fold(name)}",
            name,
            kind or "city",
            country,
            None,
            0,
            False,
            False,
        )

    # --- the article ---------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        frames: dict[frozenset[str], Frame] = {}
        last: list[Frame] = []
        last_index = -10
        for s in self.sentences:
            if s.zone == "furniture":
                continue
            items = self._items(s)
            if items:
                self._add_items(frames, s, items)
                continue
            if not self.has_cue(s):
                follows = last and s.index == last_index + 1 and s.search(self.c.field_list)
                if follows and not self.subs(self.parties(s)):
                    for f in last:
                        f.linked.append(s.index)  # "Beberapa fokus utama meliputi ..."
                continue
            found = []
            for a, b, listed in self.pairs_in(s):
                if a.key == b.key or contains(a, b):
                    continue
                found.append(self._add(frames, a, b, s.index, listed))
            if found:
                # What a later sentence says of "the MoU" holds for every pair of this one
                # ("Jayapura with Vanimo and Wewak ... since its MoU was signed in 2015").
                last, last_index = found, s.index
                continue
            last, last_index = self._refer_back(frames, s, last, last_index)
        if self.national:
            # The border provinces of a national agreement are what it is about, not parties.
            return [f for f in frames.values() if self._local(f)]
        return list(frames.values())

    def _add_items(self, frames: dict[frozenset[str], Frame], s: Sentence, items: list[Sentence]) -> None:
        """The subject of a sentence that announces a list with the place of each line."""
        subject = self._subject_before(s, s.end)
        for item in items:
            place = self._item_place(item, subject)
            if subject is not None and place is not None and place.key != subject.key:
                f = self._add(frames, subject, place, s.index, True)
                f.sentences.append(item.index)

    def _refer_back(
        self, frames: dict[frozenset[str], Frame], s: Sentence, last: list[Frame], last_index: int
    ) -> tuple[list[Frame], int]:
        """A sentence with a cue and no pair of its own speaks of the pairs before it, or
        of the two places of the sentence before ("Kedua-dua bandar ..."); the pairs it
        leaves the next sentence to refer to, and the index it was last spoken of at."""
        subs = self.subs(self.parties(s))
        if not last or (not subs and s.search(self.c.reference) and s.index != last_index + 1):
            before = self._two_places_before(s)
            if before is not None:
                return [self._add(frames, before[0], before[1], s.index, False)], s.index
            return last, last_index
        places = {m.place.key for m in subs}
        if not places and s.search(self.c.generic) and self.strong(s):
            # "Sister city cooperation usually starts with an LoI": an explanation of
            # the institution, about no pair, nor are the sentences that carry it on.
            return [], last_index
        refers = bool(s.search(self.c.reference)) or s.index <= last_index + 2
        named = [f for f in last if places and places <= {f.a.key, f.b.key}]
        # A sentence that points back ("its MoU", "the agreement") speaks of every pair
        # of the sentence before; one that merely follows, of its first pair.
        group = last if s.search(self.c.reference) else last[:1]
        for f in named or (group if not places and refers else []):
            f.linked.append(s.index)
            last_index = s.index
        return last, last_index

    @staticmethod
    def _add(
        frames: dict[frozenset[str], Frame], a: Candidate, b: Candidate, index: int, listed: bool
    ) -> Frame:
        f = frames.setdefault(frozenset((a.key, b.key)), Frame(a, b, listed=listed))
        f.listed = f.listed and listed
        if index not in f.sentences:
            f.sentences.append(index)
        return f

    def _two_places_before(self, s: Sentence) -> tuple[Candidate, Candidate] | None:
        """ "Kedua-dua bandar merancang ...": the two places of the sentence before."""
        if not s.search(self.c.reference) or self.subs(self.parties(s)):
            return None
        for prev in reversed(self.sentences[max(0, s.index - 2) : s.index]):
            distinct: dict[str, Candidate] = {}
            for m in self.subs(self.parties(prev)):
                distinct.setdefault(m.place.key, m.place)
            if len(distinct) == 2:
                a, b = distinct.values()
                return None if contains(a, b) else (a, b)
        return None


def read_frames(text: str, sentences: list[Sentence], ctx: Context) -> list[Frame]:
    return merge_council_areas(FrameReader(text, sentences, ctx).frames())

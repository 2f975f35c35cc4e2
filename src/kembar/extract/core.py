"""Article text -> facts with evidence: partnerships, events, people and amounts.

The reading works sentence by sentence. Place mentions come from the gazetteer
(mentions.py); a sentence speaks of a partnership when it holds an agreement cue
(lexicon.py) and two subnational places stand in one of the shapes news uses:
"antara X dan Y" / "between X and Y", "X ... dengan Y" / "X ... with Y", "X dan Y",
or just the two of them around an instrument. A sentence with a cue but one place
(or none, and a reference such as "MoU tersebut", "kerja sama ini", "the agreement")
adds to the partnership last spoken of. Countries are never parties: an agreement
"dengan Kazakhstan" is national, not subnational. Status, instrument, kind, date and
fields are then read from the partnership's own sentences.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kembar.extract import lexicon as lx
from kembar.extract.dates import find_dates
from kembar.extract.mentions import Candidate, Mention, MentionIndex, mention_index
from kembar.text import fold

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Prof|Ir|Jl|No|Mr|Mrs|Ms|St|H|Hj|Drs|Plt|dll|dkk|dsb|M|S|A|vs|Sdr|Bpk)\.|\b[A-Z]\.)$"
)
_KIND = [(lx.rx(p), k) for p, k in lx.KIND_CUES]
_GENERIC = lx.rx(lx.GENERIC_COOPERATION)
_INSTRUMENT = [(lx.rx(p), k) for p, k in lx.INSTRUMENT_CUES]
_STATUS = [(lx.rx(p), k) for p, k in lx.STATUS_CUES]
_FIELD_LIST = lx.rx(lx.FIELD_LIST_CUES)
_FIELDS = {k: lx.rx(rf"\b(?:{p})") for k, p in lx.FIELD_TERMS.items()}
_EVENTS = [(lx.rx(p), k) for p, k in lx.EVENT_CUES]
_PLANNED_BEFORE = lx.rx(lx.PLANNED_BEFORE)
_NEGATION = lx.rx(lx.NEGATION_BEFORE)
_SIMILAR = lx.rx(r"\b(?:serupa|similar|the\s+same|sama\s+seperti|seumpama)\b")
_REFERENCE = lx.rx(
    r"\b(?:kerja\s*sama|kerjasama|mou|loi|nota\s+kesepahaman|perjanjian|kemitraan|kolaborasi)\s+"
    r"(?:ini|tersebut|itu|kali\s+ini)\b|\b(?:kedua\s+kota|kedua\s+daerah|kedua\s+provinsi|kedua\s+ibu\s*kota|"
    r"kedua\s+bandar|kedua-dua\s+(?:bandar|kota|negeri|pihak)|both\s+(?:cities|sides|provinces)|the\s+two\s+cities|this\s+(?:agreement|partnership|cooperation|mou|memorandum)|"
    r"the\s+(?:agreement|partnership|memorandum|mou|deal)|under\s+the|perjanjian\s+itu)\b"
)
_BETWEEN = lx.rx(r"\b(?:antara|between|among)\b")
_WITH = lx.rx(r"\b(?:dengan|with|bersama)\b")
_JOIN = re.compile(r"^\s*(?:\([^)]{1,40}\)\s*)?(?:,\s*)?(?:dan|dengan|and|with|&|serta|-|–|—)\s*$", re.I)
_LIST_GAP = re.compile(
    r"^\s*(?:(?:,|\bin\b|\bdi\b)\s*[^,.;]{1,25}?)?\s*(?:,|dan|and|serta|&|,\s*dan|,\s*and|,\s*serta)?\s*$",
    re.I,
)
_VENUE = lx.rx(r"\b(?:di|in|at)\s+((?:[A-Z][\w’'.-]*|dan|of|the)(?:[\s,]+(?:[A-Z][\w’'.-]*|of|the))*)")
_QUOTED = re.compile(r"[“\"]([^”\"]{4,160})[”\"]")
_LANG_WORDS = {
    "id": r"\b(?:yang|dan|dengan|untuk|tidak|adalah|akan|pada|dalam|kota|kerja|sama|telah|juga|ini|itu"
    r"|dari)\b",
    "ms": r"\b(?:yang|dan|dengan|untuk|tidak|ialah|akan|pada|dalam|bandar|kerajaan|kerana|daripada|telah"
    r"|juga|ini|itu|dari|beliau|menerusi|sebanyak)\b",
    "en": r"\b(?:the|and|of|to|with|for|is|was|will|has|that|this|city|between|signed)\b",
}
_MALAY_ONLY = re.compile(
    r"\b(?:ialah|kerana|daripada|bandar\s*raya|kerajaan\s+negeri|menerusi|beliau\s+berkata|sebanyak|turut|"
    r"memeterai|perjanjian\s+persefahaman|bandaraya|tiada|kemalangan|boleh|sahaja|mahupun|majlis|datuk\s+bandar|"
    r"peratus|bilion|jawatankuasa|bersetuju|dua\s+hala|ogos|disember|julai|seramai|pelancongan|kerjasama\s+dua)\b",
    re.I,
)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[pos : m.start()]
        if _ABBREV.search(piece.rstrip()) and "\n" not in m.group():
            continue
        if piece.strip():
            s = pos + len(piece) - len(piece.lstrip())
            out.append(Sentence(len(out), s, m.start(), text[s : m.start()].rstrip()))
        pos = m.end()
    if text[pos:].strip():
        s = pos + len(text[pos:]) - len(text[pos:].lstrip())
        out.append(Sentence(len(out), s, len(text), text[s:].rstrip()))
    for sentence in out:
        sentence.end = sentence.start + len(sentence.text)
    return out


def detect_language(text: str) -> str:
    sample = text[:6000]
    counts = {k: len(re.findall(p, sample, re.I)) for k, p in _LANG_WORDS.items()}
    if counts["en"] > max(counts["id"], counts["ms"]) * 1.2:
        return "en"
    malay = len(_MALAY_ONLY.findall(sample))
    return "ms" if malay >= 2 else "id"


@dataclass
class PairFacts:
    a: Candidate
    b: Candidate
    sentences: list[int] = field(default_factory=list)  # own sentences, in order
    linked: list[int] = field(default_factory=list)  # sentences that refer back to it


def _bare(m: Mention) -> str:
    """A mention's folded name without a trailing kind word ("Nairobi City County" -> "nairobi")."""
    name = fold(m.core or m.text)
    while True:
        stripped = re.sub(r" (?:city|county|province|regency|prefecture|state|metropolitan)$", "", name)
        if stripped == name or not stripped:
            return name
        name = stripped


_ORGANISATION = re.compile(
    r"\b(?:Otorita|Dinas|Badan|Biro|Kementerian|Kedutaan|KBRI|KJRI|Konsulat|Pemerintah|Pemprov|Pemkot|Pemkab|"
    r"Dewan|Majlis|DPRD|Sekretariat|Akimat|Maslikhat|Department|Ministry|Embassy|Council|Office|Bureau|Agency|"
    r"UNIDO|Kemlu|Kementerian)\b.*$"
)


def organisation_of(role: str | None) -> str | None:
    """The body a role belongs to, when the role names one ("Kepala Dinas Kominfo Kaltim"
    -> "Dinas Kominfo Kaltim"); None for a role held in a place ("Gubernur Astana")."""
    if not role:
        return None
    m = _ORGANISATION.search(role)
    return m.group(0).strip(" ,-") if m else None


def _admin_of(c: Candidate) -> str | None:
    return c.key[4:] if c.key.startswith("iso:") else c.admin


class Reader:
    """One article's reading. Call `run()`; results are plain dicts for JSON."""

    def __init__(self, text: str, published: date | None, index: MentionIndex) -> None:
        self.text = text
        self.published = published
        self.index = index
        self.sentences = split_sentences(text)
        self.language = detect_language(text)
        home = {"id": "ID", "ms": "MY"}.get(self.language)
        mentions = []
        for m in index.find(text):
            if not m.place.country:  # an unlisted place with no country said beside it
                if home is None:
                    continue
                m.place = replace(m.place, country=home, key=m.place.key.replace("raw:??", f"raw:{home}"))
            mentions.append(m)
        mentions = self._unify_namesakes(mentions)
        self.skip = self._datelines_and_appositives(text, mentions)
        self.surface: dict[str, Counter[str]] = defaultdict(Counter)
        for m in mentions:
            self.surface[m.place.key][m.core or m.text] += 1
        k = 0
        for s in self.sentences:
            while k < len(mentions) and mentions[k].start < s.end:
                if mentions[k].start >= s.start:
                    s.mentions.append(mentions[k])
                k += 1
        self.dates = find_dates(text, published)

    @staticmethod
    def _unify_namesakes(mentions: list[Mention]) -> list[Mention]:
        """One name in one country is one place per article: "Songkhla" the province in
        the headline and "Majlis Bandar Songkhla" the city in the text are the same party."""
        groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        places: dict[str, Candidate] = {}
        for m in mentions:
            if m.place.kind == "country":
                continue
            groups[(m.place.country, _bare(m))][m.place.key] += 2 if m.hint else 1
            places[m.place.key] = m.place
        for m in mentions:
            group = groups.get((m.place.country, _bare(m)))
            if group and len(group) > 1:
                m.place = places[group.most_common(1)[0][0]]
        return mentions

    @staticmethod
    def _datelines_and_appositives(text: str, mentions: list[Mention]) -> set[int]:
        """Starts of mentions that are not parties: a dateline ("SEMARANG - ...") and a
        region said beside a place ("Miami-Dade County, Florida,")."""
        skip = set()
        for k, m in enumerate(mentions):
            line_start = text.rfind("\n", 0, m.start) + 1
            dash = re.match(r"\s*(?:\([A-Za-z]+\)\s*)?[-–—]", text[m.end : m.end + 20])
            if (
                m.start == line_start
                and dash
                and (m.text.isupper() or re.match(r"\s*\(", text[m.end : m.end + 3]))
            ):
                skip.add(m.start)
            if k > 0 and m.place.kind in ("province", "country"):
                prev = mentions[k - 1]
                gap = text[prev.end : m.start]
                beside = re.fullmatch(r"\s*,\s*", gap) and prev.place.country == m.place.country
                if beside and m.place.kind == "province" and prev.place.kind not in ("province", "country"):
                    skip.add(m.start)
        return skip

    def name_for(self, c: Candidate) -> str:
        """The place's usual name when the article uses it, else the article's own form."""
        forms = self.surface.get(c.key)
        usual = c.short or c.name
        if not forms:
            return usual
        folded = {fold(f) for f in forms}
        if fold(usual) in folded or fold(c.name) in folded:
            return usual
        return forms.most_common(1)[0][0]

    # --- helpers -----------------------------------------------------------------------
    def _span(self, s: Sentence) -> dict[str, Any]:
        return {"start": s.start, "end": s.end, "quote": s.text}

    def _sub(self, ms: list[Mention]) -> list[Mention]:
        return [m for m in ms if m.place.kind != "country" and m.start not in self.skip]

    def _has_cue(self, s: Sentence) -> bool:
        return bool(_GENERIC.search(s.text) or any(p.search(s.text) for p, _ in _KIND))

    def _dominant_kind(self) -> str | None:
        counts: Counter[str] = Counter()
        for p, k in _KIND:
            counts[k] += len(p.findall(self.text))
        return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else None

    @staticmethod
    def _contains(a: Candidate, b: Candidate) -> bool:
        if a.country != b.country:
            return False
        return (a.kind == "province" and _admin_of(b) == _admin_of(a)) or (
            b.kind == "province" and _admin_of(a) == _admin_of(b)
        )

    # --- partnerships --------------------------------------------------------------------
    def _pairs_in(self, s: Sentence, anchor: Candidate | None) -> list[tuple[Candidate, Candidate]]:
        text, base = s.text, s.start
        ms = [m for m in s.mentions if m.start not in self.skip]
        subs = self._sub(ms)
        pairs: list[tuple[Candidate, Candidate]] = []

        def after(pos: int) -> list[Mention]:
            return [m for m in ms if m.start >= pos]

        # "antara X dan Y" / "between X and Y"
        for b in _BETWEEN.finditer(text):
            rest = after(base + b.end())
            if len(rest) >= 2 and rest[0].start - (base + b.end()) <= 25:
                x = rest[0]
                for y in rest[1:3]:
                    gap = self.text[x.end : y.start]
                    if _JOIN.match(gap) or re.match(
                        r"^\s*\([^)]*\)\s*(?:dan|dengan|and|with)\s*$", gap, re.I
                    ):
                        if x.place.kind != "country" and y.place.kind != "country":
                            pairs.append((x.place, y.place))
                        break
        if pairs:
            return pairs
        # "X ... dengan Y, Z dan W": the partners listed after "dengan"/"with".
        for w in _WITH.finditer(text):
            pos = base + w.end()
            rest = after(pos)
            if not rest or rest[0].start - pos > 40:
                continue
            if not self._has_cue_near(text, w.start()):
                continue
            if rest[0].place.kind == "country":
                return []  # an agreement with a country is national
            partners = [rest[0]]
            for m in rest[1:]:
                gap = self.text[partners[-1].end : m.start]
                if m.place.kind == "country" and _LIST_GAP.match(gap):
                    continue  # "Chungcheongnam-do, Korea Selatan, dan ..."
                if _LIST_GAP.match(gap) or re.match(
                    r"^\s*,\s*[^,.;]{1,25},\s*(?:dan|and|serta)?\s*$", gap, re.I
                ):
                    partners.append(m)
                else:
                    break
            before = [m for m in subs if m.end <= base + w.start()]
            subject = before[-1].place if before else anchor
            if subject is None:
                continue
            for p in partners:
                if p.place.kind != "country" and p.place.key != subject.key:
                    pairs.append((subject, p.place))
            if pairs:
                return pairs
        distinct: list[Mention] = []
        for m in subs:
            if all(m.place.key != d.place.key for d in distinct):
                distinct.append(m)
        strong = bool(any(p.search(text) for p, _ in _KIND) or any(p.search(text) for p, _ in _INSTRUMENT))
        # "X dan Y" side by side.
        for k, (x, y) in enumerate(itertools.pairwise(distinct)):
            listed = k > 0 and re.fullmatch(r"\s*,\s*", self.text[distinct[k - 1].end : x.start])
            if _JOIN.match(self.text[x.end : y.start]) and (strong or self._has_cue(s)) and not listed:
                pairs.append((x.place, y.place))
        if pairs:
            return pairs
        if len(distinct) == 2 and strong:
            return [(distinct[0].place, distinct[1].place)]
        return []

    @staticmethod
    def _has_cue_near(text: str, pos: int) -> bool:
        window = text[max(0, pos - 160) : pos + 40]
        return bool(_GENERIC.search(window) or any(p.search(window) for p, _ in _KIND))

    def _anchor(self) -> Candidate | None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        by_key: dict[str, Candidate] = {}
        for s in self.sentences:
            weight = 3 if s.index == 0 else (2 if self._has_cue(s) else 1)
            for m in self._sub(s.mentions):
                counts[m.place.key] += weight
                first.setdefault(m.place.key, m.start)
                by_key[m.place.key] = m.place
        if not counts:
            return None
        key = max(counts, key=lambda k: (counts[k], -first[k]))
        return by_key[key]

    def partnerships(self) -> list[dict[str, Any]]:
        anchor = self._anchor()
        pairs: dict[frozenset[str], PairFacts] = {}
        last: PairFacts | None = None
        last_index = -10
        for s in self.sentences:
            if not self._has_cue(s):
                if (
                    last is not None
                    and s.index == last_index + 1
                    and _FIELD_LIST.search(s.text)
                    and not self._sub(s.mentions)
                ):
                    last.linked.append(s.index)  # "Beberapa fokus utama meliputi ..."
                continue
            found = []
            for a, b in self._pairs_in(s, anchor):
                if a.key == b.key or self._contains(a, b):
                    continue
                key = frozenset((a.key, b.key))
                facts = pairs.setdefault(key, PairFacts(a, b))
                if s.index not in facts.sentences:
                    facts.sentences.append(s.index)
                found.append(facts)
            if found:
                last, last_index = found[0], s.index
                continue
            if last is None or (
                not self._sub(s.mentions) and _REFERENCE.search(s.text) and s.index != last_index + 1
            ):
                # "Kedua-dua bandar merancang ...": the two places of the sentence before.
                before = self._two_places_before(s)
                if before is not None and self._has_cue(s):
                    a, b = before
                    facts = pairs.setdefault(frozenset((a.key, b.key)), PairFacts(a, b))
                    facts.sentences.append(s.index)
                    last, last_index = facts, s.index
                continue
            places = {m.place.key for m in self._sub(s.mentions)}
            refers = bool(_REFERENCE.search(s.text)) or s.index <= last_index + 2
            if (places and places <= {last.a.key, last.b.key}) or (not places and refers):
                last.linked.append(s.index)
                last_index = s.index
        return [self._describe(f) for f in pairs.values()]

    @staticmethod
    def _statuses(text: str) -> list[str]:
        """Status cues of a sentence; a signing or renewal governed by a plan ("akan
        memperpanjang", "expected to be signed") is a plan, a negated one is nothing."""
        found = []
        for pattern, value in _STATUS:
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - 40) : m.start()]
                if value in ("signed", "renewed") and _NEGATION.search(before):
                    continue
                if value in ("signed", "renewed") and _PLANNED_BEFORE.search(before):
                    found.append("planned")
                    continue
                found.append(value)
        return found

    def _two_places_before(self, s: Sentence) -> tuple[Candidate, Candidate] | None:
        if not _REFERENCE.search(s.text) or self._sub(s.mentions):
            return None
        for prev in reversed(self.sentences[max(0, s.index - 2) : s.index]):
            distinct: dict[str, Candidate] = {}
            for m in self._sub(prev.mentions):
                distinct.setdefault(m.place.key, m.place)
            if len(distinct) == 2:
                a, b = distinct.values()
                return None if self._contains(a, b) else (a, b)
        return None

    def _describe(self, f: PairFacts) -> dict[str, Any]:
        own = [self.sentences[i] for i in f.sentences]
        linked = [self.sentences[i] for i in f.linked]
        every = sorted(own + linked, key=lambda s: s.index)
        # Status: the strongest cue in the pair's sentences.
        status, status_sentence = None, None
        for s in every:
            for value in self._statuses(s.text):
                if status is None or lx.STATUS_RANK[value] > lx.STATUS_RANK[status]:
                    status, status_sentence = value, s
        status = status or "existing"
        # Kind: explicit in its own sentences, then in linked ones, "serupa" = the article's kind.
        kind = None
        for group in (own, linked):
            for s in group:
                for pattern, value in _KIND:
                    if pattern.search(s.text):
                        kind = kind or value
            if kind:
                break
        if kind is None and any(_SIMILAR.search(s.text) for s in own):
            kind = self._dominant_kind()
        kind = kind or "cooperation"
        # Instrument: in the sentence that gave the status first, then anywhere of the pair.
        instrument = "unspecified"
        ordered = ([status_sentence] if status_sentence else []) + every
        hits = [v for s in ordered for p, v in _INSTRUMENT if p.search(s.text)]
        if hits:
            # A named LoI or MoU says more than the word "agreement" beside it.
            specific = [h for h in hits if h != "agreement"]
            instrument = hits[0] if hits[0] != "agreement" or not specific else specific[0]
        if status == "renewed" and instrument == "unspecified":
            instrument = "agreement"
        # Date: in the pair's sentences (the status sentence first); a signing without one
        # takes the article's dateline date.
        when = None
        for s in ordered:
            d = self._date_in(s)
            if d:
                when = d
                break
        if when is None and status in ("signed", "renewed"):
            # The date is often in the next sentence ("Hal ini bertepatan dengan ..., Senin
            # (3/7/2023)") or in the dateline.
            first = min(f.sentences)
            for s in self.sentences[max(0, first - 1) : first + 3]:
                when = self._date_in(s)
                if when:
                    break
        if status == "signed" and when and self._long_ago(when, own + linked):
            status = "existing"  # "formalised in 2014": background, not this article's news
        background = " ".join(s.text for s in own + linked)
        if (
            status == "existing"
            and when
            and not re.search(r"sejak|since|pada\s+tahun|in\s+\d{4}", background, re.I)
        ):
            when = None
        fields = self._fields(every)
        a, b = sorted((f.a, f.b), key=lambda c: c.country)
        return {
            "a": self._place_out(a),
            "b": self._place_out(b),
            "kind": kind,
            "instrument": instrument,
            "status": status,
            "date": when,
            "fields": fields,
            "evidence": [self._span(s) for s in every],
        }

    def _long_ago(self, when: str, sentences: list[Sentence]) -> bool:
        """A signing dated a year or more before publication is background, not news."""
        if self.published is not None:
            return int(when[:4]) < self.published.year - 1 or (
                len(when) >= 7 and (self.published - date(int(when[:4]), int(when[5:7]), 1)).days > 400
            )
        return len(when) == 4 and any(
            re.search(rf"(?:in|pada|tahun|sejak|since)\s+{when}", s.text, re.I) for s in sentences
        )

    def _place_out(self, c: Candidate) -> dict[str, Any]:
        return {
            "name": self.name_for(c),
            "country": c.country,
            "geonameid": c.geonameid,
            "kind": c.kind,
            "key": c.key,
            "resolved": not c.key.startswith("raw:"),
            "aliases": sorted({c.name, *(self.surface.get(c.key) or ())} - {self.name_for(c)}),
        }

    def _date_in(self, s: Sentence) -> str | None:
        for d in self.dates:
            if s.start <= d.start < s.end:
                return d.value
        return None

    def _fields(self, sentences: list[Sentence]) -> list[str]:
        found: list[str] = []
        for s in sentences:
            cue = _FIELD_LIST.search(s.text)
            if not cue:
                continue
            tail = s.text[cue.start() :]
            for key, pattern in _FIELDS.items():
                if pattern.search(tail) and key not in found:
                    found.append(key)
        return found

    # --- people ------------------------------------------------------------------------
    def people(self) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        title = re.compile(rf"\b(?:{lx.ROLE_TITLES})\b", re.I)
        word = re.compile(r"[\w’'.-]+")
        org_words = {
            "otorita",
            "dinas",
            "badan",
            "biro",
            "kominfo",
            "luar",
            "biasa",
            "berkuasa",
            "penuh",
            "republik",
            "republic",
            "negeri",
            "kerja",
            "sama",
            "multilateral",
            "kementerian",
            "ministry",
            "of",
            "the",
            "untuk",
            "dan",
            "and",
            "for",
            "ri",
            "umum",
            "pemerintahan",
            "kesra",
            "pemprov",
            "pemkot",
            "pemkab",
            "provinsi",
            "kota",
            "kabupaten",
            "city",
            "province",
            "affairs",
            "foreign",
            "jenderal",
            "besar",
            "lbbp",
            "dpmptsp",
            "pupr",
            "pera",
            "adpim",
            "disperindagkop",
            "ukm",
            "bappeda",
            "sekretariat",
            "daerah",
            "negara",
            "department",
            "office",
            "bureau",
            "agency",
            "ruang",
            "kantor",
            "gedung",
            "balai",
            "pengembangan",
            "infrastruktur",
            "wilayah",
            "perencanaan",
            "pembangunan",
            "economic",
            "analysis",
            "reporting",
            "planning",
            "budget",
            "architecture",
            "urban",
            "land",
            "akimat",
            "maslikhat",
            "municipal",
            "council",
            "dprd",
            "kbri",
            "kjri",
        }
        spans = [(m.start, m.end) for s in self.sentences for m in s.mentions]

        def in_place(pos: int) -> bool:
            return any(a <= pos < b for a, b in spans)

        for m in title.finditer(self.text):
            if not m.group()[0].isupper():
                continue
            pos = m.end()
            role_end = pos
            while True:
                w = word.match(self.text, pos + len(self.text[pos:]) - len(self.text[pos:].lstrip(" ")))
                if not w or "\n" in self.text[pos : w.start()]:
                    break
                token = w.group()
                if (
                    in_place(w.start())
                    or fold(token) in org_words
                    or (token.isupper() and len(token) <= 8 and len(token) > 1)
                ):
                    pos = role_end = w.end()
                    continue
                break
            rest = self.text[role_end:]
            name = re.match(
                rf"\s*,?\s*((?:{lx.HONORIFICS}\s+)?(?:[A-Z]\.?\s+)?[A-Z][a-z’'-]+(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.)){{0,3}})",
                rest,
            )
            if not name:
                continue
            person = name.group(1).strip()
            tokens = person.split()
            if len(tokens) < 2 or any(fold(t) in org_words for t in tokens):
                continue
            if any(in_place(role_end + name.start(1) + k) for k in (0,)):
                continue
            role = re.sub(r"\s+", " ", self.text[m.start() : role_end]).strip(" ,")
            key = fold(person)
            if key not in out:
                start = role_end + name.start(1)
                out[key] = {
                    "name": person,
                    "role": role,
                    "organisation": None,
                    "evidence": {
                        "start": m.start(),
                        "end": start + len(person),
                        "quote": self.text[m.start() : start + len(person)],
                    },
                }
        # "Name (Role ...)": delegations listed with their titles.
        for m in re.finditer(r"([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3})\s*\(([^()]{6,140})\)", self.text):
            person, role = m.group(1), m.group(2).strip()
            if not re.search(rf"\b(?:{lx.ROLE_TITLES}|Deputy|Head|Konsul|Consul)\b", role):
                continue
            if any(fold(t) in org_words for t in person.split()):
                continue
            key = fold(person)
            if key not in out:
                out[key] = {
                    "name": person,
                    "role": role,
                    "organisation": None,
                    "evidence": {"start": m.start(), "end": m.end(), "quote": m.group()},
                }
        # "Name Role-title ...": "Tri Tharyat Direktur Jenderal Kerja Sama Multilateral".
        for m in re.finditer(
            rf"\b([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{1,2}})\s+((?:{lx.ROLE_TITLES})(?:\s+[A-Z][\w-]*|\s+(?:RI|dan|untuk|of|the)){{1,8}})",
            self.text,
        ):
            person, role = m.group(1), m.group(2)
            if any(fold(t) in org_words for t in person.split()) or re.match(lx.ROLE_TITLES, person):
                continue
            if in_place(m.start()) or re.match(r"(?:Head|Deputy|Director|Secretary|President)\b", role):
                continue
            key = fold(person)
            if key not in out:
                out[key] = {
                    "name": person,
                    "role": role.strip(),
                    "organisation": None,
                    "evidence": {"start": m.start(), "end": m.end(), "quote": m.group()},
                }
        for person in out.values():
            person["organisation"] = organisation_of(person["role"])
        return sorted(out.values(), key=lambda p: p["evidence"]["start"])

    # --- events --------------------------------------------------------------------------
    def events(
        self, partnerships: list[dict[str, Any]], people: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []

        def people_in(s: Sentence) -> list[dict[str, str]]:
            # Named in the sentence, in full or by the last part of the name ("Pramono Anung").
            found = []
            for p in people:
                here = s.start <= p["evidence"]["end"] and p["evidence"]["start"] < s.end
                if (
                    here
                    or p["name"] in s.text
                    or (
                        len(p["name"].split()[-1]) > 3
                        and re.search(rf"\b{re.escape(p['name'].split()[-1])}\b", s.text)
                    )
                ):
                    found.append({"name": p["name"], "role": p["role"]})
            return found

        for p in partnerships:
            if p["status"] not in ("signed", "renewed"):
                continue
            signing = [s for s in self.sentences if any(e["start"] == s.start for e in p["evidence"])]
            signing = [
                s for s in signing if _STATUS[1][0].search(s.text) or _STATUS[0][0].search(s.text)
            ] or signing
            venue = None
            participants: list[dict[str, str]] = []
            for s in signing:
                v = _VENUE.search(s.text)
                if v and venue is None:
                    venue = v.group(1).strip(" ,.")
                for person in people_in(s):
                    if person not in participants:
                        participants.append(person)
            out.append(
                {
                    "type": "signing",
                    "date": p["date"],
                    "place": venue,
                    "title": None,
                    "partnership": [p["a"]["name"], p["b"]["name"]],
                    "participants": participants,
                    "speakers": None,
                    "participants_count": None,
                    "fields": p["fields"],
                    "status": "held",
                    "evidence": [{"start": s.start, "end": s.end, "quote": s.text} for s in signing],
                }
            )
        seen_types: dict[str, dict[str, Any]] = {}
        for s in self.sentences:
            for pattern, kind in _EVENTS:
                if not pattern.search(s.text):
                    continue
                if kind == "visit" and any(
                    e["type"] in ("business_meeting", "workshop") for e in seen_types.values()
                ):
                    break
                if kind == "exchange" and _FIELD_LIST.search(s.text):
                    continue
                planned = bool(
                    re.search(r"\b(?:akan|will|berencana|plans?\s+to|dalam\s+waktu\s+dekat)\b", s.text, re.I)
                )
                date_here = self._date_in(s)
                ev = seen_types.get(kind)
                if (
                    ev is not None
                    and planned
                    and ev["status"] == "held"
                    and date_here
                    and date_here != ev["date"]
                ):
                    ev = None  # a later, planned edition ("... di Wina, pada Oktober 2024")
                    kind_key = f"{kind}:planned"
                else:
                    kind_key = kind
                    ev = seen_types.get(kind_key, ev)
                if ev is None:
                    v = _VENUE.search(s.text)
                    q = _QUOTED.search(s.text)
                    ev = {
                        "type": kind,
                        "date": self._date_in(s),
                        "place": v.group(1).strip(" ,.") if v else None,
                        "title": q.group(1) if q else None,
                        "partnership": None,
                        "participants": [],
                        "speakers": None,
                        "participants_count": None,
                        "fields": [],
                        "status": "planned" if planned else "held",
                        "evidence": [],
                    }
                    seen_types[kind_key] = ev
                    out.append(ev)
                ev["evidence"].append({"start": s.start, "end": s.end, "quote": s.text})
                ev["date"] = ev["date"] or self._date_in(s)
                for person in people_in(s):
                    if person not in ev["participants"]:
                        ev["participants"].append(person)
                for label, pattern_text in lx.COUNT_CUES.items():
                    c = re.search(pattern_text, s.text, re.I)
                    if c:
                        key = "speakers" if label == "speakers" else "participants_count"
                        ev[key] = ev[key] or int(c.group(1))
                if _FIELD_LIST.search(s.text):
                    for f in self._fields([s]):
                        if f not in ev["fields"]:
                            ev["fields"].append(f)
                break
        # Delegation lists in the next sentences join the meeting they follow.
        for ev in out:
            if ev["type"] in ("business_meeting", "visit", "workshop"):
                last = max((e["end"] for e in ev["evidence"]), default=0)
                for s in self.sentences:
                    if s.start >= last and re.search(
                        r"dihadiri|hadir|rombongan|delegasi|attended|delegation|accompanied", s.text, re.I
                    ):
                        for person in people_in(s):
                            if person not in ev["participants"]:
                                ev["participants"].append(person)
        return out

    # --- amounts ---------------------------------------------------------------------------
    def amounts(self) -> list[dict[str, Any]]:
        out = []
        money = re.compile(
            r"(US\$|USD|Rp\.?|IDR|RM|MYR|€|EUR|S\$|SGD|A\$|AUD|£|GBP|¥|JPY|\$)\s?(\d[\d.,]*)\s*"
            r"(juta|jt|miliar|milyar|triliun|ribu|million|billion|trillion|thousand|bilion|bn|mn|[MBTmbk])?\b",
        )
        for s in self.sentences:
            for m in money.finditer(s.text):
                currency = lx.CURRENCIES.get(m.group(1).lower().rstrip("."), m.group(1))
                value = self._number(m.group(2))
                if value is None:
                    continue
                mult_word = (m.group(3) or "").lower()
                if mult_word == "m" and currency == "IDR":
                    mult = 1e9  # "Rp164 M": miliar
                elif mult_word == "k":
                    mult = 1e3
                else:
                    mult = lx.MULTIPLIERS.get(mult_word, 1.0)
                change = self._change(s.text, m.start())
                period = self._period(s.text)
                parties = sorted({mm.place.country for mm in s.mentions if mm.place.kind == "country"})
                if len(parties) < 2:
                    # "Tahun lalu, omzet perdagangan ... US$174,2 juta": the article's two countries.
                    parties = self._main_countries() or parties
                out.append(
                    {
                        "value": round(value * mult, 2),
                        "currency": currency,
                        "text": m.group(0).strip(),
                        "period": period,
                        "change": change,
                        "parties": parties,
                        "evidence": {"start": s.start + m.start(), "end": s.start + m.end(), "quote": s.text},
                    }
                )
        return out

    def _main_countries(self) -> list[str]:
        counts = Counter(
            m.place.country for s in self.sentences for m in s.mentions if m.place.kind == "country"
        )
        top = [c for c, _ in counts.most_common(2)]
        return sorted(top) if len(top) == 2 else []

    def _article_countries(self) -> set[str]:
        return {m.place.country for s in self.sentences for m in s.mentions if m.place.kind == "country"}

    def _number(self, raw: str) -> float | None:
        raw = raw.rstrip(".,")
        if self.language in ("id", "ms") and not re.search(r"\.\d{1,2}$", raw):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
        try:
            return float(raw)
        except ValueError:
            return None

    @staticmethod
    def _change(text: str, near: int) -> dict[str, Any] | None:
        for m in re.finditer(
            rf"({lx.CHANGE_UP}|{lx.CHANGE_DOWN})[^.;]{{0,40}}?(\d+(?:[.,]\d+)?)\s*(persen|%|percent|per\s+cent)",
            text,
            re.I,
        ):
            sign = -1 if re.match(lx.CHANGE_DOWN, m.group(1), re.I) else 1
            return {
                "value": sign * float(m.group(2).replace(",", ".")),
                "unit": "percent",
                "text": m.group(0),
            }
        return None

    def _period(self, text: str) -> str | None:
        months = "|".join(lx.MONTHS)
        m = re.search(rf"\b({months})\s*[-–]\s*({months})\s+(\d{{4}})\b", text, re.I)
        if m:
            a, b, y = lx.MONTHS[m.group(1).lower()], lx.MONTHS[m.group(2).lower()], m.group(3)
            return f"{y}-{a:02d}/{y}-{b:02d}"
        if re.search(r"\btahun\s+lalu\b|\blast\s+year\b|\btahun\s+lepas\b", text, re.I):
            return str(self.published.year - 1) if self.published else "last year"
        m = re.search(r"\b(?:pada|tahun|in|during|sepanjang)\s+(\d{4})\b", text, re.I)
        return m.group(1) if m else None

    # --- all -----------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        partnerships = self.partnerships()
        people = self.people()
        return {
            "language": self.language,
            "title": self.sentences[0].text[:300] if self.sentences else None,
            "published": self.published.isoformat() if self.published else None,
            "partnerships": partnerships,
            "events": self.events(partnerships, people),
            "people": people,
            "amounts": self.amounts(),
            "places": self._places(),
        }

    def _places(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for s in self.sentences:
            for m in s.mentions:
                entry = seen.setdefault(
                    m.place.key,
                    {
                        "name": m.place.name,
                        "country": m.place.country,
                        "kind": m.place.kind,
                        "geonameid": m.place.geonameid,
                        "key": m.place.key,
                        "mentions": [],
                    },
                )
                entry["mentions"].append({"start": m.start, "end": m.end, "text": m.text})
        return list(seen.values())


def extract(text: str, published: date | None = None, index: MentionIndex | None = None) -> dict[str, Any]:
    """Read one article's plain text."""
    return Reader(text, published, index or mention_index()).run()

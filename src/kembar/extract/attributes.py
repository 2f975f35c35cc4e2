"""Stage 6, attributes: kind, instrument, status, date, validity, number and fields of
each partnership, read from the sentences of its frame.

- Status: the strongest cue of the pair's sentences; a signing governed by a plan
  ("akan menandatangani", "expected to be signed") is a plan, a negated one nothing;
  an item of a list of partners is background ("existing") unless its own sentence
  says otherwise.
- Kind: what the pair's own sentences call it, then the linked ones; friendship only
  where the text says friendship.
- Date: the signing date only, from the sentence that gave the status, else near the
  first one; never a validity end ("berlaku hingga 14 Mei 2030"), and a relative day
  only for a signing. A signing a year or more before publication is background.
- Validity: "valid until" dates and terms in years ("runs for five years").
- Number: the document's number when the text gives one ("Nomor 12/2023").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from kembar.extract.dates import DateHit, names_unread_day
from kembar.extract.fields import fields_of, tied_fields
from kembar.extract.frames import Frame
from kembar.extract.lexicon import STATUS_RANK, cues, finditer_lowered, lowered, per_article, search_lowered
from kembar.extract.sentences import Sentence

_NUMBER = re.compile(r"\b(?:nomor|nombor|no\.|number)\s*:?\s*([A-Z0-9][A-Z0-9./-]{2,40}[A-Z0-9])", re.I)
# An agreement named as a document, not "a cooperation agreement" in general.
_NAMED_AGREEMENT = re.compile(
    r"\b(?:agreement\s+(?:on|of)\s+the|sister[\s-]+city\s+agreement|twinning\s+agreement|charter|pact|"
    r"perjanjian\s+kerja\s*sama|\bpks\b|naskah|pernyataan\s+bersama|perjanjian\s+(?:persefahaman|bandar))",
    re.I,
)
# What a tie is made into ("meningkatkan kerja sama ... menjadi provinsi kembar").
_INTO = re.compile(r"\b(?:menjadi|into|to\s+become)\b", re.I)
_SINCE = re.compile(r"sejak|since|pada\s+tahun|in\s+\d{4}|established|founded|dating", re.I)


# How far after a list a sentence may report its signing.
AFTER_LIST = 40
# A signing this many days before publication is background ("signed in April").
BACKGROUND_DAYS = 45
# A day this close before publication, said in the body, is the day the news happened.
NEWS_DAYS = 7


@dataclass
class Attributes:
    kind: str
    instrument: str
    status: str
    date: str | None
    fields: list[str]
    valid_until: str | None
    term_years: int | None
    number: str | None
    status_sentence: Sentence | None


@per_article
def statuses(text: str) -> tuple[str, ...]:
    """Status cues of a sentence, in order (cached: every stage asks about the same ones)."""
    return tuple(_statuses(text))


def _statuses(text: str) -> list[str]:
    c = cues()
    found = []
    low = lowered(text)
    for pattern, value in c.statuses:
        first = search_lowered(pattern, text, low)
        if first is None:
            continue  # most sentences hold no cue of most statuses
        for m in finditer_lowered(pattern, text, low, first.start()):  # none starts before the first
            before = text[max(0, m.start() - 40) : m.start()]
            if value in ("signed", "renewed") and c.negation_before.search(before):
                continue
            if value in ("signed", "renewed") and c.planned_before.search(before):
                found.append("planned")
                continue
            found.append(value)
    return found


def planned_instrument(text: str) -> bool:
    """A signing or renewal still to come ("intend to renew", "would be signed")."""
    c = cues()
    for pattern, value in c.statuses:
        if value in ("signed", "renewed"):
            for m in pattern.finditer(text):
                if c.planned_before.search(text[max(0, m.start() - 40) : m.start()]):
                    return True
    return False


class AttributeReader:
    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        dates: list[DateHit],
        published: date | None,
        dateline: tuple[int, int] | None = None,
    ) -> None:
        self.text = text
        self.sentences = sentences
        # The dateline's date is the filing day, never a signing's.
        self.dates = [d for d in dates if dateline is None or not dateline[0] <= d.start < dateline[1]]
        self.published = published
        self.c = cues()
        headline = next((s for s in sentences if s.zone == "headline"), None)
        found = statuses(headline.text) if headline else []
        # A pair whose own sentences are silent takes what the headline says happened.
        self.headline_status = max(found, key=lambda v: STATUS_RANK[v]) if found else None
        self.headline_places = {m.place.key for m in headline.mentions} if headline else set()
        self.lead_sentence: int | None = None
        counts = {
            kind: sum(s.kind_labels[n] for s in sentences if s.zone != "furniture")
            for n, (_, kind) in enumerate(self.c.kinds)
        }
        top = max(counts, key=lambda k: counts[k]) if counts else None
        self.dominant_kind = top if top and counts[top] >= 2 else None
        self.news_starts: list[int] = []
        self.statuses: dict[int, tuple[str, Sentence | None]] = {}
        self.reference = cues().reference
        self.field_sentences: list[Sentence] = []
        self._field_indexes: list[int] = []
        # Pairs of a long article share thousands of sentences: each is searched once.
        self._searched: dict[tuple[int, int], re.Match[str] | None] = {}
        self._validity_spans = [
            (m.start(), m.end() + 40) for m in finditer_lowered(self.c.validity_until, text, lowered(text))
        ]
        self._validity_starts = [a for a, _ in self._validity_spans]
        self._date_starts = [d.start for d in self.dates]
        self.lead_signings = [
            s
            for s in sentences[:12]
            if s.zone == "body" and any(v in ("signed", "renewed") for v in statuses(s.text))
        ][:2]

    def _in_validity(self, pos: int) -> bool:
        k = bisect.bisect_right(self._validity_starts, pos) - 1
        return k >= 0 and pos < self._validity_spans[k][1]

    def date_in(self, s: Sentence, relative: bool = True, since: bool = True) -> str | None:
        """The first date of a sentence; without `since`, not one that starts a tie
        ("since 2011"): a sentence that only refers back to a signing dates another tie so."""
        k = bisect.bisect_left(self._date_starts, s.start)
        for j in range(k, len(self.dates)):  # by index: no copy of the rest of a long list
            d = self.dates[j]
            if d.start >= s.end:
                break
            if not self._in_validity(d.start):
                if d.relative and not relative:
                    continue
                if not since and self.c.since_before.search(self.text[max(0, d.start - 20) : d.start]):
                    continue
                return d.value
        return None

    def prepare(self, frames: list[Frame], reference: re.Pattern[str]) -> None:
        """What the article says for all its pairs: each pair's status, where each news
        pair's part starts, and which sentences list fields of the cooperation."""
        c = self.c
        self.reference = reference
        self.lead_sentence = min(frames[0].sentences) if frames and frames[0].sentences else None
        self.statuses = {id(f): self._status(f) for f in frames}
        self.news_starts = sorted({min(f.sentences) for f in frames if not (f.listed and f.background)})
        self.field_sentences = []
        for s in self.sentences:
            found = fields_of([s]) if s.zone != "furniture" else []
            if not found:
                continue
            # "cultural exchanges": a field said as the kind of a tie is the cooperation's.
            cue = s.search(c.cooperation) or any(s.search(p) for p, _ in c.kinds) or tied_fields(s.text)
            follows = self.field_sentences and self.field_sentences[-1].index == s.index - 1
            if cue or s.search(reference) or follows or len(found) >= 3:
                self.field_sentences.append(s)
        self._field_indexes = [s.index for s in self.field_sentences]

    def _status(self, f: Frame) -> tuple[str, Sentence | None]:
        own = [self.sentences[i] for i in f.sentences]
        every = sorted(own + [self.sentences[i] for i in f.linked], key=lambda s: s.index)
        status, status_sentence = None, None
        # The pair's own sentences speak first, with those that name it again ("both
        # cities", "kerja sama ini"); the rest of what refers back only when they are silent.
        named = own + [self.sentences[i] for i in f.linked if self.reference.search(self.sentences[i].text)]
        for s in named if any(statuses(s.text) for s in named) else every:
            for value in self._cues_for(s, f):
                if status is None or STATUS_RANK[value] > STATUS_RANK[status]:
                    status, status_sentence = value, s
                elif value == status and self._later(s, status_sentence):
                    status_sentence = s  # of two signings of one pair, the latest stands
        if f.listed and not any(statuses(s.text) for s in own):
            status, status_sentence = self._signing_after(max(f.sentences), {f.a.key, f.b.key})
        if status is None and not f.listed and self._headline_speaks_of(f):
            status = self.headline_status
        status = "planned" if status == "hoped" else (status or "existing")
        f.background = status == "existing"
        return status, status_sentence

    @staticmethod
    def _cues_for(s: Sentence, f: Frame) -> tuple[str, ...]:
        """The sentence's status cues for the pair. A tie the sentence makes into this pair's
        ("meningkatkan kerja sama Padang-Hildesheim menjadi provinsi kembar, yaitu Sumbar
        dengan Lower Saxony", "upgrade the Busan-Surabaya tie into one between East Java
        and Busan") is what exists: its cue of an existing tie is not this pair's."""
        found = statuses(s.text)
        into = _INTO.search(s.text) if "existing" in found else None
        if into is None or "existing" not in statuses(s.text[: into.start()]):
            return found
        cut = s.start + into.end()
        pair = (f.a.key, f.b.key)
        after = {m.place.key for m in s.mentions if m.start >= cut}
        other_before = any(
            m.start < cut and m.place.key not in pair and m.place.kind != "country" for m in s.mentions
        )
        if set(pair) <= after and other_before:
            return tuple(v for v in found if v != "existing")
        return found

    def _headline_speaks_of(self, f: Frame) -> bool:
        """The headline's news is that of the pairs of the article's first sentence about a
        pair, or of a pair it names whole, not of another pair cited as an example."""
        return self.lead_sentence in f.sentences or {f.a.key, f.b.key} <= self.headline_places

    def _signing_after(self, index: int, parties: set[str]) -> tuple[str | None, Sentence | None]:
        """A list's silent items take a later sentence that refers back to "the
        cooperation" and reports it signed ("Pada kesempatan penandatanganan kerja sama itu")."""
        for s in self.sentences[index + 1 : index + 1 + AFTER_LIST]:
            others = [m for m in s.mentions if m.place.kind != "country" and m.place.key not in parties]
            if s.zone == "furniture" or others:
                continue
            found = statuses(s.text)
            if s.search(self.reference) and any(v in ("signed", "renewed") for v in found):
                return max(found, key=lambda v: STATUS_RANK[v]), s
        return None, None

    def read(self, f: Frame) -> Attributes:
        own = [self.sentences[i] for i in f.sentences]
        linked = [self.sentences[i] for i in f.linked]
        every = sorted(own + linked, key=lambda s: s.index)
        status, status_sentence = self.statuses.get(id(f)) or self._status(f)
        kind = self._kind(own, linked, status_sentence)
        instrument = self._instrument(status, status_sentence, every)
        when = self._date(status, status_sentence, every, f)
        background = False
        if status == "signed" and when and self._long_ago(when, every):
            status, background = "existing", True  # "signed in April": background, not this news
            mine = {s.index for s in own}
            if any(planned_instrument(s.text) for s in every if s.index in mine or s.search(self.reference)):
                status, when = "planned", None  # "first signed in 1985 ... intend to renew it"
        if (
            status == "existing"
            and when
            and not background
            and not _SINCE.search(" ".join(s.text for s in every))
            and not self._dated_here(when, own)
        ):
            when = None
        valid_until, term = self._validity(every)
        return Attributes(
            kind=kind,
            instrument=instrument,
            status=status,
            date=when,
            fields=fields_of(self._field_source(f, own, every, status)),
            valid_until=valid_until,
            term_years=term,
            number=self._number(every),
            status_sentence=status_sentence,
        )

    def _dated_here(self, when: str, own: list[Sentence]) -> bool:
        """An existing tie whose own sentence gives the full day it began ("Pada 16 Disember
        1986, Seremban dan Bukit Tinggi telah diisytiharkan ...") keeps that date."""
        return len(when) == 10 and any(self.date_in(s, relative=False) == when for s in own)

    def _later(self, s: Sentence, than: Sentence | None) -> bool:
        mine, theirs = self.date_in(s, relative=False), than and self.date_in(than, relative=False)
        return bool(mine and len(mine) == 10 and (not theirs or mine > theirs))

    def _field_source(
        self, f: Frame, own: list[Sentence], every: list[Sentence], status: str
    ) -> list[Sentence]:
        """Where a pair's fields are read: its sentences and the article's field lists; for
        a tie already in place, not what someone merely hopes it will do next."""
        found = every + self._field_sentences(f)
        if status == "existing":
            mine = {s.index for s in own}  # a set: a pair of a long article has thousands
            found = [s for s in found if s.index in mine or not {"hoped", "planned"} & set(statuses(s.text))]
        return found

    def _field_sentences(self, f: Frame) -> list[Sentence]:
        """Sentences elsewhere in the article that list what the cooperation covers,
        given to the pairs that are the article's news (not a list of background ties):
        all of them when one pair is the news, else those up to the next pair's part."""
        if f.listed and f.background:
            return []
        first = min(f.sentences)
        later = [i for i in self.news_starts if i > first]
        end = min(later) if later else len(self.sentences)
        if len(self.news_starts) <= 1:
            first, end = 0, len(self.sentences)
        parties = {f.a.key, f.b.key, f"country:{f.a.country}", f"country:{f.b.country}"}
        lo = bisect.bisect_left(self._field_indexes, first)
        hi = bisect.bisect_left(self._field_indexes, end)
        # A sentence that names other places lists their fields, not this pair's.
        return [s for s in self.field_sentences[lo:hi] if all(m.place.key in parties for m in s.mentions)]

    def _kind(self, own: list[Sentence], linked: list[Sentence], first: Sentence | None) -> str:
        for group in ([first] if first else [], own):
            for s in group:
                for pattern, value in self.c.kinds:
                    if s.search(pattern):
                        return value
        # "The relationship with Linyi" in an article about sister cities is one of them;
        # a named agreement or "kerja sama" without a twinning label is cooperation.
        if self.dominant_kind and not any(s.search(self.c.cooperation) for s in own):
            return self.dominant_kind
        if self.dominant_kind and any(s.search(self.c.similar) for s in own):
            return self.dominant_kind  # "hubungan serupa": the kind the article speaks of
        return "cooperation"

    def _instrument(self, status: str, status_sentence: Sentence | None, every: list[Sentence]) -> str:
        ordered = ([status_sentence] if status_sentence else []) + every
        instrument = "unspecified"
        for s in ordered:
            hits = [v for p, v in self.c.instruments if self._search(p, s)]
            if hits:
                # A named LoI or MoU says more than the word "agreement" beside it.
                specific = [h for h in hits if h != "agreement"]
                instrument = specific[0] if specific else hits[0]
                break
        if instrument == "agreement" and not any(s.search(_NAMED_AGREEMENT) for s in ordered):
            # "exploring a cooperation agreement ... an MoU is expected": the MoU is the document.
            specific = [v for s in ordered for p, v in self.c.instruments if v != "agreement" and s.search(p)]
            instrument = specific[0] if specific else instrument
        if status == "renewed" and instrument == "unspecified":
            instrument = "agreement"
        return instrument

    def _date(
        self, status: str, status_sentence: Sentence | None, every: list[Sentence], f: Frame
    ) -> str | None:
        """The signing date: in the sentence that reports the signing (a relative day
        only there), then around the pair's first sentence, then in its other sentences
        that plan nothing; a plan has no date yet. The most precise writing of it wins."""
        if status == "planned":
            return None
        signing = status in ("signed", "renewed")
        if (
            signing
            and status_sentence
            and self.date_in(status_sentence) is None
            and names_unread_day(status_sentence.text)
        ):
            # "signed on Monday" with no date for the article: the day is unknown, and no
            # other date of the text (another agreement's, a visit's) stands for it.
            return None
        first = min(f.sentences)
        nearby = self.sentences[max(0, first - 1) : first + 3] if signing else []
        others = [s for s in every if not signing or not self._plans(s)]
        tries = [(status_sentence, True)] if status_sentence else []
        tries += [(s, False) for s in nearby + others]
        if signing:
            tries += [(s, True) for s in self.lead_signings]
        when = next(
            (
                d
                for s, rel in tries
                if s is not None
                for d in [self.date_in(s, rel, since=not signing or s.index in f.sentences)]
                if d and not self._future(d)
            ),
            None,
        )
        if when is None and signing:
            when = self._news_day()
        if when:
            for s in every + nearby:
                for d in self._dates_between(s.start, s.end):
                    if len(d.value) > len(when) and d.value.startswith(when):
                        when = d.value
        return when

    def _news_day(self) -> str | None:
        """A signing the article reports without dating it happened on the day its news
        happened: the first full date of the body within a week before publication
        ("... kata Herry Zudianto, Sabtu (25/10)")."""
        if self.published is None:
            return None
        body = {s.index for s in self.sentences if s.zone == "body"}
        for s in self.sentences:
            if s.index not in body:
                continue
            for d in self._dates_between(s.start, s.end):
                if len(d.value) != 10 or self._in_validity(d.start):
                    continue
                days = (self.published - date.fromisoformat(d.value)).days
                if 0 <= days <= NEWS_DAYS:
                    return d.value
        return None

    def _dates_between(self, start: int, end: int) -> list[DateHit]:
        """The dates that start in [start, end), found by binary search."""
        lo = bisect.bisect_left(self._date_starts, start)
        hi = bisect.bisect_left(self._date_starts, end)
        return self.dates[lo:hi]

    def _future(self, when: str) -> bool:
        """A date after publication ("dijadwalkan pada 2009") is no signing's."""
        return self.published is not None and when[:7] > self.published.isoformat()[: len(when[:7])]

    def _plans(self, s: Sentence) -> bool:
        found = statuses(s.text)
        return "planned" in found and not {"signed", "renewed"} & set(found)

    def _long_ago(self, when: str, sentences: list[Sentence]) -> bool:
        """A signing dated months before publication is background, not this article's news."""
        if self.published is not None:
            if len(when) == 4:
                return int(when) < self.published.year
            day = date(int(when[:4]), int(when[5:7]), int(when[8:10]) if len(when) == 10 else 28)
            return (self.published - day).days > BACKGROUND_DAYS
        return len(when) == 4 and any(
            re.search(rf"(?:in|pada|tahun|sejak|since)\s+{when}", s.text, re.I) for s in sentences
        )

    def _search(self, pattern: re.Pattern[str], s: Sentence) -> re.Match[str] | None:
        key = (id(pattern), s.index)
        if key not in self._searched:
            self._searched[key] = s.search(pattern)
        return self._searched[key]

    def _validity(self, sentences: list[Sentence]) -> tuple[str | None, int | None]:
        until, term = None, None
        for s in sentences:
            if until is not None and term is not None:
                break
            m = self._search(self.c.validity_until, s) if until is None else None
            if m:
                after = self._dates_between(s.start + m.end(), s.start + m.end() + 40)
                until = after[0].value if after else None
            for pattern in self.c.term_years if term is None else ():
                t = self._search(pattern, s)
                if t and term is None:
                    word = t.group(1).lower()
                    term = int(word) if word.isdigit() else self.c.number_words.get(word)
        return until, term

    @staticmethod
    def _number(sentences: list[Sentence]) -> str | None:
        for s in sentences:
            m = s.search(_NUMBER)
            if m and re.search(r"\d", m.group(1)):
                return m.group(1)
        return None

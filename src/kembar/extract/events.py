"""Stage 7b, events: signings, visits, business meetings, workshops and exchanges.

A signing is reported for every partnership signed or renewed in the article; its
place is the venue ("di Semarang", "in Kunming", or the dateline's place), never a
party. Other events come from the lexicons' event cues, one per type (a later,
planned edition of a held one is its own event), with the people named in their
sentences and counts of speakers and participants.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from kembar.extract.fields import fields_of
from kembar.extract.lexicon import cue_finder, cues
from kembar.extract.model import (
    EventFact,
    Participant,
    PartnershipFact,
    PersonFact,
    Span,
)
from kembar.extract.resolve import Context
from kembar.extract.sentences import Sentence

# How many sentences after an event may list its delegation.
FOLLOWING = 4
_QUOTED = re.compile(r"[“\"]([^”\"]{4,160})[”\"]")
_ATTEND = re.compile(r"dihadiri|hadir|rombongan|delegasi|attended|delegation|accompanied|turut", re.I)


def _span(s: Sentence) -> Span:
    return Span(start=s.start, end=s.end, quote=s.text)


class EventReader:
    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        people: list[PersonFact],
        ctx: Context,
        date_in: Callable[[Sentence], str | None],
    ) -> None:
        self.date_in = date_in
        self.text = text
        self.sentences = sentences
        # Where each sentence starts, in order: a pair's or an event's sentences are found
        # by position, not by a pass over all of a long article's sentences for each.
        self.starts = [s.start for s in sentences]
        self.people = people
        self.ctx = ctx
        c = cues()
        self.c = c
        self.venue_before = re.compile(rf"\b(?:{c.venue})\s+(?:the\s+)?$", re.I)
        self.planned = re.compile(r"\b(?:akan|will|berencana|plans?\s+to|bakal|dijadwalkan|dijangka)\b", re.I)
        # People by the words of their names, so that a sentence looks up only its own words.
        self.by_word: dict[str, list[PersonFact]] = {}
        for p in people:
            last = p.name.split()[-1]
            if len(last) > 3:
                self.by_word.setdefault(last, []).append(p)
            self.by_word.setdefault(p.name.split()[0], []).append(p)

    def _at(self, starts: list[int]) -> list[int]:
        """The indexes of the sentences that start at these positions (sorted)."""
        found = []
        for start in starts:
            k = bisect.bisect_left(self.starts, start)
            if k < len(self.starts) and self.starts[k] == start:
                found.append(k)
        return found

    def venue(self, s: Sentence) -> str | None:
        """The place a sentence puts its event in: a mention after a venue word."""
        for m in s.mentions:
            if self.venue_before.search(self.text[max(0, m.start - 20) : m.start]):
                return m.core or m.text
        return None

    def people_in(self, s: Sentence) -> list[Participant]:
        """People named in a sentence, in full or by the last part of the name, in the
        order their words first appear in it (never a set's order: that varies with the
        hash seed from one run to the next)."""
        found: list[Participant] = []
        for word in dict.fromkeys(re.findall(r"[\w’'-]+", s.text)):
            for p in self.by_word.get(word, ()):
                last = p.name.split()[-1]
                here = s.start <= p.evidence.end and p.evidence.start < s.end
                if here or p.name in s.text or (word == last and len(last) > 3):
                    person = Participant(name=p.name, role=p.role)
                    if person not in found:
                        found.append(person)
        return found

    def signings(self, partnerships: list[PartnershipFact]) -> list[EventFact]:
        out = []
        signed_rx = [p for p, v in self.c.statuses if v in ("signed", "renewed")]
        dateline_place = self.ctx.dateline_place
        for p in partnerships:
            if p.status not in ("signed", "renewed"):
                continue
            starts = {e.start for e in p.evidence}
            own = [self.sentences[k] for k in self._at(sorted(starts))]
            signing = [s for s in own if any(s.search(r) for r in signed_rx)] or own
            venue = next((v for v in (self.venue(s) for s in signing) if v), None) or dateline_place
            participants: list[Participant] = []
            for s in signing:
                for person in self.people_in(s):
                    if person not in participants:
                        participants.append(person)
            out.append(
                EventFact(
                    type="signing",
                    date=p.date,
                    place=venue,
                    partnership=[p.a.name, p.b.name],
                    participants=participants,
                    fields=list(p.fields),
                    status="held",
                    evidence=[_span(s) for s in signing],
                )
            )
        return out

    def others(self) -> list[EventFact]:
        out: list[EventFact] = []
        seen: dict[str, EventFact] = {}
        # Most sentences name no event: one search of the strings they all need says so.
        any_event = cue_finder(p for p, _ in self.c.events)
        for s in self.sentences:
            if s.zone == "furniture":
                continue
            if any_event is not None and s.low is not None and any_event.search(s.low) is None:
                continue
            self._event_in(s, seen, out)
        self._join_delegations(out)
        return out

    def _event_in(self, s: Sentence, seen: dict[str, EventFact], out: list[EventFact]) -> None:
        """The first kind of event a sentence names: a new event, or more of one seen."""
        for pattern, kind in self.c.events:
            if not s.search(pattern):
                continue
            if kind == "visit" and any(e.type in ("business_meeting", "workshop") for e in seen.values()):
                return
            if kind == "exchange" and s.search(self.c.field_list):
                continue
            planned = bool(s.search(self.planned))
            date_here = self.date_in(s)
            ev = seen.get(kind)
            key = kind
            if ev is not None and planned and ev.status == "held" and date_here and date_here != ev.date:
                ev, key = None, f"{kind}:planned"  # a later, planned edition
            else:
                ev = seen.get(key, ev)
            if ev is None:
                q = s.search(_QUOTED)
                ev = EventFact(
                    type=kind,
                    date=date_here,
                    place=self.venue(s),
                    title=q.group(1) if q else None,
                    status="planned" if planned else "held",
                )
                seen[key] = ev
                out.append(ev)
            self._extend(ev, s)
            return

    def _join_delegations(self, out: list[EventFact]) -> None:
        """Delegation lists in the next sentences join the meeting they follow."""
        for ev in out:
            if ev.type in ("business_meeting", "visit", "workshop"):
                last = max((e.end for e in ev.evidence), default=0)
                first = bisect.bisect_left(self.starts, last)
                after = self.sentences[first : first + FOLLOWING]
                for s in after:
                    if s.search(_ATTEND):
                        for person in self.people_in(s):
                            if person not in ev.participants:
                                ev.participants.append(person)

    def _extend(self, ev: EventFact, s: Sentence) -> None:
        ev.evidence.append(_span(s))
        ev.date = ev.date or self.date_in(s)
        for person in self.people_in(s):
            if person not in ev.participants:
                ev.participants.append(person)
        for label, pattern in self.c.counts.items():
            found = s.search(pattern)
            if found:
                if label == "speakers":
                    ev.speakers = ev.speakers or int(found.group(1))
                else:
                    ev.participants_count = ev.participants_count or int(found.group(1))
        if s.search(self.c.field_list):
            for f in fields_of([s]):
                if f not in ev.fields:
                    ev.fields.append(f)


def find_events(
    text: str,
    sentences: list[Sentence],
    people: list[PersonFact],
    partnerships: list[PartnershipFact],
    ctx: Context,
    date_in: Callable[[Sentence], str | None],
) -> list[EventFact]:
    reader = EventReader(text, sentences, people, ctx, date_in)
    return reader.signings(partnerships) + reader.others()

"""Article text -> `Extraction`, through the named stages, in order:

    language   which lexicon reads the text (none: nothing is guessed)
    clean      page furniture, headline, dateline            (clean.py)
    sentences  sentences with their zone                     (sentences.py)
    mentions   place names that read as places               (mentions.py)
    resolve    the place each mention means, in context      (resolve.py)
    frames     who partners whom, and in which sentences     (frames.py)
    described  "the city" a sentence points back to; a partner the headline
               describes ("Chinese province")                 (described.py)
    attributes kind, instrument, status, date, validity ...  (attributes.py)
    people, events, amounts                                  (people.py, events.py, amounts.py)

Each stage is a function of the stages before it; none keeps state between articles.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from kembar.extract.amounts import find_amounts
from kembar.extract.attributes import AttributeReader
from kembar.extract.clean import layout
from kembar.extract.dates import dateline_day, find_dates
from kembar.extract.described import described_frames, name_anaphors
from kembar.extract.events import find_events
from kembar.extract.frames import Frame, read_frames
from kembar.extract.language import UNSUPPORTED, detect_language
from kembar.extract.lexicon import cues, forget_article
from kembar.extract.mentions import Candidate, Mention, MentionIndex, mention_index
from kembar.extract.model import Extraction, PartnershipFact, PlaceMention, PlaceRef, PlaceSeen, Span
from kembar.extract.people import find_people, inside_names
from kembar.extract.resolve import resolve
from kembar.extract.sentences import Sentence, split_sentences
from kembar.text import fold


def extract(text: str, published: date | None = None, index: MentionIndex | None = None) -> Extraction:
    """Read one article's plain text."""
    try:
        with _collector_paused():
            return _extract(text, published, index)
    finally:
        forget_article()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading makes a great many small objects that live as long as the reading, and
    no cycles worth collecting on the way: the collector's passes over them cost a tenth
    of the time of a long article. Whoever paused it first starts it again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _extract(text: str, published: date | None, index: MentionIndex | None) -> Extraction:
    language = detect_language(text)
    if language is None:
        return Extraction(language=None, published=_iso(published), notice=UNSUPPORTED)
    index = index or mention_index()
    page = layout(text)
    sentences = split_sentences(text, page)
    mentions = index.find(text, language)
    mentions, ctx = resolve(text, language, mentions, index, page, sentences)
    day = dateline_day(page.dateline.date_text if page.dateline else None, published)
    dates = find_dates(text, published, day)
    names = _Names(mentions)
    dateline = (page.dateline.start, page.dateline.end) if page.dateline else None
    attributes = AttributeReader(text, sentences, dates, published, dateline)
    people = find_people(text, sentences)
    ctx.not_party |= inside_names(text, people, mentions)
    name_anaphors(sentences, ctx)
    frames = read_frames(text, sentences, ctx)
    frames += described_frames(sentences, frames, ctx)
    attributes.prepare(frames, cues().reference)
    partnerships = _partnerships(frames, attributes, names, sentences)
    return Extraction(
        language=language,
        title=_title(sentences),
        published=_iso(published),
        partnerships=partnerships,
        events=find_events(text, sentences, people, partnerships, ctx, attributes.date_in),
        people=people,
        amounts=find_amounts(sentences, language, published),
        places=_places(mentions),
    )


def _partnerships(
    frames: list[Frame], attributes: AttributeReader, names: _Names, sentences: list[Sentence]
) -> list[PartnershipFact]:
    """One partnership a frame, with what the article says of it."""
    partnerships = []
    for frame in frames:
        attr = attributes.read(frame)
        a, b = sorted((frame.a, frame.b), key=lambda c: c.country)
        every = sorted(set(frame.sentences) | set(frame.linked))
        partnerships.append(
            PartnershipFact(
                a=names.ref(a),
                b=names.ref(b),
                kind=attr.kind,  # type: ignore[arg-type]
                instrument=attr.instrument,  # type: ignore[arg-type]
                status=attr.status,  # type: ignore[arg-type]
                date=attr.date,
                fields=attr.fields,
                valid_until=attr.valid_until,
                term_years=attr.term_years,
                number=attr.number,
                evidence=[_span(sentences[i]) for i in every],
            )
        )
    return partnerships


def _title(sentences: list[Sentence]) -> str | None:
    """The headline, else the first sentence that is no page furniture."""
    headline = next((s for s in sentences if s.zone == "headline"), None)
    first = headline or next((s for s in sentences if s.zone != "furniture"), None)
    return first.text[:300] if first else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _span(s: Sentence) -> Span:
    return Span(start=s.start, end=s.end, quote=s.text)


_KIND_WORDS = frozenset(
    {"kota", "kabupaten", "provinsi", "bandar", "bandaraya", "city", "province", "prefektur"}
)


class _Names:
    """The name to print for a place: the form the article writes, the fullest one when
    it writes the gazetteer's name ("Chungcheongnam-do", not a cut form)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.surface: dict[str, Counter[str]] = defaultdict(Counter)
        for m in mentions:
            if m.misspelt:
                continue  # "Los Angles" is read as Los Angeles, and printed so
            if not (m.core.isupper() and len(m.core) <= 6 and m.place.key.startswith(("gn:", "iso:", "x:"))):
                self.surface[m.place.key][m.core or m.text] += 1

    def name_for(self, c: Candidate) -> str:
        forms = self.surface.get(c.key)
        if forms:
            # "Kota Bandung" is written; "Bandung" is the name.
            official = {fold(c.name), fold(c.short or c.name)}
            bare: Counter[str] = Counter()
            for form, n in forms.items():
                head, _, rest = form.partition(" ")
                bare[rest if rest and fold(head) in _KIND_WORDS and fold(rest) in official else form] += n
            forms = bare
        if not forms:
            return c.short or c.name
        official = {fold(c.name), fold(c.short or c.name)}
        written = [f for f in forms if fold(f) in official]
        # Capitals are a headline's or a dateline's typography, not the name's.
        if written:
            return max(written, key=lambda f: (not f.isupper(), len(f)))
        return max(forms, key=lambda f: (not f.isupper(), forms[f], len(f)))

    def ref(self, c: Candidate) -> PlaceRef:
        name = self.name_for(c)
        return PlaceRef(
            name=name,
            country=c.country,
            geonameid=c.geonameid,
            kind=c.kind,
            key=c.key,
            resolved=not c.key.startswith("raw:"),
            aliases=sorted({c.name, *(self.surface.get(c.key) or ())} - {name}),
        )


def _places(mentions: list[Mention]) -> list[PlaceSeen]:
    seen: dict[str, PlaceSeen] = {}
    for m in mentions:
        entry = seen.setdefault(
            m.place.key,
            PlaceSeen(
                name=m.place.name,
                country=m.place.country,
                kind=m.place.kind,
                geonameid=m.place.geonameid,
                key=m.place.key,
            ),
        )
        entry.mentions.append(PlaceMention(start=m.start, end=m.end, text=m.text))
    return list(seen.values())

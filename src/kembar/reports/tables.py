"""The tables of an export: one per entity (partnerships, instruments, activities, and
contacts for signed-in readers) of a selection of partnerships, labelled in the reader's
language. A full date is a `date` (a date cell in a workbook); a date known only to the
year or month stays text, since a spreadsheet has no partial dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kembar.config import Settings
from kembar.db.models import Activity, Instrument, Partnership, Place
from kembar.db.registry import Contact
from kembar.lifecycle.facets import Filters
from kembar.lifecycle.procedure import next_step, reached_of, reached_words
from kembar.lifecycle.reminders import partnership_url
from kembar.lifecycle.status import explain, first_known, instrument_status, load_facts, partnership_status
from kembar.lifecycle.words import Words
from kembar.permissions import Actor, can_read_contacts

Value = str | int | float | date | None


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    link_column: int | None = None  # a column of URLs, written as links


def cell_date(iso: str | None) -> Value:
    """A full ISO date as a date; a partial one (YYYY, YYYY-MM) as its text."""
    if not iso:
        return None
    if len(iso) == 10:
        try:
            return date.fromisoformat(iso)
        except ValueError:
            return iso
    return iso


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _ours_first(p: Partnership, f: Filters) -> tuple[Place, Place]:
    """Both places, the one the filters chose first (the country's, the region's, the
    place itself), so that a country's export lists its own places in one column."""
    a, b = p.parties  # else in the order they were recorded

    def chosen(x: Place) -> bool:
        return (
            (f.place is not None and x.id == f.place)
            or (f.country is not None and x.country_code == f.country)
            or (f.region is not None and x.admin_code == f.region)
            or (f.places is not None and x.id in f.places)
        )

    return (b, a) if chosen(b) and not chosen(a) else (a, b)


def _place_cells(w: Words, x: Place) -> list[Value]:
    return [x.name, w.t.country(x.country_code), x.admin_name or x.admin_code]


def _load(session: Session, ids: list[int]) -> dict[int, Partnership]:
    found: dict[int, Partnership] = {}
    for chunk in _chunks(ids):
        for p in session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(chunk))
            .options(
                selectinload(Partnership.place_a),
                selectinload(Partnership.place_b),
                selectinload(Partnership.fields),
                selectinload(Partnership.instruments).selectinload(Instrument.documents),
                selectinload(Partnership.documents),
                selectinload(Partnership.steps),
            )
        ):
            found[p.id] = p
    return found


PARTNERSHIP_COLUMNS = (
    "col.id",
    "col.place_a",
    "col.country_a",
    "col.region_a",
    "col.place_b",
    "col.country_b",
    "col.region_b",
    "col.kind",
    "col.stage",
    "col.status",
    "col.reason",
    "col.first_date",
    "col.latest_date",
    "col.fields",
    "col.next_step",
    "col.documents",
    "col.page",
)


def _next_step_cells(w: Words, p: Partnership) -> list[Value]:
    step = next_step(p)
    if step is None:
        return [None, None]
    needs = [
        f"{w.t.label('purpose', d.purpose)} ({w('doc.attached') if d.attached else w('doc.missing')})"
        for d in step.documents
    ]
    return [w.t.label("stage", step.stage), "; ".join(needs) or None]


def partnerships_sheet(
    session: Session, settings: Settings, w: Words, found: dict[int, Partnership], f: Filters, today: date
) -> Sheet:
    sheet = Sheet(w("sheet.partnerships"), [w(c) for c in PARTNERSHIP_COLUMNS], link_column=16)
    facts = load_facts(session, list(found))
    for pid, p in found.items():
        status = partnership_status(facts[pid], today, settings.quiet_years, settings.dormant_years)
        ours, theirs = _ours_first(p, f)
        sheet.rows.append(
            [
                pid,
                *_place_cells(w, ours),
                *_place_cells(w, theirs),
                w.t.label("kind", p.kind),
                reached_words(reached_of(p), w.lang),
                w.t.label("partnership_status", status.key),
                explain(status.reason, w.lang),
                cell_date(first_known(p.first_date, [(i.signed_on, i.status) for i in p.instruments])),
                cell_date(p.latest_date),
                ", ".join(sorted(w.t.label("field", x.field_key) for x in p.fields)) or None,
                *_next_step_cells(w, p),
                partnership_url(settings, pid),
            ]
        )
    return sheet


INSTRUMENT_COLUMNS = (
    "col.partnership",
    "col.place_a",
    "col.place_b",
    "col.type",
    "col.number",
    "col.title",
    "col.instrument_status",
    "col.signed_on",
    "col.signed_at",
    "col.valid_from",
    "col.valid_until",
    "col.validity",
    "col.reason",
)


def instruments_sheet(
    settings: Settings, w: Words, found: dict[int, Partnership], f: Filters, today: date
) -> Sheet:
    sheet = Sheet(w("sheet.instruments"), [w(c) for c in INSTRUMENT_COLUMNS])
    for pid, p in found.items():
        ours, theirs = _ours_first(p, f)
        for i in sorted(p.instruments, key=lambda i: (i.signed_on or "", i.id)):
            validity = instrument_status(i, p.instruments, today, settings.expiring_days)
            sheet.rows.append(
                [
                    pid,
                    ours.name,
                    theirs.name,
                    w.t.label("instrument", i.type),
                    i.number,
                    i.title,
                    w.t.label("status", i.status),
                    cell_date(i.signed_on),
                    i.signed_at,
                    cell_date(i.valid_from),
                    cell_date(i.valid_until),
                    w.t.label("validity", validity.key),
                    explain(validity.reason, w.lang),
                ]
            )
    return sheet


ACTIVITY_COLUMNS = (
    "col.partnership",
    "col.place_a",
    "col.place_b",
    "col.type",
    "col.title",
    "col.date",
    "col.end_date",
    "col.held",
    "col.venue",
    "col.fields",
    "col.participants",
)


def _held(w: Words, status: str) -> str:
    """Held or planned, as the activity's form labels it ("Held", "Terlaksana")."""
    key = f"activity.status.{status}"
    return w.t(key) if w.t.has(key) else status


def activities_sheet(session: Session, w: Words, found: dict[int, Partnership], f: Filters) -> Sheet:
    sheet = Sheet(w("sheet.activities"), [w(c) for c in ACTIVITY_COLUMNS])
    for chunk in _chunks(list(found)):
        for a in session.scalars(
            select(Activity)
            .where(Activity.partnership_id.in_(chunk))
            .options(selectinload(Activity.fields))
            .order_by(Activity.partnership_id, Activity.date, Activity.id)
        ):
            assert a.partnership_id is not None
            ours, theirs = _ours_first(found[a.partnership_id], f)
            sheet.rows.append(
                [
                    a.partnership_id,
                    ours.name,
                    theirs.name,
                    w.t.label("activity", a.type),
                    a.title,
                    cell_date(a.date),
                    cell_date(a.end_date),
                    _held(w, a.status),
                    a.venue,
                    ", ".join(sorted(w.t.label("field", x.field_key) for x in a.fields)) or None,
                    a.participants_count,
                ]
            )
    return sheet


CONTACT_COLUMNS = (
    "col.partnership",
    "col.of",
    "col.name",
    "col.role",
    "col.office",
    "col.email",
    "col.phone",
)


def contacts_sheet(session: Session, w: Words, found: dict[int, Partnership], f: Filters) -> Sheet:
    """The focal points of the partnerships and of their places."""
    sheet = Sheet(w("sheet.contacts"), [w(c) for c in CONTACT_COLUMNS])
    places = {x.id: x for p in found.values() for x in (p.place_a, p.place_b)}
    contacts: dict[int, Contact] = {}
    for column, ids in ((Contact.partnership_id, list(found)), (Contact.place_id, list(places))):
        for chunk in _chunks(ids):
            contacts.update((c.id, c) for c in session.scalars(select(Contact).where(column.in_(chunk))))
    for c in sorted(contacts.values(), key=lambda c: (c.partnership_id is None, c.partnership_id, c.id)):
        if c.partnership_id is not None:
            ours, theirs = _ours_first(found[c.partnership_id], f)
            of: str | None = f"{ours.name} – {theirs.name}"
        else:
            of = places[c.place_id].name if c.place_id in places else None
        sheet.rows.append([c.partnership_id, of, c.name, c.role, c.office, c.email, c.phone])
    return sheet


def partnerships_table(
    session: Session, settings: Settings, ids: list[int], filters: Filters, lang: str
) -> Sheet:
    """The partnerships sheet alone (the list's CSV): the workbook's first sheet, its
    columns and labels."""
    found = _load(session, ids)
    return partnerships_sheet(session, settings, Words(lang), found, filters, date.today())


def sheets(
    session: Session,
    settings: Settings,
    ids: list[int],
    filters: Filters,
    lang: str,
    reader: Actor | None,
    today: date | None = None,
) -> list[Sheet]:
    """The export of these partnerships: partnerships, instruments, activities, contacts
    when the reader is signed in, and the sources of the data with their licences."""
    today = today or date.today()
    w = Words(lang)
    found = _load(session, ids)
    out = [
        partnerships_sheet(session, settings, w, found, filters, today),
        instruments_sheet(settings, w, found, filters, today),
        activities_sheet(session, w, found, filters),
    ]
    if can_read_contacts(reader):
        out.append(contacts_sheet(session, w, found, filters))
    out.append(Sheet(w("sheet.sources"), [w("column.source")], [[w.t("footer.data")]]))
    return out

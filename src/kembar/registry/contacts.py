"""Focal points of a partnership or of a place: name, role, office, email, phone. Shown to
signed-in users only (permissions.can_read_contacts)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.registry import Contact
from kembar.errors import InvalidInput, NotFoundIn
from kembar.permissions import Actor, can_read_contacts, require_edit_places, require_signed_in
from kembar.registry import common, partnerships
from kembar.registry.schemas import ContactCreate, ContactUpdate


def get(session: Session, contact_id: int) -> Contact:
    found = session.get(Contact, contact_id)
    if found is None:
        raise NotFoundIn("contact", contact_id)
    return found


def editable(session: Session, actor: Actor | None, contact_id: int) -> Contact:
    contact = get(session, contact_id)
    if contact.partnership_id is not None:
        partnerships.editable(session, actor, contact.partnership_id)
    elif contact.place_id is not None:
        require_edit_places(session, actor, [common.get_place(session, contact.place_id, "place")])
    return contact


def of_partnership(session: Session, actor: Actor | None, partnership_id: int) -> list[Contact]:
    """The partnership's contacts, for a signed-in reader; none for anyone else."""
    if not can_read_contacts(actor):
        return []
    return list(session.scalars(select(Contact).where(Contact.partnership_id == partnership_id)))


def of_place(session: Session, actor: Actor | None, place_id: int) -> list[Contact]:
    if not can_read_contacts(actor):
        return []
    return list(session.scalars(select(Contact).where(Contact.place_id == place_id)))


def add(
    session: Session,
    actor: Actor | None,
    data: ContactCreate,
    partnership_id: int | None = None,
    place_id: int | None = None,
) -> Contact:
    if (partnership_id is None) == (place_id is None):
        raise InvalidInput("a contact belongs to one partnership or one place")
    if partnership_id is not None:
        p = partnerships.editable(session, actor, partnership_id)
        where = common.pair(p)
    else:
        assert place_id is not None
        place = common.get_place(session, place_id, "place")
        require_edit_places(session, actor, [place])
        where = place.name
    who = require_signed_in(actor)
    common.start(session, who, "summary.contact.added", {"name": data.name, "where": where})
    contact = Contact(partnership_id=partnership_id, place_id=place_id, **data.model_dump())
    session.add(contact)
    session.flush()
    return contact


def update(
    session: Session, actor: Actor | None, contact_id: int, data: ContactUpdate, expected: int | None
) -> Contact:
    contact = editable(session, actor, contact_id)
    who = require_signed_in(actor)
    common.check_version(contact, expected, "the contact")
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput(
            "nothing to change: send at least one of " + ", ".join(ContactUpdate.model_fields),
            "form.nothing_changed",
        )
    common.start(session, who, "summary.contact.edited", {"name": contact.name})
    common.apply(contact, changes)
    common.flush(session, contact, "the contact", expected)
    return contact


def remove(session: Session, actor: Actor | None, contact_id: int, reason: str) -> None:
    contact = editable(session, actor, contact_id)
    who = require_signed_in(actor)
    common.start(session, who, "summary.contact.removed", {"name": contact.name}, reason or None)
    session.delete(contact)
    session.flush()

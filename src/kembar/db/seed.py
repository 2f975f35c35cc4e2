"""Rows every database holds: the field vocabulary, kept equal to kembar.vocab.FIELDS."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.models import Field


def fields_in_sync(session: Session) -> bool:
    """True when the fields table already equals the vocabulary (nothing to write)."""
    rows = {f.key: (f.label_en, f.label_id, f.description) for f in session.scalars(select(Field))}
    return rows == {t.key: (t.en, t.id, t.description) for t in vocab.FIELDS.values()}


def sync_fields(session: Session) -> None:
    existing = {f.key: f for f in session.scalars(select(Field))}
    for term in vocab.FIELDS.values():
        row = existing.get(term.key)
        if row is None:
            session.add(Field(key=term.key, label_en=term.en, label_id=term.id, description=term.description))
        else:
            row.label_en, row.label_id, row.description = term.en, term.id, term.description

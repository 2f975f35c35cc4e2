"""Alembic environment: run by kembar.db.storage with a live connection."""

from __future__ import annotations

from alembic import context

from kembar.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the storage module runs migrations
    raise RuntimeError("kembar migrations run through kembar.db.storage.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

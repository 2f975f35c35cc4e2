"""Change sets and stage notes said in the reader's language: the key of the interface's
sentence and its values (JSON) beside the English text kept for the API, the CLI and the
rows written before; and which party of a partnership was named first when it was
recorded (its ids are kept in ascending order).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("changesets", "summary_key", sa.String(length=64)),
    ("changesets", "summary_params", sa.Text()),
    ("stage_steps", "note_key", sa.String(length=64)),
    ("stage_steps", "note_params", sa.Text()),
)


def upgrade() -> None:
    for table, name, kind in COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=True))
    op.add_column(
        "partnerships",
        sa.Column("b_first", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ drops a column itself): a copy of the table, as batch
    # mode makes, would first delete the rows that hang on it (ON DELETE CASCADE).
    op.drop_column("partnerships", "b_first")
    for table, name, _ in reversed(COLUMNS):
        op.drop_column(table, name)

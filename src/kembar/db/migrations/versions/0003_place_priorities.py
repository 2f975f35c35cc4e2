"""Priorities a place declares: the fields of cooperation it wants partners for.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "place_priorities",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("field_key", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["field_key"], ["fields.key"]),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("place_id", "field_key"),
    )
    op.create_index("ix_place_priorities_field_key", "place_priorities", ["field_key"])


def downgrade() -> None:
    op.drop_index("ix_place_priorities_field_key", table_name="place_priorities")
    op.drop_table("place_priorities")

"""Seeking-partners profiles: what a place seeks in a partner (countries, world regions,
size, functions), what it is and offers, and a contact.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    ("seeking_countries", sa.String(length=400)),
    ("seeking_regions", sa.String(length=60)),
    ("seeking_size", sa.String(length=16)),
    ("seeking_functions", sa.String(length=200)),
    ("functions", sa.String(length=200)),
    ("offers", sa.String(length=400)),
    ("offers_note", sa.Text()),
    ("seeking_contact", sa.String(length=300)),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("places", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("places") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)

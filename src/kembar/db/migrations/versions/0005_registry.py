"""The working registry: a version on every editable row, stage steps, the instrument's
validity and number, documents, contacts, a place's "seeking partners" statement, who
decided a proposal, and the history of every change (change sets and their rows).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VERSIONED = ("places", "partnerships", "instruments", "activities")


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer(), nullable=False, server_default="1")


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy: on SQLite a batch drops and recreates the
    # table, and dropping `places` would cascade into every row that points at it.
    for table in VERSIONED:
        op.add_column(table, _version())
    op.add_column("places", sa.Column("seeking", sa.Text(), nullable=True))
    op.add_column("instruments", sa.Column("valid_from", sa.String(length=10), nullable=True))
    op.add_column("instruments", sa.Column("term_years", sa.Integer(), nullable=True))
    op.add_column("instruments", sa.Column("number", sa.String(length=120), nullable=True))
    op.add_column("instruments", sa.Column("note", sa.Text(), nullable=True))
    op.add_column("activities", sa.Column("end_date", sa.String(length=10), nullable=True))
    op.add_column("proposals", sa.Column("decided_by_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint to a table
        op.create_foreign_key(
            "fk_proposals_decided_by_id", "proposals", "users", ["decided_by_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "stage_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "partnership_id",
            sa.Integer(),
            sa.ForeignKey("partnerships.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("author", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_stage_steps_partnership_id", "stage_steps", ["partnership_id"])
    op.create_table(
        "changesets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "reverts_id", sa.Integer(), sa.ForeignKey("changesets.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column(
            "reverted_by_id", sa.Integer(), sa.ForeignKey("changesets.id", ondelete="SET NULL"), nullable=True
        ),
    )
    op.create_index("ix_changesets_at", "changesets", ["at"])
    op.create_index("ix_changesets_user_id", "changesets", ["user_id"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "changeset_id", sa.Integer(), sa.ForeignKey("changesets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("other_place_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_changes_changeset_id", "changes", ["changeset_id"])
    op.create_index("ix_changes_row", "changes", ["table_name", "row_key"])
    op.create_index("ix_changes_partnership", "changes", ["partnership_id"])
    op.create_index("ix_changes_place", "changes", ["place_id"])
    op.create_index("ix_changes_other_place", "changes", ["other_place_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "instrument_id", sa.Integer(), sa.ForeignKey("instruments.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column(
            "activity_id", sa.Integer(), sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column(
            "uploaded_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _version(),
    )
    op.create_index("ix_documents_instrument_id", "documents", ["instrument_id"])
    op.create_index("ix_documents_activity_id", "documents", ["activity_id"])
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "partnership_id",
            sa.Integer(),
            sa.ForeignKey("partnerships.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("place_id", sa.Integer(), sa.ForeignKey("places.id", ondelete="CASCADE"), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("office", sa.String(length=300), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        _version(),
    )
    op.create_index("ix_contacts_partnership_id", "contacts", ["partnership_id"])
    op.create_index("ix_contacts_place_id", "contacts", ["place_id"])


def downgrade() -> None:
    for table in ("contacts", "documents", "changes", "changesets", "stage_steps"):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_proposals_decided_by_id", "proposals", type_="foreignkey")
    op.drop_column("proposals", "decided_by_id")
    op.drop_column("activities", "end_date")
    for column in ("note", "number", "term_years", "valid_from"):
        op.drop_column("instruments", column)
    op.drop_column("places", "seeking")
    for table in VERSIONED:
        op.drop_column(table, "version")

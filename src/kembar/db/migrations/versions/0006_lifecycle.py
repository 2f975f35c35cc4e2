"""Partnerships over their life: documents of the procedure attached to a partnership
with their purpose, the reminders sent to each user, and each user's calendar feed.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("partnership_id", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("purpose", sa.String(length=32), nullable=True))
    op.create_index("ix_documents_partnership_id", "documents", ["partnership_id"])
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint to a table
        op.create_foreign_key(
            "fk_documents_partnership_id",
            "documents",
            "partnerships",
            ["partnership_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.add_column("users", sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_users_calendar_token_hash", "users", ["calendar_token_hash"], unique=True)
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.String(length=16), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "subject", "subject_id", "threshold", "due", name="uq_reminders_once"),
    )
    op.create_index("ix_reminders_user_id", "reminders", ["user_id"])


def downgrade() -> None:
    op.drop_table("reminders")
    op.drop_index("ix_users_calendar_token_hash", table_name="users")
    op.drop_column("users", "calendar_token_hash")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_documents_partnership_id", "documents", type_="foreignkey")
    op.drop_index("ix_documents_partnership_id", table_name="documents")
    op.drop_column("documents", "purpose")
    op.drop_column("documents", "partnership_id")

"""Initial schema: the whole domain (places, partnerships, instruments, activities, people, indicators, sources, evidence).

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "fields",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("label_id", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("norm", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_norm"), ["norm"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("admin_code", sa.String(length=12), nullable=True),
        sa.Column("admin_name", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.Column("coord_source", sa.String(length=32), nullable=True),
        sa.Column("partner_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind in ('country','province','regency','city')", name="ck_places_kind"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("geonameid"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_admin_code"), ["admin_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_country_code"), ["country_code"], unique=False)
        batch_op.create_index("ix_places_country_kind", ["country_code", "kind"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("published_on", sa.String(length=10), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("attribution", sa.Text(), nullable=True),
        sa.Column(
            "added_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("locator", sa.String(length=100), nullable=True),
        sa.Column("accepted_by", sa.String(length=100), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_evidence_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("norm", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_norm"), ["norm"], unique=False)

    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_a_id", sa.Integer(), nullable=False),
        sa.Column("place_b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=True),
        sa.Column("first_date", sa.String(length=10), nullable=True),
        sa.Column("latest_date", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("place_a_id < place_b_id", name="ck_partnerships_order"),
        sa.ForeignKeyConstraint(
            ["place_a_id"],
            ["places.id"],
        ),
        sa.ForeignKeyConstraint(
            ["place_b_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("place_a_id", "place_b_id", name="uq_partnerships_pair"),
    )
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnerships_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnerships_place_a_id"), ["place_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnerships_place_b_id"), ["place_b_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnerships_stage"), ["stage"], unique=False)

    op.create_table(
        "place_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("norm", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("place_id", "name", name="uq_place_names_place_name"),
    )
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_names_norm"), ["norm"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_names_place_id"), ["place_id"], unique=False)

    op.create_table(
        "place_tags",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("place_id", "tag"),
    )
    with op.batch_alter_table("place_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("speakers_count", sa.Integer(), nullable=True),
        sa.Column("participants_count", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("party_a_id", sa.Integer(), nullable=True),
        sa.Column("party_b_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.String(length=10), nullable=True),
        sa.Column("period_end", sa.String(length=10), nullable=True),
        sa.Column("period_label", sa.String(length=100), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("change_value", sa.Float(), nullable=True),
        sa.Column("change_unit", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["party_a_id"],
            ["places.id"],
        ),
        sa.ForeignKeyConstraint(
            ["party_b_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_party_a_id"), ["party_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicators_party_b_id"), ["party_b_id"], unique=False)

    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("signed_on", sa.String(length=10), nullable=True),
        sa.Column("signed_at_place_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.String(length=300), nullable=True),
        sa.Column("valid_until", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["signed_at_place_id"],
            ["places.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instruments_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "partnership_fields",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("field_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["field_key"],
            ["fields.key"],
        ),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnerships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partnership_id", "field_key"),
    )
    with op.batch_alter_table("partnership_fields", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnership_fields_field_key"), ["field_key"], unique=False)

    op.create_table(
        "activity_fields",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("field_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["field_key"],
            ["fields.key"],
        ),
        sa.PrimaryKeyConstraint("activity_id", "field_key"),
    )
    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participations_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participations_person_id"), ["person_id"], unique=False)

    op.create_table(
        "signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of_place_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["instrument_id"], ["instruments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["on_behalf_of_place_id"],
            ["places.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signatories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signatories_instrument_id"), ["instrument_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("signatories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatories_instrument_id"))

    op.drop_table("signatories")
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participations_person_id"))
        batch_op.drop_index(batch_op.f("ix_participations_activity_id"))

    op.drop_table("participations")
    op.drop_table("activity_fields")
    with op.batch_alter_table("partnership_fields", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_fields_field_key"))

    op.drop_table("partnership_fields")
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruments_partnership_id"))

    op.drop_table("instruments")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_party_b_id"))
        batch_op.drop_index(batch_op.f("ix_indicators_party_a_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_activities_date"))

    op.drop_table("activities")
    with op.batch_alter_table("place_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_tags_tag"))

    op.drop_table("place_tags")
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_names_place_id"))
        batch_op.drop_index(batch_op.f("ix_place_names_norm"))

    op.drop_table("place_names")
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnerships_stage"))
        batch_op.drop_index(batch_op.f("ix_partnerships_place_b_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_place_a_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_kind"))

    op.drop_table("partnerships")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_norm"))

    op.drop_table("organisations")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_subject")
        batch_op.drop_index(batch_op.f("ix_evidence_source_id"))

    op.drop_table("evidence")
    op.drop_table("sources")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index("ix_places_country_kind")
        batch_op.drop_index(batch_op.f("ix_places_country_code"))
        batch_op.drop_index(batch_op.f("ix_places_admin_code"))

    op.drop_table("places")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_norm"))

    op.drop_table("people")
    op.drop_table("meta")
    op.drop_table("fields")

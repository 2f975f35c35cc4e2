"""ORM models of the whole domain.

Dates that news reports with partial precision ("2023", "Oktober 2024") are kept as
ISO strings of 4, 7 or 10 characters (YYYY, YYYY-MM, YYYY-MM-DD).

Every fact row (partnership, instrument, activity, participation, indicator, place)
can be pointed at by Evidence rows: a source and the span of its text that supports
the fact.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

if TYPE_CHECKING:
    from kembar.db.registry import Contact, Document


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the database itself (e.g. which atlas it was built from)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (
        CheckConstraint("kind in ('country','province','regency','city')", name="ck_places_kind"),
        Index("ix_places_country_kind", "country_code", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable natural key: gn:<geonameid>, iso:<ISO 3166-2>, country:<ISO 3166-1>, x:<curated>,
    # raw:<country>:<folded name>[:n] for places no gazetteer lists.
    key: Mapped[str] = mapped_column(String(250), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    # ISO 3166-2 code of the place itself (provinces) or of its region, when known.
    admin_code: Mapped[str | None] = mapped_column(String(12), index=True)
    admin_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer, unique=True)
    # How the place was resolved: geonames, iso3166, curated, or unresolved (file data only).
    resolution: Mapped[str] = mapped_column(String(16), default="unresolved")
    coord_source: Mapped[str | None] = mapped_column(String(32))
    partner_count: Mapped[int] = mapped_column(Integer, default=0)
    # What the place says it looks for in a partner, in its officers' words.
    seeking: Mapped[str | None] = mapped_column(Text)
    # The rest of its "seeking partners" profile (kembar/seeking.py reads it): lists are
    # comma-separated keys of the vocabulary (vocab.WORLD_REGIONS, FUNCTIONS, FIELDS) or
    # ISO 3166-1 codes, checked by registry/schemas.py before they are stored.
    seeking_countries: Mapped[str | None] = mapped_column(String(400))
    seeking_regions: Mapped[str | None] = mapped_column(String(60))
    seeking_size: Mapped[str | None] = mapped_column(String(16))
    seeking_functions: Mapped[str | None] = mapped_column(String(200))  # what it seeks in a partner
    functions: Mapped[str | None] = mapped_column(String(200))  # what it says it is
    offers: Mapped[str | None] = mapped_column(String(400))  # fields it can offer a partner
    offers_note: Mapped[str | None] = mapped_column(Text)
    seeking_contact: Mapped[str | None] = mapped_column(String(300))  # office, person or e-mail
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    names: Mapped[list[PlaceName]] = relationship(back_populates="place", cascade="all, delete-orphan")
    tags: Mapped[list[PlaceTag]] = relationship(back_populates="place", cascade="all, delete-orphan")

    @property
    def resolved(self) -> bool:
        return self.resolution != "unresolved"


class PlaceName(Base):
    """Every name a place goes by: official, alternate, exonym, abbreviation, dataset spelling."""

    __tablename__ = "place_names"
    __table_args__ = (UniqueConstraint("place_id", "name", name="uq_place_names_place_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    norm: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="alternate")
    lang: Mapped[str | None] = mapped_column(String(8))

    place: Mapped[Place] = relationship(back_populates="names")


class PlaceTag(Base):
    __tablename__ = "place_tags"
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    place: Mapped[Place] = relationship(back_populates="tags")


class PlacePriority(Base):
    """A field of cooperation a place declares it wants partners for (its own priorities,
    e.g. flood management for a delta city), optionally with the source that says so."""

    __tablename__ = "place_priorities"
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), primary_key=True)
    field_key: Mapped[str] = mapped_column(ForeignKey("fields.key"), primary_key=True, index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))


class Field(Base):
    """The cooperation-field vocabulary (vocab.FIELDS), as rows so SQL can join on it."""

    __tablename__ = "fields"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(100))
    label_id: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300), default="")


class Partnership(Base):
    """A lasting relation between two places; place_a_id < place_b_id keeps each pair once."""

    __tablename__ = "partnerships"
    __table_args__ = (
        UniqueConstraint("place_a_id", "place_b_id", name="uq_partnerships_pair"),
        CheckConstraint("place_a_id < place_b_id", name="ck_partnerships_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_a_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    place_b_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="sister_city", index=True)
    stage: Mapped[str | None] = mapped_column(String(32), index=True)
    first_date: Mapped[str | None] = mapped_column(String(10))
    latest_date: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    # Whether place_b was named first when the partnership was recorded: its parties are
    # shown in that order (False for the rows recorded before it was kept).
    b_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    place_a: Mapped[Place] = relationship(foreign_keys=[place_a_id])
    place_b: Mapped[Place] = relationship(foreign_keys=[place_b_id])
    fields: Mapped[list[PartnershipField]] = relationship(cascade="all, delete-orphan")
    instruments: Mapped[list[Instrument]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan"
    )
    activities: Mapped[list[Activity]] = relationship(back_populates="partnership")
    steps: Mapped[list[StageStep]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="StageStep.id"
    )
    contacts: Mapped[list[Contact]] = relationship(cascade="all, delete-orphan", order_by="Contact.id")
    documents: Mapped[list[Document]] = relationship(cascade="all, delete-orphan", order_by="Document.id")

    @property
    def parties(self) -> tuple[Place, Place]:
        """Both places in the order they were named when the partnership was recorded."""
        return (self.place_b, self.place_a) if self.b_first else (self.place_a, self.place_b)


class StageStep(Base):
    """A step of the procedure recorded for a partnership: which stage, when, by whom, why."""

    __tablename__ = "stage_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    date: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    # A note Kembar wrote itself (kembar.messages): said in the reader's language by the pages.
    note_key: Mapped[str | None] = mapped_column(String(64))
    note_params: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author: Mapped[str | None] = mapped_column(String(254))  # who recorded it (email or "atlas")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    partnership: Mapped[Partnership] = relationship(back_populates="steps")


class PartnershipField(Base):
    __tablename__ = "partnership_fields"
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True
    )
    field_key: Mapped[str] = mapped_column(ForeignKey("fields.key"), primary_key=True, index=True)


class Instrument(Base):
    """A signed or planned document of a partnership: LoI, MoU, agreement (PKS), renewal."""

    __tablename__ = "instruments"
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="signed")
    title: Mapped[str | None] = mapped_column(String(300))
    signed_on: Mapped[str | None] = mapped_column(String(10))
    signed_at_place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    signed_at: Mapped[str | None] = mapped_column(String(300))
    valid_until: Mapped[str | None] = mapped_column(String(10))
    valid_from: Mapped[str | None] = mapped_column(String(10))
    term_years: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(120))  # the document's own number
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    partnership: Mapped[Partnership] = relationship(back_populates="instruments")
    signatories: Mapped[list[Signatory]] = relationship(cascade="all, delete-orphan", order_by="Signatory.id")
    documents: Mapped[list[Document]] = relationship(cascade="all, delete-orphan", order_by="Document.id")


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    norm: Mapped[str] = mapped_column(String(200), index=True)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), index=True)
    # government, ministry, embassy, agency, company, university, international, other
    kind: Mapped[str | None] = mapped_column(String(32))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    country_code: Mapped[str | None] = mapped_column(String(2))


class Signatory(Base):
    __tablename__ = "signatories"
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    on_behalf_of_place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Activity(Base):
    """Something that happened: signing, visit, business meeting, workshop, exchange."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Null for activities about cooperation in general (a workshop for new cities).
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[str] = mapped_column(String(24))
    title: Mapped[str | None] = mapped_column(String(300))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    end_date: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="held")  # held | planned
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    venue: Mapped[str | None] = mapped_column(String(300))
    speakers_count: Mapped[int | None] = mapped_column(Integer)
    participants_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    partnership: Mapped[Partnership | None] = relationship(back_populates="activities")
    participations: Mapped[list[Participation]] = relationship(
        cascade="all, delete-orphan", order_by="Participation.id"
    )
    fields: Mapped[list[ActivityField]] = relationship(cascade="all, delete-orphan")
    documents: Mapped[list[Document]] = relationship(cascade="all, delete-orphan", order_by="Document.id")


class ActivityField(Base):
    __tablename__ = "activity_fields"
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    field_key: Mapped[str] = mapped_column(ForeignKey("fields.key"), primary_key=True)


class Participation(Base):
    """A person at an activity, with the role they held then."""

    __tablename__ = "participations"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Indicator(Base):
    """A figure with a period and a unit, e.g. bilateral trade US$174.2 million in 2021, +100%."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id", ondelete="SET NULL"))
    # The two parties (countries are places too).
    party_a_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    party_b_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    period_start: Mapped[str | None] = mapped_column(String(10))
    period_end: Mapped[str | None] = mapped_column(String(10))
    period_label: Mapped[str | None] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str | None] = mapped_column(String(3))
    change_value: Mapped[float | None] = mapped_column(Float)
    change_unit: Mapped[str | None] = mapped_column(String(16))


class Source(Base):
    """An article, document or dataset that facts come from."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="article")  # article | dataset | document | user
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str | None] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Evidence(Base):
    """The span of a source that supports one fact row (subject_type + subject_id)."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    # Where in the source, when there are no character offsets (e.g. "row 1842").
    locator: Mapped[str | None] = mapped_column(String(100))
    accepted_by: Mapped[str | None] = mapped_column(String(100))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    source: Mapped[Source] = relationship()


class Proposal(Base):
    """A fact read from a source, waiting for a person: pending, accepted or rejected.

    `payload` is the extracted item as JSON (a partnership, an event or an amount, with
    its evidence spans); accepting it merges it into the registry and records what it
    became in result_type/result_id.
    """

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("status in ('pending','accepted','rejected')", name="ck_proposals_status"),
        Index("ix_proposals_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # partnership | event | amount
    summary: Mapped[str] = mapped_column(String(500))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    result_type: Mapped[str | None] = mapped_column(String(16))
    result_id: Mapped[int | None] = mapped_column(Integer)

    source: Mapped[Source] = relationship()


# The account tables and the registry's own (history, documents, contacts) live in their
# own modules; importing them registers them on Base.
from kembar.db import accounts as _accounts  # noqa: E402, F401
from kembar.db import registry as _registry  # noqa: E402, F401

"""What a person may send to change the registry: one Create and one Update schema per
entity, shared by the API (JSON bodies), the pages (forms parsed into them) and the CLI.

Every schema refuses fields it does not know, and every value is checked against the
vocabulary, so a bad request is refused naming the field before anything is written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kembar import vocab
from kembar.errors import InvalidInput, Param, Phrase

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise ValueError("must be a date of the form YYYY-MM-DD (or YYYY-MM, or YYYY)")
    parts = [int(x) for x in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"{value} is not a date of the calendar") from None
    return value


def _in(vocabulary: dict[str, vocab.Term], what: str) -> Any:
    def check(value: str | None) -> str | None:
        if value is not None and value not in vocabulary:
            raise ValueError(f"unknown {what} {value!r}; valid: {', '.join(vocabulary)}")
        return value

    return AfterValidator(check)


def _fields(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in vocab.FIELDS]
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; valid: {', '.join(vocab.FIELDS)}")
    return sorted(set(values))


def _email(value: str | None) -> str | None:
    if not value:
        return None
    if not _EMAIL.match(value):
        raise ValueError(f"{value[:80]!r} is not an email address")
    return value.lower()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Email = Annotated[str | None, Field(max_length=254), AfterValidator(_email)]
PartialDate = Annotated[str | None, AfterValidator(_check_date)]
Kind = Annotated[str, _in(vocab.PARTNERSHIP_KINDS, "kind")]
Stage = Annotated[str, _in(vocab.STAGES, "stage")]
InstrumentType = Annotated[str, _in(vocab.INSTRUMENT_TYPES, "instrument type")]
InstrumentStatus = Annotated[str, _in(vocab.INSTRUMENT_STATUSES, "instrument status")]
ActivityType = Annotated[str, _in(vocab.ACTIVITY_TYPES, "activity type")]
Fields = Annotated[list[str], AfterValidator(_fields)]


def _keys(vocabulary: dict[str, vocab.Term], what: str) -> Any:
    """A list of keys of one vocabulary: every unknown one is named, sorted and deduplicated."""

    def check(values: list[str]) -> list[str]:
        unknown = [v for v in values if v not in vocabulary]
        if unknown:
            raise ValueError(f"unknown {what} {', '.join(unknown)}; valid: {', '.join(vocabulary)}")
        return sorted(set(values))

    return AfterValidator(check)


def _countries(values: list[str]) -> list[str]:
    from kembar.gazetteer.countries import countries

    codes = [v.strip().upper() for v in values]
    unknown = [v for v, c in zip(values, codes, strict=True) if c not in countries()]
    if unknown:
        raise ValueError(f"unknown country code(s) {', '.join(unknown)} (ISO 3166-1 alpha-2 expected)")
    return sorted(set(codes))


Countries = Annotated[list[str], Field(max_length=60), AfterValidator(_countries)]
Text = Annotated[str | None, Field(max_length=5000)]
Short = Annotated[str | None, Field(max_length=300)]
Reason = Annotated[str | None, Field(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DatesOutOfOrder(ValueError):
    """A date before the one it must follow (an end before its start), naming both fields."""

    def __init__(self, later_name: str, later: str, earlier_name: str, earlier: str) -> None:
        super().__init__(f"{later_name} ({later}) is before {earlier_name} ({earlier})")
        self.later_name, self.later = later_name, later
        self.earlier_name, self.earlier = earlier_name, earlier

    def refusal(self) -> InvalidInput:
        """The library's refusal of a write with these dates, said next to the later field."""
        params: dict[str, Param] = {
            "date": self.later,
            "other": Phrase(f"field.{self.earlier_name}"),
        }
        params["earlier"] = self.earlier
        return InvalidInput(str(self), "err.date_order", params, field=self.later_name)


def not_before(later: str | None, earlier: str | None, later_name: str, earlier_name: str) -> None:
    """Partial dates compare on what both give ("2024" is not before "2024-05")."""
    if later and earlier:
        n = min(len(later), len(earlier))
        if later[:n] < earlier[:n]:
            raise DatesOutOfOrder(later_name, later, earlier_name, earlier)


class PartnershipCreate(Strict):
    place_a: int = Field(ge=1, description="id of one place")
    place_b: int = Field(ge=1, description="id of the other place")
    kind: Kind = "sister_city"
    stage: Stage | None = Field(default="exploration", description="the first stage recorded")
    date: PartialDate = Field(default=None, description="date of the first stage")
    note: Text = None
    fields: Fields = Field(default_factory=list)

    @model_validator(mode="after")
    def _two_places(self) -> PartnershipCreate:
        if self.place_a == self.place_b:
            raise ValueError("place_a and place_b are the same place")
        return self


class PartnershipUpdate(Strict):
    """Any subset; `stage` records a step of the procedure (with `stage_date`,
    `stage_note`; moving back needs `reason`)."""

    kind: Kind | None = None
    note: Text = None
    fields: Fields | None = None
    stage: Stage | None = None
    stage_date: PartialDate = None
    stage_note: Text = None
    reason: Reason = None


class StageMove(Strict):
    stage: Stage
    date: PartialDate = None
    note: Text = None
    reason: Reason = Field(default=None, description="required when the stage moves back")


class PersonIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Short = None
    organisation: Short = None


class InstrumentCreate(Strict):
    type: InstrumentType
    status: InstrumentStatus = "signed"
    title: Short = None
    number: Annotated[str | None, Field(max_length=120)] = None
    signed_on: PartialDate = None
    signed_at: Short = None
    valid_from: PartialDate = None
    valid_until: PartialDate = None
    term_years: int | None = Field(default=None, ge=1, le=100)
    note: Text = None
    signatories: list[PersonIn] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _validity(self) -> InstrumentCreate:
        not_before(self.valid_until, self.signed_on, "valid_until", "signed_on")
        not_before(self.valid_until, self.valid_from, "valid_until", "valid_from")
        return self


class InstrumentUpdate(Strict):
    type: InstrumentType | None = None
    status: InstrumentStatus | None = None
    title: Short = None
    number: Annotated[str | None, Field(max_length=120)] = None
    signed_on: PartialDate = None
    signed_at: Short = None
    valid_from: PartialDate = None
    valid_until: PartialDate = None
    term_years: int | None = Field(default=None, ge=1, le=100)
    note: Text = None
    signatories: list[PersonIn] | None = Field(default=None, max_length=50)


class ActivityCreate(Strict):
    type: ActivityType
    title: Short = None
    date: PartialDate = None
    end_date: PartialDate = None
    status: Annotated[str, Field(pattern="^(held|planned)$")] = "held"
    place_id: int | None = Field(default=None, ge=1, description="where it took place")
    venue: Short = None
    participants: list[PersonIn] = Field(default_factory=list, max_length=200)
    speakers_count: int | None = Field(default=None, ge=0, le=1_000_000)
    participants_count: int | None = Field(default=None, ge=0, le=10_000_000)
    fields: Fields = Field(default_factory=list)
    note: Text = None

    @model_validator(mode="after")
    def _dates(self) -> ActivityCreate:
        not_before(self.end_date, self.date, "end_date", "date")
        return self


class ActivityUpdate(Strict):
    type: ActivityType | None = None
    title: Short = None
    date: PartialDate = None
    end_date: PartialDate = None
    status: Annotated[str | None, Field(pattern="^(held|planned)$")] = None
    place_id: int | None = Field(default=None, ge=1)
    venue: Short = None
    participants: list[PersonIn] | None = Field(default=None, max_length=200)
    speakers_count: int | None = Field(default=None, ge=0, le=1_000_000)
    participants_count: int | None = Field(default=None, ge=0, le=10_000_000)
    fields: Fields | None = None
    note: Text = None


class ContactCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Short = None
    office: Short = None
    email: Email = None
    phone: Annotated[str | None, Field(max_length=60, pattern=r"^[0-9+()./ \-]*$")] = None


class ContactUpdate(Strict):
    name: Annotated[str | None, Field(min_length=1, max_length=200)] = None
    role: Short = None
    office: Short = None
    email: Email = None
    phone: Annotated[str | None, Field(max_length=60, pattern=r"^[0-9+()./ \-]*$")] = None


class DocumentLink(Strict):
    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")]
    title: Short = None
    kind: Annotated[str, Field(pattern="^(document|photo)$")] = "document"
    purpose: Annotated[str | None, _in(vocab.DOCUMENT_PURPOSES, "purpose")] = None


class ProfileUpdate(Strict):
    """A place's "seeking partners" profile: the fields it seeks partners for (its declared
    priorities), its statement, where and what kind of partner it seeks, what it is and
    offers, and a contact. A list replaces the stored one; an empty list clears it."""

    priorities: Fields | None = None
    seeking: Text = None
    seeking_countries: Countries | None = None
    seeking_regions: Annotated[list[str], _keys(vocab.WORLD_REGIONS, "world region(s)")] | None = None
    seeking_size: Annotated[str | None, _in(vocab.SIZES, "size")] = None
    seeking_functions: Annotated[list[str], _keys(vocab.FUNCTIONS, "function(s)")] | None = None
    functions: Annotated[list[str], _keys(vocab.FUNCTIONS, "function(s)")] | None = None
    offers: Fields | None = None
    offers_note: Text = None
    seeking_contact: Short = None


class Removal(Strict):
    reason: Annotated[str, Field(min_length=3, max_length=2000)]

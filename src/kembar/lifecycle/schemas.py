"""What the lifecycle views answer, as Pydantic models for the API and the pages: statuses
with their reasons in the reader's language, list items, facet counts, dashboards."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kembar.config import Settings
from kembar.db.models import Partnership, Place
from kembar.i18n import Translator
from kembar.lifecycle import facets
from kembar.lifecycle.dashboards import CountryDashboard, DashboardRow, InstrumentNotice
from kembar.lifecycle.procedure import NextStep, Reached, reached_note, reached_of
from kembar.lifecycle.status import Status, explain, first_known, load_facts, partnership_status
from kembar.schemas import PartnershipSummary


class StatusOut(BaseModel):
    key: str
    label: str
    reason: str
    since: str | None

    @classmethod
    def of(cls, status: Status, vocabulary: str, lang: str) -> StatusOut:
        return cls(
            key=status.key,
            label=Translator(lang).label(vocabulary, status.key),
            reason=explain(status.reason, lang),
            since=status.since,
        )


class DocumentNeed(BaseModel):
    purpose: str
    label: str
    attached: bool


class NextStepOut(BaseModel):
    stage: str
    label: str
    documents: list[DocumentNeed]

    @classmethod
    def of(cls, step: NextStep | None, lang: str) -> NextStepOut | None:
        if step is None:
            return None
        t = Translator(lang)
        return cls(
            stage=step.stage,
            label=t.label("stage", step.stage),
            documents=[
                DocumentNeed(purpose=d.purpose, label=t.label("purpose", d.purpose), attached=d.attached)
                for d in step.documents
            ],
        )


class StageOut(BaseModel):
    """The stage a partnership has reached: the recorded one, or a later one an instrument
    signed shows (`derived`, with where it comes from in `note`)."""

    key: str | None
    label: str
    recorded: str | None
    derived: bool
    note: str | None

    @classmethod
    def of(cls, stage: Reached, lang: str) -> StageOut:
        t = Translator(lang)
        return cls(
            key=stage.key,
            label=t.label("stage", stage.key) if stage.key else t("stage.none"),
            recorded=stage.recorded,
            derived=stage.derived,
            note=reached_note(stage, lang),
        )


class PartnershipItem(PartnershipSummary):
    """A partnership in a list: its stage reached (recorded, or shown by an instrument
    signed) and status today; its first date the recorded one or the first signing."""

    status: StatusOut
    stage_reached: StageOut


def partnership_items(
    session: Session, settings: Settings, ids: list[int], lang: str, today: date | None = None
) -> list[PartnershipItem]:
    """List items of these partnerships, in this order, each with its status today."""
    today = today or date.today()
    found = {
        p.id: p
        for p in session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(ids))
            .options(
                selectinload(Partnership.place_a),
                selectinload(Partnership.place_b),
                selectinload(Partnership.fields),
                selectinload(Partnership.instruments),
                selectinload(Partnership.steps),
            )
        )
    }
    facts = load_facts(session, ids)
    return [
        PartnershipItem(
            **_summary(found[pid]),
            status=StatusOut.of(
                partnership_status(facts[pid], today, settings.quiet_years, settings.dormant_years),
                "partnership_status",
                lang,
            ),
            stage_reached=StageOut.of(reached_of(found[pid]), lang),
        )
        for pid in ids
    ]


def _summary(p: Partnership) -> dict[str, Any]:
    """The partnership's summary, its first date the recorded one or the first signing."""
    first = first_known(p.first_date, [(i.signed_on, i.status) for i in p.instruments])
    return {**PartnershipSummary.of(p).model_dump(), "first_date": first}


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class FacetLabels:
    """The words of facet values in one language: stages, statuses, countries, the names
    of provinces for region codes, decades."""

    def __init__(self, session: Session, lang: str) -> None:
        self.t = Translator(lang)
        self.session = session
        self._regions: dict[str, str] | None = None

    def regions(self) -> dict[str, str]:
        """Region codes by the name of their province, else by a place's region name."""
        if self._regions is None:
            self._regions = {}
            for code, name, admin_name, kind in self.session.execute(
                select(Place.admin_code, Place.name, Place.admin_name, Place.kind).where(
                    Place.admin_code.is_not(None)
                )
            ):
                if kind == "province" and code:
                    self._regions[code] = name
                elif code and admin_name:
                    self._regions.setdefault(code, admin_name)
        return self._regions

    def __call__(self, facet: str, value: str) -> str:
        t = self.t
        if facet == "stage":
            return t("stage.none") if value == facets.NO_STAGE else t.label("stage", value)
        if facet == "status":
            return t.label("validity" if value in facets.VALIDITY_FILTERS else "partnership_status", value)
        if facet in ("country", "partner_country"):
            return t.country(value)
        if facet == "region":
            return self.regions().get(value, value)
        if facet == "decade":
            return f"{value}s" if t.lang == "en" else f"{value}-an"
        if facet == "within_days":
            return value
        if facet == "place":
            found = self.session.get(Place, int(value))
            return found.name if found is not None else value
        return t.label(facet, value)

    def values(self, counts: dict[str, list[tuple[str, int]]]) -> dict[str, list[FacetValue]]:
        return {
            facet: [FacetValue(value=v, label=self(facet, v), count=n) for v, n in found]
            for facet, found in counts.items()
        }


class FacetedList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PartnershipItem]
    facets: dict[str, list[FacetValue]]


class InstrumentNoticeOut(BaseModel):
    instrument_id: int
    type: str
    valid_until: str | None
    status: StatusOut


class DashboardItem(PartnershipItem):
    next_step: NextStepOut | None
    instruments: list[InstrumentNoticeOut]
    proposals: list[int]  # pending news proposals naming the pair

    @classmethod
    def of_row(cls, row: DashboardRow, lang: str) -> DashboardItem:
        return cls(
            **_summary(row.partnership),
            status=StatusOut.of(row.status, "partnership_status", lang),
            stage_reached=StageOut.of(row.stage, lang),
            next_step=NextStepOut.of(row.next, lang),
            instruments=[
                InstrumentNoticeOut(
                    instrument_id=n.instrument_id,
                    type=n.type,
                    valid_until=n.valid_until,
                    status=StatusOut.of(n.status, "validity", lang),
                )
                for n in row.instruments
            ],
            proposals=row.proposals,
        )


class Dashboard(BaseModel):
    total: int
    limit: int
    offset: int
    has_scope: bool
    items: list[DashboardItem]


class ProvinceRow(BaseModel):
    code: str
    name: str
    stages: dict[str, int]
    total: int


class ExpiringOut(BaseModel):
    partnership_id: int
    instrument: InstrumentNoticeOut


def _expiring(notices: list[tuple[int, InstrumentNotice]], lang: str) -> list[ExpiringOut]:
    return [
        ExpiringOut(
            partnership_id=pid,
            instrument=InstrumentNoticeOut(
                instrument_id=n.instrument_id,
                type=n.type,
                valid_until=n.valid_until,
                status=StatusOut.of(n.status, "validity", lang),
            ),
        )
        for pid, n in notices
    ]


class CountryDashboardOut(BaseModel):
    country: str
    year: int
    partnerships: int
    stages: list[str]  # the stages reached (recorded, or shown by an instrument signed)
    provinces: list[ProvinceRow]
    expiring_days: int  # KEMBAR_EXPIRING_DAYS
    expiring_soon: list[ExpiringOut]  # instruments expiring within it, soonest first
    expiring_this_year: list[ExpiringOut]  # instruments whose validity ends in `year`
    dormant: list[int]
    signed_this_year: list[int]  # partnership ids
    partner_countries: list[FacetValue]

    @classmethod
    def of(cls, board: CountryDashboard, lang: str) -> CountryDashboardOut:
        t = Translator(lang)
        return cls(
            country=board.country,
            year=board.year,
            partnerships=board.partnerships,
            stages=board.stages,
            provinces=[
                ProvinceRow(code=c, name=n, stages=s, total=total) for c, n, s, total in board.provinces
            ],
            expiring_days=board.expiring_days,
            expiring_soon=_expiring(board.expiring_soon, lang),
            expiring_this_year=_expiring(board.expiring_this_year, lang),
            dormant=board.dormant,
            signed_this_year=sorted({pid for pid, _ in board.signed_this_year}),
            partner_countries=[
                FacetValue(value=cc, label=t.country(cc), count=n) for cc, n in board.partner_countries
            ],
        )

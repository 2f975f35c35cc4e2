"""What the lifecycle views answer, as Pydantic models for the API and the pages: statuses
with their reasons in the reader's language, list items, facet counts, dashboards."""

from __future__ import annotations

from pydantic import BaseModel

from kembar.i18n import Translator
from kembar.lifecycle.dashboards import CountryDashboard, DashboardRow
from kembar.lifecycle.procedure import NextStep
from kembar.lifecycle.status import Status, explain
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


class PartnershipItem(PartnershipSummary):
    status: StatusOut


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


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
            **PartnershipSummary.of(row.partnership).model_dump(),
            status=StatusOut.of(row.status, "partnership_status", lang),
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


class CountryDashboardOut(BaseModel):
    country: str
    year: int
    partnerships: int
    stages: list[str]
    provinces: list[ProvinceRow]
    expiring_this_year: list[ExpiringOut]
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
            expiring_this_year=[
                ExpiringOut(
                    partnership_id=pid,
                    instrument=InstrumentNoticeOut(
                        instrument_id=n.instrument_id,
                        type=n.type,
                        valid_until=n.valid_until,
                        status=StatusOut.of(n.status, "validity", lang),
                    ),
                )
                for pid, n in board.expiring_this_year
            ],
            dormant=board.dormant,
            signed_this_year=sorted({pid for pid, _ in board.signed_this_year}),
            partner_countries=[
                FacetValue(value=cc, label=t.country(cc), count=n) for cc, n in board.partner_countries
            ],
        )

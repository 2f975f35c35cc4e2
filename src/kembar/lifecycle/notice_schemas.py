"""Notices and reminder runs as Pydantic models, for `kembar remind --json` and for the
dashboard (NoticeOut.of gives a notice in the reader's language)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from kembar.config import Settings
from kembar.lifecycle.notices import Notice, Party
from kembar.lifecycle.reminders import Batch, Outcome, RunResult, partnership_url
from kembar.lifecycle.status import explain


class PartyOut(BaseModel):
    id: int
    name: str
    country: str

    @classmethod
    def of(cls, p: Party) -> PartyOut:
        return cls(id=p.id, name=p.name, country=p.country)


class NoticeOut(BaseModel):
    kind: str  # expiring | dormant
    partnership_id: int
    instrument_id: int | None
    instrument_type: str | None
    threshold: str  # 90 | 30 | 7 | dormant
    due: date  # the last day of validity, or the day the partnership turned dormant
    days_left: int | None
    valid_until: str | None  # as recorded (YYYY, YYYY-MM or YYYY-MM-DD)
    reason: str | None  # why the partnership is dormant, in words
    parties: list[PartyOut]
    url: str

    @classmethod
    def of(cls, n: Notice, settings: Settings, lang: str) -> NoticeOut:
        return cls(
            kind=n.kind,
            partnership_id=n.partnership_id,
            instrument_id=n.instrument_id,
            instrument_type=n.instrument_type,
            threshold=n.threshold,
            due=n.due,
            days_left=n.days_left,
            valid_until=n.valid_until,
            reason=explain(n.reason, lang) if n.reason else None,
            parties=[PartyOut.of(p) for p in n.parties],
            url=partnership_url(settings, n.partnership_id),
        )


class UserRemindersOut(BaseModel):
    user: str  # the email
    language: str
    notices: list[NoticeOut]
    sent: bool
    error: str | None

    @classmethod
    def of(cls, outcome: Outcome, settings: Settings) -> UserRemindersOut:
        b: Batch = outcome.batch
        return cls(
            user=b.email,
            language=b.language,
            notices=[NoticeOut.of(n, settings, b.language) for n in b.notices],
            sent=outcome.sent,
            error=outcome.error,
        )


class RemindOut(BaseModel):
    dry_run: bool
    smtp: bool  # whether a server is configured (KEMBAR_SMTP_HOST)
    users: list[UserRemindersOut]

    @classmethod
    def of(cls, result: RunResult, settings: Settings) -> RemindOut:
        return cls(
            dry_run=result.dry_run,
            smtp=result.smtp,
            users=[UserRemindersOut.of(o, settings) for o in result.outcomes],
        )

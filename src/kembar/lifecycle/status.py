"""How instruments and partnerships stand today, from the dates of their facts only.

- An instrument is valid, expiring (its validity ends within KEMBAR_EXPIRING_DAYS), expired,
  renewed (a later instrument of the partnership took over), or unknown (no end of validity
  recorded). An instrument not yet signed (status "planned") is none of these: its dates are
  planned dates, and it is "planned" whatever they say.
- A partnership is active, quiet (its last dated fact, an activity held, an instrument
  signed or a step of the procedure, is older than KEMBAR_QUIET_YEARS), dormant (older than
  KEMBAR_DORMANT_YEARS, whatever else holds), "signed, never implemented" (an MoU signed
  more than the quiet years ago with no activity held after it, not yet dormant), ended
  (its last step), or unknown when no fact of it carries a date: nothing is guessed.
  These say how much happens, not whether the partnership binds: a quiet, dormant or
  never implemented partnership whose instrument is still in force says so in its reason
  ("MoU valid until 9 March 2030, but no activity held for 11 years (last: visit, ...)"),
  so that nobody reads "dormant" as "expired".

Each status carries its reason as data (`Reason`: a message key and its values), put into
words in English or Indonesian by `explain`. A date known only to the month or the year
counts as its last day, so that nothing is called quiet or expired early.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db.models import Activity, Instrument, Partnership, StageStep
from kembar.i18n import Translator

# The instrument statuses (vocab.INSTRUMENT_STATUSES) of an instrument that binds: signed,
# renewed, in force. Any other ("planned") is not signed yet.
IN_FORCE = ("signed", "renewed", "existing")

# Message templates of the reasons: key -> (English, Bahasa Indonesia).
REASONS: dict[str, tuple[str, str]] = {
    "valid_until": ("valid until {date}", "berlaku sampai {date}"),
    "expires_on": ("expires on {date}, in {days} days", "berakhir pada {date}, {days} hari lagi"),
    "expired_on": ("expired on {date}", "berakhir pada {date}"),
    "renewed_by": ("renewed by the {what} of {date}", "diperpanjang dengan {what} tanggal {date}"),
    "no_validity": ("no end of validity recorded", "masa berlaku belum tercatat"),
    "planned_for": ("planned for {date}", "direncanakan pada {date}"),
    "no_planned_date": ("no date planned", "belum ada tanggal rencana"),
    "last_fact": ("last {what}: {name}, {date}", "{what} terakhir: {name}, {date}"),
    "never_implemented": (
        "MoU signed on {date}, no dated activity held since",
        "MoU ditandatangani {date}, belum ada kegiatan bertanggal yang terlaksana sejak itu",
    ),
    "never_implemented_undated": (
        "MoU signed on {date}, no dated activity held since ({n} recorded without a date)",
        "MoU ditandatangani {date}, belum ada kegiatan bertanggal yang terlaksana sejak itu "
        "({n} kegiatan tercatat tanpa tanggal)",
    ),
    "in_force_last_activity": (
        "{what} valid until {until}, but no activity held for {years} years (last: {name}, {date})",
        "{what} berlaku sampai {until}, tetapi tidak ada kegiatan selama {years} tahun "
        "(terakhir: {name}, {date})",
    ),
    "in_force_no_activity": (
        "{what} valid until {until}, but no dated activity held since it was signed on {date} "
        "({years} years)",
        "{what} berlaku sampai {until}, tetapi belum ada kegiatan bertanggal yang terlaksana sejak "
        "ditandatangani {date} ({years} tahun)",
    ),
    "in_force_never_implemented": (
        "MoU signed on {date}, valid until {until}: no dated activity held since",
        "MoU ditandatangani {date}, berlaku sampai {until}: belum ada kegiatan bertanggal yang "
        "terlaksana sejak itu",
    ),
    "in_force_never_implemented_undated": (
        "MoU signed on {date}, valid until {until}: no dated activity held since "
        "({n} recorded without a date)",
        "MoU ditandatangani {date}, berlaku sampai {until}: belum ada kegiatan bertanggal yang "
        "terlaksana sejak itu ({n} kegiatan tercatat tanpa tanggal)",
    ),
    "ended_on": ("ended on {date}", "berakhir pada {date}"),
    "ended": ("ended", "berakhir"),
    "no_dates": ("no dated fact recorded", "belum ada fakta bertanggal"),
}
FACT_WORDS: dict[str, tuple[str, str]] = {
    "activity": ("activity", "kegiatan"),
    "instrument": ("instrument signed", "instrumen ditandatangani"),
    "step": ("step of the procedure", "tahap prosedur"),
}


@dataclass(frozen=True)
class Reason:
    key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    key: str  # vocab.VALIDITY or vocab.PARTNERSHIP_STATUSES
    reason: Reason
    since: str | None = None  # the date the status rests on (YYYY, YYYY-MM or YYYY-MM-DD)


def last_day(partial: str) -> date:
    """The last day a partial date can mean ("2019" -> 2019-12-31)."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


def first_day(partial: str) -> date:
    """The first day a partial date can mean ("2019" -> 2019-01-01)."""
    parts = [int(p) for p in partial.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _years_ago(today: date, years: float) -> date:
    return today - timedelta(days=round(years * 365.25))


# --- instruments ---------------------------------------------------------------------


def _supersedes(later: Instrument, earlier: Instrument) -> bool:
    """Whether `later` took over from `earlier`: a renewal, or another of the same type,
    signed after it."""
    if not later.signed_on or not earlier.signed_on or later.id == earlier.id:
        return False
    if later.status not in IN_FORCE:
        return False
    takes_over = later.type == "renewal" or later.type == earlier.type
    return takes_over and last_day(later.signed_on) > last_day(earlier.signed_on)


def instrument_status(
    instrument: Instrument, siblings: Iterable[Instrument], today: date, expiring_days: int
) -> Status:
    """The instrument's validity today; `siblings` are the partnership's instruments. One
    not signed yet is "planned": neither valid, expiring nor expired."""
    if instrument.status not in IN_FORCE:
        if not instrument.signed_on:
            return Status("planned", Reason("no_planned_date"))
        return Status("planned", Reason("planned_for", {"date": instrument.signed_on}), instrument.signed_on)
    for other in sorted(siblings, key=lambda i: i.signed_on or ""):
        if _supersedes(other, instrument):
            what = {"what": f"instrument:{other.type}", "date": other.signed_on or ""}
            return Status("renewed", Reason("renewed_by", what), other.signed_on)
    if not instrument.valid_until:
        return Status("unknown", Reason("no_validity"))
    end = last_day(instrument.valid_until)
    if end < today:
        return Status(
            "expired", Reason("expired_on", {"date": instrument.valid_until}), instrument.valid_until
        )
    days = (end - today).days
    if days <= expiring_days:
        return Status(
            "expiring",
            Reason("expires_on", {"date": instrument.valid_until, "days": str(days)}),
            instrument.valid_until,
        )
    return Status("valid", Reason("valid_until", {"date": instrument.valid_until}), instrument.valid_until)


# --- partnerships --------------------------------------------------------------------


@dataclass
class Facts:
    """The dated facts of one partnership, as loaded in bulk by `load_facts`."""

    stage: str | None
    activities: list[tuple[str, str, str | None]] = field(default_factory=list)  # (date, type, title)
    instruments: list[Instrument] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)  # (date, stage)
    undated: int = 0  # activities recorded without a date, which no status can rest on


def load_facts(session: Session, partnership_ids: list[int]) -> dict[int, Facts]:
    """The facts of many partnerships in three queries (lists of thousands stay fast)."""
    facts: dict[int, Facts] = {}
    for chunk in (partnership_ids[i : i + 900] for i in range(0, len(partnership_ids), 900)):
        for pid, stage in session.execute(
            select(Partnership.id, Partnership.stage).where(Partnership.id.in_(chunk))
        ):
            facts[pid] = Facts(stage)
        for owner, when, kind, title in session.execute(
            select(Activity.partnership_id, Activity.date, Activity.type, Activity.title).where(
                Activity.partnership_id.in_(chunk), Activity.status == "held", Activity.date.is_not(None)
            )
        ):
            if owner is not None and when:
                facts[owner].activities.append((when, kind, title))
        for (owner,) in session.execute(
            select(Activity.partnership_id).where(Activity.partnership_id.in_(chunk), Activity.date.is_(None))
        ):
            if owner is not None:
                facts[owner].undated += 1
        for instrument in session.scalars(select(Instrument).where(Instrument.partnership_id.in_(chunk))):
            facts[instrument.partnership_id].instruments.append(instrument)
        for pid, when, stage in session.execute(
            select(StageStep.partnership_id, StageStep.date, StageStep.stage).where(
                StageStep.partnership_id.in_(chunk), StageStep.date.is_not(None)
            )
        ):
            if when:
                facts[pid].steps.append((when, stage))
    return facts


def _last_fact(f: Facts, today: date) -> tuple[str, Reason] | None:
    """The latest dated fact that had begun by today, with its reason."""
    found: list[tuple[date, str, Reason]] = []

    def add(when: str, what: str, name: str) -> None:
        if first_day(when) <= today:
            found.append(
                (last_day(when), when, Reason("last_fact", {"what": what, "name": name, "date": when}))
            )

    for when, kind, _title in f.activities:
        add(when, "activity", f"activity:{kind}")
    for i in f.instruments:
        if i.signed_on and i.status in IN_FORCE:
            add(i.signed_on, "instrument", f"instrument:{i.type}")
    for when, stage in f.steps:
        add(when, "step", f"stage:{stage}")
    if not found:
        return None
    _, when, reason = max(found, key=lambda x: x[0])
    return when, reason


def partnership_status(f: Facts, today: date, quiet_years: float, dormant_years: float) -> Status:
    if f.stage == "ended":
        ended = [when for when, stage in f.steps if stage == "ended"]
        if ended:
            return Status("ended", Reason("ended_on", {"date": max(ended)}), max(ended))
        return Status("ended", Reason("ended"))
    last = _last_fact(f, today)
    if last is None:
        return Status("unknown", Reason("no_dates"))
    when, reason = last
    quiet_before, dormant_before = _years_ago(today, quiet_years), _years_ago(today, dormant_years)
    unimplemented = _unimplemented_mou(f)
    if unimplemented is not None:
        reason = _unimplemented_reason(unimplemented, f.undated)
    end = last_day(when)
    if end < dormant_before:
        status = Status("dormant", reason, when)
    elif unimplemented is not None and last_day(unimplemented) < quiet_before:
        status = Status("never_implemented", reason, unimplemented)
    elif end < quiet_before:
        status = Status("quiet", reason, when)
    else:
        return Status("active", reason, when)
    in_force = _in_force(f, today)
    if in_force is None:
        return status
    return replace(status, reason=_in_force_reason(status, f, in_force, today))


def _in_force(f: Facts, today: date) -> Instrument | None:
    """The instrument of the partnership that binds today and binds longest: signed, not
    renewed by another, its end of validity recorded and not passed."""
    binding = [
        i for i in f.instruments if instrument_status(i, f.instruments, today, 0).key in ("valid", "expiring")
    ]
    return max(binding, key=lambda i: last_day(i.valid_until or ""), default=None)


def _whole_years(since: str, today: date) -> str:
    return str(int((today - last_day(since)).days // 365.25))


def _in_force_reason(status: Status, f: Facts, instrument: Instrument, today: date) -> Reason:
    """Why a partnership whose instrument still binds is quiet, dormant or never
    implemented: the validity first, then how long nothing was held."""
    until, what = instrument.valid_until or "", f"instrument:{instrument.type}"
    if status.key == "never_implemented" and instrument.signed_on == status.since:
        values = {"date": status.since or "", "until": until}
        if f.undated:
            return Reason("in_force_never_implemented_undated", values | {"n": str(f.undated)})
        return Reason("in_force_never_implemented", values)
    held = [a for a in f.activities if first_day(a[0]) <= today]
    if held:
        when, kind, _title = max(held, key=lambda a: last_day(a[0]))
        values = {"what": what, "until": until, "name": f"activity:{kind}", "date": when}
        return Reason("in_force_last_activity", values | {"years": _whole_years(when, today)})
    signed = instrument.signed_on or ""
    values = {"what": what, "until": until, "date": signed}
    return Reason("in_force_no_activity", values | {"years": _whole_years(signed, today)})


def _unimplemented_mou(f: Facts) -> str | None:
    """The signing date of the partnership's latest MoU (or renewal) when no activity was
    held after it; None when there is no such MoU or something happened since."""
    signed = [
        i.signed_on
        for i in f.instruments
        if i.type in ("mou", "renewal") and i.signed_on and i.status in ("signed", "renewed")
    ]
    if not signed:
        return None
    latest = max(signed, key=last_day)
    if any(last_day(a) > last_day(latest) for a, _, _ in f.activities):
        return None
    return latest


def _unimplemented_reason(signed_on: str, undated: int) -> Reason:
    """Why an MoU looks never implemented, not hiding the activities recorded without a date."""
    if undated:
        return Reason("never_implemented_undated", {"date": signed_on, "n": str(undated)})
    return Reason("never_implemented", {"date": signed_on})


def first_known(recorded: str | None, instruments: Iterable[tuple[str | None, str]]) -> str | None:
    """The first date of a partnership: its recorded first date or the earliest signing of
    an instrument in force (signed on, status), whichever is earlier."""
    dates = [when for when, status in instruments if when and status in IN_FORCE]
    if recorded:
        dates.append(recorded)
    return min(dates, key=first_day, default=None)


def statuses(
    session: Session, settings: Settings, partnership_ids: list[int], today: date | None = None
) -> dict[int, Status]:
    today = today or date.today()
    return {
        pid: partnership_status(f, today, settings.quiet_years, settings.dormant_years)
        for pid, f in load_facts(session, partnership_ids).items()
    }


# --- words ---------------------------------------------------------------------------


def _word(t: Translator, value: str) -> str:
    """A value of a reason in words: a vocabulary term ("activity:visit"), else as it is."""
    vocabulary, _, key = value.partition(":")
    if vocabulary in ("activity", "stage") and key:
        return _lower(t.label(vocabulary, key))
    if vocabulary == "instrument" and key:
        return t.label(vocabulary, key)
    return value


def _lower(label: str) -> str:
    """A label inside a sentence: its words in lower case, its acronyms kept ("Nota
    kesepahaman (MoU)" -> "nota kesepahaman (MoU)", "Persetujuan DPRD" -> "persetujuan DPRD")."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in label.split(" "))


def explain(reason: Reason, lang: str) -> str:
    """The reason in words, in English or Indonesian ("last activity: business meeting,
    14 March 2019")."""
    t = Translator(lang)
    at = 1 if t.lang == "id" else 0
    values = {}
    for name, value in reason.values.items():
        if name in ("date", "until"):
            values[name] = t.when(value)
        elif name == "what" and value in FACT_WORDS:
            values[name] = FACT_WORDS[value][at]
        else:
            values[name] = _word(t, value)
    return REASONS[reason.key][at].format(**values)

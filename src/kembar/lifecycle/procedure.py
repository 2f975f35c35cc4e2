"""The Indonesian procedure of a partnership with a foreign local government, as data: for
each stage, the step that comes next and the documents it needs, and which of those a
partnership already has attached.

The order follows the procedure for regional cooperation with foreign local governments
(Permendagri No. 25/2020 on cooperation of regions with foreign local governments and
institutions): a Letter of Intent; a plan of cooperation with its terms of reference and
plan of action; the approval of the regional council (DPRD); a request for facilitation
to the Ministry of Home Affairs; the draft MoU reviewed with the Ministry of Foreign
Affairs, which issues a full power; the MoU signing; then implementation agreements,
evaluation and renewal. Labels of the stages and documents live in kembar.vocab.

The stage a partnership has reached is the one recorded on it, unless an instrument
signed shows a later one (`reached`): an MoU signed means the MoU stage at least, an LoI
the LoI stage, an implementation agreement or a renewal their stages. Nothing is written
for it: the stage is derived when read, says which instrument it comes from, and the
recorded stage and its history stay as they were. After the MoU the procedure repeats
(agreements, evaluation, renewal, agreements again), so there an instrument counts only
when signed after the recorded stage's last dated step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kembar import vocab
from kembar.db.models import Partnership
from kembar.i18n import Translator
from kembar.lifecycle.status import IN_FORCE, last_day


@dataclass(frozen=True)
class Step:
    stage: str  # the stage reached by this step (vocab.STAGES)
    documents: tuple[str, ...]  # what it needs (vocab.DOCUMENT_PURPOSES)


# For each stage (None: nothing recorded yet), the step that comes next.
NEXT: dict[str | None, Step] = {
    None: Step("exploration", ()),
    "exploration": Step("loi", ("letter_of_intent",)),
    "loi": Step("plan", ("terms_of_reference", "plan_of_action")),
    "plan": Step("council_approval", ("council_approval",)),
    "council_approval": Step("ministry_facilitation", ("facilitation_request",)),
    "ministry_facilitation": Step("mou", ("draft_mou", "full_power")),
    "mou": Step("implementation_agreement", ("mou", "implementation_agreement")),
    "implementation_agreement": Step("evaluation", ("evaluation_report",)),
    "evaluation": Step("renewal", ("renewal",)),
    "renewal": Step("implementation_agreement", ("implementation_agreement",)),
}
# An instrument's document serves the step of its type.
PURPOSE_OF_INSTRUMENT = {
    "loi": "letter_of_intent",
    "mou": "mou",
    "agreement": "implementation_agreement",
    "renewal": "renewal",
}

# The stage an instrument in force shows the procedure reached, by its type.
STAGE_OF_INSTRUMENT = {
    "loi": "loi",
    "mou": "mou",
    "agreement": "implementation_agreement",
    "renewal": "renewal",
}
# The stages that repeat after the MoU, where the latest fact, not the order, tells.
CYCLE = ("implementation_agreement", "evaluation", "renewal")
ORDER = {key: n for n, key in enumerate(vocab.STAGES)}

assert set(NEXT) - {None} == set(vocab.STAGES) - {"ended"}
assert all(d in vocab.DOCUMENT_PURPOSES for step in NEXT.values() for d in step.documents)


@dataclass(frozen=True)
class NeededDocument:
    purpose: str
    attached: bool


@dataclass(frozen=True)
class NextStep:
    stage: str
    documents: list[NeededDocument]


@dataclass(frozen=True)
class Reached:
    """The stage a partnership has reached: the recorded one, or one an instrument shows."""

    key: str | None  # vocab.STAGES; None when nothing is known
    recorded: str | None  # the stage recorded on the partnership
    instrument: str | None = None  # when derived: the type of the instrument that shows it
    signed_on: str | None = None  # and its signing date, if known

    @property
    def derived(self) -> bool:
        return self.instrument is not None


def _shown(instruments: Iterable[tuple[str, str | None, str]]) -> tuple[str, str, str | None] | None:
    """The furthest (stage, instrument type, signing date) instruments in force show: in
    the repeating part after the MoU, the latest signed; before it, the furthest stage."""
    found = [
        (STAGE_OF_INSTRUMENT[kind], kind, signed_on)
        for kind, signed_on, status in instruments
        if status in IN_FORCE and kind in STAGE_OF_INSTRUMENT
    ]
    if not found:
        return None
    cycle = [f for f in found if f[0] in CYCLE]
    if cycle:
        return max(cycle, key=lambda f: (last_day(f[2]) if f[2] else last_day("1"), ORDER[f[0]]))
    return max(found, key=lambda f: (ORDER[f[0]], last_day(f[2]) if f[2] else last_day("1")))


def _ahead(
    shown: tuple[str, str, str | None], recorded: str, steps: Iterable[tuple[str | None, str]]
) -> bool:
    """Whether the instrument's stage is further than the recorded one."""
    stage, _, signed_on = shown
    if stage in CYCLE and recorded in CYCLE:
        dated = [when for when, key in steps if key == recorded and when]
        if dated and signed_on:
            return stage != recorded and last_day(signed_on) > max(map(last_day, dated))
    return ORDER[stage] > ORDER[recorded]


def reached(
    recorded: str | None,
    steps: Iterable[tuple[str | None, str]],
    instruments: Iterable[tuple[str, str | None, str]],
) -> Reached:
    """The stage reached, from the recorded stage, its steps (date, stage) and the
    instruments (type, signed on, status); an ended partnership stays ended."""
    if recorded == "ended":
        return Reached(recorded, recorded)
    shown = _shown(instruments)
    known = recorded if recorded in ORDER else None
    if shown is None or (known is not None and not _ahead(shown, known, steps)):
        return Reached(known, recorded)
    return Reached(shown[0], recorded, shown[1], shown[2])


def reached_of(p: Partnership) -> Reached:
    """The stage a loaded partnership has reached (its steps and instruments read)."""
    return reached(
        p.stage,
        [(s.date, s.stage) for s in p.steps],
        [(i.type, i.signed_on, i.status) for i in p.instruments],
    )


# The words of a derived stage: (English, Bahasa Indonesia).
REACHED_WORDS = {
    "dated": ("from the {instrument} signed on {date}", "menurut {instrument} yang ditandatangani {date}"),
    "undated": ("from the signed {instrument}", "menurut {instrument} yang sudah ditandatangani"),
    "recorded": ("stage recorded: {stage}", "tahap tercatat: {stage}"),
    "unrecorded": ("no stage recorded", "tahap belum dicatat"),
}


def reached_note(stage: Reached, lang: str) -> str | None:
    """Where a derived stage comes from ("from the MoU signed on 20 December 2021; stage
    recorded: not recorded"); None for a recorded stage."""
    if not stage.derived or stage.instrument is None:
        return None
    t = Translator(lang)
    at = 1 if t.lang == "id" else 0
    instrument = t.label("instrument", stage.instrument)
    source = REACHED_WORDS["dated" if stage.signed_on else "undated"][at].format(
        instrument=instrument, date=t.when(stage.signed_on)
    )
    if stage.recorded in ORDER:
        was = REACHED_WORDS["recorded"][at].format(stage=t.label("stage", stage.recorded))
    else:
        was = REACHED_WORDS["unrecorded"][at]
    return f"{source}; {was}"


def reached_words(stage: Reached, lang: str) -> str:
    """The stage reached in words, with where it comes from when derived."""
    t = Translator(lang)
    if stage.key is None:
        return t("stage.none")
    note = reached_note(stage, lang)
    return f"{t.label('stage', stage.key)} ({note})" if note else t.label("stage", stage.key)


def attached_purposes(p: Partnership) -> set[str]:
    """The purposes of the documents a partnership has: its own, with their purpose, and
    those of its instruments, by the instrument's type."""
    found = {d.purpose for d in p.documents if d.purpose}
    for instrument in p.instruments:
        if instrument.documents and instrument.type in PURPOSE_OF_INSTRUMENT:
            found.add(PURPOSE_OF_INSTRUMENT[instrument.type])
    return found


def next_step(p: Partnership) -> NextStep | None:
    """The next step of the procedure from the stage reached (`reached_of`) and its
    documents, which attached; None once ended."""
    stage = reached_of(p).key
    if stage == "ended":
        return None
    step = NEXT[stage if stage in NEXT else None]
    have = attached_purposes(p)
    return NextStep(step.stage, [NeededDocument(d, d in have) for d in step.documents])

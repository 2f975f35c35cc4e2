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
"""

from __future__ import annotations

from dataclasses import dataclass

from kembar import vocab
from kembar.db.models import Partnership


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


def attached_purposes(p: Partnership) -> set[str]:
    """The purposes of the documents a partnership has: its own, with their purpose, and
    those of its instruments, by the instrument's type."""
    found = {d.purpose for d in p.documents if d.purpose}
    for instrument in p.instruments:
        if instrument.documents and instrument.type in PURPOSE_OF_INSTRUMENT:
            found.add(PURPOSE_OF_INSTRUMENT[instrument.type])
    return found


def next_step(p: Partnership) -> NextStep | None:
    """The next step of the procedure and its documents, which attached; None once ended."""
    if p.stage == "ended":
        return None
    step = NEXT[p.stage if p.stage in NEXT else None]
    have = attached_purposes(p)
    return NextStep(step.stage, [NeededDocument(d, d in have) for d in step.documents])

"""The demo: the seed articles read, reviewed and merged, so a newcomer sees them.

The seeds are real news articles kept beside the project (../shared/seeds); they are
not copied into the package. Accepting is what a reviewer would do with them: every
partnership, every event of a recorded partnership (the others are left pending, as the
merge refuses an activity of no partnership), and the amounts that are figures between
two countries.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.errors import InvalidInput
from kembar.extract.model import AmountFact, EventFact
from kembar.ingest import queue
from kembar.ingest.queue import payload
from kembar.permissions import Actor, system_actor


def default_seeds() -> Path | None:
    from kembar.config import _checkout_root

    root = _checkout_root()
    candidate = (root.parent / "shared" / "seeds") if root else None
    return candidate if candidate and candidate.is_dir() else None


def _review(session: Session, actor: Actor, proposals: list[int]) -> tuple[int, int]:
    """Accept an article's proposals as a reviewer would, partnerships first so that its
    events join them; an event of no single recorded partnership is left pending (the
    merge refuses it). The numbers accepted and left pending."""
    accepted = left = 0
    ordered = sorted(proposals, key=lambda i: queue.get_proposal(session, i).kind != "partnership")
    for pid in ordered:
        proposal = queue.get_proposal(session, pid)
        item = payload(proposal)
        if isinstance(item, AmountFact) and (item.name == "Amount" or len(item.parties) < 2):
            queue.reject(session, actor, pid)
            continue
        try:
            with session.begin_nested():
                queue.accept(session, actor, pid)
            accepted += 1
        except InvalidInput:
            if not isinstance(item, EventFact):
                raise
            left += 1
    return accepted, left


def run_demo(settings: Settings, seeds: Path | None = None) -> list[str]:
    folder = seeds or default_seeds()
    if folder is None or not folder.is_dir():
        return ["Demo skipped: no seed articles found (../shared/seeds); pass --seeds DIR."]
    files = sorted(p for p in folder.glob("*.txt") if p.is_file())
    lines = []
    actor = system_actor("ingest")  # the demo reads the seeds as Kembar itself
    db = Database(settings)
    try:
        for path in files:
            with db.write() as session:
                result = queue.ingest(session, path.read_bytes(), path.name, None, None, actor)
                if not result.new:
                    continue
                accepted, pending = _review(session, actor, result.proposals)
                left = f" ({pending} left for a reviewer)" if pending else ""
                lines.append(
                    f"Demo: {path.name} read, {accepted} of {len(result.proposals)} proposals accepted{left}."
                )
    finally:
        db.dispose()
    return lines or ["Demo: the seed articles were read before; nothing changed."]

"""The demo: the seed articles read, reviewed and merged, so a newcomer sees them.

The seeds are real news articles kept beside the project (../shared/seeds); they are
not copied into the package. Accepting is what a reviewer would do with them: every
partnership and event, and the amounts that are figures between two countries.
"""

from __future__ import annotations

from pathlib import Path

from kembar.config import Settings
from kembar.db import Database
from kembar.extract.model import AmountFact
from kembar.ingest import queue
from kembar.ingest.queue import payload
from kembar.permissions import system_actor


def default_seeds() -> Path | None:
    from kembar.config import _checkout_root

    root = _checkout_root()
    candidate = (root.parent / "shared" / "seeds") if root else None
    return candidate if candidate and candidate.is_dir() else None


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
                accepted = 0
                # Partnerships first, so events can join the partnership of their article.
                ordered = sorted(
                    result.proposals, key=lambda i: queue.get_proposal(session, i).kind != "partnership"
                )
                for pid in ordered:
                    proposal = queue.get_proposal(session, pid)
                    item = payload(proposal)
                    if isinstance(item, AmountFact) and (item.name == "Amount" or len(item.parties) < 2):
                        queue.reject(session, actor, pid)
                        continue
                    queue.accept(session, actor, pid)
                    accepted += 1
                lines.append(
                    f"Demo: {path.name} read, {accepted} of {len(result.proposals)} proposals accepted."
                )
    finally:
        db.dispose()
    return lines or ["Demo: the seed articles were read before; nothing changed."]

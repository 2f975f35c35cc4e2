"""Council areas in relation frames (frames.py): an article that names a party by its
city and by a council area of it ("Kuching" in the headline, "Majlis Bandaraya Kuching
Selatan" in the body) speaks of one partnership, not two."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kembar.extract.lexicon import cues
from kembar.extract.mentions import Candidate
from kembar.text import fold

if TYPE_CHECKING:
    from kembar.extract.frames import Frame


def _same_side(x: Candidate, y: Candidate) -> bool:
    """A council area no gazetteer lists, named by its city and a direction ("Majlis
    Bandaraya Kuching Selatan"), and that city itself, on the same side of one pair."""
    if x.country != y.country or not y.key.startswith("raw:") or x.key.startswith("raw:"):
        return False
    head, _, last = y.name.rpartition(" ")
    return fold(head) in {fold(x.name), fold(x.short or x.name)} and fold(last) in {
        fold(d) for d in cues().directions
    }


def merge_council_areas(frames: list[Frame]) -> list[Frame]:
    """One partnership when an article names a party by its city and by a council area of
    it: the headline's "Kuching" and the body's "Kuching Selatan" signing with Pontianak."""
    out: list[Frame] = []
    for f in frames:
        for g in out:
            for fa, fb, ga, gb in (
                (f.a, f.b, g.a, g.b),
                (f.b, f.a, g.a, g.b),
                (f.a, f.b, g.b, g.a),
                (f.b, f.a, g.b, g.a),
            ):
                if fb.key == gb.key and (_same_side(ga, fa) or _same_side(fa, ga)):
                    known = ga if not ga.key.startswith("raw:") else fa
                    g.a, g.b = known, gb
                    g.sentences = sorted(set(g.sentences) | set(f.sentences))
                    g.linked = sorted(set(g.linked) | set(f.linked))
                    break
            else:
                continue
            break
        else:
            out.append(f)
    return out

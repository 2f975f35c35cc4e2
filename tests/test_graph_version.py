"""The recommender's graph version, asked often by every worker, on both backends."""

from __future__ import annotations

import pytest

from kembar.db import Database
from kembar.db.models import Partnership, Place
from kembar.recommend.trainer import graph_version

pytestmark = pytest.mark.backends


def test_the_graph_version_holds_the_ids_of_a_full_atlas_and_moves_on_a_new_pairing(db: Database) -> None:
    # Ids as high as the atlas's (16,789 places): the pair checksum passes 2**31, which
    # overflowed PostgreSQL's 32-bit integer sum of an integer column times a literal.
    with db.write() as s:
        for pid, name in ((20_001, "Bandung"), (20_002, "Suwon"), (20_003, "Busan")):
            s.add(Place(id=pid, key=f"test:{pid}", name=name, kind="city", country_code="ID"))
        s.flush()
        s.add(Partnership(id=30_001, place_a_id=20_001, place_b_id=20_002))
    with db.session() as s:
        before = graph_version(s)
    with db.write() as s:
        pair = s.get(Partnership, 30_001)
        assert pair is not None
        pair.place_b_id = 20_003
    with db.session() as s:
        after = graph_version(s)
    assert before != after and str(20_001 * 1_000_003 + 20_003) in after

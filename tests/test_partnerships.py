"""Reading partnerships for the API and the pages (kembar/partnerships.py): the evidence of
a partnership's page, each quote of a source once with every fact it supports."""

from __future__ import annotations

from typing import Any

import pytest

from kembar.db import Database
from kembar.db.models import Evidence, Instrument, Partnership, Source
from kembar.partnerships import evidence_for, partnership_detail
from kembar.schemas import FactRef

pytestmark = pytest.mark.backends

HEADLINE = "Surabaya dan Busan Jalin Kerja Sama Sister City"
SIGNED = "Wali Kota Surabaya dan Wali Kota Busan menandatangani MoU."


def add_evidence(db: Database, world: dict[str, int]) -> dict[str, int]:
    """An article whose headline is printed twice, its signing sentence supporting the
    partnership and its MoU, and two rows of a dataset."""
    pid = world["surabaya_busan"]
    with db.write() as s:
        article = Source(kind="article", content_hash="a1", title="Berita", text="...")
        atlas = Source(kind="dataset", content_hash="d1", title="Atlas")
        mou = Instrument(partnership_id=pid, type="mou", status="signed", signed_on="2024-05-02")
        s.add_all([article, atlas, mou])
        s.flush()

        def row(source: Source, subject: str, sid: int, **where: Any) -> Evidence:
            return Evidence(source_id=source.id, subject_type=subject, subject_id=sid, **where)

        s.add_all(
            [
                row(article, "partnership", pid, start=200, end=258, quote=SIGNED),
                row(article, "instrument", mou.id, start=200, end=258, quote=SIGNED),
                row(article, "partnership", pid, start=0, end=47, quote=HEADLINE),
                row(article, "partnership", pid, start=60, end=107, quote=HEADLINE + " "),
                row(atlas, "partnership", pid, locator="row 12"),
                row(atlas, "partnership", pid, locator="row 13"),
            ]
        )
        return {"partnership": pid, "instrument": mou.id, "article": article.id}


def test_each_quote_of_a_source_is_shown_once_with_the_facts_it_supports(
    db: Database, world: dict[str, int]
) -> None:
    ids = add_evidence(db, world)
    with db.session() as s:
        found = evidence_for(s, [("partnership", ids["partnership"]), ("instrument", ids["instrument"])])
        shown = [(e.source.kind, e.quote, e.start, e.locator) for e in found]
        assert shown == [
            ("article", HEADLINE, 0, None),
            ("article", SIGNED, 200, None),
            ("dataset", None, None, "row 12"),
            ("dataset", None, None, "row 13"),
        ]
        assert found[1].supports == [
            FactRef(subject_type="partnership", subject_id=ids["partnership"]),
            FactRef(subject_type="instrument", subject_id=ids["instrument"]),
        ]
        assert [len(e.supports) for e in found] == [1, 2, 1, 1]
        p = s.get(Partnership, ids["partnership"])
        assert p is not None and len(partnership_detail(s, p).evidence) == 4


def test_the_page_shows_each_quote_once(web: Any, db: Database, world: dict[str, int]) -> None:
    ids = add_evidence(db, world)
    page = web.get(f"/partnerships/{ids['partnership']}?lang=en").text
    evidence = page.split('id="evidence"', 1)[1].split("</ul>", 1)[0]
    assert evidence.count(SIGNED) == 1 and evidence.count(HEADLINE) == 1

"""Ingesting articles into the review queue and merging accepted proposals without
duplicates, on real SQLite files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from helpers import SHARED, copy_registry
from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Evidence, Instrument, Partnership, Place, Proposal, Source
from kembar.errors import AlreadyDecided, InvalidInput
from kembar.ingest import queue
from kembar.permissions import system_actor

REVIEWER = system_actor("cli")

SIGNED = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    "Jerman, Senin (3/7/2023). Kerja sama tersebut meliputi bidang pendidikan dan transportasi."
)
FOLLOW_UP = (
    "Delegasi Braunschweig Kunjungi Bandung\n\n"
    "Wali Kota Braunschweig mengunjungi Bandung. Kedua kota akan memperluas kerja sama sister city "
    "Bandung dan Braunschweig ke bidang kebudayaan."
)


@pytest.fixture
def db(tmp_path: Path, pair_atlas: Path) -> Iterator[Database]:
    """A registry whose atlas is the one row Bandung–Braunschweig (a copy of the run's)."""
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'home' / 'k.sqlite3'}")
    database = copy_registry(pair_atlas, settings)
    yield database
    database.dispose()


def _accept_all(database: Database, source_id: int) -> None:
    with database.session() as s:
        ids = [p.id for p in s.scalars(select(Proposal).where(Proposal.source_id == source_id))]
    partnership_first = []
    with database.session() as s:
        partnership_first = sorted(ids, key=lambda i: queue.get_proposal(s, i).kind != "partnership")
    for pid in partnership_first:
        with database.session() as s:
            queue.accept(s, REVIEWER, pid)


def test_two_articles_merge_into_one_partnership(db: Database) -> None:
    with db.session() as s:
        first = queue.ingest(s, SIGNED.encode(), "a.txt")
    _accept_all(db, first.source_id)
    with db.session() as s:
        second = queue.ingest(s, FOLLOW_UP.encode(), "b.txt")
    _accept_all(db, second.source_id)
    with db.session() as s:
        pairs = s.scalars(select(Partnership)).all()
        assert len(pairs) == 1  # the atlas pair gained the news, it was not duplicated
        p = pairs[0]
        assert p.stage == "mou" and p.first_date == "2023-07-03"
        assert {f.field_key for f in p.fields} >= {"education", "transport", "culture"}
        instruments = s.scalars(select(Instrument)).all()
        assert [(i.type, i.signed_on) for i in instruments] == [("mou", "2023-07-03")]
        sources = set(
            s.scalars(
                select(Source.kind)
                .join(Evidence, Evidence.source_id == Source.id)
                .where(Evidence.subject_type == "partnership", Evidence.subject_id == p.id)
            )
        )
        article_sources = s.scalar(
            select(func.count(func.distinct(Evidence.source_id)))
            .join(Source, Source.id == Evidence.source_id)
            .where(
                Evidence.subject_type == "partnership", Evidence.subject_id == p.id, Source.kind == "article"
            )
        )
        assert sources == {"dataset", "article"} and article_sources == 2
        quotes = s.scalars(select(Evidence.quote).where(Evidence.source_id == first.source_id)).all()
        assert any("nota kesepahaman" in (q or "") for q in quotes)


def test_a_place_new_to_the_registry_comes_with_its_gazetteer_facts(db: Database) -> None:
    article = (
        "Bandung dan Suwon Resmi Jadi Kota Kembar\n\n"
        "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Suwon, "
        "Korea Selatan, Senin (3/7/2023)."
    )
    with db.session() as s:
        ingested = queue.ingest(s, article.encode(), "suwon.txt")
    _accept_all(db, ingested.source_id)
    with db.session() as s:
        suwon = s.scalars(select(Place).where(Place.name == "Suwon")).one()
        assert suwon.resolution == "geonames" and suwon.geonameid and suwon.population
        assert suwon.lat is not None and suwon.admin_name  # its province, from GeoNames
        assert s.scalar(select(func.count()).select_from(Partnership)) == 2


def test_reingesting_is_a_no_op(db: Database) -> None:
    with db.session() as s:
        first = queue.ingest(s, SIGNED.encode(), "a.txt")
    with db.session() as s:
        again = queue.ingest(s, (SIGNED + "\n\n").encode(), "copy.txt")
        assert not again.new and again.source_id == first.source_id
        assert s.scalar(select(func.count()).select_from(Proposal)) == len(first.proposals)


def test_review_edit_reject_and_errors(db: Database) -> None:
    with db.session() as s:
        result = queue.ingest(s, SIGNED.encode(), "a.txt")
    pid = next(iter(result.proposals))
    with db.session() as s:
        edited = queue.edit(s, REVIEWER, pid, {"status": "planned", "fields": "culture"})
        assert "planned" in edited.summary
        with pytest.raises(InvalidInput, match="valid"):
            queue.edit(s, REVIEWER, pid, {"kind": "twins"})
    with db.session() as s:
        queue.reject(s, REVIEWER, pid)
    with db.write() as s, pytest.raises(AlreadyDecided, match="already rejected by system at 20"):
        queue.accept(s, REVIEWER, pid)


def test_cli_ingest_review_and_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    bad = runner.invoke(app, ["ingest", str(empty)])
    assert bad.exit_code == 2 and "empty" in bad.output
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert runner.invoke(app, ["ingest", str(binary)]).exit_code == 2
    assert runner.invoke(app, ["ingest", "http://127.0.0.1:9/nothing"]).exit_code == 2
    db = Database(Settings.from_env())
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Source)) == 0  # nothing written
    db.dispose()
    article = tmp_path / "a.txt"
    article.write_text(SIGNED, encoding="utf-8")
    out = runner.invoke(app, ["ingest", str(article), "--json"])
    assert out.exit_code == 0, out.output
    ids = json.loads(out.output)[0]["proposals"]
    assert runner.invoke(app, ["ingest", str(article)]).output.count("already ingested") == 1
    listing = json.loads(runner.invoke(app, ["review", "list", "--json"]).output)
    assert [r["id"] for r in listing] == ids
    shown = runner.invoke(app, ["review", "show", str(ids[0])])
    assert "Braunschweig" in shown.output and "nota kesepahaman" in shown.output
    assert "b: Bandung (ID) -> new city, not in the registry yet" in shown.output
    accepted = runner.invoke(app, ["review", "accept", str(ids[0])])
    assert accepted.exit_code == 0 and "accepted -> partnership" in accepted.output
    assert runner.invoke(app, ["review", "accept", "99999"]).exit_code == 1
    db = Database(Settings.from_env())
    with db.session() as s:
        bandung = s.scalar(select(Place).where(Place.name == "Bandung"))
        assert bandung is not None and bandung.partner_count == 1
    db.dispose()


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared/ is not beside this checkout")
def test_seed_demo_gives_one_nusantara_astana_partnership(small_atlas_copy: Path) -> None:
    from kembar.ingest.demo import run_demo

    home = small_atlas_copy
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
    assert len(run_demo(settings, SHARED / "seeds")) == 5
    assert run_demo(settings, SHARED / "seeds") == [
        "Demo: the seed articles were read before; nothing changed."
    ]
    db = Database(settings)
    with db.session() as s:
        nusantara = s.scalar(select(Place).where(Place.key == "x:nusantara"))
        astana = s.scalar(select(Place).where(Place.geonameid == 1526273))
        assert nusantara and astana
        lo, hi = sorted((nusantara.id, astana.id))
        pairs = s.scalars(
            select(Partnership).where(Partnership.place_a_id == lo, Partnership.place_b_id == hi)
        ).all()
        assert len(pairs) == 1
        p = pairs[0]
        assert [(i.type, i.signed_on) for i in p.instruments] == [("mou", "2023-07-03")]
        articles = s.scalar(
            select(func.count(func.distinct(Evidence.source_id)))
            .join(Source, Source.id == Evidence.source_id)
            .where(
                Evidence.subject_type == "partnership", Evidence.subject_id == p.id, Source.kind == "article"
            )
        )
        assert articles == 2
    db.dispose()


def test_an_article_files_at_most_a_sane_number_of_proposals_per_kind(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kembar.extract.pipeline import extract

    figures = " ".join(
        f"Nilai perdagangan Indonesia dan Jerman pada {1990 + i} mencapai US$ {i + 1} juta."
        for i in range(30)
    )
    article = "Bandung dan Braunschweig Perluas Kerja Sama\n\n" + figures
    cap = queue.MAX_PROPOSALS["amount"]
    found = len(extract(article).amounts)
    assert found > cap
    with db.write() as s:
        result = queue.ingest(s, article.encode(), "figures.txt")
        assert result.not_filed == {"amount": found - cap}
        amounts = [queue.payload(p) for p in s.scalars(select(Proposal).where(Proposal.kind == "amount"))]
        assert [a.value for a in amounts] == [(i + 1) * 1e6 for i in range(cap)]  # the first, in order
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "cli"))
    path = tmp_path / "figures.txt"
    path.write_text(article, encoding="utf-8")
    out = CliRunner().invoke(app, ["ingest", str(path)])
    assert out.exit_code == 0
    assert f"{found - cap} more amounts not filed (at most {cap} per article)" in out.stdout


# A partnership proposal as the extractor before the typed model stored it.
OLD_PAYLOAD = {
    "a": {
        "name": "Bandung",
        "country": "ID",
        "geonameid": 1650357,
        "kind": "city",
        "key": "gn:1650357",
        "resolved": True,
        "aliases": [],
    },
    "b": {"name": "Braunschweig", "country": "DE", "geonameid": 2945024, "kind": "city", "key": "gn:2945024"},
    "kind": "sister_city",
    "instrument": "mou",
    "status": "signed",
    "date": "2023-07-03",
    "fields": ["education"],
    "evidence": [{"start": 0, "end": 10, "quote": "Bandung da"}],
}


def test_proposals_stored_by_the_old_extractor_still_load_and_merge(db: Database) -> None:
    with db.write() as s:
        result = queue.ingest(s, SIGNED.encode(), "a.txt")
        old = Proposal(
            source_id=result.source_id,
            kind="partnership",
            summary="old",
            payload=json.dumps(OLD_PAYLOAD),
            status="pending",
        )
        s.add(old)
        s.flush()
        old_id = old.id
    with db.write() as s:
        fact = queue.payload(queue.get_proposal(s, old_id))
        assert fact.a.name == "Bandung" and fact.valid_until is None  # type: ignore[union-attr]
        queue.edit(s, REVIEWER, old_id, {"fields": "education,culture"})
    with db.write() as s:
        accepted = queue.accept(s, REVIEWER, old_id)
        partnership = s.get(Partnership, accepted.result_id)
        assert partnership is not None and {f.field_key for f in partnership.fields} >= {
            "education",
            "culture",
        }


def test_a_valid_until_date_reaches_the_instrument(db: Database) -> None:
    text = (
        "Bandung dan Braunschweig Perpanjang Kota Kembar\n\n"
        "Pemerintah Kota Bandung menandatangani nota kesepahaman sister city dengan Kota Braunschweig, "
        "Jerman, pada 3 Juli 2023. Nota kesepahaman itu berlaku hingga 3 Juli 2028."
    )
    with db.write() as s:
        result = queue.ingest(s, text.encode(), "v.txt", published=None)
        pid = next(p for p in result.proposals if queue.get_proposal(s, p).kind == "partnership")
        fact = queue.payload(queue.get_proposal(s, pid))
        assert fact.valid_until == "2028-07-03"  # type: ignore[union-attr]
    with db.write() as s:
        queue.accept(s, REVIEWER, pid)
    with db.write() as s:
        until = s.scalars(select(Instrument.valid_until).where(Instrument.signed_on == "2023-07-03")).all()
        assert "2028-07-03" in until


def test_an_unreadable_payload_is_refused_in_one_line(db: Database) -> None:
    with db.write() as s:
        result = queue.ingest(s, SIGNED.encode(), "a.txt")
        broken = Proposal(
            source_id=result.source_id, kind="partnership", summary="x", payload="{}", status="pending"
        )
        s.add(broken)
        s.flush()
        with pytest.raises(InvalidInput, match=r"cannot be merged|unreadable"):
            queue.accept(s, REVIEWER, broken.id)

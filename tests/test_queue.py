"""Deciding proposals: each is decided once, even by several processes at the same
moment; the loser is told who decided and writes nothing."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpers import copy_registry, write_csv
from kembar import users
from kembar.atlas.build import build_atlas
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Indicator, Partnership, Place, Proposal
from kembar.errors import AlreadyDecided
from kembar.ingest import queue
from kembar.permissions import system_actor

ARTICLE = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    "Jerman, Senin (3/7/2023). Nilai perdagangan kedua negara mencapai US$ 3,5 miliar pada 2022."
)
# Two articles naming a city the registry does not hold yet (Suwon), so that accepting
# both creates that place: the second accept must find it, not insert it again.
SUWON = (
    "Bandung dan Suwon Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Suwon, "
    "Korea Selatan, Senin (3/7/2023)."
)
SUWON_AGAIN = (
    "Braunschweig dan Suwon Jajaki Kerja Sama\n\n"
    "Kota Braunschweig, Jerman, menandatangani Letter of Intent (LoI) sister city dengan Kota Suwon, "
    "Korea Selatan, Rabu (5/7/2023)."
)


pytestmark = pytest.mark.backends

REVIEWERS = ("ana", "budi", "citra")
# The database of each test's home: SQLite in the home, or the test's PostgreSQL database.
_URLS: dict[str, str] = {}


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=_URLS.get(str(home), f"sqlite:///{home / 'k.sqlite3'}"))


@pytest.fixture
def home(tmp_path: Path, settings: Settings, request: pytest.FixtureRequest) -> Path:
    """A registry whose atlas is the one row Bandung–Braunschweig, with the reviewers: on
    SQLite a copy of the run's (conftest.py pair_atlas), on PostgreSQL built in the test's
    database."""
    home = tmp_path / "home"
    if settings.is_sqlite:
        database = copy_registry(request.getfixturevalue("pair_atlas"), _settings(home))
    else:
        _URLS[str(home)] = settings.database_url
        database = Database(_settings(home))
        rows = ["Bandung,Indonesia,-6.9147,107.6098,Braunschweig,Germany,52.2689,10.5268"]
        with database.write() as s:
            build_atlas(s, write_csv(tmp_path / "pairs.csv", rows))
    with database.write() as s:
        for who in REVIEWERS:
            users.add_user(s, system_actor("cli"), f"{who}@example.org", "reviewer", "a long passphrase 1")
        users.add_user(
            s, system_actor("cli"), "eko@example.org", "editor", "a long passphrase 1", scope=["ID"]
        )
    database.dispose()
    return home


def _ingest(home: Path, text: str, name: str) -> dict[str, list[int]]:
    database = Database(_settings(home))
    with database.write() as s:
        result = queue.ingest(s, text.encode(), name)
        by_kind: dict[str, list[int]] = {}
        for pid in result.proposals:
            by_kind.setdefault(queue.get_proposal(s, pid).kind, []).append(pid)
    database.dispose()
    return by_kind


def _accept_in_process(home: str, proposal_id: int, by: str, start: object, results: object) -> None:
    database = Database(_settings(Path(home)))
    start.wait()  # type: ignore[attr-defined]
    try:
        with database.write() as s:
            queue.accept(s, users.cli_actor(s, f"{by}@example.org"), proposal_id)
        results.put((by, "accepted"))  # type: ignore[attr-defined]
    except AlreadyDecided as exc:
        results.put((by, exc.message))  # type: ignore[attr-defined]
    except Exception as exc:  # the test reports any other failure by its name
        results.put((by, f"{type(exc).__name__}: {exc}"))  # type: ignore[attr-defined]
    finally:
        database.dispose()


def _race(home: Path, jobs: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Run the accepts in separate processes released at the same instant."""
    ctx = mp.get_context("fork")
    start, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [
        ctx.Process(target=_accept_in_process, args=(str(home), pid, by, start, results)) for pid, by in jobs
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    return sorted(results.get(timeout=5) for _ in procs)


def test_three_concurrent_accepts_of_one_proposal_make_one_merge(home: Path) -> None:
    ids = _ingest(home, ARTICLE, "a.txt")
    amount, partnership = ids["amount"][0], ids["partnership"][0]
    for pid in (partnership, amount):
        outcomes = _race(home, [(pid, "ana"), (pid, "budi"), (pid, "citra")])
        winners = [by for by, what in outcomes if what == "accepted"]
        losers = [what for _, what in outcomes if what != "accepted"]
        assert len(winners) == 1, outcomes
        assert all(f"already accepted by {winners[0]}@example.org at 20" in what for what in losers), outcomes
    database = Database(_settings(home))
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Indicator)) == 1
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
        decided = s.scalars(select(Proposal.decided_by).where(Proposal.id.in_([amount, partnership]))).all()
        assert len(decided) == 2 and all(decided)
    database.dispose()


def test_two_accepts_that_create_the_same_place_find_it(home: Path) -> None:
    first = _ingest(home, SUWON, "suwon.txt")["partnership"][0]
    second = _ingest(home, SUWON_AGAIN, "suwon2.txt")["partnership"][0]
    outcomes = _race(home, [(first, "ana"), (second, "budi")])
    assert outcomes == [("ana", "accepted"), ("budi", "accepted")]
    database = Database(_settings(home))
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Place).where(Place.name == "Suwon")) == 1
        assert s.scalar(select(func.count()).select_from(Partnership)) == 3
    database.dispose()


def test_the_cli_tells_the_loser_who_decided(home: Path) -> None:
    pid = _ingest(home, ARTICLE, "a.txt")["partnership"][0]
    env = {"KEMBAR_HOME": str(home), "KEMBAR_DATABASE_URL": _settings(home).database_url}
    kembar = str(Path(sys.executable).parent / "kembar")
    procs = [
        subprocess.Popen(
            [kembar, "review", "accept", str(pid), "--as", f"{who}@example.org"],
            env={**env, "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("ana", "budi", "citra")
    ]
    runs = [(p.wait(60), *p.communicate()) for p in procs]
    assert sorted(code for code, _, _ in runs) == [0, 1, 1], runs
    for code, stdout, stderr in runs:
        if code == 0:
            assert f"proposal {pid} accepted -> partnership" in stdout
        else:
            assert stderr.count("\n") == 1 and "error: proposal" in stderr and "already accepted by" in stderr


def test_a_decided_proposal_cannot_be_decided_again(home: Path) -> None:
    pid = _ingest(home, ARTICLE, "a.txt")["partnership"][0]
    database = Database(_settings(home))
    with database.write() as s:
        queue.reject(s, users.cli_actor(s, "ana@example.org"), pid)
    for decide in (queue.accept, queue.reject):
        with (
            database.write() as s,
            pytest.raises(AlreadyDecided, match=r"already rejected by ana@example\.org"),
        ):
            decide(s, users.cli_actor(s, "budi@example.org"), pid)
    with database.session() as s:
        proposal = queue.get_proposal(s, pid)
        assert proposal.decided_by == "ana@example.org" and proposal.decided_by_id is not None
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
    database.dispose()


def test_only_reviewers_decide(home: Path) -> None:
    from kembar.errors import NotAuthenticated, PermissionDenied

    pid = _ingest(home, ARTICLE, "a.txt")["partnership"][0]
    database = Database(_settings(home))
    with database.write() as s, pytest.raises(PermissionDenied, match="only reviewers and admins"):
        queue.accept(s, users.cli_actor(s, "eko@example.org"), pid)
    with database.write() as s, pytest.raises(NotAuthenticated):
        queue.reject(s, None, pid)
    with database.session() as s:
        assert queue.get_proposal(s, pid).status == "pending"
    database.dispose()


def test_a_decision_is_in_the_history_and_an_accept_can_be_undone(home: Path) -> None:
    from kembar.registry import history

    pid = _ingest(home, SUWON, "suwon.txt")["partnership"][0]
    database = Database(_settings(home))
    with database.write() as s:
        ana = users.cli_actor(s, "ana@example.org")
        merged = queue.accept(s, ana, pid).result_id
    assert merged is not None
    with database.session() as s:
        sets = history.of_partnership(s, merged)
        assert [c.actor for c in sets] == ["ana@example.org"]
        assert sets[0].summary.startswith(f"Accepted proposal {pid}")
        tables = {c.table for c in sets[0].changes}
        assert (
            {"partnerships", "partnership_fields", "instruments", "evidence", "stage_steps"}
            >= tables
            >= {
                "partnerships",
                "evidence",
            }
        )
    with database.write() as s:
        history.revert(s, users.cli_actor(s, "ana@example.org"), sets[0].id, "read too fast")
    with database.session() as s:
        assert s.get(Partnership, merged) is None
        assert queue.get_proposal(s, pid).status == "pending"  # back in the queue
        # the place the accept created is gone with it; Bandung is back to its one partner
        assert s.scalars(select(Place).where(Place.name == "Suwon")).first() is None
        bandung = s.scalars(select(Place).where(Place.name == "Bandung")).one()
        assert bandung.partner_count == 1
    database.dispose()

"""Recommendations on the bundled atlas: candidates, reasons, the batch contract and the
offline protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.places import find_place, partners_of
from kembar.recommend.graph import Graph
from kembar.recommend.ranker import split
from kembar.recommend.service import recommend

pytestmark = pytest.mark.slow


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


@pytest.fixture(scope="module")
def graph(atlas_home: Path) -> Graph:
    db = Database(_settings(atlas_home))
    with db.session() as s:
        g = Graph.load(s)
    db.dispose()
    return g


def test_split_hides_a_tenth_and_keeps_every_place(graph: Graph) -> None:
    train, hidden = split(graph, 0.1, 0)
    assert abs(len(hidden) - 0.1 * len(graph.edges())) <= 1
    assert all(train.adj[n] for n in graph.nodes)  # degree >= 1 everywhere
    assert split(graph, 0.1, 0)[1] == hidden  # seed 0 is reproducible


def test_recommendations_for_jakarta(atlas_home: Path) -> None:
    settings = _settings(atlas_home)
    db = Database(settings)
    with db.session() as s:
        jakarta = find_place(s, "Jakarta", "ID")
        found = recommend(s, settings, jakarta, k=10)
        partners = {jakarta.id} | {p.place.id for p in partners_of(s, jakarta)}
        assert len(found) == 10
        assert not {c["id"] for c in found} & partners  # never itself, never a partner already
        assert all(1 <= len(c["reasons"]) <= 3 for c in found)
        assert found == sorted(found, key=lambda c: -c["score"])
        japan = recommend(s, settings, jakarta, k=5, in_country="JP")
        assert japan and {c["country"] for c in japan} == {"JP"}
    db.dispose()


def test_batch_contract_and_errors(atlas_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(atlas_home))
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"name": "Aachen", "country": "DE"}\n{"name": "Qqqzzzx", "country": "DE"}\n'
        '{"name": "Bérat", "country": "FR"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["recommend", "--batch", str(queries), "--k", "5"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 3
    assert len(lines[0]["candidates"]) == 5 and "error" not in lines[0]
    assert set(lines[0]["candidates"][0]) >= {"name", "country", "geonameid", "aliases", "score", "reasons"}
    assert lines[1]["candidates"] == [] and "Qqqzzzx" in lines[1]["error"]
    assert lines[2]["candidates"]
    bad = CliRunner().invoke(app, ["recommend", "Jakarta", "--country", "ID", "--field", "space"])
    assert bad.exit_code == 2 and "tourism" in bad.output


def test_api_recommendations(atlas_home: Path) -> None:
    from kembar.web.app import create_app

    with TestClient(create_app(_settings(atlas_home))) as c:
        jakarta = c.get("/api/v1/places", params={"q": "Jakarta", "country": "ID"}).json()["items"][0]
        data = c.get(f"/api/v1/places/{jakarta['id']}/recommendations", params={"k": 3}).json()
        assert len(data["candidates"]) == 3
        assert c.get("/api/v1/places/99999999/recommendations").status_code == 404


def test_offline_protocol_beats_popularity(atlas_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(atlas_home))
    result = CliRunner().invoke(app, ["evaluate", "recommend", "--limit", "60", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["held_out_pairs"] == 60 and data["queries"] == 120
    assert data["ranker"]["hits_at_10"] > data["popularity"]["hits_at_10"]

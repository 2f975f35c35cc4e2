"""Recommendations on the bundled atlas: candidates, reasons, the batch contract and the
offline protocol."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from typer.testing import CliRunner

from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Partnership, PartnershipField, PlacePriority
from kembar.place_names import local_names
from kembar.places import find_place, partners_of
from kembar.recommend.geography import coast_km
from kembar.recommend.graph import INDEX, Features, Graph, Node
from kembar.recommend.service import recommend
from kembar.recommend.splits import FEW_PARTNERS, RARE_PAIR, sparse_split, split
from kembar.recommend.trainer import ensure

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


def _toy() -> Graph:
    """Four German and three French towns: Aachen and Bonn share Reims and Lyon."""
    spots = {
        1: ("Aachen", "DE", 50.78, 6.08),
        2: ("Bonn", "DE", 50.73, 7.10),
        3: ("Reims", "FR", 49.26, 4.03),
        4: ("Lyon", "FR", 45.76, 4.84),
        5: ("Nice", "FR", 43.70, 7.27),
        6: ("Kiel", "DE", 54.32, 10.14),
        7: ("Bonn", "DE", 50.74, 7.11),
    }
    g = Graph({i: Node(i, n, c, la, lo, 100_000, False, False) for i, (n, c, la, lo) in spots.items()})
    for a, b in ((1, 3), (1, 4), (2, 3), (2, 4), (2, 5), (6, 5)):
        g.adj[a].add(b)
        g.adj[b].add(a)
    return g


def test_features_count_shared_partners_and_neighbours() -> None:
    fs = Features(_toy())
    i = fs.index
    x = fs.of(i[1])  # everything as a partner for Aachen
    assert x[i[2], INDEX["common_partners"]] == 2  # Bonn shares Reims and Lyon
    assert x[i[6], INDEX["common_partners"]] == 0
    assert x[i[5], INDEX["own_country_share"]] == 1.0  # all of Aachen's partners are French
    # Nice is partnered with Bonn, 70 km from Aachen: outside the 50 km neighbourhood
    assert x[i[5], INDEX["neighbours_partner"]] == 0
    assert fs.of(i[7])[i[5], INDEX["neighbours_partner"]] == 1  # the other Bonn is next door
    assert x[i[7], INDEX["namesake"]] == 0 and fs.of(i[2])[i[7], INDEX["namesake"]] == 1
    allowed = fs.allowed(i[1])
    assert not allowed[[i[1], i[3], i[4]]].any()  # never itself nor a partner
    assert not allowed[i[7]]  # the second Bonn has no partnership yet
    assert allowed[[i[2], i[5], i[6]]].all()


def test_rank_by_population_within_the_country() -> None:
    import numpy as np

    spots = {1: ("DE", 500_000), 2: ("DE", 100_000), 3: ("DE", 0), 4: ("FR", 2_000_000), 5: ("DE", 90_000)}
    g = Graph({i: Node(i, f"P{i}", c, 50.0 + i, 6.0, pop, False, False) for i, (c, pop) in spots.items()})
    g.adj[1].add(4)
    g.adj[4].add(1)
    fs = Features(g)
    ranks = {pid: round(float(np.exp(fs.logrank[fs.index[pid]]))) for pid in spots}
    assert ranks == {1: 1, 2: 2, 5: 3, 3: 5, 4: 1}  # unknown population: after every place of its country
    # a town of 200,000 outside the graph would be Germany's second
    x = fs.of(fs.query_at(Node(-1, "Neu", "DE", 50.0, 7.0, 200_000, False, False)))
    assert x[fs.index[2], INDEX["rank_gap"]] == pytest.approx(abs(np.log(2) - np.log(2)))
    assert x[fs.index[1], INDEX["rank_gap"]] == pytest.approx(np.log(2))
    assert x[fs.index[4], INDEX["candidate_rank"]] == 0.0


def test_reasons_name_the_regions_that_link_two_places() -> None:
    from kembar.i18n import Translator
    from kembar.recommend.graph import FEATURES
    from kembar.recommend.reasons import Context, reasons

    g = _toy()
    regions = {1: "North Rhine-Westphalia", 2: "North Rhine-Westphalia", 5: "Provence", 6: "Holstein"}
    for pid, region in regions.items():
        g.nodes[pid].region = region
    fs = Features(g)
    # Eschweiler, not yet partnered, is in Bonn's region; Nice is partnered with Bonn and Kiel
    q = fs.query_at(Node(-1, "Eschweiler", "DE", 50.82, 6.27, 55_000, False, False, "North Rhine-Westphalia"))
    f = dict(zip(FEATURES, map(float, fs.of(q)[fs.index[5]]), strict=True))
    ctx = Context(fs, q, set(), set(), set())
    said = reasons(ctx, fs.index[5], f, set(), Translator("en"))
    # two reasons of one topic (the regions) are one reason: the strongest
    assert "1 partnership already joins places in North Rhine-Westphalia and in Provence" in said
    assert "Provence already has 2 partnerships in Germany" not in said
    # Reims has no region on record: its reasons stay with countries and partners
    f_reims = dict(zip(FEATURES, map(float, fs.of(q)[fs.index[3]]), strict=True))
    said_reims = reasons(ctx, fs.index[3], f_reims, set(), Translator("en"))
    assert "Reims has 2 partners in Germany" in said_reims
    assert not [r for r in said_reims if "North Rhine-Westphalia" in r]
    bahasa = reasons(ctx, fs.index[5], f, set(), Translator("id"))
    assert "1 kemitraan sudah menghubungkan tempat di North Rhine-Westphalia dan di Provence" in bahasa


def test_a_place_outside_the_graph_is_seen_through_its_neighbours() -> None:
    fs = Features(_toy())
    i = fs.index
    x = fs.of(fs.query_at(Node(-1, "Eschweiler", "DE", 50.82, 6.27, 55_000, False, False)))
    assert x[i[3], INDEX["neighbours_partner"]] == 1  # Aachen, 14 km away, partners Reims
    assert x[i[5], INDEX["neighbours_partner"]] == 0
    assert x[:, INDEX["common_partners"]].sum() == 0
    assert x[i[3], INDEX["same_country"]] == 0 and x[i[6], INDEX["same_country"]] == 1
    assert fs.allowed(None)[i[1]]  # Aachen itself may be proposed to its neighbour


def test_coast_from_the_bundled_coastline() -> None:
    import numpy as np

    km = coast_km(np.array([-6.2, 51.17, 43.70]), np.array([106.8, 71.43, 7.27]))  # Jakarta, Astana, Nice
    assert km[0] < 25 and km[2] < 25 and km[1] > 1000


def test_features_of_some_rows_are_those_rows_of_all(graph: Graph) -> None:
    """Training computes only the rows it keeps; they must be the rows serving ranks."""
    import numpy as np

    fs = Features(graph)
    rng = np.random.default_rng(0)
    hubs = np.argsort(-fs.deg)[:5]  # the busiest places: their partners' distances weigh most
    for i in [*hubs, *rng.choice(len(fs.ids), 25, replace=False)]:
        q = fs.query(int(i))
        rows = rng.choice(len(fs.ids), 41, replace=False)
        np.testing.assert_array_equal(fs.of(q, rows=rows), fs.of(q)[rows])


def test_split_hides_a_tenth_and_keeps_every_place(graph: Graph) -> None:
    train, hidden = split(graph, 0.1, 0)
    assert abs(len(hidden) - 0.1 * len(graph.edges())) <= 1
    assert all(train.adj[n] for n in graph.nodes if graph.adj.get(n))  # every partnered place keeps one
    assert split(graph, 0.1, 0)[1] == hidden  # seed 0 is reproducible


def test_recommendations_for_jakarta(trained_atlas_home: Path) -> None:
    settings = _settings(trained_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    with db.session() as s:
        jakarta = find_place(s, "Jakarta", "ID")
        found = recommend(s, rec, jakarta, k=10)
        partners = {jakarta.id} | {p.place.id for p in partners_of(s, jakarta)}
        assert len(found) == 10
        assert not {c.id for c in found} & partners  # never itself, never a partner already
        assert all(1 <= len(c.reasons) <= 3 for c in found)
        assert found == sorted(found, key=lambda c: -c.score)
        japan = recommend(s, rec, jakarta, k=5, in_country="JP")
        assert japan and {c.country for c in japan} == {"JP"}
    db.dispose()


def test_batch_contract_and_errors(
    trained_atlas_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(trained_atlas_home))
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"name": "Aachen", "country": "DE"}\n{"name": "Qqqzzzx", "country": "DE"}\n'
        '{"name": "Bérat", "country": "FR"}\n{"name": "Córdoba", "country": "CO"}\n'
        '{"name": "Purwokerto", "country": "ID"}\n{"name": "Kota Purwokerto", "country": "ID"}\n'
        '{"name": "Busan Metropolitan City", "country": "KR"}\n'
        '{"name": "Springfield, Massachusetts", "country": "US"}\n'
        '{"name": "Bontang", "country": "ID"}\n{"name": "Kota Bontang", "country": "ID"}\n'
        '{"name": "Surabya", "country": "ID"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["recommend", "--batch", str(queries), "--k", "5"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 11
    assert len(lines[0]["candidates"]) == 5 and "error" not in lines[0]
    assert set(lines[0]["candidates"][0]) >= {"name", "country", "geonameid", "aliases", "score", "reasons"}
    assert lines[1]["candidates"] == [] and "Qqqzzzx" in lines[1]["error"]
    assert lines[2]["candidates"]
    assert lines[3]["candidates"]  # four places are called Córdoba in Colombia: a batch takes the best known
    # Purwokerto is no place of the atlas: GeoNames locates it, and its region speaks for it
    assert "GeoNames" in lines[4]["located"] and len(lines[4]["candidates"]) == 5
    # administrative words around a name are dropped when the name alone is unknown
    assert lines[5]["candidates"] == lines[4]["candidates"]
    assert lines[6]["candidates"] and "error" not in lines[6]
    # the atlas's Springfield lies in Illinois: the one of Massachusetts is GeoNames'
    assert lines[7]["located"] == "not in the registry; GeoNames 4951788" and lines[7]["candidates"]
    # Bontang, a kota without partners, is a place of the atlas under both names
    assert "located" not in lines[8] and len(lines[8]["candidates"]) == 5
    assert lines[9]["candidates"] == lines[8]["candidates"]
    # a batch has nobody to answer "did you mean": a name spelled nearly as one place's is its
    assert lines[10]["located"] == "no place named 'Surabya'; read as Surabaya"
    assert lines[10]["candidates"]
    bad = CliRunner().invoke(app, ["recommend", "Jakarta", "--country", "ID", "--field", "space"])
    assert bad.exit_code == 2 and "tourism" in bad.output
    shared = CliRunner().invoke(app, ["recommend", "Córdoba", "--k", "2"])  # Argentina, Spain, Mexico...
    assert shared.exit_code == 1 and "ES, id" in shared.output and "MX, id" in shared.output
    spain = shared.output.split("ES, id ")[1].split(")")[0]
    by_id = CliRunner().invoke(app, ["recommend", spain, "--k", "2", "--json"])
    assert by_id.exit_code == 0 and len(json.loads(by_id.output)) == 2


def test_api_recommendations(trained_atlas_home: Path) -> None:
    from kembar.web.app import create_app

    db = Database(_settings(trained_atlas_home))
    ensure(_settings(trained_atlas_home), db)  # the snapshot the server loads when it starts
    db.dispose()
    with TestClient(create_app(_settings(trained_atlas_home))) as c:
        jakarta = c.get("/api/v1/places", params={"q": "Jakarta", "country": "ID"}).json()["items"][0]
        data = c.get(f"/api/v1/places/{jakarta['id']}/recommendations", params={"k": 3}).json()
        assert len(data["candidates"]) == 3
        assert c.get("/api/v1/places/99999999/recommendations").status_code == 404
        url = f"/api/v1/places/{jakarta['id']}/recommendations"
        in_id = c.get(url, params={"k": 3, "lang": "id"}).json()
        assert in_id["candidates"][0]["id"] == data["candidates"][0]["id"]
        assert in_id["candidates"][0]["reasons"] != data["candidates"][0]["reasons"]
        assert c.get(url, params={"field": "space"}).status_code in (400, 422)
        wrong = c.get(url, params={"in_country": "XQ"})
        assert wrong.status_code == 422 and "'XQ', is not an ISO 3166-1" in wrong.json()["detail"]
        assert "--" not in wrong.json()["detail"]  # no CLI option named to an API client
        japan = c.get(url, params={"k": 3, "in_country": "JP"}).json()["candidates"]
        assert japan and all(x["country"] == "JP" for x in japan)


def test_offline_protocol_beats_popularity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both splits on the small packaged atlas (about 500 real partnerships of Southeast Asia
    and Kazakhstan): training twice on the whole world would take minutes."""
    from importlib import resources

    from kembar.atlas.build import build_atlas

    db = Database(_settings(tmp_path))
    with (
        db.session() as s,
        resources.as_file(resources.files("kembar.atlas").joinpath("data/small_atlas.csv")) as small,
    ):
        build_atlas(s, small)
    db.dispose()
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["evaluate", "recommend", "--json"])
    assert result.exit_code == 0, result.output
    everything = json.loads(result.output)
    for name in ("protocol", "sparse"):
        data = everything[name]
        n = data["queries"]
        assert data["held_out_pairs"] >= 40 and n == 2 * data["held_out_pairs"]
        parts = data["by_common_partner"]
        assert parts["shared"]["queries"] + parts["none"]["queries"] == n
        # the parts are the whole run cut in two: their hits add up to the overall figure
        weighted = sum(p["queries"] * p["ranker"]["hits_at_10"] for p in parts.values()) / n
        assert weighted == pytest.approx(data["ranker"]["hits_at_10"], abs=0.002)
    data = everything["protocol"]
    assert data["ranker"]["hits_at_10"] > data["popularity"]["hits_at_10"]
    parts = data["by_common_partner"]
    assert parts["shared"]["queries"] and parts["none"]["queries"]
    # a shared partner is Adamic-Adar's only evidence: without one it falls back on degree
    assert parts["shared"]["adamic_adar"]["mrr"] > parts["none"]["adamic_adar"]["mrr"]
    assert "adamic_adar" not in everything["general_features"]


def test_sparse_split_hides_partnerships_of_sparse_places_and_rare_pairs(graph: Graph) -> None:
    from collections import Counter

    train, hidden = sparse_split(graph, 0.1, 0)
    assert abs(len(hidden) - 0.1 * len(graph.edges())) <= 1
    pairs = Counter(tuple(sorted((graph.nodes[a].country, graph.nodes[b].country))) for a, b in graph.edges())
    for a, b in hidden:
        few = min(len(graph.adj[a]), len(graph.adj[b])) <= FEW_PARTNERS
        rare = pairs[tuple(sorted((graph.nodes[a].country, graph.nodes[b].country)))] <= RARE_PAIR
        assert few or rare
    assert all(train.adj[n] for n in graph.nodes if graph.adj.get(n))  # every partnered place keeps one
    assert set(hidden) != set(split(graph, 0.1, 0)[1])


def test_reasons_in_indonesian_and_declared_priorities(trained_atlas_home: Path) -> None:
    settings = _settings(trained_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    with db.session() as s:
        jakarta = find_place(s, "Jakarta", "ID")
        before = recommend(s, rec, jakarta, k=10)
        in_id = recommend(s, rec, jakarta, k=10, lang="id")
        assert [c.id for c in in_id] == [c.id for c in before]
        assert any("berbagi" in r for c in in_id for r in c.reasons)
        texts = [r for c in recommend(s, rec, jakarta, k=30) for r in c.reasons]
        assert not [r for r in texts if re.search(r"\b1 partner(s|ships)\b", r)]  # singular for one
        # Jakarta declares transport; the 30th candidate is given a transport partnership
        late = recommend(s, rec, jakarta, k=30)[-1]
        ship = s.scalars(
            select(Partnership).where(
                (Partnership.place_a_id == late.id) | (Partnership.place_b_id == late.id)
            )
        ).first()
        assert ship is not None
        s.add(PartnershipField(partnership_id=ship.id, field_key="transport"))
        s.add(PlacePriority(place_id=jakarta.id, field_key="transport"))
        s.flush()
        after = recommend(s, rec, jakarta, k=30)
        s.rollback()
    db.dispose()
    rank = next(n for n, c in enumerate(after) if c.id == late.id)
    assert rank < 29  # moved up
    said = [r for r in after[rank].reasons if r.startswith("works on Jakarta's priorities: transport")]
    assert said and said[0].endswith(")")  # names its evidence: the partnership of the candidate


def test_priorities_command(atlas_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(atlas_home))
    run = CliRunner().invoke
    base = ["priorities", "Surabaya", "--country", "ID"]
    assert run(app, [*base, "--set", "disaster_water", "--set", "transport"]).exit_code == 0
    shown = run(app, [*base, "--json"])
    assert json.loads(shown.output)["priorities"] == ["disaster_water", "transport"]
    bad = run(app, [*base, "--set", "space"])
    assert bad.exit_code == 2 and "disaster_water" in bad.output
    assert json.loads(run(app, [*base, "--json"]).output)["priorities"] == ["disaster_water", "transport"]
    assert "transport" in run(app, base).output
    assert run(app, [*base, "--clear"]).exit_code == 0
    assert json.loads(run(app, [*base, "--json"]).output)["priorities"] == []


def test_a_registry_too_small_to_learn_from_still_answers(tmp_path: Path) -> None:
    from helpers import write_csv
    from kembar.atlas.build import build_atlas

    settings = _settings(tmp_path)
    db = Database(settings)
    rows = [
        "Kyiv,Ukraine,50.45,30.5236,Tbilisi,Georgia,41.7225,44.7925",
        "Kyiv,Ukraine,50.45,30.5236,Vilnius,Lithuania,54.6872,25.2797",
        "Tbilisi,Georgia,41.7225,44.7925,Vilnius,Lithuania,54.6872,25.2797",
        "Exeter,England,50.7256,-3.5269,Rennes,France,48.1147,-1.6794",
        "Rennes,France,48.1147,-1.6794,Vilnius,Lithuania,54.6872,25.2797",
    ]
    with db.session() as s:
        build_atlas(s, write_csv(tmp_path / "pairs.csv", rows))
    rec = ensure(settings, db)
    with db.session() as s:
        exeter = find_place(s, "Exeter", "GB")
        found = recommend(s, rec, exeter, k=3)
    db.dispose()
    # no model can be trained on five partnerships: partners of partners come first
    assert found[0].name == "Vilnius" and "Rennes" in found[0].reasons[0]
    assert "Rennes" not in {c.name for c in found}


def test_evaluate_prints_the_protocol_and_its_two_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import write_csv
    from kembar.atlas.build import build_atlas

    capitals = {
        "Vienna,Austria": (48.2085, 16.3721),
        "Prague,Czech Republic": (50.0880, 14.4208),
        "Bratislava,Slovakia": (48.1482, 17.1067),
        "Budapest,Hungary": (47.4980, 19.0399),
        "Ljubljana,Slovenia": (46.0511, 14.5051),
        "Zagreb,Croatia": (45.8144, 15.978),
        "Warsaw,Poland": (52.2298, 21.0118),
        "Berlin,Germany": (52.5244, 13.4105),
    }
    names = list(capitals)
    rows = [
        f"{a},{capitals[a][0]},{capitals[a][1]},{b},{capitals[b][0]},{capitals[b][1]}"
        for n, a in enumerate(names)
        for b in names[n + 1 : n + 4]
    ]
    db = Database(_settings(tmp_path))
    with db.session() as s:
        build_atlas(s, write_csv(tmp_path / "pairs.csv", rows))
    db.dispose()
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["evaluate", "recommend"])
    assert result.exit_code == 0, result.output
    blocks = re.split(r"\n(?=sparse split)", result.output)
    assert len(blocks) == 2 and blocks[0].startswith("protocol")
    for block in blocks:
        queries = int(re.search(r"([\d,]+) queries", block).group(1))  # type: ignore[union-attr]
        assert queries > 0
        for label in ("ranker", "ranker without partner-list features", "Adamic-Adar", "popularity"):
            assert re.search(rf"  {label} +Hits@10 [01]\.\d{{3}}  MRR [01]\.\d{{3}}", block), label
        shared = re.search(r"sharing a partner with the target: (\d+) \(", block)
        none = re.search(r"sharing no partner: (\d+) \(", block)
        assert shared and none and int(shared.group(1)) + int(none.group(1)) == queries


def test_a_qualified_name_geonames_locates_lies_in_the_region_it_names(db: Database) -> None:
    from kembar.db.models import Place, PlaceName
    from kembar.errors import PlaceNotFound
    from kembar.recommend.service import Outsider, locate

    with db.write() as s:
        for code, name in (("US-AK", "Alaska"), ("US-MA", "Massachusetts"), ("GB-KEN", "Kent")):
            cc = code[:2]
            place = Place(key=f"iso:{code}", name=name, kind="province", country_code=cc, admin_code=code)
            s.add(place)
            s.flush()
            s.add(PlaceName(place_id=place.id, name=name, norm=name.lower(), kind="official"))
    with db.session() as s:
        found = locate(s, "Springfield, Massachusetts", None, best=True)
        assert isinstance(found, Outsider) and found.region == "Massachusetts"
        # GeoNames has no Springfield in Alaska: not the largest Springfield elsewhere
        with pytest.raises(PlaceNotFound):
            locate(s, "Springfield, Alaska", None, best=True)
        # a county GeoNames files no town under (it files them under England) still finds the town
        canterbury = locate(s, "Canterbury, Kent", None, best=True)
        assert isinstance(canterbury, Outsider) and canterbury.country == "GB"
        # a province's words never name a GeoNames town: "Provinsi Shichuan" is no village
        # Shichuan (a batch reads it as the province spelled nearly so, when there is one)
        with pytest.raises(PlaceNotFound):
            locate(s, "Provinsi Shichuan", "CN", best=True)
        assert isinstance(locate(s, "Shichuan", "CN", best=True), Outsider)


def test_reasons_in_indonesian_name_places_by_their_indonesian_names(trained_small_atlas_home: Path) -> None:
    """Moscow is Moskwa on an Indonesian page (a curated exonym of the registry), read with
    the registry's other Indonesian names in one statement, not one per reason."""
    settings = _settings(trained_small_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    with db.session() as s:
        moscow = find_place(s, "Moscow", "RU")
        assert local_names(s, "id")[moscow.id] == "Moskwa" and local_names(s, "en") == {}
        jakarta = find_place(s, "Jakarta", "ID")
        english = [r for c in recommend(s, rec, jakarta, k=20) for r in c.reasons]
        statements: list[str] = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(s.get_bind(), "before_cursor_execute", listen)
        try:
            bahasa = [r for c in recommend(s, rec, jakarta, k=20, lang="id") for r in c.reasons]
        finally:
            event.remove(s.get_bind(), "before_cursor_execute", listen)
    db.dispose()
    assert any("Moscow" in r for r in english)
    assert any("Moskwa" in r for r in bahasa) and not any("Moscow" in r for r in bahasa)
    assert sum("place_names.lang" in q for q in statements) <= 1


def test_a_suggestion_carries_its_name_in_the_asked_language(trained_small_atlas_home: Path) -> None:
    """A suggested place with an Indonesian name of its own ("Kota Ho Chi Minh") carries it
    beside the registry's name for an Indonesian page to head the suggestion with; in
    English, or without such a name, there is none."""
    settings = _settings(trained_small_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    with db.session() as s:
        local = local_names(s, "id")
        found = {}
        for name, cc in (("Surabaya", "ID"), ("Bandung", "ID"), ("Kuala Lumpur", "MY"), ("Manila", "PH")):
            place = find_place(s, name, cc)
            for lang in ("id", "en"):
                found[(name, lang)] = {c.id: c for c in recommend(s, rec, place, k=30, lang=lang)}
    db.dispose()
    bahasa = [c for (_, lang), cs in found.items() if lang == "id" for c in cs.values()]
    named = [c for c in bahasa if c.id in local and local[c.id] != c.name]
    assert named, "no suggestion with an Indonesian name of its own to check"
    assert all(c.local_name == local[c.id] for c in named)
    assert all(c.local_name is None for c in bahasa if c not in named)
    assert all(c.local_name is None for (_, lang), cs in found.items() if lang == "en" for c in cs.values())

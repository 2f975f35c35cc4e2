"""Helpers shared by the tests (imported by module name; pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def write_csv(path: Path, rows: list[str]) -> Path:
    header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def copy_registry(template: Path, settings: Any) -> Any:
    """The Database of `settings` (SQLite), its file a copy of the registry `template`
    (a migrated file, closed: no -wal beside it)."""
    import shutil

    from kembar.db import Database
    from kembar.db.storage import sqlite_path

    path = sqlite_path(settings.database_url)
    assert path is not None, settings.database_url
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    return Database(settings)


def dataset_rows(countries: set[str], limit: int) -> list[str]:
    """The first `limit` rows of the bundled world dataset with a party in one of
    `countries` (as the file names them): a small real atlas for fast tests."""
    import csv
    import gzip
    from importlib import resources

    data = resources.files("kembar.atlas") / "data" / "twin_cities_wikipedia.csv.gz"
    with gzip.open(str(data), "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [r for r in reader if r[1] in countries or r[5] in countries]
    out = []
    for r in rows[:limit]:
        buffer = []
        for cell in r:
            buffer.append('"' + cell.replace('"', '""') + '"' if "," in cell or '"' in cell else cell)
        out.append(",".join(buffer))
    return out


def add_places(session: Any) -> dict[str, Any]:
    """A few real places with their ISO 3166-2 regions, for tests of accounts and scope."""
    from kembar.db.models import Place

    rows = {
        "indonesia": ("country:ID", "Indonesia", "country", "ID", None),
        "west_java": ("iso:ID-JB", "Jawa Barat", "province", "ID", "ID-JB"),
        "bandung": ("gn:1650357", "Bandung", "city", "ID", "ID-JB"),
        "bekasi": ("gn:1649378", "Bekasi", "city", "ID", "ID-JB"),
        "bogor_regency": ("x:bogor-regency", "Kabupaten Bogor", "regency", "ID", "ID-JB"),
        "east_java": ("iso:ID-JI", "Jawa Timur", "province", "ID", "ID-JI"),
        "surabaya": ("gn:1625822", "Surabaya", "city", "ID", "ID-JI"),
        "unplaced": ("raw:ID:desa", "Desa Tanpa Wilayah", "city", "ID", None),
        "busan": ("gn:1838524", "Busan", "city", "KR", "KR-26"),
        "kuala_lumpur": ("gn:1735161", "Kuala Lumpur", "city", "MY", "MY-14"),
    }
    # resolved as the atlas resolves such keys: a GeoNames city, an ISO 3166 row, or not at all
    resolved_by = {"gn": "geonames", "iso": "iso3166", "country": "iso3166"}
    places = {}
    for label, (key, name, kind, cc, admin) in rows.items():
        how = resolved_by.get(key.split(":")[0], "unresolved")
        places[label] = Place(
            key=key, name=name, kind=kind, country_code=cc, admin_code=admin, resolution=how
        )
        session.add(places[label])
    session.flush()
    return places


# --- a trained ranker, kept between runs ---------------------------------------------


def _graph_key(graph: Any) -> str:
    """What a ranker trained on `graph` depends on: every place and partnership the graph
    holds, the recommender's code and data, and the versions of the numeric packages.
    Equal keys train equal models."""
    import hashlib
    from importlib import metadata, resources

    digest = hashlib.sha256()
    for pid in sorted(graph.nodes):
        digest.update(repr(graph.nodes[pid]).encode())
    digest.update(repr(graph.edges()).encode())
    code = resources.files("kembar.recommend")
    for entry in sorted(Path(str(code)).rglob("*"), key=str):
        if entry.is_file() and entry.suffix not in (".pyc",):
            digest.update(entry.name.encode() + entry.read_bytes())
    for package in ("lightgbm", "numpy", "scipy", "scikit-learn"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:20]


def seed_model(settings: Any, config: Any) -> None:
    """Put the ranker for the registry of `settings` in its home's models folder, from
    the run's cache (.pytest_cache/d/kembar-models) when one was trained before on an
    equal graph with the same code, else trained now and kept there. Training on the full atlas takes
    minutes; the tests of what it recommends need a ranker of that graph, not a new one
    each run. The recommender's own loader still checks the model's stamp against the
    graph (ranker.load_or_train), and the snapshot is built as usual."""
    import os
    import shutil

    from kembar.db import Database
    from kembar.recommend import ranker
    from kembar.recommend.graph import Graph

    database = Database(settings)
    with database.session() as session:
        graph = Graph.load(session)
    database.dispose()
    target = settings.home / "models" / "recommend.pickle"
    if getattr(config, "cache", None) is None:  # run with -p no:cacheprovider: train here
        ranker.load_or_train(graph, target)
        return
    cache = config.cache.mkdir("kembar-models") / f"{_graph_key(graph)}.pickle"
    target.parent.mkdir(parents=True, exist_ok=True)
    # the machine code of models compiled before (compiled.py names it by model and
    # processor, so a file of another model is never used, only pruned)
    for code in cache.parent.glob("ranker-*.o"):
        shutil.copyfile(code, target.parent / code.name)
    if cache.exists():
        shutil.copyfile(cache, target)
        return
    ranker.load_or_train(graph, target)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # two runs (or workers) may write it at once
    shutil.copyfile(target, tmp)
    tmp.replace(cache)
    kept = sorted(cache.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[6:]:  # the models of older code or data
        old.unlink(missing_ok=True)


def keep_compiled(settings: Any, config: Any) -> None:
    """Keep the machine code compiled for the models of `settings` in the run's cache,
    for seed_model to put back next time (compiling the atlas's ranker takes 10 s)."""
    import os
    import shutil

    if getattr(config, "cache", None) is None:
        return
    folder = config.cache.mkdir("kembar-models")
    for code in (settings.home / "models").glob("ranker-*.o"):
        if not (folder / code.name).exists():
            tmp = folder / f".{code.name}.{os.getpid()}.tmp"
            shutil.copyfile(code, tmp)
            tmp.replace(folder / code.name)
    kept = sorted(folder.glob("ranker-*.o"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[12:]:
        old.unlink(missing_ok=True)


# --- the registry's pages: a small world with one account of each role ----------------

PASSWORD = "kata sandi rahasia"
EDITOR = "dewi@bandung.example"  # editor of Bandung
SURABAYA_EDITOR = "sari@surabaya.example"  # editor of Surabaya
REVIEWER = "rina@example.org"
ADMIN = "admin@example.org"
VIEWER = "budi@example.org"


def registry_world(session: Any) -> dict[str, int]:
    """Real places with their names (Bandung, Bekasi, Surabaya, Busan, Kuala Lumpur...),
    a partnership of Surabaya and Busan, and the accounts above; the ids by label."""
    from kembar import users
    from kembar.db.models import PlaceName
    from kembar.permissions import system_actor
    from kembar.registry import partnerships
    from kembar.registry.schemas import PartnershipCreate
    from kembar.text import fold

    places = add_places(session)
    for place in places.values():
        session.add(PlaceName(place_id=place.id, name=place.name, norm=fold(place.name), kind="official"))
    session.flush()
    root = system_actor("cli")
    ids = {label: p.id for label, p in places.items()}
    surabaya_busan = partnerships.create(
        session, root, PartnershipCreate(place_a=ids["surabaya"], place_b=ids["busan"], stage="mou")
    )
    ids["surabaya_busan"] = surabaya_busan.partnership.id
    users.add_user(session, root, EDITOR, "editor", PASSWORD, scope=[str(ids["bandung"])], name="Dewi")
    users.add_user(session, root, SURABAYA_EDITOR, "editor", PASSWORD, scope=[str(ids["surabaya"])])
    users.add_user(session, root, REVIEWER, "reviewer", PASSWORD, name="Rina")
    users.add_user(session, root, ADMIN, "admin", PASSWORD, name="Admin")
    users.add_user(session, root, VIEWER, "viewer", PASSWORD)
    return ids


def atlas_with_editor(home: Path, rows: list[str]) -> tuple[Any, Any, dict[str, int]]:
    """A registry in `home` built from atlas rows (as write_csv takes them) with Dewi, the
    editor of Bandung: its settings, its database and the partnered places' ids by name."""
    from sqlalchemy import select

    from kembar import users
    from kembar.atlas.build import build_atlas
    from kembar.config import Settings
    from kembar.db import Database
    from kembar.db.models import Place
    from kembar.permissions import system_actor

    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
    database = Database(settings)
    with database.write() as s:
        build_atlas(s, write_csv(home / "pairs.csv", rows))
    with database.write() as s:
        ids = {p.name: p.id for p in s.scalars(select(Place).where(Place.partner_count > 0))}
        users.add_user(
            s, system_actor("cli"), EDITOR, "editor", PASSWORD, scope=[str(ids["Bandung"])], name="Dewi"
        )
    return settings, database, ids


def csrf_of(html: str) -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in_as(client: Any, email: str) -> str:
    """Sign in through /login as a browser does; the CSRF token of the new session."""
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/account").text)


# --- the web app -------------------------------------------------------------------------

_APP: dict[str, Any] = {}


def app_for(settings: Any) -> Any:
    """The web app serving the registry of `settings`, without its lifespan.

    One app object per test process, its state (database, settings, recommender keeper,
    signers) pointed at each test's registry as `create_app` would set it: FastAPI builds
    every route's parameter models on an app's first request (0.1-0.3 s), which the
    suite's 330 apps paid again and again. The app reads its settings and database only
    from `app.state`, so a rebound app is the app `create_app(settings)` gives. Tests of
    the lifespan, of several workers or of start-up call `create_app` themselves."""
    from kembar.db import Database
    from kembar.recommend.trainer import Keeper
    from kembar.web.app import create_app

    app = _APP.get("app")
    if app is None:
        app = _APP["app"] = create_app(settings)
        return app
    app.state.db.dispose()
    db = Database(settings)
    app.state.db, app.state.settings = db, settings
    app.state.keeper = Keeper(settings, db, settings.retrain_check)
    if hasattr(app.state, "signers"):
        del app.state.signers
    return app


def web_client(settings: Any, **options: Any) -> Any:
    """A TestClient of `app_for(settings)` (without `with`: no lifespan)."""
    from fastapi.testclient import TestClient

    return TestClient(app_for(settings), **options)


Spot = tuple[str, str, float | None, float | None, str, str | None]


def spot_graph(spots: dict[int, Spot], edges: list[tuple[int, int]], population: int = 0) -> Any:
    """A partnership graph of places given as id -> (name, country, lat, lon, kind,
    region), partnered as `edges` say."""
    from kembar.recommend.graph import Graph, Node

    g = Graph(
        {
            i: Node(i, n, c, la, lo, population, False, False, r, k)
            for i, (n, c, la, lo, k, r) in spots.items()
        }
    )
    for a, b in edges:
        g.adj[a].add(b)
        g.adj[b].add(a)
    return g

"""Every command, with and without --json: on the small packaged atlas, and the counts
of the full bundled one (slow: it is built once for the session)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kembar.cli import app

runner = CliRunner()


@pytest.fixture
def full(atlas_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEMBAR_HOME", str(atlas_home))
    monkeypatch.delenv("KEMBAR_DATABASE_URL", raising=False)
    return atlas_home


@pytest.fixture
def env(small_atlas_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEMBAR_HOME", str(small_atlas_home))
    monkeypatch.delenv("KEMBAR_DATABASE_URL", raising=False)
    return small_atlas_home


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.mark.slow
def test_init_when_up_to_date(full: Path) -> None:
    result = run("init")
    assert result.exit_code == 0, result.output
    assert "already up to date" in result.output
    data = json.loads(run("init", "--json").output)
    assert data["up_to_date"] is True and data["partnerships"] > 20_000


@pytest.mark.slow
def test_stats(full: Path) -> None:
    data = json.loads(run("stats", "--json").output)
    assert isinstance(data["partnerships"], int) and data["partnerships"] > 20_000
    assert isinstance(data["places"], int) and data["places"] > 15_000
    assert 0.85 <= data["resolved_share"] <= 1
    assert data["dataset_rows"] == 25_912  # 25,917 rows less 5 naming one place twice
    assert data["top_places"][0]["partners"] >= data["top_places"][-1]["partners"]
    text = run("stats").output
    assert "Partnerships" in text and f"{data['partnerships']:,}" in text


def test_places_search_accent_case_and_exonym(env: Path) -> None:
    found = json.loads(run("places", "search", "URÜMQI", "--json").output)
    assert [(p["name"], p["country"]) for p in found] == [("Ürümqi", "CN")]
    germany = json.loads(run("places", "search", "Jerman", "--json").output)
    assert germany[0]["country"] == "DE" and germany[0]["kind"] == "country"
    assert "Jakarta" in run("places", "search", "jakarta").output
    assert "No place matches" in run("places", "search", "qqqzzzxx").output


def test_place_profile(env: Path) -> None:
    data = json.loads(run("place", "Jakarta", "--country", "ID", "--json").output)
    assert data["country"] == "ID" and data["geonameid"] == 1642911
    partners = {p["place"]["name"] for p in data["partners"]}
    assert {"Berlin", "Seoul", "Tokyo"} <= partners
    assert len(data["partners"]) == data["partner_count"]
    text = run("place", "Jakarta").output
    assert "Berlin" in text and "partners" in text


def test_new_capitals_are_tagged(env: Path) -> None:
    astana = json.loads(run("place", "Astana", "--country", "KZ", "--json").output)
    assert {"capital", "new_capital"} <= set(astana["tags"])
    berlin = json.loads(run("place", "Berlin", "--country", "DE", "--json").output)
    assert "capital" in berlin["tags"] and "new_capital" not in berlin["tags"]


def test_unknown_place_suggests_and_exits_1(env: Path) -> None:
    result = run("place", "Bandunk")
    assert result.exit_code == 1
    assert "did you mean" in result.output and "Bandung (ID)" in result.output
    assert "Traceback" not in result.output


def test_bad_country_code_exits_2(env: Path) -> None:
    result = run("place", "Jakarta", "--country", "Atlantis")
    assert result.exit_code == 2 and "ISO 3166-1" in result.output
    assert run("place", "Jakarta", "--country", "Indonesia").exit_code == 0  # a country's name will do


def test_partnerships_list(env: Path) -> None:
    data = json.loads(run("partnerships", "list", "--country", "ID", "--limit", "5", "--json").output)
    assert data["total"] > 20 and len(data["items"]) == 5
    assert all("ID" in (i["a"]["country"], i["b"]["country"]) for i in data["items"])
    by_place = json.loads(run("partnerships", "list", "--place", "Jakarta", "--json").output)
    assert by_place["total"] >= 10
    assert "partnerships" in run("partnerships", "list", "--kind", "sister_city", "--limit", "3").output
    bad = run("partnerships", "list", "--kind", "twinning")
    assert bad.exit_code == 2 and "sister_city" in bad.output


@pytest.mark.slow
def test_export_formats(full: Path, tmp_path: Path) -> None:
    result = run("export", "--format", "csv")
    assert result.stdout.splitlines()[0].startswith("id,kind,stage")
    # a CSV file has no place for the data's credit: it is said beside it, not in it
    assert "Wikipedia" in result.stderr and "Wikipedia" not in result.stdout
    out = tmp_path / "atlas.geojson"
    assert run("export", "--format", "geojson", "--out", str(out)).exit_code == 0
    geo = json.loads(out.read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 20_000
    assert "Wikipedia" in geo["attribution"] and "ODbL" in geo["attribution"]  # ODbL: the kabupaten
    data = json.loads(run("export", "--format", "json").output)
    assert len(data["partnerships"]) > 20_000
    bad = run("export", "--format", "xml")
    assert bad.exit_code == 2 and "geojson" in bad.output


def test_settings_and_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path))
    result = run("settings")
    assert result.exit_code == 0 and "KEMBAR_DATABASE_URL" in result.output and str(tmp_path) in result.output
    assert run("version").exit_code == 0


def test_bad_setting_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_DATABASE_URL", "nonsense")
    result = run("stats")
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: KEMBAR_DATABASE_URL")
    assert len(result.output.strip().splitlines()) == 1


def test_the_command_line_starts_without_the_database_layer() -> None:
    # `kembar extract` needs no database: SQLAlchemy and the account and report modules
    # are imported by the commands that use them (about 0.4 s of every start-up).
    import subprocess
    import sys

    heavy = "('sqlalchemy', 'kembar.db', 'kembar.users')"
    code = f"import sys, kembar.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_serve_without_a_public_url_links_back_to_the_address_it_listens_on(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workbooks' and reports' links to pages: `make run PORT=8771` gave links to :8000 (the default)."""
    import uvicorn

    served: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app.state.settings.public_url))
    monkeypatch.delenv("KEMBAR_PUBLIC_URL", raising=False)
    assert run("serve", "--port", "28771").exit_code == 0
    assert served == ["http://127.0.0.1:28771"]
    # a public address set is kept; every interface is no address a reader can use
    monkeypatch.setenv("KEMBAR_PUBLIC_URL", "https://kembar.example.org")
    assert run("serve", "--port", "28772").exit_code == 0
    monkeypatch.delenv("KEMBAR_PUBLIC_URL")
    assert run("serve", "--host", "0.0.0.0", "--port", "28773").exit_code == 0
    assert served[1:] == ["https://kembar.example.org", "http://127.0.0.1:8000"]

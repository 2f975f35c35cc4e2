"""The HTTP API and the pages, through FastAPI's test client on real SQLite files (the
small packaged atlas: real rows of Southeast Asia and Kazakhstan and their partners)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import write_csv
from kembar.atlas.build import build_atlas
from kembar.atlas.dataset import ATTRIBUTION, SOURCE_TITLE
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Evidence, Partnership, Source
from kembar.stats import compute_stats
from kembar.web.app import create_app


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


@pytest.fixture(scope="module")
def client(small_atlas_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(small_atlas_home))) as c:
        yield c


def _jakarta(client: TestClient) -> dict:
    items = client.get("/api/v1/places", params={"q": "Jakarta", "country": "ID"}).json()["items"]
    return items[0]


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/stats",
        "/api/v1/places",
        "/api/v1/places/{place_id}",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{partnership_id}",
        "/api/v1/countries/{cc}",
        "/api/v1/countries/{cc}/{cc2}",
        "/api/v1/map",
        "/api/v1/exports/{fmt}",
    ):
        assert path in paths


def test_stats_match_the_cli_numbers(client: TestClient, small_atlas_home: Path) -> None:
    db = Database(_settings(small_atlas_home))
    with db.session() as s:
        expected = compute_stats(s).model_dump()
    db.dispose()
    assert client.get("/api/v1/stats").json() == expected


def test_place_search_folds_accents_case_and_exonyms(client: TestClient) -> None:
    germany = client.get("/api/v1/places", params={"q": "JERMAN"}).json()["items"]
    assert germany[0]["country"] == "DE" and germany[0]["kind"] == "country"
    urumqi = client.get("/api/v1/places", params={"q": "URUMQI", "limit": 10}).json()["items"]
    assert urumqi[0]["name"] == "Ürümqi" and urumqi[0]["country"] == "CN"
    assert set(urumqi[0]) >= {"id", "name", "country", "kind", "lat", "lon"}
    thai_binh = client.get("/api/v1/places", params={"q": "thai BÌNH"}).json()["items"]
    assert {p["name"] for p in thai_binh} == {"Thái Bình"} and len(thai_binh) == 2  # city, province
    only_id = client.get("/api/v1/places", params={"q": "jakarta", "country": "id"}).json()["items"]
    assert only_id and {p["country"] for p in only_id} == {"ID"}


def test_place_profile_lists_partners_with_partnership_ids(client: TestClient) -> None:
    jakarta = _jakarta(client)
    profile = client.get(f"/api/v1/places/{jakarta['id']}").json()
    assert profile["geonameid"] == 1642911
    by_name = {p["place"]["name"]: p for p in profile["partners"]}
    assert {"Berlin", "Seoul", "Tokyo"} <= set(by_name)
    berlin = by_name["Berlin"]
    assert berlin["kind"] == "sister_city" and isinstance(berlin["partnership_id"], int)
    pair = client.get(f"/api/v1/partnerships/{berlin['partnership_id']}").json()
    assert {pair["a"]["name"], pair["b"]["name"]} == {"Jakarta", "Berlin"}


def test_partnership_detail_carries_evidence_and_stage_track(client: TestClient) -> None:
    page = client.get("/api/v1/partnerships", params={"country": "ID", "limit": 5}).json()
    assert page["total"] >= 80 and len(page["items"]) == 5
    detail = client.get(f"/api/v1/partnerships/{page['items'][0]['id']}").json()
    assert detail["evidence"], "every atlas partnership points at its Wikipedia rows"
    ev = detail["evidence"][0]
    assert ev["source"]["kind"] == "dataset" and ev["locator"].startswith("row ")
    assert ev["source"]["url"].startswith("https://")
    assert [s["key"] for s in detail["stage_track"]][:2] == ["exploration", "loi"]
    assert not any(s["recorded"] for s in detail["stage_track"])  # atlas rows carry no stage


def test_partnership_filters_and_pagination(client: TestClient) -> None:
    first = client.get("/api/v1/partnerships", params={"country": "ID", "limit": 3}).json()
    second = client.get("/api/v1/partnerships", params={"country": "ID", "limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] >= 80
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    bad = client.get("/api/v1/partnerships", params={"kind": "twinning"})
    assert bad.status_code == 422 and "sister_city" in bad.json()["detail"]
    bad_field = client.get("/api/v1/partnerships", params={"field": "space"})
    assert bad_field.status_code == 422 and "tourism" in bad_field.json()["detail"]


def test_country_and_pair_views(client: TestClient) -> None:
    indonesia = client.get("/api/v1/countries/id").json()
    assert indonesia["country"]["code"] == "ID" and indonesia["partnerships"] >= 80
    assert indonesia["top_places"][0]["name"] == "Jakarta"
    partner_codes = [c["country"]["code"] for c in indonesia["partner_countries"]]
    assert "KZ" in partner_codes
    pair = client.get("/api/v1/countries/ID/KZ").json()
    names = {(p["a"]["name"], p["b"]["name"]) for p in pair["partnerships"]}
    assert ("Nusantara", "Astana") in names  # the first country's place comes first
    assert pair["total"] == len(pair["partnerships"])
    assert client.get("/api/v1/countries/XX").status_code == 404
    assert client.get("/api/v1/countries/IDN").status_code == 422


def test_map_is_compact_gzip_and_cached(client: TestClient) -> None:
    response = client.get("/api/v1/map", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    data = response.json()
    total = client.get("/api/v1/stats").json()["partnerships"]
    assert len(data["edges"]) == 2 * len(data["ids"]) and 0.9 * total <= len(data["ids"]) <= total
    assert all(p[3] >= 1 for p in data["places"])
    packed = len(gzip.compress(response.content))
    assert packed < 1_500_000
    again = client.get("/api/v1/map", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_exports(client: TestClient) -> None:
    csv_text = client.get("/api/v1/exports/csv").text
    total = client.get("/api/v1/stats").json()["partnerships"]
    assert csv_text.startswith("id,kind,stage") and csv_text.count("\n") == total + 1
    geo = client.get("/api/v1/exports/geojson").json()
    assert geo["type"] == "FeatureCollection" and "Wikipedia" in geo["attribution"]
    assert client.get("/api/v1/exports/xml").status_code == 422


def test_bad_input_is_4xx_never_500(client: TestClient) -> None:
    assert client.get("/api/v1/places/999999999").status_code == 404
    assert "no place with id" in client.get("/api/v1/places/999999999").json()["detail"]
    assert client.get("/api/v1/partnerships/0").status_code == 422
    assert client.get("/api/v1/partnerships/abc").status_code == 422
    long = client.get("/api/v1/places", params={"q": "x" * 500})
    assert long.status_code == 422 and long.json()["fields"][0]["field"] == "q"
    assert client.get("/api/v1/places", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/places", params={"q": "%%%"}).status_code == 422
    page = client.get("/places/999999999")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert client.get("/search", params={"q": "y" * 201}).status_code == 422
    assert client.get("/no/such/page").status_code == 404


def test_pages_render_in_both_languages(client: TestClient) -> None:
    jakarta = _jakarta(client)
    for path in ("/", f"/places/{jakarta['id']}", "/countries/ID", "/countries/ID/KZ", "/network"):
        en = client.get(path, params={"lang": "en"})
        assert en.status_code == 200, path
        assert "default-src 'self'" in en.headers["content-security-policy"]
    home_en = client.get("/", params={"lang": "en"}).text
    home_id = client.get("/", params={"lang": "id"}).text
    total = client.get("/api/v1/stats").json()["partnerships"]
    assert f"{total:,}" in home_en and f"{total:,}".replace(",", ".") in home_id
    assert 'lang="id"' in home_id and "Jaringan" in home_id
    # The choice is remembered by a cookie.
    assert 'lang="id"' in client.get("/network").text
    assert 'lang="en"' in client.get("/network", params={"lang": "en"}).text
    # How a place was resolved reads as words, not as a code.
    place_en = client.get(f"/places/{jakarta['id']}", params={"lang": "en"}).text
    assert "a GeoNames city" in place_en and ">geonames" not in place_en
    assert "kota di GeoNames" in client.get(f"/places/{jakarta['id']}", params={"lang": "id"}).text
    gangbuk = client.get("/api/v1/places", params={"q": "Gangbuk-gu", "country": "KR"}).json()["items"][0]
    register_id = client.get(f"/places/{gangbuk['id']}", params={"lang": "id"}).text
    assert gangbuk["name"] == "Gangbuk-gu (Seoul)" and "si, gun dan gu Korea" in register_id


def test_the_atlas_source_is_named_in_the_readers_language(client: TestClient) -> None:
    jakarta = _jakarta(client)
    berlin = next(
        p["partnership_id"]
        for p in client.get(f"/api/v1/places/{jakarta['id']}").json()["partners"]
        if p["place"]["name"] == "Berlin"
    )
    for path in (f"/places/{jakarta['id']}", f"/partnerships/{berlin}"):
        id_ = client.get(path, params={"lang": "id"}).text
        assert "daftar kota kembar dan kota bersaudara (melalui Hekman/twincities)" in id_, path
        assert "dikumpulkan dan diberi koordinat oleh proyek Hekman/twincities (lisensi MIT)" in id_
        assert SOURCE_TITLE not in id_ and "(MIT licence)" not in id_
        en = client.get(path, params={"lang": "en"}).text
        assert SOURCE_TITLE in en and ATTRIBUTION in en, path


def test_search_page_redirects_to_the_place(client: TestClient) -> None:
    response = client.get("/search", params={"q": "jakarta"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/places/")
    listing = client.get("/search", params={"q": "san"})
    assert listing.status_code == 200 and "/places/" in listing.text


@pytest.mark.parametrize(
    ("q", "country"), [("jerman", "DE"), ("Germany", "DE"), ("indonesia", "ID"), ("korea selatan", "KR")]
)
def test_searching_a_country_leads_to_the_country_page(client: TestClient, q: str, country: str) -> None:
    response = client.get("/search", params={"q": q}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/countries/{country}"


def test_a_countrys_row_as_a_place_offers_no_partner_suggestions(client: TestClient) -> None:
    germany = client.get("/api/v1/places", params={"q": "Germany"}).json()["items"][0]
    assert germany["kind"] == "country"
    page = client.get(f"/places/{germany['id']}", params={"lang": "id"}).text
    assert 'id="suggested"' not in page and "Usulan mitra</h2>" not in page
    assert '<a href="/countries/DE">' in page.split('id="country-page"')[1].split("</p>")[0]
    city = _jakarta(client)
    assert 'id="suggested"' in client.get(f"/places/{city['id']}").text


def test_the_search_box_gives_the_suggestions_count_label_in_the_readers_language(
    client: TestClient,
) -> None:
    for lang, many, one in (
        ("id", "{n} kemitraan", "{n} kemitraan"),
        ("en", "{n} partnerships", "{n} partnership"),
    ):
        page = client.get("/", params={"lang": lang}).text
        assert f'data-partnerships="{many}" data-partnerships1="{one}"' in page
    # kembar.js labels the count with them (a bare number read as nothing)
    script = (Path(__file__).parents[1] / "src/kembar/web/static/kembar.js").read_text()
    assert "input.dataset.partnerships" in script and '" " + p.partner_count' not in script


def test_source_text_is_escaped(tmp_path: Path) -> None:
    """Article text may hold HTML and scripts: pages show it as text, never as markup."""
    settings = _settings(tmp_path / "home")
    db = Database(settings)
    csv_path = write_csv(tmp_path / "pairs.csv", ["Jakarta,Indonesia,-6.2,106.8,Berlin,Germany,52.52,13.40"])
    with db.session() as s:
        build_atlas(s, csv_path)
        pid = s.query(Partnership.id).scalar()
        src = Source(
            kind="article",
            url="https://example.org/a?x=<b>",
            title='<img src=x onerror="alert(1)">',
            content_hash="h" * 64,
            text="<script>alert(1)</script>",
        )
        s.add(src)
        s.flush()
        s.add(
            Evidence(
                source_id=src.id,
                subject_type="partnership",
                subject_id=pid,
                start=0,
                end=25,
                quote="<script>alert(1)</script>",
            )
        )
    db.dispose()
    with TestClient(create_app(settings)) as c:
        html = c.get(f"/partnerships/{pid}").text
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html
        api = c.get(f"/api/v1/partnerships/{pid}").json()
        assert json.dumps(api).count("<script>") == 1  # JSON carries the text as data


def test_pair_page_charts_indicators_over_time(tmp_path: Path) -> None:
    from sqlalchemy import select

    from kembar.db.models import Indicator, Place

    settings = _settings(tmp_path / "home")
    db = Database(settings)
    csv_path = write_csv(tmp_path / "pairs.csv", ["Jakarta,Indonesia,-6.2,106.8,Berlin,Germany,52.52,13.40"])
    with db.session() as s:
        build_atlas(s, csv_path)
        ind, de = (s.scalar(select(Place.id).where(Place.key == f"country:{cc}")) for cc in ("ID", "DE"))
        for year, value in (("2021", 120.5), ("2022", 174.2)):
            s.add(
                Indicator(
                    name="Trade",
                    party_a_id=ind,
                    party_b_id=de,
                    period_start=year,
                    period_label=year,
                    value=value,
                    currency="USD",
                    unit="million",
                )
            )
    db.dispose()
    with TestClient(create_app(settings)) as c:
        api = c.get("/api/v1/countries/DE/ID").json()
        assert [i["value"] for i in api["indicators"]] == [120.5, 174.2]
        html = c.get("/countries/ID/DE", params={"lang": "id"}).text
        assert html.count('class="bar"') == 2 and "174,2" in html  # Indonesian decimal comma
        assert "Jakarta" in html and "Berlin" in html


def test_review_queue_pages_mark_the_evidence(tmp_path: Path) -> None:
    from helpers import REVIEWER, registry_world, sign_in_as
    from kembar.ingest import queue

    settings = _settings(tmp_path / "home")
    db = Database(settings)
    text = (
        "Kota Bandung dan Braunschweig <script>alert(1)</script>\n\n"
        "Pemerintah Kota Bandung menandatangani nota kesepahaman sister city dengan Kota Braunschweig, "
        "Jerman."
    )
    with db.session() as s:
        registry_world(s)
        result = queue.ingest(s, text.encode(), "a.txt")
    db.dispose()
    with TestClient(create_app(settings)) as c:
        # Pending proposals and the texts of unreviewed articles are for reviewers only.
        assert c.get("/review", follow_redirects=False).headers["location"] == "/login?next=/review"
        sign_in_as(c, REVIEWER)
        listing = c.get("/review", params={"lang": "en"}).text
        assert "Braunschweig" in listing and f"/review/{result.proposals[0]}" in listing
        page = c.get(f"/review/{result.proposals[0]}").text
        assert "<mark>Pemerintah Kota Bandung menandatangani nota kesepahaman" in page
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
        assert c.get("/review/99999").status_code == 404
        assert c.get("/review", params={"status": "maybe"}).status_code == 422


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_a_search_with_nothing_typed_is_a_prompt_not_an_error(client: TestClient, params: dict) -> None:
    for lang, heading, prompt in (
        ("en", "Search the atlas", "Type the name of a city"),
        ("id", "Cari di atlas", "Ketik nama kota"),
    ):
        page = client.get("/search", params={**params, "lang": lang})
        assert page.status_code == 200, page.text
        assert f"<h1>{heading}</h1>" in page.text and prompt in page.text
        assert 'id="search-page-q" name="q"' in page.text


def test_a_misspelt_search_offers_the_places_spelled_closest(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Surabya", "lang": "id"})
    assert page.status_code == 200
    assert "Tidak ada tempat yang cocok dengan “Surabya”" in page.text
    offered = page.text.split('id="did-you-mean"')[1].split("</ul>")[0]
    surabaya = client.get("/api/v1/places", params={"q": "Surabaya", "country": "ID"}).json()["items"][0]
    assert f'<a href="/places/{surabaya["id"]}">Surabaya</a>' in offered.split("<li>")[1]
    assert "Mungkin maksud Anda:" in page.text
    # what was typed comes back escaped, and nothing near it is offered as nothing
    odd = client.get("/search", params={"q": "<b>qqqqzz</b>"}).text
    assert "“&lt;b&gt;qqqqzz&lt;/b&gt;”" in odd and 'id="did-you-mean"' not in odd


def test_every_page_begins_with_a_link_past_its_header(client: TestClient) -> None:
    for path in ("/", "/network", "/search?q=Surabya", "/countries/ID"):
        for lang, label in (("en", "Skip to content"), ("id", "Langsung ke isi")):
            page = client.get(path, params={"lang": lang}).text
            first_link = page.split("<body", 1)[1].split("<a ", 1)[1]
            assert first_link.startswith(f'class="skip" href="#content" id="skip-link">{label}</a>')
            assert '<main id="content" tabindex="-1">' in page


def test_a_province_in_the_results_counts_the_partnerships_its_page_lists(client: TestClient) -> None:
    """Jawa Barat showed 0 partners in the results, its page 14 (its regencies' and cities')."""
    page = client.get("/search", params={"q": "jawa", "lang": "en"}).text
    row = page.split(">Jawa Barat</a>", 1)[1].split("</tr>", 1)[0]
    shown = re.search(r'<td class="num">([\d,]+) <span class="small muted">with its places', row)
    listed = client.get("/api/v1/partnerships", params={"region": "ID-JB", "limit": 1}).json()["total"]
    assert shown is not None and int(shown.group(1).replace(",", "")) == listed > 0

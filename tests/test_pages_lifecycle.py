"""The pages of partnerships over their life (kembar/web/pages_lifecycle.py, facet_view.py,
and the facets on the place, pair, home and partnership pages), on the lifecycle world:
Bandung's and Bekasi's partnerships at every status, an editor of West Java."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from helpers import web_client
from kembar.db.models import Place, Proposal, Source
from kembar.registry import documents
from kembar.web import facet_view, pages_lifecycle
from lifecycle_world import PDF, World, add_planned_loi, left, world_fixture  # noqa: F401  (the `world` fixture)
from test_auth_web import sign_in

PASSWORD = "a long passphrase 1"  # the world's editor, bandung@example.org
COORDINATES = {  # (lat, lon)
    "bandung": (-6.9175, 107.6191),
    "bekasi": (-6.2349, 106.9896),
    "surabaya": (-7.2575, 112.7521),
    "busan": (35.1796, 129.0756),
    "kuala_lumpur": (3.139, 101.6869),
    "suwon": (37.2636, 127.0286),
    "braunschweig": (52.2689, 10.5268),
    "hamamatsu": (34.7108, 137.7261),
    "petaling_jaya": (3.1073, 101.6067),
}
SCOPE = ("expiring", "dormant", "never", "quiet", "active", "unknown")  # Bandung's and Bekasi's


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with world.db.write() as s:
        for key, (lat, lon) in COORDINATES.items():
            place = s.get(Place, world.ids[key])
            assert place is not None
            place.lat, place.lon = lat, lon
    yield web_client(world.settings)


def rows(page: str) -> list[int]:
    """The partnership ids of the rows of a list, in order."""
    return [int(x) for x in re.findall(r'<tr id="row-(\d+)"', page)]


def facet_link(page: str, facet: str, value: str) -> tuple[str, int]:
    """The address and count of a facet's value as drawn."""
    section = page.split(f'id="facet-{facet}"', 1)[1].split("</section>", 1)[0]
    found = re.search(
        rf'<a href="([^"]+)"[^>]*data-value="{re.escape(value)}">[^<]*</a> <span class="count">(\d+)', section
    )
    assert found, f"no link for {facet}={value}"
    return html.unescape(found.group(1)), int(found.group(2))


def test_the_list_counts_each_value_and_a_facet_link_narrows_it(client: TestClient, world: World) -> None:
    everything = client.get("/partnerships?lang=en")
    assert everything.status_code == 200
    assert sorted(rows(everything.text)) == sorted(world.pairs.values())
    url, count = facet_link(everything.text, "status", "dormant")
    assert (url, count) == ("/partnerships?status=dormant", 1)
    dormant = client.get(url + "&lang=en")
    assert rows(dormant.text) == [world.pairs["dormant"]]
    assert "Suwon" in dormant.text and "Dormant" in dormant.text
    # the filter in force can be removed, and the value's link now removes it too
    assert 'href="/partnerships" rel="nofollow" data-filter="status"' in dormant.text
    assert facet_link(dormant.text, "status", "dormant")[0] == "/partnerships"
    # the downloads and the map carry the filters
    assert 'href="/api/v1/exports/xlsx?lang=en&amp;status=dormant"' in dormant.text
    assert 'href="/?status=dormant#world"' in dormant.text


def test_a_country_facet_turns_into_the_partners_countries(client: TestClient, world: World) -> None:
    page = client.get("/partnerships?country=ID&lang=en").text
    url, count = facet_link(page, "partner_country", "KR")
    assert count == 3 and url == "/partnerships?country=ID&partner_country=KR"
    korea = rows(client.get(url).text)
    assert sorted(korea) == sorted(world.pairs[k] for k in ("expiring", "dormant", "renewed"))


def test_lists_are_paged(client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facet_view, "PER_PAGE", 3)
    first = client.get("/partnerships?lang=en").text
    second = client.get("/partnerships?page=2&lang=en").text
    last = client.get("/partnerships?page=99&lang=en").text  # past the end: the last page
    assert len(rows(first)) == 3 and len(rows(second)) == 3 and len(rows(last)) == 1
    assert set(rows(first)) | set(rows(second)) | set(rows(last)) == set(world.pairs.values())
    assert "4–6 of 7" in second and 'href="/partnerships?page=3" rel="next"' in second
    assert 'href="/partnerships" rel="prev"' in second  # page 1 has no page parameter
    kept = client.get("/partnerships?status=dormant&page=1&lang=en").text
    assert 'rel="next"' not in kept


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships?status=sleeping",
        "/partnerships?kind=twinning",
        "/partnerships?decade=1995",
        "/partnerships?decade=nineties",
        "/partnerships?country=XX",
        "/partnerships?page=0",
        "/partnerships?region=Jawa",
        "/?stage=signed",
        "/countries/ZZ/dashboard",
        "/countries/ID/KR?field=space",
    ],
)
def test_a_bad_filter_is_a_422_naming_it(client: TestClient, path: str) -> None:
    answer = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert answer.status_code == 422
    name = re.split(r"[?=/]", path)[-2] if "?" in path else "ZZ"
    assert name in answer.text and "Traceback" not in answer.text


def test_unknown_places_are_404(client: TestClient) -> None:
    assert client.get("/places/999999").status_code == 404


def test_user_text_in_filters_and_names_is_escaped(client: TestClient, world: World) -> None:
    with world.db.write() as s:
        place = s.get(Place, world.ids["petaling_jaya"])
        assert place is not None
        place.name = "<b>Petaling</b> & Jaya"
    refused = client.get("/partnerships?region=<b>x</b>&lang=en")
    assert (
        refused.status_code == 422 and "&lt;b&gt;x&lt;/b&gt;" in refused.text and "<b>x" not in refused.text
    )
    listed = client.get("/partnerships?lang=en").text
    assert "<b>Petaling</b>" not in listed and "&lt;b&gt;Petaling&lt;/b&gt; &amp; Jaya" in listed


def test_a_province_page_lists_and_counts_its_cities_partnerships(client: TestClient, world: World) -> None:
    page = client.get(f"/places/{world.ids['west_java']}?lang=en").text
    assert "Partnerships of Jawa Barat and of its regencies and cities (6)" in page
    assert "Bekasi" in page and "Braunschweig" in page and "Suwon" in page
    url, count = facet_link(page, "status", "never_implemented")
    assert count == 1 and url == f"/places/{world.ids['west_java']}?status=never_implemented"
    narrowed = client.get(url + "&lang=en").text
    assert "(1)" in narrowed and "Braunschweig" in narrowed and "Suwon" not in narrowed
    # a city's page counts its own
    city = client.get(f"/places/{world.ids['bandung']}?lang=en").text
    assert "Partnerships (4)" in city
    # the map of the page draws the same selection
    assert 'data-map="/api/v1/map?region=ID-JB&amp;status=never_implemented"' in narrowed


def test_the_map_payload_takes_the_same_filters(client: TestClient, world: World) -> None:
    everything = client.get("/api/v1/map").json()
    assert sorted(everything["ids"]) == sorted(world.pairs.values())
    dormant = client.get("/api/v1/map?status=dormant&country=ID").json()
    assert dormant["ids"] == [world.pairs["dormant"]]
    names = {p[4] for p in dormant["places"]}
    assert names == {"Bandung", "Suwon"} and len(dormant["edges"]) == 2
    region = client.get("/api/v1/map?region=ID-JB").json()
    assert sorted(region["ids"]) == sorted(world.pairs[k] for k in SCOPE)
    assert client.get("/api/v1/map?status=sleeping").status_code == 422
    etag = client.get("/api/v1/map?status=dormant").headers["etag"]
    assert client.get("/api/v1/map?status=dormant", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/map?status=quiet", headers={"If-None-Match": etag}).status_code == 200


def test_a_city_page_maps_and_exports_its_own_partnerships(client: TestClient, world: World) -> None:
    # The map, the downloads and the list's link of a city's page carry the city: without
    # it, the map drew and the workbook held every partnership of the registry.
    bandung, busan = world.ids["bandung"], world.ids["busan"]
    page = client.get(f"/places/{bandung}?lang=en").text
    assert f'data-map="/api/v1/map?place={bandung}"' in page
    assert f'href="/api/v1/exports/xlsx?lang=en&amp;place={bandung}"' in page
    mapped = client.get(f"/api/v1/map?place={bandung}").json()
    assert mapped["ids"] and {p[4] for p in mapped["places"]} >= {"Bandung"}
    assert len(mapped["ids"]) < len(client.get("/api/v1/map").json()["ids"])
    # two places' maps are not one to a browser's cache
    etag = client.get(f"/api/v1/map?place={bandung}").headers["etag"]
    assert client.get(f"/api/v1/map?place={busan}", headers={"If-None-Match": etag}).status_code == 200
    # a facet link of the city's list keeps the city
    listed = client.get(f"/partnerships?place={bandung}&lang=en").text
    url, _ = facet_link(listed, "status", "dormant")
    assert f"place={bandung}" in url


def test_the_home_map_is_filtered_by_the_facets(client: TestClient, world: World) -> None:
    page = client.get("/?status=quiet&lang=en").text
    assert 'data-map="/api/v1/map?status=quiet"' in page
    assert "1 partnership matches." in page and 'href="/partnerships?status=quiet"' in page


def test_my_partnerships_needs_an_account(client: TestClient) -> None:
    answer = client.get("/dashboard", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/dashboard"


def _pending_proposal(world: World, a: str, b: str) -> int:
    """A pending news proposal naming the pair of places a and b."""
    with world.db.write() as s:
        keys = [s.get(Place, world.ids[x]).key for x in (a, b)]  # type: ignore[union-attr]
        source = Source(kind="article", content_hash=f"news-{a}-{b}", text="...")
        s.add(source)
        s.flush()
        item = {"a": {"key": keys[0]}, "b": {"key": keys[1]}, "kind": "sister_city", "evidence": []}
        proposal = Proposal(source_id=source.id, kind="partnership", summary="x", payload=json.dumps(item))
        s.add(proposal)
        s.flush()
        return proposal.id


def test_my_partnerships_of_an_editor(client: TestClient, world: World) -> None:
    proposal = _pending_proposal(world, "suwon", "bandung")
    sign_in(client, "bandung@example.org", PASSWORD)
    page = client.get("/dashboard?lang=en").text
    shown = [int(x) for x in re.findall(r'id="mine-(\d+)"', page)]
    assert sorted(shown) == sorted(world.pairs[k] for k in SCOPE)
    assert shown[0] == world.pairs["expiring"]  # what needs attention first
    assert world.pairs["renewed"] not in shown  # Surabaya is outside West Java
    expiring = page.split(f'id="mine-{world.pairs["expiring"]}"', 1)[1].split("</li>\n</dl>", 1)[0]
    assert "Visit" in expiring  # its last activity
    assert "Memorandum of Understanding: Expiring" in expiring
    # the reminders' notice of the MoU expiring in 30 days
    notices = page.split('id="notices"', 1)[1].split("</section>", 1)[0]
    assert "Busan" in notices and f"{left(30)} days left" in notices
    # the next step of the partnership at DPRD approval, its document not yet attached
    active = page.split(f'id="mine-{world.pairs["active"]}"', 1)[1].split("</dl>", 1)[0]
    assert "<strong>Ministry facilitation</strong>" in active
    assert '<li class="missing">' in active and '<li class="attached">' not in active
    # the news proposal naming Bandung and Suwon, shown as text to an editor (the queue
    # is for reviewers)
    dormant = page.split(f'id="mine-{world.pairs["dormant"]}"', 1)[1].split("</dl>", 1)[0]
    assert f"proposal #{proposal}" in dormant and f'href="/review/{proposal}"' not in dormant
    assert "proposal #" not in active
    # facets within the scope, and exports of the scope only
    assert facet_link(page, "status", "dormant") == ("/dashboard?status=dormant", 1)
    assert 'id="mine-' in client.get("/dashboard?status=dormant").text
    assert "mine=1" in page
    book = client.get("/api/v1/exports/xlsx?mine=1&lang=en")
    sheet = load_workbook(io.BytesIO(book.content))["Partnerships"]
    ids = sorted(int(r[0]) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] is not None)
    assert ids == sorted(world.pairs[k] for k in SCOPE)


def test_exports_of_mine_need_an_account(client: TestClient) -> None:
    assert client.get("/api/v1/exports/xlsx?mine=1").status_code == 401
    assert client.get("/api/v1/exports/csv?mine=1").status_code == 401


def test_an_account_without_scope_is_told_so(client: TestClient, world: World) -> None:
    from kembar import users
    from kembar.permissions import system_actor

    with world.db.write() as s:
        users.add_user(s, system_actor("cli"), "viewer@example.org", "viewer", PASSWORD)
    sign_in(client, "viewer@example.org", PASSWORD)
    page = client.get("/dashboard?lang=id")
    assert page.status_code == 200 and 'id="no-scope"' in page.text and "Akun Anda" in page.text


def test_the_country_dashboard(client: TestClient, world: World) -> None:
    page = client.get("/countries/ID/dashboard?lang=en")
    assert page.status_code == 200
    text = page.text
    provinces = text.split('id="provinces"', 1)[1].split("</table>", 1)[0]
    west_java = provinces.split('data-region="ID-JB"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/places/{world.ids["west_java"]}"' in west_java
    assert 'href="/partnerships?country=ID&amp;region=ID-JB">6</a>' in west_java
    # the two MoUs recorded, and Bandung – Busan's signed MoU (its recorded stage: exploration)
    assert 'href="/partnerships?country=ID&amp;region=ID-JB&amp;stage=mou">3</a>' in west_java
    dormant = text.split('id="dormant"', 1)[1].split("</ul>", 1)[0]
    assert "Bandung – Suwon" in dormant and "Braunschweig" not in dormant
    partners = text.split('id="partner-chart"', 1)[1].split("</figure>", 1)[0]
    assert "South Korea" in partners and 'href="/partnerships?country=ID&amp;partner_country=KR"' in partners
    assert "<rect" in partners
    assert "Menurut negara mitra" in client.get("/countries/ID/dashboard?lang=id").text
    empty = client.get("/countries/FR/dashboard?lang=en")
    assert empty.status_code == 200 and "0 partnerships" in empty.text


def test_the_partnership_page_says_its_status_and_next_step(client: TestClient, world: World) -> None:
    pid = world.pairs["active"]
    page = client.get(f"/partnerships/{pid}?lang=en").text
    assert 'id="status-label">Active' in page
    reason = page.split('id="status-reason">', 1)[1].split("</span>", 1)[0]
    assert reason.startswith("last step of the procedure")
    needs = page.split('id="next-documents"', 1)[1].split("</ul>", 1)[0]
    assert 'data-purpose="facilitation_request"' in needs and "missing" in needs
    with world.db.write() as s:
        documents.attach_upload(
            s,
            world.settings,
            world.editor,
            documents.Upload("request.pdf", PDF),
            partnership_id=pid,
            purpose="facilitation_request",
        )
    needs = (
        client.get(f"/partnerships/{pid}?lang=id")
        .text.split('id="next-documents"', 1)[1]
        .split("</ul>", 1)[0]
    )
    assert 'class="attached"' in needs and "terlampir" in needs
    dormant = client.get(f"/partnerships/{world.pairs['dormant']}?lang=id").text
    assert 'id="status-label">' in dormant and "2014" in dormant.split('id="status-reason">', 1)[1][:200]


def test_a_planned_instrument_is_planned_on_the_page(client: TestClient, world: World) -> None:
    loi_id = add_planned_loi(world)
    for lang, planned, signed, expiring in (
        ("id", "direncanakan pada", "ditandatangani pada", "Akan berakhir"),
        ("en", "planned for", "signed on", "Expiring"),
    ):
        page = client.get(f"/partnerships/{world.pairs['unknown']}?lang={lang}").text
        item = page.split(f'<li id="instrument-{loi_id}">', 1)[1].split("</li>", 1)[0]
        assert planned in item and signed not in item
        status = page.split('id="status"', 1)[1].split("</section>", 1)[0]
        assert expiring not in status
    dashboard = client.get("/countries/ID/dashboard?lang=en").text
    listed = dashboard.split('id="expiring-this-year"', 1)[1].split("</ul>", 1)[0]
    assert "Petaling Jaya" not in listed


def test_the_pair_page_is_faceted(client: TestClient, world: World) -> None:
    page = client.get("/countries/ID/KR?lang=en").text
    assert sorted(rows(page)) == sorted(world.pairs[k] for k in ("expiring", "dormant", "renewed"))
    url, count = facet_link(page, "status", "dormant")
    assert count == 1 and url == "/countries/ID/KR?status=dormant"
    assert 'id="facet-partner_country"' not in page  # the page stands for the pair


def test_dashboard_pages_are_paged(client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facet_view, "PER_PAGE", 4)
    monkeypatch.setattr(pages_lifecycle, "PER_PAGE", 4)
    sign_in(client, "bandung@example.org", PASSWORD)
    first = re.findall(r'id="mine-(\d+)"', client.get("/dashboard").text)
    second = re.findall(r'id="mine-(\d+)"', client.get("/dashboard?page=2").text)
    assert len(first) == 4 and len(second) == 2 and not set(first) & set(second)
    assert re.findall(r'id="mine-(\d+)"', client.get("/dashboard?page=9").text) == second


def test_the_stage_reached_is_shown_with_where_it_comes_from(client: TestClient, world: World) -> None:
    """Bandung – Busan: exploration recorded, an MoU signed four years ago."""
    pid = world.pairs["expiring"]
    page = client.get(f"/partnerships/{pid}?lang=en").text
    stage = page.split('id="stage-reached">', 1)[1].split("</p>", 1)[0]
    assert "<strong>Memorandum of Understanding</strong>" in stage
    assert (
        "from the Memorandum of Understanding signed on" in stage and "stage recorded: Exploration" in stage
    )
    step = page.split('id="next-step"', 1)[1].split("</section>", 1)[0]
    assert "Implementation agreement" in step and "Exploration" not in step.split("</p>", 2)[1]
    listed = client.get("/partnerships?stage=mou&lang=en").text.split(f'<tr id="row-{pid}"', 1)[1]
    row = listed.split("</tr>", 1)[0]
    assert 'title="from the Memorandum of Understanding signed on' in row
    assert ">Memorandum of Understanding*</span>" in row
    sign_in(client, "bandung@example.org", PASSWORD)
    mine = client.get("/dashboard?lang=id").text.split(f'id="mine-{pid}"', 1)[1].split("</dl>", 1)[0]
    assert '<dd class="stage-reached">Nota kesepahaman (MoU) <span' in mine
    assert "tahap tercatat: Penjajakan" in mine and "<strong>Perjanjian kerja sama (PKS)</strong>" in mine


def test_status_and_validity_facets_are_apart_on_my_partnerships(client: TestClient) -> None:
    sign_in(client, "bandung@example.org", PASSWORD)
    page = client.get("/dashboard?lang=id").text
    status = page.split('id="facet-status"', 1)[1].split("</section>", 1)[0]
    assert sum(int(n) for n in re.findall(r'<span class="count">(\d+)', status)) == len(SCOPE)
    assert "Akan berakhir" not in status
    validity = page.split('id="facet-validity"', 1)[1].split("</section>", 1)[0]
    assert "Dokumen kerja sama" in validity and "Akan berakhir" in validity
    assert facet_link(page, "validity", "expiring") == ("/dashboard?validity=expiring", 1)


def test_undated_activities_are_not_denied(client: TestClient, world: World) -> None:
    from kembar.registry import activities
    from kembar.registry.schemas import ActivityCreate

    pid = world.pairs["never"]
    with world.db.write() as s:
        activities.add(s, world.editor, pid, ActivityCreate(type="visit"))
    reason = client.get(f"/partnerships/{pid}?lang=en").text.split('id="status-reason">', 1)[1]
    assert reason.split("</span>", 1)[0].endswith("no dated activity held since (1 recorded without a date)")
    sign_in(client, "bandung@example.org", PASSWORD)
    mine = client.get("/dashboard?lang=en").text.split(f'id="mine-{pid}"', 1)[1].split("</dl>", 1)[0]
    last = mine.split('class="last-activity">', 1)[1].split("</dd>", 1)[0]
    assert "no dated activity held" in last and "1 recorded without a date" in last


def test_the_country_dashboard_expiring_window_labels_and_provinces(client: TestClient, world: World) -> None:
    from kembar.permissions import system_actor
    from kembar.registry import partnerships
    from kembar.registry.schemas import PartnershipCreate

    with world.db.write() as s:  # a region with no province of its own in the gazetteer, as Jakarta
        jakarta = Place(key="gn:jkt", name="Jakarta", kind="city", country_code="ID", admin_code="ID-JK")
        s.add(jakarta)
        s.flush()
        for other in ("busan", "suwon"):
            partnerships.create(
                s, system_actor("cli"), PartnershipCreate(place_a=jakarta.id, place_b=world.ids[other])
            )
    page = client.get("/countries/ID/dashboard?lang=id").text
    soon = page.split('id="expiring-soon"', 1)[1].split("</ul>", 1)[0]
    # within KEMBAR_EXPIRING_DAYS, whatever the year
    assert "Busan" in soon and f"{left(30)} hari lagi" in soon
    assert "Dokumen yang berakhir dalam 90 hari" in page
    provinces = page.split('id="provinces"', 1)[1].split("</table>", 1)[0]
    jk = provinces.split('data-region="ID-JK"', 1)[1].split("</tr>", 1)[0]
    assert '<td><a href="/partnerships?country=ID&amp;region=ID-JK">' in jk
    chart = page.split('id="stage-chart"', 1)[1].split("</figure>", 1)[0]
    width = int(re.search(r'<text x="(\d+)"', chart).group(1))  # type: ignore[union-attr]
    assert 'class="hlabel">Surat Pernyataan Kehendak (LoI)</text>' in chart
    assert width >= len("Surat Pernyataan Kehendak (LoI)") * 6.5  # the label fits left of the bars


def test_a_bar_label_longer_than_half_the_chart_is_cut_not_clipped() -> None:
    from kembar.web.charts import hbar_chart

    chart = hbar_chart([("Memorandum of Understanding", 2, "2", None), ("x" * 100, 1, "1", None)])
    assert chart.label_width == 280  # half the chart: the bars keep the other half
    assert chart.bars[0].short == "Memorandum of Understanding"
    assert chart.bars[1].short.endswith("…") and len(chart.bars[1].short) * 7 <= chart.label_width


def test_a_country_pages_activities_name_their_partnership(client: TestClient, world: World) -> None:
    """The country page's activities each linked to "Partnership", whichever it was."""
    from kembar.db.models import Partnership
    from kembar.registry import activities
    from kembar.registry.schemas import ActivityCreate

    pid = world.pairs["never"]
    with world.db.write() as s:
        activities.add(s, world.editor, pid, ActivityCreate(type="visit", date="2024-05-02"))
        row = s.get(Partnership, pid)
        assert row is not None
        label = " – ".join(p.name for p in row.parties)
    page = client.get("/countries/ID?lang=en").text
    link = page.split(f'<a href="/partnerships/{pid}">', 1)[1].split("</a>", 1)[0]
    assert link == html.escape(label)

"""The pages in a real browser: the map draws, search leads to a place, evidence shows,
the language switch works, nothing errs and nothing is fetched from another host."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def test_home_map_draws_lines_and_markers(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/")
    p.wait_for_selector("#world[data-ready='1']", timeout=20_000)
    lines = int(p.get_attribute("#world", "data-lines"))
    markers = int(p.get_attribute("#world", "data-markers"))
    # Every partnership of the registry whose places have coordinates: nearly all of them.
    stats = p.evaluate("() => fetch('/api/v1/stats').then(r => r.json())")
    assert 0.9 * stats["partnerships"] <= lines <= stats["partnerships"]
    assert 0.9 * stats["places"] <= markers <= stats["places"]
    # The canvas holds drawn pixels, not an empty layer.
    inked = p.evaluate(
        """() => { const c = document.querySelector('#world canvas.edges-canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert inked > 10_000
    # Clicking on Jakarta selects it and offers a link to its page.
    x, y = p.evaluate(
        """() => { const m = document.getElementById('world').kembar.map;
                   const pt = m.latLngToContainerPoint([-6.2146, 106.8451]); return [pt.x, pt.y]; }"""
    )
    box = p.locator("#world").bounding_box()
    p.mouse.click(box["x"] + x, box["y"] + y)
    popup = p.locator(".leaflet-popup-content a.popup-place")
    popup.wait_for(timeout=5_000)
    assert "(ID)" in popup.inner_text()


def test_search_leads_to_the_place_page_with_partners(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/")
    p.fill("#search", "Jakarta")
    p.wait_for_selector("#suggestions li a", timeout=5_000)
    assert "Jakarta" in p.locator("#suggestions li a").first.inner_text()
    # a province says it is one: a capital and its province often share a name
    p.fill("#search", "Jawa Barat")
    p.wait_for_selector("#suggestions li a:has-text('province')", timeout=5_000)
    assert p.locator("#suggestions li a").first.inner_text() == "Jawa Barat (ID, province)"
    # its count is labelled: "0 partnerships", not a bare number
    assert re.fullmatch(r"\d+ partnerships?", p.locator("#suggestions li span").first.inner_text().strip())
    p.fill("#search", "Jakarta")
    p.wait_for_selector("#suggestions li a:has-text('Jakarta (ID)')", timeout=5_000)
    p.press("#search", "Enter")
    p.wait_for_url("**/places/*")
    assert p.locator("#place-name").inner_text().startswith("Jakarta")
    partners = p.locator("#partners tbody tr")
    assert partners.count() >= 15
    assert "Berlin" in p.locator("#partners").inner_text()
    p.wait_for_selector("#place-map[data-ready='1']", timeout=10_000)
    p.wait_for_selector("#suggested[data-ready='1']", timeout=60_000)
    assert p.locator("#suggested li").count() == 10


@pytest.mark.parametrize("lang", ["en", "id"])
def test_pages_fit_a_phone_screen(open_page: Any, server: str, lang: str) -> None:
    # 390 px, a common phone: the header's links wrap and a wide table scrolls inside its
    # column, so that no page is wider than the screen (nothing to scroll sideways).
    p = open_page(server, lang, width=390).page
    p.goto(f"{server}/seeking?lang={lang}")
    for path in ("/", "/seeking", "/search?q=Jakarta", "/partnerships"):
        p.goto(server + path)
        wide = p.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, f"{path} is {wide} px wide on a 390 px screen"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_place_pages_partnerships_read_on_a_phone_without_scrolling_sideways(
    open_page: Any, server: str, lang: str
) -> None:
    # The place page's list of partners: six columns that scrolled inside their column at
    # 390 px; now each partnership is a block, every cell named by its column.
    p = open_page(server, lang, width=390).page
    p.goto(f"{server}/search?q=Jakarta&lang={lang}")
    found = p.evaluate("() => fetch('/api/v1/places?q=Jakarta').then(r => r.json())")
    jakarta = next(x["id"] for x in found["items"] if x["name"] == "Jakarta" and x["kind"] == "city")
    p.goto(f"{server}/places/{jakarta}")
    fit = p.evaluate(
        """() => { const t = document.querySelector('#partners');
                   return {page: document.documentElement.scrollWidth, screen: innerWidth,
                           table: t.scrollWidth, column: t.closest('.results').clientWidth}; }"""
    )
    assert fit["page"] <= fit["screen"], fit
    assert fit["table"] <= fit["column"], fit  # nothing to scroll inside the column either
    first = p.locator("#partners tbody tr").first
    assert first.locator("td[data-label]").count() == 4
    kind = first.locator("td[data-label]").first
    said = kind.evaluate("td => getComputedStyle(td, '::before').content")
    assert said.strip('"') == ("Kind" if lang == "en" else "Jenis")
    # on a wide screen it stays a table with its header
    p.set_viewport_size({"width": 1280, "height": 900})
    assert p.locator("#partners thead th").first.is_visible()
    assert p.evaluate("() => getComputedStyle(document.querySelector('#partners')).display") == "table"


def test_partnership_page_shows_its_evidence(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/search?q=Jakarta")
    p.locator("#partners tr", has_text="Berlin").locator("td:nth-child(3) a").click()
    p.wait_for_url("**/partnerships/*")
    assert "Jakarta" in p.locator("h1.parties").inner_text()
    evidence = p.locator("#evidence li")
    assert evidence.count() >= 1
    assert "Wikipedia" in evidence.first.inner_text()
    assert p.locator("#stage-track li").count() >= 9


def test_language_switch_is_remembered(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/network")
    assert p.get_attribute("html", "lang") == "en"
    assert "Network" in p.locator("header nav").inner_text()
    p.click("#lang-switch")
    p.wait_for_load_state()
    assert p.get_attribute("html", "lang") == "id"
    assert "Jaringan" in p.locator("header nav").inner_text()
    p.goto(server + "/countries/ID")
    assert p.get_attribute("html", "lang") == "id"
    assert "Negara mitra" in p.content()


def test_country_pair_and_network_pages(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/countries/ID/KZ?lang=en")
    assert "Nusantara" in p.locator("#pair-partnerships").inner_text()
    p.goto(server + "/network")
    assert p.locator("#matrix tbody tr").count() == 20
    assert p.locator("#distribution rect").count() >= 5


def test_the_keyboard_skips_the_header_and_picks_a_suggestion(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/search?q=Surabya")
    # the first Tab reaches a visible "skip to content", which leads past the header
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "skip-link"
    assert p.locator("#skip-link").bounding_box()["y"] >= 0
    p.keyboard.press("Enter")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.closest('main') !== null")
    # the arrow keys move through the search box's suggestions; Enter opens the one marked
    p.focus("#search")
    p.keyboard.type("Surab")
    p.wait_for_selector("#suggestions li a:has-text('Surabaya (ID)')", timeout=5_000)
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowUp")
    marked = p.locator("#suggestions a[aria-selected='true']")
    assert marked.count() == 1 and marked.inner_text() == "Surabaya (ID)"
    assert p.get_attribute("#search", "aria-activedescendant") == marked.get_attribute("id")
    p.keyboard.press("Enter")
    p.wait_for_url("**/places/*")
    assert p.locator("#place-name").inner_text().startswith("Surabaya")

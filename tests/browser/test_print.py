"""On paper (print media in Chromium): no navigation, search, forms, buttons or map
controls, black text; the place page's printable report is a PDF."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _visible(p: Any, selector: str) -> bool:
    return bool(
        p.evaluate(
            """(sel) => [...document.querySelectorAll(sel)].some(e => {
               const s = getComputedStyle(e); const r = e.getBoundingClientRect();
               return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; })""",
            selector,
        )
    )


def test_a_place_page_prints_its_content_only(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/search?q=Jakarta")
    p.wait_for_url("**/places/*")
    p.wait_for_selector("#place-map[data-ready='1']", timeout=10_000)
    assert _visible(p, "header nav") and _visible(p, "form.search") and _visible(p, ".leaflet-control-zoom")
    p.emulate_media(media="print")
    for hidden in (
        "header nav",
        "form.search",
        "#account",
        "#lang-switch",
        "form",
        "button",
        ".leaflet-control-zoom",
        "#place-report",
    ):
        assert not _visible(p, hidden), hidden
    assert _visible(p, "#place-name") and _visible(p, "#partners") and _visible(p, "#place-map")
    assert p.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert p.evaluate("getComputedStyle(document.querySelector('#partners a')).color") == "rgb(0, 0, 0)"
    p.emulate_media(media="screen")
    href = p.get_attribute("#place-report", "href")
    report = p.request.get(server + href)
    assert report.ok and report.headers["content-type"] == "application/pdf"
    assert report.body().startswith(b"%PDF-")

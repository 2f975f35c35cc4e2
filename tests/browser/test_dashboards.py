"""The country dashboard and a province page in a real browser, on the bundled atlas:
from Indonesia's dashboard to East Java, a facet followed, the map redrawn with it, and
the list downloaded as .xlsx whose rows are the page's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow


def _ids(p: Any, selector: str) -> list[int]:
    hrefs = p.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return sorted(int(h.rsplit("/", 1)[1]) for h in hrefs)


def test_country_dashboard_to_a_province_a_facet_and_its_workbook(
    page: Any, server: str, tmp_path: Any
) -> None:
    p = page.page
    p.goto(server + "/countries/ID/dashboard?lang=en")
    assert p.locator("#dashboard-title").inner_text().startswith("Indonesia")
    assert p.locator("#partner-chart rect").count() >= 10  # bars, one a partner country
    east_java = p.locator("#provinces tr[data-region='ID-JI']")
    total = int(east_java.locator("td").last.inner_text())
    assert total >= 10
    east_java.locator("td").first.locator("a").click()
    p.wait_for_url(re.compile(r".*/places/\d+$"))
    assert p.locator("#place-name").inner_text().startswith("Jawa Timur")
    # the province counts its cities' partnerships, as the dashboard did
    assert f"({total})" in p.locator("#partnerships").inner_text()
    assert p.locator("#partners tbody tr").count() == min(total, 50)
    p.wait_for_selector("#place-map[data-ready='1']", timeout=10_000)
    assert int(p.get_attribute("#place-map", "data-lines")) == total

    china = p.locator("#facet-country a[data-value='CN']")
    count = int(china.locator("xpath=following-sibling::span").inner_text())
    assert 0 < count < total
    china.click()
    p.wait_for_url(re.compile(r".*/places/\d+\?country=CN$"))
    assert p.locator("#active-filters").inner_text().count("China") == 1
    assert p.locator("#partners tbody tr").count() == count
    p.wait_for_selector("#place-map[data-ready='1']", timeout=10_000)
    assert int(p.get_attribute("#place-map", "data-lines")) == count
    shown = _ids(p, "#partners tbody a[href^='/partnerships/']")

    with p.expect_download() as info:
        p.click("#export-xlsx")
    path = tmp_path / "list.xlsx"
    info.value.save_as(path)
    book = load_workbook(path)
    sheet = book["Partnerships"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(int(r["ID"]) for r in rows) == shown
    for r in rows:
        assert "China" in (r["Country"], r["Partner's country"])
        assert "Jawa Timur" in (r["Region"], r["Partner's region"])

    # removing the filter gives the province's whole list back
    p.locator("#active-filters a[data-filter='country']").click()
    p.wait_for_url(re.compile(r".*/places/\d+$"))
    assert p.locator("#partners tbody tr").count() == min(total, 50)

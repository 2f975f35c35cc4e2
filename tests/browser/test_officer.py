"""An officer's own views in headless Chromium, on a small registry of its own: the
dashboard on a phone puts the officer's partnerships before the facets (and beside them on
a wide screen); a dormant partnership whose MoU still binds says until when, on the
dashboard and its page; the seeking page, empty, says how a place gets listed and links the
officer's own place. Screenshots: tests/artifacts/test_officer-*.png."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from helpers import EDITOR, PASSWORD, atlas_with_editor
from kembar.config import Settings
from kembar.db.models import Partnership
from kembar.permissions import system_actor
from kembar.registry import activities, instruments, partnerships
from kembar.registry.schemas import ActivityCreate, InstrumentCreate, StageMove

pytestmark = pytest.mark.slow

ROWS = [
    "Bandung,Indonesia,-6.9147,107.6098,Braunschweig,Germany,52.2689,10.5268",
    "Bandung,Indonesia,-6.9147,107.6098,Suwon,South Korea,37.2636,127.0286",
    "Bandung,Indonesia,-6.9147,107.6098,Fort Worth,United States,32.7555,-97.3308",
    "Surabaya,Indonesia,-7.2575,112.7521,Busan,South Korea,35.1796,129.0756",
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Bandung's three atlas pairs, its editor, and Bandung - Suwon with an MoU valid until
    2040 and nothing held since a visit in 2017."""
    settings, database, ids = atlas_with_editor(tmp_path_factory.mktemp("officer"), ROWS)
    with database.write() as s:
        root = system_actor("cli")
        suwon = s.scalar(select(Partnership.id).where(Partnership.place_b_id == ids["Suwon"]))
        assert suwon is not None
        mou = InstrumentCreate(type="mou", signed_on="2015-03-10", valid_until="2040-03-09")
        instruments.add(s, root, suwon, mou)
        activities.add(s, root, suwon, ActivityCreate(type="visit", date="2017-05-02"))
        partnerships.move_stage(s, root, suwon, StageMove(stage="mou", date="2015-03-10", note="Balai Kota"))
    database.dispose()
    return {"settings": settings, "ids": ids, "suwon": suwon}


@pytest.fixture(scope="module")
def base(registry: dict[str, Any], serve: Callable[[Settings], Any]) -> Iterator[str]:
    with serve(registry["settings"]) as url:
        yield url


def sign_in(p: Any, base: str, lang: str) -> None:
    p.goto(f"{base}/login?lang={lang}")
    p.fill("#login-form input[name=email]", EDITOR)
    p.fill("#login-form input[name=password]", PASSWORD)
    p.click("#login-form button[type=submit]")
    p.wait_for_url(base + "/")


def _box(p: Any, selector: str) -> dict[str, float]:
    box = p.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_on_a_phone_the_officers_partnerships_come_before_the_facets(
    base: str, open_page: Callable[..., Any]
) -> None:
    """At 390 px the facets filled the first screens before the first partnership."""
    phone = open_page(base, "phone", width=390).page
    sign_in(phone, base, "id")
    phone.goto(base + "/dashboard?lang=id")
    first, facets = _box(phone, "#my-partnerships > li"), _box(phone, "#facets")
    assert first["y"] < 900 < facets["y"]
    assert (
        phone.locator("#to-facets a").is_visible()
        and phone.locator("#to-facets a").get_attribute("href") == "#facets"
    )
    # the keyboard reaches the partnerships before the facets too
    order = phone.eval_on_selector_all(
        "#my-partnerships a, #facets a", "els => els.map(e => e.closest('#facets') ? 'facet' : 'row')"
    )
    assert order.index("row") < order.index("facet")
    wide = open_page(base, "wide").page
    sign_in(wide, base, "en")
    wide.goto(base + "/dashboard?lang=en")
    first, facets = _box(wide, "#my-partnerships > li"), _box(wide, "#facets")
    assert facets["x"] + facets["width"] <= first["x"] and abs(facets["y"] - first["y"]) < 80
    assert wide.locator("#to-facets").is_hidden()


def test_a_dormant_partnership_whose_mou_binds_says_until_when(
    base: str, registry: dict[str, Any], open_page: Callable[..., Any]
) -> None:
    p = open_page(base, "dormant").page
    sign_in(p, base, "id")
    p.goto(base + "/dashboard?lang=id")
    row = p.locator(f"#mine-{registry['suwon']}").inner_text()
    assert "Tidak aktif" in row and "Nota kesepahaman berlaku sampai 9 Maret 2040, tetapi" in row
    p.goto(f"{base}/partnerships/{registry['suwon']}?lang=en")
    said = " ".join(p.locator("main").inner_text().split())
    assert (
        "Dormant" in said
        and "Memorandum of Understanding valid until 9 March 2040, but no activity held" in said
    )


def test_the_empty_seeking_page_says_how_to_be_listed(base: str, open_page: Callable[..., Any]) -> None:
    p = open_page(base, "seeking", width=390).page
    sign_in(p, base, "id")
    p.goto(base + "/seeking?lang=id")
    assert "Belum ada daerah yang menyatakan mencari mitra" in p.locator("#seeking-none").inner_text()
    p.locator("#seeking-yours a", has_text="Bandung").click()
    p.wait_for_url("**/places/*#profile")


def test_on_a_phone_no_page_of_the_officer_is_wider_than_the_screen(
    base: str, registry: dict[str, Any], open_page: Callable[..., Any]
) -> None:
    """At 390 px the steps table (449 px) and the history's changes (560 px) widened the
    page; a person's boxes were three unnamed boxes under three names."""
    p = open_page(base, "narrow", width=390).page
    sign_in(p, base, "id")
    suwon = registry["suwon"]
    for path in (f"/partnerships/{suwon}", f"/partnerships/{suwon}/history", "/seeking", "/dashboard"):
        p.goto(f"{base}{path}?lang=id")
        p.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert p.evaluate("document.documentElement.scrollWidth") <= 390, path
    p.goto(f"{base}/partnerships/{suwon}?lang=id")
    p.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    first = p.locator("#activity-form input[name=participant_name]").first
    assert first.get_attribute("placeholder") == "Nama"
    assert p.locator("#activity-form .person-head").is_hidden()

"""A whole workflow in headless Chromium, on a small registry of its own: a Bandung
editor records a partnership with a new partner from Bandung's page, its Letter of
Intent with the signed PDF, the MoU with its end of validity, a visit; finds it all on
Bandung's page and in the history; is refused on a Surabaya partnership; a reviewer
accepts a news proposal. Screenshots: tests/artifacts/test_workflow-<who>.png and the
steps' own."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from helpers import EDITOR, PASSWORD, REVIEWER, atlas_with_editor
from kembar import users
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Instrument, Partnership, Proposal
from kembar.db.registry import Document
from kembar.ingest import queue
from kembar.permissions import system_actor

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROWS = [
    "Bandung,Indonesia,-6.9147,107.6098,Braunschweig,Germany,52.2689,10.5268",
    "Surabaya,Indonesia,-7.2575,112.7521,Busan,South Korea,35.1796,129.0756",
    "Kuala Lumpur,Malaysia,3.139,101.6869,Seoul,South Korea,37.5665,126.978",
]
NEWS = (
    "Surabaya dan Busan Perbarui Kerja Sama Kota Kembar\n\nPemerintah Kota Surabaya menandatangani nota "
    "kesepahaman (MoU) sister city dengan Kota Busan, Korea Selatan, Senin (3/7/2023), di bidang "
    "pendidikan dan pariwisata."
)
# A small real PDF, made here.
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three atlas pairs, a Bandung editor and a reviewer, one news article read."""
    settings, database, ids = atlas_with_editor(tmp_path_factory.mktemp("workflow"), ROWS)
    with database.write() as s:
        root = system_actor("cli")
        users.add_user(s, root, REVIEWER, "reviewer", PASSWORD, name="Rina")
        news = queue.ingest(s, NEWS.encode(), "surabaya-busan.txt")
        proposal = next(p for p in news.proposals if queue.get_proposal(s, p).kind == "partnership")
        surabaya_busan = s.scalar(
            select(Partnership.id).where(Partnership.place_a_id.in_([ids["Surabaya"], ids["Busan"]]))
        )
    database.dispose()
    return {"settings": settings, "ids": ids, "proposal": proposal, "surabaya_busan": surabaya_busan}


@pytest.fixture(scope="module")
def base(registry: dict[str, Any], serve: Callable[[Settings], Any]) -> Iterator[str]:
    with serve(registry["settings"]) as url:
        yield url


def db_of(registry: dict[str, Any]) -> Database:
    return Database(registry["settings"])


def shot(p: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"test_workflow-{name}.png"), full_page=True)


def sign_in(p: Any, base: str, email: str) -> None:
    p.goto(base + "/login")
    p.fill("#login-form input[name=email]", email)
    p.fill("#login-form input[name=password]", PASSWORD)
    p.click("#login-form button[type=submit]")
    p.wait_for_url(base + "/")


def choose_place(p: Any, picker: str, typed: str, name: str) -> None:
    p.fill(f"#{picker}-text", typed)
    p.locator(f"#{picker}-list li", has_text=name).first.click()
    assert p.locator(f"#{picker}-list").is_hidden()


def test_a_bandung_editor_keeps_a_partnership_and_a_reviewer_decides_the_news(
    base: str, registry: dict[str, Any], open_page: Callable[[str, str], Any]
) -> None:
    ids = registry["ids"]
    editor = open_page(base, "editor")
    p = editor.page
    sign_in(p, base, EDITOR)

    # From Bandung's page: record a partnership with Kuala Lumpur, at exploration.
    p.goto(f"{base}/places/{ids['Bandung']}")
    p.click("#record-partnership")
    p.wait_for_url("**/partnerships/new?a=*")
    assert p.input_value("#place_a-text").startswith("Bandung")
    choose_place(p, "place_b", "Kuala", "Kuala Lumpur")
    p.select_option("#new-partnership-form select[name=stage]", "exploration")
    p.fill("#new-partnership-form input[name=date]", "2024-03-04")
    p.fill("#new-partnership-form textarea[name=note]", "First talks at the <APCS> congress")
    shot(p, "1-new-partnership")
    p.click("#new-partnership-form button[type=submit]")
    p.wait_for_url(re.compile(r".*/partnerships/\d+$"))
    pid = int(p.url.rsplit("/", 1)[1])
    assert "First talks at the <APCS> congress" in p.locator("#partnership-note").inner_text()

    # The Letter of Intent, signed by two, with the signed PDF uploaded.
    p.click("#add-instrument summary")
    form = "#instrument-form"
    p.select_option(f"{form} select[name=type]", "loi")
    # The date of an instrument not yet signed is the planned one, as the status says.
    date_label = p.locator(f"{form} label", has=p.locator("input[name=signed_on]")).locator("span").first
    assert date_label.inner_text() == "Signed on"
    p.select_option(f"{form} select[name=status]", "planned")
    assert date_label.inner_text() == "Planned for"
    p.select_option(f"{form} select[name=status]", "signed")
    assert date_label.inner_text() == "Signed on"
    p.fill(f"{form} input[name=signed_on]", "2024-05-17")
    p.fill(f"{form} input[name=signed_at]", "Bandung")
    rows = p.locator(f"{form} [data-row]")
    rows.nth(0).locator("input[name=signatory_name]").fill("Bambang Tirtoyuliono")
    rows.nth(0).locator("input[name=signatory_role]").fill("Penjabat Wali Kota Bandung")
    p.click(f"{form} [data-add-row]")
    rows.nth(1).locator("input[name=signatory_name]").fill("Maimunah Mohd Sharif")
    rows.nth(1).locator("input[name=signatory_role]").fill("Datuk Bandar Kuala Lumpur")
    p.set_input_files(
        f"{form} input[name=doc_file]",
        files=[{"name": "LoI-Bandung-KL.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    p.fill(f"{form} input[name=doc_title]", "Signed Letter of Intent")
    p.click(f"{form} button[type=submit]")
    p.wait_for_url(re.compile(rf".*/partnerships/{pid}#instrument-\d+$"))
    loi = p.locator("ul.instruments > li", has_text="Letter of Intent")
    assert "Maimunah Mohd Sharif" in loi.inner_text()
    link = loi.locator("a[href^='/documents/']")
    assert re.fullmatch(r"/documents/\d+/file", link.get_attribute("href") or "")
    assert link.inner_text() == "Signed Letter of Intent"

    # The stage: the LoI, then the MoU, valid until 2029.
    move_stage(p, "loi", "2024-05-17")
    p.click("#add-instrument summary")
    p.select_option(f"{form} select[name=type]", "mou")
    p.fill(f"{form} input[name=signed_on]", "2024-11-08")
    p.fill(f"{form} input[name=valid_until]", "2029-11-07")
    p.click(f"{form} button[type=submit]")
    p.wait_for_url(re.compile(rf".*/partnerships/{pid}#instrument-\d+$"))
    move_stage(p, "mou", "2024-11-08")
    track = p.locator("#stage-track")
    assert "Memorandum of Understanding" in track.locator("li.current").inner_text()
    assert "not recorded" in track.locator("li", has_text="Council approval").inner_text()
    assert "7 November 2029" in p.locator("ul.instruments > li", has_text="Memorandum").inner_text()

    # A visit to Kuala Lumpur, with who took part.
    p.click("#add-activity summary")
    form = "#activity-form"
    p.select_option(f"{form} select[name=type]", "visit")
    p.fill(f"{form} input[name=title]", "Delegation on creative economy")
    p.fill(f"{form} input[name=date]", "2025-02-10")
    choose_place(p, "place_id", "Kuala", "Kuala Lumpur")
    p.locator(f"{form} [data-row] input[name=participant_name]").first.fill("Dewi Kusuma")
    p.locator(f"{form} [data-row] input[name=participant_role]").first.fill("Kepala Bagian Kerja Sama")
    p.fill(f"{form} input[name=participants_count]", "12")
    p.check(f"{form} input[name=fields][value=economy_trade]")
    p.click(f"{form} button[type=submit]")
    p.wait_for_url(re.compile(rf".*/partnerships/{pid}#activity-\d+$"))
    visit = p.locator("li.activity", has_text="Delegation on creative economy")
    assert "Kuala Lumpur" in visit.inner_text() and "Dewi Kusuma" in visit.inner_text()
    shot(p, "2-partnership")

    # All of it on Bandung's page...
    p.goto(f"{base}/places/{ids['Bandung']}")
    partner = p.locator("#partners tr", has_text="Kuala Lumpur")
    assert "Memorandum of Understanding" in partner.inner_text()
    timeline = p.locator("#timeline").inner_text()
    for seen in (
        "Letter of Intent",
        "Memorandum of Understanding",
        "Visit",
        "Delegation on creative economy",
    ):
        assert seen in timeline
    # ... and in the history, each change with its author.
    p.goto(f"{base}/partnerships/{pid}")
    p.click("#history-tab")
    p.wait_for_url(f"**/partnerships/{pid}/history")
    history = p.locator("#history")
    assert history.locator("li.change").count() >= 6
    text = history.inner_text()
    for seen in (
        "Recorded the partnership Bandung – Kuala Lumpur",
        "Recorded the Letter of Intent",
        "Attached LoI-Bandung-KL.pdf",
        "stage Memorandum of Understanding",
        "Recorded a visit",
    ):
        assert seen in text, seen
    assert text.count("Dewi") >= 6 and "web form" in text
    shot(p, "3-history")
    p.goto(f"{base}/places/{ids['Bandung']}/history")
    assert "Recorded the partnership Bandung – Kuala Lumpur" in p.locator("#history").inner_text()

    # The uploaded file is kept with the instrument (downloading is the API's).
    database = db_of(registry)
    with database.session() as s:
        loi_row = s.scalars(
            select(Instrument).where(Instrument.partnership_id == pid, Instrument.type == "loi")
        ).one()
        doc = s.scalars(select(Document).where(Document.instrument_id == loi_row.id)).one()
        assert (doc.filename, doc.media_type, doc.size) == ("LoI-Bandung-KL.pdf", "application/pdf", len(PDF))
        assert [x.person.name for x in loi_row.signatories] == [
            "Bambang Tirtoyuliono",
            "Maimunah Mohd Sharif",
        ]
        mou = s.scalars(
            select(Instrument).where(Instrument.partnership_id == pid, Instrument.type == "mou")
        ).one()
        assert mou.valid_until == "2029-11-07"

    # A Surabaya partnership: the data, no form; a direct POST is refused.
    sb = registry["surabaya_busan"]
    p.goto(f"{base}/partnerships/{sb}")
    assert p.locator("#stage-form, #instrument-form, #activity-form, #remove-form").count() == 0
    assert p.locator("main form[method=post]").count() == 0
    token = p.get_attribute('meta[name="csrf-token"]', "content")
    refused = p.request.post(
        f"{base}/partnerships/{sb}/stage", form={"stage": "evaluation", "csrf_token": token}
    )
    assert refused.status == 403
    with database.session() as s:
        assert s.get(Partnership, sb).stage != "evaluation"  # type: ignore[union-attr]

    # A reviewer accepts the news proposal: it joins the Surabaya-Busan partnership.
    reviewer = open_page(base, "reviewer")
    r = reviewer.page
    sign_in(r, base, REVIEWER)
    r.click("#nav-review")
    r.wait_for_url("**/review")
    r.locator(f"#proposals a[href='/review/{registry['proposal']}']").first.click()
    r.wait_for_url(f"**/review/{registry['proposal']}")
    assert "Surabaya and Busan" in r.locator("#joins").inner_text()
    assert r.locator("#source-text mark").count() >= 1
    shot(r, "4-proposal")
    r.click("#accept")
    r.wait_for_url(f"**/partnerships/{sb}")
    assert "Kota Busan" in r.locator("#evidence").inner_text()
    with database.session() as s:
        proposal = s.get(Proposal, registry["proposal"])
        assert proposal is not None and (proposal.status, proposal.decided_by) == ("accepted", REVIEWER)
    r.goto(f"{base}/review/{registry['proposal']}")
    assert "Accepted by Rina" in r.locator("#decision").inner_text()
    database.dispose()


def move_stage(p: Any, stage: str, date: str) -> None:
    p.click("#stage-edit summary")
    p.select_option("#stage-form select[name=stage]", stage)
    p.fill("#stage-form input[name=date]", date)
    p.click("#stage-form button[type=submit]")
    p.wait_for_url(re.compile(r".*#stage$"))

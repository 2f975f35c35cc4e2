"""The review queue in the browser: reviewers and admins only; accept, correct then
accept, or reject a proposal; the partnership it joins shown before; who decided."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from helpers import ADMIN, EDITOR, REVIEWER, VIEWER, sign_in_as
from kembar.db import Database
from kembar.db.models import Instrument, Partnership, Proposal, StageStep
from kembar.db.registry import ChangeSet
from kembar.ingest import queue
from kembar.permissions import system_actor

# The registry holds Surabaya-Busan already; Bandung-Braunschweig would be new.
SURABAYA = (
    "Surabaya dan Busan Perpanjang Kerja Sama\n\nPemerintah Kota Surabaya menandatangani nota "
    "kesepahaman (MoU) sister city dengan Kota Busan, Korea Selatan, Senin (3/7/2023), di bidang "
    "pendidikan dan pariwisata."
)
BANDUNG = (
    "Bandung dan Braunschweig <b>Resmi</b> Jadi Kota Kembar\n\nPemerintah Kota Bandung menandatangani nota "
    "kesepahaman (MoU) sister city dengan Kota Braunschweig, Jerman, Senin (3/7/2023)."
)


@pytest.fixture
def proposals(db: Database, world: dict[str, int]) -> dict[str, int]:
    """The partnership proposal of each article, by the city named first."""
    found = {}
    with db.write() as s:
        for label, text in (("surabaya", SURABAYA), ("bandung", BANDUNG)):
            result = queue.ingest(s, text.encode(), f"{label}.txt")
            found[label] = next(p for p in result.proposals if queue.get_proposal(s, p).kind == "partnership")
    return found


def post(web: Any, path: str, token: str, **data: Any) -> Any:
    return web.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def status_of(db: Database, proposal_id: int) -> tuple[str, str | None]:
    with db.session() as s:
        p = s.get(Proposal, proposal_id)
        assert p is not None
        return p.status, p.decided_by


def test_the_queue_is_for_reviewers_and_admins(web: Any, proposals: dict[str, int]) -> None:
    pid = proposals["bandung"]
    for path in ("/review", f"/review/{pid}"):
        answer = web.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}"
    assert web.post(f"/review/{pid}/accept", data={}).status_code == 401
    for email in (EDITOR, VIEWER):
        token = sign_in_as(web, email)
        assert 'href="/review"' not in web.get("/").text
        assert web.get("/review").status_code == 403 and web.get(f"/review/{pid}").status_code == 403
        assert post(web, f"/review/{pid}/accept", token).status_code == 403
        assert post(web, f"/review/{pid}/reject", token).status_code == 403
        web.post("/logout", data={"csrf_token": token})
    sign_in_as(web, ADMIN)
    assert 'href="/review"' in web.get("/").text
    listing = web.get("/review?lang=en").text
    assert "Braunschweig" in listing
    # In words, never the vocabulary's codes.
    assert "Sister city / twin town, Memorandum of Understanding, Signed, 3 July 2023" in listing
    assert "sister_city" not in listing and "mou," not in listing


def test_the_proposal_shows_the_partnership_it_joins(
    web: Any, world: dict[str, int], proposals: dict[str, int]
) -> None:
    sign_in_as(web, REVIEWER)
    joins = web.get(f"/review/{proposals['surabaya']}?lang=en").text
    assert "Accepting adds this to the partnership already recorded of Surabaya and Busan" in joins
    assert f'href="/partnerships/{world["surabaya_busan"]}"' in joins
    new = web.get(f"/review/{proposals['bandung']}").text
    assert "accepting records a new one" in new and 'id="accept-form"' in new
    # The article's text, escaped, with the evidence marked; the form in the reader's language.
    assert "&lt;b&gt;Resmi&lt;/b&gt;" in new and "<mark>" in new
    indonesian = web.get(f"/review/{proposals['bandung']}?lang=id").text
    assert "Terima" in indonesian and "Tolak" in indonesian and "Nota kesepahaman" in indonesian


def test_accepting_joins_the_existing_partnership(
    web: Any, world: dict[str, int], db: Database, proposals: dict[str, int]
) -> None:
    token = sign_in_as(web, REVIEWER)
    before = _partnerships(db)
    answer = post(web, f"/review/{proposals['surabaya']}/accept", token, action="accept")
    assert (
        answer.status_code == 303 and answer.headers["location"] == f"/partnerships/{world['surabaya_busan']}"
    )
    assert _partnerships(db) == before
    assert status_of(db, proposals["surabaya"]) == ("accepted", REVIEWER)
    decided = web.get(f"/review/{proposals['surabaya']}?lang=en").text
    assert "Accepted by Rina on" in decided and 'id="accept-form"' not in decided
    # Decided once: a second accept says who decided, and writes nothing.
    again = post(web, f"/review/{proposals['surabaya']}/accept", token, action="accept")
    assert again.status_code == 409 and "Someone decided this proposal a moment ago" in again.text


def test_the_stage_read_in_the_news_is_noted_in_the_readers_language(
    web: Any, db: Database, proposals: dict[str, int]
) -> None:
    token = sign_in_as(web, REVIEWER)
    answer = post(web, f"/review/{proposals['bandung']}/accept", token, action="accept")
    page = answer.headers["location"]
    steps = web.get(f"{page}?lang=id").text.split('id="steps"')[1].split("</table>")[0]
    assert "Diketahui dari berita: Bandung dan Braunschweig" in steps and "Read in the news" not in steps
    steps = web.get(f"{page}?lang=en").text.split('id="steps"')[1].split("</table>")[0]
    assert "Read in the news: Bandung dan Braunschweig" in steps
    history = web.get(f"{page}/history?lang=id").text
    assert (
        f"Menerima usulan {proposals['bandung']}: Braunschweig (DE) – Bandung (ID): "
        "Kota kembar / kota bersaudara, Nota kesepahaman, Ditandatangani, 3 Juli 2023" in history
    )
    assert "Diketahui dari berita: Bandung dan Braunschweig" in history and "Read in the news" not in history
    with db.session() as s:  # the API and the CLI keep the English note
        step = s.scalars(select(StageStep).order_by(StageStep.id.desc()).limit(1)).one()
        assert step.note is not None and step.note.startswith("Read in the news: Bandung dan Braunschweig")
        decision = s.scalars(select(ChangeSet.summary).where(ChangeSet.summary.like("Accepted%"))).one()
        assert decision == (
            f"Accepted proposal {proposals['bandung']}: Braunschweig (DE) – Bandung (ID): "
            "Sister city / twin town, Memorandum of Understanding, Signed, 3 July 2023"
        )


def test_correcting_then_accepting(web: Any, db: Database, proposals: dict[str, int]) -> None:
    token = sign_in_as(web, REVIEWER)
    pid = proposals["bandung"]
    corrected = {
        "kind": "friendship_city",
        "instrument": "loi",
        "status": "signed",
        "date": "2023-07-04",
        "fields": ["culture", "education"],
        "fields_sent": "1",
    }
    bad = post(web, f"/review/{pid}/accept", token, action="accept", **{**corrected, "date": "4 July"})
    assert bad.status_code == 422 and "A date such as 2024-05-17" in bad.text and 'value="4 July"' in bad.text
    assert status_of(db, pid) == ("pending", None)
    saved = post(web, f"/review/{pid}/accept", token, action="save", **corrected)
    assert saved.status_code == 303 and saved.headers["location"] == f"/review/{pid}"
    with db.session() as s:
        item = queue.payload(s.get(Proposal, pid))  # type: ignore[arg-type]
        assert (item.kind, item.instrument, item.date, item.fields) == (  # type: ignore[union-attr]
            "friendship_city",
            "loi",
            "2023-07-04",
            ["culture", "education"],
        )
    assert status_of(db, pid) == ("pending", None)
    answer = post(web, f"/review/{pid}/accept", token, action="accept", **corrected)
    assert answer.status_code == 303
    partnership_id = int(answer.headers["location"].rsplit("/", 1)[1])
    with db.session() as s:
        p = s.get(Partnership, partnership_id)
        assert p is not None and p.kind == "friendship_city" and p.stage == "loi"
        assert [
            (i.type, i.signed_on)
            for i in s.scalars(select(Instrument).where(Instrument.partnership_id == p.id))
        ] == [("loi", "2023-07-04")]


def test_rejecting(web: Any, db: Database, proposals: dict[str, int]) -> None:
    token = sign_in_as(web, ADMIN)
    before = _partnerships(db)
    answer = post(web, f"/review/{proposals['bandung']}/reject", token)
    assert answer.status_code == 303 and answer.headers["location"] == f"/review/{proposals['bandung']}"
    assert status_of(db, proposals["bandung"]) == ("rejected", ADMIN)
    assert _partnerships(db) == before
    page = web.get(f"/review/{proposals['bandung']}?lang=en").text
    assert (
        "Rejected by Admin on" in page and f'href="/review/{proposals["surabaya"]}"' in page
    )  # the next one
    # Rejected elsewhere a moment ago: the reviewer is told, nothing is written.
    with db.write() as s:
        queue.reject(s, system_actor("cli"), proposals["surabaya"])
    late = post(web, f"/review/{proposals['surabaya']}/accept", token, action="accept")
    assert late.status_code == 409 and "rejected by Kembar" in late.text
    assert _partnerships(db) == before


def test_forms_of_the_queue_need_the_csrf_token(web: Any, db: Database, proposals: dict[str, int]) -> None:
    sign_in_as(web, REVIEWER)
    for action in ("accept", "reject"):
        assert (
            web.post(f"/review/{proposals['bandung']}/{action}", data={"action": "accept"}).status_code == 403
        )
    assert status_of(db, proposals["bandung"]) == ("pending", None)


def _partnerships(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Partnership)) or 0)


# --- the parties: the places they stand for, and correcting them ---------------------


def test_each_party_is_shown_as_the_place_it_stands_for(
    web: Any, world: dict[str, int], proposals: dict[str, int]
) -> None:
    sign_in_as(web, REVIEWER)
    page = web.get(f"/review/{proposals['bandung']}?lang=en").text
    bandung = page[page.index('id="party-') :].split("</dd>")[:2]
    shown = " ".join(bandung)
    assert f'<a href="/places/{world["bandung"]}"><strong>Bandung</strong></a> · City / town' in shown
    assert "Braunschweig</strong> · Germany" in shown and "will be created as City / town" in shown
    indonesian = web.get(f"/review/{proposals['bandung']}?lang=id").text
    assert "belum ada di registri: akan dibuat sebagai Kota" in indonesian
    assert 'name="party_a_text"' in indonesian and 'name="party_b_text"' in indonesian


def test_a_reviewer_points_a_party_at_another_place_and_the_history_records_it(
    web: Any, db: Database, world: dict[str, int], proposals: dict[str, int]
) -> None:
    from kembar.db.registry import ChangeSet

    pid = proposals["bandung"]
    form = {"kind": "sister_city", "instrument": "mou", "status": "signed", "date": "2023-07-03"}
    with db.session() as s:
        item = queue.payload(s.get(Proposal, pid))  # type: ignore[arg-type]
        side, other = ("party_a", "party_b") if item.a.name == "Braunschweig" else ("party_b", "party_a")  # type: ignore[union-attr]
    token = sign_in_as(web, REVIEWER)
    unknown = post(web, f"/review/{pid}/accept", token, action="save", **{side: "999999"}, **form)
    assert unknown.status_code == 422 and status_of(db, pid) == ("pending", None)
    saved = post(web, f"/review/{pid}/accept", token, action="save", **{side: str(world["bekasi"])}, **form)
    assert saved.status_code == 303
    with db.session() as s:
        item = queue.payload(s.get(Proposal, pid))  # type: ignore[arg-type]
        parties = {item.a.name, item.b.name}  # type: ignore[union-attr]
        assert "Bekasi" in parties and "Braunschweig" not in parties
        edits = s.scalars(select(ChangeSet).where(ChangeSet.summary == f"Edited proposal {pid}")).all()
        assert [e.actor for e in edits] == [REVIEWER]
    page = web.get(f"/review/{pid}?lang=en").text
    assert f'<a href="/places/{world["bekasi"]}"><strong>Bekasi</strong></a>' in page
    # the same place on both sides is refused
    same = post(web, f"/review/{pid}/accept", token, action="save", **{other: str(world["bekasi"])}, **form)
    assert same.status_code == 422 and "Choose two different places." in same.text


# --- an activity: its details, its partnership, never an orphan ----------------------

WITH_A_VISIT = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\nPemerintah Kota Bandung menandatangani nota "
    "kesepahaman (MoU) sister city dengan Kota Braunschweig, Jerman, Senin (3/7/2023).\n\nHal itu "
    "disampaikan ketika Wali Kota Braunschweig Thorsten Kornblum berkunjung ke Bandung pada Senin "
    "(3/7/2023) bersama 20 pengusaha."
)


def test_an_activity_waits_for_its_partnership_and_then_joins_it(web: Any, db: Database) -> None:
    from kembar.db.models import Activity

    with db.write() as s:
        filed = [queue.get_proposal(s, p) for p in queue.ingest(s, WITH_A_VISIT.encode(), "v.txt").proposals]
        pair = next(p.id for p in filed if p.kind == "partnership")
        visit = next(p.id for p in filed if p.kind == "event" and '"visit"' in p.payload)
    token = sign_in_as(web, REVIEWER)
    page = web.get(f"/review/{visit}?lang=en").text
    assert "Thorsten Kornblum (Wali Kota Braunschweig)" in page and "3 July 2023" in page
    assert f"Accept the partnership proposal {pair} of the same article first" in page
    assert f'href="/review/{pair}"' in page and 'id="accept-form"' not in page
    refused = post(web, f"/review/{visit}/accept?lang=id", token, action="accept")
    assert refused.status_code == 422 and f"terima dulu usulan kemitraan {pair}" in refused.text
    assert status_of(db, visit) == ("pending", None)
    accepted = post(web, f"/review/{pair}/accept", token, action="accept")
    partnership_id = int(accepted.headers["location"].rsplit("/", 1)[1])
    page = web.get(f"/review/{visit}?lang=en").text
    assert f'href="/partnerships/{partnership_id}"' in page and 'id="accept-form"' in page
    joined = post(web, f"/review/{visit}/accept", token, action="accept")
    assert joined.status_code == 303 and joined.headers["location"].startswith(
        f"/partnerships/{partnership_id}#"
    )
    with db.session() as s:
        assert (
            s.scalar(select(func.count()).select_from(Activity).where(Activity.partnership_id.is_(None))) == 0
        )


GRANT = (
    "Bandung dan Suwon Perpanjang Kerja Sama\n\nPemerintah Kota Bandung dan Kota Suwon, Korea Selatan, "
    "menandatangani perpanjangan nota kesepahaman (MoU), Kamis (12/11/2026). Suwon juga menyerahkan "
    "hibah senilai Rp 2,5 miliar untuk program pengelolaan sampah di Bandung."
)


def test_a_figure_is_summed_up_in_the_readers_words(web: Any, db: Database, world: dict[str, int]) -> None:
    """The queue showed "Amount: Rp 2,5 miliar (IDR), period -" on its Indonesian pages."""
    with db.write() as s:
        filed = queue.ingest(s, GRANT.encode(), "grant.txt").proposals
        (figure,) = [p for p in filed if queue.get_proposal(s, p).kind == "amount"]
    token = sign_in_as(web, REVIEWER)
    for lang, said in (("id", "Jumlah: Rp 2,5 miliar (IDR)"), ("en", "Amount: Rp 2,5 miliar (IDR)")):
        for page in (web.get(f"/review?lang={lang}").text, web.get(f"/review/{figure}?lang={lang}").text):
            assert said in page and "period -" not in page
    assert post(web, f"/review/{figure}/accept", token, action="accept").status_code == 303
    with db.session() as s:
        change = s.scalars(select(ChangeSet).order_by(ChangeSet.id.desc())).first()
        assert change is not None
    history = web.get(f"/history/{change.id}?lang=id").text
    assert f"Menerima usulan {figure}: Jumlah: Rp 2,5 miliar (IDR)" in history
    # the figure's row: its name in words, its value as a number is written
    assert "Angka: Jumlah" in history and "2.500.000.000" in history and "2500000000.0" not in history
    said = " ".join(re.sub(r"<[^>]+>", " ", history).split())
    assert "Status Menunggu → Diterima" in said and "pending" not in said

"""The history tabs of partnership and place pages, and reverting a change in the
browser: who may, what it puts back, and when it is refused."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlalchemy import func, select

from helpers import ADMIN, EDITOR, SURABAYA_EDITOR, sign_in_as
from kembar import users
from kembar.db import Database
from kembar.db.models import Partnership
from kembar.db.registry import Change, ChangeSet
from kembar.permissions import system_actor
from kembar.registry import activities, contacts, documents, instruments
from kembar.registry.schemas import ActivityCreate, ContactCreate, DocumentLink, InstrumentCreate


def post(web: Any, path: str, token: str, **data: Any) -> Any:
    return web.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def version(db: Database, pid: int) -> str:
    with db.session() as s:
        return str(s.get(Partnership, pid).version)  # type: ignore[union-attr]


def recorded(web: Any, world: dict[str, int], db: Database, token: str) -> int:
    """A partnership Bandung-Busan recorded by Dewi, moved to the LoI."""
    where = {"place_a": world["bandung"], "place_b": world["busan"], "stage": "exploration"}
    answer = post(web, "/partnerships/new", token, **where)
    pid = int(answer.headers["location"].rsplit("/", 1)[1])
    moved = post(
        web, f"/partnerships/{pid}/stage", token, stage="loi", date="2024-06-01", version=version(db, pid)
    )
    assert moved.status_code == 303
    return pid


def last_change(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(ChangeSet.id).order_by(ChangeSet.id.desc()).limit(1)) or 0)


def test_the_history_tab_lists_each_change_with_its_author(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    page = web.get(f"/partnerships/{pid}")
    assert f'href="/partnerships/{pid}/history"' in page.text
    history = web.get(f"/partnerships/{pid}/history?lang=en").text
    changes = re.findall(r'<li class="change[^"]*" id="change-(\d+)"', history)
    assert len(changes) == 2 and int(changes[0]) > int(changes[1])  # newest first
    assert "Recorded the partnership Bandung – Busan" in history and "stage Letter of Intent" in history
    assert history.count("Dewi") >= 2 and "web form" in history
    # The rows changed, with labels and values in words: the stage from Exploration to LoI.
    assert re.search(
        r"<td>Stage</td><td>Exploration</td><td aria-hidden=\"true\">→</td><td>Letter of Intent</td>", history
    )
    assert '<span class="action">changed</span> Partnership: Bandung – Busan' in history
    indonesian = web.get(f"/partnerships/{pid}/history?lang=id").text
    assert "formulir web" in indonesian and "Penjajakan" in indonesian and "Tahap" in indonesian
    assert "diubah" in indonesian and "ditambahkan" in indonesian
    # The place's history shows the partnership's creation too.
    assert (
        "Recorded the partnership Bandung – Busan"
        in web.get(f"/places/{world['bandung']}/history?lang=en").text
    )


def _summaries(html: str) -> list[str]:
    return [unescape(s) for s in re.findall(r'<p class="summary">([^<]*)</p>', html)]


def test_the_summaries_are_said_in_the_readers_language(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    root = system_actor("cli")
    with db.write() as s:
        instrument = InstrumentCreate(type="mou", status="planned", signed_on="2024-09")
        instruments.add(s, root, pid, instrument)
        visit = activities.add(s, root, pid, ActivityCreate(type="visit", date="2024-03-05"))
        documents.attach_link(s, root, DocumentLink(url="https://example.org/a.pdf"), activity_id=visit.id)
    indonesian = _summaries(web.get(f"/partnerships/{pid}/history?lang=id").text)
    assert indonesian == [
        "Menautkan dokumen pada kunjungan (5 Maret 2024)",
        "Mencatat kunjungan (5 Maret 2024) Bandung – Busan",
        "Mencatat Nota kesepahaman Bandung – Busan",
        "Bandung – Busan: tahap Surat Pernyataan Kehendak (LoI)",
        "Mencatat kemitraan Bandung – Busan",
    ]
    english = _summaries(web.get(f"/partnerships/{pid}/history?lang=en").text)
    assert english == [
        "Linked a document to the visit of 5 March 2024",
        "Recorded a visit of 5 March 2024 of Bandung – Busan",
        "Recorded the Memorandum of Understanding of Bandung – Busan",
        "Bandung – Busan: stage Letter of Intent",
        "Recorded the partnership Bandung – Busan",
    ]
    with db.session() as s:  # the English text is kept for the API and the CLI
        stored = s.scalars(select(ChangeSet.summary).order_by(ChangeSet.id.desc()).limit(5))
        assert list(stored) == english


def test_a_revert_names_the_change_it_undid_in_the_readers_language(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    move = last_change(db)
    post(web, f"/history/{move}/revert", token, reason="belum ditandatangani", next="/")
    summaries = _summaries(web.get(f"/partnerships/{pid}/history?lang=id").text)
    assert (
        summaries[0]
        == f"Membatalkan perubahan {move}: Bandung – Busan: tahap Surat Pernyataan Kehendak (LoI)"
    )
    with db.session() as s:
        assert s.get(ChangeSet, last_change(db)).summary == (  # type: ignore[union-attr]
            f"Reverted change {move}: Bandung – Busan: stage Letter of Intent"
        )


def test_a_change_recorded_before_summaries_had_keys_shows_its_text(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    with db.write() as s:
        old = s.get(ChangeSet, last_change(db))
        assert old is not None and old.summary_key == "summary.partnership.stage"
        old.summary, old.summary_key, old.summary_params = "Edited Xiamen – Bandung", None, None
    for lang in ("id", "en"):
        assert (
            _summaries(web.get(f"/partnerships/{pid}/history?lang={lang}").text)[0]
            == "Edited Xiamen – Bandung"
        )


def test_the_author_reverts_a_change(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    move = last_change(db)
    history = web.get(f"/partnerships/{pid}/history").text
    assert f'id="revert-form-{move}"' in history
    refused = post(web, f"/history/{move}/revert", token, reason="", next=f"/partnerships/{pid}/history")
    assert refused.status_code == 422 and 'id="err-reason"' in refused.text
    answer = post(
        web,
        f"/history/{move}/revert",
        token,
        reason="the LoI is not signed yet",
        next=f"/partnerships/{pid}/history",
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/partnerships/{pid}/history"
    with db.session() as s:
        assert s.get(Partnership, pid).stage == "exploration"  # type: ignore[union-attr]
    history = web.get(f"/partnerships/{pid}/history?lang=en").text
    assert "Reverted by Dewi" in history and "the LoI is not signed yet" in history
    assert f'id="revert-form-{move}"' not in history  # a reverted change is not reverted twice
    # The revert is a change too, and may be reverted; only to a path of this site.
    undo = last_change(db)
    answer = post(
        web, f"/history/{undo}/revert", token, reason="it was signed after all", next="//evil.example/"
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/history/{undo}"
    with db.session() as s:
        assert s.get(Partnership, pid).stage == "loi"  # type: ignore[union-attr]


def test_others_may_not_revert_but_an_admin_may(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    move = last_change(db)
    web.post("/logout", data={"csrf_token": token})
    # Anonymous readers see the history, without a form.
    anonymous = web.get(f"/partnerships/{pid}/history").text
    assert "Letter of Intent" in anonymous and 'method="post"' not in anonymous
    assert "dewi@bandung.example" not in anonymous  # an author is shown by name, never by email
    other = sign_in_as(web, SURABAYA_EDITOR)
    assert f'id="revert-form-{move}"' not in web.get(f"/partnerships/{pid}/history").text
    answer = post(web, f"/history/{move}/revert", other, reason="not yours", next="/")
    assert answer.status_code == 403
    assert f"Only an admin or the author of change {move} may revert it." in answer.text
    answer = post(web, f"/history/{move}/revert?lang=id", other, reason="not yours", next="/")
    assert f"Hanya admin atau pembuat perubahan {move} yang boleh membatalkannya." in answer.text
    with db.session() as s:
        assert s.get(Partnership, pid).stage == "loi"  # type: ignore[union-attr]
    web.post("/logout", data={"csrf_token": other})
    admin = sign_in_as(web, ADMIN)
    assert f'id="revert-form-{move}"' in web.get(f"/partnerships/{pid}/history").text
    assert (
        post(web, f"/history/{move}/revert", admin, reason="checked with Bandung", next="/").status_code
        == 303
    )


def test_a_revert_refused_when_a_later_change_touched_the_rows(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    move = last_change(db)
    assert (
        post(web, f"/partnerships/{pid}/stage", token, stage="mou", version=version(db, pid)).status_code
        == 303
    )
    answer = post(
        web, f"/history/{move}/revert", token, reason="undo the LoI", next=f"/partnerships/{pid}/history"
    )
    assert answer.status_code == 422 and "revert it first" in answer.text
    assert "undo the LoI" in answer.text  # the reason typed is kept
    later = last_change(db)
    answer = post(web, f"/history/{move}/revert?lang=id", token, reason="undo", next="/")
    assert answer.status_code == 422
    assert f"Perubahan {later} sudah mengubah baris yang sama sesudahnya (" in answer.text
    assert "batalkan perubahan itu dulu." in answer.text and "revert it first" not in answer.text
    with db.session() as s:
        assert s.get(Partnership, pid).stage == "mou"  # type: ignore[union-attr]


def test_a_removed_partnership_is_restored_from_its_history(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = recorded(web, world, db, token)
    assert post(web, f"/partnerships/{pid}/remove", token, reason="a test").status_code == 303
    removal = last_change(db)
    history = web.get(f"/partnerships/{pid}/history").text
    assert "This partnership has been removed" in history and f'id="revert-form-{removal}"' in history
    answer = post(
        web, f"/history/{removal}/revert", token, reason="removed by mistake", next=f"/partnerships/{pid}"
    )
    assert answer.status_code == 303
    page = web.get(f"/partnerships/{pid}").text
    assert "Letter of Intent" in page


def test_contacts_in_the_history_are_for_signed_in_readers(
    web: Any, world: dict[str, int], db: Database
) -> None:
    with db.write() as s:
        contacts.add(
            s,
            system_actor("cli"),
            ContactCreate(name="Pak Rahasia", phone="+62 31 123"),
            place_id=world["surabaya"],
        )
    anonymous = web.get(f"/places/{world['surabaya']}/history?lang=en").text
    assert "Pak Rahasia" not in anonymous and "A change to contacts" in anonymous
    sign_in_as(web, EDITOR)
    assert "Pak Rahasia" in web.get(f"/places/{world['surabaya']}/history").text


def test_changes_to_accounts_are_shown_to_admins_only(web: Any, world: dict[str, int], db: Database) -> None:
    with db.session() as s:
        users.add_user(s, system_actor("cli"), "baru@bandung.go.id", "viewer", "a long passphrase 1")
    with db.session() as s:
        account_change = s.scalar(select(func.max(ChangeSet.id)))
    assert web.get(f"/history/{account_change}").status_code == 404
    sign_in_as(web, EDITOR)
    assert web.get(f"/history/{account_change}").status_code == 404
    web.post("/logout", data={"csrf_token": sign_in_as(web, EDITOR)})
    sign_in_as(web, ADMIN)
    page = web.get(f"/history/{account_change}")
    assert page.status_code == 200 and "(hidden)" not in page.text  # no account row, not even masked
    # A change that also wrote accounts (the world's setup) shows the rest to everyone.
    with db.session() as s:
        mixed = s.scalar(select(Change.changeset_id).where(Change.table_name == "users").limit(1))
    web.post("/logout", data={"csrf_token": sign_in_as(web, ADMIN)})
    shown = web.get(f"/history/{mixed}")
    assert shown.status_code == 200 and EDITOR not in shown.text

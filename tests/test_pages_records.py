"""Instruments, documents, activities and contacts through the pages, in-process: each
form's success and its refusals (nothing written), uploads checked by their content,
version conflicts, and contacts shown to signed-in users only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from helpers import EDITOR, sign_in_as
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Activity, Instrument
from kembar.db.registry import Contact, Document
from kembar.permissions import system_actor
from kembar.registry import instruments, partnerships
from kembar.registry.schemas import InstrumentCreate, InstrumentUpdate, PartnershipCreate

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SCRIPT = "<script>alert(1)</script>"


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def pair(db: Database, world: dict[str, int]) -> int:
    with db.write() as s:
        made = partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=world["bandung"], place_b=world["busan"])
        )
        return made.partnership.id


def post(web: Any, path: str, token: str, files: dict[str, Any] | None = None, **data: Any) -> Any:
    return web.post(path, data={**data, "csrf_token": token}, files=files, follow_redirects=False)


def test_an_instrument_with_signatories_and_an_uploaded_pdf(
    web: Any, world: dict[str, int], db: Database, settings: Settings
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    answer = post(
        web,
        f"/partnerships/{pid}/instruments",
        token,
        files={"doc_file": ("LoI Bandung-Busan.pdf", PDF, "application/pdf")},
        type="loi",
        status="signed",
        number="001/LoI/2024",
        signed_on="2024-05-17",
        signed_at="Bandung",
        signatory_name=["Yana Mulyana", "Park Heong-joon", ""],
        signatory_role=["Wali Kota", "Mayor", ""],
        signatory_org=["Pemerintah Kota Bandung", "", ""],
        doc_title="Signed LoI",
    )
    assert answer.status_code == 303, answer.text
    assert re.fullmatch(rf"/partnerships/{pid}#instrument-\d+", answer.headers["location"])
    with db.session() as s:
        ins = s.scalars(select(Instrument).where(Instrument.partnership_id == pid)).one()
        assert (ins.type, ins.number, ins.signed_on) == ("loi", "001/LoI/2024", "2024-05-17")
        assert [(x.person.name, x.role) for x in ins.signatories] == [
            ("Yana Mulyana", "Wali Kota"),
            ("Park Heong-joon", "Mayor"),
        ]
        doc = ins.documents[0]
        assert (doc.filename, doc.media_type, doc.size, doc.title) == (
            "LoI Bandung-Busan.pdf",
            "application/pdf",
            len(PDF),
            "Signed LoI",
        )
        stored = settings.home / "files" / doc.sha256[:2] / doc.sha256  # type: ignore[index]
        assert Path(stored).read_bytes() == PDF
    page = web.get(f"/partnerships/{pid}").text
    assert f'href="/documents/{doc.id}/file"' in page and "Signed LoI" in page
    assert "Yana Mulyana (Wali Kota, Pemerintah Kota Bandung)" in page and "17 May 2024" in page


def test_a_file_is_checked_by_its_content_and_nothing_is_written(
    web: Any, world: dict[str, int], db: Database, settings: Settings
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    for name, content in (
        ("mou.pdf", b"<html><script>alert(1)</script></html>"),
        ("tool.pdf", b"MZ\x90\x00"),
    ):
        answer = post(
            web,
            f"/partnerships/{pid}/instruments",
            token,
            files={"doc_file": (name, content, "application/pdf")},
            type="mou",
            signed_on="2024-01-02",
            note="kept as typed",
        )
        assert answer.status_code == 422
        assert re.search(r'id="err-doc_file"[^>]*>By its content this file is not a PDF', answer.text)
        assert "kept as typed" in answer.text and '<option value="mou" selected>' in answer.text
    assert (count(db, Instrument), count(db, Document)) == (0, 0)
    assert not (settings.home / "files").exists()
    # A file and a link at once: one or the other.
    answer = post(
        web,
        f"/partnerships/{pid}/instruments",
        token,
        files={"doc_file": ("a.pdf", PDF, "application/pdf")},
        type="mou",
        doc_url="https://example.org/mou.pdf",
    )
    assert answer.status_code == 422 and "Either a file or a web address" in answer.text
    assert count(db, Instrument) == 0


def test_validity_dates_are_checked_and_a_term_gives_the_end(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    path = f"/partnerships/{pid}/instruments"
    answer = post(web, path, token, type="mou", signed_on="2024-05-17", valid_until="2023-01-01")
    assert answer.status_code == 422
    assert re.search(r'id="err-valid_until"[^>]*>This date is before “Signed on”\.', answer.text)
    answer = post(web, path, token, type="mou", signed_on="2024-05-17", term_years="many")
    assert answer.status_code == 422 and re.search(r'id="err-term_years"[^>]*>A whole number', answer.text)
    answer = post(web, path, token, type="", signed_on="2024-05-17")
    assert answer.status_code == 422 and re.search(r'id="err-type"[^>]*>Fill this in', answer.text)
    assert count(db, Instrument) == 0
    assert post(web, path, token, type="mou", signed_on="2024-05-17", term_years="5").status_code == 303
    with db.session() as s:
        ins = s.scalars(select(Instrument)).one()
        assert (ins.valid_until, ins.term_years) == ("2029-05-17", 5)
    assert "valid until" in web.get(f"/partnerships/{pid}").text


def _date_label(form: str) -> str:
    found = re.search(r'<label class="field"><span>([^<]+)</span>\s*<input[^>]*name="signed_on"', form)
    assert found, "no date of signature in the form"
    return found.group(1)


def test_the_date_of_a_planned_instrument_is_labelled_as_planned(
    web: Any, world: dict[str, int], db: Database
) -> None:
    sign_in_as(web, EDITOR)
    pid = pair(db, world)
    with db.write() as s:
        planned = InstrumentCreate(type="mou", status="planned", signed_on="2025-02")
        iid = instruments.add(s, system_actor("cli"), pid, planned).id
        signed = instruments.add(
            s, system_actor("cli"), pid, InstrumentCreate(type="loi", signed_on="2024")
        ).id
    assert _date_label(web.get(f"/instruments/{iid}/edit?lang=en").text) == "Planned for"
    assert _date_label(web.get(f"/instruments/{iid}/edit?lang=id").text) == "Direncanakan pada"
    assert _date_label(web.get(f"/instruments/{signed}/edit?lang=en").text) == "Signed on"
    assert _date_label(web.get(f"/instruments/{signed}/edit?lang=id").text) == "Tanggal penandatanganan"
    # The form to add one starts as signed; forms.js relabels the date as the status changes.
    page = web.get(f"/partnerships/{pid}?lang=id").text
    form = page.split('id="instrument-form"')[1].split("</form>")[0]
    assert _date_label(form) == "Tanggal penandatanganan"
    assert 'data-planned-label="Direncanakan pada"' in page


def test_editing_an_instrument_and_a_stale_edit(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    with db.write() as s:
        iid = instruments.add(
            s,
            system_actor("cli"),
            pid,
            InstrumentCreate(
                type="mou", signed_on="2024-05-17", signatories=[{"name": "Yana", "role": "Mayor"}]
            ),  # type: ignore[list-item]
        ).id
    form = web.get(f"/instruments/{iid}/edit").text
    assert 'value="2024-05-17"' in form and 'value="Yana"' in form and 'name="version" value="1"' in form
    assert 'id="remove-form"' in form and 'id="document-form"' in form
    values = {
        "version": "1",
        "type": "mou",
        "status": "signed",
        "signed_on": "2024-05-17",
        "valid_until": "2029-05-17",
        "signatory_name": ["Yana"],
        "signatory_role": ["Mayor"],
        "signatory_org": [""],
    }
    answer = post(web, f"/instruments/{iid}/edit", token, **values)
    assert answer.status_code == 303
    with db.session() as s:
        ins = s.get(Instrument, iid)
        assert ins is not None and ins.valid_until == "2029-05-17" and len(ins.signatories) == 1
        version = ins.version
    with db.write() as s:
        instruments.update(s, system_actor("cli"), iid, InstrumentUpdate(number="007"), version)
    answer = post(
        web, f"/instruments/{iid}/edit", token, **{**values, "version": str(version), "number": "008"}
    )
    assert answer.status_code == 409 and 'id="conflict"' in answer.text
    conflict = answer.text[answer.text.index('id="conflict"') :]
    assert "007" in conflict and "008" in conflict
    with db.session() as s:
        assert s.get(Instrument, iid).number == "007"  # type: ignore[union-attr]
    # Removing needs a reason; then it is gone from the page.
    assert post(web, f"/instruments/{iid}/remove", token, reason="").status_code == 422
    assert count(db, Instrument) == 1
    answer = post(web, f"/instruments/{iid}/remove", token, reason="entered by mistake")
    assert answer.status_code == 303 and count(db, Instrument) == 0


def test_documents_attached_by_link_and_removed(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    with db.write() as s:
        iid = instruments.add(s, system_actor("cli"), pid, InstrumentCreate(type="loi")).id
    bad = post(web, f"/instruments/{iid}/documents", token, doc_url="javascript:alert(1)")
    assert bad.status_code == 422 and "A web address starting with http" in bad.text
    nothing = post(web, f"/instruments/{iid}/documents", token)
    assert nothing.status_code == 422 and "Choose a file or give a web address." in nothing.text
    assert count(db, Document) == 0
    answer = post(
        web, f"/instruments/{iid}/documents", token, doc_url="https://example.org/loi.pdf", doc_title=SCRIPT
    )
    assert answer.status_code == 303
    page = web.get(f"/partnerships/{pid}").text
    assert 'href="https://example.org/loi.pdf" rel="noopener noreferrer nofollow"' in page
    assert SCRIPT not in page and "&lt;script&gt;" in page
    with db.session() as s:
        doc_id = s.scalars(select(Document.id)).one()
    answer = post(web, f"/documents/{doc_id}/remove", token, reason="wrong file")
    assert answer.status_code == 303 and answer.headers["location"] == f"/instruments/{iid}/edit"
    assert count(db, Document) == 0


def test_an_activity_with_participants_fields_and_a_photo(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    answer = post(
        web,
        f"/partnerships/{pid}/activities",
        token,
        files={"doc_file": ("visit.png", PNG, "image/png")},
        type="visit",
        status="held",
        title="Delegation to Busan",
        date="2024-09-02",
        end_date="2024-09-05",
        place_id=str(world["busan"]),
        venue="Busan City Hall",
        participant_name=["Yana Mulyana", "Kim"],
        participant_role=["Wali Kota", "Director"],
        participant_org=["", "Busan Metropolitan City"],
        participants_count="24",
        fields=["education", "tourism"],
        fields_sent="1",
        note=SCRIPT,
    )
    assert answer.status_code == 303, answer.text
    with db.session() as s:
        a = s.scalars(select(Activity)).one()
        assert (a.type, a.date, a.end_date, a.place_id, a.participants_count) == (
            "visit",
            "2024-09-02",
            "2024-09-05",
            world["busan"],
            24,
        )
        assert sorted(f.field_key for f in a.fields) == ["education", "tourism"]
        assert [p.person.name for p in a.participations] == ["Yana Mulyana", "Kim"]
        assert [d.kind for d in a.documents] == ["photo"]
        aid = a.id
    page = web.get(f"/partnerships/{pid}").text
    assert "Delegation to Busan" in page and "Busan City Hall" in page and SCRIPT not in page
    assert f'href="/activities/{aid}/edit"' in page
    # The edit page: a wrong count is refused, the rest kept as typed.
    form = web.get(f"/activities/{aid}/edit").text
    assert 'value="Busan (KR)"' in form and 'value="Kim"' in form
    answer = post(
        web,
        f"/activities/{aid}/edit",
        token,
        version="1",
        type="visit",
        participants_count="-3",
        title="Changed",
    )
    assert answer.status_code == 422 and 'value="Changed"' in answer.text
    with db.session() as s:
        assert s.get(Activity, aid).title == "Delegation to Busan"  # type: ignore[union-attr]
    answer = post(web, f"/activities/{aid}/remove", token, reason="a duplicate")
    assert answer.status_code == 303 and count(db, Activity) == 0


def test_contacts_are_for_signed_in_users(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = pair(db, world)
    bad = post(web, f"/partnerships/{pid}/contacts", token, name="Pak Ahmad", email="not an email")
    assert bad.status_code == 422 and re.search(r'id="err-email"[^>]*>Not an email address', bad.text)
    bad = post(web, f"/partnerships/{pid}/contacts", token, name="", phone="call me")
    assert "Fill this in." in bad.text and "Digits, spaces" in bad.text
    assert count(db, Contact) == 0
    answer = post(
        web,
        f"/partnerships/{pid}/contacts",
        token,
        name="Pak Ahmad <i>",
        role="Kepala Bagian Kerja Sama",
        email="ahmad@bandung.go.id",
        phone="+62 22 423 4793",
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/partnerships/{pid}#contacts"
    page = web.get(f"/partnerships/{pid}").text
    assert "Pak Ahmad &lt;i&gt;" in page and "mailto:ahmad@bandung.go.id" in page
    with db.session() as s:
        cid = s.scalars(select(Contact.id)).one()
    answer = post(
        web, f"/contacts/{cid}/edit", token, version="1", name="Pak Ahmad", email="ahmad@bandung.go.id"
    )
    assert answer.status_code == 303
    with db.session() as s:
        contact = s.get(Contact, cid)
        assert contact is not None and contact.name == "Pak Ahmad" and contact.role is None
    web.post("/logout", data={"csrf_token": token})
    anonymous = web.get(f"/partnerships/{pid}").text
    assert "ahmad@bandung.go.id" not in anonymous and "Pak Ahmad" not in anonymous
    assert web.get(f"/contacts/{cid}/edit", follow_redirects=False).status_code == 303  # to sign in


def test_records_of_another_scope_are_refused(web: Any, world: dict[str, int], db: Database) -> None:
    with db.write() as s:
        iid = instruments.add(
            s, system_actor("cli"), world["surabaya_busan"], InstrumentCreate(type="mou")
        ).id
    token = sign_in_as(web, EDITOR)
    assert web.get(f"/instruments/{iid}/edit").status_code == 403
    for path in (f"/instruments/{iid}/edit", f"/instruments/{iid}/remove", f"/instruments/{iid}/documents"):
        answer = post(web, path, token, reason="mine", type="loi", doc_url="https://example.org/x.pdf")
        assert answer.status_code == 403, path
    with db.session() as s:
        assert s.get(Instrument, iid).type == "mou"  # type: ignore[union-attr]
    assert count(db, Document) == 0

"""Recording and editing a partnership through the pages, in-process: each form's success
and its refusals (nothing written), escaping, CSRF, and who is shown which form."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from helpers import EDITOR, SURABAYA_EDITOR, VIEWER, sign_in_as
from kembar.db import Database
from kembar.db.models import Partnership, StageStep
from kembar.db.registry import ChangeSet, Contact
from kembar.permissions import system_actor
from kembar.registry import contacts, partnerships
from kembar.registry.schemas import ContactCreate, PartnershipCreate, PartnershipUpdate

SCRIPT = "<script>alert('x')</script>"


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def make_partnership(db: Database, a: int, b: int, stage: str | None = "exploration") -> int:
    with db.write() as s:
        created = partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=a, place_b=b, stage=stage)
        )
        return created.partnership.id


def new(web: Any, token: str, **values: Any) -> Any:
    data = {"kind": "sister_city", "stage": "exploration", "csrf_token": token, **values}
    return web.post("/partnerships/new", data=data, follow_redirects=False)


def test_anonymous_visitors_see_no_form_and_no_contact(web: Any, world: dict[str, int], db: Database) -> None:
    with db.write() as s:
        contacts.add(
            s,
            system_actor("cli"),
            ContactCreate(name="Pak Rahasia", email="r@sby.example"),
            partnership_id=world["surabaya_busan"],
        )
    for path in (f"/partnerships/{world['surabaya_busan']}", f"/places/{world['surabaya']}"):
        page = web.get(path).text
        assert 'method="post"' not in page and "Pak Rahasia" not in page and "r@sby.example" not in page
        assert "/partnerships/new" not in page and 'id="contacts"' not in page
    answer = web.get("/partnerships/new", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/partnerships/new"
    # A write without an account is refused before anything is read from the form.
    assert web.post("/partnerships/new", data={"place_a": 1}).status_code == 401
    # Signed in as a viewer: contacts are shown, still no form.
    sign_in_as(web, VIEWER)
    page = web.get(f"/partnerships/{world['surabaya_busan']}").text
    assert "Pak Rahasia" in page and 'id="stage-form"' not in page and 'id="add-contact"' not in page
    assert web.get("/partnerships/new").status_code == 403


def test_a_new_partnership_from_the_header_or_a_place_page(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    home = web.get("/").text
    assert 'href="/partnerships/new"' in home
    place = web.get(f"/places/{world['bandung']}").text
    assert (
        f'href="/partnerships/new?a={world["bandung"]}"' in place
        and "Record a partnership of Bandung" in place
    )
    form = web.get(f"/partnerships/new?a={world['bandung']}").text
    assert f'name="place_a" value="{world["bandung"]}"' in form and 'value="Bandung (ID)"' in form
    before = count(db, Partnership)
    answer = new(web, token, place_a=world["bandung"], place_b=world["busan"], date="2024-05-17", note=SCRIPT)
    assert answer.status_code == 303
    pid = int(answer.headers["location"].rsplit("/", 1)[1])
    assert count(db, Partnership) == before + 1
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "exploration" and p.note == SCRIPT
        assert [(st.stage, st.date, st.author) for st in p.steps] == [("exploration", "2024-05-17", EDITOR)]
    page = web.get(f"/partnerships/{pid}").text
    assert SCRIPT not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'id="stage-form"' in page and "Dewi" in page  # the step's author, by name


def test_the_parties_are_shown_in_the_order_they_were_recorded(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    assert world["bandung"] < world["busan"]  # the pair is kept in id order
    answer = new(web, token, place_a=world["busan"], place_b=world["bandung"])
    pid = int(answer.headers["location"].rsplit("/", 1)[1])
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and (p.place_a_id, p.place_b_id) == (world["bandung"], world["busan"])
    title = re.compile(
        r'<h1 class="parties"><a href="/places/\d+">([^<]+)</a>.*?<a href="/places/\d+">([^<]+)</a>', re.S
    )
    for path in (f"/partnerships/{pid}", f"/partnerships/{pid}/history"):
        found = title.search(web.get(path).text)
        assert found is not None and found.groups() == ("Busan", "Bandung"), path
    detail = web.get(f"/api/v1/partnerships/{pid}").json()
    assert (detail["a"]["name"], detail["b"]["name"]) == ("Busan", "Bandung")
    with db.session() as s:
        summaries = s.scalars(select(ChangeSet.summary).order_by(ChangeSet.id.desc()).limit(1))
        assert list(summaries) == ["Recorded the partnership Busan – Bandung"]
    # The edits after it name the pair the same way.
    edited = web.post(
        f"/partnerships/{pid}/edit",
        data={"csrf_token": token, "version": str(p.version), "kind": "friendship_city", "note": ""},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    with db.session() as s:
        summaries = s.scalars(select(ChangeSet.summary).order_by(ChangeSet.id.desc()).limit(1))
        assert list(summaries) == ["Edited Busan – Bandung"]


def test_an_existing_pair_is_shown_not_recorded_again(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, SURABAYA_EDITOR)
    before = count(db, Partnership), count(db, StageStep)
    answer = new(web, token, place_a=world["busan"], place_b=world["surabaya"], stage="loi", date="2024")
    assert answer.status_code == 200
    assert (
        'id="existing-pair"' in answer.text
        and f'href="/partnerships/{world["surabaya_busan"]}"' in answer.text
    )
    assert (count(db, Partnership), count(db, StageStep)) == before


def test_places_typed_by_name_are_found_or_offered(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    before = count(db, Partnership)
    # No place of that name: said next to the field, what was typed kept.
    answer = new(web, token, place_a_text="Bandung", place_b_text="Atlantis")
    assert answer.status_code == 422 and "No place called Atlantis." in answer.text
    assert 'value="Atlantis"' in answer.text and 'id="err-place_b"' in answer.text
    # Several places start with B: they are offered as choices.
    answer = new(web, token, place_a_text="Bandung", place_b_text="B")
    assert answer.status_code == 422 and "Several places are called B" in answer.text
    assert f'type="radio" name="place_b" value="{world["busan"]}"' in answer.text
    assert count(db, Partnership) == before
    # One place found by its name is taken.
    answer = new(web, token, place_a_text="bandung", place_b_text="Kuala")
    assert answer.status_code == 303
    with db.session() as s:
        p = s.get(Partnership, int(answer.headers["location"].rsplit("/", 1)[1]))
        assert p is not None and {p.place_a_id, p.place_b_id} == {world["bandung"], world["kuala_lumpur"]}


def test_a_refused_form_keeps_what_was_typed_and_writes_nothing(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    before = count(db, Partnership), count(db, StageStep)
    answer = new(web, token, place_a=world["bandung"], place_b=world["bandung"], note=SCRIPT)
    assert answer.status_code == 422 and "Choose two different places." in answer.text
    assert SCRIPT not in answer.text and "&lt;script&gt;" in answer.text  # kept, escaped
    answer = new(web, token, place_a=world["bandung"], place_b=world["busan"], date="2024-13-45")
    assert answer.status_code == 422
    assert re.search(r'id="err-date"[^>]*>A date such as 2024-05-17', answer.text)
    answer = new(web, token, place_a=world["indonesia"], place_b=world["bandung"])
    assert answer.status_code == 422 and "A country cannot be a party" in answer.text
    answer = new(web, token, place_a=world["bandung"], place_b=world["busan"], kind="twin_galaxies")
    assert answer.status_code == 422 and "Choose one of the options." in answer.text
    # In Indonesian, with the labels of the form.
    answer = web.post(
        "/partnerships/new?lang=id",
        data={"place_a": world["bandung"], "place_b": world["busan"], "date": "kemarin", "csrf_token": token},
    )
    assert (
        answer.status_code == 422
        and "Tanggal seperti 2024-05-17" in answer.text
        and "Catat kemitraan" in answer.text
    )
    assert (count(db, Partnership), count(db, StageStep)) == before


def test_outside_the_scope_nothing_is_recorded(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    before = count(db, Partnership)
    answer = new(web, token, place_a=world["surabaya"], place_b=world["kuala_lumpur"])
    assert (
        answer.status_code == 403 and "Neither place is within the places your account keeps" in answer.text
    )
    assert count(db, Partnership) == before


def test_forms_without_the_csrf_token_are_refused(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = make_partnership(db, world["bandung"], world["busan"])
    before = count(db, Partnership), count(db, StageStep)
    for sent in ({}, {"csrf_token": "forged"}, {"csrf_token": token[:-1]}):
        assert new(web, "", place_a=world["bandung"], place_b=world["bekasi"], **sent).status_code == 403
        stage = {"stage": "loi", "version": "1", **sent}
        assert web.post(f"/partnerships/{pid}/stage", data=stage).status_code == 403
        assert web.post(f"/partnerships/{pid}/remove", data={"reason": "a reason", **sent}).status_code == 403
    assert (count(db, Partnership), count(db, StageStep)) == before


def test_editing_kind_note_and_fields(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = make_partnership(db, world["bandung"], world["busan"])
    page = web.get(f"/partnerships/{pid}").text
    version = re.search(r'id="partnership-edit-form">.*?name="version" value="(\d+)"', page, re.S)
    assert version
    data = {
        "version": version.group(1),
        "kind": "friendship_city",
        "note": f"Signed at {SCRIPT}",
        "fields": ["education", "culture"],
        "fields_sent": "1",
        "csrf_token": token,
    }
    answer = web.post(f"/partnerships/{pid}/edit", data=data, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/partnerships/{pid}#details"
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.kind == "friendship_city" and p.note == f"Signed at {SCRIPT}"
        assert sorted(f.field_key for f in p.fields) == ["culture", "education"]
        version_now = p.version
    page = web.get(f"/partnerships/{pid}?lang=id").text
    assert "Kota persahabatan" in page and "Pendidikan" in page and SCRIPT not in page
    # A field outside the vocabulary is refused, and nothing changes.
    bad = {**data, "version": str(version_now), "fields": ["education", "astrology"], "kind": "sister_city"}
    answer = web.post(f"/partnerships/{pid}/edit", data=bad)
    assert answer.status_code == 422 and "Pilih salah satu pilihan." in answer.text  # the language chosen
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.kind == "friendship_city" and p.version == version_now


def test_a_stale_edit_shows_what_changed_meanwhile(web: Any, world: dict[str, int], db: Database) -> None:
    token = sign_in_as(web, EDITOR)
    pid = make_partnership(db, world["bandung"], world["busan"])
    with db.session() as s:
        seen = s.get(Partnership, pid).version  # type: ignore[union-attr]
    with db.write() as s:
        partnerships.update(s, system_actor("cli"), pid, PartnershipUpdate(note="changed by someone"), seen)
    data = {"version": str(seen), "kind": "sister_city", "note": "my <b>note</b>", "csrf_token": token}
    answer = web.post(f"/partnerships/{pid}/edit", data=data)
    assert answer.status_code == 409
    assert "Someone else changed this" in answer.text and 'id="conflict"' in answer.text
    conflict = answer.text[answer.text.index('id="conflict"') :]
    assert "changed by someone" in conflict and "my &lt;b&gt;note&lt;/b&gt;" in conflict
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.note == "changed by someone"
        assert f'name="version" value="{p.version}"' in answer.text  # sending again keeps mine
    again = {**data, "version": str(p.version)}
    assert web.post(f"/partnerships/{pid}/edit", data=again, follow_redirects=False).status_code == 303


def test_moving_the_stage_and_moving_back_with_a_reason(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = make_partnership(db, world["bandung"], world["busan"])
    page = web.get(f"/partnerships/{pid}").text
    assert 'data-stage-current="exploration"' in page and '<option value="loi" selected>' in page

    def move(**values: str) -> Any:
        with db.session() as s:
            version = s.get(Partnership, pid).version  # type: ignore[union-attr]
        data = {"version": str(version), "csrf_token": token, **values}
        return web.post(f"/partnerships/{pid}/stage", data=data, follow_redirects=False)

    answer = move(stage="mou", date="2024-07-01", note="signed in Busan")
    assert answer.status_code == 303 and answer.headers["location"] == f"/partnerships/{pid}#stage"
    track = web.get(f"/partnerships/{pid}").text
    track = track[track.index('id="stage-track"') : track.index("</ol>", track.index('id="stage-track"'))]
    assert re.search(
        r'class="recorded current"[^>]*>Memorandum of Understanding <span class="small">1 July 2024', track
    )
    # The Letter of Intent was never recorded: shown as such, never as passed.
    assert re.search(
        r'class="unrecorded "[^>]*>Letter of Intent <span class="small muted">\(not recorded\)', track
    )
    steps = count(db, StageStep)
    answer = move(stage="exploration")
    assert (
        answer.status_code == 422
        and "Moving back from Memorandum of Understanding to Exploration needs a reason" in answer.text
    )
    assert count(db, StageStep) == steps
    assert move(stage="exploration", reason="the MoU was not ratified").status_code == 303
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "exploration" and len(p.steps) == steps


def test_removing_needs_a_reason_and_leads_to_the_history(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = make_partnership(db, world["bandung"], world["busan"])
    answer = web.post(f"/partnerships/{pid}/remove", data={"reason": "", "csrf_token": token})
    assert answer.status_code == 422 and 'id="err-reason"' in answer.text
    assert web.get(f"/partnerships/{pid}").status_code == 200
    answer = web.post(
        f"/partnerships/{pid}/remove",
        data={"reason": "recorded twice", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/places/{world['bandung']}/history"
    assert web.get(f"/partnerships/{pid}").status_code == 404
    history = web.get(answer.headers["location"]).text
    assert "Removed the partnership Bandung – Busan" in history and "recorded twice" in history


def test_an_editor_out_of_scope_sees_the_data_only_and_is_refused(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    pid = world["surabaya_busan"]
    page = web.get(f"/partnerships/{pid}").text
    assert "Memorandum of Understanding" in page
    for form in (
        "stage-form",
        "partnership-edit-form",
        "instrument-form",
        "activity-form",
        "contact-form",
        "remove-form",
    ):
        assert f'id="{form}"' not in page
    # and is told why, in the reader's language (the page showed no form and no word of it)
    assert "Neither Surabaya nor Busan is in your scope" in page
    said = web.get(f"/partnerships/{pid}?lang=id").text
    assert "Surabaya maupun Busan tidak termasuk cakupan Anda" in said
    web.get(f"/partnerships/{pid}?lang=en")  # the language chosen is kept: back to English
    before = count(db, StageStep), count(db, Contact)
    posts = {
        f"/partnerships/{pid}/stage": {"stage": "evaluation"},
        f"/partnerships/{pid}/edit": {"note": "mine now"},
        f"/partnerships/{pid}/remove": {"reason": "not ours"},
        f"/partnerships/{pid}/instruments": {"type": "mou"},
        f"/partnerships/{pid}/activities": {"type": "visit"},
        f"/partnerships/{pid}/contacts": {"name": "Someone"},
    }
    for path, data in posts.items():
        answer = web.post(path, data={**data, "csrf_token": token})
        assert answer.status_code == 403, path
        assert "outside the scope" in answer.text
    assert (count(db, StageStep), count(db, Contact)) == before
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "mou" and p.note is None


def _two_kochis(db: Database) -> tuple[int, int]:
    from kembar.db.models import Place, PlaceName

    with db.write() as s:
        city = Place(key="gn:1859146", name="Kochi", kind="city", country_code="JP", admin_name="Kochi")
        prefecture = Place(
            key="iso:JP-39", name="Kochi", kind="province", country_code="JP", admin_name="Kochi"
        )
        s.add_all([city, prefecture])
        s.flush()
        for place in (city, prefecture):
            s.add(PlaceName(place_id=place.id, name="Kochi", norm="kochi", kind="official"))
        return city.id, prefecture.id


def test_namesakes_are_offered_with_their_kind_and_region(
    web: Any, world: dict[str, int], db: Database
) -> None:
    city, prefecture = _two_kochis(db)
    token = sign_in_as(web, EDITOR)
    for lang, city_label, prefecture_label in (
        ("en", "Kochi, Kochi (JP) · city", "Kochi (JP) · province"),
        ("id", "Kochi, Kochi (JP) · kota", "Kochi (JP) · provinsi"),
    ):
        web.cookies.set("lang", lang)
        answer = new(web, token, place_a_text="Bandung", place_b_text="Kochi")
        assert answer.status_code == 422
        assert f'value="{city}"> {city_label}</label>' in answer.text
        assert f'value="{prefecture}"> {prefecture_label}</label>' in answer.text
        found = web.get("/api/v1/places", params={"q": "kochi"}).json()["items"]
        assert {p["id"]: p["label"] for p in found} == {city: city_label, prefecture: prefecture_label}


def test_every_problem_of_the_new_partnership_form_is_said_at_once(
    web: Any, world: dict[str, int], db: Database
) -> None:
    token = sign_in_as(web, EDITOR)
    before = count(db, Partnership)
    answer = new(
        web, token, place_a_text="Bandung", place_b_text="B", date="2026-13-45", kind="twin_galaxies"
    )
    assert answer.status_code == 422
    assert 'id="err-place_b"' in answer.text and "Several places are called B" in answer.text
    assert re.search(r'id="err-date"[^>]*>A date such as 2024-05-17', answer.text)
    assert "Choose one of the options." in answer.text
    assert count(db, Partnership) == before


def test_an_editor_in_scope_is_not_told_the_page_is_read_only(web: Any, world: dict[str, int]) -> None:
    sign_in_as(web, SURABAYA_EDITOR)
    page = web.get(f"/partnerships/{world['surabaya_busan']}").text
    assert 'id="stage-form"' in page and 'id="read-only"' not in page

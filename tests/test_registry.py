"""The registry's write functions: partnerships, stages, instruments, activities, contacts,
documents and profiles, each checked for permission, validated, versioned and recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from helpers import add_places
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Instrument, Partnership, Place, StageStep
from kembar.db.registry import ChangeSet, Contact, Document
from kembar.errors import InvalidInput, NotAuthenticated, PermissionDenied, VersionConflict
from kembar.partnerships import partnership_detail
from kembar.permissions import Actor
from kembar.registry import activities, contacts, documents, instruments, partnerships, profiles
from kembar.registry.schemas import (
    ActivityCreate,
    ContactCreate,
    InstrumentCreate,
    InstrumentUpdate,
    PartnershipCreate,
    PartnershipUpdate,
    ProfileUpdate,
    StageMove,
)

pytestmark = pytest.mark.backends

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


_DB: list[Database] = []


def who(role: str, *scope: str, email: str | None = None) -> Actor:
    """The actor of a real account of that role and scope (created on first use)."""
    from kembar import users
    from kembar.errors import UserNotFound
    from kembar.permissions import actor_for, system_actor

    db = _DB[-1]
    address = email or f"{role}-{'-'.join(x.replace(':', '') for x in scope) or 'all'}@example.org"
    with db.write() as s:
        try:
            user = users.get_user(s, address)
        except UserNotFound:
            entries = [x.split(":", 1)[1] for x in scope]
            user = users.add_user(s, system_actor("cli"), address, role, "a long passphrase 1", scope=entries)
        return actor_for(user, "web")


@pytest.fixture
def world(db: Database) -> Iterator[tuple[Database, dict[str, Any]]]:
    with db.write() as s:
        places = add_places(s)
        ids = {label: p.id for label, p in places.items()}
    _DB.append(db)
    yield db, ids
    _DB.pop()


def bandung_editor(ids: dict[str, Any]) -> Actor:
    return who("editor", f"place:{ids['bandung']}", email="editor@example.org")


def _new(db: Database, actor: Actor | None, a: int, b: int, **extra: Any) -> int:
    with db.write() as s:
        made = partnerships.create(s, actor, PartnershipCreate(place_a=a, place_b=b, **extra))
        return made.partnership.id


def test_an_editor_records_a_partnership_of_a_place_in_scope(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    pid = _new(db, bandung_editor(ids), ids["bandung"], ids["busan"], stage="exploration", date="2025-02-03")
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "exploration" and p.first_date == "2025-02-03"
        assert [(st.stage, st.author) for st in p.steps] == [("exploration", "editor@example.org")]
        assert s.get(Place, ids["bandung"]).partner_count == 1  # type: ignore[union-attr]
        recorded = s.scalars(select(ChangeSet).where(ChangeSet.summary.like("Recorded%"))).all()
        assert [c.summary for c in recorded] == ["Recorded the partnership Bandung – Busan"]
        assert recorded[-1].actor == "editor@example.org" and recorded[-1].channel == "web"


def test_an_existing_pair_is_found_not_duplicated(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    first = _new(db, bandung_editor(ids), ids["bandung"], ids["busan"])
    with db.write() as s:
        again = partnerships.create(
            s, bandung_editor(ids), PartnershipCreate(place_a=ids["busan"], place_b=ids["bandung"])
        )
        assert not again.created and again.partnership.id == first
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1


@pytest.mark.parametrize(
    ("role", "scope", "error"),
    [
        (None, None, NotAuthenticated),
        ("viewer", None, PermissionDenied),
        ("editor", "country:MY", PermissionDenied),
    ],
)
def test_writes_out_of_reach_are_refused_and_write_nothing(
    world: tuple[Database, dict[str, Any]], role: str | None, scope: str | None, error: type[Exception]
) -> None:
    db, ids = world
    actor = None if role is None else who(role, *([scope] if scope else []))
    with pytest.raises(error), db.write() as s:
        partnerships.create(s, actor, PartnershipCreate(place_a=ids["bandung"], place_b=ids["busan"]))
    pid = _new(db, who("reviewer"), ids["surabaya"], ids["busan"])
    with pytest.raises(error), db.write() as s:
        instruments.add(s, actor, pid, InstrumentCreate(type="mou"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
        assert s.scalar(select(func.count()).select_from(Instrument)) == 0


def test_a_province_editor_edits_the_partnerships_of_its_cities(
    world: tuple[Database, dict[str, Any]],
) -> None:
    db, ids = world
    west_java = who("editor", f"place:{ids['west_java']}")
    pid = _new(db, west_java, ids["bekasi"], ids["kuala_lumpur"])
    with pytest.raises(PermissionDenied, match="Surabaya"), db.write() as s:
        partnerships.create(s, west_java, PartnershipCreate(place_a=ids["surabaya"], place_b=ids["busan"]))
    with db.write() as s:
        partnerships.move_stage(s, west_java, pid, StageMove(stage="loi", date="2025-03-01"))


def test_the_stage_it_is_at_recorded_again_on_the_same_date_is_refused(
    world: tuple[Database, dict[str, Any]],
) -> None:
    """Sent twice (or from two tabs), "Implementation agreement, 10 January 2016" was
    listed twice among the steps recorded."""
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"], stage="exploration")
    move = StageMove(stage="implementation_agreement", date="2016-01-10")
    with db.write() as s:
        partnerships.move_stage(s, editor, pid, move)
    with (
        pytest.raises(InvalidInput, match="Implementation agreement of 2016-01-10 is recorded already"),
        db.write() as s,
    ):
        partnerships.move_stage(s, editor, pid, move)
    with db.write() as s:  # the same stage of another date is another step (a yearly evaluation)
        partnerships.move_stage(
            s, editor, pid, StageMove(stage="implementation_agreement", date="2017-01-10")
        )
    with db.session() as s:
        dates = s.scalars(select(StageStep.date).where(StageStep.partnership_id == pid)).all()
    assert sorted(d for d in dates if d) == ["2016-01-10", "2017-01-10"]


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ValidationError, match="valid_until"):
        InstrumentCreate(type="mou", signed_on="2024-05-02", valid_until="2023-01-01")
    with pytest.raises(ValidationError, match="unknown field"):
        PartnershipCreate(place_a=1, place_b=2, fields=["space_travel"])
    with pytest.raises(ValidationError, match="Extra inputs"):
        PartnershipCreate(place_a=1, place_b=2, colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="not a date of the calendar"):
        StageMove(stage="mou", date="2024-02-30")
    with pytest.raises(ValidationError, match="unknown stage"):
        StageMove(stage="signed")


def test_a_country_or_an_unknown_place_is_refused(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    with pytest.raises(InvalidInput, match="place_b: Indonesia is a country"), db.write() as s:
        partnerships.create(
            s, who("admin"), PartnershipCreate(place_a=ids["bandung"], place_b=ids["indonesia"])
        )
    with pytest.raises(Exception, match="place_b = 999999"), db.write() as s:
        partnerships.create(s, who("admin"), PartnershipCreate(place_a=ids["bandung"], place_b=999999))


def test_moving_back_needs_a_reason_and_the_track_keeps_every_step(
    world: tuple[Database, dict[str, Any]],
) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"], stage="exploration")
    with db.write() as s:
        partnerships.move_stage(s, editor, pid, StageMove(stage="mou", date="2025-06-01"))
    with (
        pytest.raises(InvalidInput, match="moving back from Memorandum of Understanding to Letter of Intent"),
        db.write() as s,
    ):
        partnerships.move_stage(s, editor, pid, StageMove(stage="loi"))
    with db.write() as s:
        partnerships.move_stage(
            s, editor, pid, StageMove(stage="loi", reason="the MoU was not signed after all")
        )
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "loi"
        track = {t.key: t for t in partnership_detail(s, p).stage_track}
        assert track["exploration"].recorded and track["mou"].recorded and track["mou"].date == "2025-06-01"
        assert not track["plan"].recorded and not track["council_approval"].recorded  # never taken as passed
        reasons = s.scalars(select(ChangeSet.reason).where(ChangeSet.reason.is_not(None))).all()
        assert reasons == ["the MoU was not signed after all"]


def test_a_stale_version_is_refused_with_the_current_values(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.session() as s:
        read = s.get(Partnership, pid).version  # type: ignore[union-attr]
    with db.write() as s:
        partnerships.update(s, editor, pid, PartnershipUpdate(note="first"), read)
    with pytest.raises(VersionConflict) as conflict, db.write() as s:
        partnerships.update(s, editor, pid, PartnershipUpdate(note="second"), read)
    assert conflict.value.current["note"] == "first" and conflict.value.current["version"] == read + 1
    with db.session() as s:
        assert s.get(Partnership, pid).note == "first"  # type: ignore[union-attr]


def test_an_instrument_with_a_term_gets_its_end_and_its_signatories(
    world: tuple[Database, dict[str, Any]],
) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        mou = instruments.add(
            s,
            editor,
            pid,
            InstrumentCreate(
                type="mou",
                number="119/2024",
                signed_on="2024-02-29",
                term_years=5,
                signatories=[{"name": "Yana Mulyana", "role": "Wali Kota", "organisation": "Pemkot Bandung"}],
            ),
        )
        assert mou.valid_until == "2029-02-28"
        mou_id, version = mou.id, mou.version
    with db.write() as s:
        changed = instruments.update(s, editor, mou_id, InstrumentUpdate(valid_until="2030-01-01"), version)
        assert changed.valid_until == "2030-01-01"
    with pytest.raises(InvalidInput, match="valid_until"), db.write() as s:
        instruments.update(s, editor, mou_id, InstrumentUpdate(valid_until="2020-01-01"), None)
    with db.session() as s:
        detail = partnership_detail(s, s.get(Partnership, pid))  # type: ignore[arg-type]
        (out,) = detail.instruments
        assert out.number == "119/2024" and out.valid_until == "2030-01-01"
        assert [(x.name, x.role, x.organisation) for x in out.signatories] == [
            ("Yana Mulyana", "Wali Kota", "Pemkot Bandung")
        ]


def test_an_activity_with_its_people(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        activities.add(
            s,
            editor,
            pid,
            ActivityCreate(
                type="visit",
                date="2025-04-10",
                end_date="2025-04-12",
                place_id=ids["busan"],
                participants=[{"name": "Farhan", "role": "Wakil Wali Kota"}],
                participants_count=12,
                fields=["education", "tourism"],
            ),
        )
    with pytest.raises(ValidationError, match="end_date"):
        ActivityCreate(type="visit", date="2025-04-10", end_date="2025-04-01")
    with db.session() as s:
        (a,) = partnership_detail(s, s.get(Partnership, pid)).activities  # type: ignore[arg-type]
        assert a.place is not None and a.place.name == "Busan" and a.fields == ["education", "tourism"]
        assert [p.name for p in a.participants] == ["Farhan"]


def test_contacts_are_for_signed_in_readers(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        contacts.add(s, editor, ContactCreate(name="Rina", email="Rina@Bandung.go.id"), partnership_id=pid)
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None
        assert partnership_detail(s, p, None).contacts == []
        assert [c.email for c in partnership_detail(s, p, who("viewer")).contacts] == ["rina@bandung.go.id"]
        assert contacts.of_partnership(s, None, pid) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mou.pdf", b"<!doctype html><script>alert(1)</script>", "not a PDF or an image"),
        ("mou.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 100, "not a PDF or an image"),
        ("mou.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * documents.MAX_BYTES, "at most 20 MB"),
    ],
)
def test_uploads_are_checked_by_content(
    world: tuple[Database, dict[str, Any]], settings: Settings, name: str, data: bytes, message: str
) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        mou = instruments.add(s, editor, pid, InstrumentCreate(type="mou")).id
    with pytest.raises(InvalidInput, match=message), db.write() as s:
        documents.attach_upload(s, settings, editor, documents.Upload(name, data), instrument_id=mou)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    assert not (settings.home / "files").exists() or not any((settings.home / "files").rglob("*"))


def test_a_signed_pdf_is_stored_once_by_its_content(
    world: tuple[Database, dict[str, Any]], settings: Settings
) -> None:
    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        mou = instruments.add(s, editor, pid, InstrumentCreate(type="mou")).id
        loi = instruments.add(s, editor, pid, InstrumentCreate(type="loi")).id
    for instrument in (mou, loi):
        with db.write() as s:
            doc = documents.attach_upload(
                s, settings, editor, documents.Upload("../../MoU Bandung.pdf", PDF), instrument_id=instrument
            )
            assert doc.media_type == "application/pdf" and doc.filename == "MoU Bandung.pdf"
            digest = doc.sha256
    assert digest is not None
    assert documents.file_path(settings, digest).read_bytes() == PDF
    assert len([p for p in (settings.home / "files").rglob("*") if p.is_file()]) == 1


def test_a_profile_is_edited_by_the_places_editors(world: tuple[Database, dict[str, Any]]) -> None:
    db, ids = world
    with db.write() as s:
        place = profiles.update(
            s,
            bandung_editor(ids),
            ids["bandung"],
            ProfileUpdate(priorities=["transport", "waste"], seeking="A city with a metro and a waste bank"),
            None,
        )
        version = place.version
    with pytest.raises(PermissionDenied), db.write() as s:
        profiles.update(s, bandung_editor(ids), ids["surabaya"], ProfileUpdate(seeking="x"), None)
    with pytest.raises(VersionConflict), db.write() as s:
        profiles.update(s, bandung_editor(ids), ids["bandung"], ProfileUpdate(priorities=[]), version - 1)
    with db.session() as s:
        from kembar.places import place_profile

        profile = place_profile(s, s.get(Place, ids["bandung"]))  # type: ignore[arg-type]
        assert profile.priorities == ["transport", "waste"] and profile.seeking.startswith("A city")  # type: ignore[union-attr]


def test_removing_needs_a_reason_and_a_revert_brings_everything_back(
    world: tuple[Database, dict[str, Any]], settings: Settings
) -> None:
    from kembar.registry import history

    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"], stage="exploration", fields=["culture"])
    with db.write() as s:
        mou = instruments.add(s, editor, pid, InstrumentCreate(type="mou", signed_on="2024-01-05")).id
        documents.attach_upload(s, settings, editor, documents.Upload("mou.pdf", PDF), instrument_id=mou)
        contacts.add(s, editor, ContactCreate(name="Rina"), partnership_id=pid)
    with pytest.raises(InvalidInput, match="reason"), db.write() as s:
        partnerships.remove(s, editor, pid, "")
    with db.write() as s:
        partnerships.remove(s, editor, pid, "recorded twice")
    with db.session() as s:
        assert s.get(Partnership, pid) is None
        assert s.get(Place, ids["bandung"]).partner_count == 0  # type: ignore[union-attr]
        removal = history.of_place(s, ids["bandung"], who("viewer"))[0]
        assert removal.reason == "recorded twice" and removal.actor == "editor@example.org"
    with pytest.raises(PermissionDenied, match="only an admin or the author"), db.write() as s:
        history.revert(s, who("editor", "country:ID"), removal.id, "no")
    with db.write() as s:
        history.revert(s, editor, removal.id, "it was not a duplicate")
    with db.session() as s:
        p = s.get(Partnership, pid)
        assert p is not None and p.stage == "exploration" and [f.field_key for f in p.fields] == ["culture"]
        assert [(i.type, i.signed_on, len(i.documents)) for i in p.instruments] == [("mou", "2024-01-05", 1)]
        assert [c.name for c in s.scalars(select(Contact))] == ["Rina"]
        assert len(s.scalars(select(StageStep)).all()) == 1
        assert s.get(Place, ids["bandung"]).partner_count == 1  # type: ignore[union-attr]
        sets = history.of_partnership(s, pid, who("viewer"))
        assert sets[0].reverts == removal.id and sets[0].reason == "it was not a duplicate"
        assert history.get(s, removal.id).reverted_by == sets[0].id
    with pytest.raises(InvalidInput, match="already reverted"), db.write() as s:
        history.revert(s, editor, removal.id)


def test_a_revert_is_refused_when_a_later_change_touched_the_rows(
    world: tuple[Database, dict[str, Any]],
) -> None:
    from kembar.registry import history

    db, ids = world
    editor = bandung_editor(ids)
    pid = _new(db, editor, ids["bandung"], ids["busan"])
    with db.write() as s:
        partnerships.update(s, editor, pid, PartnershipUpdate(note="one"), None)
    with db.write() as s:
        partnerships.update(s, editor, pid, PartnershipUpdate(note="two"), None)
    with db.session() as s:
        newest, older = history.of_partnership(s, pid)[:2]
    expected = f"change {newest.id} changed the same partnerships since"
    with pytest.raises(InvalidInput, match=expected), db.write() as s:
        history.revert(s, who("admin"), older.id)
    with db.write() as s:
        history.revert(s, who("admin"), newest.id)
    with db.session() as s:
        assert s.get(Partnership, pid).note == "one"  # type: ignore[union-attr]
        changes = history.of_partnership(s, pid)[0].changes
        assert [(c.before, c.after) for c in changes if c.table == "partnerships"] == [
            ({"note": "two"}, {"note": "one"})
        ]


def test_every_write_is_recorded_even_without_a_named_actor(db: Database) -> None:
    with db.write() as s:
        places = add_places(s)
    with db.write() as s:
        s.get(Place, places["bandung"].id).seeking = "written by a script"  # type: ignore[union-attr]
    with db.session() as s:
        last = s.scalars(select(ChangeSet).order_by(ChangeSet.id.desc())).first()
        assert last is not None and last.actor == "system" and last.channel == "system"
        assert [c.after for c in last.changes] == ['{"seeking": "written by a script"}']


def _seeking_changes(db: Database, place_id: int) -> list[tuple[Any, Any]]:
    from kembar.registry import history

    with db.session() as s:
        sets = history.of_place(s, place_id, who("admin"))
        return [
            ((c.before or {}).get("seeking"), (c.after or {}).get("seeking"))
            for cs in sets
            for c in cs.changes
            if c.table == "places" and c.action == "update" and "seeking" in (c.after or {})
        ]


def test_a_profile_edit_records_the_statement_before_and_a_revert_restores_it(
    world: tuple[Database, dict[str, Any]],
) -> None:
    from kembar.registry import history

    db, ids = world
    editor, bandung = bandung_editor(ids), ids["bandung"]
    for text in ("A city of education", "A creative city"):
        with db.write() as s:
            profiles.update(s, editor, bandung, ProfileUpdate(seeking=text), None)
    edits = [("A city of education", "A creative city"), (None, "A city of education")]
    assert _seeking_changes(db, bandung) == edits
    with db.write() as s:
        profiles.update(s, editor, bandung, ProfileUpdate(seeking="A creative city"), None)
    assert len(_seeking_changes(db, bandung)) == 2, "an unchanged save records nothing"
    with db.session() as s:
        last = history.of_place(s, bandung, who("admin"))[0].id
    with db.write() as s:
        history.revert(s, editor, last, "undo")
    with db.session() as s:
        assert s.get(Place, bandung).seeking == "A city of education"  # type: ignore[union-attr]

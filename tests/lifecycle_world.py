"""Partnerships at every stage of the Indonesian procedure, with dated instruments and
activities, built through the registry's own write functions: the shared world of the
lifecycle tests (status, dashboards, facets, reminders, calendar, reports). The `world`
fixture here builds it; a test module imports `world_fixture` (overriding conftest.py's registry
world of the pages' tests)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from helpers import add_places
from kembar import users
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Place
from kembar.permissions import Actor, actor_for, system_actor
from kembar.registry import activities, documents, instruments, partnerships
from kembar.registry.schemas import ActivityCreate, InstrumentCreate, PartnershipCreate, StageMove

TODAY = date.today()
PDF = b"%PDF-1.4\n%%EOF\n"


def ago(days: int = 0, years: int = 0) -> str:
    return (TODAY - timedelta(days=days + round(years * 365.25))).isoformat()


def ahead(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def left(days: int) -> int:
    """The days a page reads as left of a date `days` after TODAY: one fewer when the run
    has crossed midnight since the world was made."""
    return days - (date.today() - TODAY).days


@dataclass
class World:
    db: Database
    settings: Settings
    ids: dict[str, int]
    pairs: dict[str, int]
    editor: Actor


def _partnership(db: Database, actor: Actor, a: int, b: int, stage: str, when: str | None) -> int:
    with db.write() as s:
        return partnerships.create(
            s, actor, PartnershipCreate(place_a=a, place_b=b, stage=stage, date=when)
        ).partnership.id


def build_world(db: Database, settings: Settings) -> World:
    """Bandung's partnerships at every step of the procedure, with dated facts."""
    with db.write() as s:
        places = add_places(s)
        ids = {k: p.id for k, p in places.items()}
        extra = [
            Place(key="gn:1", name="Suwon", kind="city", country_code="KR", admin_code="KR-41"),
            Place(key="gn:2", name="Braunschweig", kind="city", country_code="DE", admin_code="DE-NI"),
            Place(key="gn:3", name="Hamamatsu", kind="city", country_code="JP", admin_code="JP-22"),
            Place(key="gn:4", name="Petaling Jaya", kind="city", country_code="MY", admin_code="MY-10"),
        ]
        s.add_all(extra)
        s.flush()
        ids.update({p.name.lower().replace(" ", "_"): p.id for p in extra})
        editor_user = users.add_user(
            s,
            system_actor("cli"),
            "bandung@example.org",
            "editor",
            "a long passphrase 1",
            scope=[str(ids["west_java"])],
        )
        editor = actor_for(editor_user, "web")
    pairs = {}
    # expiring: an MoU valid until 30 days from today, signed 4 years ago, with a visit last year
    pairs["expiring"] = _partnership(db, editor, ids["bandung"], ids["busan"], "exploration", ago(years=5))
    with db.write() as s:
        instruments.add(
            s,
            editor,
            pairs["expiring"],
            InstrumentCreate(type="mou", signed_on=ago(years=4), valid_until=ahead(30)),
        )
        activities.add(s, editor, pairs["expiring"], ActivityCreate(type="visit", date=ago(years=1)))
    # dormant: an MoU of 2014 with nothing since
    pairs["dormant"] = _partnership(db, editor, ids["bandung"], ids["suwon"], "mou", "2014-06-02")
    with db.write() as s:
        instruments.add(s, editor, pairs["dormant"], InstrumentCreate(type="mou", signed_on="2014-06-02"))
    # never implemented: an MoU signed three years ago, no activity after it
    pairs["never"] = _partnership(db, editor, ids["bekasi"], ids["braunschweig"], "mou", ago(years=3))
    with db.write() as s:
        instruments.add(
            s, editor, pairs["never"], InstrumentCreate(type="mou", signed_on=ago(years=3), term_years=5)
        )
    # quiet: a business meeting three years ago and nothing since
    pairs["quiet"] = _partnership(db, editor, ids["bandung"], ids["hamamatsu"], "loi", None)
    with db.write() as s:
        activities.add(s, editor, pairs["quiet"], ActivityCreate(type="business_meeting", date=ago(years=3)))
    # active: at DPRD approval last month, the terms of reference attached
    pairs["active"] = _partnership(db, editor, ids["bandung"], ids["kuala_lumpur"], "loi", ago(days=200))
    with db.write() as s:
        partnerships.move_stage(s, editor, pairs["active"], StageMove(stage="plan", date=ago(days=100)))
        partnerships.move_stage(
            s, editor, pairs["active"], StageMove(stage="council_approval", date=ago(days=30))
        )
        documents.attach_upload(
            s,
            settings,
            editor,
            documents.Upload("kak.pdf", PDF),
            partnership_id=pairs["active"],
            purpose="terms_of_reference",
        )
    # unknown: recorded with no date at all
    pairs["unknown"] = _partnership(db, editor, ids["bekasi"], ids["petaling_jaya"], "exploration", None)
    # expired and renewed: an LoI of 2015 valid until 2017, then a renewal
    pairs["renewed"] = _partnership(
        db, system_actor("cli"), ids["surabaya"], ids["busan"], "renewal", ago(days=10)
    )
    with db.write() as s:
        admin = system_actor("cli")
        instruments.add(
            s,
            admin,
            pairs["renewed"],
            InstrumentCreate(type="mou", signed_on="2015-03-01", valid_until="2020-03-01"),
        )
        instruments.add(
            s,
            admin,
            pairs["renewed"],
            InstrumentCreate(type="renewal", signed_on=ago(days=10), valid_until=ahead(5 * 365)),
        )
    return World(db, settings, ids, pairs, editor)


def add_planned_loi(w: World) -> int:
    """A planned LoI of the undated Bekasi – Petaling Jaya partnership, with a planned
    signing date last month and a planned end of validity later this year: the dates of
    an instrument the news says will be signed."""
    end = min(TODAY + timedelta(days=20), date(TODAY.year, 12, 31))
    with w.db.write() as s:
        loi = instruments.add(
            s,
            w.editor,
            w.pairs["unknown"],
            InstrumentCreate(
                type="loi", status="planned", signed_on=ago(days=30), valid_until=end.isoformat()
            ),
        )
        return loi.id


@pytest.fixture(name="world")
def world_fixture(db: Database, settings: Settings, request: pytest.FixtureRequest) -> World:
    """Partnerships at every stage with dated facts: on SQLite a copy of the home the
    template was built in (files and uploaded documents), on PostgreSQL built again."""
    if not settings.is_sqlite:
        return build_world(db, settings)
    home, template = request.getfixturevalue("lifecycle_template")  # conftest.py
    db.dispose()
    for suffix in ("-wal", "-shm"):
        (settings.home / f"kembar.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copytree(home, settings.home, dirs_exist_ok=True)
    return World(db, settings, dict(template.ids), dict(template.pairs), template.editor)

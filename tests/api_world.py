"""A small registry of real places for the tests of the write API: one account and API
token per role, a Bandung–Busan partnership with an MoU (and its signed PDF), a visit and
a contact, a pending proposal read from an article, and a change made by the admin.

It is built once per test module into a template KEMBAR_HOME and copied for each test,
so that every test starts from the same state and may write freely.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from helpers import add_places, web_client
from kembar import tokens, users
from kembar.config import Settings
from kembar.db import Database
from kembar.db.registry import Change, ChangeSet
from kembar.ingest import queue
from kembar.permissions import Actor, actor_for, system_actor
from kembar.registry import activities, contacts, documents, instruments, partnerships, profiles
from kembar.registry.schemas import (
    ActivityCreate,
    ContactCreate,
    InstrumentCreate,
    PartnershipCreate,
    PersonIn,
    ProfileUpdate,
)

PASSWORD = "kata sandi yang panjang"
ROLES = ("anonymous", "viewer", "editor_in", "editor_out", "reviewer", "admin")
# A real PDF's first bytes are enough for the check by content.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ARTICLE = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    "Jerman, Senin (3/7/2023)."
)


@dataclass
class World:
    home: Path
    settings: Settings
    places: dict[str, int]  # label in helpers.add_places -> id
    secrets: dict[str, str]  # role -> API token
    partnership: int  # Bandung – Busan
    instrument: int
    activity: int
    contact: int
    place_contact: int
    document: int
    proposal: int
    admin_change: int  # the admin's edit of Bandung's profile, revertible
    db: Database = field(repr=False, default=None)  # type: ignore[assignment]

    def auth(self, role: str) -> dict[str, str]:
        return {} if role == "anonymous" else {"Authorization": f"Bearer {self.secrets[role]}"}

    def changes_since(self, changeset: int) -> list[tuple[str, str]]:
        """(table, action) of every row written after that change set, but the last use of
        a token (recorded to the minute, whatever the request)."""
        with self.db.session() as s:
            rows = s.execute(
                select(Change.table_name, Change.action)
                .where(Change.changeset_id > changeset, Change.table_name != "api_tokens")
                .order_by(Change.id)
            ).all()
        return [(t, a) for t, a in rows]

    def last_change(self) -> int:
        with self.db.session() as s:
            return int(s.scalar(select(func.max(ChangeSet.id))) or 0)

    def stored_files(self) -> list[Path]:
        root = self.home / "files"
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


def _accounts(s: object, ids: dict[str, int]) -> dict[str, str]:
    root = system_actor("cli")
    scopes = {"editor_in": [str(ids["west_java"])], "editor_out": [str(ids["east_java"])]}
    roles = {"viewer": "viewer", "editor_in": "editor", "editor_out": "editor"}
    secrets = {}
    for role in ROLES[1:]:
        email = f"{role.replace('_', '.')}@example.org"
        users.add_user(s, root, email, roles.get(role, role), PASSWORD, scope=scopes.get(role, []))  # type: ignore[arg-type]
        secrets[role] = tokens.create_token(s, root, email, "tests").secret  # type: ignore[arg-type]
    return secrets


def _admin(s: object) -> Actor:
    return actor_for(users.get_user(s, "admin@example.org"), "api")  # type: ignore[arg-type]


def build_template(home: Path) -> World:
    """Build the world into `home` (once per module)."""
    from argon2 import PasswordHasher

    # As tests/conftest.py does for each test: argon2 at a low cost.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        return _build(home)


def _build(home: Path) -> World:
    settings = _settings(home)
    db = Database(settings)
    with db.write() as s:
        ids = {label: p.id for label, p in add_places(s).items()}
        secrets = _accounts(s, ids)
    with db.write() as s:
        admin = _admin(s)
        p = partnerships.create(
            s, admin, PartnershipCreate(place_a=ids["bandung"], place_b=ids["busan"], date="2019-03")
        ).partnership.id
    with db.write() as s:
        admin = _admin(s)
        mou = instruments.add(
            s,
            admin,
            p,
            InstrumentCreate(
                type="mou",
                signed_on="2020-05-04",
                valid_until="2025-05-04",
                signatories=[PersonIn(name="Oded M. Danial", role="Wali Kota Bandung")],
            ),
        ).id
    with db.write() as s:
        upload = documents.Upload("mou.pdf", PDF)
        doc = documents.attach_upload(s, settings, _admin(s), upload, "Signed MoU", instrument_id=mou).id
    with db.write() as s:
        visit = activities.add(s, _admin(s), p, ActivityCreate(type="visit", date="2023-08-01")).id
    with db.write() as s:
        contact = contacts.add(s, _admin(s), ContactCreate(name="Rina", email="rina@example.org"), p).id
    with db.write() as s:
        place_contact = contacts.add(s, _admin(s), ContactCreate(name="Dewi"), place_id=ids["bandung"]).id
    with db.write() as s:
        proposal = queue.ingest(s, ARTICLE.encode(), "bandung-braunschweig.txt").proposals[0]
    with db.write() as s:
        profiles.update(s, _admin(s), ids["bandung"], ProfileUpdate(seeking="Partners in education"), None)
        s.flush()
    with db.session() as s:
        admin_change = int(s.scalar(select(func.max(ChangeSet.id))) or 0)
    db.dispose()
    return World(
        home, settings, ids, secrets, p, mou, visit, contact, place_contact, doc, proposal, admin_change
    )


def copy_world(template: World, home: Path) -> World:
    """A private copy of the template for one test, with its database open."""
    shutil.copytree(template.home, home)
    world = World(**{**template.__dict__, "home": home, "settings": _settings(home)})
    world.db = Database(world.settings)
    return world


@pytest.fixture(scope="module", name="template")
def template_fixture(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> World:
    """The world built once for the test module that imports this fixture."""
    return build_template(tmp_path_factory.mktemp(request.module.__name__) / "home")


@pytest.fixture(name="world")
def world_fixture(template: World, tmp_path: Path) -> World:
    """A test's own copy of the module's world."""
    return copy_world(template, tmp_path / "home")


def client_for(world: World) -> TestClient:
    # Without `with`: the lifespan (cache warming, the recommender's keeper) is not needed.
    return web_client(world.settings)

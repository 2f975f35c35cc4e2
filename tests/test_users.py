"""Accounts: adding users, roles and scope, passwords, throttled sign-in, the CLI actor."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpers import add_places
from kembar import users, websessions
from kembar.db import Database
from kembar.db.accounts import LoginAttempt, User
from kembar.errors import (
    DuplicateUser,
    InvalidInput,
    NotAuthenticated,
    PermissionDenied,
    TooManyAttempts,
    UserNotFound,
)
from kembar.i18n import Translator
from kembar.permissions import Actor, system_actor

pytestmark = pytest.mark.backends

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ROOT = system_actor("cli")
PASSWORD = "correct horse battery"


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.session() as session:
        yield session


@pytest.fixture
def places(s: Session) -> dict[str, Any]:
    return add_places(s)


def add(s: Session, email: str, role: str = "editor", **kw: Any) -> User:
    return users.add_user(s, ROOT, email, role, kw.pop("password", PASSWORD), **kw)


def test_add_user_folds_the_email_and_hashes_the_password(s: Session, places: dict[str, Any]) -> None:
    user = add(
        s,
        "  Ani.Lestari@Bandung.go.id ",
        scope=[str(places["bandung"].id), "my"],
        name="Ani Lestari",
        organisation="Bagian Kerja Sama, Kota Bandung",
        language="id",
    )
    assert user.email == "ani.lestari@bandung.go.id" and user.active and user.role == "editor"
    assert [sc.entry for sc in user.scopes] == [f"place:{places['bandung'].id}", "country:MY"]
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert users.get_user(s, "ANI.LESTARI@bandung.go.id").id == user.id
    with pytest.raises(DuplicateUser):
        add(s, "ani.lestari@BANDUNG.go.id")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"email": "not an email"}, "not an email address"),
        ({"role": "superuser"}, "unknown role 'superuser'"),
        ({"language": "fr"}, "unknown language 'fr'"),
        ({"password": "short"}, "at least 8 characters"),
        ({"scope": ["999999"]}, "no place has the id 999999"),
        ({"scope": ["XQ"]}, "not an ISO 3166-1 country code"),
        ({"scope": ["Bandung"]}, "neither a place id"),
        ({"name": "x" * 201}, "at most 200"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    s: Session, places: dict[str, Any], kw: dict[str, Any], message: str
) -> None:
    args = {"email": "new@example.org", "role": "editor", **kw}
    with pytest.raises(InvalidInput, match=message) as err:
        users.add_user(s, ROOT, args.pop("email"), args.pop("role"), args.pop("password", PASSWORD), **args)
    assert "short" not in err.value.message or "password" not in kw
    assert users.list_users(s) == []


def test_scope_values_are_parsed(s: Session, places: dict[str, Any]) -> None:
    pid = places["west_java"].id
    assert users.parse_scope(s, str(pid)) == f"place:{pid}"
    assert users.parse_scope(s, f"place:{pid}") == f"place:{pid}"
    assert users.parse_scope(s, " id ") == "country:ID"
    assert users.parse_scope(s, "country:kr") == "country:KR"
    assert users.scope_labels(s, [f"place:{pid}", "country:KR"]) == [
        f"Jawa Barat (ID, province {pid})",
        "country KR",
    ]


def test_the_pages_say_a_scope_in_the_readers_language(s: Session, places: dict[str, Any]) -> None:
    """The Indonesian account page said "Cakupan: Bandung (ID, city 2607)"."""
    entries = [f"place:{places['bandung'].id}", "country:KR"]
    assert users.scope_words(s, entries, Translator("id")) == [
        "Bandung (kota, Indonesia)",
        "seluruh Korea Selatan",
    ]
    assert users.scope_words(s, entries, Translator("en")) == [
        "Bandung (city / town, Indonesia)",
        "all of South Korea",
    ]


def test_only_admins_manage_users(s: Session) -> None:
    admin = add(s, "admin@example.org", "admin")
    reviewer = add(s, "rev@example.org", "reviewer")
    as_reviewer = Actor(reviewer.id, reviewer.email, "reviewer", (), "web")
    with pytest.raises(PermissionDenied, match="only admins"):
        users.add_user(s, as_reviewer, "x@example.org", "viewer", PASSWORD)
    with pytest.raises(PermissionDenied):
        users.set_role(s, as_reviewer, "rev@example.org", "admin")
    with pytest.raises(NotAuthenticated):
        users.disable_user(s, None, admin.email)
    # Anyone may change their own password, not someone else's.
    users.set_password(s, as_reviewer, "rev@example.org", "a new password")
    with pytest.raises(PermissionDenied):
        users.set_password(s, as_reviewer, "admin@example.org", "a new password")


def test_set_role_and_scope(s: Session, places: dict[str, Any]) -> None:
    add(s, "a@example.org", "admin")
    add(s, "e@example.org", scope=["ID"])
    user = users.set_role(s, ROOT, "e@example.org", "reviewer")
    assert user.role == "reviewer" and [sc.entry for sc in user.scopes] == ["country:ID"]
    user = users.set_role(s, ROOT, "e@example.org", "editor", [str(places["surabaya"].id)])
    assert [sc.entry for sc in user.scopes] == [f"place:{places['surabaya'].id}"]
    user = users.set_scope(s, ROOT, "e@example.org", ["KR", "kr", "MY"])
    assert [sc.entry for sc in user.scopes] == ["country:KR", "country:MY"]
    with pytest.raises(UserNotFound, match=r"nobody@example\.org"):
        users.set_role(s, ROOT, "nobody@example.org", "viewer")


def test_the_last_active_admin_stays(s: Session) -> None:
    add(s, "only@example.org", "admin")
    with pytest.raises(InvalidInput, match="only active admin"):
        users.disable_user(s, ROOT, "only@example.org")
    with pytest.raises(InvalidInput, match="only active admin"):
        users.set_role(s, ROOT, "only@example.org", "viewer")
    add(s, "second@example.org", "admin")
    assert users.set_role(s, ROOT, "only@example.org", "viewer").role == "viewer"


def test_sign_in(s: Session) -> None:
    add(s, "ani@example.org")
    user = users.authenticate(s, "ANI@example.org", PASSWORD, "10.0.0.1", now=T0)
    assert user is not None and user.email == "ani@example.org"
    assert users.authenticate(s, "ani@example.org", "wrong password", "10.0.0.1", now=T0) is None
    assert users.authenticate(s, "nobody@example.org", PASSWORD, "10.0.0.1", now=T0) is None
    attempts = [(a.email, a.success) for a in s.scalars(select(LoginAttempt).order_by(LoginAttempt.id))]
    assert attempts == [
        ("ani@example.org", True),
        ("ani@example.org", False),
        ("nobody@example.org", False),
    ]


def test_disabling_ends_sign_in_and_sessions(s: Session) -> None:
    add(s, "root@example.org", "admin")
    user = add(s, "ani@example.org")
    started = websessions.start(s, user, now=T0)
    assert websessions.lookup(s, started.secret, now=T0) is not None
    users.disable_user(s, ROOT, "ani@example.org")
    assert websessions.lookup(s, started.secret, now=T0) is None
    assert users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.1", now=T0) is None
    assert users.enable_user(s, ROOT, "ani@example.org").active
    assert users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.1", now=T0) is not None


def test_a_new_password_replaces_the_old_and_ends_sessions(s: Session) -> None:
    user = add(s, "ani@example.org")
    started = websessions.start(s, user, now=T0)
    users.set_password(s, ROOT, "ani@example.org", "another secret")
    assert websessions.lookup(s, started.secret, now=T0) is None
    assert users.authenticate(s, "ani@example.org", PASSWORD, "c", now=T0) is None
    assert users.authenticate(s, "ani@example.org", "another secret", "c", now=T0) is not None


def test_a_user_changes_their_own_password_given_the_current_one(s: Session) -> None:
    from kembar.permissions import actor_for

    user = add(s, "ani@example.org")
    me = actor_for(user, "web")
    started = websessions.start(s, user, now=T0)
    with pytest.raises(InvalidInput, match="at least 8"):
        users.change_own_password(s, me, PASSWORD, "short", "c", now=T0)
    with pytest.raises(InvalidInput, match="the same"):
        users.change_own_password(s, me, PASSWORD, PASSWORD, "c", now=T0)
    with pytest.raises(InvalidInput, match="person's account"):
        users.change_own_password(s, ROOT, PASSWORD, "another secret", "c", now=T0)
    assert users.change_own_password(s, me, "a wrong guess", "another secret", "c", now=T0) is None
    failed = s.scalars(select(LoginAttempt).where(LoginAttempt.success.is_(False))).all()
    assert [a.email for a in failed] == ["ani@example.org"]
    assert users.change_own_password(s, me, PASSWORD, "another secret", "c", now=T0) is user
    assert websessions.lookup(s, started.secret, now=T0) is None
    assert users.authenticate(s, "ani@example.org", "another secret", "c", now=T0) is not None


def fail(s: Session, email: str, client: str, times: int, start: datetime) -> None:
    for i in range(times):
        assert (
            users.authenticate(s, email, "wrong password", client, now=start + timedelta(seconds=i)) is None
        )


def test_ten_failures_for_one_account_throttle_it(s: Session) -> None:
    add(s, "ani@example.org")
    fail(s, "ani@example.org", "10.0.0.1", 9, T0)
    fail(s, "ani@example.org", "10.0.0.2", 1, T0 + timedelta(minutes=1))
    # The right password from a third address is refused too: the account is throttled.
    with pytest.raises(TooManyAttempts, match="try again in 14 minutes") as err:
        users.authenticate(
            s, "ani@example.org", PASSWORD, "10.0.0.3", now=T0 + timedelta(minutes=1, seconds=5)
        )
    assert PASSWORD not in err.value.message and err.value.retry_after == 14 * 60 - 5 + 1
    # Other accounts are not.
    add(s, "budi@example.org")
    assert users.authenticate(s, "budi@example.org", PASSWORD, "10.0.0.3", now=T0 + timedelta(minutes=2))
    # Once the first failure is 15 minutes old, nine remain in the window: allowed again.
    assert users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.3", now=T0 + timedelta(minutes=15))


def test_ten_failures_from_one_address_throttle_it(s: Session) -> None:
    add(s, "ani@example.org")
    for i in range(10):
        users.authenticate(s, f"guess{i}@example.org", "wrong password", "10.0.0.9", now=T0)
    with pytest.raises(TooManyAttempts):
        users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.9", now=T0 + timedelta(minutes=5))
    assert users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.10", now=T0 + timedelta(minutes=5))
    # A success from the address does not wipe its failures.
    with pytest.raises(TooManyAttempts):
        users.authenticate(s, "ani@example.org", PASSWORD, "10.0.0.9", now=T0 + timedelta(minutes=6))


def test_a_success_clears_the_account_count(s: Session) -> None:
    add(s, "ani@example.org")
    fail(s, "ani@example.org", "a", 9, T0)
    assert users.authenticate(s, "ani@example.org", PASSWORD, "b", now=T0 + timedelta(minutes=1))
    fail(s, "ani@example.org", "c", 9, T0 + timedelta(minutes=2))
    assert users.authenticate(s, "ani@example.org", PASSWORD, "d", now=T0 + timedelta(minutes=3))


def test_passwords_never_reach_the_logs(s: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    add(s, "ani@example.org", password="s3cret-Pa55word")
    users.authenticate(s, "ani@example.org", "my-wrong-Pa55word", "a", now=T0)
    users.set_password(s, ROOT, "ani@example.org", "n3w-Pa55word!")
    text = caplog.text
    assert "Pa55word" not in text


def test_the_first_admin_is_created_once(s: Session) -> None:
    made = users.create_first_admin(s)
    assert made is not None
    user, password = made
    assert user.role == "admin" and user.email == users.FIRST_ADMIN_EMAIL
    assert len(password) >= 20 and password not in user.password_hash
    assert users.authenticate(s, user.email, password, "local", now=T0) is not None
    assert users.create_first_admin(s) is None


def test_cli_actor(s: Session, places: dict[str, Any]) -> None:
    fresh = users.cli_actor(s, None)  # no account yet: the machine's own user acts as Kembar
    assert (fresh.user_id, fresh.email, fresh.channel) == (None, "system", "cli")
    add(s, "viewer@example.org", "viewer")
    first = add(s, "first@example.org", "admin")
    add(s, "second@example.org", "admin")
    local = users.cli_actor(s, None)
    assert (local.user_id, local.role, local.channel) == (first.id, "admin", "cli")
    add(s, "ed@example.org", scope=["ID"])
    named = users.cli_actor(s, "ED@example.org")
    assert (named.email, named.role, named.scope, named.channel) == (
        "ed@example.org",
        "editor",
        ("country:ID",),
        "cli",
    )
    users.disable_user(s, ROOT, "first@example.org")
    assert users.cli_actor(s, None).email == "second@example.org"
    with pytest.raises(NotAuthenticated, match="disabled"):
        users.cli_actor(s, "first@example.org")
    with pytest.raises(UserNotFound):
        users.cli_actor(s, "nobody@example.org")

"""API tokens: shown once, stored as a digest, last use recorded, revocable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kembar import tokens, users
from kembar.db import Database
from kembar.db.accounts import ApiToken
from kembar.errors import InvalidInput, NotAuthenticated, PermissionDenied, TokenNotFound
from kembar.permissions import Actor, system_actor

pytestmark = pytest.mark.backends

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ROOT = system_actor("cli")


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.session() as session:
        users.add_user(session, ROOT, "admin@example.org", "admin", "admin password")
        users.add_user(session, ROOT, "ani@example.org", "editor", "ani password")
        users.add_user(session, ROOT, "budi@example.org", "viewer", "budi password")
        yield session


def me(s: Session, email: str) -> Actor:
    return users.cli_actor(s, email)


def test_a_token_is_shown_once_and_stored_as_a_digest(s: Session) -> None:
    made = tokens.create_token(s, me(s, "ani@example.org"), "ani@example.org", "laptop")
    assert made.secret.startswith("kmb_") and len(made.secret) > 40
    stored = s.get(ApiToken, made.id)
    assert stored is not None and stored.token_hash == tokens.digest(made.secret)
    dump = "\n".join(str(row) for row in s.execute(text("select * from api_tokens")))
    assert made.secret not in dump and made.secret[4:] not in dump


def test_verify_returns_the_user_and_records_the_use(s: Session) -> None:
    made = tokens.create_token(s, me(s, "ani@example.org"), "ani@example.org", "script")
    assert tokens.verify_token(s, made.secret, now=T0).email == "ani@example.org"
    stored = s.get(ApiToken, made.id)
    assert stored is not None and stored.last_used_at is not None
    assert stored.last_used_at.replace(tzinfo=UTC) == T0
    # Uses within a minute are not written again; later ones are.
    tokens.verify_token(s, made.secret, now=T0 + timedelta(seconds=30))
    assert stored.last_used_at.replace(tzinfo=UTC) == T0
    tokens.verify_token(s, made.secret, now=T0 + timedelta(minutes=2))
    assert stored.last_used_at.replace(tzinfo=UTC) == T0 + timedelta(minutes=2)


def test_unknown_revoked_and_disabled_tokens_are_refused(s: Session) -> None:
    ani = me(s, "ani@example.org")
    made = tokens.create_token(s, ani, "ani@example.org", "script")
    with pytest.raises(NotAuthenticated):
        tokens.verify_token(s, made.secret + "x")
    tokens.revoke_token(s, ani, made.id, now=T0)
    with pytest.raises(NotAuthenticated, match="revoked"):
        tokens.verify_token(s, made.secret)
    again = tokens.create_token(s, ani, "ani@example.org", "script")  # the name is free again
    users.disable_user(s, ROOT, "ani@example.org")
    with pytest.raises(NotAuthenticated, match="disabled"):
        tokens.verify_token(s, again.secret)


def test_tokens_belong_to_their_owner(s: Session) -> None:
    ani, budi, admin = me(s, "ani@example.org"), me(s, "budi@example.org"), me(s, "admin@example.org")
    made = tokens.create_token(s, ani, "ani@example.org", "script")
    with pytest.raises(PermissionDenied):
        tokens.create_token(s, budi, "ani@example.org", "mine now")
    with pytest.raises(PermissionDenied):
        tokens.list_tokens(s, budi, "ani@example.org")
    with pytest.raises(TokenNotFound):
        tokens.revoke_token(s, budi, made.id)
    with pytest.raises(NotAuthenticated):
        tokens.list_tokens(s, None, "ani@example.org")
    # An admin manages anyone's tokens (the CLI acts as the local admin).
    by_admin = tokens.create_token(s, admin, "ani@example.org", "from the admin")
    assert [t.name for t in tokens.list_tokens(s, ani, "ani@example.org")] == ["script", "from the admin"]
    assert tokens.revoke_token(s, admin, by_admin.id).revoked_at is not None
    with pytest.raises(TokenNotFound):
        tokens.revoke_token(s, admin, 424242)


def test_names_are_required_and_unique_among_live_tokens(s: Session) -> None:
    ani = me(s, "ani@example.org")
    with pytest.raises(InvalidInput, match="name"):
        tokens.create_token(s, ani, "ani@example.org", "  ")
    tokens.create_token(s, ani, "ani@example.org", "laptop")
    with pytest.raises(InvalidInput, match="already has a token named 'laptop'"):
        tokens.create_token(s, ani, "ani@example.org", "laptop")
    assert len(list(s.scalars(select(ApiToken)))) == 1

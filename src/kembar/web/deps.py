"""The dependencies of the web handlers: the database session and the current user.

    SessionDep   a session in one transaction, committed before the response is sent
    ActorDep     the Actor of the request, or None for an anonymous visitor
    SignedInDep  the Actor, or 401
    check_csrf   for forms that do not need an actor (sign-in); current_actor already
                 checks the token of every cookie-authenticated unsafe request

Who the request is: `Authorization: Bearer TOKEN` (channel "api"; a bad token is a 401,
never a silent fall back to anonymous), else the session cookie (channel "web").
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kembar import tokens, websessions
from kembar.db import Database
from kembar.errors import DatabaseBusy, NotAuthenticated, ReadOnlyDatabase
from kembar.permissions import Actor, actor_for, require_signed_in
from kembar.web import security

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
log = logging.getLogger("kembar.web")


def get_session(request: Request) -> Iterator[Session]:
    """One session per request. A request that may write (POST, PUT, PATCH, DELETE) holds
    the write lock from its first statement (Database.write), so its reads and its writes
    see one state of the registry and concurrent writers run one after the other."""
    db: Database = request.app.state.db
    with db.write() if request.method in UNSAFE else db.session() as session:
        yield session


# "function": the transaction commits before the response leaves, so that a client that
# follows a redirect (a new session, a new record) finds what was written.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token: `kembar tokens create EMAIL --name NAME`, the account page, "
    "or POST /api/v1/auth/token.",
)


@dataclass(frozen=True)
class Account:
    """What the page header shows of the signed-in user."""

    actor: Actor
    label: str  # the user's name, else the email


def _from_cookie(request: Request, session: Session) -> Account | None:
    secret = security.session_secret(request)
    found = websessions.lookup(session, secret) if secret else None
    if found is None:
        return None
    request.state.web_csrf = found.csrf_token
    return Account(actor_for(found.user, "web"), found.user.name or found.user.email)


def _record_use(request: Request, session: Session, token: str) -> None:
    """A request that writes records the token's use in its own transaction; one that
    only reads does it in a short write of its own (at most once a minute a token), so
    that its read transaction never turns into a write (on SQLite that one would wait
    for every concurrent writer and then fail). A busy database skips it: the last use
    is a hint for the account page, never worth a failed request."""
    if request.method in UNSAFE:
        tokens.record_use(session, token)
        return
    db: Database = request.app.state.db
    try:
        with db.write() as apart:
            tokens.record_use(apart, token)
    except (DatabaseBusy, ReadOnlyDatabase):
        log.warning("the last use of an API token was not recorded: the database is busy")


def _resolve(request: Request, session: Session, token: str | None) -> Account | None:
    state = request.state
    if hasattr(state, "account"):
        return state.account
    if token is not None:
        user, due = tokens.check_token(session, token)
        if due:
            _record_use(request, session, token)
        state.account = Account(actor_for(user, "api"), user.name or user.email)
    else:
        state.account = _from_cookie(request, session)
    return state.account


async def current_actor(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor | None:
    """The request's actor, or None. A cookie-authenticated unsafe request (POST, PATCH,
    DELETE...) must carry the session's CSRF token, in the form or the X-CSRF-Token header."""
    # Looking up the token or the cookie runs queries (and, for a write, waits for the
    # write lock): never on the event loop, which every other request of the worker needs.
    token = credentials.credentials if credentials else None
    account = await run_in_threadpool(_resolve, request, session, token)
    if account is None:
        return None
    if account.actor.channel == "web":
        await security.verify_csrf(request, request.state.web_csrf)
    return account.actor


ActorDep = Annotated[Actor | None, Depends(current_actor)]


def require_actor(actor: ActorDep) -> Actor:
    """The request's actor; 401 when no one is signed in."""
    return require_signed_in(actor)


SignedInDep = Annotated[Actor, Depends(require_actor)]


async def check_csrf(request: Request, session: SessionDep) -> None:
    """For forms anyone may send (sign-in): the token of the session, else of the visitor."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    account = await run_in_threadpool(_resolve, request, session, None)
    expected = (
        request.state.web_csrf
        if account
        else security.unsign(request, request.cookies.get(security.ANON_CSRF_COOKIE), "csrf")
    )
    await security.verify_csrf(request, expected)


def page_account(request: Request) -> Account | None:
    """The signed-in account for the page header, looked up once per request (in its own
    short transaction when the handler did not ask for the actor)."""
    if hasattr(request.state, "account"):
        return request.state.account
    if security.session_secret(request) is None:
        return None
    db: Database = request.app.state.db
    try:
        with db.session() as session:
            return _resolve(request, session, None)
    except NotAuthenticated:  # a disabled account shows the header of a visitor
        return None

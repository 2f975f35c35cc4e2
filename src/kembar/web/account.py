"""Signing in and out, the account page with the password and API tokens, the list of
users, and the token endpoints of the API. Handlers parse, call the library, and render."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from kembar import i18n, tokens, users, websessions
from kembar.db.accounts import User, utcnow
from kembar.errors import InvalidInput, KembarError, TooManyAttempts
from kembar.i18n import Translator
from kembar.permissions import Actor, actor_for, require_admin
from kembar.schemas import ApiTokenOut, Me
from kembar.web import security
from kembar.web.api_common import errors
from kembar.web.deps import ActorDep, SessionDep, SignedInDep, check_csrf
from kembar.web.pages import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _local_path(target: str | None) -> str:
    """Where to go after signing in: a path of this site only, never another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _login_page(
    request: Request, next_path: str, email: str = "", problem: str | None = None, status: int = 200
) -> Response:
    context = {"next": _local_path(next_path), "email": email, "problem": problem}
    return render(request, "login.html", context, status_code=status)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    t = Translator(request.state.lang)
    try:
        user = users.authenticate(session, email, password, _client(request))
    except TooManyAttempts as exc:
        problem = t("login.throttled", minutes=-(-exc.retry_after // 60))
        page = _login_page(request, next, email, problem, status=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if user is None:
        # Returned, not raised: the failed attempt must be committed for throttling.
        return _login_page(request, next, email, t("login.wrong"), status=401)
    response = _signed_in_again(request, session, user, _local_path(next))
    security.clear_cookie(request, response, security.ANON_CSRF_COOKIE)
    if not _chose_language(request):
        response.set_cookie("lang", user.language, max_age=365 * 24 * 3600, path="/", samesite="lax")
    return response


def _chose_language(request: Request) -> bool:
    """Whether this browser chose the interface's language (the lang cookie is only set by
    a choice, ?lang=): that choice wins over the account's stored language."""
    languages = i18n.LANGUAGES
    return request.cookies.get("lang") in languages or request.query_params.get("lang") in languages


@router.post("/logout")
def logout(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Signs out (current_actor has checked the CSRF token of a signed-in browser)."""
    secret = security.session_secret(request)
    if secret:
        websessions.end(session, secret)
    response = RedirectResponse("/", status_code=303)
    security.clear_cookie(request, response, security.SESSION_COOKIE)
    return response


def _t(request: Request) -> Translator:
    return Translator(getattr(request.state, "lang", "en"))


def _account_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    created: tokens.CreatedToken | None = None,
    problem: str | None = None,
    status: int = 200,
    password_problem: str | None = None,
) -> Response:
    user = users.get_user(session, actor.email)
    context = {
        "user": user,
        "scope": users.scope_words(session, [s.entry for s in user.scopes], _t(request)),
        "tokens": tokens.list_tokens(session, actor, user.email),
        "created": created,
        "problem": problem,
        "password_problem": password_problem,
        "password_changed": request.query_params.get("password") == "changed",
        "min_password": users.MIN_PASSWORD,
    }
    return render(request, "account.html", context, status_code=status)


@router.get("/account")
def account(request: Request, session: SessionDep, actor: SignedInDep) -> Response:
    return _account_page(request, session, actor)


def _signed_in_again(request: Request, session: SessionDep, user: User, to: str) -> Response:
    """A redirect that gives this browser a new session (after a sign-in or a new password)."""
    started = websessions.start(session, user)
    response = RedirectResponse(to, status_code=303)
    max_age = int(websessions.LIFETIME.total_seconds())
    security.set_cookie(
        request, response, security.SESSION_COOKIE, security.sign(request, started.secret, "session"), max_age
    )
    return response


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    actor: SignedInDep,
    current_password: Annotated[str, Form(max_length=users.MAX_PASSWORD)],
    new_password: Annotated[str, Form(max_length=users.MAX_PASSWORD)],
    new_password_again: Annotated[str, Form(max_length=users.MAX_PASSWORD)],
) -> Response:
    """The signed-in user's own password (current_actor has checked the CSRF token). The
    account's sessions end; this browser gets a new one."""
    t = Translator(request.state.lang)

    def refused(problem: str, status: int) -> Response:
        return _account_page(request, session, actor, password_problem=problem, status=status)

    if new_password != new_password_again:
        return refused(t("password.mismatch"), 422)
    try:
        user = users.change_own_password(session, actor, current_password, new_password, _client(request))
    except TooManyAttempts as exc:
        page = refused(t("password.throttled", minutes=-(-exc.retry_after // 60)), 429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except InvalidInput as exc:
        return refused(t.error(exc), exc.http_status)
    if user is None:
        # Returned, not raised: the failed attempt must be committed for throttling.
        return refused(t("password.wrong"), 422)
    return _signed_in_again(request, session, user, "/account?password=changed")


@router.post("/account/tokens")
def create_token(
    request: Request,
    session: SessionDep,
    actor: SignedInDep,
    name: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        created = tokens.create_token(session, actor, actor.email, name)
    except KembarError as exc:
        problem = Translator(request.state.lang).error(exc)
        return _account_page(request, session, actor, problem=problem, status=exc.http_status)
    # The secret is in this response only; the page must not be cached anywhere.
    page = _account_page(request, session, actor, created=created, status=201)
    page.headers["Cache-Control"] = "no-store"
    return page


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(session: SessionDep, actor: SignedInDep, token_id: int) -> Response:
    tokens.revoke_token(session, actor, token_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, session: SessionDep, actor: SignedInDep) -> Response:
    require_admin(actor)
    everyone = users.list_users(session)
    t = _t(request)
    scopes = {u.id: users.scope_words(session, [s.entry for s in u.scopes], t) for u in everyone}
    return render(request, "users.html", {"users": everyone, "scopes": scopes})


class Credentials(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class TokenOut(BaseModel):
    token: str


class TokenName(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class CreatedTokenOut(TokenOut):
    id: int
    name: str


@api_router.post(
    "/token",
    response_model=TokenOut,
    responses=errors(401, 422, 429),
)
def token_for_credentials(request: Request, session: SessionDep, body: Credentials) -> Response:
    """Exchange an email and password for a new API token (named after the moment)."""
    user = users.authenticate(session, body.email, body.password, _client(request))
    if user is None:
        # Returned, not raised: the failed attempt must be committed for throttling.
        return JSONResponse(
            {"detail": users.WRONG_CREDENTIALS}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
    actor = actor_for(user, "api")
    stamp = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    created = tokens.create_token(session, actor, user.email, f"signed in through the API {stamp}")
    return JSONResponse({"token": created.secret}, headers={"Cache-Control": "no-store"})


@api_router.get("/me", response_model=Me)
def me(session: SessionDep, actor: SignedInDep) -> Me:
    """Who the token or session is: email, role, scope, channel."""
    user = users.get_user(session, actor.email)
    return Me.of(user, actor.channel, users.scope_labels(session, list(actor.scope)))


@api_router.get("/tokens", response_model=list[ApiTokenOut])
def list_my_tokens(session: SessionDep, actor: SignedInDep) -> list[ApiTokenOut]:
    return [ApiTokenOut.of(t) for t in tokens.list_tokens(session, actor, actor.email)]


@api_router.post("/tokens", response_model=CreatedTokenOut, status_code=201)
def create_my_token(session: SessionDep, actor: SignedInDep, body: TokenName) -> CreatedTokenOut:
    """A new token for the caller (shown once). With the session cookie, send the page's
    CSRF token in the X-CSRF-Token header."""
    created = tokens.create_token(session, actor, actor.email, body.name)
    return CreatedTokenOut(token=created.secret, id=created.id, name=created.name)


@api_router.delete("/tokens/{token_id}", status_code=204)
def revoke_my_token(session: SessionDep, actor: SignedInDep, token_id: int) -> Response:
    tokens.revoke_token(session, actor, token_id)
    return Response(status_code=204)

"""Cookies and CSRF: the secret key, the signed session cookie, and the per-session token
every form and every cookie-authenticated JSON write must send back.

A signed-in browser's CSRF token is kept with its server-side session. An anonymous
visitor (the sign-in form) gets one in a signed cookie of its own, checked against the
form field (double submit). Requests authenticated by `Authorization: Bearer` need none:
a browser never adds that header to a cross-site request by itself.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer
from jinja2 import pass_context
from markupsafe import Markup, escape

from kembar.config import Settings
from kembar.errors import ConfigError, CsrfRejected

SESSION_COOKIE = "kembar_session"
ANON_CSRF_COOKIE = "kembar_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
KEY_FILE = "secret_key"


def secret_key(settings: Settings) -> str:
    """KEMBAR_SECRET_KEY, else a random key generated once into KEMBAR_HOME (mode 0600),
    so that every worker of one home signs alike."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.home / KEY_FILE
    try:
        if not path.exists():
            _create_key_file(path)
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read or create the secret key file {path}: {exc.strerror}") from None
    if len(key) < 32:
        raise ConfigError(f"the secret key file {path} is damaged; remove it to generate a new one")
    return key


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(48) + "\n")
    try:
        # link() fails when another worker was first: the complete file of the winner is used.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _signer(request: Request, salt: str) -> Signer:
    state = request.app.state
    cache: dict[str, Signer] | None = getattr(state, "signers", None)
    if cache is None:
        cache = state.signers = {}
    if salt not in cache:
        cache[salt] = Signer(secret_key(state.settings), salt=f"kembar.{salt}")
    return cache[salt]


def sign(request: Request, value: str, salt: str) -> str:
    return _signer(request, salt).sign(value).decode("ascii")


def unsign(request: Request, raw: str | None, salt: str) -> str | None:
    if not raw:
        return None
    try:
        return _signer(request, salt).unsign(raw).decode("ascii")
    except (BadSignature, UnicodeError):
        return None


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=_secure(request))


def session_secret(request: Request) -> str | None:
    """The session id of the request's signed session cookie, if it carries a valid one."""
    return unsign(request, request.cookies.get(SESSION_COOKIE), "session")


def _anonymous_token(request: Request) -> str:
    """The CSRF token of a visitor who is not signed in: from its cookie, or a new one
    that render() sets as a cookie on the response."""
    state = request.state
    token = getattr(state, "new_anon_csrf", None) or unsign(
        request, request.cookies.get(ANON_CSRF_COOKIE), "csrf"
    )
    if token is None:
        token = state.new_anon_csrf = secrets.token_urlsafe(32)
    return token


def csrf_token(request: Request) -> str:
    """The token forms must send back: the signed-in session's, else the visitor's."""
    signed_in: str | None = getattr(request.state, "web_csrf", None)
    return signed_in or _anonymous_token(request)


def apply_cookies(request: Request, response: Response) -> None:
    """Set the visitor's new CSRF cookie, when a page handed out a fresh token."""
    fresh = getattr(request.state, "new_anon_csrf", None)
    if fresh:
        set_cookie(request, response, ANON_CSRF_COOKIE, sign(request, fresh, "csrf"), max_age=None)


@pass_context
def csrf_field(context: Any) -> Markup:
    """Jinja global: `{{ csrf_field() }}` inside every <form method="post">."""
    token = csrf_token(context["request"])
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


async def _sent_token(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def verify_csrf(request: Request, expected: str | None) -> None:
    """Raise CsrfRejected (a PermissionDenied, 403) unless an unsafe request sends back the expected token."""
    if request.method in SAFE_METHODS:
        return
    sent = await _sent_token(request)
    if not expected or not sent or not secrets.compare_digest(sent, expected):
        raise CsrfRejected(
            "missing or wrong CSRF token: reload the page and send the form again "
            f"(JSON requests with the session cookie send it in the {CSRF_HEADER} header)"
        )

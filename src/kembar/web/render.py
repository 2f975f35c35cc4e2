"""Rendering pages: the Jinja2 environment every page module shares, the context every
page gets (language, account, CSRF token), and the small helpers of handlers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.routing import Match, Mount

from kembar import __version__, vocab
from kembar.i18n import Translator
from kembar.i18n_figures import figure_name, figure_period
from kembar.web import security
from kembar.web.deps import page_account

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["csrf_field"] = security.csrf_field
templates.env.globals["vocab"] = vocab
templates.env.globals["figure_name"] = figure_name
templates.env.globals["figure_period"] = figure_period


def _options(t: Any, vocabulary: str) -> list[tuple[str, str]]:
    """(key, label in the reader's language) of a vocabulary, for a select."""
    from kembar.i18n import VOCABULARIES

    return [(key, t.label(vocabulary, key)) for key in VOCABULARIES[vocabulary]]


templates.env.globals["options"] = _options
# Who may open the forms of the registry (the library still checks each write).
WRITER_ROLES = ("editor", "reviewer", "admin")
REVIEWER_ROLES = ("reviewer", "admin")
templates.env.globals["WRITER_ROLES"] = WRITER_ROLES
templates.env.globals["REVIEWER_ROLES"] = REVIEWER_ROLES


def translator(request: Request) -> Translator:
    return Translator(getattr(request.state, "lang", "en"))


def page_address(request: Request) -> tuple[str, dict[str, str]]:
    """The address (path, query) of the page a reader sees, for its language link. A page
    drawn in answer to a form (a refused POST) is not at an address one can GET: it is the
    page the form belongs to, the same-origin Referer when it is a page, else the nearest
    page above the form's address (/places/5/profile: /places/5), else the home page."""
    if request.method in ("GET", "HEAD") or _is_page(request, request.url.path):
        return request.url.path, dict(request.query_params)
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and _is_page(request, referer.path):
        return referer.path, dict(parse_qsl(referer.query))
    path = request.url.path.rstrip("/")
    while path:
        path = path.rpartition("/")[0]
        if path and _is_page(request, path):
            return path, {}
    return "/", {}


def _is_page(request: Request, path: str) -> bool:
    """Whether a GET of `path` reaches a route of the app (not a static file)."""
    scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
    routes = getattr(request.app, "routes", [])
    return any(not isinstance(r, Mount) and r.matches(scope)[0] is Match.FULL for r in routes)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    lang = getattr(request.state, "lang", "en")
    other = "en" if lang == "id" else "id"
    path, query = page_address(request)
    query.pop("lang", None)
    switch = path + "?" + "&".join(f"{k}={quote(v)}" for k, v in {**query, "lang": other}.items())
    account = page_account(request)
    base = {
        "t": Translator(lang),
        "lang": lang,
        "switch_url": switch,
        "version": __version__,
        "account": account,
        "csrf_token": security.csrf_token(request) if account else None,
    }
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
    security.apply_cookies(request, response)
    return response


def see_other(url: str) -> Response:
    """A success answers with a redirect to the page showing the result (POST, then GET)."""
    return RedirectResponse(url, status_code=303)


def local_path(target: str | None, default: str = "/") -> str:
    """A path of this site only, never another host (for `next` fields)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default

"""Rendering pages: the Jinja2 environment every page module shares, the context every
page gets (language, account, CSRF token), and the small helpers of handlers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from kembar import __version__, vocab
from kembar.i18n import Translator
from kembar.web import security
from kembar.web.deps import page_account

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["csrf_field"] = security.csrf_field
templates.env.globals["vocab"] = vocab


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


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    lang = getattr(request.state, "lang", "en")
    query = dict(request.query_params)
    query.pop("lang", None)
    other = "en" if lang == "id" else "id"
    switch = request.url.path + "?" + "&".join(f"{k}={quote(v)}" for k, v in {**query, "lang": other}.items())
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

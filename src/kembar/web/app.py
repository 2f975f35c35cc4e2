"""The FastAPI application: JSON API under /api/v1, HTML pages, static files.

`create_app()` opens the database named by the settings (KEMBAR_HOME,
KEMBAR_DATABASE_URL) once; every request gets its own session.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from threading import Thread
from typing import Any
from urllib.parse import quote

import xstatic.pkg.leaflet as xleaflet
from annotated_types import Ge
from fastapi import FastAPI, Request, Response
from fastapi.dependencies.utils import get_flat_params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kembar import __version__, i18n
from kembar.config import Settings
from kembar.db import Database
from kembar.errors import KembarError, NotAuthenticated, TooManyAttempts
from kembar.recommend.trainer import Keeper
from kembar.web.api_common import one_error_shape

log = logging.getLogger("kembar.web")

HERE = Path(__file__).parent

# Nothing is fetched from outside the app; inline scripts are not allowed either.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# Nothing of the browser's hardware or sensors is used. Only features Chromium knows:
# it reports any other as an error in the console ('bluetooth' was one).
PERMISSIONS = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)
# What uvicorn runs with: no `server` header naming the software.
SERVER_OPTIONS = {"log_level": "warning", "server_header": False, "proxy_headers": True}


class HeadersAndLanguage:
    """Pure ASGI middleware: picks the interface language (?lang=, cookie, browser),
    remembers an explicit choice in a cookie, adds the security headers and a
    Server-Timing header (time until the response starts, for benchmarks)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("lang")
        scope.setdefault("state", {})["lang"] = i18n.pick(
            request.headers.get("accept-language"), request.cookies.get("lang"), asked
        )
        remember = asked if asked in i18n.LANGUAGES else None
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A response with a policy of its own (a downloaded document: sandbox) keeps it.
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["Permissions-Policy"] = PERMISSIONS
                if scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
                if remember:
                    headers.append(
                        "Set-Cookie", f"lang={remember}; Max-Age={365 * 24 * 3600}; Path=/; SameSite=Lax"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/health"


def _problems(exc: RequestValidationError) -> list[dict[str, str]]:
    """Each refused parameter of the API and its reason: a validator's own message is
    the reason; Pydantic's "Value error, " before it is not."""
    return [
        {
            "field": ".".join(str(p) for p in e["loc"] if p not in ("query", "path")),
            "reason": str(e["msg"]).removeprefix("Value error, "),
        }
        for e in exc.errors()
    ]


def said_of(problems: list[dict[str, str]]) -> str:
    """The refused inputs in the one line of the API's error shape: "limit: ...; q: ..."."""
    return "; ".join(f"{p['field']}: {p['reason']}" if p["field"] else p["reason"] for p in problems)


def param_label(t: i18n.Translator, name: str) -> str:
    """A query parameter as its page labels it (a facet, the page number), else its name."""
    for key in (f"facet.{name}", f"param.{name}"):
        if t.has(key):
            return t(key)
    return name


def _lower_bound(request: Request, name: str) -> int | None:
    """The least value the page's route accepts for the query parameter `name` (Query(ge=)),
    its own or of a dependency's (the facets), when it declares one."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return None
    for param in get_flat_params(dependant):
        if param.alias == name:
            bounds = [m.ge for m in param.field_info.metadata if isinstance(m, Ge)]
            return int(bounds[0]) if bounds and isinstance(bounds[0], int) else None
    return None


def _options(kind: str, ctx: dict[str, Any]) -> list[str]:
    """The values a parameter may take, when its check lists them: a Literal or an Enum, or
    a pattern of alternatives such as ^(pending|accepted|rejected|all)$."""
    if kind in ("literal_error", "enum"):
        return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    listed = re.fullmatch(r"\^\(([\w|-]+)\)\$", str(ctx.get("pattern", "")))
    return listed.group(1).split("|") if kind == "string_pattern_mismatch" and listed else []


def _query_reason(error: Any, t: i18n.Translator, least: int | None) -> str:
    """Why a query parameter was refused, in plain words of the reader's language ("must be
    a whole number of 1 or more"), not the validator's ("Input should be a valid integer")."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind.startswith("int_") or (kind == "greater_than_equal" and isinstance(ctx.get("ge"), int)):
        return t("query.whole_at_least", n=least) if least is not None else t("query.whole_number")
    if kind in ("greater_than_equal", "less_than_equal"):
        return t("query.at_least" if "ge" in ctx else "query.at_most", n=ctx.get("ge", ctx.get("le")))
    if kind == "string_too_long":
        return t("query.too_long", n=ctx.get("max_length"))
    options = _options(kind, ctx)
    if options:
        return t("query.one_of", values=", ".join(options))
    if kind == "value_error" and t.lang == "en":  # a validator of Kembar, which says what is valid
        return str(error["msg"]).removeprefix("Value error, ")
    return t("form.invalid")


def _said_of_query(request: Request, exc: RequestValidationError, t: i18n.Translator) -> str:
    """A page's refused query parameters, named by their labels and refused in plain words
    of the reader's language."""
    said = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"] if p not in ("query", "path"))
        said.append(f"{param_label(t, name)}: {_query_reason(error, t, _lower_bound(request, name))}")
    return "; ".join(said)


def error_heading(t: i18n.Translator, status: int) -> str:
    """The error page's heading: the status's own name, else "Not found" or "Bad request"."""
    key = f"error.{status}"
    if not t.has(key):
        key = "error.title" if status == 404 else "error.bad"
    return f"{t(key)} ({status})"


def _error_page(request: Request, status: int, message: str, key: str | None = None) -> Response:
    """The error page: `message`, or the interface's message `key` in the reader's language."""
    from kembar.web.pages import render

    t = i18n.Translator(request.state.lang)
    context = {"status": status, "heading": error_heading(t, status), "message": message, "message_key": key}
    return render(request, "error.html", context, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    db = Database(settings)
    keeper = Keeper(settings, db, settings.retrain_check)
    app = FastAPI(
        lifespan=_lifespan(db, keeper),
        title="Kembar API",
        version=__version__,
        description="The open atlas and registry of international city-to-city cooperation.",
        docs_url=None,  # kembar.web.docs serves Swagger UI from a package, under the CSP
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.db = db
    app.state.settings = settings
    app.state.keeper = keeper

    app.add_middleware(HeadersAndLanguage)
    _handle_errors(app)

    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = one_error_shape(default_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        # Asked for by browsers whatever the page links (and for pages that link none).
        headers = {"Cache-Control": "public, max-age=604800"}
        return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon", headers=headers)

    _include_routers(app)
    return app


def _lifespan(db: Database, keeper: Keeper) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up and shut-down of one worker: the caches warmed, the recommender's keeper run."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Build the map payload and the network figures in the background, so that the
        # first visitor does not wait for them; the recommender is kept by its keeper,
        # which never trains on a request (see recommend/trainer.py).
        def warm() -> None:
            from kembar.network import map_payload, network

            try:
                with db.session() as session:
                    map_payload(session)
                    network(session)
            except Exception:  # the request that needs it will fail the same way, with a 500
                log.exception("warming the caches failed")

        Thread(target=warm, name="kembar-warm", daemon=True).start()
        keeper.start()
        yield
        keeper.stop()
        db.dispose()

    return lifespan


def _handle_errors(app: FastAPI) -> None:
    """Every error in one shape: JSON for the API, a page in the reader's language otherwise."""

    @app.exception_handler(KembarError)
    async def domain_error(request: Request, exc: KembarError) -> Response:
        status = exc.http_status
        headers = {}
        if isinstance(exc, TooManyAttempts):
            headers["Retry-After"] = str(exc.retry_after)
        headers.update(getattr(exc, "headers", None) or {})  # e.g. the current ETag of a conflict
        if _wants_json(request):
            if isinstance(exc, NotAuthenticated):
                headers["WWW-Authenticate"] = "Bearer"
            return JSONResponse(exc.payload(), status_code=status, headers=headers)
        if isinstance(exc, NotAuthenticated) and request.method == "GET":
            # A page that needs an account: sign in, then come back.
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        page = _error_page(request, status, i18n.Translator(request.state.lang).error(exc))
        page.headers.update(headers)
        return page

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        # The router's own "Not Found": no page at this address, said in the reader's language.
        key = "error.no_page" if exc.status_code == 404 and exc.detail == "Not Found" else None
        return _error_page(request, exc.status_code, str(exc.detail), key)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            problems = _problems(exc)
            return JSONResponse({"detail": said_of(problems), "fields": problems}, status_code=422)
        if any(e["loc"][:1] == ("path",) for e in exc.errors()):
            # An address such as /places/abc names no page: there is none there.
            return _error_page(request, 404, "Not Found", "error.no_page")
        return _error_page(request, 422, _said_of_query(request, exc, i18n.Translator(request.state.lang)))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # Logged with its traceback by the server; the person gets one line.
        if _wants_json(request):
            return JSONResponse({"detail": "internal error of Kembar; nothing was changed"}, status_code=500)
        return _error_page(request, 500, "internal error of Kembar; nothing was changed", "error.internal")


def _include_routers(app: FastAPI) -> None:
    from kembar.web import api_articles, api_documents, api_history, api_partnerships, api_records, api_review
    from kembar.web.account import api_router as auth_api_router
    from kembar.web.account import router as account_router
    from kembar.web.api import router as api_router
    from kembar.web.api_lifecycle import router as api_lifecycle_router
    from kembar.web.api_reports import router as api_reports_router
    from kembar.web.docs import router as docs_router
    from kembar.web.pages import router as pages_router
    from kembar.web.pages_articles import router as pages_articles_router
    from kembar.web.pages_reports import router as pages_reports_router

    app.include_router(api_lifecycle_router)
    app.include_router(api_reports_router)  # before api_router, which has /exports/{fmt}
    app.include_router(api_router)
    for module in (api_partnerships, api_records, api_documents, api_history, api_review, api_articles):
        app.include_router(module.router)
    app.include_router(api_documents.files_router)
    app.include_router(auth_api_router)
    app.include_router(docs_router)
    app.include_router(pages_router)
    app.include_router(account_router)
    app.include_router(pages_reports_router)
    app.include_router(pages_articles_router)
    app.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

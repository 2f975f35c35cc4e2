"""The API documentation at /api/docs: Swagger UI 5 served from the assets that the
fastapi-offline package ships (nothing from another host, no inline script), so it
renders under the app's CSP. (swagger-ui-bundle ships Swagger UI 4, which cannot read
the OpenAPI 3.1 document FastAPI writes.)"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse

from kembar.web import security
from kembar.web.deps import page_account

router = APIRouter(include_in_schema=False)
ASSETS = Path(str(files("fastapi_offline") / "static"))
# Only the two files the page needs; nothing else of the package is served.
ASSET_NAMES = ("swagger-ui.css", "swagger-ui-bundle.js")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kembar API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/static/apidocs.css">
{csrf}</head>
<body>
<p class="back"><a href="/">Kembar</a></p>
<div id="swagger-ui" data-url="/api/v1/openapi.json"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/apidocs.js"></script>
</body>
</html>
"""


@router.get("/api/docs")
def docs(request: Request) -> Response:
    # A signed-in browser may try cookie-authenticated writes: apidocs.js sends the token.
    account = page_account(request)
    csrf = f'<meta name="csrf-token" content="{security.csrf_token(request)}">\n' if account else ""
    return Response(PAGE.format(csrf=csrf), media_type="text/html")


@router.get("/api/docs/assets/{name}")
def asset(name: str) -> Response:
    if name not in ASSET_NAMES:
        raise HTTPException(404, f"no documentation asset {name[:80]!r}")
    return FileResponse(ASSETS / name, headers={"Cache-Control": "public, max-age=86400"})

"""What the write API's handlers share: the one error shape, documented per status; ETags
and If-Match (no lost updates); JSON answers with their headers; a cap on request bodies
that holds before anything is read into memory.

An ETag names one row at one version: `"partnership-12-v3"`, `"instrument-5-v1"`,
`"activity-7-v2"`, `"contact-3-v1"`, `"place-412-v4"`. A PATCH sends it back in
`If-Match`; none is a 428, one of another row (or not an ETag) a 412, one of an older
version a 409 with the row's current values and the current ETag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Header, Path, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive

from kembar.errors import KembarError, PreconditionFailed, PreconditionRequired, VersionConflict

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Reason = Annotated[
    str,
    Query(min_length=3, max_length=2000, description="Why it is removed (kept in the history)."),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ETag of the version you read, e.g. "partnership-12-v3" (from the GET or the '
        "answer of the last write).",
    ),
]
# A JSON body of the write API is a few kilobytes; an upload is a file of at most 20 MB
# with its form fields around it.
JSON_LIMIT = 1024 * 1024
FORM_OVERHEAD = 64 * 1024


class FieldProblem(BaseModel):
    field: str = Field(description='The input refused, e.g. "body.valid_until", "limit"')
    reason: str


class ErrorOut(BaseModel):
    """Every error of the API: one line naming the problem; invalid input (422) also lists
    each input refused and why, for a program to point at it."""

    detail: str = Field(description='One line, e.g. "limit: must be 1 or more" or "no place with id 7"')
    fields: list[FieldProblem] | None = Field(
        default=None, description="Each input refused and why (invalid input only)"
    )


class ConflictOut(BaseModel):
    """A write made on an older version: the row's current values (with its version)."""

    detail: str
    current: dict[str, Any] | None = None


DESCRIPTIONS = {
    400: "Malformed request (e.g. a form that is not multipart)",
    401: "No valid token or session: send `Authorization: Bearer TOKEN`",
    403: "The account's role or scope does not allow it (or the CSRF token of a cookie session is missing)",
    404: "No row with that id",
    409: "Changed by someone else since you read it (the current values are in `current` and the "
    "current ETag in the `ETag` header), or already decided",
    412: "If-Match is not an ETag of this row",
    413: "The body or the file is too large",
    415: "Neither JSON nor a multipart form",
    422: "Invalid input: `detail` names each input refused and why, in one line; `fields` lists them",
    428: "If-Match is missing: send the ETag of the version you read",
    429: "Too many failed sign-ins: wait for the seconds in `Retry-After`",
    500: "An error of Kembar itself (logged on the server); nothing was changed",
    503: "The database is busy; try again",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation: each 4xx it may answer, in the one error shape."""
    return {
        code: {"model": ConflictOut if code == 409 else ErrorOut, "description": DESCRIPTIONS[code]}
        for code in codes
    }


def etag(kind: str, row_id: int, version: int | None) -> str:
    return f'"{kind}-{row_id}-v{version or 0}"'


_TAG = re.compile(r'^(?:W/)?"?([a-z]+)-(\d+)-v(\d+)"?$')


def expected_version(if_match: str | None, kind: str, row_id: int, required: bool = True) -> int | None:
    """The version named by If-Match for this row; PreconditionRequired when it is needed
    and missing, PreconditionFailed when it names no version of this row."""
    if if_match is None or not if_match.strip():
        if not required:
            return None
        raise PreconditionRequired(
            f"If-Match: send the ETag of the {kind} you read (GET it: the ETag header, "
            f'e.g. If-Match: "{kind}-{row_id}-v1")'
        )
    for tag in if_match.split(","):
        found = _TAG.match(tag.strip())
        if found and found.group(1) == kind and int(found.group(2)) == row_id:
            return int(found.group(3))
    raise PreconditionFailed(
        f"If-Match: {if_match.strip()[:100]!r} is not an ETag of {kind} {row_id} "
        f'(they look like "{kind}-{row_id}-v1"; GET it for the current one)'
    )


class StaleVersion(VersionConflict):
    """VersionConflict answered with the ETag of the current version."""

    def __init__(self, conflict: VersionConflict, tag: str) -> None:
        KembarError.__init__(self, conflict.message)
        self.expected = conflict.expected
        self.current = conflict.current
        self.headers = {"ETag": tag}


@contextmanager
def conflicts(kind: str, row_id: int) -> Iterator[None]:
    """Turn a VersionConflict of the row into StaleVersion (its ETag in a header)."""
    try:
        yield
    except VersionConflict as exc:
        raise StaleVersion(exc, etag(kind, row_id, exc.current.get("version"))) from None


def respond(
    model: BaseModel | Sequence[BaseModel],
    status: int = 200,
    tag: str | None = None,
    location: str | None = None,
) -> Response:
    """The model as JSON, serialised once, with its ETag and Location when given."""
    headers = {}
    if tag:
        headers["ETag"] = tag
    if location:
        headers["Location"] = location
    if not isinstance(model, BaseModel):
        body = "[" + ",".join(m.model_dump_json() for m in model) + "]"
    else:
        body = model.model_dump_json()
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _too_large(what: str, limit: int, size: int | None = None) -> HTTPException:
    # HTTPException, not a KembarError: FastAPI turns any other error met while reading
    # the body into a 400.
    mb = 1024 * 1024
    if size is None:
        return HTTPException(413, f"{what}: the request is over {limit // mb} MB, the most taken")
    return HTTPException(413, f"{what}: the request is {size / mb:.1f} MB; at most {limit // mb} MB is taken")


def _capped(request: Request, limit: int, what: str) -> Receive:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(what, limit, int(declared))
    seen = 0

    async def receive() -> Message:
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _too_large(what, limit)
        return message

    return receive


def capped_route(limit: int, what: str) -> type[APIRoute]:
    """A route class whose requests are refused (413) as soon as the declared length or
    the bytes received pass `limit`, before the body is parsed or spooled anywhere."""

    class CappedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def capped(request: Request) -> Response:
                if request.method in ("GET", "HEAD", "OPTIONS"):
                    return await handler(request)
                return await handler(Request(request.scope, _capped(request, limit, what)))

            return capped

    return CappedRoute


_ERROR_REF = "#/components/schemas/ErrorOut"


def one_error_shape(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every error of every /api/v1 operation in the one shape:
    each documents 500, 422 when it takes parameters or a body, 404 when it names a row
    by its path, besides what it declares; FastAPI's own 422 schema (`loc`, `msg`) is
    replaced, since the app answers invalid input with ErrorOut (`detail` and `fields`)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in (("ErrorOut", ErrorOut), ("FieldProblem", FieldProblem)):
        if name not in components:
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            found.pop("$defs", None)
            components[name] = found
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/v1"):
            continue
        for operation in operations.values():
            params = operation.get("parameters", [])
            codes = {500}
            if params or "requestBody" in operation:
                codes.add(422)
            if any(p.get("in") == "path" for p in params):
                codes.add(404)
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
            for code, response in responses.items():
                if not code.isdigit() or int(code) < 400:
                    continue
                content = response.setdefault("content", {}).setdefault("application/json", {})
                ref = content.get("schema", {}).get("$ref", "")
                if not ref.endswith(("/ErrorOut", "/ConflictOut")):
                    content["schema"] = {"$ref": _ERROR_REF}
                if response.get("description") in ("Validation Error", "Successful Response", None):
                    response["description"] = DESCRIPTIONS.get(int(code), "Error")
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema

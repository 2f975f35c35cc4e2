"""One error shape for the whole API: documented in OpenAPI for every /api/v1 operation
(404 and 422 included) and answered so, whatever the route."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.backends

SHAPES = ("#/components/schemas/ErrorOut", "#/components/schemas/ConflictOut")


def test_every_api_error_is_documented_in_the_one_shape(web: Any) -> None:
    schema = web.get("/api/v1/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    operations = 0
    for path, ops in schema["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, op in ops.items():
            operations += 1
            where = f"{method.upper()} {path}"
            responses = op["responses"]
            errors = {code: r for code, r in responses.items() if code.isdigit() and int(code) >= 400}
            assert "500" in errors, where
            if any(p["in"] == "path" for p in op.get("parameters", [])):
                assert "404" in errors, where
            if op.get("parameters") or "requestBody" in op:
                assert "422" in errors, where
            for code, response in errors.items():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref in SHAPES, f"{where} {code}: {ref}"
                assert response["description"] not in ("", "Validation Error"), f"{where} {code}"
    assert operations > 40


def _is_error(answer: Any, status: int) -> Any:
    """The one line of an error (and, for invalid input, the inputs refused)."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) <= {"detail", "current", "fields"} and body["detail"]
    assert isinstance(body["detail"], str) and "\n" not in body["detail"]
    return body["fields"] if "fields" in body else body["detail"]


def test_read_and_lifecycle_routes_answer_in_the_one_shape(web: Any, world: dict[str, int]) -> None:
    assert "no place with id 999999" in _is_error(web.get("/api/v1/places/999999"), 404)
    assert "999999" in _is_error(web.get("/api/v1/partnerships/999999"), 404)
    assert _is_error(web.get("/api/v1/places/999999/region"), 404)
    assert _is_error(web.get("/api/v1/places/999999/recommendations"), 404)
    assert _is_error(web.get("/api/v1/no/such/route"), 404) == "Not Found"
    for path, field in (
        ("/api/v1/places/abc", "place_id"),
        ("/api/v1/places?limit=0", "limit"),
        ("/api/v1/countries/IDN", "cc"),
        ("/api/v1/places/1/region?limit=9999", "limit"),
        ("/api/v1/partnerships?limit=-1", "limit"),
    ):
        problems = _is_error(web.get(path), 422)
        assert [p["field"] for p in problems] == [field], path
        assert all(p["reason"] for p in problems)
    # a value outside the vocabulary (the library's check) is refused in the same shape
    vocab = _is_error(web.get("/api/v1/partnerships", params={"kind": "twinning"}), 422)
    assert [p["field"] for p in vocab] == ["kind"] and "sister_city" in vocab[0]["reason"]
    one_line = web.get("/api/v1/partnerships?limit=0&offset=-1").json()
    assert one_line["detail"].startswith("limit: ") and "; offset: " in one_line["detail"]
    assert _is_error(web.get("/api/v1/dashboard"), 401)
    assert _is_error(web.delete("/api/v1/places/1"), 405) == "Method Not Allowed"


def test_an_internal_error_is_one_line_of_json(
    settings: Any, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from kembar.web import api
    from kembar.web.app import create_app

    def broken(_session: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api, "compute_stats", broken)
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    detail = _is_error(client.get("/api/v1/stats"), 500)
    assert "internal error" in detail and "secret" not in detail
    page = client.get("/", params={"lang": "en"})  # the home page shows the figures too
    assert "secret internals" not in page.text and "Traceback" not in page.text

"""The application's edge: security headers, and what the server says of itself."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient

from kembar.config import Settings
from kembar.web.app import SERVER_OPTIONS, create_app


def test_security_headers_over_http_and_https(settings: Settings) -> None:
    with TestClient(create_app(settings)) as plain:
        answer = plain.get("/health")
        assert "camera=()" in answer.headers["permissions-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in answer.headers
    with TestClient(create_app(settings), base_url="https://testserver") as secure:
        assert secure.get("/health").headers["strict-transport-security"].startswith("max-age=")


def test_the_server_does_not_name_its_software(settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, **SERVER_OPTIONS)
    )  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/health")
        assert answer.status_code == 200 and "server" not in answer.headers
    finally:
        server.should_exit = True
        thread.join(timeout=10)

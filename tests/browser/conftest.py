"""A live `kembar` web server on the session's small atlas, and headless Debian Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
import uvicorn

from kembar.config import Settings
from kembar.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """A live server of the app on a free port, for as long as the block runs."""
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve() -> Callable[[Settings], AbstractContextManager[str]]:
    """`with serve(settings) as url:` a server of another home (a test's own registry)."""
    return serving


@pytest.fixture(scope="session")
def server(trained_small_atlas_home: Path) -> Iterator[str]:
    # The recommender is built (its ranker trained or taken from the run's cache) before
    # the server starts, however long a busy machine takes: the pages then wait only for
    # a recommendation, not for training.
    home = trained_small_atlas_home
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
    with serving(settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            "Browser tests need Debian's Chromium at /usr/bin/chromium: run `make test` as root "
            "(it installs the package) or `sudo apt-get install chromium`, then run the tests again."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


class Watched:
    """A page whose console errors and requests to other hosts are recorded."""

    def __init__(self, page: object, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]

        def request(r: object) -> None:
            url = urlparse(r.url)  # type: ignore[attr-defined]
            if url.scheme in ("http", "https", "ws", "wss") and url.netloc != host:
                self.outside.append(r.url)  # type: ignore[attr-defined]

        page.on("request", request)  # type: ignore[attr-defined]


@contextmanager
def watching(browser: object, base: str, shot: str, width: int = 1280) -> Iterator[Watched]:
    """A page in a context of its own (its own cookies), `width` pixels wide (390: a
    phone); a full-page screenshot goes to tests/artifacts/<shot>.png at the end, and no
    console error nor request to another host may have happened."""
    viewport = {"width": width, "height": 900}
    context = browser.new_context(viewport=viewport, locale="en-GB")  # type: ignore[attr-defined]
    watched = Watched(context.new_page(), base)
    try:
        yield watched
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        watched.page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)  # type: ignore[attr-defined]
        context.close()
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.outside == [], f"requests to other hosts: {watched.outside}"


@pytest.fixture
def page(browser: object, server: str, request: pytest.FixtureRequest) -> Iterator[Watched]:
    with watching(browser, server, request.node.name) as watched:
        yield watched


@pytest.fixture
def open_page(browser: object, request: pytest.FixtureRequest) -> Iterator[Callable[..., Watched]]:
    """Pages of any server, each with its own cookies (one person each): open_page(base,
    who) gives a watched page whose screenshot is tests/artifacts/<test>-<who>.png;
    open_page(base, who, width=390) one as wide as a phone."""
    with ExitStack() as stack:

        def open_(base: str, who: str, width: int = 1280) -> Watched:
            return stack.enter_context(watching(browser, base, f"{request.node.name}-{who}", width))

        yield open_

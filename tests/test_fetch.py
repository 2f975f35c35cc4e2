"""The URL fetcher against a local HTTP server the tests script byte for byte: deadlines,
short bodies, redirects, malformed answers, URL shapes and internal addresses; every
failure is one FetchError line, and through the CLI one line on stderr, exit 2, nothing
stored."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kembar.cli import app
from kembar.errors import FetchError
from kembar.ingest import fetch
from kembar.ingest.fetch import fetch_url

ARTICLE = (
    b"Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    b"Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    b"Jerman, Senin (3/7/2023). Kerja sama tersebut meliputi bidang pendidikan dan transportasi."
)

Route = Callable[[socket.socket], None]


def _answer(status: str, headers: list[str], body: bytes = b"") -> bytes:
    return (f"HTTP/1.1 {status}\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n").encode() + body


class Server:
    """A server on 127.0.0.1 that answers each path with what a test scripted, and keeps
    what it was asked (so a test can tell that nothing was sent)."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.tls = tls
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.sent: dict[str, int] = {}
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            request = head.decode("latin-1")
            self.requests.append(request)
            path = request.split(" ")[1]
            route = self.routes.get(path)
            if route is None:
                conn.sendall(_answer("404 Not Found", ["Content-Length: 0"]))
            else:
                route(conn)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def send(self, path: str, raw: bytes) -> None:
        self.routes[path] = lambda conn: conn.sendall(raw)

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    s.send("/ok", _answer("200 OK", [f"Content-Length: {len(ARTICLE)}", "Content-Type: text/plain"], ARTICLE))

    def trickle(conn: socket.socket) -> None:
        conn.sendall(_answer("200 OK", ["Content-Length: 40"]))
        s.sent["/trickle"] = 0
        for _ in range(40):  # ten seconds in all, far past the test's deadline
            if s.stop.is_set():
                return
            conn.sendall(b"x")
            s.sent["/trickle"] += 1
            time.sleep(0.25)

    s.routes["/trickle"] = trickle
    s.send("/short", _answer("200 OK", ["Content-Length: 1000"], ARTICLE[:40]))
    s.send("/ftp", _answer("302 Found", ["Location: ftp://127.0.0.1/article.txt", "Content-Length: 0"]))
    s.send("/private", _answer("301 Moved", ["Location: http://10.0.0.7/ok", "Content-Length: 0"]))
    s.send("/metadata", _answer("302 Found", ["Location: http://169.254.169.254/latest/meta-data/"]))
    s.send("/relative", _answer("302 Found", ["Location: /ok", "Content-Length: 0"]))
    s.send("/utf8", _answer("302 Found", ["Location: /berita/café?kota=bérat", "Content-Length: 0"]))
    s.send(
        "/berita/caf%C3%A9?kota=b%C3%A9rat", _answer("200 OK", [f"Content-Length: {len(ARTICLE)}"], ARTICLE)
    )
    for n in range(1, 8):
        s.send(f"/hops/{n}", _answer("307 Temporary Redirect", [f"Location: /hops/{n - 1}"]))
    s.send("/hops/0", _answer("200 OK", [f"Content-Length: {len(ARTICLE)}"], ARTICLE))
    s.send("/bad-status", b"HELLO THERE\r\n\r\n" + ARTICLE)
    s.send("/huge-header", _answer("200 OK", ["X-Padding: " + "a" * 200_000, "Content-Length: 2"], b"ok"))
    s.send("/many-headers", _answer("200 OK", [f"X-H{i}: {i}" for i in range(150)] + ["Content-Length: 2"]))
    s.send("/chunked-cut", _answer("200 OK", ["Transfer-Encoding: chunked"], b"400\r\n" + ARTICLE[:60]))
    s.send(
        "/chunked",
        _answer("200 OK", ["Transfer-Encoding: chunked"], b"%x\r\n%s\r\n0\r\n\r\n" % (len(ARTICLE), ARTICLE)),
    )
    s.send("/large-declared", _answer("200 OK", ["Content-Length: 6000000"], b"x" * 1000))
    s.send("/not-found", _answer("404 Not Found", ["Content-Length: 0"]))
    s.send("/gzip", _answer("200 OK", ["Content-Encoding: gzip", "Content-Length: 3"], b"\x1f\x8b\x08"))

    def large(conn: socket.socket) -> None:
        conn.sendall(_answer("200 OK", []))  # no length: the body runs until the connection closes
        for _ in range(7):
            conn.sendall(b"a" * 1024 * 1024)

    s.routes["/large"] = large
    yield s
    s.close()


def _refusal(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchError) as caught:
        fetch_url(url, **kwargs)  # type: ignore[arg-type]
    message = caught.value.message
    assert "\n" not in message and "\r" not in message
    return message


def test_a_page_is_fetched_and_a_relative_redirect_followed(server: Server) -> None:
    assert fetch_url(server.url("/ok"), allow_loopback=True) == ARTICLE
    assert fetch_url(server.url("/relative"), allow_loopback=True) == ARTICLE
    assert fetch_url(server.url("/chunked"), allow_loopback=True) == ARTICLE
    assert fetch_url(server.url("/utf8"), allow_loopback=True) == ARTICLE  # percent-encoded as UTF-8
    assert f"Host: 127.0.0.1:{server.port}" in server.requests[0]


def test_a_trickling_server_is_cut_at_the_deadline(server: Server) -> None:
    message = _refusal(server.url("/trickle"), deadline=1.0, allow_loopback=True)
    assert message.startswith(f"cannot fetch {server.url('/trickle')}: no complete answer within 1 s")
    assert server.sent["/trickle"] < 40  # cut off while the server was still sending


def test_a_body_shorter_than_its_content_length_is_refused(server: Server) -> None:
    assert "ended after 40 of the 1,000 bytes" in _refusal(server.url("/short"), allow_loopback=True)
    assert "announced end" in _refusal(server.url("/chunked-cut"), allow_loopback=True)


def test_redirects_are_checked_again_on_every_hop(server: Server) -> None:
    other = Server()  # a second service on the same host: reachable, but not by a redirect
    other.send("/ok", _answer("200 OK", [f"Content-Length: {len(ARTICLE)}"], ARTICLE))
    server.send("/other-port", _answer("302 Found", [f"Location: http://127.0.0.1:{other.port}/ok"]))
    try:
        assert fetch_url(other.url("/ok"), allow_loopback=True) == ARTICLE  # given directly, it is fetched
        other.requests.clear()
        assert f"changes the port to {other.port}" in _refusal(server.url("/other-port"), allow_loopback=True)
        assert other.requests == []
    finally:
        other.close()
    assert "only http and https" in _refusal(server.url("/ftp"), allow_loopback=True)
    assert "10.0.0.7 is a private address" in _refusal(server.url("/private"), allow_loopback=True)
    assert "169.254.169.254 is a link-local address" in _refusal(server.url("/metadata"), allow_loopback=True)


def test_at_most_five_redirects(server: Server) -> None:
    assert fetch_url(server.url("/hops/5"), allow_loopback=True) == ARTICLE
    assert "more than 5 redirects" in _refusal(server.url("/hops/6"), allow_loopback=True)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/bad-status", "does not start with an HTTP status line"),
        ("/huge-header", "headers are larger than 64 KB"),
        ("/many-headers", "more than 100 headers"),
        ("/large-declared", "larger than 5 MB (Content-Length 6,000,000)"),
        ("/large", "larger than 5 MB"),
        ("/not-found", "answered HTTP 404 Not Found"),
        ("/gzip", "Content-Encoding gzip"),
    ],
)
def test_malformed_or_oversized_answers_are_refused(server: Server, path: str, reason: str) -> None:
    assert reason in _refusal(server.url(path), allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://reader:secret@news.example/a", "credentials"),
        ("http://reader@news.example/a", "credentials"),
        ("http://news.example/a\r\nX-Injected: 1", "line break"),
        ("http://news.example/berita kota", "space"),
        ("http://news.example/\x00a", "control character"),
        ("http://news.example:99999/", "port 99999 is out of range"),
        ("http://news.example:0/", "port 0 is out of range"),
        ("http://news.example:8o/", "port '8o' is not a number"),
        ("http://[2001:db8::zz]/", "malformed IPv6"),
        ("http://[::1/", "malformed IPv6"),
        ("http://2001:db8::1/", "must be written in brackets"),
        ("http://[fe80::1%25eth0]/", "zone"),
        ("ftp://news.example/a.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http:///a", "names no host"),
        ("http://new$.example/", "not a valid host name"),
    ],
)
def test_malformed_urls_are_refused_before_any_lookup(
    url: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("a malformed URL was looked up")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", no_lookup)
    message = _refusal(url)
    assert reason in message
    assert "secret" not in message  # a password is never printed


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.1", "loopback"),  # 127.0.0.1 in the short form resolvers accept
        ("2130706433", "loopback"),  # and as one number
        ("localhost", "loopback"),
        ("[::1]", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("[fd00::1]", "private"),
        ("169.254.169.254", "link-local"),
        ("[fe80::1]", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_internal_addresses_are_refused(host: str, kind: str) -> None:
    message = _refusal(f"http://{host}/")
    assert f"a {kind} address" in message or f"an {kind} address" in message


def test_the_loopback_setting_opens_loopback_only(server: Server) -> None:
    assert fetch_url(server.url("/ok", host="localhost"), allow_loopback=True) == ARTICLE
    assert "private" in _refusal(f"http://192.168.0.1:{server.port}/", allow_loopback=True)
    assert "link-local" in _refusal("http://169.254.169.254/", allow_loopback=True)


def test_the_connection_goes_to_the_address_that_was_checked(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One lookup per hop: a resolver that answers differently the second time (DNS
    rebinding) is never asked twice."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolver(host: str, port: int, *args: object, **kwargs: object) -> object:
        asked.append(host)
        return real("127.0.0.1", port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolver)
    assert fetch_url(server.url("/ok", host="news.example"), allow_loopback=True) == ARTICLE
    assert asked == ["news.example"]
    assert f"Host: news.example:{server.port}" in server.requests[-1]


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_verifies_the_certificate_against_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    s = Server(tls=context)
    s.send("/ok", _answer("200 OK", [f"Content-Length: {len(ARTICLE)}"], ARTICLE))
    try:
        assert "certificate is not valid" in _refusal(s.url("/ok", host="localhost"), allow_loopback=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it: now only the name matters
        assert fetch_url(s.url("/ok", host="localhost"), allow_loopback=True) == ARTICLE
        message = _refusal(s.url("/ok", host="127.0.0.1"), allow_loopback=True)
        assert "certificate is not valid for 127.0.0.1" in message
    finally:
        s.close()


# Through the CLI: one line on stderr, exit 2, the database as it was.


def _dump(home: Path) -> list[str]:
    with sqlite3.connect(home / "kembar.sqlite3") as conn:
        return list(conn.iterdump())


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Server) -> Path:
    """A KEMBAR_HOME whose database holds one article already, fetched from the server."""
    home = tmp_path / "home"
    monkeypatch.setenv("KEMBAR_HOME", str(home))
    monkeypatch.delenv("KEMBAR_DATABASE_URL", raising=False)
    monkeypatch.setenv("KEMBAR_FETCH_ALLOW_LOOPBACK", "1")
    monkeypatch.setenv("KEMBAR_FETCH_TIMEOUT", "1")
    stored = CliRunner().invoke(app, ["ingest", server.url("/ok")])
    assert stored.exit_code == 0 and "proposals filed" in stored.stdout, stored.output
    return home


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/trickle", "no complete answer within 1 s"),
        ("/short", "the body ended after 40 of the 1,000 bytes"),
        ("/ftp", "only http and https"),
        ("/private", "private address"),
        ("/hops/7", "more than 5 redirects"),
        ("/bad-status", "HTTP status line"),
        ("/huge-header", "headers are larger than 64 KB"),
        ("/many-headers", "more than 100 headers"),
    ],
)
def test_cli_fetch_failures_are_one_line_and_store_nothing(
    cli_home: Path, server: Server, path: str, reason: str
) -> None:
    before = _dump(cli_home)
    result = CliRunner().invoke(app, ["ingest", server.url(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: cannot fetch {server.url(path)}: ")
    assert reason in result.stderr
    assert _dump(cli_home) == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://reader:secret@127.0.0.1/ok", "credentials"),
        ("http://127.0.0.1/ok\r\nX-Injected: 1", "line break"),
        ("http://127.0.0.1/berita kota", "space"),
        ("http://127.0.0.1:70000/ok", "out of range"),
        ("http://[::1::2]/ok", "malformed IPv6"),
        ("gopher://127.0.0.1/ok", "only http and https"),
    ],
)
def test_cli_malformed_urls_are_one_line_and_store_nothing(
    cli_home: Path, server: Server, url: str, reason: str
) -> None:
    before = _dump(cli_home)
    asked = len(server.requests)
    result = CliRunner().invoke(app, ["ingest", url])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and reason in result.stderr
    assert "secret" not in result.stderr
    assert len(server.requests) == asked and _dump(cli_home) == before


def test_cli_refuses_loopback_when_the_setting_is_off(
    cli_home: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KEMBAR_FETCH_ALLOW_LOOPBACK")
    before = _dump(cli_home)
    result = CliRunner().invoke(app, ["ingest", server.url("/ok")])
    assert result.exit_code == 2 and "127.0.0.1 is a loopback address" in result.stderr
    assert _dump(cli_home) == before


def test_fetch_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_FETCH_TIMEOUT", "soon")
    result = CliRunner().invoke(app, ["ingest", "http://news.example/"])
    assert result.exit_code == 2 and "KEMBAR_FETCH_TIMEOUT='soon'" in result.stderr
    monkeypatch.setenv("KEMBAR_FETCH_TIMEOUT", "5")
    monkeypatch.setenv("KEMBAR_FETCH_ALLOW_LOOPBACK", "maybe")
    result = CliRunner().invoke(app, ["ingest", "http://news.example/"])
    assert result.exit_code == 2 and "KEMBAR_FETCH_ALLOW_LOOPBACK='maybe'" in result.stderr

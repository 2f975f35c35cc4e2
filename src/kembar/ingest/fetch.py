"""Fetching one article by URL, bounded and kept off internal networks.

Whoever gives Kembar a URL must not be able to make it reach the machine it runs on or
its network (a metadata service, an admin page on a private address), hold it for long,
or fill its memory. So: http and https only, on every hop; at most five redirects, each
checked again; every address a host name resolves to must be public, and the connection
goes to the address that was checked (a second lookup could answer differently); one
deadline covers the lookups, connecting, the headers and the body of every hop; the
headers and the body are counted while they arrive. Every refusal is one FetchError whose
line names the URL and the reason.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from kembar.errors import FetchError
from kembar.extract.reader import MAX_BYTES

DEADLINE = 15.0
MAX_REDIRECTS = 5
# Real pages send a few KB of headers; 64 KB is http.client's own limit for one line.
HEADER_LIMIT = 64 * 1024
MAX_URL_LENGTH = 4096
USER_AGENT = "Kembar/0.1 (+news reader)"
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = (301, 302, 303, 307, 308)
_HOST_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class _Refused(Exception):
    """Why a fetch stops; fetch_url turns it into a FetchError naming the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """One checked URL: where to connect and what to ask for."""

    url: str
    scheme: str
    host: str  # lower-case ASCII (IDNA), or an IP address without brackets
    port: int
    path: str  # the request target: path and query, percent-encoded

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


class _Clock:
    """The one deadline of a fetch; every blocking step asks it how long it may wait."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise _Refused(self.expired())
        return left

    def expired(self) -> str:
        return f"no complete answer within {self.seconds:g} s (the fetch deadline)"


def shown(url: str, limit: int = 200) -> str:
    """The URL as it can be printed on one line: control characters escaped, a password
    hidden, a long URL shortened."""
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            url = url.replace(f":{parts.password}@", ":***@", 1)
    except ValueError:
        pass
    printable = "".join(
        ch if ch == " " or unicodedata.category(ch)[0] not in "CZ" else ch.encode("unicode_escape").decode()
        for ch in url
    )
    return printable if len(printable) <= limit else printable[: limit - 3] + "..."


def _refuse_characters(url: str) -> None:
    for ch in url:
        if ch in "\r\n":
            raise _Refused("the URL holds a line break")
        if ch.isspace():
            raise _Refused("the URL holds a space or a tab (write a space as %20)")
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise _Refused(f"the URL holds the control character U+{ord(ch):04X}")


def _split_authority(netloc: str) -> tuple[str, str]:
    """(host, port text) of the authority part; an IPv6 literal comes without brackets."""
    if "@" in netloc:
        raise _Refused("URLs with credentials (user:password@host) are refused; give the page's own URL")
    if "\\" in netloc:
        raise _Refused("the host part holds a backslash")
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise _Refused("malformed IPv6 address: no closing ]")
        literal, rest = netloc[1:end], netloc[end + 1 :]
        if "%" in literal:
            raise _Refused("IPv6 addresses with a zone (%) are refused")
        try:
            host = str(ipaddress.IPv6Address(literal))
        except ValueError:
            raise _Refused(f"[{literal}] is not a valid IPv6 address") from None
        if rest and not rest.startswith(":"):
            raise _Refused(f"malformed host part {netloc!r}")
        return host, rest[1:]
    if "[" in netloc or "]" in netloc:
        raise _Refused("malformed IPv6 address: brackets out of place")
    host, _, port = netloc.partition(":")
    if ":" in port:
        raise _Refused("an IPv6 address must be written in brackets, e.g. http://[2001:db8::1]/")
    return host, port


def _port(text: str, scheme: str) -> int:
    if not text:
        return DEFAULT_PORTS[scheme]
    if not (text.isascii() and text.isdigit()):
        raise _Refused(f"port {text!r} is not a number")
    port = int(text)
    if not 1 <= port <= 65535:
        raise _Refused(f"port {port} is out of range (1-65535)")
    return port


def _ascii_host(host: str) -> str:
    if not host:
        raise _Refused("the URL names no host")
    if ":" in host:  # an IPv6 literal, already checked
        return host
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise _Refused(f"{host!r} is not a valid host name") from None
    if not _HOST_NAME.fullmatch(name) or len(name) > 253:
        raise _Refused(f"{host!r} is not a valid host name")
    return name


def parse_url(url: str) -> Target:
    """Check the shape of a URL before anything is looked up; _Refused says what is wrong."""
    if len(url) > MAX_URL_LENGTH:
        raise _Refused(f"the URL is longer than {MAX_URL_LENGTH:,} characters")
    _refuse_characters(url)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        if "[" in url or "]" in url:
            raise _Refused("malformed IPv6 address in the host part") from None
        raise _Refused(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        what = f"{scheme}://" if scheme else "a URL without http:// or https://"
        raise _Refused(f"only http and https URLs are fetched, not {what}")
    host_text, port_text = _split_authority(parts.netloc)
    port = _port(port_text, scheme)
    host = _ascii_host(host_text)
    # Already-escaped parts stay as they are; anything else outside ASCII is percent-encoded.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return Target(url=url, scheme=scheme, host=host, port=port, path=path)


def _blocked(address: IPAddress, allow_loopback: bool) -> str | None:
    """Why an address may not be reached, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            address = embedded
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "a non-public address"
    return None


Resolved = list[tuple[socket.AddressFamily, tuple[str, int] | tuple[str, int, int, int]]]


def _resolve(target: Target, clock: _Clock) -> Resolved:
    """The host's addresses, looked up once, in a thread so the deadline also bounds the lookup."""
    box: dict[str, object] = {}

    def lookup() -> None:
        try:
            box["infos"] = socket.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except OSError as exc:
            box["error"] = exc

    worker = threading.Thread(target=lookup, name="kembar-fetch-lookup", daemon=True)
    worker.start()
    worker.join(clock.remaining())
    if worker.is_alive():
        raise _Refused(clock.expired())
    error = box.get("error")
    if isinstance(error, OSError):
        raise _Refused(f"{target.host} cannot be resolved ({error.strerror or error})")
    seen: Resolved = []
    for family, _, _, _, sockaddr in box.get("infos", []):  # type: ignore[attr-defined]
        if (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    if not seen:
        raise _Refused(f"{target.host} resolves to no address")
    return seen


def _check_addresses(target: Target, resolved: Resolved, allow_loopback: bool) -> None:
    for _, sockaddr in resolved:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        why = _blocked(address, allow_loopback)
        if why is None:
            continue
        said = f"{address} is" if str(address) == target.host else f"{target.host} resolves to {address},"
        raise _Refused(f"{said} {why}; only public addresses are fetched")


def _connect(target: Target, clock: _Clock, allow_loopback: bool) -> socket.socket:
    resolved = _resolve(target, clock)
    _check_addresses(target, resolved, allow_loopback)
    failure: OSError | None = None
    for family, sockaddr in resolved:
        wait = clock.remaining()
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(wait)
            sock.connect(sockaddr)  # the checked address itself: no second lookup
        except TimeoutError:
            sock.close()
            raise _Refused(clock.expired()) from None
        except OSError as exc:
            sock.close()
            failure = exc
            continue
        if target.scheme == "http":
            return sock
        return _tls(sock, target, clock)
    assert failure is not None
    raise _Refused(f"cannot connect to {target.host} port {target.port} ({failure.strerror or failure})")


def _tls(sock: socket.socket, target: Target, clock: _Clock) -> socket.socket:
    context = ssl.create_default_context()  # verifies the certificate and the host name
    try:
        sock.settimeout(clock.remaining())
        return context.wrap_socket(sock, server_hostname=target.host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise _Refused(f"its TLS certificate is not valid for {target.host} ({exc.verify_message})") from None
    except TimeoutError:
        sock.close()
        raise _Refused(clock.expired()) from None
    except (ssl.SSLError, OSError) as exc:
        sock.close()
        raise _Refused(f"the TLS handshake failed ({exc})") from None


class _Wire(io.RawIOBase):
    """The socket as http.client reads it: each read waits at most until the deadline, and
    the bytes read are counted against a budget (first the headers', then the body's)."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        super().__init__()
        self.sock = sock
        self.clock = clock
        self.count = 0
        self.limit = HEADER_LIMIT
        self.over = f"its headers are larger than {HEADER_LIMIT // 1024} KB"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.count > self.limit:
            raise _Refused(self.over)
        self.sock.settimeout(self.clock.remaining())
        received = self.sock.recv_into(buffer)
        self.count += received
        return received


class _SocketView:
    """What http.client.HTTPResponse needs of a socket: makefile()."""

    def __init__(self, wire: _Wire) -> None:
        self.wire = wire

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self.wire)


@dataclass
class _Answer:
    status: int
    location: str | None
    body: bytes


def _request(sock: socket.socket, target: Target, clock: _Clock) -> None:
    request = (
        f"GET {target.path} HTTP/1.1\r\n"
        f"Host: {target.host_header}\r\n"
        f"User-Agent: {USER_AGENT}\r\n"
        "Accept: text/html, text/plain;q=0.9, */*;q=0.5\r\n"
        "Accept-Encoding: identity\r\n"
        "Connection: close\r\n\r\n"
    )
    sock.settimeout(clock.remaining())
    sock.sendall(request.encode("ascii"))


def _declared_length(response: http.client.HTTPResponse) -> int | None:
    if response.chunked:
        return None
    values = {v.strip() for v in response.headers.get_all("Content-Length") or []}
    if not values:
        return None
    if len(values) > 1 or not all(v.isascii() and v.isdigit() for v in values):
        raise _Refused(f"its Content-Length is not one number ({', '.join(sorted(values))[:60]})")
    return int(values.pop())


def _read_body(response: http.client.HTTPResponse, wire: _Wire, max_bytes: int) -> bytes:
    declared = _declared_length(response)
    too_large = f"the answer is larger than {max_bytes / 1024 / 1024:g} MB"
    if declared is not None and declared > max_bytes:
        raise _Refused(f"{too_large} (Content-Length {declared:,})")
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise _Refused(f"it answered with Content-Encoding {encoding[:40]}, which was not asked for")
    # Chunked framing may add to the body; four times the limit bounds it generously.
    wire.limit, wire.over = wire.count + 4 * max_bytes + HEADER_LIMIT, too_large
    chunks: list[bytes] = []
    total = 0
    while True:
        data = response.read(64 * 1024)
        if not data:
            break
        total += len(data)
        if total > max_bytes:
            raise _Refused(too_large)
        chunks.append(data)
    if declared is not None and total < declared:
        raise _Refused(
            f"the body ended after {total:,} of the {declared:,} bytes its Content-Length announced"
        )
    return b"".join(chunks)


def _exchange(sock: socket.socket, target: Target, clock: _Clock, max_bytes: int) -> _Answer:
    _request(sock, target, clock)
    wire = _Wire(sock, clock)
    response = http.client.HTTPResponse(_SocketView(wire), method="GET")  # type: ignore[arg-type]
    response.begin()
    status = response.status
    if status in REDIRECTS:
        return _Answer(status, response.headers.get("Location"), b"")
    if not 200 <= status < 300:
        raise _Refused(f"it answered HTTP {status} {shown(response.reason or '', 60)}".rstrip())
    return _Answer(status, None, _read_body(response, wire, max_bytes))


def _protocol_reason(exc: Exception) -> str:
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, http.client.BadStatusLine):
        return f"its answer does not start with an HTTP status line ({shown(str(exc), 60)})"
    if isinstance(exc, http.client.LineTooLong):
        if "header" in str(exc) or "status" in str(exc):
            return f"its headers are larger than {HEADER_LIMIT // 1024} KB"
        return "its answer holds a line longer than 64 KB"
    if isinstance(exc, http.client.IncompleteRead):
        return "the body ended before its announced end (chunked transfer cut short)"
    if isinstance(exc, http.client.HTTPException) and "headers" in str(exc):
        return f"its answer holds more than {http.client._MAXHEADERS} headers"  # type: ignore[attr-defined]
    return f"its answer is not valid HTTP ({shown(str(exc), 80)})"


def _hop(target: Target, clock: _Clock, allow_loopback: bool, max_bytes: int) -> _Answer:
    sock = _connect(target, clock, allow_loopback)
    try:
        return _exchange(sock, target, clock, max_bytes)
    except TimeoutError:
        raise _Refused(clock.expired()) from None
    except (http.client.HTTPException, ValueError) as exc:
        raise _Refused(_protocol_reason(exc)) from None
    except OSError as exc:
        raise _Refused(f"the connection failed ({exc.strerror or exc})") from None
    finally:
        sock.close()


def _follow(current: Target, location: str | None) -> Target:
    """The next hop of a redirect, checked like the first URL, and kept on its port or the
    scheme's standard one (a redirect must not steer Kembar to another service of a host)."""
    if not location:
        raise _Refused("it redirects without saying where (no Location header)")
    nxt = location.strip()
    with contextlib.suppress(UnicodeError):  # http.client reads headers as Latin-1; UTF-8 is meant
        nxt = nxt.encode("latin-1").decode("utf-8")
    try:
        _refuse_characters(nxt)
        nxt = urljoin(current.url, nxt)
        target = parse_url(nxt)
    except _Refused as exc:
        raise _Refused(f"the redirect to {shown(nxt, 120)} is refused: {exc.reason}") from None
    standard = DEFAULT_PORTS[target.scheme]
    if target.port not in (current.port, standard):
        raise _Refused(
            f"the redirect to {shown(nxt, 120)} is refused: it changes the port to {target.port}"
            f" (a redirect may keep the port or use {target.scheme}'s standard {standard})"
        )
    return target


def fetch_url(
    url: str,
    deadline: float = DEADLINE,
    allow_loopback: bool = False,
    max_bytes: int = MAX_BYTES,
) -> bytes:
    """The body of an http(s) URL, or FetchError naming the URL and the reason.

    `deadline` bounds the whole fetch, every redirect included; `allow_loopback` lets tests
    reach a server on 127.0.0.1 (every other internal address stays refused).
    """
    clock = _Clock(deadline)
    try:
        target = parse_url(url)
        for redirects in range(MAX_REDIRECTS + 1):
            answer = _hop(target, clock, allow_loopback, max_bytes)
            if answer.status not in REDIRECTS:
                return answer.body
            if redirects == MAX_REDIRECTS:
                break
            target = _follow(target, answer.location)
        raise _Refused(f"more than {MAX_REDIRECTS} redirects")
    except _Refused as exc:
        raise FetchError(shown(url), exc.reason) from None

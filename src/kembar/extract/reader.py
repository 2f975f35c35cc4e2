"""Turning what a person hands us (a file, stdin, a URL, bytes) into article text, or a
clear refusal: empty, binary, too large, undecodable, or HTML without an article."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kembar.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body)\b", re.I)
_TAG = re.compile(r"<\s*/?\s*(?:article|div|p|span|script|meta|a|br|li|h[1-6])\b[^>]*>", re.I)
# UTF-32 before UTF-16: the UTF-32 little-endian mark starts with the UTF-16 one.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
)
# C0 controls other than tab, line feed, carriage return and form feed, and DEL: text does
# not hold them, so more than 1% of them makes an input binary. Escape (27) is spared in
# bytes, where ISO-2022 encodings use it.
_C0 = [*range(0, 9), 11, *range(14, 32), 127]
_CONTROL_BYTES = bytes(c for c in _C0 if c != 27)
_C0_TEXT = str.maketrans("", "", "".join(map(chr, _C0)))
# Stored text keeps newlines and tabs; a vertical tab or a form feed becomes a newline and
# every other control character (NUL and the rest of C0, DEL, C1) is dropped.
_CLEAN = str.maketrans({**{chr(c): None for c in [*_C0, *range(128, 160)]}, "\v": "\n", "\f": "\n"})
# str.translate with a table costs 0.3 s on 5 MB; a character class finds in a few
# milliseconds whether there is anything to translate (most texts hold none).
_C0_CHARS = re.compile("[" + re.escape("".join(map(chr, _C0))) + "]")
_UNCLEAN = re.compile("[" + re.escape("".join(map(chr, _CLEAN))) + "]")
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    was_html: bool
    encoding: str


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe (FIFO)"), else None."""
    for test, name in _SPECIAL:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _too_large(what: str) -> InvalidInput:
    return InvalidInput(f"{what} is larger than 5 MB; articles may be at most 5 MB")


def read_stream(stream: BinaryIO, what: str) -> bytes:
    """At most MAX_BYTES of a stream (standard input): one byte more and it is refused,
    without reading the rest."""
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_BYTES:
        chunk = stream.read(min(1024 * 1024, MAX_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > MAX_BYTES:
        raise _too_large(what)
    return b"".join(chunks)


def _os_refusal(path: str, exc: OSError) -> InvalidInput:
    if exc.errno == errno.ENOENT:
        return InvalidInput(f"{path}: no such file")
    if exc.errno == errno.ELOOP:
        return InvalidInput(f"{path} is a symlink loop")
    return InvalidInput(f"cannot read {path}: {exc.strerror or exc}")


def read_path(path: str | Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. FIFOs, devices, sockets and
    folders are refused from their status alone, before anything is opened (opening a
    FIFO waits for a writer; a device may never end)."""
    name = str(path)
    try:
        before = os.stat(name)
    except OSError as exc:
        raise _os_refusal(name, exc) from None
    kind = special_kind(before.st_mode)
    if kind is not None:
        raise InvalidInput(f"{name} is {kind}, not an article file")
    if before.st_size > MAX_BYTES:
        raise InvalidInput(f"{name} is {before.st_size / 1e6:.1f} MB; articles may be at most 5 MB")
    try:
        # Non-blocking, and checked again once open: the file may have been swapped for a
        # FIFO between the two steps.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_refusal(name, exc) from None
    with os.fdopen(fd, "rb") as handle:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise InvalidInput(f"{name} changed while it was being opened")
        try:
            return read_stream(handle, name)
        except OSError as exc:
            raise _os_refusal(name, exc) from None


def _binary(count: int, total: int) -> bool:
    return count * 100 > total


def clean_text(text: str) -> str:
    """Line breaks as \\n, NUL and other control characters removed (tabs and newlines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CLEAN) if _UNCLEAN.search(text) else text


def decode(raw: bytes, what: str) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), codec
            except UnicodeDecodeError:
                raise InvalidInput(
                    f"{what} starts with a {label} byte-order mark but is not {label} text"
                ) from None
    if _binary(len(raw) - len(raw.translate(None, _CONTROL_BYTES)), len(raw)):
        raise InvalidInput(f"{what} is a binary file, not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InvalidInput(f"{what} is neither UTF-8 nor text in an encoding that can be recognised")
    return str(best), best.encoding


def read_article(raw: bytes, what: str) -> Article:
    """Validate and decode one article; HTML is reduced to its main text with trafilatura."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(f"{what} is {len(raw) / 1e6:.1f} MB; articles may be at most 5 MB")
    if not raw.strip():
        raise InvalidInput(f"{what} is empty")
    text, encoding = decode(raw, what)
    if _C0_CHARS.search(text) and _binary(len(text) - len(text.translate(_C0_TEXT)), len(text)):
        raise InvalidInput(f"{what} holds control characters: a binary file, not text")
    text = clean_text(text).removeprefix("\ufeff")
    title = None
    head = text[:20000]
    # A page, or text that starts with markup and carries several tags; a plain article
    # that merely quotes a tag stays text (and is escaped wherever it is shown).
    was_html = bool(_HTML.search(head)) or (head.lstrip()[:1] == "<" and len(_TAG.findall(head)) >= 3)
    if was_html:
        import trafilatura

        extracted = trafilatura.extract(text, include_comments=False, include_tables=False, favor_recall=True)
        meta = trafilatura.extract_metadata(text)
        title = meta.title if meta is not None else None
        if not extracted or not extracted.strip():
            raise InvalidInput(f"{what} is HTML with no article text in it")
        text = clean_text(f"{title}\n\n{extracted}" if title and title not in extracted[:400] else extracted)
    if not text.strip():
        raise InvalidInput(f"{what} holds no text")
    return Article(text=text, title=title, was_html=was_html, encoding=encoding)

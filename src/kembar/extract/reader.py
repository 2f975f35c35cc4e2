"""Turning what a person hands us (a file, stdin, a URL, bytes) into article text, or a
clear refusal: empty, binary, too large, undecodable, or HTML without an article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kembar.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)\b", re.I)
_TAG = re.compile(rb"<\s*/?\s*(?:article|div|p|span|script|meta|a|br|li|h[1-6])\b[^>]*>", re.I)


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    was_html: bool
    encoding: str


def decode(raw: bytes, what: str) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
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
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(10, len(text[:20000]) // 100):
        raise InvalidInput(f"{what} holds control characters: a binary file, not text")
    title = None
    head = raw[:20000]
    # A page, or text that starts with markup and carries several tags; a plain article
    # that merely quotes a tag stays text (and is escaped wherever it is shown).
    was_html = bool(_HTML.search(head)) or (head.lstrip()[:1] == b"<" and len(_TAG.findall(head)) >= 3)
    if was_html:
        import trafilatura

        extracted = trafilatura.extract(text, include_comments=False, include_tables=False, favor_recall=True)
        meta = trafilatura.extract_metadata(text)
        title = meta.title if meta is not None else None
        if not extracted or not extracted.strip():
            raise InvalidInput(f"{what} is HTML with no article text in it")
        text = f"{title}\n\n{extracted}" if title and title not in extracted[:400] else extracted
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidInput(f"{what} holds no text")
    return Article(text=text, title=title, was_html=was_html, encoding=encoding)

"""Reading what a person hands to `kembar extract` and `kembar ingest`: bounded, special
files refused without blocking, byte-order marks honoured, control characters dropped."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kembar.cli import app
from kembar.errors import InvalidInput
from kembar.extract.reader import MAX_BYTES, read_article, read_path, read_stream

TEXT = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    "Jerman. Kerja sama meliputi bidang pendidikan, kebudayaan dan Straße–Café.\n"
)


class Endless(io.RawIOBase):
    """A stream that never ends (1 GB on stdin, /dev/zero), counting what was taken of it."""

    def __init__(self, byte: bytes = b"a") -> None:
        self.byte = byte
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        buffer[:] = self.byte * len(buffer)
        self.taken += len(buffer)
        return len(buffer)


def test_a_stream_is_read_to_the_limit_and_no_further() -> None:
    endless = Endless()
    with pytest.raises(InvalidInput, match="larger than 5 MB"):
        read_stream(io.BufferedReader(endless), "standard input")
    assert endless.taken <= MAX_BYTES + 1 + io.DEFAULT_BUFFER_SIZE
    exact = read_stream(io.BytesIO(b"a" * MAX_BYTES), "standard input")
    assert len(exact) == MAX_BYTES


def _kembar(
    *args: str, stdin: int | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, so a read that blocked would fail the test by
    its timeout instead of hanging the suite."""
    code = "from kembar.cli import main; main()"
    env = {**os.environ, "KEMBAR_HOME": str(home)} if home else None
    return subprocess.run(
        [sys.executable, "-c", code, *args], stdin=stdin, capture_output=True, text=True, timeout=120, env=env
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput, match="named pipe"):
        read_path(fifo)
    for command in ("extract", "ingest"):
        result = _kembar(command, str(fifo), home=tmp_path / "home")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == f"error: {fifo} is a named pipe (FIFO), not an article file\n"


def test_devices_are_refused_and_an_endless_stdin_is_cut(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for command in ("extract", "ingest"):
        result = _kembar(command, "/dev/zero", home=home)
        assert result.returncode == 2
        assert result.stderr == "error: /dev/zero is a character device, not an article file\n"
        with open("/dev/zero", "rb") as zero:
            result = _kembar(command, "-", stdin=zero.fileno(), home=home)
        assert result.returncode == 2
        assert result.stderr == "error: standard input is larger than 5 MB; articles may be at most 5 MB\n"
    assert not (home / "kembar.sqlite3").exists()  # refused before the database was opened


def test_cli_refuses_more_than_5_mb_on_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
    for command in ("extract", "ingest"):
        result = CliRunner().invoke(app, [command, "-"], input=b"kota kembar " * (MAX_BYTES // 10))
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert "standard input is larger than 5 MB" in result.stderr


def test_a_symlink_loop_and_a_missing_file_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(InvalidInput, match="symlink loop"):
        read_path(tmp_path / "a.txt")
    with pytest.raises(InvalidInput, match="no such file"):
        read_path(tmp_path / "none.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InvalidInput, match="at most 5 MB"):
        read_path(big)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(codec: str) -> None:
    raw = TEXT.encode(codec)
    if not codec.endswith(("16", "32")):  # the codecs without an order write no mark
        raw = "\ufeff".encode(codec) + raw
    article = read_article(raw, "a.txt")
    assert article.text == TEXT


def test_utf16_html_is_reduced_to_its_article() -> None:
    page = f"<html><head><title>Kota kembar</title></head><body><article><p>{TEXT * 3}</p></article>"
    article = read_article(page.encode("utf-16"), "page.html")
    assert article.was_html and "Braunschweig" in article.text and "<p>" not in article.text


def test_a_broken_byte_order_mark_is_refused() -> None:
    with pytest.raises(InvalidInput, match="UTF-16 byte-order mark but is not UTF-16"):
        read_article(b"\xff\xfe" + b"a\x00b", "odd.txt")


def test_nul_and_control_characters_are_removed_wherever_they_are() -> None:
    body = TEXT * 400  # past the first 8 KB, where NULs used to be let through
    dirty = body + "Kerja\x00 sama\x07 lanjut.\x1b[0m\tSelesai.\x0cHalaman dua.\x85\r\n"
    text = read_article(dirty.encode("utf-8"), "a.txt").text
    assert text == body + "Kerja sama lanjut.[0m\tSelesai.\nHalaman dua.\n"
    for raw in (dirty.encode("utf-16"), dirty.encode("cp1252", errors="replace")):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in read_article(raw, "a.txt").text)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
        b"%PDF-1.7\n" + bytes(range(256)) * 200,
        b"\x1f\x8b\x08\x00" + os.urandom(20000),
        b"ELF" + b"\x00" * 4000 + TEXT.encode(),
        TEXT.encode() + b"\x00" * 5000,  # text with a binary tail
    ],
)
def test_binary_files_are_still_refused(raw: bytes) -> None:
    with pytest.raises(InvalidInput, match="binary"):
        read_article(raw, "a.bin")


def test_text_with_a_stray_nul_is_text() -> None:
    assert read_article(b"\x00" + TEXT.encode() * 3, "a.txt").text == TEXT * 3


def test_cleaning_drops_or_turns_every_control_character_as_the_table_says() -> None:
    from kembar.extract.reader import _CLEAN, clean_text

    every = "".join(chr(c) for c in range(256))
    for text in (every, "plain text\twith a tab\n", every[::-1] + "Kota Bandung"):
        expected = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CLEAN)
        assert clean_text(text) == expected
    assert clean_text("a\x00b\x85c\x0bd") == "abc\nd"

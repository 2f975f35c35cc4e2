"""`kembar ingest FOLDER`: every file gets its row, a bad file does not stop the ones after
it, each article is its own transaction, and the exit code says whether any was refused."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kembar.cli import app

BRAUNSCHWEIG = (
    "Bandung dan Braunschweig Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Braunschweig, "
    "Jerman, Senin (3/7/2023). Kerja sama tersebut meliputi bidang pendidikan dan transportasi."
)
SUWON = (
    "Bandung dan Suwon Resmi Jadi Kota Kembar\n\n"
    "Pemerintah Kota Bandung menandatangani nota kesepahaman (MoU) sister city dengan Kota Suwon, "
    "Korea Selatan, Senin (3/7/2023)."
)
SURABAYA = (
    "Surabaya dan Kochi Perpanjang Kerja Sama\n\n"
    "Pemerintah Kota Surabaya memperpanjang kerja sama sister city dengan Kota Kochi, Jepang, "
    "pada 10 Agustus 2023 di bidang lingkungan."
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KEMBAR_DATABASE_URL", raising=False)
    return tmp_path / "home"


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """Good articles with every kind of bad entry between them."""
    f = tmp_path / "articles"
    f.mkdir()
    (f / "a.txt").write_text(BRAUNSCHWEIG, encoding="utf-8")
    (f / "b_empty.txt").write_text("")
    (f / "c_binary.html").write_bytes(bytes(range(256)) * 20)
    os.mkfifo(f / "d_pipe.txt")
    (f / "e_loop.txt").symlink_to(f / "e_loop2.txt")
    (f / "e_loop2.txt").symlink_to(f / "e_loop.txt")
    (f / "f.txt").write_text(SUWON, encoding="utf-16")
    (f / "g_copy.txt").write_text(BRAUNSCHWEIG + "\n\n", encoding="utf-8")  # a.txt again
    (f / "h_broken.txt").symlink_to(f / "nowhere.txt")
    (f / "notes.md").write_text("not an article")
    (f / "sub").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(f / "i_socket"))
    (f / "j.htm").write_text(f"<html><body><article><p>{SURABAYA}</p></article></body></html>")
    yield f
    server.close()


def _rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "kembar.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def _dump(home: Path) -> list[str]:
    with sqlite3.connect(home / "kembar.sqlite3") as conn:
        return list(conn.iterdump())


EXPECTED = {
    "a.txt": "stored",
    "b_empty.txt": "refused",
    "c_binary.html": "refused",
    "d_pipe.txt": "refused",
    "e_loop.txt": "refused",
    "e_loop2.txt": "refused",
    "f.txt": "stored",
    "g_copy.txt": "known",
    "h_broken.txt": "refused",
    "i_socket": "refused",
    "j.htm": "stored",
    "notes.md": "skipped",
    "sub": "skipped",
}


def test_a_folder_goes_on_past_bad_files(home: Path, folder: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(folder), "--json"])
    assert result.exit_code == 2
    assert result.stderr == "error: 7 of 13 files were refused (listed above)\n"
    rows = json.loads(result.stdout)
    assert {Path(r["input"]).name: r["status"] for r in rows} == EXPECTED
    reasons = {Path(r["input"]).name: r["reason"] for r in rows}
    assert reasons["b_empty.txt"].endswith("is empty")
    assert "binary" in reasons["c_binary.html"]
    assert reasons["d_pipe.txt"] == "a named pipe (FIFO), not an article file"
    assert reasons["e_loop.txt"] == "a symlink loop"
    assert reasons["h_broken.txt"] == "a broken symlink"
    assert reasons["i_socket"] == "a socket, not an article file"
    # The good files after the bad ones are stored, each with its proposals, and only they.
    stored = {Path(r["input"]).name: r for r in rows if r["status"] == "stored"}
    sources = dict(_rows(home, "SELECT attribution, id FROM sources"))
    assert {Path(a).name for a in sources} == set(stored)
    for name, row in stored.items():
        assert row["source_id"] == sources[str(folder / name)] and row["proposals"]
        filed = _rows(home, f"SELECT id FROM proposals WHERE source_id = {row['source_id']} ORDER BY id")
        assert [i for (i,) in filed] == row["proposals"]
    known = next(r for r in rows if r["status"] == "known")
    assert known["source_id"] == stored["a.txt"]["source_id"] and known["proposals"] == []


def test_the_folder_table_and_a_clean_second_run(home: Path, folder: Path) -> None:
    first = CliRunner().invoke(app, ["ingest", str(folder)], env={"COLUMNS": "200"})
    assert first.exit_code == 2
    lines = first.stdout.splitlines()
    assert any("d_pipe.txt" in line and "refused: a named pipe (FIFO)" in line for line in lines)
    assert any("a.txt" in line and "stored as source 1" in line for line in lines)
    assert "13 files: 3 stored, 1 already known, 7 refused, 2 skipped;" in first.stdout
    for bad in ("b_empty.txt", "c_binary.html", "d_pipe.txt", "e_loop.txt", "e_loop2.txt", "h_broken.txt"):
        (folder / bad).unlink()
    (folder / "i_socket").unlink()
    before = _dump(home)
    again = CliRunner().invoke(app, ["ingest", str(folder)])
    assert again.exit_code == 0 and again.stderr == ""
    assert "6 files: 0 stored, 4 already known, 0 refused, 2 skipped; 0 proposals filed" in again.stdout
    assert _dump(home) == before


def test_an_article_that_fails_midway_writes_nothing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure comes after the source row was written: its transaction is rolled back
    and the next file is still read."""
    f = tmp_path / "three"
    f.mkdir()
    for name, text in (("1.txt", BRAUNSCHWEIG), ("2.txt", SUWON), ("3.txt", SURABAYA)):
        (f / name).write_text(text, encoding="utf-8")
    from kembar.extract.model import PartnershipFact

    summary = PartnershipFact.summary

    def failing(item: PartnershipFact) -> str:
        if "Suwon" in (item.a.name, item.b.name):
            raise RuntimeError("the summary of Suwon failed")
        return summary(item)

    monkeypatch.setattr(PartnershipFact, "summary", failing)
    result = CliRunner().invoke(app, ["ingest", str(f), "--json"])
    assert result.exit_code == 2
    rows = {Path(r["input"]).name: r for r in json.loads(result.stdout)}
    assert [r["status"] for r in rows.values()] == ["stored", "refused", "stored"]
    assert rows["2.txt"]["reason"] == "unexpected error (RuntimeError: the summary of Suwon failed)"
    assert [Path(a).name for (a,) in _rows(home, "SELECT attribution FROM sources ORDER BY id")] == [
        "1.txt",
        "3.txt",
    ]
    assert _rows(home, "SELECT count(*) FROM proposals WHERE payload LIKE '%Suwon%'") == [(0,)]


def test_a_folder_without_articles_is_refused(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("x")
    result = CliRunner().invoke(app, ["ingest", str(empty)])
    assert result.exit_code == 2 and result.stderr == f"error: {empty} holds no .txt or .html files\n"

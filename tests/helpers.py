"""Helpers shared by the tests (imported by module name; pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def write_csv(path: Path, rows: list[str]) -> Path:
    header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path

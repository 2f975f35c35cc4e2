"""The base map of the printed reports: the bundled Natural Earth country outlines
(web/static/vendor/countries-110m.json, TopoJSON) decoded into rings of (lon, lat), and
the view that frames a set of points.

TopoJSON keeps shared borders once, as arcs of delta-encoded integer positions; a ring
lists the arcs it follows (~i meaning arc i reversed), each arc after the first starting
at the point the previous one ended on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

OUTLINES = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "countries-110m.json"

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]


def _arcs(topology: dict[str, Any]) -> list[Ring]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            ring.append((x * sx + tx, y * sy + ty))
        out.append(ring)
    return out


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    out: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


@cache
def outlines() -> tuple[tuple[Point, ...], ...]:
    """Every ring of every country (outer boundaries and holes alike, drawn the same)."""
    topology = json.loads(OUTLINES.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    rings: list[tuple[Point, ...]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        for polygon in polygons:
            rings.extend(tuple(_ring(arcs, ring)) for ring in polygon)
    return tuple(rings)


@dataclass(frozen=True)
class View:
    """A box of longitudes and latitudes, drawn in plate carrée."""

    west: float
    south: float
    east: float
    north: float

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south


WORLD = View(-180, -58, 180, 84)  # without Antarctica


def frame(points: Iterable[Point], aspect: float, margin: float = 0.12, least: float = 12.0) -> View:
    """The smallest view with the points, a margin around them, at least `least` degrees
    across, and the width / height ratio `aspect` of the box it is drawn into; the world
    (to be drawn centred in the box) when that is wider or taller than the world."""
    found = list(points)
    if not found:
        return WORLD
    lons, lats = [p[0] for p in found], [p[1] for p in found]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width = max(east - west, least) * (1 + 2 * margin)
    height = max(north - south, least / aspect) * (1 + 2 * margin)
    width, height = max(width, height * aspect), max(height, width / aspect)
    if width >= WORLD.width or height >= WORLD.height:
        return WORLD
    cx, cy = (west + east) / 2, (south + north) / 2
    cx = min(max(cx, -180 + width / 2), 180 - width / 2)
    cy = min(max(cy, -90 + height / 2), 90 - height / 2)
    return View(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

"""Geography for the profile signals: distances on the globe in bulk, the distance of a
place to the sea, and a latitude band as a rough stand-in for climate.

The coastline is Natural Earth's land at 1:50m (public domain), bundled as TopoJSON from
the npm package world-atlas 2.0.2 (ISC); see data/README.md.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy.spatial import cKDTree

from kembar.gazetteer.geo import EARTH_RADIUS_KM

# Places this close to the coastline count as coastal (the 1:50m line is a few km coarse).
COASTAL_KM = 25.0
FAR_KM = 20000.0

# Latitude bands, by absolute latitude: the tropics end at the Tropic of Cancer/Capricorn,
# the subtropics around 35 degrees, the temperate zone around 55.
BANDS = ((23.44, "tropical"), (35.0, "subtropical"), (55.0, "temperate"), (91.0, "cold"))


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, one row per (lat, lon) in degrees; NaN rows stay NaN."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    """Great-circle kilometres from straight-line distances between unit vectors."""
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2, 0.0, 1.0))


def km_to_chord(km: float) -> float:
    return float(2 * np.sin(km / (2 * EARTH_RADIUS_KM)))


def distances_km(xyz: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Great-circle distance from `point` (a unit vector) to every row of `xyz`; NaN rows
    and a NaN point give FAR_KM."""
    cos = np.clip(xyz @ point, -1.0, 1.0)
    out = EARTH_RADIUS_KM * np.arccos(cos)
    return np.where(np.isnan(out), FAR_KM, out)


@lru_cache(maxsize=1)
def _coast_tree() -> cKDTree:
    raw = resources.files("kembar.recommend").joinpath("data/land-50m.json.gz").read_bytes()
    topo = json.loads(gzip.decompress(raw))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    lons, lats = [], []
    for arc in topo["arcs"]:
        steps = np.asarray(arc, dtype=np.float64)
        pos = np.cumsum(steps, axis=0)
        lons.append(pos[:, 0] * sx + tx)
        lats.append(pos[:, 1] * sy + ty)
    lat, lon = np.concatenate(lats), np.concatenate(lons)
    keep = lat > -85.0  # the land outline closes Antarctica along the map's lower edge
    return cKDTree(unit_vectors(lat[keep], lon[keep]))


def coast_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Kilometres from each place to the nearest point of the coastline (FAR_KM if unknown)."""
    xyz = unit_vectors(lat, lon)
    known = ~np.isnan(xyz).any(axis=1)
    out = np.full(len(lat), FAR_KM)
    if known.any():
        chord, _ = _coast_tree().query(xyz[known])
        out[known] = chord_to_km(chord)
    return out


def band_of(lat: float | None) -> str | None:
    if lat is None or np.isnan(lat):
        return None
    a = abs(lat)
    return next(name for limit, name in BANDS if a < limit)

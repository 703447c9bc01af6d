"""Japan's exclusive economic zone and territory, approximated, for judging where a launch came down.

No EEZ dataset is published on PyPI or npm, so `tools/build_basemap.py eez` derives the line from
the bundled Natural Earth coast the way Japan's 1996 EEZ law defines the claim: 200 nautical miles
from the coast, cut at the median line where Korea's, Russia's or China's coast is nearer (see
`data/basemap/README.md` for what the line is and is not). Run time only reads that file: an
even-odd point-in-polygon test and the distance to the nearest edge, in numpy.

Decisions:
- The line is Japan's claim, because Japan MoD judges "inside our EEZ" against it: Takeshima/Dokdo,
  the southern Kurils and Senkaku count as Japan's. A point inside only because of one of them says
  so (`dispute`), since South Korea, Russia or China would draw the line elsewhere.
- "near-line" within NEAR_LINE_KM of the line: the error of the approximation itself. The 1:50m
  coast is generalised by a few km (in the Sea of Japan the line built from the 1:110m coast
  departs from the 1:50m one by a median of 5 km), islets the coast omits move a median line by
  half their offset (the 21 islets added at build time moved it by up to 23 km, 19 km at the
  90th percentile), and straight baselines, low-tide elevations and the sphere add a few km more.
  25 km covers that budget; it does not cover the error of the splashdown estimate, which is
  judged separately (the fan of bearings).
- Territorial sea: 12 nm from the same coast. Overflight tests the WGS-84 geodesic ground track
  from the site every OVERFLIGHT_STEP_KM against Japan's land and territorial sea.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from geographiclib.geodesic import Geodesic

from splashdown.config import basemap_dir

EEZ_FILE = "japan-eez.geojson"
NEAR_LINE_KM = 25.0
OVERFLIGHT_STEP_KM = 4.0
_GEOD = Geodesic.WGS84
_KM_PER_DEG_LAT = 110.57
_MEAN_RADIUS_KM = 6371.0088
_WAYPOINT_KM = 100.0


@dataclass(frozen=True)
class EezStatus:
    """Where a point lies against the approximate line of Japan's claimed EEZ.

    `distance_km` is the distance to the line, positive inside the claim. `dispute` names the
    disputed island the point is inside only by counting as Japan's, else "".
    """

    status: str
    distance_km: float
    dispute: str = ""


@dataclass(frozen=True)
class _Region:
    rings: tuple[np.ndarray, ...]
    edges: np.ndarray  # x0, y0, x1, y1 per edge
    box: tuple[float, float, float, float]  # west, south, east, north


def japan_eez_status(lat: float, lon: float) -> EezStatus:
    """Inside, outside or near the approximate line of Japan's claimed EEZ."""
    result = eez_status_many(np.array([lat], dtype=float), np.array([lon], dtype=float)).iloc[0]
    return EezStatus(str(result["eez_status"]), float(result["eez_line_km"]), str(result["eez_dispute"]))


def eez_status_many(lats: np.ndarray, lons: np.ndarray) -> pd.DataFrame:
    """`japan_eez_status` for many points: columns eez_status, eez_line_km, eez_dispute."""
    lats = np.asarray(lats, dtype=float)
    lons = _pacific(np.asarray(lons, dtype=float))
    zones = _zones()
    inside = _contains(zones.claim, lats, lons)
    line_km = _distance_to_edges_km(zones.claim.edges, lats, lons)
    status = np.where(line_km <= NEAR_LINE_KM, "near-line", np.where(inside, "inside", "outside"))
    dispute = np.full(len(lats), "", dtype=object)
    for name, region in zones.disputes.items():
        dispute[inside & _contains(region, lats, lons)] = name
    return pd.DataFrame(
        {"eez_status": status, "eez_line_km": np.where(inside, line_km, -line_km), "eez_dispute": dispute}
    )


def inside_claim(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Whether each point lies inside Japan's claimed zone (the cheap half of `eez_status_many`)."""
    return _contains(_zones().claim, np.asarray(lats, dtype=float), _pacific(np.asarray(lons, dtype=float)))


def overflies_japan(lat: float, lon: float, bearing_deg: float, range_km: float) -> bool:
    """Whether the ground track from (lat, lon) along bearing_deg for range_km crosses Japanese land
    or territorial sea (12 nm), by the approximate coast."""
    if not all(math.isfinite(value) for value in (lat, lon, bearing_deg, range_km)) or range_km <= 0:
        return False
    return _overflies(round(float(lat), 5), round(float(lon), 5), round(float(bearing_deg), 3),
                      round(float(range_km), 3), _zones())


@functools.lru_cache(maxsize=65536)
def _overflies(lat: float, lon: float, bearing_deg: float, range_km: float, zones: _Zones) -> bool:
    """One flight's answer, kept: a flight's track does not change between reruns."""
    track_lat, track_lon = _track(float(lat), float(lon), float(bearing_deg), float(range_km))
    territory = zones.territory
    west, south, east, north = territory.box
    near = (track_lat >= south) & (track_lat <= north) & (track_lon >= west) & (track_lon <= east)
    return bool(near.any() and _contains(territory, track_lat[near], track_lon[near]).any())


def _track(lat: float, lon: float, bearing_deg: float, range_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Ground-track points OVERFLIGHT_STEP_KM apart: geodesic waypoints every _WAYPOINT_KM, joined
    straight in lon/lat (over 100 km that strays from the geodesic by well under a kilometre)."""
    line = _GEOD.DirectLine(lat, lon, bearing_deg, range_km * 1000.0)
    waypoints_km = np.linspace(0.0, range_km, max(2, math.ceil(range_km / _WAYPOINT_KM) + 1))
    positions = [line.Position(float(km) * 1000.0) for km in waypoints_km]
    way_lat = np.array([position["lat2"] for position in positions])
    way_lon = np.degrees(np.unwrap(np.radians([position["lon2"] for position in positions])))
    samples_km = np.linspace(0.0, range_km, max(2, math.ceil(range_km / OVERFLIGHT_STEP_KM) + 1))
    return np.interp(samples_km, waypoints_km, way_lat), _pacific(np.interp(samples_km, waypoints_km, way_lon))


def _pacific(lons: np.ndarray) -> np.ndarray:
    return np.where(lons < -30.0, lons + 360.0, lons)


def _contains(region: _Region, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Even-odd rule over every ring (holes included), one row of edges per point."""
    west, south, east, north = region.box
    result = np.zeros(len(lats), dtype=bool)
    candidates = np.flatnonzero((lats >= south) & (lats <= north) & (lons >= west) & (lons <= east))
    if not len(candidates):
        return result
    # Only edges spanning the points' latitudes can cross a ray from them: a track or a fan spans
    # a few degrees, so this drops most of the coast.
    edges = region.edges
    low, high = lats[candidates].min(), lats[candidates].max()
    edges = edges[(np.maximum(edges[:, 1], edges[:, 3]) >= low) & (np.minimum(edges[:, 1], edges[:, 3]) <= high)]
    x0, y0, x1, y1 = edges.T
    for chunk in np.array_split(candidates, max(1, len(candidates) // 256)):
        if not len(chunk):
            continue
        px, py = lons[chunk, None], lats[chunk, None]
        straddles = (y0 <= py) != (y1 <= py)
        with np.errstate(divide="ignore", invalid="ignore"):
            crossing_x = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
        result[chunk] = np.count_nonzero(straddles & (px < crossing_x), axis=1) % 2 == 1
    return result


def _distance_to_edges_km(edges: np.ndarray, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Per point, the nearest edge found in a local flat frame about the point, then the great-circle
    distance to that nearest point (within 0.5 % of the ellipsoid's)."""
    result = np.empty(len(lats))
    for chunk in np.array_split(np.arange(len(lats)), max(1, len(lats) // 256)):
        if not len(chunk):
            continue
        lat, lon = lats[chunk, None], lons[chunk, None]
        scale_x = 111.32 * np.cos(np.radians(lat))
        ax = (edges[:, 0] - lon) * scale_x
        ay = (edges[:, 1] - lat) * _KM_PER_DEG_LAT
        dx = (edges[:, 2] - edges[:, 0]) * scale_x
        dy = (edges[:, 3] - edges[:, 1]) * _KM_PER_DEG_LAT
        length2 = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
        share = np.clip(-(ax * dx + ay * dy) / length2, 0.0, 1.0)
        near = np.argmin((ax + share * dx) ** 2 + (ay + share * dy) ** 2, axis=1)
        rows = np.arange(len(chunk))
        near_lon = edges[near, 0] + share[rows, near] * (edges[near, 2] - edges[near, 0])
        near_lat = edges[near, 1] + share[rows, near] * (edges[near, 3] - edges[near, 1])
        result[chunk] = _great_circle_km(lats[chunk], lons[chunk], near_lat, near_lon)
    return result


def _great_circle_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    half = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _MEAN_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half, 0.0, 1.0)))


def _region(geometry: dict) -> _Region:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = tuple(np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon)
    edges = np.concatenate([np.hstack([ring[:-1], ring[1:]]) for ring in rings])
    points = np.concatenate(rings)
    box = (float(points[:, 0].min()), float(points[:, 1].min()), float(points[:, 0].max()), float(points[:, 1].max()))
    return _Region(rings, edges, box)


@dataclass(frozen=True, eq=False)
class _Zones:
    claim: _Region
    territory: _Region
    disputes: dict[str, _Region]


def _zones() -> _Zones:
    path = basemap_dir() / EEZ_FILE
    return _zones_from(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _zones_from(path: str, mtime_ns: int) -> _Zones:
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]

    def only(kind: str) -> _Region:
        (feature,) = [feature for feature in features if feature["properties"]["kind"] == kind]
        return _region(feature["geometry"])

    disputes = {
        feature["properties"]["dispute"]: _region(feature["geometry"])
        for feature in features
        if feature["properties"]["kind"] == "depends-on-dispute" and feature["geometry"]["coordinates"]
    }
    return _Zones(only("claim"), only("territorial-sea"), disputes)

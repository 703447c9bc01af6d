"""Where a launch came down, and the shapes the map draws: splashdowns, fans, 3D arcs, range rings.

Positions use the WGS-84 ellipsoid (geographiclib, the library under geopy's geodesic).
Longitudes handed to the map are Pacific-centred: anything west of 30 deg W is shifted by +360 deg,
as in the bundled base map, so a path across the antimeridian stays continuous.

A catalog bearing that was not reported by an authority is a guess, so an estimated splashdown
comes with a fan: every bearing from the site whose end point, at the reported range, lies in the
reported impact area (East Sea, Yellow Sea, Pacific, or on land) and not on land for a sea.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from geographiclib.geodesic import Geodesic

from splashdown import ballistics, japan
from splashdown.config import basemap_dir

PACIFIC_WEST = -30.0
SPHERE_RADIUS_KM = ballistics.EARTH_RADIUS_KM
FAN_STEP_DEG = 1.0
FAN_POINTS = 9
NAUTICAL_MILE_KM = 1.852
EEZ_NOTE = (
    "EEZ status is judged against an approximate line of Japan's claimed EEZ (200 nm from the "
    f"Natural Earth coast, median line with its neighbours); within {japan.NEAR_LINE_KM:.0f} km of it, "
    "\"near-line\" means too close to call."
)

# Coarse outlines of the seas named in the catalog's impact_area, Pacific-centred [lon, lat].
# They may overlap land generously: land is masked out with the base map.
SEA_REGIONS: dict[str, tuple[tuple[float, float], ...]] = {
    "east-sea": (
        (128.3, 34.6), (129.2, 33.8), (131.0, 33.9), (136.0, 35.5), (139.5, 37.5), (140.2, 41.5),
        (140.5, 43.5), (142.0, 46.0), (141.5, 52.0), (140.0, 52.0), (133.0, 44.0), (130.5, 42.3),
        (127.5, 39.5),
    ),
    "yellow-sea": (
        (117.5, 41.0), (122.0, 41.5), (125.5, 40.5), (127.0, 38.0), (126.8, 34.2), (126.0, 33.0),
        (122.0, 30.5), (119.5, 32.0), (117.5, 38.5),
    ),
    "pacific": (
        (131.5, 31.0), (135.0, 33.0), (140.5, 35.5), (142.0, 39.0), (143.5, 42.0), (146.0, 43.5),
        (156.0, 50.5), (163.0, 56.0), (200.0, 60.0), (240.0, 50.0), (240.0, 0.0), (125.0, 0.0),
        (125.0, 20.0),
    ),
}
# The contracts DESIGN.md names here; the work lives in splashdown.japan.
EezStatus = japan.EezStatus
japan_eez_status = japan.japan_eez_status
overflies_japan = japan.overflies_japan
NOT_BALLISTIC: frozenset[str] = frozenset({"cruise"})

_GRID_WEST, _GRID_SOUTH, _GRID_EAST, _GRID_NORTH = 95.0, -5.0, 250.0, 65.0
_GRID_STEP = 0.05
_THEATRE_EAST = 180.0
_GEOD = Geodesic.WGS84


@dataclass(frozen=True)
class Splashdown:
    """An estimated impact point and how it was placed.

    `basis` is the catalog's bearing basis when the catalog bearing was used, or "impact-area"
    when the point sits mid-fan because the catalog bearing missed the reported area or was absent.
    `fan` holds [lon, lat] end points across the plausible bearings, empty for a reported bearing.
    """

    lat: float
    lon: float
    bearing_deg: float
    basis: str
    fan_bearings: tuple[float, float] | None
    fan: tuple[tuple[float, float], ...]


def pacific_lon(lon: float | np.ndarray) -> float | np.ndarray:
    """A longitude in the map's Pacific-centred frame ([-30, 330) deg)."""
    shifted = np.where(np.asarray(lon) < PACIFIC_WEST, np.asarray(lon) + 360.0, lon)
    return float(shifted) if np.ndim(shifted) == 0 else shifted


# Remembered by the figures they come from: a map, its assessment and the next week's map place
# the same flights (and synthetic catalogs repeat their rows), and a geodesic costs about 0.1 ms.
@functools.lru_cache(maxsize=65_536)
def splashdown_point(lat: float, lon: float, bearing_deg: float, range_km: float) -> tuple[float, float]:
    """The WGS-84 geodesic end point (lat, lon) at range_km along bearing_deg from (lat, lon)."""
    end = _GEOD.Direct(float(lat), float(lon), float(bearing_deg), float(range_km) * 1000.0,
                       Geodesic.LATITUDE | Geodesic.LONGITUDE)
    return end["lat2"], float(pacific_lon((end["lon2"] + 180.0) % 360.0 - 180.0))


def bearing_window(
    lat: float, lon: float, range_km: float, impact_area: str, near_deg: float | None = None
) -> tuple[float, float] | None:
    """The contiguous bearings (from, to, clockwise, degrees) whose end points fall in the impact area.

    With several separate windows, the one holding `near_deg` wins, else the widest.
    None when no bearing reaches the area at that range, or the area is unknown.
    """
    if not (impact_area in SEA_REGIONS or impact_area == "land") or not range_km > 0:
        return None
    bearings = np.arange(0.0, 360.0, FAN_STEP_DEG)
    end_lat, end_lon = _sphere_destinations(lat, lon, bearings, range_km)
    on_land = _on_land(end_lat, end_lon)
    hits = on_land if impact_area == "land" else _in_polygon(end_lon, end_lat, SEA_REGIONS[impact_area]) & ~on_land
    runs = _circular_runs(hits)
    if not runs:
        return None
    chosen = max(runs, key=lambda run: run[1])
    if near_deg is not None and math.isfinite(near_deg):
        holding = [run for run in runs if _run_holds(run, near_deg % 360.0, len(bearings))]
        if holding:
            chosen = holding[0]
    start, length = chosen
    return float(bearings[start]), float((bearings[start] + (length - 1) * FAN_STEP_DEG) % 360.0)


def estimate_splashdown(
    lat: float,
    lon: float,
    range_km: float,
    bearing_deg: float,
    bearing_basis: str,
    impact_area: str,
) -> Splashdown | None:
    """The estimated impact of one launch; None without a range, or without any bearing to go on."""
    # Every missing bearing as the one NaN object, so that launches without one share a remembered estimate.
    return _estimate_splashdown(float(lat), float(lon), float(range_km),
                                float(bearing_deg) if math.isfinite(bearing_deg) else math.nan,
                                bearing_basis, impact_area)


@functools.lru_cache(maxsize=16_384)
def _estimate_splashdown(
    lat: float, lon: float, range_km: float, bearing_deg: float, bearing_basis: str, impact_area: str
) -> Splashdown | None:
    if not (math.isfinite(lat) and math.isfinite(lon) and math.isfinite(range_km)) or range_km < 0:
        return None
    has_bearing = math.isfinite(bearing_deg)
    if has_bearing and bearing_basis == "reported":
        end_lat, end_lon = splashdown_point(lat, lon, bearing_deg, range_km)
        return Splashdown(end_lat, end_lon, float(bearing_deg), "reported", None, ())
    window = bearing_window(lat, lon, range_km, impact_area, bearing_deg if has_bearing else None)
    if window is None:
        if not has_bearing:
            return None
        end_lat, end_lon = splashdown_point(lat, lon, bearing_deg, range_km)
        return Splashdown(end_lat, end_lon, float(bearing_deg), bearing_basis or "assumed", None, ())
    start, end = window
    width = (end - start) % 360.0
    if has_bearing and (bearing_deg - start) % 360.0 <= width + FAN_STEP_DEG / 2:
        bearing, basis = float(bearing_deg), bearing_basis or "assumed"
    else:
        bearing, basis = (start + width / 2.0) % 360.0, "impact-area"
    end_lat, end_lon = splashdown_point(lat, lon, bearing, range_km)
    fan_bearings = start + np.linspace(0.0, width, FAN_POINTS)
    fan = tuple(_line_points(lat, lon, b, range_km * 1000.0, np.array([range_km * 1000.0]))[0] for b in fan_bearings)
    return Splashdown(end_lat, end_lon, bearing, basis, (start, end), tuple((p[0], p[1]) for p in fan))


def estimate_splashdowns(launches: pd.DataFrame) -> pd.DataFrame:
    """One row per launch with an estimate: launch_id, impact_lat, impact_lon, est_bearing_deg,
    est_basis, fan_from_deg, fan_to_deg, fan (list of [lon, lat]).

    Cruise missiles are left out: they fly patterns, so their flown distance says nothing about
    where they came down.
    """
    rows = []
    if "missile_class" in launches.columns:
        launches = launches[~launches["missile_class"].isin(NOT_BALLISTIC)]
    for row in launches.itertuples(index=False):
        estimate = estimate_splashdown(
            float(row.lat), float(row.lon), float(row.range_km), float(row.bearing_deg),
            str(row.bearing_basis), str(row.impact_area),
        )
        if estimate is None:
            continue
        rows.append(
            {
                "launch_id": row.launch_id,
                "impact_lat": estimate.lat,
                "impact_lon": estimate.lon,
                "est_bearing_deg": estimate.bearing_deg,
                "est_basis": estimate.basis,
                "fan_from_deg": estimate.fan_bearings[0] if estimate.fan_bearings else math.nan,
                "fan_to_deg": estimate.fan_bearings[1] if estimate.fan_bearings else math.nan,
                "fan": [list(point) for point in estimate.fan],
            }
        )
    columns = [
        "launch_id", "impact_lat", "impact_lon", "est_bearing_deg", "est_basis", "fan_from_deg", "fan_to_deg", "fan"
    ]
    return pd.DataFrame(rows, columns=columns)


def arc_path(
    lat: float,
    lon: float,
    bearing_deg: float,
    range_km: float,
    apogee_km: float,
    exaggeration: float = 1.0,
    samples: int = 41,
) -> list[list[float]]:
    """The flight as [lon, lat, altitude_m] points along the geodesic, altitudes from the Keplerian
    profile times `exaggeration`; a ground track at altitude 0 when the apogee is unknown."""
    if math.isfinite(apogee_km) and apogee_km > 0:
        profile = ballistics.reconstruct(range_km, apogee_km, samples).profile
        downrange_m = profile.downrange_km * 1000.0
        altitude_m = profile.altitude_km * 1000.0 * exaggeration
    else:
        downrange_m = np.linspace(0.0, range_km * 1000.0, samples)
        altitude_m = np.zeros(samples)
    points = _line_points(lat, lon, bearing_deg, range_km * 1000.0, downrange_m)
    return [[p[0], p[1], round(float(alt), 1)] for p, alt in zip(points, altitude_m)]


def range_ring(lat: float, lon: float, radius_km: float, points: int = 181) -> list[list[float]]:
    """A closed geodesic circle as [lon, lat] points, continuous in longitude."""
    bearings = np.linspace(0.0, 360.0, points)
    ring = []
    for bearing in bearings:
        position = _GEOD.Direct(lat, lon, float(bearing), radius_km * 1000.0)
        ring.append([position["lon2"], position["lat2"]])
    return _continuous(ring)


@functools.lru_cache(maxsize=65_536)  # remembered as the splashdowns it measures are
def distance_to_japan_km(lat: float, lon: float) -> float:
    """Geodesic distance from a point to the nearest point of Japan's 1:50m coastline."""
    segments = _japan_segments()
    scale_x = 111.32 * math.cos(math.radians(lat))
    scale_y = 110.57
    lon = float(pacific_lon(lon))
    ax = (segments[:, 0] - lon) * scale_x
    ay = (segments[:, 1] - lat) * scale_y
    bx = (segments[:, 2] - lon) * scale_x
    by = (segments[:, 3] - lat) * scale_y
    dx, dy = bx - ax, by - ay
    length2 = np.where(dx * dx + dy * dy > 0, dx * dx + dy * dy, 1.0)
    share = np.clip(-(ax * dx + ay * dy) / length2, 0.0, 1.0)
    near = np.argmin((ax + share * dx) ** 2 + (ay + share * dy) ** 2)
    near_lon = segments[near, 0] + share[near] * (segments[near, 2] - segments[near, 0])
    near_lat = segments[near, 1] + share[near] * (segments[near, 3] - segments[near, 1])
    return _GEOD.Inverse(lat, lon, float(near_lat), float(near_lon))["s12"] / 1000.0


def _sphere_destinations(
    lat: float, lon: float, bearings: np.ndarray, range_km: float
) -> tuple[np.ndarray, np.ndarray]:
    lat1, lon1 = math.radians(lat), math.radians(lon)
    angle = range_km / SPHERE_RADIUS_KM
    theta = np.radians(bearings)
    lat2 = np.arcsin(math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * np.cos(theta))
    lon2 = lon1 + np.arctan2(
        np.sin(theta) * math.sin(angle) * math.cos(lat1), math.cos(angle) - math.sin(lat1) * np.sin(lat2)
    )
    return np.degrees(lat2), np.asarray(pacific_lon((np.degrees(lon2) + 180.0) % 360.0 - 180.0))


def _line_points(
    lat: float, lon: float, bearing_deg: float, length_m: float, distances_m: np.ndarray
) -> list[list[float]]:
    line = _GEOD.DirectLine(lat, lon, float(bearing_deg), max(float(length_m), 1.0))
    points = []
    for distance in distances_m:
        position = line.Position(float(distance))
        points.append([position["lon2"], position["lat2"]])
    return _continuous(points)


def _continuous(points: list[list[float]]) -> list[list[float]]:
    """Unwrap longitudes so consecutive points never jump by 360 deg, then move into the Pacific frame."""
    longitudes = np.degrees(np.unwrap(np.radians([p[0] for p in points])))
    if longitudes[0] < PACIFIC_WEST:
        longitudes = longitudes + 360.0
    return [[round(float(x), 4), round(float(p[1]), 4)] for x, p in zip(longitudes, points)]


def _circular_runs(hits: np.ndarray) -> list[tuple[int, int]]:
    """(start index, length) of each run of True, joining a run across the end and the start."""
    n = len(hits)
    if hits.all():
        return [(0, n)]
    if not hits.any():
        return []
    first_miss = int(np.argmin(hits))
    rolled = np.roll(hits, -first_miss)
    runs = []
    i = 0
    while i < n:
        if rolled[i]:
            j = i
            while j < n and rolled[j]:
                j += 1
            runs.append(((i + first_miss) % n, j - i))
            i = j
        else:
            i += 1
    return runs


def _run_holds(run: tuple[int, int], bearing: float, n: int) -> bool:
    start, length = run
    return (bearing / FAN_STEP_DEG - start + 0.5) % n <= length


def _in_polygon(x: np.ndarray, y: np.ndarray, polygon: tuple[tuple[float, float], ...]) -> np.ndarray:
    vertices = np.asarray(polygon)
    x0, y0 = vertices[:, 0], vertices[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    px, py = np.asarray(x)[:, None], np.asarray(y)[:, None]
    straddles = (y0 <= py) != (y1 <= py)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing_x = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    return (np.count_nonzero(straddles & (px < crossing_x), axis=1) % 2) == 1


def _on_land(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    mask = _land_mask()
    rows = np.floor((np.asarray(lat) - _GRID_SOUTH) / _GRID_STEP).astype(int)
    cols = np.floor((np.asarray(lon) - _GRID_WEST) / _GRID_STEP).astype(int)
    inside = (rows >= 0) & (rows < mask.shape[0]) & (cols >= 0) & (cols < mask.shape[1])
    result = np.zeros(rows.shape, dtype=bool)
    result[inside] = mask[rows[inside], cols[inside]]
    return result


def _rings(name: str) -> list[np.ndarray]:
    document = json.loads((basemap_dir() / name).read_text(encoding="utf-8"))
    rings: list[np.ndarray] = []
    for feature in document["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            rings.extend(np.asarray(ring, dtype="float64") for ring in polygon)
    return rings


def _edges(rings: list[np.ndarray]) -> np.ndarray:
    """Every ring edge as a row x0, y0, x1, y1."""
    return np.concatenate([np.hstack([ring[:-1], ring[1:]]) for ring in rings])


@functools.cache
def _land_mask() -> np.ndarray:
    """Land on a 0.05 deg grid: 1:50m in the theatre, 1:110m east of 180 deg; even-odd scanlines."""
    lats = _GRID_SOUTH + _GRID_STEP * (np.arange(round((_GRID_NORTH - _GRID_SOUTH) / _GRID_STEP)) + 0.5)
    lons = _GRID_WEST + _GRID_STEP * (np.arange(round((_GRID_EAST - _GRID_WEST) / _GRID_STEP)) + 0.5)
    theatre = _scanline_fill(_edges(_rings("theatre-50m.geojson")), lats, lons)
    world = _scanline_fill(_edges(_rings("countries-110m.geojson")), lats, lons)
    return np.where(lons[None, :] <= _THEATRE_EAST, theatre, world)


def _scanline_fill(edges: np.ndarray, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = edges.T
    mask = np.zeros((len(lats), len(lons)), dtype=bool)
    for i, lat in enumerate(lats):
        straddles = (y0 <= lat) != (y1 <= lat)
        if not straddles.any():
            continue
        crossings = np.sort(
            x0[straddles] + (lat - y0[straddles]) * (x1[straddles] - x0[straddles]) / (y1[straddles] - y0[straddles])
        )
        mask[i] = np.searchsorted(crossings, lons) % 2 == 1
    return mask


@functools.cache
def _japan_segments() -> np.ndarray:
    return _edges(_rings("japan-50m.geojson"))

"""Reach of a burnout state on a rotating Earth, by integrating the equations of motion.

This goes beyond the plain Keplerian figure in `splashdown.ballistics`: the same burnout speed and
flight-path angle, relative to the ground, launched from a real site toward an azimuth or a target,
with the Earth turning underneath. Eastward shots gain the ground's speed; the impact drifts.
Still a vacuum over a spherical Earth (R = 6371 km): no drag, no oblateness, no re-entry effects.

Motion is integrated in the Earth-fixed frame (gravity, Coriolis and centrifugal terms) with a
vectorized fixed-step RK4 over many flights at once; the impact is refined by bisecting the last
step. A state that escapes (its inertial orbit never comes back) is reported with range `inf`;
the range of a flight is the length of its ground track, which can exceed half the globe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from splashdown.ballistics import EARTH_RADIUS_KM, HALF_CIRCUMFERENCE_KM, MU_KM3_S2, Trajectory
from splashdown.config import PROJECT_ROOT, settings

EARTH_ROTATION_RAD_S = 7.2921159e-5
STEPS_PER_PERIOD = 1200
BISECTIONS = 40
BEST_ANGLES_DEG = np.arange(2.0, 88.1, 2.0)


@dataclass(frozen=True)
class Flight:
    """Where one rotating-Earth flight came down."""

    azimuth_deg: float
    flight_path_angle_deg: float
    range_km: float
    impact_lat: float
    impact_lon: float
    time_of_flight_s: float

    @property
    def orbital(self) -> bool:
        return math.isinf(self.range_km)


def fly(
    lat: float,
    lon: float,
    speed_km_s: float | np.ndarray,
    flight_path_angle_deg: float | np.ndarray,
    azimuth_deg: float | np.ndarray,
) -> pd.DataFrame:
    """Integrate ground-relative burnout states from a site; one row per state (arrays broadcast).

    Columns: azimuth_deg, flight_path_angle_deg, range_km (length of the ground track, inf when
    the state escapes), impact_lat, impact_lon, time_of_flight_s.
    """
    speed, gamma_deg, azimuth = np.broadcast_arrays(
        np.atleast_1d(np.asarray(speed_km_s, dtype="float64")),
        np.atleast_1d(np.asarray(flight_path_angle_deg, dtype="float64")),
        np.atleast_1d(np.asarray(azimuth_deg, dtype="float64")),
    )
    position, velocity = _initial_state(lat, lon, speed, np.radians(gamma_deg), np.radians(azimuth))
    period, orbital = _inertial_period(position, velocity)
    landed_state, flight_time, track = _integrate_to_impact(
        position, velocity, np.where(orbital, 1.0, period), ~orbital
    )
    impact_lat = np.degrees(np.arcsin(np.clip(landed_state[2] / EARTH_RADIUS_KM, -1, 1)))
    impact_lon = np.degrees(np.arctan2(landed_state[1], landed_state[0]))
    distance = EARTH_RADIUS_KM * track
    unresolved = orbital | ~np.isfinite(flight_time)
    return pd.DataFrame(
        {
            "azimuth_deg": azimuth % 360.0,
            "flight_path_angle_deg": gamma_deg,
            "range_km": np.where(unresolved, np.inf, distance),
            "impact_lat": np.where(unresolved, np.nan, impact_lat),
            "impact_lon": np.where(unresolved, np.nan, impact_lon),
            "time_of_flight_s": np.where(unresolved, np.inf, flight_time),
        }
    )


def reach_toward(lat: float, lon: float, trajectory: Trajectory, azimuth_deg: float) -> Flight:
    """The same burnout state as a reconstructed flight, launched from (lat, lon) toward an azimuth."""
    row = fly(lat, lon, trajectory.burnout_speed_km_s, trajectory.flight_path_angle_deg, azimuth_deg).iloc[0]
    return Flight(**{name: float(row[name]) for name in row.index})


def load_targets() -> pd.DataFrame:
    """Reference cities marked as reach targets (Guam, Honolulu, Anchorage, Los Angeles, Washington)."""
    cities = load_cities()
    return cities[cities["reach_target"]].reset_index(drop=True)


def load_cities(path: Path | None = None) -> pd.DataFrame:
    """data/reference_cities.csv: name, country, lat, lon, reach_target (bool)."""
    if path is None:
        configured = settings().data_dir / "reference_cities.csv"
        path = configured if configured.exists() else PROJECT_ROOT / "data" / "reference_cities.csv"
    cities = pd.read_csv(path, dtype={"name": "str", "country": "str"})
    cities["reach_target"] = cities["reach_target"].eq("yes")
    return cities


def targets_in_reach(
    lat: float, lon: float, trajectory: Trajectory, targets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """For each target: its distance, the rotating-Earth reach toward it of the same burnout state
    (`reach_km`, `inside`), and at the same speed with the best flight-path angle (`best_reach_km`,
    `best_angle_deg`, `inside_at_best`).

    The launch azimuth is corrected once for the Earth's rotation so the impact falls on the
    great circle through the target; the reach is the along-track distance of that impact.
    """
    targets = load_targets() if targets is None else targets
    distance = EARTH_RADIUS_KM * _central_angle(lat, lon, targets["lat"].to_numpy(), targets["lon"].to_numpy())
    bearing = _initial_bearing(lat, lon, targets["lat"].to_numpy(), targets["lon"].to_numpy())
    speed = trajectory.burnout_speed_km_s
    reach = _along_track_reach(lat, lon, speed, np.full(len(targets), trajectory.flight_path_angle_deg), bearing)

    angles = np.repeat(BEST_ANGLES_DEG[None, :], len(targets), axis=0)
    sweep = _along_track_reach(lat, lon, speed, angles.ravel(), np.repeat(bearing, len(BEST_ANGLES_DEG)))
    sweep = sweep.reshape(len(targets), len(BEST_ANGLES_DEG))
    best = np.argmax(np.where(np.isinf(sweep), np.finfo("float64").max, sweep), axis=1)
    best_reach = sweep[np.arange(len(targets)), best]
    return pd.DataFrame(
        {
            "name": targets["name"].to_numpy(),
            "distance_km": distance,
            "azimuth_deg": bearing,
            "reach_km": reach,
            "inside": reach >= distance,
            "best_reach_km": best_reach,
            "best_angle_deg": BEST_ANGLES_DEG[best],
            "inside_at_best": best_reach >= distance,
        }
    )


def _along_track_reach(lat: float, lon: float, speed: float, gamma_deg: np.ndarray, bearing: np.ndarray) -> np.ndarray:
    first = fly(lat, lon, speed, gamma_deg, bearing)
    drift = np.nan_to_num(
        _wrap180(bearing - _initial_bearing(lat, lon, first["impact_lat"].to_numpy(), first["impact_lon"].to_numpy()))
    )
    # Near a vertical shot the impact bearing says nothing about the aim: leave those uncorrected.
    drift = np.where(first["range_km"].to_numpy() > 50.0, drift, 0.0)
    corrected = fly(lat, lon, speed, gamma_deg, bearing + drift)
    impact_lat = corrected["impact_lat"].to_numpy()
    impact_lon = corrected["impact_lon"].to_numpy()
    to_impact = _central_angle(lat, lon, impact_lat, impact_lon)
    off_bearing = np.radians(_initial_bearing(lat, lon, impact_lat, impact_lon) - bearing)
    # Along-track distance: the impact projected onto the great circle toward the target.
    along = np.arctan2(np.sin(to_impact) * np.cos(off_bearing), np.cos(to_impact))
    # A ground track longer than half the globe passes every target on its great circle.
    beyond = corrected["range_km"].to_numpy() > HALF_CIRCUMFERENCE_KM
    return np.where(beyond, np.inf, EARTH_RADIUS_KM * along)


def _initial_state(
    lat: float, lon: float, speed: np.ndarray, gamma: np.ndarray, azimuth: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    phi, lam = math.radians(lat), math.radians(lon)
    up = np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])
    east = np.array([-math.sin(lam), math.cos(lam), 0.0])
    north = np.cross(up, east)
    horizontal = np.cos(azimuth)[None, :] * north[:, None] + np.sin(azimuth)[None, :] * east[:, None]
    velocity = speed[None, :] * (np.sin(gamma)[None, :] * up[:, None] + np.cos(gamma)[None, :] * horizontal)
    position = np.repeat((EARTH_RADIUS_KM * up)[:, None], len(speed), axis=1)
    return position, velocity


def _inertial_period(position: np.ndarray, velocity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Period of the inertial orbit, and whether it never comes back below the surface."""
    inertial = velocity + np.cross(np.array([0.0, 0.0, EARTH_ROTATION_RAD_S]), position, axis=0)
    radius = np.linalg.norm(position, axis=0)
    energy = 0.5 * np.sum(inertial**2, axis=0) - MU_KM3_S2 / radius
    bound = energy < 0
    semi_major = np.where(bound, -MU_KM3_S2 / (2.0 * np.where(bound, energy, -1.0)), np.inf)
    momentum = np.linalg.norm(np.cross(position, inertial, axis=0), axis=0)
    semi_latus = momentum**2 / MU_KM3_S2
    eccentricity = np.sqrt(np.clip(1.0 - semi_latus / np.where(bound, semi_major, 1.0), 0.0, None))
    perigee = semi_major * (1.0 - eccentricity)
    radial_speed = np.sum(position * inertial, axis=0) / radius
    orbital = ~bound | (perigee >= EARTH_RADIUS_KM * (1.0 - 1e-9)) | (radial_speed <= 0)
    period = np.where(bound, 2.0 * math.pi * np.sqrt(np.where(bound, semi_major, 1.0) ** 3 / MU_KM3_S2), np.inf)
    return period, orbital


def _acceleration(position: np.ndarray, velocity: np.ndarray) -> np.ndarray:
    x, y, _ = position
    vx, vy, _ = velocity
    radius3 = np.sum(position**2, axis=0) ** 1.5
    omega = EARTH_ROTATION_RAD_S
    gravity = -MU_KM3_S2 * position / radius3
    rotating = np.stack([2 * omega * vy + omega**2 * x, -2 * omega * vx + omega**2 * y, np.zeros_like(x)])
    return gravity + rotating


def _rk4(position: np.ndarray, velocity: np.ndarray, dt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k1r, k1v = velocity, _acceleration(position, velocity)
    k2r, k2v = velocity + dt / 2 * k1v, _acceleration(position + dt / 2 * k1r, velocity + dt / 2 * k1v)
    k3r, k3v = velocity + dt / 2 * k2v, _acceleration(position + dt / 2 * k2r, velocity + dt / 2 * k2v)
    k4r, k4v = velocity + dt * k3v, _acceleration(position + dt * k3r, velocity + dt * k3v)
    return (
        position + dt / 6 * (k1r + 2 * k2r + 2 * k3r + k4r),
        velocity + dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v),
    )


def _integrate_to_impact(
    position: np.ndarray, velocity: np.ndarray, period: np.ndarray, active: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """March every flight in steps of period / STEPS_PER_PERIOD until it dips below the surface,
    then bisect inside that step; returns impact positions, times and ground-track angles (NaN
    where none came down)."""
    dt = period / STEPS_PER_PERIOD
    flying = active.copy()
    step_start_r, step_start_v = position.copy(), velocity.copy()
    step_start_t = np.zeros(position.shape[1])
    crossed = np.zeros(position.shape[1], dtype=bool)
    r, v, t = position.copy(), velocity.copy(), np.zeros(position.shape[1])
    track = np.zeros(position.shape[1])
    for _ in range(STEPS_PER_PERIOD):
        if not flying.any():
            break
        new_r, new_v = _rk4(r[:, flying], v[:, flying], dt[flying])
        below = np.linalg.norm(new_r, axis=0) < EARTH_RADIUS_KM
        index = np.flatnonzero(flying)
        landing = index[below]
        step_start_r[:, landing], step_start_v[:, landing] = r[:, landing], v[:, landing]
        step_start_t[landing] = t[landing]
        crossed[landing] = True
        flown = index[~below]
        track[flown] += _vector_angle(r[:, flown], new_r[:, ~below])
        r[:, index], v[:, index] = new_r, new_v
        t[index] += dt[index]
        flying[landing] = False

    impact = np.full_like(position, np.nan)
    times = np.full(position.shape[1], np.nan)
    if crossed.any():
        low = np.zeros(crossed.sum())
        high = dt[crossed].copy()
        start_r, start_v = step_start_r[:, crossed], step_start_v[:, crossed]
        for _ in range(BISECTIONS):
            middle = (low + high) / 2
            mid_r, _ = _rk4(start_r, start_v, middle)
            above = np.linalg.norm(mid_r, axis=0) >= EARTH_RADIUS_KM
            low = np.where(above, middle, low)
            high = np.where(above, high, middle)
        final_r, _ = _rk4(start_r, start_v, (low + high) / 2)
        impact[:, crossed] = final_r
        times[crossed] = step_start_t[crossed] + (low + high) / 2
        track[crossed] += _vector_angle(start_r, final_r)
    track[~crossed] = np.nan
    return impact, times, track


def _vector_angle(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.arctan2(np.linalg.norm(np.cross(a, b, axis=0), axis=0), np.sum(a * b, axis=0))


def _central_angle(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - lon1)
    x = math.sin(p1) * np.sin(p2) + math.cos(p1) * np.cos(p2) * np.cos(dl)
    y = np.hypot(np.cos(p2) * np.sin(dl), math.cos(p1) * np.sin(p2) - math.sin(p1) * np.cos(p2) * np.cos(dl))
    return np.arctan2(y, x)


def _initial_bearing(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - lon1)
    return np.degrees(
        np.arctan2(np.sin(dl) * np.cos(p2), math.cos(p1) * np.sin(p2) - math.sin(p1) * np.cos(p2) * np.cos(dl))
    ) % 360.0


def _wrap180(angle: np.ndarray) -> np.ndarray:
    return (np.asarray(angle) + 180.0) % 360.0 - 180.0

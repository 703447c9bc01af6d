"""Trajectory reconstruction from a reported range and apogee.

The model is the closed-form Keplerian ballistic arc: a spherical, non-rotating Earth without an
atmosphere, launch and impact on the surface, the ellipse symmetric about apogee. From range and
apogee it gives the burnout state (speed, flight-path angle), the time of flight through Kepler's
equation, the minimum-energy range at the same speed and a sampled altitude-vs-downrange profile.

Formulas are written in terms of the apogee height ``h`` and the half-range angle ``phi`` rather
than in terms of the eccentricity, so that they stay accurate for a vertical shot (``phi = 0``),
for very low apogees (``e -> 0``) and near circular speed (``Q -> 1``), where the textbook forms
subtract nearly equal numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0
MU_KM3_S2 = 398600.4418
HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM
ATMOSPHERE_TOP_KM = 100.0
MIN_ENERGY_SHARE = 0.97
PROFILE_SAMPLES = 121


@dataclass(frozen=True)
class Profile:
    """Altitude along the flight, sampled from burnout to impact."""

    downrange_km: np.ndarray
    altitude_km: np.ndarray
    time_s: np.ndarray


@dataclass(frozen=True)
class Trajectory:
    range_km: float
    apogee_km: float
    burnout_speed_km_s: float
    flight_path_angle_deg: float
    time_of_flight_s: float
    met_range_km: float
    met_angle_deg: float
    trajectory_class: str
    eccentricity: float
    semi_major_axis_km: float
    profile: Profile

    @property
    def in_atmosphere(self) -> bool:
        """Below 100 km the flight never leaves the atmosphere: the vacuum model is a rough guide."""
        return self.apogee_km < ATMOSPHERE_TOP_KM

    @property
    def orbital(self) -> bool:
        """The burnout speed is at or above circular speed, so no minimum-energy range exists."""
        return math.isinf(self.met_range_km)

    @property
    def speed_ratio(self) -> float:
        """Burnout speed squared over circular speed squared (the textbook Q)."""
        return self.burnout_speed_km_s**2 * EARTH_RADIUS_KM / MU_KM3_S2


def _validate(range_km: float, apogee_km: float) -> None:
    if not (math.isfinite(range_km) and math.isfinite(apogee_km)):
        raise ValueError(f"range and apogee must be finite numbers, got range={range_km!r} km, apogee={apogee_km!r} km")
    if range_km < 0:
        raise ValueError(f"range must not be negative, got {range_km!r} km")
    if apogee_km <= 0:
        raise ValueError(f"apogee must be above the surface, got {apogee_km!r} km")
    if range_km > HALF_CIRCUMFERENCE_KM:
        raise ValueError(
            f"range {range_km!r} km is over half the Earth's circumference ({HALF_CIRCUMFERENCE_KM:.0f} km)"
        )


def _solve(range_km: np.ndarray, apogee_km: np.ndarray) -> dict[str, np.ndarray]:
    """The closed form over arrays of valid inputs; every quantity is an array of the same shape."""
    radius = EARTH_RADIUS_KM
    h = apogee_km
    r_apogee = radius + h
    phi = range_km / (2.0 * radius)
    s = np.sin(phi / 2.0)
    c = np.cos(phi / 2.0)
    # h + R(1 - cos(phi)), written without the cancellation in 1 - cos(phi).
    denominator = h + 2.0 * radius * s**2
    eccentricity = h / denominator
    one_minus_e = 2.0 * radius * s**2 / denominator
    semi_major = r_apogee / (1.0 + eccentricity)
    speed = np.sqrt(MU_KM3_S2 * (radius * one_minus_e + 2.0 * h) / (radius * r_apogee))
    gamma = np.arctan2(h * c, r_apogee * s)

    # 1 - Q, with Q = v^2 R / mu; positive below circular speed.
    one_minus_q = h * (radius * np.cos(phi) - h) / (denominator * r_apogee)
    q = 1.0 - one_minus_q
    suborbital = one_minus_q > 0
    safe_gap = np.where(suborbital, one_minus_q, 1.0)
    half_met_angle = np.where(suborbital, np.arctan2(q, 2.0 * np.sqrt(safe_gap)), math.pi / 2.0)
    met_range = np.where(suborbital, 2.0 * radius * half_met_angle, np.inf)
    # The minimum-energy angle is (pi - full range angle) / 4; at or above circular speed it is 0.
    met_angle = (math.pi - 2.0 * half_met_angle) / 4.0

    # Eccentric anomaly at burnout, from tan(E/2) = sqrt((1-e)/(1+e)) cot(phi/2) in stable form.
    burnout_anomaly = 2.0 * np.arctan2(c * np.sqrt(radius), np.sqrt(h + radius * s**2))
    mean_motion_time = np.sqrt(semi_major**3 / MU_KM3_S2)
    time_of_flight = 2.0 * mean_motion_time * (
        math.pi - burnout_anomaly + eccentricity * np.sin(burnout_anomaly)
    )
    return {
        "phi": phi,
        "eccentricity": eccentricity,
        "one_minus_e": one_minus_e,
        "semi_major_axis_km": semi_major,
        "burnout_speed_km_s": speed,
        "flight_path_angle_deg": np.degrees(gamma),
        "time_of_flight_s": time_of_flight,
        "met_range_km": met_range,
        "met_angle_deg": np.degrees(met_angle),
        "burnout_anomaly": burnout_anomaly,
    }


def _classify(range_km: np.ndarray, solved: dict[str, np.ndarray]) -> np.ndarray:
    met_range = solved["met_range_km"]
    near_max = np.isfinite(met_range) & (range_km >= MIN_ENERGY_SHARE * np.where(np.isfinite(met_range), met_range, 0))
    steeper = solved["flight_path_angle_deg"] > solved["met_angle_deg"]
    return np.where(near_max, "minimum-energy", np.where(steeper, "lofted", "depressed"))


def _profile(solved: dict[str, float], samples: int) -> Profile:
    eccentricity = solved["eccentricity"]
    semi_major = solved["semi_major_axis_km"]
    semi_minor = semi_major * math.sqrt(solved["one_minus_e"] * (1.0 + eccentricity))
    start = solved["burnout_anomaly"]
    anomaly = np.linspace(start, 2.0 * math.pi - start, samples)
    radius = semi_major * (1.0 - eccentricity * np.cos(anomaly))
    # Angle of the position from the apogee direction, so a vertical shot stays at downrange 0.
    from_apogee = np.arctan2(-semi_minor * np.sin(anomaly), semi_major * (eccentricity - np.cos(anomaly)))
    downrange = EARTH_RADIUS_KM * (from_apogee + solved["phi"])
    mean_anomaly = anomaly - eccentricity * np.sin(anomaly)
    time_s = math.sqrt(semi_major**3 / MU_KM3_S2) * (mean_anomaly - mean_anomaly[0])
    altitude = np.maximum(radius - EARTH_RADIUS_KM, 0.0)
    altitude[0] = altitude[-1] = 0.0
    downrange[0] = 0.0
    downrange[-1] = 2.0 * EARTH_RADIUS_KM * solved["phi"]
    return Profile(downrange_km=downrange, altitude_km=altitude, time_s=time_s)


def reconstruct(range_km: float, apogee_km: float, samples: int = PROFILE_SAMPLES) -> Trajectory:
    """Reconstruct one flight; raises ValueError naming the bad figure."""
    range_km = float(range_km)
    apogee_km = float(apogee_km)
    _validate(range_km, apogee_km)
    arrays = _solve(np.array([range_km]), np.array([apogee_km]))
    solved = {key: float(value[0]) for key, value in arrays.items()}
    trajectory_class = str(_classify(np.array([range_km]), arrays)[0])
    return Trajectory(
        range_km=range_km,
        apogee_km=apogee_km,
        burnout_speed_km_s=solved["burnout_speed_km_s"],
        flight_path_angle_deg=solved["flight_path_angle_deg"],
        time_of_flight_s=solved["time_of_flight_s"],
        met_range_km=solved["met_range_km"],
        met_angle_deg=solved["met_angle_deg"],
        trajectory_class=trajectory_class,
        eccentricity=solved["eccentricity"],
        semi_major_axis_km=solved["semi_major_axis_km"],
        profile=_profile(solved, samples),
    )


def reconstruct_many(range_km: np.ndarray | pd.Series, apogee_km: np.ndarray | pd.Series) -> pd.DataFrame:
    """Vectorized reconstruction, one row per input pair, keeping a Series' index.

    A row whose figures are missing or invalid (NaN range or apogee, apogee <= 0, range out of
    bounds) gets NaN figures and an empty class instead of failing the whole table.
    """
    index = range_km.index if isinstance(range_km, pd.Series) else None
    ranges = np.asarray(range_km, dtype="float64")
    apogees = np.asarray(apogee_km, dtype="float64")
    if ranges.shape != apogees.shape:
        raise ValueError(f"range and apogee arrays differ in length: {ranges.shape} vs {apogees.shape}")
    valid = (
        np.isfinite(ranges) & np.isfinite(apogees) & (ranges >= 0) & (ranges <= HALF_CIRCUMFERENCE_KM) & (apogees > 0)
    )
    safe_range = np.where(valid, ranges, 100.0)
    safe_apogee = np.where(valid, apogees, 50.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        solved = _solve(safe_range, safe_apogee)
    classes = np.where(valid, _classify(safe_range, solved), "")
    columns = ("burnout_speed_km_s", "flight_path_angle_deg", "time_of_flight_s", "met_range_km", "met_angle_deg")
    frame = pd.DataFrame({name: np.where(valid, solved[name], np.nan) for name in columns}, index=index)
    frame["trajectory_class"] = pd.Series(classes, index=frame.index, dtype="object")
    frame["in_atmosphere"] = valid & (apogees < ATMOSPHERE_TOP_KM)
    return frame


def from_burnout(speed_km_s: float, flight_path_angle_deg: float, samples: int = PROFILE_SAMPLES) -> Trajectory:
    """The flight that a burnout speed and flight-path angle produce; the inverse of reconstruct.

    Raises ValueError when the state never comes back down within half the Earth's circumference.
    """
    if not (math.isfinite(speed_km_s) and math.isfinite(flight_path_angle_deg)):
        raise ValueError(f"speed and angle must be finite, got {speed_km_s!r} km/s, {flight_path_angle_deg!r} deg")
    if speed_km_s <= 0 or not 0 < flight_path_angle_deg <= 90:
        raise ValueError(
            f"need a positive speed and an angle in (0, 90] deg, got {speed_km_s!r} km/s, {flight_path_angle_deg!r} deg"
        )
    q = speed_km_s**2 * EARTH_RADIUS_KM / MU_KM3_S2
    if q >= 2.0:
        raise ValueError(f"{speed_km_s} km/s is at or above escape speed")
    gamma = math.radians(flight_path_angle_deg)
    cos_g = math.cos(gamma)
    half_angle = math.atan2(q * math.sin(gamma) * cos_g, 1.0 - q * cos_g**2)
    if half_angle > math.pi / 2.0 + 1e-12:
        raise ValueError(
            f"{speed_km_s} km/s at {flight_path_angle_deg} deg flies beyond half the Earth's circumference"
        )
    r_apogee = EARTH_RADIUS_KM * (1.0 + math.sqrt(1.0 - q * (2.0 - q) * cos_g**2)) / (2.0 - q)
    range_km = min(2.0 * EARTH_RADIUS_KM * half_angle, HALF_CIRCUMFERENCE_KM)
    return reconstruct(range_km, r_apogee - EARTH_RADIUS_KM, samples)


def minimum_energy_twin(trajectory: Trajectory, samples: int = PROFILE_SAMPLES) -> Trajectory | None:
    """The minimum-energy flight at the same burnout speed; None when that speed is orbital."""
    if trajectory.orbital:
        return None
    return from_burnout(trajectory.burnout_speed_km_s, trajectory.met_angle_deg, samples)

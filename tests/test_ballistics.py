"""The Keplerian reconstruction checked against independent computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from splashdown import reach
from splashdown.ballistics import (
    EARTH_RADIUS_KM,
    HALF_CIRCUMFERENCE_KM,
    MU_KM3_S2,
    from_burnout,
    minimum_energy_twin,
    reconstruct,
    reconstruct_many,
)

CASES = [(450.0, 60.0), (1000.0, 300.0), (950.0, 4475.0), (10000.0, 1200.0), (3000.0, 2000.0), (50.0, 5.0)]


def _integrate_two_body(speed_km_s: np.ndarray, angle_deg: np.ndarray, steps: int = 6000) -> dict[str, np.ndarray]:
    """RK4 in the orbital plane from the surface until each flight comes back to the surface."""
    gamma = np.radians(angle_deg)
    state = np.stack(
        [
            np.zeros_like(gamma), np.full_like(gamma, EARTH_RADIUS_KM),
            speed_km_s * np.cos(gamma), speed_km_s * np.sin(gamma),
        ]
    )
    # Kepler's period bounds the flight, so a step that is a fraction of it resolves every case.
    semi_major = 1.0 / (2.0 / EARTH_RADIUS_KM - speed_km_s**2 / MU_KM3_S2)
    dt = 2.0 * math.pi * np.sqrt(semi_major**3 / MU_KM3_S2) / steps

    def derivative(s: np.ndarray) -> np.ndarray:
        r3 = np.hypot(s[0], s[1]) ** 3
        return np.stack([s[2], s[3], -MU_KM3_S2 * s[0] / r3, -MU_KM3_S2 * s[1] / r3])

    landed = np.full(gamma.shape, np.nan)
    angle = np.full(gamma.shape, np.nan)
    apogee = np.zeros_like(gamma)
    for step in range(steps):
        k1 = derivative(state)
        k2 = derivative(state + dt / 2 * k1)
        k3 = derivative(state + dt / 2 * k2)
        k4 = derivative(state + dt * k3)
        new = state + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        r_old = np.hypot(state[0], state[1])
        r_new = np.hypot(new[0], new[1])
        apogee = np.where(np.isnan(landed), np.maximum(apogee, r_new - EARTH_RADIUS_KM), apogee)
        crossing = np.isnan(landed) & (step > 0) & (r_old >= EARTH_RADIUS_KM) & (r_new < EARTH_RADIUS_KM)
        share = (r_old - EARTH_RADIUS_KM) / (r_old - r_new)
        landed = np.where(crossing, (step + share) * dt, landed)
        x = state[0] + share * (new[0] - state[0])
        y = state[1] + share * (new[1] - state[1])
        angle = np.where(crossing, np.arctan2(x, y), angle)
        state = new
    return {"range_km": angle * EARTH_RADIUS_KM, "apogee_km": apogee, "time_s": landed}


def test_numerical_two_body_integration_agrees_with_the_closed_form():
    flights = [reconstruct(r, h) for r, h in CASES]
    integrated = _integrate_two_body(
        np.array([f.burnout_speed_km_s for f in flights]), np.array([f.flight_path_angle_deg for f in flights])
    )
    for i, (range_km, apogee_km) in enumerate(CASES):
        assert integrated["range_km"][i] == pytest.approx(range_km, rel=2e-3, abs=0.5)
        assert integrated["apogee_km"][i] == pytest.approx(apogee_km, rel=2e-3, abs=0.05)
        assert integrated["time_s"][i] == pytest.approx(flights[i].time_of_flight_s, rel=2e-3)


def test_minimum_energy_shot_leaves_at_the_textbook_angle():
    for range_km in (300.0, 1000.0, 5000.0, 12000.0):
        full_angle = range_km / EARTH_RADIUS_KM
        textbook_gamma = 45.0 - math.degrees(full_angle) / 4.0
        # The minimum-energy apogee for that range, from the textbook Q = 2 sin(psi/2) / (1 + sin(psi/2)).
        q = 2 * math.sin(full_angle / 2) / (1 + math.sin(full_angle / 2))
        speed = math.sqrt(q * MU_KM3_S2 / EARTH_RADIUS_KM)
        flight = from_burnout(speed, textbook_gamma)
        assert flight.range_km == pytest.approx(range_km, rel=1e-9)
        assert flight.flight_path_angle_deg == pytest.approx(textbook_gamma, abs=1e-7)
        assert flight.met_range_km == pytest.approx(range_km, rel=1e-7)
        assert flight.met_angle_deg == pytest.approx(textbook_gamma, abs=1e-7)
        assert flight.trajectory_class == "minimum-energy"


def test_burnout_state_round_trips_to_range_and_apogee():
    for speed, angle in [(2.0, 30.0), (3.5, 70.0), (6.8, 22.0), (7.5, 87.0), (1.0, 5.0)]:
        flight = from_burnout(speed, angle)
        assert flight.burnout_speed_km_s == pytest.approx(speed, rel=1e-10)
        assert flight.flight_path_angle_deg == pytest.approx(angle, abs=1e-9)
        again = reconstruct(flight.range_km, flight.apogee_km)
        assert again.burnout_speed_km_s == pytest.approx(speed, rel=1e-10)


def test_seed_launch_is_a_depressed_short_range_flight():
    flight = reconstruct(450, 60)
    assert flight.trajectory_class == "depressed"
    assert flight.in_atmosphere
    assert 2.0 < flight.burnout_speed_km_s < 2.5
    assert 200 < flight.time_of_flight_s < 260
    assert flight.met_range_km > 450


def test_lofted_icbm_is_lofted_and_its_twin_reaches_far():
    flight = reconstruct(950, 4475)
    assert flight.trajectory_class == "lofted"
    assert not flight.in_atmosphere
    twin = minimum_energy_twin(flight)
    assert twin is not None
    assert twin.range_km == pytest.approx(flight.met_range_km, rel=1e-9)
    assert twin.burnout_speed_km_s == pytest.approx(flight.burnout_speed_km_s, rel=1e-10)
    assert 9000 < twin.range_km < 11000


def test_speed_at_or_above_circular_has_infinite_minimum_energy_range():
    # At a quarter of the circumference the apogee that makes burnout circular is R cos(phi).
    range_km = 5000.0
    boundary = EARTH_RADIUS_KM * math.cos(range_km / (2 * EARTH_RADIUS_KM))
    above = reconstruct(range_km, boundary * 1.0001)
    below = reconstruct(range_km, boundary * 0.9999)
    assert math.isinf(above.met_range_km) and above.orbital
    assert minimum_energy_twin(above) is None
    assert math.isfinite(below.met_range_km) and below.met_range_km > 19000
    assert below.speed_ratio < 1 <= above.speed_ratio


def test_vertical_shot_is_valid_and_stays_over_the_pad():
    flight = reconstruct(0, 100)
    assert flight.flight_path_angle_deg == pytest.approx(90.0)
    assert np.allclose(flight.profile.downrange_km, 0.0)
    assert flight.profile.altitude_km.max() == pytest.approx(100.0)
    # Energy balance: v^2/2 = mu (1/R - 1/(R+h)).
    assert flight.burnout_speed_km_s**2 / 2 == pytest.approx(MU_KM3_S2 * (1 / 6371 - 1 / 6471), rel=1e-12)
    near_vertical = reconstruct(1e-6, 100)
    assert near_vertical.time_of_flight_s == pytest.approx(flight.time_of_flight_s, rel=1e-6)


def test_very_low_apogee_matches_flat_earth_ballistics():
    # A 200 m hop 10 m high: slow enough that the Earth's curvature is negligible.
    flight = reconstruct(0.2, 0.01)
    g = MU_KM3_S2 / EARTH_RADIUS_KM**2
    assert flight.time_of_flight_s == pytest.approx(2 * math.sqrt(2 * 0.01 / g), rel=1e-3)
    assert math.tan(math.radians(flight.flight_path_angle_deg)) == pytest.approx(4 * 0.01 / 0.2, rel=1e-3)


def test_profile_runs_from_launch_to_impact_through_apogee():
    flight = reconstruct(1000, 300)
    profile = flight.profile
    assert profile.downrange_km[0] == 0 and profile.downrange_km[-1] == pytest.approx(1000)
    assert profile.altitude_km[0] == 0 and profile.altitude_km[-1] == 0
    assert profile.altitude_km.max() == pytest.approx(300, rel=1e-6)
    assert np.all(np.diff(profile.downrange_km) > 0)
    assert profile.time_s[-1] == pytest.approx(flight.time_of_flight_s)


@pytest.mark.parametrize(
    "range_km, apogee_km, message",
    [
        (float("nan"), 60, "finite"),
        (450, float("inf"), "finite"),
        (-1, 60, "negative"),
        (450, 0, "above the surface"),
        (450, -5, "above the surface"),
        (HALF_CIRCUMFERENCE_KM + 1, 60, "half the Earth"),
    ],
)
def test_invalid_input_raises_a_clear_error(range_km, apogee_km, message):
    with pytest.raises(ValueError, match=message):
        reconstruct(range_km, apogee_km)


def test_vectorized_form_matches_single_and_blanks_unusable_rows():
    ranges = pd.Series([450.0, np.nan, 950.0, 300.0, -3.0], index=[10, 11, 12, 13, 14])
    apogees = pd.Series([60.0, 60.0, 4475.0, np.nan, 50.0], index=ranges.index)
    frame = reconstruct_many(ranges, apogees)
    assert list(frame.index) == [10, 11, 12, 13, 14]
    single = reconstruct(950, 4475)
    assert frame.loc[12, "burnout_speed_km_s"] == pytest.approx(single.burnout_speed_km_s, rel=1e-12)
    assert frame.loc[12, "trajectory_class"] == "lofted"
    assert frame.loc[10, "in_atmosphere"]
    assert frame.loc[[11, 13, 14], "burnout_speed_km_s"].isna().all()
    assert (frame.loc[[11, 13, 14], "trajectory_class"] == "").all()


def test_vectorized_form_agrees_with_single_reconstruction_on_random_flights():
    rng = np.random.default_rng(7)
    ranges = rng.uniform(0, 15000, 2000)
    apogees = rng.uniform(1, 6000, 2000)
    frame = reconstruct_many(ranges, apogees)
    for i in range(0, 2000, 97):
        single = reconstruct(ranges[i], apogees[i])
        assert frame["time_of_flight_s"].iloc[i] == pytest.approx(single.time_of_flight_s, rel=1e-12)
        assert frame["met_range_km"].iloc[i] == pytest.approx(single.met_range_km, rel=1e-12)
        assert frame["trajectory_class"].iloc[i] == single.trajectory_class


def _kepler_impact_on_rotating_earth(lat: float, lon: float, flight, azimuth_deg: float) -> tuple[float, float, float]:
    """Independent closed form: the inertial Kepler ellipse of the ground-relative burnout state,
    flown to its symmetric surface crossing, with the Earth turned under it meanwhile."""
    omega = reach.EARTH_ROTATION_RAD_S
    phi, lam, az, gamma = map(math.radians, (lat, lon, azimuth_deg, flight.flight_path_angle_deg))
    up = np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])
    east = np.array([-math.sin(lam), math.cos(lam), 0.0])
    north = np.cross(up, east)
    r0 = EARTH_RADIUS_KM * up
    horizontal = math.cos(az) * north + math.sin(az) * east
    v0 = flight.burnout_speed_km_s * (math.sin(gamma) * up + math.cos(gamma) * horizontal)
    v0 = v0 + np.cross([0.0, 0.0, omega], r0)
    h_vec = np.cross(r0, v0)
    e_vec = np.cross(v0, h_vec) / MU_KM3_S2 - r0 / EARTH_RADIUS_KM
    e = np.linalg.norm(e_vec)
    a = 1.0 / (2.0 / EARTH_RADIUS_KM - v0 @ v0 / MU_KM3_S2)
    p_hat = e_vec / e
    q_hat = np.cross(h_vec / np.linalg.norm(h_vec), p_hat)
    theta0 = math.atan2(r0 @ q_hat, r0 @ p_hat)
    theta1 = -theta0  # same radius on the way down
    p = a * (1 - e * e)
    r1 = p / (1 + e * math.cos(theta1)) * (math.cos(theta1) * p_hat + math.sin(theta1) * q_hat)

    def mean_anomaly(theta: float) -> float:
        big_e = 2 * math.atan2(math.sqrt(1 - e) * math.sin(theta / 2), math.sqrt(1 + e) * math.cos(theta / 2))
        return big_e - e * math.sin(big_e)

    t = math.sqrt(a**3 / MU_KM3_S2) * ((mean_anomaly(theta1) - mean_anomaly(theta0)) % (2 * math.pi))
    turn = -omega * t
    x = r1[0] * math.cos(turn) - r1[1] * math.sin(turn)
    y = r1[0] * math.sin(turn) + r1[1] * math.cos(turn)
    return math.degrees(math.asin(r1[2] / EARTH_RADIUS_KM)), math.degrees(math.atan2(y, x)), t


def test_rotating_earth_integration_agrees_with_kepler_and_the_turning_earth():
    flights = [((450, 60), 86.0), ((950, 4475), 120.0), ((10000, 1200), 45.0), ((3000, 900), 270.0)]
    for (range_km, apogee_km), azimuth in flights:
        flight = reconstruct(range_km, apogee_km)
        landed = reach.reach_toward(40.0, 127.5, flight, azimuth)
        lat, lon, t = _kepler_impact_on_rotating_earth(40.0, 127.5, flight, azimuth)
        assert landed.time_of_flight_s == pytest.approx(t, rel=1e-5)
        assert landed.impact_lat == pytest.approx(lat, abs=1e-3)
        assert landed.impact_lon == pytest.approx(lon, abs=1e-3)


def test_without_rotation_the_integrated_reach_is_the_plain_figure(monkeypatch):
    monkeypatch.setattr(reach, "EARTH_ROTATION_RAD_S", 0.0)
    flight = reconstruct(950, 4475)
    landed = reach.reach_toward(39.0, 125.7, flight, 100.0)
    assert landed.range_km == pytest.approx(950, rel=1e-6)
    assert landed.time_of_flight_s == pytest.approx(flight.time_of_flight_s, rel=1e-6)


def test_eastward_shot_reaches_further_than_westward():
    flight = reconstruct(10000, 1200)
    east = reach.reach_toward(39.0, 125.7, flight, 90.0)
    west = reach.reach_toward(39.0, 125.7, flight, 270.0)
    assert east.range_km > flight.range_km > west.range_km


def test_near_escape_state_launched_east_never_comes_down():
    flight = reconstruct(100, 5e7)
    assert flight.speed_ratio < 2
    landed = reach.reach_toward(0.0, 125.7, flight, 90.0)
    assert landed.orbital and math.isnan(landed.impact_lat)


def test_skimming_state_launched_east_goes_round_the_globe():
    flight = reconstruct(20000, 100)
    landed = reach.reach_toward(39.0, 125.7, flight, 90.0)
    assert landed.range_km > 1.5 * HALF_CIRCUMFERENCE_KM
    assert reach.reach_toward(39.0, 125.7, flight, 270.0).range_km < landed.range_km


def test_targets_in_reach_separates_a_short_range_missile_from_an_icbm():
    cities = reach.load_targets()
    assert set(cities["name"]) >= {"Guam (Andersen AFB)", "Honolulu", "Anchorage", "Los Angeles", "Washington"}
    seed = reach.targets_in_reach(39.7437, 127.4732, reconstruct(450, 60), cities)
    assert not seed["inside"].any() and not seed["inside_at_best"].any()
    lofted_icbm = reach.targets_in_reach(39.0, 125.7, reconstruct(1090, 6248), cities).set_index("name")
    assert not lofted_icbm["inside"].any(), "flown as lofted as tested, it lands near home"
    assert lofted_icbm.loc["Los Angeles", "inside_at_best"] and lofted_icbm.loc["Honolulu", "inside_at_best"]
    assert (lofted_icbm["best_reach_km"] > 15000).all()

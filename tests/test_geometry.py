"""Splashdown estimates, fans, arcs and rings on the WGS-84 ellipsoid."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from splashdown import geometry
from splashdown.catalog import load_launches

WGS84 = Geodesic.WGS84


@pytest.fixture(scope="module")
def launches():
    return load_launches()


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def test_seed_splashdowns_lie_in_the_east_sea_about_450_km_from_their_sites(launches):
    seed = launches[launches["date_kst"] == "2021-03-25"]
    assert len(seed) == 2
    estimates = geometry.estimate_splashdowns(seed).set_index("launch_id")
    for row in seed.itertuples():
        impact = estimates.loc[row.launch_id]
        assert _distance_km(row.lat, row.lon, impact.impact_lat, impact.impact_lon) == pytest.approx(450, abs=1)
        in_sea = geometry._in_polygon(
            np.array([impact.impact_lon]), np.array([impact.impact_lat]), geometry.SEA_REGIONS["east-sea"]
        )[0]
        assert in_sea and not geometry._on_land(np.array([impact.impact_lat]), np.array([impact.impact_lon]))[0]
        assert impact.impact_lon > row.lon + 4, "an east-sea splashdown lies east of the launch site"
        assert impact.est_basis == row.bearing_basis
        assert geometry.distance_to_japan_km(impact.impact_lat, impact.impact_lon) > 150


def test_fan_spans_only_bearings_that_reach_the_reported_sea():
    sondok = (39.7437, 127.4732)
    start, end = geometry.bearing_window(*sondok, 450.0, "east-sea")
    assert 20 < start < 70 and 130 < end < 180
    west = geometry.bearing_window(*sondok, 450.0, "yellow-sea")
    assert west is not None and 180 < west[0] < 300 and 200 < west[1] < 330
    assert geometry.bearing_window(*sondok, 450.0, "unknown") is None
    # 2,000 km from Tonghae every bearing overshoots both seas.
    assert geometry.bearing_window(40.85, 129.67, 2000.0, "yellow-sea") is None
    assert geometry.bearing_window(40.85, 129.67, 2000.0, "east-sea") is None


def test_assumed_bearing_that_misses_the_area_is_replaced_by_the_fan_middle():
    # 90 deg from a west-coast site at 300 km lands in the East Sea, not the reported Yellow Sea.
    estimate = geometry.estimate_splashdown(38.9, 125.2, 300.0, 90.0, "assumed", "yellow-sea")
    assert estimate is not None and estimate.basis == "impact-area"
    start, end = estimate.fan_bearings
    assert (estimate.bearing_deg - start) % 360 <= (end - start) % 360
    assert estimate.lon < 125.2
    assert len(estimate.fan) == geometry.FAN_POINTS


def test_reported_bearing_is_used_as_is_without_a_fan():
    estimate = geometry.estimate_splashdown(39.7437, 127.4732, 450.0, 86.0, "reported", "east-sea")
    assert estimate.basis == "reported" and estimate.fan == () and estimate.fan_bearings is None
    direct = WGS84.Direct(39.7437, 127.4732, 86.0, 450_000.0)
    assert estimate.lat == pytest.approx(direct["lat2"], abs=1e-9)
    assert estimate.lon == pytest.approx(direct["lon2"], abs=1e-9)


def test_no_estimate_without_a_range_or_any_bearing():
    assert geometry.estimate_splashdown(39.7, 127.5, math.nan, 86.0, "inferred", "east-sea") is None
    assert geometry.estimate_splashdown(39.7, 127.5, 450.0, math.nan, "", "unknown") is None


def test_arc_rises_to_the_apogee_and_lands_at_the_splashdown():
    path = geometry.arc_path(39.7437, 127.4732, 86.0, 450.0, 60.0)
    altitudes = [point[2] for point in path]
    assert altitudes[0] == 0 and altitudes[-1] == 0
    assert max(altitudes) == pytest.approx(60_000, rel=1e-3)
    end = WGS84.Direct(39.7437, 127.4732, 86.0, 450_000.0)
    assert path[-1][0] == pytest.approx(end["lon2"], abs=1e-4)
    assert path[-1][1] == pytest.approx(end["lat2"], abs=1e-4)
    exaggerated = geometry.arc_path(39.7437, 127.4732, 86.0, 450.0, 60.0, exaggeration=5.0)
    assert max(point[2] for point in exaggerated) == pytest.approx(300_000, rel=1e-3)


def test_arc_without_apogee_is_a_ground_track():
    path = geometry.arc_path(39.7437, 127.4732, 86.0, 450.0, math.nan)
    assert all(point[2] == 0 for point in path)


def test_range_ring_is_a_geodesic_circle_continuous_across_the_antimeridian():
    ring = geometry.range_ring(39.0, 125.7, 7400.0)
    for lon, lat in ring[::20]:
        assert _distance_km(39.0, 125.7, lat, lon) == pytest.approx(7400, rel=1e-6)
    steps = np.abs(np.diff([point[0] for point in ring]))
    assert steps.max() < 30
    assert max(point[0] for point in ring) > 180, "east of the antimeridian stays east in the Pacific frame"


def test_distance_to_japan_coast_agrees_with_brute_force_over_the_coast_vertices():
    vertices = np.vstack([ring for ring in geometry._rings("japan-50m.geojson")])[::3]
    for lat, lon in [(40.0, 135.0), (39.9, 132.7), (42.0, 157.5), (36.0, 129.5)]:
        nearest_vertex = min(_distance_km(lat, lon, v_lat, v_lon) for v_lon, v_lat in vertices)
        distance = geometry.distance_to_japan_km(lat, lon)
        assert nearest_vertex - 15 < distance <= nearest_vertex + 1e-6
    # Tokyo Station is a kilometre or two from the bay shore.
    assert geometry.distance_to_japan_km(35.68, 139.77) < 10


def test_catalog_estimates_place_most_launches(launches):
    estimates = geometry.estimate_splashdowns(launches)
    placeable = launches[
        launches["range_km"].notna() & launches["lat"].notna() & (launches["impact_area"] != "unknown")
        & (launches["missile_class"] != "cruise")
    ]
    assert set(placeable["launch_id"]) <= set(estimates["launch_id"])
    cruise = launches[launches["missile_class"] == "cruise"]
    assert not set(cruise["launch_id"]) & set(estimates["launch_id"]), "cruise missiles fly patterns: no splashdown"
    assert set(estimates["est_basis"]) <= {"reported", "inferred", "assumed", "impact-area"}

"""Japan's EEZ (approximate line) and overflight, as an analyst reads them after a launch."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from splashdown import assessment, geometry, japan, vocabulary
from splashdown.catalog import load_launches

WGS84 = Geodesic.WGS84
OKUSHIRI = (42.15, 139.45)
TAKESHIMA = (37.24, 131.87)
# The catalog's flights whose ground track crosses Japan: the list plus 2023-08-24, the failed
# Chollima-1 that Japan MoD said passed over the sky between Okinawa's main island and Miyako-jima at
# about 04:00 JST, the words it used for 2023-11-21 (NTV and SCMP 2023-08-24; data/SOURCES.md,
# "Overflights of Japan"). Our track crosses Kume-jima's territorial sea.
KNOWN_OVERFLIGHTS = {
    "L-1998-08-31-1", "L-2009-04-05-1", "L-2012-12-12-1", "L-2016-02-07-1", "L-2017-08-29-1",
    "L-2017-09-15-1", "L-2022-10-04-1", "L-2023-08-24-1", "L-2023-11-21-1",
}


def _from(origin: tuple[float, float], bearing_deg: float, km: float) -> tuple[float, float]:
    end = WGS84.Direct(*origin, bearing_deg, km * 1000.0)
    return end["lat2"], end["lon2"]


@pytest.fixture(scope="module")
def assessed():
    return assessment.assess_launches(load_launches()).set_index("launch_id")


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [("off Sado", 38.5, 137.5), ("off Oga Peninsula, 100 km", 40.0, 138.5), ("south of Tokyo", 33.5, 139.8),
     ("west of Kyushu", 32.5, 128.9)],
)
def test_points_well_inside_japans_claim_are_inside_with_a_positive_distance(place, lat, lon):
    status = geometry.japan_eez_status(lat, lon)
    assert status.status == "inside", place
    assert status.distance_km > japan.NEAR_LINE_KM
    assert status.dispute == ""


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [("off Wonsan", 39.5, 129.0), ("Yellow Sea", 36.0, 123.5), ("mid-Pacific", 30.0, 170.0),
     ("off Vladivostok", 42.0, 132.5), ("west of Hawaii", 21.0, -160.0)],
)
def test_points_well_outside_are_outside_with_a_negative_distance(place, lat, lon):
    status = geometry.japan_eez_status(lat, lon)
    assert status.status == "outside", place
    assert status.distance_km < -japan.NEAR_LINE_KM


def test_the_median_line_with_russia_west_of_okushiri_is_too_close_to_call():
    # Japan MoD called "about 200-250 km west of Okushiri" inside in 2016 and "about 200 km west"
    # outside in 2024: the line runs there, and the estimate must not pretend to know better.
    for km in (200, 225):
        status = geometry.japan_eez_status(*_from(OKUSHIRI, 270, km))
        assert status.status == "near-line", km
        assert abs(status.distance_km) <= japan.NEAR_LINE_KM
    assert geometry.japan_eez_status(*_from(OKUSHIRI, 270, 120)).status == "inside"
    assert geometry.japan_eez_status(*_from(OKUSHIRI, 270, 320)).status == "outside"


def test_distance_changes_sign_across_the_line():
    inside = geometry.japan_eez_status(*_from(OKUSHIRI, 270, 195)).distance_km
    outside = geometry.japan_eez_status(*_from(OKUSHIRI, 270, 240)).distance_km
    assert inside > 0 > outside
    assert inside - outside == pytest.approx(45, abs=15), "distances along a line roughly square to it add up"


def test_sea_near_takeshima_is_inside_only_by_counting_takeshima_as_japans():
    status = geometry.japan_eez_status(*_from(TAKESHIMA, 90, 60))
    assert status.status == "inside"
    assert status.dispute == "Takeshima/Dokdo"
    # Between Oki and Honshu nothing depends on the island.
    assert geometry.japan_eez_status(36.6, 134.0).dispute == ""


def test_the_2019_slbm_splashdown_north_of_oki_depends_on_takeshima(assessed):
    # Japan MoD called the 2019-10-02 Pukguksong-3 inside, about 350 km north of Dogo (Oki).
    row = assessed.loc["L-2019-10-02-1"]
    assert row["eez_status"] == "inside" and row["eez_dispute"] == "Takeshima/Dokdo"


def test_the_southern_kurils_and_senkaku_are_named_where_they_carry_the_claim():
    assert geometry.japan_eez_status(*_from((45.0, 148.5), 120, 60)).dispute.startswith("southern Kurils")
    assert geometry.japan_eez_status(*_from((25.74, 123.47), 0, 60)).dispute == "Senkaku/Diaoyu"


def test_overflight_follows_the_ground_track_to_its_end():
    sunan = (39.2, 125.67)
    assert geometry.overflies_japan(*sunan, 73.0, 2700.0), "the 2017-08-29 Hwasong-12 crossed Hokkaido"
    assert not geometry.overflies_japan(*sunan, 73.0, 900.0), "the same bearing stopping in the Sea of Japan"
    assert not geometry.overflies_japan(*sunan, 180.0, 400.0)
    assert not geometry.overflies_japan(*sunan, float("nan"), 2700.0)


def test_the_catalogs_overflights_are_exactly_the_known_ones(assessed):
    assert set(assessed.index[assessed["overflies_japan"]]) == KNOWN_OVERFLIGHTS


def test_every_estimated_splashdown_is_assessed_with_its_fan(assessed):
    estimated = geometry.estimate_splashdowns(load_launches())
    assert set(assessed.index) == set(estimated["launch_id"])
    assert set(assessed["eez_status"]) <= set(vocabulary.EEZ_STATUSES)
    assert ((assessed["fan_inside"] >= 0) & (assessed["fan_inside"] <= assessed["fan_points"])).all()
    assert (assessed["fan_points"] == geometry.FAN_POINTS).all()
    seed = assessed.loc["L-2021-03-25-1"]
    # Japan MoD: outside. The estimate, 400 km off Japan, sits 20 km beyond the line: too close to call.
    assert seed["eez_line_km"] < 0 and seed["japan_coast_km"] > 150
    assert "Estimated splashdown" in assessment.describe(seed) and "Japan's EEZ" in assessment.describe(seed)


def test_assessing_no_launches_gives_an_empty_table():
    empty = assessment.assess_launches(load_launches().iloc[0:0])
    assert empty.empty and list(empty.columns) == list(assessment.COLUMNS)

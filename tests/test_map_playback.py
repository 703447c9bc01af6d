"""The Map's play control: which week a frame shows, what it draws, and how the controls move it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from splashdown import maps, playback
from splashdown.catalog import load_claims, load_launches
from splashdown.filters import Filters, apply_filters
from tests.apps import as_read, open_app

YEAR_2022 = {"from": "2022-01-01", "to": "2022-12-31"}
START, END = date(2022, 1, 1), date(2022, 12, 31)


@pytest.fixture(scope="module")
def year() -> tuple:
    launches = apply_filters(load_launches(), Filters(date_from=START, date_to=END))
    claims = load_claims()
    return launches, maps.deck_data(launches, maps.MapOptions(), claims[claims["field"] == "range_km"])


def _layer(deck: dict, layer_id: str) -> list[dict]:
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)["data"]


def _arc_segments(deck: dict) -> list[dict]:
    return [segment for layer in deck["layers"] if layer["id"].startswith("arcs ") for segment in layer["data"]]


def _deck(app) -> dict:
    return json.loads(app.get("deck_gl_json_chart")[0].proto.json)


def _week_line(app) -> str:
    return next(line.value for line in app.markdown if " of 53" in line.value or "Whole period" in line.value)


def test_a_year_plays_in_iso_weeks_cut_to_the_period():
    weeks = playback.period_weeks(START, END)
    assert (weeks[0], weeks[1], weeks[-1], len(weeks)) == ("2021-W52", "2022-W01", "2022-W52", 53)
    first = playback.frame(weeks, "2021-W52", START, END)
    assert (first.first_day, first.last_day) == (date(2022, 1, 1), date(2022, 1, 2)), "no day before the period"
    assert playback.frame(weeks, "2022-W40", START, END).words == "2022-W40 (3–9 Oct 2022), week 41 of 53"
    with pytest.raises(ValueError, match="2021-W10 is not in this period"):
        playback.frame(weeks, "2021-W10", START, END)


def test_stepping_wraps_from_the_whole_period_and_stops_at_the_first_week():
    weeks = playback.period_weeks(START, END)
    assert playback.following(weeks, None) == "2021-W52", "forward from the whole period starts at the first week"
    assert playback.following(weeks, "2022-W52") == "2021-W52", "Play from the last week starts again"
    assert playback.preceding(weeks, None) == "2022-W52"
    assert playback.preceding(weeks, "2021-W52") == "2021-W52"


def test_a_frame_draws_its_week_in_full_and_earlier_weeks_faded(year):
    launches, data = year
    weeks = playback.period_weeks(START, END)
    shapes, counts = playback.frame_shapes(data, launches, playback.frame(weeks, "2022-W40", START, END))
    in_week = set(launches.loc[launches["week"] == "2022-W40", "launch_id"])
    so_far = launches[launches["date_kst"] <= "2022-10-09"]
    assert (counts.in_week, counts.so_far) == (len(in_week), len(so_far)) == (5, 47)
    assert {arc["launch_id"] for arc in shapes.arcs} <= in_week and shapes.arcs
    assert {fan["launch_id"] for fan in shapes.fans} <= in_week
    assert {point["launch_id"] for point in shapes.splashdowns} <= set(so_far["launch_id"])
    for point in shapes.splashdowns:
        faded = point["colour"][3] < 255
        assert faded == (point["launch_id"] not in in_week), point["launch_id"]
    assert sum(site["launches"] for site in shapes.sites) == so_far["lat"].notna().sum()
    assert shapes.view == data.view and shapes.exaggeration == data.exaggeration, "the view does not move"
    last, _ = playback.frame_shapes(data, launches, playback.frame(weeks, "2022-W52", START, END))
    whole_bytes = len(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json())
    assert len(maps.deck_from_data(last, maps.STATIC_BASEMAP_URL).to_json()) < whole_bytes / 3


@pytest.mark.usefixtures("isolated_store")
def test_play_starts_at_the_first_week_and_pause_keeps_the_week_in_the_link():
    app = open_app(YEAR_2022, page="views/map.py")
    assert not app.exception, app.exception
    assert _week_line(app).startswith("**Whole period**, 2021-W52 to 2022-W52: 53 weeks, 80 launches")
    whole = _deck(app)
    app.button(key="map_play").click().run()
    assert not app.exception, app.exception
    assert app.query_params["frame"] == "2021-W52"
    assert app.button(key="map_play").label == "⏸ Pause"
    assert "No launches this week, and none yet since 1 Jan 2022" in _week_line(app)
    assert _layer(_deck(app), "splashdowns") == [] and _layer(whole, "splashdowns")
    app.button(key="map_play").click().run()
    assert app.button(key="map_play").label == "▶ Play"
    assert app.query_params["frame"] == "2021-W52"


@pytest.mark.usefixtures("isolated_store")
def test_steps_move_one_week_and_stop_at_either_end():
    app = open_app(YEAR_2022 | {"frame": "2022-W01"}, page="views/map.py")
    assert "2022-W01 (3–9 Jan 2022), week 2 of 53" in _week_line(app)
    app.button(key="map_play_back").click().run()
    assert app.query_params["frame"] == "2021-W52"
    assert app.button(key="map_play_back").disabled, "nothing before the first week"
    app.button(key="map_play_whole").click().run()
    assert "frame" not in app.query_params
    app.button(key="map_play_back").click().run()
    assert app.query_params["frame"] == "2022-W52"
    assert app.button(key="map_play_forward").disabled, "nothing after the last week"
    app.button(key="map_play").click().run()
    assert app.query_params["frame"] == "2021-W52", "Play from the last week starts again at the first"


@pytest.mark.usefixtures("isolated_store")
def test_a_linked_week_opens_paused_with_its_launches_and_an_empty_week_says_so():
    app = open_app(YEAR_2022 | {"frame": "2022-W40"}, page="views/map.py")
    assert not app.exception, app.exception
    assert app.button(key="map_play").label == "▶ Play"
    assert "5 launches this week, in full colour; 47 since 1 Jan 2022" in _week_line(app)
    ends = [segment["t"][:2] for segment in _arc_segments(_deck(app)) if segment["t"][2] == 0]
    this_week = [point["position"] for point in _layer(_deck(app), "splashdowns")
                 if point["launch_id"][:12] in {"L-2022-10-04", "L-2022-10-06", "L-2022-10-09"}]
    assert ends and all(any(abs(end[0] - lon) + abs(end[1] - lat) < 0.01 for lon, lat in this_week) for end in ends), (
        "arcs are drawn for this week's flights only")
    app.select_slider(key="map_play_week").set_value("2022-W05").run()
    assert app.query_params["frame"] == "2022-W05"
    assert "No launches this week; 11 since 1 Jan 2022, shown faded." in _week_line(app)
    assert _arc_segments(_deck(app)) == []


@pytest.mark.usefixtures("isolated_store")
def test_a_linked_week_outside_the_period_is_named_and_the_whole_period_shown():
    app = open_app(YEAR_2022 | {"frame": "2021-W12"}, page="views/map.py")
    assert not app.exception, app.exception
    assert any("week 2021-W12 is not one of this period's" in as_read(warning.value) for warning in app.warning)
    assert "frame" not in app.query_params
    assert _week_line(app).startswith("**Whole period**")


@pytest.mark.usefixtures("isolated_store")
def test_markup_in_a_linked_week_is_never_echoed_into_the_notice():
    app = open_app(YEAR_2022 | {"frame": "![pixel](http://x.invalid/p.png) **urgent**"}, page="views/map.py")
    assert not app.exception, app.exception
    notices = [warning.value for warning in app.warning if "is not one of this period's" in warning.value]
    assert notices and not [notice for notice in notices if "x.invalid" in notice or "**" in notice], notices


@pytest.mark.usefixtures("isolated_store")
def test_moving_to_another_period_drops_the_week_without_a_link_notice():
    app = open_app(YEAR_2022 | {"frame": "2022-W40"}, page="views/map.py")
    app.button(key="map_play").click().run()
    app.run()  # the whole page again: the Play click reran only the player
    assert app.button(key="map_play").label == "⏸ Pause"
    app.button(key="f_next").click().run()
    assert not app.exception, app.exception
    assert "frame" not in app.query_params and app.query_params["from"] == "2023-01-01"
    assert not [warning for warning in app.warning if "not one of this period" in warning.value]
    assert app.button(key="map_play").label == "▶ Play", "playback stops with the period it played"
    assert _week_line(app).startswith("**Whole period**, 2022-W52 to 2023-W52")


@pytest.mark.usefixtures("isolated_store")
def test_a_single_week_has_no_play_control():
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    assert not app.exception, app.exception
    assert not [button for button in app.button if button.key == "map_play"]
    assert app.get("deck_gl_json_chart")

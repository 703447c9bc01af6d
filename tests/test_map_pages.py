"""The Map and Trajectory pages as an analyst meets them on the morning of 2021-03-25."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from components.map_panel import MAP_DOWNLOADS_OPEN
from splashdown.palette import class_colour
from tests.apps import open_app, plotly_specs

pytestmark = pytest.mark.usefixtures("isolated_store")


def _deck(app) -> dict:
    charts = app.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _layer(deck: dict, layer_id: str) -> dict:
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)


def _arc_segments(deck: dict) -> list[dict]:
    return [segment for layer in deck["layers"] if layer["id"].startswith("arcs ") for segment in layer["data"]]


def _all_text(app) -> str:
    return " ".join(element.value for kind in ("caption", "markdown", "text", "info", "warning")
                    for element in getattr(app, kind))


def test_map_shows_the_weeks_launches_with_estimated_splashdowns():
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    assert not app.exception, app.exception
    deck = _deck(app)
    splashdowns = _layer(deck, "splashdowns")["data"]
    assert {point["launch_id"] for point in splashdowns} >= {"L-2021-03-25-1", "L-2021-03-25-2"}
    assert all(point["position"][0] > 130 for point in splashdowns if point["launch_id"].startswith("L-2021-03-25"))
    assert "http" not in app.get("deck_gl_json_chart")[0].proto.json
    text = _all_text(app)
    assert "Splashdowns are estimates" in text
    bases = "bearing reported|bearing inferred from the impact area|bearing assumed|placed mid-fan"
    assert re.search(rf"\d+ ({bases})", text)
    assert "approximate line of Japan's claimed EEZ" in text


def test_the_legend_names_each_class_drawn_in_its_colour_with_its_count():
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    legend = next(element.proto.body for element in app.get("html") if "Missiles by class" in element.proto.body)
    chips = dict(re.findall(r'background:(#[0-9a-f]{6})[^>]*>(\w+ \d+)<', legend))
    assert chips == {class_colour("SRBM"): "SRBM 2"}


def test_true_scale_control_changes_arc_heights_and_the_view_stays_put():
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    before = _deck(app)
    app.run()
    assert _deck(app) == before, "an unchanged rerun must send an identical deck"
    app.select_slider(key="map_exaggeration").set_value(1.0).run()
    assert not app.exception
    after = _deck(app)
    # The week's flights with arcs are the seed salvo's two SRBMs, both 60 km high.
    assert max(segment["t"][2] for segment in _arc_segments(after)) == pytest.approx(60_000, rel=1e-3)
    assert after["initialViewState"] == before["initialViewState"]


def test_ring_toggles_add_rings():
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    assert not {"met-rings", "city-rings"} & {layer["id"] for layer in _deck(app)["layers"]}, (
        "rings are paths, a pipeline of their own: in the deck only while shown")
    app.toggle(key="map_met_rings").set_value(True).run()
    app.toggle(key="map_city_rings").set_value(True).run()
    deck = _deck(app)
    assert _layer(deck, "met-rings")["data"] and _layer(deck, "city-rings")["data"]


def test_empty_period_says_so_on_the_map():
    app = open_app({"week": "2018-W20"}, page="views/map.py")
    assert not app.exception
    assert any("No launches match these filters" in info.value for info in app.info)
    assert _arc_segments(_deck(app)) == []


def test_trajectory_of_the_seed_launch_is_depressed_and_labelled_a_rough_guide():
    app = open_app({"week": "2021-W12"}, page="views/trajectory.py")
    assert not app.exception, app.exception
    app.selectbox(key="trajectory_launch").set_value("L-2021-03-25-1").run()
    assert not app.exception, app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Trajectory"] == "depressed"
    assert metrics["Burnout speed"].endswith("km/s")
    assert any("vacuum model, rough guide" in warning.value for warning in app.warning)
    profile = plotly_specs(app)[0]
    names = [trace.get("name", "") for trace in profile["data"]]
    assert any(name.startswith("Minimum-energy flight at the same speed") for name in names)
    text = _all_text(app)
    assert "ROK JCS" in text or "CNS/NTI" in text
    assert "Estimated splashdown" in text and "km from Japan's coast" in text
    reach_table = app.dataframe[0].value
    assert set(reach_table["Target"]) >= {"Guam (Andersen AFB)", "Washington"}
    assert (reach_table["Inside at best angle"] == "no").all()


def test_what_if_reports_bad_input_and_shows_an_orbital_caveat():
    app = open_app({"week": "2021-W12"}, page="views/trajectory.py")
    app.segmented_control(key="trajectory_mode").set_value("What-if: type range and apogee").run()
    app.number_input(key="whatif_apogee").set_value(0.0).run()
    assert not app.exception
    assert any("apogee must be above the surface" in error.value for error in app.error)
    app.number_input(key="whatif_range").set_value(1000.0).run()
    app.number_input(key="whatif_apogee").set_value(7000.0).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Minimum-energy range"] == "∞ (orbital)"
    assert any("orbital boundary" in warning.value for warning in app.warning)


def test_map_downloads_are_named_with_their_period(monkeypatch: pytest.MonkeyPatch) -> None:
    names: list[str] = []
    register = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data: Any, mimetype: str | None, coordinates: str, file_name: str | None = None,
            **kwargs: Any) -> str:
        names.append(file_name or "")
        return register(self, data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    app = open_app({"week": "2021-W12"}, page="views/map.py")
    assert not app.exception
    assert not [name for name in names if name.startswith("splashdown-map")], "filled only once opened"
    app.session_state[MAP_DOWNLOADS_OPEN] = True
    app.run()
    map_files = [name for name in names if name.startswith("splashdown-map")]
    assert "splashdown-map-2021-W12.png" in map_files and "splashdown-map-2021-W12-interactive.html" in map_files
    assert all("2021-W12" in name for name in map_files), map_files

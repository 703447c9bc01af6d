"""The launch map's deck: expected layers, offline, honest about estimates, stable between reruns."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from splashdown import maps
from splashdown.catalog import load_launches
from splashdown.config import PROJECT_ROOT as ROOT
from splashdown.palette import class_rgb


@pytest.fixture(scope="module")
def launches():
    return load_launches()


@pytest.fixture(scope="module")
def seed(launches):
    # As the salvo looked before any agency gave a bearing: an estimate from the impact area.
    return launches[launches["date_kst"] == "2021-03-25"].assign(note_count=[2, 0], bearing_basis="inferred")


def _layers(deck_json: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck_json["layers"]}


def test_deck_has_the_expected_layers_and_no_external_url(launches):
    options = maps.MapOptions(show_met_rings=True, show_city_rings=True)
    text = maps.build_deck(launches, options).to_json()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.(com|org|net|io)", text, re.IGNORECASE)
    deck = json.loads(text)
    assert [layer["id"] for layer in deck["layers"]] == [
        "sea", "land-world", "land-theatre", "borders", "japan-coast", "japan-eez", "city-rings", "met-rings", "fans",
        "spreads", "arcs", "splashdowns", "sites", "places", "cities", "city-labels", "place-labels", "site-labels",
    ]
    assert deck["mapStyle"] == "__MAP_STYLE__", "no style URL, so Streamlit adds no tile server"
    layers = _layers(deck)
    assert layers["arcs"]["@@type"] == "PathLayer"
    assert layers["land-theatre"]["@@type"] == "GeoJsonLayer"
    assert len(layers["land-theatre"]["data"]["features"]) > 10
    assert len(layers["arcs"]["data"]) > 200
    assert layers["arcs"]["widthUnits"] == "pixels"
    assert len(layers["met-rings"]["data"]) >= 1 and len(layers["city-rings"]["data"]) >= 5


def test_arcs_carry_true_altitude_and_scale_with_exaggeration(seed):
    true_scale = _layers(maps.deck_json(seed, maps.MapOptions(exaggeration=1.0)))["arcs"]["data"]
    tenfold = _layers(maps.deck_json(seed, maps.MapOptions(exaggeration=10.0)))["arcs"]["data"]
    for arc, high in zip(true_scale, tenfold):
        assert max(point[2] for point in arc["path"]) == pytest.approx(60_000, rel=1e-3)
        assert max(point[2] for point in high["path"]) == pytest.approx(600_000, rel=1e-3)
        assert arc["path"][0][2] == 0 and arc["path"][-1][2] == 0


def test_estimated_splashdowns_look_estimated_and_say_their_basis(seed):
    layers = _layers(maps.deck_json(seed))
    srbm = class_rgb("SRBM")
    for arc in layers["arcs"]["data"]:
        assert arc["basis"] == "inferred"
        assert arc["colour"][:3] == srbm[:3] and arc["colour"][3] < 255
    for point in layers["splashdowns"]["data"]:
        assert point["fill"] != point["colour"], "estimated points are hollow"
        assert "bearing inferred" in point["tooltip"] and "Range 450 km, apogee 60 km" in point["tooltip"]
    assert len(layers["fans"]["data"]) == 2
    for fan in layers["fans"]["data"]:
        assert fan["colour"][3] < 128, "a fan is a faint outline"
        assert fan["path"][0] == fan["path"][-1], "the wedge closes at its launch site"
        assert len(fan["path"]) > 4 and "Plausible splashdowns" in fan["tooltip"]
    tooltips = [point["tooltip"] for point in layers["splashdowns"]["data"]]
    assert any("Notes: 2" in tip for tip in tooltips) and any("Notes: 0" in tip for tip in tooltips)


def test_reported_bearing_is_drawn_solid_without_a_fan(seed):
    layers = _layers(maps.deck_json(seed.assign(bearing_basis="reported")))
    assert layers["fans"]["data"] == []
    assert all(arc["colour"][3] == 255 for arc in layers["arcs"]["data"])
    assert all(point["fill"] == point["colour"] for point in layers["splashdowns"]["data"])
    assert all("bearing reported" in point["tooltip"] for point in layers["splashdowns"]["data"])


def test_tooltip_is_plain_text_not_html(seed):
    # deck.gl inserts a "text" tooltip as text; an "html" one would render catalog text as markup.
    assert maps.build_deck(seed)._tooltip == {"text": "{tooltip}"}


def test_toggles_empty_their_layers(seed):
    options = maps.MapOptions(show_arcs=False, show_fans=False, show_met_rings=False, show_city_rings=False)
    layers = _layers(maps.deck_json(seed, options))
    for layer_id in ("arcs", "fans", "met-rings", "city-rings", "cities"):
        assert layers[layer_id]["data"] == []
    assert len(layers["splashdowns"]["data"]) == 2 and len(layers["sites"]["data"]) == 2


def test_same_data_and_options_give_a_byte_identical_deck(launches):
    options = maps.MapOptions(exaggeration=2.0, show_met_rings=True)
    first = maps.build_deck(launches, options).to_json()
    second = maps.build_deck(launches.sample(frac=1.0, random_state=3), options).to_json()
    assert first == second


def test_sites_are_sized_by_their_number_of_launches(launches):
    sites = _layers(maps.deck_json(launches))["sites"]["data"]
    counts = launches.groupby("site_id").size()
    by_id = {site["site_id"]: site for site in sites}
    busiest, quietest = counts.idxmax(), counts.idxmin()
    assert by_id[busiest]["radius"] > by_id[quietest]["radius"]
    assert f"{counts[busiest]} launches" in by_id[busiest]["tooltip"]


def test_no_launches_gives_a_base_map_without_flights(launches):
    layers = _layers(maps.deck_json(launches.iloc[0:0]))
    assert layers["arcs"]["data"] == [] and layers["sites"]["data"] == []
    assert len(layers["land-world"]["data"]["features"]) > 100


def test_large_selection_draws_only_the_newest_flights_but_counts_every_site(launches, monkeypatch):
    monkeypatch.setattr(maps, "MAX_FLIGHTS", 40)
    data = maps.deck_data(launches, maps.MapOptions())
    placed = launches[launches["lat"].notna()]
    assert data.launches_total == len(placed) and data.launches_drawn == 40
    drawn_ids = {arc["launch_id"] for arc in data.arcs}
    newest = set(placed.sort_values(["date_kst", "launch_id"], ascending=[False, True]).head(40)["launch_id"])
    assert drawn_ids <= newest and len(drawn_ids) > 20
    assert sum(int(site["tooltip"].split(": ")[1].split(" ")[0]) for site in data.sites) == len(placed)


def test_page_deck_draws_the_base_map_as_served_pictures_and_carries_only_launches(launches):
    week = launches[launches["week"] == "2022-W40"]
    data = maps.deck_data(week, maps.MapOptions())
    inline = json.loads(maps.deck_from_data(data).to_json())
    served = json.loads(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json())
    pictures = [layer for layer in served["layers"] if layer["@@type"] == "BitmapLayer"]
    shown = [layer for layer in pictures if layer.get("visible", True)]
    assert [layer["image"].replace("-plain.png", ".png") for layer in shown] == [
        f"app/static/{image.name}" for image in maps.BASEMAP_IMAGES]
    assert all((ROOT / "static" / layer["image"].removeprefix("app/static/")).is_file() for layer in pictures), (
        "each URL is a file the app serves")
    assert not {"sea", "land-world", "land-theatre", "borders", "japan-coast", "japan-eez"} & set(_layers(served))
    assert all(layer["id"].startswith(("arcs ", "fans ", "spreads")) for layer in served["layers"]
               if layer["@@type"] == "LineLayer"), "the base map's lines are in the pictures"
    for layer_id in ("land-world", "land-theatre", "borders", "japan-coast", "japan-eez"):
        assert isinstance(_layers(inline)[layer_id]["data"], (dict, list)), "exports keep a vector base map inline"
    assert _layers(served)["splashdowns"] == _layers(inline)["splashdowns"]
    assert len(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json()) < 60_000


def test_wide_weeks_draw_the_base_map_without_its_names_which_would_be_specks(launches):
    def pictures(week: str) -> tuple[float, set[str]]:
        data = maps.deck_data(launches[launches["week"] == week], maps.MapOptions())
        served = json.loads(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json())
        return data.view["zoom"], {layer["image"].removeprefix("app/static/") for layer in served["layers"]
                                   if layer["@@type"] == "BitmapLayer" and layer.get("visible", True)}

    named = set(maps.NAMED_BASEMAP_IMAGES)
    plain = {image.plain_name for image in maps.BASEMAP_IMAGES if image.name in named}
    usual_zoom, usual = pictures("2022-W41")
    korea_japan_zoom, korea_japan = pictures("2017-W30")
    for week in ("2017-W35", "2022-W40"):  # the western Pacific, the North Pacific
        zoom, wide = pictures(week)
        assert zoom < maps.NAMES_LEGIBLE_FROM_ZOOM and plain <= wide and not named & wide, week
    assert usual_zoom == maps.INITIAL_VIEW["zoom"] and korea_japan_zoom == maps.STANDARD_FRAMES[1].view["zoom"]
    assert named <= usual and named <= korea_japan and not plain & (usual | korea_japan)
    assert all((ROOT / "static" / name).is_file() for name in plain)


def test_page_deck_draws_with_three_layer_kinds_and_names_places_in_tooltips(launches):
    # Each kind of layer costs the switch to the Map its own shader programs and first draw.
    week = launches[launches["week"] == "2022-W40"]
    data = maps.deck_data(week, maps.MapOptions())
    served = json.loads(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json())
    assert {layer["@@type"] for layer in served["layers"]} == {"BitmapLayer", "LineLayer", "ScatterplotLayer"}
    layers = _layers(served)
    assert {site["name"] for site in data.sites} == {site["tooltip"].split(" (")[0] for site in layers["sites"]["data"]}
    places = {place["tooltip"] for place in layers["places"]["data"]}
    assert "Sado: a place Japan MoD measures splashdowns from" in places
    assert any(tip.startswith("Tokyo,") for tip in places)
    with_cities = maps.deck_data(week, maps.MapOptions(show_city_rings=True))
    ringed = _layers(json.loads(maps.deck_from_data(with_cities, maps.STATIC_BASEMAP_URL).to_json()))
    assert ringed["city-labels"]["@@type"] == "TextLayer" and ringed["city-labels"]["data"], (
        "the city rings' names are drawn while the analyst shows them")
    assert ringed["city-rings"]["@@type"] == "PathLayer" and ringed["city-rings"]["data"]


def test_page_arcs_and_fans_are_segments_through_their_paths_one_layer_per_colour(seed):
    data = maps.deck_data(seed, maps.MapOptions(exaggeration=1.0))
    served = json.loads(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL).to_json())
    arc_layers = [layer for layer in served["layers"] if layer["id"].startswith("arcs ")]
    assert len(arc_layers) == 1 and arc_layers[0]["getColor"] == data.arcs[0]["colour"], "two SRBMs, one colour"
    segments = arc_layers[0]["data"]
    assert len(segments) == 2 * (maps.ARC_SAMPLES - 1) // maps.PAGE_ARC_STEP
    first = segments[: len(segments) // 2]
    assert first[0]["s"] == data.arcs[0]["path"][0] and first[-1]["t"] == data.arcs[0]["path"][-1]
    assert all(left["t"] == right["s"] for left, right in zip(first, first[1:])), "one unbroken line"
    assert max(segment["t"][2] for segment in segments) == pytest.approx(60_000, rel=1e-3), "the apogee is a point"
    fans = [layer for layer in served["layers"] if layer["id"].startswith("fans ")]
    assert len(fans) == 1 and fans[0]["getColor"][3] < 128
    outline = fans[0]["data"]
    site = data.fans[0]["path"][0]
    assert outline[0]["s"] == site and outline[len(outline) // 2 - 1]["t"] == site, "each wedge closes at its site"
    first_edge, last_edge = data.fans[0]["path"][1], data.fans[0]["path"][-2]
    assert outline[0]["t"] == first_edge and outline[len(outline) // 2 - 2]["t"] == last_edge, (
        "both edges of the plausible bearings are kept")


def test_base_map_pictures_tile_the_world_once_and_are_finer_where_launches_fall():
    boxes = [(image.west, image.south, image.east, image.north) for image in maps.BASEMAP_IMAGES]
    area = sum((east - west) * (north - south) for west, south, east, north in boxes)
    assert area == pytest.approx(360.0 * 2 * maps.MERCATOR_LIMIT), "every place is painted by exactly one picture"
    for index, (west, south, east, north) in enumerate(boxes):
        for other_west, other_south, other_east, other_north in boxes[index + 1:]:
            assert min(east, other_east) <= max(west, other_west) or min(north, other_north) <= max(south, other_south)
    pyongyang = next(image for image in maps.BASEMAP_IMAGES if image.west <= 125.75 <= image.east
                     and image.south <= 39.03 <= image.north)
    assert pyongyang.zoom >= maps.INITIAL_VIEW["zoom"] + 0.5, "sharp at the week view and a little closer"


def test_base_map_pictures_are_the_tool_drawing_the_bundled_polygons_lines_and_names():
    from PIL import Image

    from tools.build_basemap import build_images, map_names, name_boxes

    basemap = ROOT / "data" / "basemap"
    world, theatre = (json.loads((basemap / name).read_text(encoding="utf-8"))
                      for name in ("countries-110m.geojson", "theatre-50m.geojson"))
    lines = {layer_id: json.loads((basemap / name).read_text(encoding="utf-8"))
             for layer_id, name in maps.BASEMAP_LINES.items()}
    built = build_images(world, theatre, lines, map_names())
    files = {image.name: image for image in maps.BASEMAP_IMAGES}
    files |= {image.plain_name: image for image in maps.BASEMAP_IMAGES if image.name in maps.NAMED_BASEMAP_IMAGES}
    assert sorted(built) == sorted(files) == sorted(path.name for path in basemap.glob("basemap-*.png"))
    for name, image in files.items():
        with Image.open(basemap / name) as stored:
            committed = np.asarray(stored.convert("RGB"), dtype=int)
        drawn = np.asarray(built[name], dtype=int)
        assert committed.shape == drawn.shape == (image.size[1], image.size[0], 3), name
        # A fiftieth of Japan's coast left out changes about 350 pixels of the Korea and Japan picture.
        differing = int(np.sum(np.abs(committed - drawn).max(axis=-1) > 24))
        assert differing <= 50, f"{name} is stale ({differing} pixels): run python -m tools.build_basemap raster"
    korea_japan = next(image for image in maps.BASEMAP_IMAGES if image.name == "basemap-korea-japan.png")
    picture = np.asarray(built[korea_japan.name], dtype=int)
    for place, lon, lat, rgb in (("Pyongyang", 125.75, 39.03, maps.LAND_RGB), ("Tokyo", 139.69, 35.69, maps.LAND_RGB),
                                 ("the Sea of Japan", 134.0, 40.0, maps.SEA_RGB)):
        x, y = korea_japan.pixel(lon, lat)
        assert list(picture[int(y), int(x)]) == rgb[:3], place
    # Japan's EEZ line is drawn in: the claim in strong red where it crosses the Sea of Japan.
    eez_red = np.all(np.abs(picture - (np.array(maps.EEZ_RGB) * 0.9 + np.array(maps.SEA_RGB[:3]) * 0.1)) < 20, axis=-1)
    crossing = picture[:, int(korea_japan.pixel(131.5, 38.0)[0])]
    assert eez_red.sum() > 2000 and np.any(np.all(np.abs(crossing - [176, 32, 32]) < 40, axis=-1))
    # The names are written in: a site's name in near-black, darker than any line the map strokes.
    site, *_, (left, top, right, bottom) = next(box for box in name_boxes(korea_japan, map_names()) if box[0].is_site)
    lettering = picture[int(top):int(bottom) + 1, int(left):int(right) + 1].max(axis=-1) < 45
    assert lettering.sum() > 10 * len(site.text), site.text
    plain = np.asarray(built[korea_japan.plain_name], dtype=int)
    assert not np.any(plain[int(top):int(bottom) + 1, int(left):int(right) + 1].max(axis=-1) < 45), (
        "the names-free twin carries no names")


def test_base_map_pictures_name_the_reference_places_and_the_catalogs_busiest_sites_without_overprinting():
    from tools.build_basemap import map_names, name_boxes

    names = map_names()
    catalog_sites = load_launches(ROOT / "data").dropna(subset=["lat"])["site_name"].value_counts()
    assert {name.text for name in names if name.is_site} <= set(catalog_sites.index)
    assert catalog_sites.index[0] in {name.text for name in names if name.is_site}
    written = {image.name: name_boxes(image, names) for image in maps.BASEMAP_IMAGES}
    assert {name for name, placed in written.items() if placed} == maps.NAMED_BASEMAP_IMAGES, (
        "every picture with names has a names-free twin for wide views")
    texts = {name.text for placed in written.values() for name, *_ in placed}
    assert {"Pyongyang", "Seoul", "Tokyo", "Beijing", "Naha (Okinawa)", "Sado", "Takeshima/Dokdo",
            catalog_sites.index[0]} <= texts
    for image in maps.BASEMAP_IMAGES:
        boxes = [box for *_, box in written[image.name]]
        assert all(not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
                   for i, a in enumerate(boxes) for b in boxes[i + 1:]), image.name
        assert all(0 <= box[0] and box[2] <= image.size[0] and 0 <= box[1] and box[3] <= image.size[1] for box in boxes)


def test_stroked_lines_are_built_from_the_bundled_polygons_and_leave_out_the_territorial_sea():
    from tools.build_basemap import build_lines

    basemap = ROOT / "data" / "basemap"
    sources = [json.loads((basemap / name).read_text(encoding="utf-8"))
               for name in ("theatre-50m.geojson", "japan-50m.geojson", "japan-eez.geojson")]
    built = build_lines(*sources)
    for layer_id, name in maps.BASEMAP_LINES.items():
        assert json.loads((basemap / name).read_text(encoding="utf-8")) == built[layer_id], (
            f"{name} is stale: run python -m tools.build_basemap lines")
    eez_points = {tuple(point) for row in built["japan-eez"] for point in (row["s"], row["t"])}
    territorial = next(f for f in sources[2]["features"] if f["properties"]["kind"] == "territorial-sea")
    rings = territorial["geometry"]["coordinates"]
    ring_points = {tuple(point) for polygon in rings for ring in polygon for point in ring}
    assert len(ring_points - eez_points) > 0.9 * len(ring_points), "the territorial sea is not stroked"
    assert {row["claim"] for row in built["japan-eez"]} == {True, False}, "claim and disputed areas both drawn"


def _week_data(launches, week: str) -> maps.DeckData:
    return maps.deck_data(launches[launches["week"] == week], maps.MapOptions())


def test_stepping_through_weeks_in_the_sea_of_japan_keeps_one_view_even_over_an_empty_week(launches):
    weeks = ("2022-W41", "2022-W42", "2022-W43")
    assert [len(launches[launches["week"] == week]) > 0 for week in weeks] == [True, False, True]
    views = [_week_data(launches, week).view for week in weeks]
    assert views[0] == views[1] == views[2] == maps.INITIAL_VIEW


def test_a_fan_reaching_past_the_usual_frame_keeps_the_usual_view_while_it_stays_on_screen(launches):
    data = _week_data(launches, "2017-W48")  # the Hwasong-15 into the Sea of Japan, bearing inferred
    usual = maps.STANDARD_FRAMES[0]
    fan = [point for record in data.fans for point in record["path"]]
    impacts = [point["position"] for point in data.splashdowns]
    assert not usual.holds([lon for lon, _ in fan], [lat for _, lat in fan]), "the fan reaches past the frame"
    assert data.view == maps.INITIAL_VIEW
    assert usual.holds([lon for lon, _ in impacts], [lat for _, lat in impacts])
    assert usual.holds([lon for lon, _ in fan], [lat for _, lat in fan], slack=maps.FAN_SLACK)


def test_a_flight_beyond_the_theatre_widens_the_view_to_a_standard_frame_holding_every_splashdown(launches):
    data = _week_data(launches, "2022-W40")  # the Hwasong-12 over Japan, about 4,600 km
    frame = next(frame for frame in maps.STANDARD_FRAMES if frame.view == data.view)
    assert frame != maps.STANDARD_FRAMES[0] and data.view["zoom"] < maps.INITIAL_VIEW["zoom"]
    impacts = [point["position"] for point in data.splashdowns]
    assert max(lon for lon, _ in impacts) > maps.STANDARD_FRAMES[0].east
    assert frame.holds([lon for lon, _ in impacts], [lat for _, lat in impacts])


def test_a_flights_estimate_is_sent_once_on_its_splashdown_and_its_arc_names_it(seed):
    layers = _layers(maps.deck_json(seed))
    splashdowns = {point["launch_id"]: point["tooltip"] for point in layers["splashdowns"]["data"]}
    for arc in layers["arcs"]["data"]:
        named, pointer = arc["tooltip"].split("\n")
        assert splashdowns[arc["launch_id"]].startswith(named + "\n") and "splashdown" in pointer
        assert "Splashdown estimated" not in arc["tooltip"]

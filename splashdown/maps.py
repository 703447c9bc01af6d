"""pydeck deck builders for the launch map: offline base map, sites, splashdowns, 3D arcs, rings.

Two steps so the UI can cache the expensive one: `deck_data` computes every shape as plain,
picklable lists (geodesics, fans, arcs), and `deck_from_data` wraps them in pydeck layers.
Everything is deterministic: fixed layer ids, rows in launch_id order, no random values, a fixed
initial view, so an unchanged map is byte-identical between reruns and the view does not jump.

`map_provider=None` with pydeck's default style placeholder keeps Streamlit from adding a tile
server: the only land drawn is the bundled Natural Earth GeoJSON.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from splashdown import assessment, ballistics, geometry, japan, reach
from splashdown.config import basemap_dir
from splashdown.palette import class_rgb

EXAGGERATION_CHOICES: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 20.0)
DEFAULT_EXAGGERATION = 5.0
MAX_MET_RINGS = 12
# Beyond this many launches only the most recent get arcs, fans and splashdowns: a browser cannot
# usefully draw thousands of arcs, and the deck would grow past what a rerun should ship.
MAX_FLIGHTS = 500
ARC_SAMPLES = 25
RING_CENTRE = ("Pyongyang", 39.0392, 125.7625)
INITIAL_VIEW = {"latitude": 38.5, "longitude": 131.0, "zoom": 4.2, "pitch": 40.0, "bearing": 0.0}
SEA_RGB = [214, 228, 240, 255]
LAND_RGB = [236, 234, 226, 255]
BORDER_RGB = [120, 120, 120, 255]
JAPAN_COAST_RGB = [70, 70, 70, 255]
EEZ_RGB = [176, 32, 32]
# Relative to the page, so the app works behind a proxy path too; `static/` links to data/basemap.
STATIC_BASEMAP_URL = "app/static"
# deck.gl accessors over the EEZ file's features: the claim's outline, a faint outline round the
# sea that is inside only by a disputed island, nothing for the territorial sea. (Outlines only: a
# translucent fill over a tilted map flickers against the land beneath it.)
_EEZ_LINE = (f"properties.kind === 'claim' ? {[*EEZ_RGB, 230]} : "
             f"properties.kind === 'depends-on-dispute' ? {[*EEZ_RGB, 110]} : [0, 0, 0, 0]")
_EEZ_WIDTH = "properties.kind === 'claim' ? 2 : 1"
ESTIMATED_ALPHA = 110
FAN_ALPHA = 28
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
LAYER_IDS: tuple[str, ...] = (
    "sea", "land-world", "land-theatre", "japan-coast", "japan-eez", "city-rings", "met-rings", "fans", "arcs",
    "splashdowns", "sites", "cities", "city-labels",
)


@dataclass(frozen=True)
class MapOptions:
    exaggeration: float = DEFAULT_EXAGGERATION
    show_arcs: bool = True
    show_fans: bool = True
    show_met_rings: bool = False
    show_city_rings: bool = False


@dataclass(frozen=True)
class DeckData:
    """Plain lists of records per layer; what `deck_from_data` draws."""

    sites: list[dict]
    splashdowns: list[dict]
    arcs: list[dict]
    fans: list[dict]
    met_rings: list[dict]
    city_rings: list[dict]
    cities: list[dict]
    options: MapOptions
    launches_total: int = 0
    launches_drawn: int = 0


def build_deck(launches: pd.DataFrame, options: MapOptions | None = None) -> pdk.Deck:
    """The map of these launches; identical output for identical launches and options."""
    options = options or MapOptions()
    return deck_from_data(deck_data(launches, options))


def deck_data(launches: pd.DataFrame, options: MapOptions) -> DeckData:
    ordered = launches.sort_values("launch_id", kind="stable").reset_index(drop=True)
    placed = ordered[ordered["lat"].notna() & ordered["lon"].notna()]
    drawn = placed
    if len(placed) > MAX_FLIGHTS:
        newest = placed.sort_values(["date_kst", "launch_id"], ascending=[False, True]).head(MAX_FLIGHTS)
        drawn = placed[placed["launch_id"].isin(newest["launch_id"])]
    estimates = geometry.estimate_splashdowns(drawn) if len(drawn) else pd.DataFrame()
    assessed = assessment.assess_estimates(drawn, estimates).set_index("launch_id")
    flights = _flight_rows(drawn, estimates.set_index("launch_id") if len(estimates) else estimates, assessed)
    return DeckData(
        sites=_site_records(placed),
        splashdowns=[_splashdown_record(row) for row in flights],
        arcs=[_arc_record(row, options.exaggeration) for row in flights] if options.show_arcs else [],
        fans=[_fan_record(row) for row in flights if row["fan"]] if options.show_fans else [],
        met_rings=_met_rings(placed) if options.show_met_rings else [],
        city_rings=_city_rings() if options.show_city_rings else [],
        cities=_city_records() if options.show_city_rings else [],
        options=options,
        launches_total=len(placed),
        launches_drawn=len(drawn),
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is written without indentation: pydeck indents by default, which triples
    the size of a map that carries a base map and hundreds of paths to the browser on every rerun."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def deck_from_data(data: DeckData, basemap_url: str | None = None) -> pdk.Deck:
    """The deck of these shapes. With `basemap_url` (the app's static files, STATIC_BASEMAP_URL)
    the browser fetches the base map and the EEZ line once and the deck carries only the launches;
    without it they are inlined, for files that must open anywhere (offline HTML export)."""
    layers = [
        pdk.Layer(
            "SolidPolygonLayer", id="sea", data=[{"polygon": [[-30, -85], [330, -85], [330, 85], [-30, 85]]}],
            get_polygon="polygon", get_fill_color=SEA_RGB, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="land-world", data=_basemap_source("countries-110m.geojson", basemap_url), filled=True,
            stroked=False, get_fill_color=LAND_RGB, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="land-theatre", data=_basemap_source("theatre-50m.geojson", basemap_url), filled=True,
            stroked=True, get_fill_color=LAND_RGB, get_line_color=BORDER_RGB, line_width_min_pixels=1, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="japan-coast", data=_basemap_source("japan-50m.geojson", basemap_url), filled=False,
            stroked=True, get_line_color=JAPAN_COAST_RGB, line_width_min_pixels=1.5, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="japan-eez", data=_basemap_source(japan.EEZ_FILE, basemap_url), filled=False,
            stroked=True, get_line_color=_EEZ_LINE, get_line_width=_EEZ_WIDTH, line_width_units="'pixels'",
            pickable=False,
        ),
        _path_layer("city-rings", data.city_rings, width=1, colour=[90, 90, 90, 160]),
        _path_layer("met-rings", data.met_rings, width=2),
        pdk.Layer(
            "SolidPolygonLayer", id="fans", data=data.fans, get_polygon="polygon", get_fill_color="colour",
            pickable=True,
        ),
        pdk.Layer(
            "PathLayer", id="arcs", data=data.arcs, get_path="path", get_color="colour", get_width=2,
            width_units="'pixels'", width_min_pixels=1, billboard=True, pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="splashdowns", data=data.splashdowns, get_position="position",
            get_fill_color="fill", get_line_color="colour", stroked=True, filled=True, get_radius=5,
            radius_units="'pixels'", line_width_units="'pixels'", get_line_width=2, pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="sites", data=data.sites, get_position="position", get_fill_color=[40, 40, 40, 220],
            get_line_color=[255, 255, 255, 255], stroked=True, get_radius="radius", radius_units="'pixels'",
            line_width_units="'pixels'", get_line_width=1, pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="cities", data=data.cities, get_position="position",
            get_fill_color=[20, 20, 20, 255], get_radius=3, radius_units="'pixels'", pickable=True,
        ),
        pdk.Layer(
            "TextLayer", id="city-labels", data=data.cities, get_position="position", get_text="name",
            get_size=12, get_color=[20, 20, 20, 255], get_alignment_baseline="'top'", get_pixel_offset=[0, 6],
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**INITIAL_VIEW),
        map_provider=None,
        tooltip={"text": "{tooltip}"},
    )


def deck_json(launches: pd.DataFrame, options: MapOptions | None = None) -> dict:
    return json.loads(build_deck(launches, options).to_json())


def _path_layer(layer_id: str, records: list[dict], width: float, colour: list[int] | str = "colour") -> pdk.Layer:
    return pdk.Layer(
        "PathLayer", id=layer_id, data=records, get_path="path", get_color=colour,
        get_width=width, width_units="'pixels'", pickable=True,
    )


@functools.cache
def _basemap_cached(path: str, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _basemap(name: str) -> dict:
    path = basemap_dir() / name
    return _basemap_cached(str(path), path.stat().st_mtime_ns)


def _basemap_source(name: str, url: str | None) -> dict | str:
    return f"{url}/{name}" if url else _basemap(name)


def _flight_rows(placed: pd.DataFrame, estimates: pd.DataFrame, assessed: pd.DataFrame) -> list[dict]:
    rows = []
    for row in placed.itertuples(index=False):
        if row.launch_id not in estimates.index:
            continue
        estimate = estimates.loc[row.launch_id]
        rows.append(
            {
                "launch_id": row.launch_id,
                "missile": row.missile,
                "missile_class": row.missile_class,
                "date": f"{row.date_kst:%Y-%m-%d}",
                "lat": float(row.lat),
                "lon": float(row.lon),
                "range_km": float(row.range_km),
                "apogee_km": float(row.apogee_km),
                "bearing_deg": float(estimate.est_bearing_deg),
                "basis": str(estimate.est_basis),
                "fan_from": float(estimate.fan_from_deg),
                "fan_to": float(estimate.fan_to_deg),
                "impact": [float(estimate.impact_lon), float(estimate.impact_lat)],
                "fan": estimate.fan,
                "impact_area": row.impact_area,
                "confirmation": row.confirmation,
                "sources": row.sources,
                "note_count": int(getattr(row, "note_count", 0) or 0) if "note_count" in placed.columns else None,
                "assessment": assessment.describe(assessed.loc[row.launch_id]),
                "overflies_japan": bool(assessed.loc[row.launch_id, "overflies_japan"]),
            }
        )
    return rows


def _flight_tooltip(row: dict) -> str:
    apogee = f"{row['apogee_km']:,.0f} km" if math.isfinite(row["apogee_km"]) else "not reported"
    lines = [
        f"{row['missile']} ({row['missile_class']}), {row['date']}",
        f"Range {row['range_km']:,.0f} km, apogee {apogee}",
        f"Splashdown estimated: bearing {row['bearing_deg']:.0f}° ({_basis_words(row)})",
        row["assessment"],
        f"Figures: {row['confirmation'] or 'unattributed'}; source: {_citation(row['sources']) or 'none given'}",
    ]
    if row["note_count"] is not None:
        lines.append(f"Notes: {row['note_count']}")
    return "\n".join(lines)


def _citation(sources: str) -> str:
    """Sources without their web addresses: the deck carries no URL, and the Launches table has them."""
    return re.sub(r"\s+", " ", _URL.sub("", sources)).strip()


def _basis_words(row: dict) -> str:
    words = {
        "reported": "bearing reported",
        "inferred": "bearing inferred",
        "assumed": "bearing assumed",
        "impact-area": f"middle of the bearings reaching the {row['impact_area']}",
    }.get(row["basis"], row["basis"])
    if math.isfinite(row["fan_from"]):
        words += f"; plausible {row['fan_from']:.0f}°–{row['fan_to']:.0f}°"
    return words


def _splashdown_record(row: dict) -> dict:
    estimated = row["basis"] != "reported"
    colour = class_rgb(row["missile_class"])
    return {
        "launch_id": row["launch_id"],
        "position": row["impact"],
        "colour": colour,
        "fill": [255, 255, 255, 200] if estimated else colour,
        "basis": row["basis"],
        "tooltip": _flight_tooltip(row),
    }


def _arc_record(row: dict, exaggeration: float) -> dict:
    path = geometry.arc_path(
        row["lat"], row["lon"], row["bearing_deg"], row["range_km"], row["apogee_km"], exaggeration, ARC_SAMPLES
    )
    alpha = 255 if row["basis"] == "reported" else ESTIMATED_ALPHA
    return {
        "launch_id": row["launch_id"],
        "path": path,
        "colour": class_rgb(row["missile_class"], alpha),
        "basis": row["basis"],
        "tooltip": _flight_tooltip(row),
    }


def _fan_record(row: dict) -> dict:
    site = [float(geometry.pacific_lon(row["lon"])), row["lat"]]
    return {
        "launch_id": row["launch_id"],
        "polygon": [site, *row["fan"], site],
        "colour": class_rgb(row["missile_class"], FAN_ALPHA),
        "tooltip": f"Plausible splashdowns of {row['missile']} on {row['date']}: "
        f"bearings {row['fan_from']:.0f}°–{row['fan_to']:.0f}° "
        f"reaching the {row['impact_area']} at {row['range_km']:,.0f} km",
    }


def _site_records(placed: pd.DataFrame) -> list[dict]:
    if placed.empty:
        return []
    grouped = placed.groupby("site_id", sort=True).agg(
        name=("site_name", "first"), province=("province", "first"), lat=("lat", "first"), lon=("lon", "first"),
        precision=("site_precision", "first"), launches=("launch_id", "count"),
    )
    return [
        {
            "site_id": site_id,
            "position": [float(geometry.pacific_lon(row.lon)), float(row.lat)],
            "radius": round(3.0 + 2.5 * math.sqrt(row.launches), 2),
            "tooltip": f"{row.name} ({row.province}): {row.launches} launch{'es' if row.launches != 1 else ''}"
            f"\nLocation precision: {row.precision}",
        }
        for site_id, row in grouped.iterrows()
    ]


def _met_rings(placed: pd.DataFrame) -> list[dict]:
    """The minimum-energy range of each missile type's fastest selected flight, round its site."""
    known = placed[placed["range_km"].notna() & placed["apogee_km"].notna()]
    if known.empty:
        return []
    solved = ballistics.reconstruct_many(known["range_km"], known["apogee_km"])
    flights = known.assign(met_range_km=solved["met_range_km"], orbital=np.isinf(solved["met_range_km"]))
    flights = flights[flights["met_range_km"].notna()]
    best = flights.sort_values(["met_range_km", "launch_id"], ascending=[False, True]).drop_duplicates("missile")
    rings = []
    for row in best.head(MAX_MET_RINGS).itertuples(index=False):
        if row.orbital:
            label = f"{row.missile} ({row.launch_id}): burnout speed at or above circular, no minimum-energy range"
            radius = ballistics.HALF_CIRCUMFERENCE_KM * 0.999
        else:
            label = f"{row.missile}: minimum-energy range {row.met_range_km:,.0f} km at the speed of {row.launch_id}"
            radius = float(row.met_range_km)
        rings.append(
            {
                "ring_id": f"met-{row.launch_id}",
                "path": geometry.range_ring(float(row.lat), float(row.lon), radius),
                "colour": class_rgb(row.missile_class, 200),
                "tooltip": label,
            }
        )
    return sorted(rings, key=lambda ring: ring["ring_id"])


def _city_rings() -> list[dict]:
    name, lat, lon = RING_CENTRE
    cities = reach.load_cities()
    rings = []
    for city in cities[cities["name"] != name].itertuples(index=False):
        distance = geometry._GEOD.Inverse(lat, lon, city.lat, city.lon)["s12"] / 1000.0
        rings.append(
            {
                "ring_id": f"city-{city.name}",
                "path": geometry.range_ring(lat, lon, distance),
                "tooltip": f"{city.name}: {distance:,.0f} km from {name}",
            }
        )
    return rings


def _city_records() -> list[dict]:
    return [
        {
            "name": city.name,
            "position": [float(geometry.pacific_lon(city.lon)), float(city.lat)],
            "tooltip": f"{city.name}, {city.country}",
        }
        for city in reach.load_cities().itertuples(index=False)
    ]

"""pydeck deck builders for the launch map: offline base map, sites, splashdowns, 3D arcs, rings.

Two steps so the UI can cache the expensive one: `deck_data` computes every shape as plain,
picklable lists (geodesics, fans, arcs), and `deck_from_data` wraps them in pydeck layers.
Everything is deterministic: fixed layer ids, rows in launch_id order, no random values, a fixed
initial view, so an unchanged map is byte-identical between reruns and the view does not jump.

The view is the smallest of a few standard frames (`STANDARD_FRAMES`: the Korean Peninsula and the
Sea of Japan, Korea and Japan, the western Pacific, the North Pacific) that holds every site and
splashdown and keeps every fan on screen (a fan may reach FAN_SLACK past the frame's box); only a
selection beyond all of them gets a view fitted to it. Most weeks share
the first frame, so stepping through weeks moves nothing, keeps the analyst's own zoom, and costs
the browser one frame instead of two (Streamlit's deck component applies a changed view in a
render of its own, after drawing the new layers).

`map_provider=None` with pydeck's default style placeholder keeps Streamlit from adding a tile
server: the only land drawn is the bundled Natural Earth data. The page draws it as pictures
pre-drawn in Web Mercator (`BASEMAP_IMAGES`, data/basemap/basemap-*.png, fetched once from the
app's static files), Japan's EEZ line included: in software WebGL a frame costs what it paints,
and nine pictures that tile the world once cost a fraction of the thousands of stroked segments
and filled polygons they replace. Files that must open anywhere (the interactive HTML export)
carry the vector base map inline instead.

The page's deck draws with three kinds of layer: pictures, straight segments and points. A switch
to the Map mounts a new deck in a new WebGL context, and software WebGL (SwiftShader) compiles each
kind's pipeline again on its first draw there; in a Chromium trace of the switch the page waits
for it while the compositor reads the canvas back. Measured as the GPU process's CPU time per
switch: paths about 1.3-1.7 s (segments a quarter of that), points and pictures 0.7-0.9 s each,
text and filled polygons as much again. So on the page an arc is eight straight segments through
every other point of its path, a bearing fan is the outline of its wedge (the site, every other
plausible splashdown with both edges, the site), an agencies' range spread one segment, each
colour one layer (a colour per segment would cost a fifth of a step's bytes); arcs and fans are not
picked, the splashdown at their end holds the flight's note. The page draws no text layer: the
names of the reference cities, the places Japan MoD measures from and the catalog's busiest launch
sites (`place_records`, `busiest_sites`) are written into the base-map pictures by
tools/build_basemap.py, fixed names for a fixed picture, and every point's tooltip names it too.
Painted in, they shrink with the view, so a view wider than NAMES_LEGIBLE_FROM_ZOOM (a zoom level
out from the usual week's) draws the same pictures without them, where they would be specks.
Both twins are in every page deck, one hidden, so a week step across that line only toggles them
(a swapped picture was fetched, uploaded and redrawn anew: two or three more frames).
City-ring names and the rings (paths) are drawn only while the analyst shows the rings. The
exported interactive map, opened once, keeps paths, pickable arcs and fans, and every label.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from splashdown import assessment, ballistics, geometry, reach
from splashdown.config import basemap_dir
from splashdown.palette import class_rgb
from splashdown.vocabulary import FIGURE_BOUNDS, NOT_REPORTED

# 0 is "fit": the largest factor (even below 1, compressing heights) that keeps the tallest arc in frame.
FIT_EXAGGERATION = 0.0
EXAGGERATION_CHOICES: tuple[float, ...] = (FIT_EXAGGERATION, 1.0, 2.0, 5.0, 10.0, 20.0)
DEFAULT_EXAGGERATION = FIT_EXAGGERATION
_FIT_STEPS: tuple[float, ...] = (0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
# The frame the view is fitted to: narrower than the page's map (about 1,100 px by 620 px) so a
# narrow window still holds everything; the tallest apex may rise a quarter of the height.
_FRAME_PX = (820.0, 620.0)
_GROUND_SHARE = (0.8, 0.55)
_APEX_SHARE = 0.22
# A fan (the plausible splashdowns, drawn faint) may reach this share of a frame's width and height
# past its box: the box fills 80% by 55% of the narrowest map the view is fitted for, so the fan
# still lies on screen, and a week whose splashdowns fit the usual frame is not zoomed out for
# a fan's tip (at 10,000 launches that widened the view of a week in five, each such step drawing
# the deck twice).
FAN_SLACK = 0.1
_MIN_ZOOM, _MAX_ZOOM = 1.0, 5.6
_PITCH_DEG = 35.0
MAX_MET_RINGS = 12
# Beyond this many launches only the most recent get arcs, fans and splashdowns: a browser cannot
# usefully draw thousands of arcs, and the deck would grow past what a rerun should ship.
MAX_FLIGHTS = 500
ARC_SAMPLES = 17
# The page draws every other point of an arc (8 segments) and of a fan: the bytes of a step stay those of a path's.
PAGE_ARC_STEP = 2
RING_CENTRE = ("Pyongyang", 39.0392, 125.7625)
# Places Japan MoD measures splashdowns from, labelled on the map beside the reference cities.
REFERENCE_PLACES: tuple[tuple[str, float, float], ...] = (
    ("Okushiri", 42.15, 139.45), ("Oshima-Oshima", 41.51, 139.37), ("Oga Peninsula", 39.95, 139.75),
    ("Sado", 38.05, 138.35), ("Noto Peninsula", 37.45, 137.1), ("Oki (Dogo)", 36.28, 133.25),
    ("Cape Tappi", 41.26, 140.34), ("Takeshima/Dokdo", 37.24, 131.87),
)
_MAX_SITE_LABELS = 12
SEA_RGB = [214, 228, 240, 255]
LAND_RGB = [236, 234, 226, 255]
BORDER_RGB = [120, 120, 120, 255]
JAPAN_COAST_RGB = [70, 70, 70, 255]
EEZ_RGB = [176, 32, 32]
# Relative to the page, so the app works behind a proxy path too; `static/` links to data/basemap.
STATIC_BASEMAP_URL = "app/static"
# The EEZ lines, in the pictures and the exported map's accessors: the claim's outline, a faint
# outline round the sea that is inside only by a disputed island. (Outlines only: a translucent fill
# over a tilted map flickers against the land beneath it.)
EEZ_STROKES = {True: (230, 2.0), False: (110, 1.0)}  # claim? -> alpha, width in pixels
_EEZ_LINE = f"claim ? {[*EEZ_RGB, EEZ_STROKES[True][0]]} : {[*EEZ_RGB, EEZ_STROKES[False][0]]}"
_EEZ_WIDTH = f"claim ? {EEZ_STROKES[True][1]:g} : {EEZ_STROKES[False][1]:g}"
ESTIMATED_ALPHA = 110
# A fan's outline; fainter as fans multiply, down to FAN_MIN_ALPHA.
FAN_ALPHA = 90
FAN_MIN_ALPHA = 30
FAN_WIDTH_PX = 1.5
PLACE_RGB = [90, 90, 90, 230]
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
# The stroked lines of the base map, one LineLayer each (tools/build_basemap.py lines): in software
# WebGL, GeoJSON outlines drawn as paths cost about nine tenths of every frame.
BASEMAP_LINES = {
    "borders": "lines-borders.json", "japan-coast": "lines-japan-coast.json", "japan-eez": "lines-japan-eez.json",
}
SPREAD_RGB = [60, 60, 60, 200]


@dataclass(frozen=True)
class BasemapImage:
    """One pre-drawn base-map picture in Web Mercator (tools/build_basemap.py raster): land, sea,
    borders, Japan's coast and its EEZ line over a box of Pacific-centred longitudes and latitudes.
    One of its pixels is a screen pixel at `zoom` (sharp up to there, softening beyond); its lines have their
    on-screen widths at `seen_at`, the zoom of the standard frame it mostly serves."""

    name: str
    west: float
    south: float
    east: float
    north: float
    zoom: float
    seen_at: float

    @property
    def bounds(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]

    @property
    def size(self) -> tuple[int, int]:
        world_px = 512.0 * 2**self.zoom
        width = (self.east - self.west) / 360.0 * world_px
        height = (_mercator(self.north) - _mercator(self.south)) / (2 * math.pi) * world_px
        return round(width), round(height)

    def pixel(self, lon: float, lat: float, scale: float = 1.0) -> tuple[float, float]:
        """Where a Pacific-centred lon/lat falls in this picture drawn `scale` times its size."""
        world_px = 512.0 * 2**self.zoom * scale
        lat = max(-MERCATOR_LIMIT, min(MERCATOR_LIMIT, lat))
        return ((lon - self.west) / 360.0 * world_px,
                (_mercator(self.north) - _mercator(lat)) / (2 * math.pi) * world_px)

    @property
    def line_scale(self) -> float:
        """Image pixels per screen pixel at `seen_at`."""
        return 2 ** (self.zoom - self.seen_at)

    @property
    def plain_name(self) -> str:
        """The file of this picture without names (for the pictures in NAMED_BASEMAP_IMAGES)."""
        return f"{self.name.removesuffix('.png')}-plain.png"

    def around(self, inner: BasemapImage) -> tuple[BasemapImage, ...]:
        """This picture less the box of a finer one inside it: strips to the north, south, west and east."""
        stem = self.name.removesuffix(".png")
        strips = (
            ("north", self.west, inner.north, self.east, self.north),
            ("south", self.west, self.south, self.east, inner.south),
            ("west", self.west, inner.south, inner.west, inner.north),
            ("east", inner.east, inner.south, self.east, inner.north),
        )
        return tuple(replace(self, name=f"{stem}-{side}.png", west=west, south=south, east=east, north=north)
                     for side, west, south, east, north in strips if east > west and north > south)


# Three levels of detail: the world for context (sharp to zoom 2; the North Pacific frame is at
# 1.5), the theatre the 1:50m countries cover (to zoom 4; Korea and Japan at 3.75) and Korea and
# Japan (to zoom 5.25, three quarters of a zoom level closer than the Korean Peninsula frame at
# 4.5). Each coarser level is cut around the finer one, so every screen pixel is painted once: in
# software WebGL a frame's cost is its painted pixels, about 40 ms per screenful on these machines,
# where the 7,500 stroked segments and filled polygons the pictures replace cost about 0.2 s.
MERCATOR_LIMIT = 85.0511
_DETAIL_LEVELS = (
    BasemapImage("basemap-world.png", -30.0, -MERCATOR_LIMIT, 330.0, MERCATOR_LIMIT, zoom=2.0, seen_at=1.5),
    BasemapImage("basemap-theatre.png", 95.0, -5.0, 180.0, 62.0, zoom=4.0, seen_at=3.75),
    BasemapImage("basemap-korea-japan.png", 119.0, 29.5, 147.0, 46.5, zoom=5.25, seen_at=4.5),
)
BASEMAP_IMAGES: tuple[BasemapImage, ...] = (
    *(strip for outer, inner in zip(_DETAIL_LEVELS, _DETAIL_LEVELS[1:]) for strip in outer.around(inner)),
    _DETAIL_LEVELS[-1],
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
    spreads: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    exaggeration: float = 1.0
    view: dict = field(default_factory=lambda: dict(INITIAL_VIEW))
    tallest_apogee_km: float = 0.0

    @property
    def site_labels(self) -> list[dict]:
        """The busiest sites by name; more would overprint each other at a year's zoom."""
        return [{"name": site["name"], "position": site["position"]} for site in busiest_sites(self.sites)]

    @property
    def exaggeration_words(self) -> str:
        """What the heights mean, for the map's own caption."""
        factor = f"{self.exaggeration:g}×"
        if self.exaggeration == 1:
            words = "Arc heights at true scale (1×)"
        elif self.exaggeration < 1:
            words = f"Arc heights compressed to {factor}"
        else:
            words = f"Arc heights exaggerated {factor}"
        if self.tallest_apogee_km:
            words += f"; tallest apogee in view {self.tallest_apogee_km:,.0f} km"
            if self.options.exaggeration == FIT_EXAGGERATION:
                words += ", fitted to stay in the frame"
        return words + "."


def build_deck(launches: pd.DataFrame, options: MapOptions | None = None) -> pdk.Deck:
    """The map of these launches; identical output for identical launches and options."""
    options = options or MapOptions()
    return deck_from_data(deck_data(launches, options))


def deck_data(launches: pd.DataFrame, options: MapOptions, range_claims: pd.DataFrame | None = None) -> DeckData:
    """Every shape for these launches. `range_claims` (load_claims rows of field range_km) gives
    each splashdown the spread between its agencies' shortest and longest stated range."""
    ordered = launches.sort_values("launch_id", kind="stable").reset_index(drop=True)
    placed = ordered[ordered["lat"].notna() & ordered["lon"].notna()]
    drawn = placed
    if len(placed) > MAX_FLIGHTS:
        newest = placed.sort_values(["date_kst", "launch_id"], ascending=[False, True]).head(MAX_FLIGHTS)
        drawn = placed[placed["launch_id"].isin(newest["launch_id"])]
    estimates = geometry.estimate_splashdowns(drawn) if len(drawn) else pd.DataFrame()
    assessed = assessment.assess_estimates(drawn, estimates).set_index("launch_id")
    flights = _flight_rows(drawn, estimates.set_index("launch_id") if len(estimates) else estimates, assessed)
    view, exaggeration, tallest = _fitted_view(placed, flights, options.exaggeration)
    fans = [_fan_record(row, _fan_alpha(len(flights))) for row in flights if row["fan"]] if options.show_fans else []
    return DeckData(
        sites=site_records(placed),
        splashdowns=[_splashdown_record(row) for row in flights],
        arcs=[_arc_record(row, exaggeration) for row in flights] if options.show_arcs else [],
        fans=fans,
        met_rings=_met_rings(placed) if options.show_met_rings else [],
        city_rings=_city_rings() if options.show_city_rings else [],
        cities=_city_records() if options.show_city_rings else [],
        options=options,
        launches_total=len(placed),
        launches_drawn=len(drawn),
        spreads=_spread_records(flights, range_claims),
        places=place_records(),
        exaggeration=exaggeration,
        view=view,
        tallest_apogee_km=tallest,
    )


def _fan_alpha(flights: int) -> int:
    """Fans fade as they multiply, so that dozens stay faint lines rather than a grey tangle."""
    return max(FAN_MIN_ALPHA, round(FAN_ALPHA * min(1.0, math.sqrt(6 / max(flights, 1)))))


def _fitted_view(placed: pd.DataFrame, flights: list[dict], chosen: float) -> tuple[dict, float, float]:
    """The smallest standard frame holding every site and splashdown in its box and every fan on
    screen (FAN_SLACK; a view fitted to them all when no frame does), and the height factor that
    keeps the tallest apex in the frame (the chosen factor when one is chosen). Web Mercator at
    512 px per world."""
    if placed.empty:
        return dict(INITIAL_VIEW), chosen or 1.0, 0.0
    lons = [float(geometry.pacific_lon(lon)) for lon in placed["lon"]]
    lats = [float(lat) for lat in placed["lat"]]
    fan_lons: list[float] = []
    fan_lats: list[float] = []
    for row in flights:
        lons.append(row["impact"][0])
        lats.append(row["impact"][1])
        for lon, lat in row["fan"] or []:
            fan_lons.append(lon)
            fan_lats.append(lat)
    frame = next((frame for frame in STANDARD_FRAMES
                  if frame.holds(lons, lats) and frame.holds(fan_lons, fan_lats, slack=FAN_SLACK)), None)
    if frame is None:
        lons, lats = lons + fan_lons, lats + fan_lats
        frame = MapFrame("", min(lons) - 1.0, max(lons) + 1.0, max(min(lats) - 1.0, -75.0), min(max(lats) + 1.0, 75.0))
    view = frame.view
    tallest = max((row["apogee_km"] for row in flights if math.isfinite(row["apogee_km"])), default=0.0)
    factor = chosen
    if chosen == FIT_EXAGGERATION:
        height_px = _FRAME_PX[1]
        pitch = math.radians(_PITCH_DEG)
        metres_per_px = 40_075_016.7 * math.cos(math.radians(view["latitude"])) / (512.0 * 2 ** view["zoom"])
        fitting = height_px * _APEX_SHARE * metres_per_px / (tallest * 1000.0 * math.sin(pitch)) if tallest else 20.0
        factor = max([step for step in _FIT_STEPS if step <= fitting], default=_FIT_STEPS[0])
    return view, factor, tallest


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class MapFrame:
    """A box of longitudes (Pacific-centred, 0-360) and latitudes, and the view that holds it."""

    name: str
    west: float
    east: float
    south: float
    north: float

    def holds(self, lons: list[float], lats: list[float], slack: float = 0.0) -> bool:
        """Every point inside the box, or inside it grown by `slack` of its width and height on each side."""
        if not lons:
            return True
        grow_x, grow_y = (self.east - self.west) * slack, (self.north - self.south) * slack
        return (self.west - grow_x <= min(lons) and max(lons) <= self.east + grow_x
                and self.south - grow_y <= min(lats) and max(lats) <= self.north + grow_y)

    @property
    def view(self) -> dict:
        width_px, height_px = _FRAME_PX
        pitch = math.radians(_PITCH_DEG)
        zoom_x = math.log2(width_px * _GROUND_SHARE[0] * 360.0 / (512.0 * max(self.east - self.west, 1.0)))
        span_y = 512.0 / (2 * math.pi) * abs(_mercator(self.north) - _mercator(self.south))
        zoom_y = math.log2(height_px * _GROUND_SHARE[1] / (max(span_y, 1e-6) * math.cos(pitch)))
        zoom = min(max(min(zoom_x, zoom_y), _MIN_ZOOM), _MAX_ZOOM)
        return {"latitude": round((self.south + self.north) / 2, 3), "longitude": round((self.west + self.east) / 2, 3),
                "zoom": round(zoom, 2), "pitch": _PITCH_DEG, "bearing": 0.0}


# The views a map snaps to, smallest first. Consecutive weeks usually share one, so nothing jumps
# while the analyst steps through weeks, a zoom or pan of theirs survives the step, and the browser
# draws the step once (Streamlit's deck applies a changed view in a second software-WebGL frame).
STANDARD_FRAMES: tuple[MapFrame, ...] = (
    MapFrame("Korean Peninsula and the Sea of Japan", 123.5, 137.5, 33.5, 43.5),
    MapFrame("Korea and Japan", 119.0, 147.0, 29.5, 46.5),
    MapFrame("Japan and the western Pacific", 110.0, 170.0, 12.0, 55.0),
    MapFrame("The North Pacific", 100.0, 220.0, -15.0, 65.0),
)
# No launches: the smallest frame, the one the weeks around an empty week mostly share.
INITIAL_VIEW: dict = STANDARD_FRAMES[0].view
# The names in the base-map pictures are written at their size in the usual week's view and shrink
# with the view: a zoom level out they are half that size (6 px for a site, 5.5 px for a city), about
# the smallest DejaVu Sans stays readable at. So the Korea and Japan frame (zoom 3.75) keeps them and
# wider views (the western Pacific at 2.4, the North Pacific at 1.5, fitted views) draw the same
# pictures without names, where they would be grey specks.
NAMES_LEGIBLE_FROM_ZOOM: float = INITIAL_VIEW["zoom"] - 1.0
# The pictures tools/build_basemap.py writes names into (the others hold no named point's room);
# each has a names-free twin, `BasemapImage.plain_name`.
NAMED_BASEMAP_IMAGES = frozenset({"basemap-theatre-south.png", "basemap-theatre-west.png", "basemap-korea-japan.png"})


def basemap_names_shown(view: dict) -> bool:
    """Whether the page's base map carries its names in this view (NAMES_LEGIBLE_FROM_ZOOM)."""
    return view["zoom"] >= NAMES_LEGIBLE_FROM_ZOOM


def _spread_records(flights: list[dict], range_claims: pd.DataFrame | None) -> list[dict]:
    """Where agencies' ranges differ: the segment along the estimated bearing between the shortest
    and the longest stated range (bounds excluded: "at least 650 km" is not a range)."""
    if range_claims is None or range_claims.empty:
        return []
    figures = range_claims[(range_claims["field"] == "range_km") & range_claims["bound"].isin(FIGURE_BOUNDS)]
    figures = figures.assign(km=pd.to_numeric(figures["value"], errors="coerce")).dropna(subset=["km"])
    by_launch = figures[figures["launch_id"] != ""].groupby("launch_id")["km"]
    by_event = figures[figures["launch_id"] == ""].groupby("event_id")["km"]
    lows, highs = by_launch.min().to_dict(), by_launch.max().to_dict()
    event_lows, event_highs = by_event.min().to_dict(), by_event.max().to_dict()
    spreads = []
    for row in flights:
        low = min(lows.get(row["launch_id"], math.inf), event_lows.get(row["event_id"], math.inf))
        high = max(highs.get(row["launch_id"], -math.inf), event_highs.get(row["event_id"], -math.inf))
        if not (math.isfinite(low) and math.isfinite(high)) or high - low < 1.0:
            continue
        distances = np.linspace(low * 1000.0, high * 1000.0, 9)
        spreads.append({
            "launch_id": row["launch_id"],
            "path": geometry._line_points(row["lat"], row["lon"], row["bearing_deg"], high * 1000.0, distances),
            "tooltip": f"{row['missile']}, {row['date']}: agencies' ranges run from {low:,.0f} to {high:,.0f} km; "
            f"the splashdown is drawn at the headline {row['range_km']:,.0f} km",
        })
    return spreads


def busiest_sites(sites: list[dict]) -> list[dict]:
    """The site records (`site_records`) to name: the most launches first, at most _MAX_SITE_LABELS."""
    return sorted(sites, key=lambda site: (-site["launches"], site["site_id"]))[:_MAX_SITE_LABELS]


def place_records(cities: pd.DataFrame | None = None) -> list[dict]:
    """The reference cities of the theatre (data/reference_cities.csv unless given) and the places
    Japan MoD measures from, as named points."""
    cities = reach.load_cities() if cities is None else cities
    theatre = cities[cities["lon"].between(110, 150) & cities["lat"].between(20, 50)]
    records = [{"name": city.name, "position": [float(city.lon), float(city.lat)],
                "tooltip": f"{city.name}, {city.country}"} for city in theatre.itertuples()]
    for name, lat, lon in REFERENCE_PLACES:
        records.append({"name": name, "position": [lon, lat],
                        "tooltip": f"{name}: a place Japan MoD measures splashdowns from"})
    return records


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is written without indentation (pydeck indents by default, which triples
    the size of a map that carries hundreds of paths to the browser on every rerun) and with its
    text as written, not as \\u escapes."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def deck_from_data(data: DeckData, basemap_url: str | None = None) -> pdk.Deck:
    """The deck of these shapes. With `basemap_url` (the app's static files, STATIC_BASEMAP_URL)
    the browser fetches the base-map pictures once (the fixed names written in them, or in views too
    wide to read them the same pictures without), the deck carries only the launches and draws no
    text (city-ring names only while the rings are shown); without it the base map is inlined and
    every label drawn, for files that must open anywhere (offline HTML export)."""
    layers = [
        *(_raster_base_map(basemap_url, basemap_names_shown(data.view)) if basemap_url else _vector_base_map()),
        *(_page_lines(data) if basemap_url else _exported_lines(data)),
        pdk.Layer(
            "ScatterplotLayer", id="splashdowns", data=data.splashdowns, get_position="position",
            stroked=True, filled=True, **_per_point(fill="fill", line="colour", radius=5, width=2),
            radius_units="'pixels'", line_width_units="'pixels'", pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="sites", data=data.sites, get_position="position", stroked=True,
            **_per_point(fill=[40, 40, 40, 220], line=[255, 255, 255, 255], radius="radius", width=1),
            radius_units="'pixels'", line_width_units="'pixels'", pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="places", data=data.places, get_position="position",
            **_per_point(fill=PLACE_RGB, radius=2), radius_units="'pixels'", pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer", id="cities", data=data.cities, get_position="position",
            **_per_point(fill=[20, 20, 20, 255], radius=3), radius_units="'pixels'", pickable=True,
        ),
    ]
    if data.cities or not basemap_url:
        layers.append(pdk.Layer(
            "TextLayer", id="city-labels", data=data.cities, get_position="position", get_text="name",
            get_size=12, get_color=[20, 20, 20, 255], get_alignment_baseline="'top'", get_pixel_offset=[0, 6],
        ))
    if not basemap_url:
        layers += [
            pdk.Layer(
                "TextLayer", id="place-labels", data=data.places, get_position="position", get_text="name",
                get_size=11, get_color=[60, 60, 60, 230], get_alignment_baseline="'top'", get_pixel_offset=[0, 4],
            ),
            pdk.Layer(
                "TextLayer", id="site-labels", data=data.site_labels, get_position="position", get_text="name",
                get_size=12, get_color=[20, 20, 20, 255], get_text_anchor="'end'", get_pixel_offset=[-8, 0],
            ),
        ]
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**data.view),
        map_provider=None,
        tooltip={"text": "{tooltip}"},
    )


def _per_point(*, fill: list[int] | str, line: list[int] | str = "[0, 0, 0, 255]", radius: float | str,
               width: float | str = 1) -> dict[str, str]:
    """A ScatterplotLayer's colours and sizes, every one an accessor read per point (a pydeck
    string is an expression: a record's field or a fixed value), defaults included. deck.gl keeps a
    fixed value out of the vertex buffers, so each mix of fixed and per-point values is a vertex
    layout of its own, and software WebGL compiles a pipeline per layout on a new deck's first draw:
    with one layout for the four point layers a switch to the Map took 1.59 instead of 1.95 s
    (GPU process CPU 1.22 instead of 1.52 s, alternating in one run)."""
    return {name: value if isinstance(value, str) else json.dumps(value)
            for name, value in (("get_fill_color", fill), ("get_line_color", line), ("get_radius", radius),
                                ("get_line_width", width))}


def _exported_lines(data: DeckData) -> list[pdk.Layer]:
    return [
        _path_layer("city-rings", data.city_rings, width=1, colour=[90, 90, 90, 160]),
        _path_layer("met-rings", data.met_rings, width=2),
        pdk.Layer(
            "PathLayer", id="fans", data=data.fans, get_path="path", get_color="colour", get_width=FAN_WIDTH_PX,
            width_units="'pixels'", pickable=True,
        ),
        pdk.Layer(
            "PathLayer", id="spreads", data=data.spreads, get_path="path", get_color=SPREAD_RGB, get_width=3,
            width_units="'pixels'", cap_rounded=True, pickable=True,
        ),
        pdk.Layer(
            "PathLayer", id="arcs", data=data.arcs, get_path="path", get_color="colour", get_width=2,
            width_units="'pixels'", width_min_pixels=1, billboard=True, pickable=True,
        ),
    ]


def _page_lines(data: DeckData) -> list[pdk.Layer]:
    """The page's lines as straight segments (see the module docstring). Rings, many points each,
    stay paths and are in the deck only while shown."""
    rings = [
        _path_layer(layer_id, records, width=width, colour=colour)
        for layer_id, records, width, colour in (
            ("city-rings", data.city_rings, 1, [90, 90, 90, 160]), ("met-rings", data.met_rings, 2, "colour"))
        if records
    ]
    spreads = [{"launch_id": spread["launch_id"], "s": spread["path"][0], "t": spread["path"][-1],
                "tooltip": spread["tooltip"]} for spread in data.spreads]
    return [
        *rings,
        *_segment_layers("fans", data.fans, FAN_WIDTH_PX, _fan_outline),
        pdk.Layer("LineLayer", id="spreads", data=spreads, get_source_position="s", get_target_position="t",
                  get_color=SPREAD_RGB, get_width=3, width_units="'pixels'", pickable=True),
        *_segment_layers("arcs", data.arcs, 2, _thinned),
    ]


def _segment_layers(layer_id: str, records: list[dict], width: float,
                    points: Callable[[list], list]) -> list[pdk.Layer]:
    """The records' paths as straight segments between the `points` of each, one layer per colour
    (a colour per segment would be a fifth of a step's bytes)."""
    by_colour: dict[tuple[int, ...], list[dict]] = {}
    for record in records:
        kept = points(record["path"])
        by_colour.setdefault(tuple(record["colour"]), []).extend(
            {"s": start, "t": end} for start, end in zip(kept, kept[1:]))
    return [
        pdk.Layer("LineLayer", id=f"{layer_id} {','.join(map(str, colour))}", data=segments, get_source_position="s",
                  get_target_position="t", get_color=list(colour), get_width=width, width_units="'pixels'",
                  pickable=False)
        for colour, segments in sorted(by_colour.items())
    ]


def _thinned(points: list) -> list:
    """Every PAGE_ARC_STEP-th point, the first and the last always kept."""
    kept = points[::PAGE_ARC_STEP]
    return kept if (len(points) - 1) % PAGE_ARC_STEP == 0 else [*kept, points[-1]]


def _fan_outline(path: list) -> list:
    """The site, the plausible splashdowns thinned as arcs are (both edges kept) and the site again."""
    site, ends = path[0], path[1:-1]
    return [site, *_thinned(ends), site]


def _raster_base_map(url: str, named: bool) -> list[pdk.Layer]:
    """The app's base map: the pictures of tools/build_basemap.py raster, fetched once by URL, with
    their names or (`named` false) without them. Both twins of a named picture are always in the
    deck and only one is visible: a step between a named and a names-free view then only toggles
    them, where swapping a layer's picture fetched and uploaded it again and redrew the map once
    per picture as each arrived (two to three extra software-WebGL frames, about 0.17 s a step)."""
    return [
        # Writing no depth: the lines drawn over a picture must not lose half their width to it.
        pdk.Layer("BitmapLayer", id=file.removesuffix(".png"), image=f"'{url}/{file}'", bounds=image.bounds,
                  parameters={"depthWriteEnabled": False}, pickable=False, **({} if visible else {"visible": False}))
        for image in BASEMAP_IMAGES
        for file, visible in _picture_files(image, named)
    ]


def _picture_files(image: BasemapImage, named: bool) -> tuple[tuple[str, bool], ...]:
    """The files drawn for one picture, each with whether this view shows it."""
    if image.name not in NAMED_BASEMAP_IMAGES:
        return ((image.name, True),)
    return (image.name, named), (image.plain_name, not named)


def _vector_base_map() -> list[pdk.Layer]:
    """The base map as polygons and lines, inlined, for an exported map that must open anywhere."""
    return [
        pdk.Layer(
            "SolidPolygonLayer", id="sea", data=[{"polygon": [[-30, -85], [330, -85], [330, 85], [-30, 85]]}],
            get_polygon="polygon", get_fill_color=SEA_RGB, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="land-world", data=_basemap("countries-110m.geojson"), filled=True,
            stroked=False, get_fill_color=LAND_RGB, pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer", id="land-theatre", data=_basemap("theatre-50m.geojson"), filled=True,
            stroked=False, get_fill_color=LAND_RGB, pickable=False,
        ),
        _line_layer("borders", colour=BORDER_RGB, width=1),
        _line_layer("japan-coast", colour=JAPAN_COAST_RGB, width=1.5),
        _line_layer("japan-eez", colour=_EEZ_LINE, width=_EEZ_WIDTH),
    ]


def deck_json(launches: pd.DataFrame, options: MapOptions | None = None) -> dict:
    return json.loads(build_deck(launches, options).to_json())


def _line_layer(layer_id: str, *, colour: list[int] | str, width: float | str) -> pdk.Layer:
    return pdk.Layer(
        "LineLayer", id=layer_id, data=_basemap(BASEMAP_LINES[layer_id]), get_source_position="s",
        get_target_position="t", get_color=colour, get_width=width, width_units="'pixels'", pickable=False,
    )


def _path_layer(layer_id: str, records: list[dict], width: float, colour: list[int] | str = "colour") -> pdk.Layer:
    return pdk.Layer(
        "PathLayer", id=layer_id, data=records, get_path="path", get_color=colour,
        get_width=width, width_units="'pixels'", pickable=True,
    )


@functools.cache
def _basemap_cached(path: str, mtime_ns: int) -> dict | list:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _basemap(name: str) -> dict | list:
    path = basemap_dir() / name
    return _basemap_cached(str(path), path.stat().st_mtime_ns)


def _flight_rows(placed: pd.DataFrame, estimates: pd.DataFrame, assessed: pd.DataFrame) -> list[dict]:
    # Looked up in dicts, not with .loc per flight: a busy week's rows cost a fraction.
    by_launch = dict(zip(estimates.index, estimates.itertuples(index=False))) if len(estimates) else {}
    judged = assessed.to_dict("index")
    rows = []
    for row in placed.itertuples(index=False):
        if row.launch_id not in by_launch:
            continue
        estimate = by_launch[row.launch_id]
        rows.append(
            {
                "launch_id": row.launch_id,
                "event_id": getattr(row, "event_id", ""),
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
                "assessment": assessment.describe(judged[row.launch_id]),
                "overflies_japan": bool(judged[row.launch_id]["overflies_japan"]),
            }
        )
    return rows


def _flight_tooltip(row: dict) -> str:
    apogee = f"{row['apogee_km']:,.0f} km" if math.isfinite(row["apogee_km"]) else NOT_REPORTED
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
        "position": [round(coordinate, 4) for coordinate in row["impact"]],
        "colour": colour,
        "fill": [255, 255, 255, 200] if estimated else colour,
        "basis": row["basis"],
        "tooltip": _flight_tooltip(row),
    }


@functools.lru_cache(maxsize=16_384)
def _arc_points(lat: float, lon: float, bearing_deg: float, range_km: float, apogee_km: float,
                exaggeration: float) -> tuple[tuple[float, float, float], ...]:
    """An arc remembered by the figures it is drawn from: the next week's map, or the same week
    in another view, draws many of the same flights (every missing apogee is passed as math.nan)."""
    path = geometry.arc_path(lat, lon, bearing_deg, range_km, apogee_km, exaggeration, ARC_SAMPLES)
    # A thousandth of a degree (about 100 m) and ten metres of altitude are far below a pixel at any
    # zoom the base map serves.
    return tuple((round(lon, 3), round(lat, 3), int(round(altitude, -1))) for lon, lat, altitude in path)


def _arc_record(row: dict, exaggeration: float) -> dict:
    apogee = row["apogee_km"] if math.isfinite(row["apogee_km"]) else math.nan
    path = _arc_points(row["lat"], row["lon"], row["bearing_deg"], row["range_km"], apogee, exaggeration)
    alpha = 255 if row["basis"] == "reported" else ESTIMATED_ALPHA
    # The flight's whole note rides once, on its splashdown.
    return {
        "launch_id": row["launch_id"],
        "path": [list(point) for point in path],
        "colour": class_rgb(row["missile_class"], alpha),
        "basis": row["basis"],
        "tooltip": _flight_tooltip(row).split("\n", 1)[0] + "\nIts splashdown holds the estimate",
    }


def _fan_record(row: dict, alpha: int = FAN_ALPHA) -> dict:
    site = [float(geometry.pacific_lon(row["lon"])), row["lat"]]
    return {
        "launch_id": row["launch_id"],
        "path": [site, *row["fan"], site],
        "colour": class_rgb(row["missile_class"], alpha),
        "tooltip": f"Plausible splashdowns of {row['missile']} on {row['date']}: "
        f"bearings {row['fan_from']:.0f}°–{row['fan_to']:.0f}° "
        f"reaching the {row['impact_area']} at {row['range_km']:,.0f} km",
    }


def site_records(placed: pd.DataFrame) -> list[dict]:
    """One mark per launch site of these placed launches, sized by how many launched there."""
    if placed.empty:
        return []
    # Read column by column, not grouped and iterated as rows: a busy week's sites cost a tenth.
    # Each figure is the site's first given one, as pandas' groupby "first" takes it.
    sites: dict[str, list] = {}
    counts: dict[str, int] = {}
    columns = [placed[column].tolist() for column in ("site_name", "province", "lat", "lon", "site_precision")]
    for site_id, launch_id, *values in zip(placed["site_id"].tolist(), placed["launch_id"].tolist(), *columns):
        if pd.isna(site_id):
            continue
        known = sites.setdefault(site_id, values)
        if known is not values:
            sites[site_id] = [value if pd.isna(first) else first for first, value in zip(known, values)]
        counts[site_id] = counts.get(site_id, 0) + (0 if pd.isna(launch_id) else 1)
    return [_site_record(site_id, sites[site_id], counts[site_id]) for site_id in sorted(sites)]


def _site_record(site_id: str, figures: list, launches: int) -> dict:
    name, province, lat, lon, precision = figures
    return {
        "site_id": site_id,
        "position": [float(geometry.pacific_lon(lon)), float(lat)],
        "radius": round(3.0 + 2.5 * math.sqrt(launches), 2),
        "name": str(name),
        "launches": launches,
        "tooltip": f"{name} ({province}): {launches} launch{'es' if launches != 1 else ''}"
        f"\nLocation precision: {precision}",
    }


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

"""A static map of launch origins and estimated splashdowns, drawn offline for exports.

plotly's geo maps download their base map from a CDN, so this map is an ordinary x/y chart in
degrees: the land comes from the Natural Earth GeoJSON bundled in `data/basemap/`, and the y axis
is stretched by 1/cos(latitude) so the peninsula keeps its shape at these latitudes.

Decisions:
- The frame holds the period's sites and splashdowns, never less than the peninsula. One far
  flight must not shrink the rest to a corner (2022's IRBM over Japan came down at 178° E, the
  2023 satellite launches east of Luzon), so a flight is *far* when it flew more than FAR_FACTOR
  times the period's median flight distance and at least FAR_MIN_KM, and its splashdown lies
  outside the frame the other flights need. Far flights leave the main frame (their dashed line
  runs off its edge) and an inset shows the whole extent: every flight, the longest far ones
  named, and a box round the main view. It takes the corner covering the fewest sites, splashdowns
  and site labels (the estimate note keeps the bottom left), and is drawn inside the main axes so
  it stays on the map whatever size the page or slide gives it.
- 2.5 times the median and 1,500 km: over the catalog's years this sets apart exactly the
  satellite launches and the IRBMs over Japan (2016, 2017, 2022, 2023), while lofted ICBMs of
  about 1,000 km into the Sea of Japan stay in the main frame, and a period made only of long
  flights (the median then long too) keeps one frame with no inset.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from splashdown import geometry
from splashdown.config import settings
from splashdown.palette import class_colour
from splashdown.vocabulary import MISSILE_CLASSES

# Korean peninsula and the seas around it: the smallest view, however few launches there are.
_DEFAULT_BOUNDS = (124.0, 132.0, 34.5, 42.5)
_PAD_DEG = 1.0
# Width over height of the plot area the map is usually drawn in (pages and exports are wide).
DEFAULT_ASPECT = 2.2
_LABEL_SPACING = 0.09
_LABEL_ROOM_DEG = 2.0
# One character of a site label as a share of the map's width (18 px type on a ~1400 px plot).
_CHAR_FRACTION = 0.0075
_LAND = "#e9e6df"
_COAST = "#8c8c8c"
_SEA = "#f4f8fb"
_MAX_SITE_LABELS = 8
FAR_FACTOR = 2.5
FAR_MIN_KM = 1500.0
_MAX_FAR_LABELS = 4
# The inset's share of the plot area, its margin from the edges, and the box of the main view in it.
_INSET_SIZE = (0.3, 0.46)
_INSET_GAP = 0.02
_INSET_PAD_DEG = 3.0
# A label's width and height as shares of the inset (11 px type, about 40 characters).
_INSET_LABEL_GAP = (0.7, 0.07)
_INSET_EDGE = "#444444"
_MAIN_VIEW_BOX = "#111111"


@dataclass(frozen=True)
class Bounds:
    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float

    def contains_box(self, box: tuple[float, float, float, float]) -> bool:
        lon_min, lon_max, lat_min, lat_max = box
        return not (
            lon_max < self.lon_min or lon_min > self.lon_max or lat_max < self.lat_min or lat_min > self.lat_max
        )


def splashdown_points(launches: pd.DataFrame) -> pd.DataFrame:
    """The interactive map's estimated impact points and bearing fans, with class and site position."""
    placed = launches[launches["lat"].notna() & launches["lon"].notna()]
    estimates = geometry.estimate_splashdowns(placed) if len(placed) else pd.DataFrame(columns=["launch_id"])
    columns = ["launch_id", "missile_class", "site_lat", "site_lon", "impact_lat", "impact_lon", "est_basis", "fan"]
    if estimates.empty:
        return pd.DataFrame(columns=columns)
    sites = placed[["launch_id", "missile_class", "lat", "lon"]].rename(columns={"lat": "site_lat", "lon": "site_lon"})
    return estimates.merge(sites, on="launch_id")[columns]


def map_bounds(launches: pd.DataFrame, impacts: pd.DataFrame, aspect: float = DEFAULT_ASPECT) -> Bounds:
    """The view that holds every origin and splashdown, never smaller than the peninsula,
    widened or heightened to fill a plot area `aspect` times wider than high."""
    lons = [*_DEFAULT_BOUNDS[:2], *launches["lon"].dropna(), *impacts.get("impact_lon", [])]
    lats = [*_DEFAULT_BOUNDS[2:], *launches["lat"].dropna(), *impacts.get("impact_lat", [])]
    # Site names sit left of their marker, so the west gets room for a label.
    lon_min, lon_max = min(lons) - _PAD_DEG - _LABEL_ROOM_DEG, max(lons) + _PAD_DEG
    lat_min, lat_max = max(min(lats) - _PAD_DEG, -80.0), min(max(lats) + _PAD_DEG, 80.0)
    return _fit(lon_min, lon_max, lat_min, lat_max, aspect)


def static_map_figure(
    launches: pd.DataFrame,
    *,
    title: str = "Launch origins and estimated splashdowns",
    basemap_dir: Path | None = None,
    aspect: float = DEFAULT_ASPECT,
) -> go.Figure:
    """Origins by class, dashed lines to estimated splashdowns, on an offline Natural Earth base."""
    impacts = splashdown_points(launches)
    far = far_flights(launches, impacts)
    bounds = map_bounds(launches, impacts[~impacts["launch_id"].isin(far)], aspect)
    fig = go.Figure()
    for trace in _basemap_traces(basemap_dir or settings().data_dir / "basemap", bounds):
        fig.add_trace(trace)
    for missile_class in MISSILE_CLASSES:
        _add_class_traces(fig, launches, impacts, missile_class)
    _add_site_labels(fig, launches, bounds)
    if len(impacts):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines+markers",
                name="estimated splashdown",
                line=dict(color="#555555", dash="dash", width=2),
                marker=dict(symbol="x-thin-open", size=12, color="#555555", line=dict(width=2)),
            )
        )
    if len(impacts):
        fig.add_annotation(
            text=_basis_note(impacts),
            xref="paper",
            yref="paper",
            x=0.005,
            y=0.01,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(color="#333333"),
        )
    mid_lat = (bounds.lat_min + bounds.lat_max) / 2
    fig.update_layout(
        title=dict(text=title, x=0.0, xanchor="left"),
        template="plotly_white",
        plot_bgcolor=_SEA,
        margin=dict(l=70, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0, title_text=""),
        showlegend=True,
    )
    fig.update_xaxes(
        range=[bounds.lon_min, bounds.lon_max],
        title_text="Longitude (°E)",
        showgrid=True,
        gridcolor="#dde3e8",
        zeroline=False,
        constrain="domain",
    )
    fig.update_yaxes(
        range=[bounds.lat_min, bounds.lat_max],
        title_text="Latitude (°N)",
        showgrid=True,
        gridcolor="#dde3e8",
        zeroline=False,
        scaleanchor="x",
        scaleratio=1 / math.cos(math.radians(mid_lat)),
        constrain="domain",
    )
    if far:
        _add_inset(fig, launches, impacts, far, bounds, basemap_dir or settings().data_dir / "basemap")
    return fig


def far_flights(launches: pd.DataFrame, impacts: pd.DataFrame) -> list[str]:
    """Launch ids of the flights the main frame leaves to the inset, longest first (see the
    module's decisions): beyond FAR_FACTOR times the median flight distance and FAR_MIN_KM, and
    outside the frame the other flights need."""
    if impacts.empty:
        return []
    ranges = impacts.merge(launches[["launch_id", "range_km"]], on="launch_id")
    limit = max(FAR_MIN_KM, FAR_FACTOR * float(ranges["range_km"].median()))
    candidates = ranges[ranges["range_km"] > limit]
    if candidates.empty:
        return []
    core = map_bounds(launches, ranges[ranges["range_km"] <= limit])
    outside = ~(candidates["impact_lon"].between(core.lon_min, core.lon_max)
                & candidates["impact_lat"].between(core.lat_min, core.lat_max))
    return candidates[outside].sort_values(["range_km", "launch_id"], ascending=[False, True])["launch_id"].tolist()


def _add_class_traces(fig: go.Figure, launches: pd.DataFrame, impacts: pd.DataFrame, missile_class: str) -> None:
    rows = launches[launches["missile_class"] == missile_class]
    if rows.empty:
        return
    colour = class_colour(missile_class)
    arcs = impacts[impacts["missile_class"] == missile_class]
    if len(arcs):
        fans = [fan for fan in arcs["fan"] if isinstance(fan, list) and len(fan) > 2]
        if fans:
            fig.add_trace(
                go.Scatter(
                    x=[point for fan in fans for point in [*(p[0] for p in fan), fan[0][0], None]],
                    y=[point for fan in fans for point in [*(p[1] for p in fan), fan[0][1], None]],
                    mode="lines",
                    fill="toself",
                    fillcolor=_translucent(colour, 0.12),
                    line=dict(width=0),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=missile_class,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=_segments(arcs["site_lon"], arcs["impact_lon"]),
                y=_segments(arcs["site_lat"], arcs["impact_lat"]),
                mode="lines",
                line=dict(color=colour, dash="dash", width=2),
                hoverinfo="skip",
                showlegend=False,
                legendgroup=missile_class,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=arcs["impact_lon"],
                y=arcs["impact_lat"],
                mode="markers",
                marker=dict(symbol="x-thin-open", size=12, color=colour, line=dict(width=2, color=colour)),
                text=[f"{launch_id}: estimated splashdown ({basis})" for launch_id, basis in
                      zip(arcs["launch_id"], arcs["est_basis"])],
                hoverinfo="text",
                showlegend=False,
                legendgroup=missile_class,
            )
        )
    origins = rows.groupby(["lat", "lon"], as_index=False).size()
    fig.add_trace(
        go.Scatter(
            x=origins["lon"],
            y=origins["lat"],
            mode="markers",
            name=f"{missile_class} ({len(rows)})",
            legendgroup=missile_class,
            marker=dict(
                size=12 + 3 * np.sqrt(origins["size"].clip(upper=16) - 1),
                color=colour,
                line=dict(width=1.5, color="#222222"),
            ),
            text=[f"{missile_class}: {count} missile(s)" for count in origins["size"]],
            hoverinfo="text",
        )
    )


def _site_labels(launches: pd.DataFrame, bounds: Bounds) -> list[tuple[float, float, str, str]]:
    """The busiest sites to name (lat, lon, name, text position), skipping any too close to a
    named one to be read apart."""
    if launches.empty or "site_name" not in launches:
        return []
    sites = launches.groupby(["site_name", "lat", "lon"], as_index=False).size().sort_values("size", ascending=False)
    min_gap = _LABEL_SPACING * (bounds.lat_max - bounds.lat_min)
    named: list[tuple[float, float, str]] = []
    for site in sites.itertuples(index=False):
        if len(named) == _MAX_SITE_LABELS:
            break
        if all(abs(site.lat - lat) > min_gap or abs(site.lon - lon) > 4 * min_gap for lat, lon, _ in named):
            named.append((site.lat, site.lon, str(site.site_name)))
    # A name that would run off the west edge goes on the marker's east side instead.
    degrees_per_char = (bounds.lon_max - bounds.lon_min) * _CHAR_FRACTION
    return [
        (lat, lon, name, "middle left" if lon - (len(name) + 2) * degrees_per_char > bounds.lon_min else "middle right")
        for lat, lon, name in named
    ]


def _label_points(launches: pd.DataFrame, bounds: Bounds) -> tuple[list[float], list[float]]:
    """Points along each site label's text, for keeping the inset off the labels."""
    degrees_per_char = (bounds.lon_max - bounds.lon_min) * _CHAR_FRACTION
    lons: list[float] = []
    lats: list[float] = []
    for lat, lon, name, position in _site_labels(launches, bounds):
        reach = (len(name) + 2) * degrees_per_char * (-1 if position.endswith("left") else 1)
        lons.extend(lon + reach * step for step in np.linspace(0.0, 1.0, 6))
        lats.extend([lat] * 6)
    return lons, lats


def _add_site_labels(fig: go.Figure, launches: pd.DataFrame, bounds: Bounds) -> None:
    named = _site_labels(launches, bounds)
    if not named:
        return
    fig.add_trace(
        go.Scatter(
            x=[lon for _, lon, _, _ in named],
            y=[lat for lat, _, _, _ in named],
            mode="text",
            text=[f" {name} ".replace("<", "‹").replace(">", "›") for _, _, name, _ in named],
            textposition=[position for _, _, _, position in named],
            textfont=dict(color="#111111", shadow="1px 1px 2px white"),
            hoverinfo="skip",
            showlegend=False,
        )
    )


def _basis_note(impacts: pd.DataFrame) -> str:
    """How sure the drawn splashdowns are: each is site + bearing + range, the bearing's basis counted."""
    counts = impacts["est_basis"].replace({"impact-area": "from impact area"}).value_counts()
    bases = ", ".join(f"{count} {basis}" for basis, count in counts.items())
    # Short lines: the note shares the bottom of the map with an inset in the bottom right corner.
    return (
        f"Splashdowns are estimates (site + bearing + range).<br>Bearings: {bases}.<br>"
        "Shaded fans: the bearings the reported impact area allows."
    )


def _translucent(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _segments(starts: pd.Series, ends: pd.Series) -> list[float | None]:
    points: list[float | None] = []
    for start, end in zip(starts, ends):
        points.extend([start, end, None])
    return points


def _basemap_traces(basemap_dir: Path, bounds: Bounds, *, clip: bool = False) -> list[go.Scatter]:
    """Land and lines of the view; `clip` cuts them to `bounds` (for the inset, which has no axes
    of its own to clip what it draws)."""
    rings = _basemap_rings(basemap_dir, bounds)
    land_x: list[float | None] = []
    land_y: list[float | None] = []
    line_x: list[float | None] = []
    line_y: list[float | None] = []
    for kind, ring in rings:
        if not bounds.contains_box(_box(ring)):
            continue
        if clip:
            ring = _clipped(ring, bounds) if kind == "polygon" else _broken_outside(ring, bounds)
            if len(ring) < 2:
                continue
        xs, ys = (land_x, land_y) if kind == "polygon" else (line_x, line_y)
        xs.extend([*ring[:, 0].tolist(), None])
        ys.extend([*ring[:, 1].tolist(), None])
    traces = []
    if land_x:
        # Fill first, outlines on top: one filled trace would paint over its neighbours' borders.
        traces.append(
            go.Scatter(
                x=land_x,
                y=land_y,
                mode="lines",
                fill="toself",
                fillcolor=_LAND,
                line=dict(width=0),
                hoverinfo="skip",
                showlegend=False,
            )
        )
        traces.append(
            go.Scatter(
                x=land_x,
                y=land_y,
                mode="lines",
                line=dict(color=_COAST, width=1),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if line_x:
        traces.append(
            go.Scatter(
                x=line_x,
                y=line_y,
                mode="lines",
                line=dict(color=_COAST, width=1, dash="dot"),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    return traces


def _clipped(ring: np.ndarray, bounds: Bounds) -> np.ndarray:
    """A polygon ring cut to the box (Sutherland-Hodgman, one box edge at a time)."""
    lon_min, lon_max, lat_min, lat_max = _box(ring)
    if lon_min >= bounds.lon_min and lon_max <= bounds.lon_max and lat_min >= bounds.lat_min and (
            lat_max <= bounds.lat_max):
        return ring
    edges = ((0, bounds.lon_min, 1), (0, bounds.lon_max, -1), (1, bounds.lat_min, 1), (1, bounds.lat_max, -1))
    points = ring
    for axis, limit, side in edges:
        if not len(points):
            break
        inside = (points[:, axis] - limit) * side >= 0
        following = np.roll(points, -1, axis=0)
        following_inside = np.roll(inside, -1)
        kept: list[np.ndarray] = []
        for point, nxt, point_in, nxt_in in zip(points, following, inside, following_inside):
            if point_in:
                kept.append(point)
            if point_in != nxt_in:
                share = (limit - point[axis]) / (nxt[axis] - point[axis])
                kept.append(point + share * (nxt - point))
        points = np.array(kept).reshape(-1, 2)
    return points


def _broken_outside(line: np.ndarray, bounds: Bounds) -> np.ndarray:
    """A line with its points outside the box turned into gaps (NaN, which plotly leaves undrawn)."""
    outside = ~((line[:, 0] >= bounds.lon_min) & (line[:, 0] <= bounds.lon_max)
                & (line[:, 1] >= bounds.lat_min) & (line[:, 1] <= bounds.lat_max))
    return np.where(outside[:, None], np.nan, line)


def _basemap_rings(basemap_dir: Path, bounds: Bounds) -> tuple[tuple[str, np.ndarray], ...]:
    """The rings of the most detailed base map file that covers the whole view.

    The files overlap (a detailed theatre, a coarse world), so exactly one is drawn: the one with
    the smallest extent that still holds the view, else the largest.
    """
    candidates = []
    for path in sorted(basemap_dir.glob("*.geojson")):
        rings = _rings(str(path), path.stat().st_mtime_ns)
        if not rings:
            continue
        boxes = np.array([_box(ring) for _, ring in rings])
        extent = (boxes[:, 0].min(), boxes[:, 1].max(), boxes[:, 2].min(), boxes[:, 3].max())
        covers = (
            extent[0] <= bounds.lon_min and extent[1] >= bounds.lon_max
            and extent[2] <= bounds.lat_min and extent[3] >= bounds.lat_max
        )
        area = (extent[1] - extent[0]) * (extent[3] - extent[2])
        candidates.append((not covers, area if covers else -area, rings))
    if not candidates:
        return ()
    return min(candidates, key=lambda candidate: candidate[:2])[2]


def _box(ring: np.ndarray) -> tuple[float, float, float, float]:
    return float(ring[:, 0].min()), float(ring[:, 0].max()), float(ring[:, 1].min()), float(ring[:, 1].max())


@lru_cache(maxsize=8)
def _rings(path: str, mtime_ns: int) -> tuple[tuple[str, np.ndarray], ...]:
    """Outer rings ("polygon") and lines ("line") of a GeoJSON file, as lon/lat arrays."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    return tuple(_geometry_rings(document))


def _geometry_rings(node: dict) -> Iterator[tuple[str, np.ndarray]]:
    kind = node.get("type")
    if kind == "FeatureCollection":
        for feature in node.get("features", []):
            yield from _geometry_rings(feature)
    elif kind == "Feature" and node.get("geometry"):
        yield from _geometry_rings(node["geometry"])
    elif kind == "GeometryCollection":
        for geometry in node.get("geometries", []):
            yield from _geometry_rings(geometry)
    elif kind == "Polygon" and node["coordinates"]:
        yield "polygon", np.asarray(node["coordinates"][0], dtype=float)[:, :2]
    elif kind == "MultiPolygon":
        for polygon in node["coordinates"]:
            if polygon:
                yield "polygon", np.asarray(polygon[0], dtype=float)[:, :2]
    elif kind == "LineString" and node["coordinates"]:
        yield "line", np.asarray(node["coordinates"], dtype=float)[:, :2]
    elif kind == "MultiLineString":
        for line in node["coordinates"]:
            if line:
                yield "line", np.asarray(line, dtype=float)[:, :2]


def _far_label(row: pd.Series) -> str:
    missile = str(row["missile"]).replace("<", "‹").replace(">", "›")
    return f"{row['date_kst']:%Y-%m-%d} {missile}, {row['range_km']:,.0f} km"


@dataclass(frozen=True)
class _Inset:
    """The whole extent drawn into a box of the main map's own axes: a second subplot would be
    placed against the page, while the main map shrinks to keep its scale, so the two would drift."""

    extent: Bounds
    box: Bounds

    def place(self, lons: Sequence[float | None], lats: Sequence[float | None]) -> tuple[list, list]:
        """Main-map coordinates of points of the whole extent (None, a gap in a line, stays None)."""
        x_scale = (self.box.lon_max - self.box.lon_min) / (self.extent.lon_max - self.extent.lon_min)
        y_scale = (self.box.lat_max - self.box.lat_min) / (self.extent.lat_max - self.extent.lat_min)
        xs = [None if lon is None or math.isnan(lon) else self.box.lon_min + (lon - self.extent.lon_min) * x_scale
              for lon in lons]
        ys = [None if lat is None or math.isnan(lat) else self.box.lat_min + (lat - self.extent.lat_min) * y_scale
              for lat in lats]
        return xs, ys

    def trace(self, lons: Sequence[float | None], lats: Sequence[float | None], **style: Any) -> go.Scatter:
        xs, ys = self.place(lons, lats)
        return go.Scatter(x=xs, y=ys, hoverinfo="skip", showlegend=False, meta="inset", **style)


def _add_inset(fig: go.Figure, launches: pd.DataFrame, impacts: pd.DataFrame, far: list[str], main: Bounds,
               basemap_dir: Path) -> None:
    """The whole extent in a corner the main view leaves free: land, every flight, the far ones
    named, and the main view's box."""
    width, height = _INSET_SIZE
    (x0, x1), (y0, y1) = _inset_corner(launches, impacts, far, main, width, height)
    lon_span, lat_span = main.lon_max - main.lon_min, main.lat_max - main.lat_min
    box = Bounds(main.lon_min + x0 * lon_span, main.lon_min + x1 * lon_span,
                 main.lat_min + y0 * lat_span, main.lat_min + y1 * lat_span)
    # The box's shape on the page, in the main map's scale (a degree of latitude is 1/cos(mid) wider).
    box_aspect = (box.lon_max - box.lon_min) * math.cos(math.radians((main.lat_min + main.lat_max) / 2)) / (
        box.lat_max - box.lat_min)
    lons = [*launches["lon"].dropna(), *impacts["impact_lon"], main.lon_min, main.lon_max]
    lats = [*launches["lat"].dropna(), *impacts["impact_lat"], main.lat_min, main.lat_max]
    extent = _fit(min(lons) - _INSET_PAD_DEG, max(lons) + _INSET_PAD_DEG, max(min(lats) - _INSET_PAD_DEG, -80.0),
                  min(max(lats) + _INSET_PAD_DEG, 80.0), box_aspect)
    inset = _Inset(extent, box)
    edge_lons = [extent.lon_min, extent.lon_max, extent.lon_max, extent.lon_min, extent.lon_min]
    edge_lats = [extent.lat_min, extent.lat_min, extent.lat_max, extent.lat_max, extent.lat_min]
    # The inset's own sea hides the main map beneath it; its edge is drawn last, over its land.
    fig.add_trace(inset.trace(edge_lons, edge_lats, mode="lines", fill="toself", fillcolor=_SEA, line=dict(width=0)))
    for trace in _basemap_traces(basemap_dir, extent, clip=True):
        xs, ys = inset.place(trace.x, trace.y)
        fig.add_trace(trace.update(x=xs, y=ys, meta="inset"))
    for missile_class in MISSILE_CLASSES:
        flights = impacts[impacts["missile_class"] == missile_class]
        if flights.empty:
            continue
        colour = class_colour(missile_class)
        wide = flights["launch_id"].isin(far)
        for drawn, width_px in ((flights[~wide], 1), (flights[wide], 2.5)):
            if len(drawn):
                fig.add_trace(inset.trace(_segments(drawn["site_lon"], drawn["impact_lon"]),
                                          _segments(drawn["site_lat"], drawn["impact_lat"]), mode="lines",
                                          line=dict(color=colour, dash="dash", width=width_px)))
        fig.add_trace(inset.trace(list(flights["impact_lon"]), list(flights["impact_lat"]), mode="markers",
                                  marker=dict(symbol="x-thin-open", size=7, color=colour,
                                              line=dict(width=1.5, color=colour))))
    by_id = launches.drop_duplicates("launch_id").set_index("launch_id")
    named = impacts.set_index("launch_id").loc[_labelled(impacts, far, extent)]
    labels = [_far_label(by_id.loc[launch_id]) for launch_id in named.index]
    centre_lon = (extent.lon_min + extent.lon_max) / 2
    text_font = dict(size=11, color="#111111", shadow="1px 1px 2px white")
    fig.add_trace(inset.trace(
        list(named["impact_lon"]), list(named["impact_lat"]), mode="text", text=labels, textfont=text_font,
        textposition=["middle left" if lon > centre_lon else "middle right" for lon in named["impact_lon"]],
    ))
    fig.add_trace(inset.trace([main.lon_min, main.lon_max, main.lon_max, main.lon_min, main.lon_min],
                              [main.lat_min, main.lat_min, main.lat_max, main.lat_max, main.lat_min],
                              mode="lines", line=dict(color=_MAIN_VIEW_BOX, width=1.5)))
    fig.add_trace(inset.trace(edge_lons, edge_lats, mode="lines", line=dict(color=_INSET_EDGE, width=2)))
    beyond = f"{len(far)} flight{'s' if len(far) > 1 else ''}"
    fig.add_trace(inset.trace([extent.lon_min], [extent.lat_max], mode="text", textposition="bottom right",
                              text=[f" Whole extent; box: the main map; {beyond} beyond it "],
                              textfont=text_font))


def _labelled(impacts: pd.DataFrame, far: list[str], extent: Bounds) -> list[str]:
    """The far flights to name in the inset, longest first, skipping one whose label would sit on
    a named one's (within a label's height and width of the inset)."""
    points = impacts.set_index("launch_id")
    lat_gap = _INSET_LABEL_GAP[1] * (extent.lat_max - extent.lat_min)
    lon_gap = _INSET_LABEL_GAP[0] * (extent.lon_max - extent.lon_min)
    named: list[str] = []
    for launch_id in far:
        lat, lon = points.loc[launch_id, "impact_lat"], points.loc[launch_id, "impact_lon"]
        if all(abs(lat - points.loc[other, "impact_lat"]) > lat_gap or abs(lon - points.loc[other, "impact_lon"])
               > lon_gap for other in named):
            named.append(launch_id)
        if len(named) == _MAX_FAR_LABELS:
            break
    return named


def _inset_corner(launches: pd.DataFrame, impacts: pd.DataFrame, far: list[str], main: Bounds, width: float,
                  height: float) -> tuple[list[float], list[float]]:
    """Shares of the main map (x, y) of the corner covering the fewest sites, near splashdowns,
    midpoints of their flights and site labels; the right corners first on a tie (the basis note
    has the bottom left)."""
    near = impacts[~impacts["launch_id"].isin(far)]
    label_lons, label_lats = _label_points(launches, main)
    lons = [*launches["lon"].dropna(), *near["impact_lon"], *(near["site_lon"] + near["impact_lon"]) / 2, *label_lons]
    lats = [*launches["lat"].dropna(), *near["impact_lat"], *(near["site_lat"] + near["impact_lat"]) / 2, *label_lats]
    xs = (np.array(lons, dtype=float) - main.lon_min) / (main.lon_max - main.lon_min)
    ys = (np.array(lats, dtype=float) - main.lat_min) / (main.lat_max - main.lat_min)
    corners = (
        ([1 - _INSET_GAP - width, 1 - _INSET_GAP], [_INSET_GAP, _INSET_GAP + height]),  # bottom right
        ([1 - _INSET_GAP - width, 1 - _INSET_GAP], [1 - _INSET_GAP - height, 1 - _INSET_GAP]),  # top right
        ([_INSET_GAP, _INSET_GAP + width], [1 - _INSET_GAP - height, 1 - _INSET_GAP]),  # top left
    )

    def covered(shares: tuple[list[float], list[float]]) -> int:
        (x0, x1), (y0, y1) = shares
        return int(np.sum((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)))

    return min(corners, key=covered)


def _fit(lon_min: float, lon_max: float, lat_min: float, lat_max: float, aspect: float) -> Bounds:
    """The box widened or heightened to fill a plot area `aspect` times wider than high."""
    shrink = math.cos(math.radians((lat_min + lat_max) / 2))
    wanted_lon_span = aspect * (lat_max - lat_min) / shrink
    if wanted_lon_span > lon_max - lon_min:
        grow = (wanted_lon_span - (lon_max - lon_min)) / 2
        return Bounds(lon_min - grow, lon_max + grow, lat_min, lat_max)
    grow = ((lon_max - lon_min) * shrink / aspect - (lat_max - lat_min)) / 2
    return Bounds(lon_min, lon_max, lat_min - grow, lat_max + grow)

"""A static map of launch origins and estimated splashdowns, drawn offline for exports.

plotly's geo maps download their base map from a CDN, so this map is an ordinary x/y chart in
degrees: the land comes from the Natural Earth GeoJSON bundled in `data/basemap/`, and the y axis
is stretched by 1/cos(latitude) so the peninsula keeps its shape at these latitudes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    shrink = math.cos(math.radians((lat_min + lat_max) / 2))
    wanted_lon_span = aspect * (lat_max - lat_min) / shrink
    if wanted_lon_span > lon_max - lon_min:
        grow = (wanted_lon_span - (lon_max - lon_min)) / 2
        lon_min, lon_max = lon_min - grow, lon_max + grow
    else:
        grow = ((lon_max - lon_min) * shrink / aspect - (lat_max - lat_min)) / 2
        lat_min, lat_max = lat_min - grow, lat_max + grow
    return Bounds(lon_min, lon_max, lat_min, lat_max)


def static_map_figure(
    launches: pd.DataFrame,
    *,
    title: str = "Launch origins and estimated splashdowns",
    basemap_dir: Path | None = None,
    aspect: float = DEFAULT_ASPECT,
) -> go.Figure:
    """Origins by class, dashed lines to estimated splashdowns, on an offline Natural Earth base."""
    impacts = splashdown_points(launches)
    bounds = map_bounds(launches, impacts, aspect)
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
    return fig


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


def _add_site_labels(fig: go.Figure, launches: pd.DataFrame, bounds: Bounds) -> None:
    """Name the busiest sites, skipping any too close to a named one to be read apart."""
    if launches.empty or "site_name" not in launches:
        return
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
    positions = [
        "middle left" if lon - (len(name) + 2) * degrees_per_char > bounds.lon_min else "middle right"
        for _, lon, name in named
    ]
    fig.add_trace(
        go.Scatter(
            x=[lon for _, lon, _ in named],
            y=[lat for lat, _, _ in named],
            mode="text",
            text=[f" {name} ".replace("<", "‹").replace(">", "›") for _, _, name in named],
            textposition=positions,
            textfont=dict(color="#111111", shadow="1px 1px 2px white"),
            hoverinfo="skip",
            showlegend=False,
        )
    )


def _basis_note(impacts: pd.DataFrame) -> str:
    """How sure the drawn splashdowns are: each is site + bearing + range, the bearing's basis counted."""
    counts = impacts["est_basis"].replace({"impact-area": "from impact area"}).value_counts()
    bases = ", ".join(f"{count} {basis}" for basis, count in counts.items())
    return (
        f"Splashdowns are estimates (site + bearing + range); bearings: {bases}.<br>"
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


def _basemap_traces(basemap_dir: Path, bounds: Bounds) -> list[go.Scatter]:
    rings = _basemap_rings(basemap_dir, bounds)
    land_x: list[float | None] = []
    land_y: list[float | None] = []
    line_x: list[float | None] = []
    line_y: list[float | None] = []
    for kind, ring in rings:
        if not bounds.contains_box(_box(ring)):
            continue
        xs, ys = (land_x, land_y) if kind == "polygon" else (line_x, line_y)
        xs.extend([*ring[:, 0], None])
        ys.extend([*ring[:, 1], None])
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

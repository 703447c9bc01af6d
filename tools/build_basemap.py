"""Build the bundled offline base map in data/basemap/ from the npm package `world-atlas`, and
Japan's approximate EEZ from that base map.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m tools.build_basemap world package/
    python -m tools.build_basemap eez        # needs shapely (requirements-dev.txt); about 30 s
    python -m tools.build_basemap lines      # the lines the exported map strokes, from the three above
    python -m tools.build_basemap raster     # the pictures the page's map draws, from the same (Pillow)

world-atlas ships Natural Earth (public domain) as TopoJSON. This script decodes the TopoJSON,
keeps the world at 1:110m for context, the countries at 1:50m clipped to the theatre (East Asia
and the western Pacific) for coastlines and borders near the launches, and Japan at 1:50m alone
for the distance-to-coast figure; coordinates are rounded to keep the files small.

The exported interactive map strokes its borders, coasts and EEZ line from `lines-*.json`: every segment once
(a border two countries share is one line, not one per country), only lines that are drawn (the
territorial sea is for the overflight test, never stroked), at full detail where launches fly
and fall and simplified beyond, as deck.gl LineLayer rows. In the
software WebGL of a machine without a GPU the GeoJSON outlines drawn as paths were about nine
tenths of every frame; the polygons themselves stay GeoJSON, for the fills and the geometry.

The page's map draws the land, sea, borders, Japan's coast and EEZ line as pictures instead
(`basemap-*.png`, `splashdown.maps.BASEMAP_IMAGES`): the same polygons filled and the same lines
stroked, projected to Web Mercator as deck.gl's map is, drawn at twice the size and halved so edges
are smoothed, one picture per box at the zoom where one of its pixels is a screen pixel. A frame of
the map is then a few textured quads in software WebGL rather than thousands of instanced segments
and triangles, and the switch to the Map compiles no shader for lines.

Over them the pictures carry the names the page's deck once drew as text layers (a kind of layer
costs the switch its own shader pipeline): the theatre's reference cities (data/reference_cities.csv),
the busiest launch sites of the curated catalog (data/launches.csv, data/sites.csv; as the exported
map chooses them) and the places Japan MoD measures from, in DejaVu Sans with a pale halo, at the
pixel sizes of the old labels at the week view's zoom (4.5; half those sizes a zoom level out).
Each name takes the first side of its point where it stays inside its picture and clear of the
names and points placed before it, in that order; a name with no room is left out (its point's
tooltip still names it). The font comes from Debian's fonts-dejavu-core, which fontconfig (and so
Chromium) already requires. Painted in, the names shrink with the view, so the pictures that carry
any (`splashdown.maps.NAMED_BASEMAP_IMAGES`) are also written without them (`*-plain.png`), which
the page draws in views wider than `splashdown.maps.NAMES_LEGIBLE_FROM_ZOOM`.

Longitudes are Pacific-centred, as in splashdown.geometry: a polygon lying wholly west of
30 deg W is shifted by +360 deg so that the Americas sit east of Korea across the Pacific and
flights and range rings never break at the antimeridian.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from PIL import Image, ImageChops, ImageDraw, ImageFont

from splashdown import catalog, reach
from splashdown.maps import (
    BASEMAP_IMAGES,
    BASEMAP_LINES,
    BORDER_RGB,
    EEZ_RGB,
    EEZ_STROKES,
    INITIAL_VIEW,
    JAPAN_COAST_RGB,
    LAND_RGB,
    NAMED_BASEMAP_IMAGES,
    REFERENCE_PLACES,
    SEA_RGB,
    BasemapImage,
    busiest_sites,
    place_records,
    site_records,
)

OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "basemap"
THEATRE = (95.0, -5.0, 180.0, 62.0)  # west, south, east, north
# Where launches fly and fall: its borders and coasts are stroked at full 1:50m detail; beyond it,
# simplified to 0.05 deg (about a pixel at the zoom that shows the whole region).
STROKE_DETAIL_BOX = (105.0, 15.0, 155.0, 55.0)
STROKE_SIMPLIFY_BEYOND_DEG = 0.05
# The pictures are drawn this many times larger, then reduced: smooth edges without blurring lines.
RASTER_SUPERSAMPLE = 2
# Stroke widths in screen pixels at the zoom each picture is drawn for, as the vector layers draw them.
RASTER_STROKES = (("borders", BORDER_RGB, 1.0), ("japan-coast", JAPAN_COAST_RGB, 1.5))
# The names drawn into the pictures, sized in screen pixels as the text layers the page once drew
# them, at the week view's zoom in every picture (so names in neighbouring pictures match): DejaVu
# Sans, which Debian's fonts-dejavu-core installs (fontconfig, and so Chromium, needs it).
NAME_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SITE_NAME = (12, (20, 20, 20))  # size in screen pixels, colour
PLACE_NAME = (11, (60, 60, 60))
NAMES_SEEN_AT = INITIAL_VIEW["zoom"]
NAME_GAP_PX = 6  # between a point and its name
NAME_HALO_PX = 1.5  # the pale outline that keeps a name legible over lines
NAME_HALO_RGB = (250, 250, 246)
POINT_CLEARANCE_PX = 4  # no name is drawn over another named point
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
JAPAN_ID = "392"
ANTARCTICA_ID = "010"
DECIMALS = 3
PACIFIC_SHIFT_BELOW = -30.0


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[_ring(ring, arcs) for ring in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    return []


def _clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against each side of the box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    points = ring
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
            previous = current
        points = clipped
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    share = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + share * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    share = (y - a[1]) / (b[1] - a[1])
    return (a[0] + share * (b[0] - a[0]), y)


def _pacific_centred(polygon: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    longitudes = [x for ring in polygon for x, _ in ring]
    if max(longitudes) < PACIFIC_SHIFT_BELOW:
        return [[(x + 360.0, y) for x, y in ring] for ring in polygon]
    # world-atlas keeps rings that cross the antimeridian whole (Chukotka, Fiji): move their far side east.
    if max(longitudes) - min(longitudes) > 180.0:
        return [[(x + 360.0 if x < PACIFIC_SHIFT_BELOW else x, y) for x, y in ring] for ring in polygon]
    return polygon


def _rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _collection(topology: dict, box: tuple[float, float, float, float] | None, only_id: str | None = None) -> dict:
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if only_id is not None and geometry.get("id") != only_id or geometry.get("id") == ANTARCTICA_ID:
            continue
        polygons = []
        for polygon in _polygons(geometry, arcs):
            polygon = _pacific_centred(polygon)
            rings = [_rounded(_clip_ring(ring, box) if box else ring) for ring in polygon]
            rings = [ring for ring in rings if len(ring) >= 4]
            if rings and len(rings[0]) >= 4:
                polygons.append(rings)
        if polygons:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": geometry.get("properties", {}).get("name", ""), "id": geometry.get("id", "")
                    },
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    return {"type": "FeatureCollection", "features": features}


# --- Japan's EEZ, approximated from the bundled coastlines -------------------------------------
#
# Japan's Law on the Exclusive Economic Zone and the Continental Shelf (1996) claims the sea within
# 200 nautical miles of its baselines, cut at the median line where a neighbour's coast is closer.
# The 1:50m coast stands in for the baselines. Natural Earth at 1:50m leaves out islands that carry
# the claim in the seas the launches reach, so those are added as basepoints below (positions to
# about 0.01 deg, i.e. ~1 km). Disputed islands are counted as Japan counts them (the claim is
# Japan's), and the sea that lies inside only because of one of them is written as its own feature.

EEZ_FILE = "japan-eez.geojson"
EARTH_RADIUS_KM = 6371.0088
NAUTICAL_MILE_KM = 1.852
EEZ_LIMIT_KM = 200 * NAUTICAL_MILE_KM
TERRITORIAL_SEA_KM = 12 * NAUTICAL_MILE_KM
_TILE_DEG = 3.0
_TILE_OVERLAP_DEG = 0.02
_COAST_SPACING_KM = 2.0
_NEIGHBOUR_REACH_KM = 2 * EEZ_LIMIT_KM + 300.0
_SIMPLIFY_KM = 0.5
# (name, lat, lon, radius km) of islands Japan's claim and territory are drawn from that the 1:50m
# coast leaves out, each as a disc of about its size.
JAPANESE_ISLETS: tuple[tuple[str, float, float, float], ...] = (
    ("Oshima-Oshima", 41.51, 139.37, 1.5), ("Tobishima", 39.19, 139.55, 1.0), ("Awashima", 38.47, 139.25, 2.0),
    ("Hegura-jima", 37.85, 136.92, 0.5), ("Mishima", 34.77, 131.14, 1.5), ("Okinoshima", 34.24, 130.10, 0.5),
    ("Danjo-gunto", 31.97, 128.35, 1.0), ("Kume-jima", 26.34, 126.78, 4.0), ("Tokashiki-jima", 26.19, 127.36, 2.5),
    ("Zamami-jima", 26.23, 127.30, 1.5), ("Aguni-jima", 26.59, 127.23, 1.5), ("Tonaki-jima", 26.37, 127.14, 1.0),
    ("Ie-jima", 26.72, 127.79, 2.5), ("Iheya-jima", 27.04, 127.97, 2.5), ("Yoron-jima", 27.04, 128.42, 2.5),
    ("Okinoerabu-jima", 27.37, 128.58, 4.5), ("Tarama-jima", 24.66, 124.70, 2.5),
    ("Yonaguni-jima", 24.45, 122.99, 3.5), ("Hateruma-jima", 24.06, 123.78, 2.0),
    ("Kita-Daito-jima", 25.95, 131.30, 2.0), ("Minami-Daito-jima", 25.84, 131.24, 2.5),
    ("Oki-Daito-jima", 24.47, 131.18, 0.5), ("Torishima", 30.48, 140.30, 1.5), ("Sofu-gan", 29.79, 140.34, 0.2),
    ("Aogashima", 32.46, 139.76, 1.5), ("Chichi-jima", 27.07, 142.21, 3.0), ("Nishinoshima", 27.25, 140.88, 1.0),
    ("Kita-Iwo-jima", 25.43, 141.28, 1.5), ("Iwo-jima", 24.78, 141.32, 3.0), ("Minami-Iwo-jima", 24.23, 141.46, 1.0),
    ("Okinotorishima", 20.42, 136.08, 0.2), ("Minamitorishima", 24.28, 153.98, 1.0),
)
FOREIGN_ISLETS: tuple[tuple[str, float, float, float], ...] = (("Moneron (Russia)", 46.25, 141.23, 3.0),)
# Each dispute: the name the data carries, Japan's basepoints for it, and the neighbour that holds
# or claims it (its coast when the island is counted the other way).
TAKESHIMA = "Takeshima/Dokdo"
SOUTHERN_KURILS = "southern Kurils (Northern Territories)"
SENKAKU = "Senkaku/Diaoyu"
_DISPUTED_ISLETS: dict[str, tuple[tuple[str, float, float, float], ...]] = {
    TAKESHIMA: (("Takeshima/Dokdo", 37.24, 131.87, 0.3),),
    SENKAKU: (
        ("Uotsuri-jima", 25.74, 123.47, 1.5), ("Kuba-jima", 25.93, 123.68, 0.5), ("Taisho-jima", 25.92, 124.56, 0.2),
    ),
    SOUTHERN_KURILS: (),
}
# Natural Earth draws Kunashir, Iturup, Shikotan and the Habomai islets as Russia's: taken from
# Russia's polygons by this box (Urup, north of the Vries strait, stays Russian).
_SOUTHERN_KURILS_BOX = (145.2, 43.2, 149.2, 45.62)


def _aeqd(lat0: float, lon0: float) -> tuple:
    """Forward and inverse azimuthal equidistant projection on the sphere, in km about (lat0, lon0):
    distances from the centre are exact and others are off by under 0.3 % within 700 km of it."""
    phi0, lam0 = math.radians(lat0), math.radians(lon0)

    def forward(xy: np.ndarray) -> np.ndarray:
        lam = np.radians(xy[:, 0]) - lam0
        phi = np.radians(xy[:, 1])
        cos_c = np.clip(math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam), -1.0, 1.0)
        c = np.arccos(cos_c)
        k = np.where(c > 1e-12, c / np.sin(np.where(c > 1e-12, c, 1.0)), 1.0)
        x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(lam)
        y = EARTH_RADIUS_KM * k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
        return np.column_stack([x, y])

    def inverse(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        rho = np.hypot(x, y)
        safe = np.where(rho > 1e-9, rho, 1.0)
        c = rho / EARTH_RADIUS_KM
        phi = np.arcsin(np.clip(np.cos(c) * math.sin(phi0) + y * np.sin(c) * math.cos(phi0) / safe, -1.0, 1.0))
        lam = lam0 + np.arctan2(x * np.sin(c), safe * math.cos(phi0) * np.cos(c) - y * math.sin(phi0) * np.sin(c))
        away = rho > 1e-9
        return np.column_stack([np.degrees(np.where(away, lam, lam0)), np.degrees(np.where(away, phi, phi0))])

    return forward, inverse


def _islets(points: tuple[tuple[str, float, float, float], ...]) -> list:
    """Discs for islands the coastline omits, drawn in their own local projection."""
    discs = []
    for _name, lat, lon, radius_km in points:
        _forward, inverse = _aeqd(lat, lon)
        disc = shapely.Point(0.0, 0.0).buffer(radius_km, quad_segs=4)
        discs.append(shapely.transform(disc, inverse))
    return discs


def _sides(theatre: dict, disputes_to_japan: set[str]) -> tuple:
    """Japan's land and every neighbour's land (lon/lat), with the named disputes counted as Japan's."""
    japan: list = []
    others: list = []
    for feature in theatre["features"]:
        parts = [
            part
            for rings in feature["geometry"]["coordinates"]
            for part in shapely.get_parts(shapely.get_parts(shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))))
            if part.geom_type == "Polygon"
        ]
        if feature["properties"]["id"] == JAPAN_ID:
            japan.extend(parts)
            continue
        for part in parts:
            point = part.representative_point()
            west, south, east, north = _SOUTHERN_KURILS_BOX
            in_box = west <= point.x <= east and south <= point.y <= north
            in_kurils = feature["properties"]["name"] == "Russia" and in_box
            (japan if in_kurils and SOUTHERN_KURILS in disputes_to_japan else others).append(part)
    japan.extend(_islets(JAPANESE_ISLETS))
    others.extend(_islets(FOREIGN_ISLETS))
    for dispute, points in _DISPUTED_ISLETS.items():
        (japan if dispute in disputes_to_japan else others).extend(_islets(points))
    return shapely.union_all(japan), shapely.union_all(others)


def _coast_points(land, within) -> np.ndarray:
    """Vertices of the coast inside `within`, no further apart than _COAST_SPACING_KM (projected km)."""
    coast = shapely.intersection(shapely.segmentize(land.boundary, _COAST_SPACING_KM), within)
    return np.unique(np.round(shapely.get_coordinates(coast), 3), axis=0)


def _tile_zone(japan, others, west: float, south: float, width: float, height: float):
    """The part of one lon/lat tile within 200 nm of Japan and nearer Japan than any neighbour."""
    lat0, lon0 = south + height / 2, west + width / 2
    forward, inverse = _aeqd(lat0, lon0)
    # Tiles overlap a little so that their union leaves no sliver along the seams.
    overlap = _TILE_OVERLAP_DEG
    tile_box = shapely.box(west - overlap, south - overlap, west + width + overlap, south + height + overlap)
    tile = shapely.transform(shapely.segmentize(tile_box, 0.05), forward)
    reach_deg_lat = (_NEIGHBOUR_REACH_KM + 300.0) / 111.0
    nearest_pole_lat = min(abs(south), abs(south + height)) + reach_deg_lat
    reach_deg_lon = reach_deg_lat / max(math.cos(math.radians(nearest_pole_lat)), 0.2)
    window = shapely.box(lon0 - reach_deg_lon, lat0 - reach_deg_lat, lon0 + reach_deg_lon, lat0 + reach_deg_lat)
    near_japan = shapely.intersection(japan, window)
    if near_japan.is_empty:
        return None
    near_japan = shapely.transform(near_japan, forward)
    if shapely.distance(near_japan, tile) > EEZ_LIMIT_KM:
        return None
    within = shapely.intersection(tile, shapely.buffer(near_japan, EEZ_LIMIT_KM, quad_segs=16))
    if within.is_empty:
        return None
    near_others = shapely.transform(shapely.intersection(others, window), forward)
    reach = shapely.buffer(tile, _NEIGHBOUR_REACH_KM - EEZ_LIMIT_KM, quad_segs=4)
    others_points = _coast_points(near_others, reach) if not near_others.is_empty else np.empty((0, 2))
    if len(others_points):
        japan_points = _coast_points(near_japan, reach)
        points = np.vstack([japan_points, others_points])
        cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=reach, ordered=True)
        japan_cells = shapely.get_parts(cells)[: len(japan_points)]
        japan_cells = japan_cells[shapely.intersects(japan_cells, within)]
        nearer = shapely.union_all(np.append(japan_cells, near_japan))
        within = shapely.intersection(within, nearer)
    within = shapely.simplify(shapely.union(within, shapely.intersection(near_japan, tile)), _SIMPLIFY_KM)
    return shapely.transform(shapely.segmentize(within, 20.0), inverse)


def _zone(japan, others, tiles: list[tuple[float, float]]):
    parts = [_tile_zone(japan, others, west, south, _TILE_DEG, _TILE_DEG) for west, south in tiles]
    return shapely.union_all([part for part in parts if part is not None and not part.is_empty])


def _territorial(japan, tiles: list[tuple[float, float]]):
    """Japan's land and the sea within 12 nm of it."""
    parts = []
    for west, south in tiles:
        lat0, lon0 = south + _TILE_DEG / 2, west + _TILE_DEG / 2
        forward, inverse = _aeqd(lat0, lon0)
        overlap = _TILE_OVERLAP_DEG
        tile = shapely.box(west - overlap, south - overlap, west + _TILE_DEG + overlap, south + _TILE_DEG + overlap)
        window = shapely.buffer(tile, 1.0)
        near = shapely.intersection(japan, window)
        if near.is_empty:
            continue
        buffered = shapely.buffer(shapely.transform(near, forward), TERRITORIAL_SEA_KM, quad_segs=8)
        parts.append(shapely.intersection(shapely.transform(shapely.segmentize(buffered, 5.0), inverse), tile))
    return shapely.simplify(shapely.union_all(parts), 0.002)


def _tiles(west: float, south: float, east: float, north: float) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x in np.arange(west, east, _TILE_DEG) for y in np.arange(south, north, _TILE_DEG)]


def _near(tiles: list[tuple[float, float]], lat: float, lon: float, km: float) -> list[tuple[float, float]]:
    reach = km / 111.0
    return [
        (west, south) for west, south in tiles
        if west - reach / math.cos(math.radians(lat)) <= lon <= west + _TILE_DEG + reach / math.cos(math.radians(lat))
        and south - reach <= lat <= south + _TILE_DEG + reach
    ]


def _rounded_geometry(geometry) -> dict:
    return shapely.geometry.mapping(shapely.set_precision(geometry, 10 ** -DECIMALS))


def build_eez(theatre: dict) -> dict:
    """Japan's claimed zone, the sea inside it only by a disputed island, and the territorial sea."""
    all_disputes = set(_DISPUTED_ISLETS)
    japan, others = _sides(theatre, all_disputes)
    tiles = _tiles(117.0, 14.0, 162.0, 50.0)
    claim = _zone(japan, others, tiles)
    features = [_feature(claim, kind="claim", name="Japan's claimed EEZ (approximate, incl. land and territorial sea)")]
    for dispute, anchor in ((TAKESHIMA, (37.24, 131.87)), (SOUTHERN_KURILS, (44.5, 147.0)), (SENKAKU, (25.8, 123.9))):
        japan_without, others_with = _sides(theatre, all_disputes - {dispute})
        nearby = _near(tiles, *anchor, 2 * EEZ_LIMIT_KM)
        without = _zone(japan_without, others_with, nearby)
        near_tiles = shapely.union_all([shapely.box(w, s, w + _TILE_DEG, s + _TILE_DEG) for w, s in nearby])
        only_by = shapely.difference(shapely.intersection(claim, near_tiles), without)
        # Differences of two unions leave hair-thin slivers along their shared edges: open them away.
        only_by = shapely.simplify(shapely.buffer(shapely.buffer(only_by, -0.005), 0.005), 0.002)
        name = f"inside the claim only by counting {dispute} as Japan's"
        features.append(_feature(only_by, kind="depends-on-dispute", name=name, dispute=dispute))
    features.append(_feature(_territorial(japan, tiles), kind="territorial-sea",
                             name="Japan's land and 12 nm territorial sea (approximate)"))
    return {"type": "FeatureCollection", "features": features}


def _segments(lines, **properties: bool) -> list[dict]:
    rows = []
    for part in shapely.get_parts(shapely.line_merge(lines)):
        points = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in part.coords]
        rows += [{"s": start, "t": end, **properties} for start, end in zip(points, points[1:]) if start != end]
    return rows


def _off_the_clip_box(rows: list[dict]) -> list[dict]:
    """Segments along the theatre's clipping box are where the 1:50m countries were cut, not coasts."""
    west, south, east, north = THEATRE

    def on_edge(row: dict) -> bool:
        (x1, y1), (x2, y2) = row["s"], row["t"]
        return any(a == b == edge for a, b, edge in ((x1, x2, west), (x1, x2, east), (y1, y2, south), (y1, y2, north)))

    return [row for row in rows if not on_edge(row)]


def _detail_where_launches_fall(lines):
    box = shapely.box(*STROKE_DETAIL_BOX)
    beyond = shapely.simplify(shapely.line_merge(shapely.difference(lines, box)), STROKE_SIMPLIFY_BEYOND_DEG)
    return shapely.union_all([shapely.intersection(lines, box), beyond])


def _boundaries(collection: dict, keep=lambda feature: True):
    shapes = [shapely.geometry.shape(feature["geometry"]) for feature in collection["features"] if keep(feature)]
    return shapely.union_all([shape.boundary for shape in shapes])


def build_lines(theatre: dict, japan: dict, eez: dict) -> dict[str, list[dict]]:
    """The stroked lines by layer: borders and coasts (Japan's apart, drawn darker), the EEZ line."""
    claim = [feature for feature in eez["features"] if feature["properties"]["kind"] == "claim"]
    disputed = [feature for feature in eez["features"] if feature["properties"]["kind"] == "depends-on-dispute"]
    return {
        "borders": _off_the_clip_box(_segments(_detail_where_launches_fall(
            _boundaries(theatre, lambda feature: feature["properties"]["id"] != JAPAN_ID)))),
        "japan-coast": _segments(_boundaries(japan)),
        "japan-eez": _segments(_boundaries({"features": claim}), claim=True)
        + _segments(_boundaries({"features": disputed}), claim=False),
    }


def _projector(image: BasemapImage):
    """Pacific-centred lon/lat to the picture's supersampled pixels."""
    return lambda points: [image.pixel(lon, lat, RASTER_SUPERSAMPLE) for lon, lat in points]


def _land_mask(polygons: list[list[list[list[float]]]], project, size: tuple[int, int]) -> Image.Image:
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for exterior, *holes in polygons:
        if not holes:
            draw.polygon(project(exterior), fill=255)
            continue
        # A lake or an enclave: cut from this polygon only, never from a neighbour drawn before.
        piece = Image.new("L", size, 0)
        piece_draw = ImageDraw.Draw(piece)
        piece_draw.polygon(project(exterior), fill=255)
        for hole in holes:
            piece_draw.polygon(project(hole), fill=0)
        mask = ImageChops.lighter(mask, piece)
        draw = ImageDraw.Draw(mask)
    return mask


def _collection_polygons(collection: dict) -> list[list[list[list[float]]]]:
    polygons: list[list[list[list[float]]]] = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons += [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return polygons


def _polylines(rows: list[dict]) -> list[list[list[float]]]:
    """Consecutive segments joined again, so strokes turn corners without notches."""
    lines: list[list[list[float]]] = []
    for row in rows:
        if lines and lines[-1][-1] == row["s"]:
            lines[-1].append(row["t"])
        else:
            lines.append([row["s"], row["t"]])
    return lines


@dataclass(frozen=True)
class MapName:
    """A name the pictures carry: a reference city, a place Japan MoD measures from, or a launch site."""

    text: str
    lon: float
    lat: float
    is_site: bool


def map_names(data_dir: Path = DATA_DIR) -> list[MapName]:
    """The fixed names of the page's map, in the order they claim room: the theatre's reference
    cities, the busiest launch sites of the curated catalog (as the exported map names them), then
    the places Japan MoD measures from."""
    places = place_records(reach.load_cities(data_dir / "reference_cities.csv"))
    launches = catalog.load_launches(data_dir)
    sites = busiest_sites(site_records(launches[launches["lat"].notna() & launches["lon"].notna()]))
    cities, measured_from = places[:-len(REFERENCE_PLACES)], places[-len(REFERENCE_PLACES):]
    return [_map_name(record, is_site=False) for record in cities] + [
        _map_name(record, is_site=True) for record in sites] + [
        _map_name(record, is_site=False) for record in measured_from]


def _map_name(record: dict, is_site: bool) -> MapName:
    lon, lat = record["position"]
    return MapName(record["name"], lon, lat, is_site)


Box = tuple[float, float, float, float]


def _overlaps(box: Box, other: Box) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def name_boxes(image: BasemapImage, names: list[MapName], scale: float = 1.0) -> list[tuple[MapName, tuple, str, Box]]:
    """Where each name whose point is in this picture is written (position, Pillow anchor, box, in
    pixels of the picture drawn `scale` times its size): beside its point, on the first side where
    it stays inside the picture and clear of the names and points that come before it; a name with
    no such side is left out (its point's tooltip still names it)."""
    unit = _name_scale(image) * scale
    font = {is_site: ImageFont.truetype(NAME_FONT, round(size * unit))
            for is_site, (size, _rgb) in ((True, SITE_NAME), (False, PLACE_NAME))}
    width, height = image.size[0] * scale, image.size[1] * scale
    clear, gap = POINT_CLEARANCE_PX * unit, NAME_GAP_PX * unit
    taken: list[Box] = []
    placed = []
    for name in names:
        x, y = image.pixel(name.lon, name.lat, scale)
        if not (0 <= x < width and 0 <= y < height):
            continue
        sides = [((x - gap, y), "rm"), ((x + gap, y), "lm"), ((x, y + gap), "mt"), ((x, y - gap), "mb"),
                 ((x + gap, y + gap / 2), "lt"), ((x - gap, y + gap / 2), "rt"),
                 ((x + gap, y - gap / 2), "lb"), ((x - gap, y - gap / 2), "rb")]
        if not name.is_site:  # reference places were named below their point
            sides.insert(0, sides.pop(2))
        for position, anchor in sides:
            box = font[name.is_site].getbbox(name.text, anchor=anchor)
            box = (box[0] + position[0], box[1] + position[1], box[2] + position[0], box[3] + position[1])
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, other) for other in taken):
                placed.append((name, position, anchor, box))
                taken.append(box)
                break
        taken.append((x - clear, y - clear, x + clear, y + clear))
    return placed


def _name_scale(image: BasemapImage) -> float:
    """Picture pixels per screen pixel at the week view's zoom."""
    return 2 ** (image.zoom - NAMES_SEEN_AT)


def _draw_names(picture: Image.Image, image: BasemapImage, names: list[MapName]) -> None:
    draw = ImageDraw.Draw(picture)
    unit = _name_scale(image) * RASTER_SUPERSAMPLE
    halo = max(1, round(NAME_HALO_PX * unit))
    for name, position, anchor, _box in name_boxes(image, names, RASTER_SUPERSAMPLE):
        size, rgb = SITE_NAME if name.is_site else PLACE_NAME
        font = ImageFont.truetype(NAME_FONT, round(size * unit))
        draw.text(position, name.text, fill=rgb, font=font, anchor=anchor, stroke_width=halo, stroke_fill=NAME_HALO_RGB)


def _draw_map(image: BasemapImage, world: dict, theatre: dict, lines: dict[str, list[dict]]) -> Image.Image:
    """One base-map picture at RASTER_SUPERSAMPLE times its size: sea, the world's land (the
    theatre's within its box), borders, Japan's coast, over them Japan's EEZ line (the claim strong,
    the areas inside only by a disputed island faint), as the vector layers draw them."""
    width, height = image.size
    size = (width * RASTER_SUPERSAMPLE, height * RASTER_SUPERSAMPLE)
    project = _projector(image)
    picture = Image.new("RGB", size, tuple(SEA_RGB[:3]))
    land = Image.new("RGB", size, tuple(LAND_RGB[:3]))
    picture.paste(land, mask=_land_mask(_collection_polygons(world), project, size))
    # Within the theatre only the 1:50m land, so fills meet the coasts stroked from it.
    west, south, east, north = THEATRE
    (left, top), (right, bottom) = project([(west, north), (east, south)])
    ImageDraw.Draw(picture).rectangle((left, top, right, bottom), fill=tuple(SEA_RGB[:3]))
    picture.paste(land, mask=_land_mask(_collection_polygons(theatre), project, size))
    draw = ImageDraw.Draw(picture)
    for layer_id, colour, width_px in RASTER_STROKES:
        stroke = max(1, round(width_px * image.line_scale * RASTER_SUPERSAMPLE))
        for line in _polylines(lines[layer_id]):
            draw.line(project(line), fill=tuple(colour[:3]), width=stroke, joint="curve")
    eez = Image.new("RGB", size, tuple(EEZ_RGB))
    for claim in (True, False):
        alpha, width_px = EEZ_STROKES[claim]
        strength = Image.new("L", size, 0)
        stroke = max(1, round(width_px * image.line_scale * RASTER_SUPERSAMPLE))
        for line in _polylines([row for row in lines["japan-eez"] if row["claim"] == claim]):
            ImageDraw.Draw(strength).line(project(line), fill=alpha, width=stroke, joint="curve")
        picture.paste(eez, mask=strength)
    return picture


def build_images(world: dict, theatre: dict, lines: dict[str, list[dict]],
                 names: list[MapName]) -> dict[str, Image.Image]:
    """Every base-map picture by file name, the names of the points within it written on top, and
    for each of NAMED_BASEMAP_IMAGES its twin without names (`plain_name`), for wider views."""
    pictures = {}
    for image in BASEMAP_IMAGES:
        picture = _draw_map(image, world, theatre, lines)
        plain = picture.reduce(RASTER_SUPERSAMPLE)
        _draw_names(picture, image, names)
        pictures[image.name] = picture.reduce(RASTER_SUPERSAMPLE)
        if image.name in NAMED_BASEMAP_IMAGES:
            pictures[image.plain_name] = plain
    return pictures


def _feature(geometry, **properties: str) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": _rounded_geometry(geometry)}


def _write(name: str, collection: dict) -> None:
    path = OUT_DIR / name
    path.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    size_kib = path.stat().st_size // 1024
    print(f"{path.relative_to(OUT_DIR.parent.parent)}: {len(collection['features'])} features, {size_kib} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    world = commands.add_parser("world", help="the land and borders, from the unpacked world-atlas npm package")
    world.add_argument("package_dir", type=Path)
    commands.add_parser(
        "eez", help=f"{EEZ_FILE}: Japan's approximate EEZ and territorial sea, from theatre-50m.geojson"
    )
    commands.add_parser("lines", help="lines-*.json: the segments the map strokes, from the GeoJSON files")
    commands.add_parser("raster", help="basemap-*.png: the pictures the page's map draws, from the files above")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.command == "world":
        world_topology = json.loads((args.package_dir / "countries-110m.json").read_text(encoding="utf-8"))
        detail = json.loads((args.package_dir / "countries-50m.json").read_text(encoding="utf-8"))
        _write("countries-110m.geojson", _collection(world_topology, None))
        _write("theatre-50m.geojson", _collection(detail, THEATRE))
        _write("japan-50m.geojson", _collection(detail, None, only_id=JAPAN_ID))
    elif args.command == "eez":
        theatre = json.loads((OUT_DIR / "theatre-50m.geojson").read_text(encoding="utf-8"))
        _write(EEZ_FILE, build_eez(theatre))
    elif args.command == "raster":
        world, theatre = (json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
                          for name in ("countries-110m.geojson", "theatre-50m.geojson"))
        lines = {layer_id: json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
                 for layer_id, name in BASEMAP_LINES.items()}
        for name, picture in build_images(world, theatre, lines, map_names()).items():
            path = OUT_DIR / name
            picture.save(path, optimize=True)
            print(f"data/basemap/{name}: {picture.width} x {picture.height} px, {path.stat().st_size // 1024} KiB")
    else:
        sources = [json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
                   for name in ("theatre-50m.geojson", "japan-50m.geojson", EEZ_FILE)]
        for layer_id, rows in build_lines(*sources).items():
            path = OUT_DIR / BASEMAP_LINES[layer_id]
            path.write_text(json.dumps(rows, separators=(",", ":")) + "\n", encoding="utf-8")
            print(f"{path.relative_to(OUT_DIR.parent.parent)}: {len(rows)} segments, {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()

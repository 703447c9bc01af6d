"""Build the bundled offline base map in data/basemap/ from the npm package `world-atlas`.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py package/

world-atlas ships Natural Earth (public domain) as TopoJSON. This script decodes the TopoJSON,
keeps the world at 1:110m for context, the countries at 1:50m clipped to the theatre (East Asia
and the western Pacific) for coastlines and borders near the launches, and Japan at 1:50m alone
for the distance-to-coast figure; coordinates are rounded to keep the files small.

Longitudes are Pacific-centred, as in splashdown.geometry: a polygon lying wholly west of
30 deg W is shifted by +360 deg so that the Americas sit east of Korea across the Pacific and
flights and range rings never break at the antimeridian.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "basemap"
THEATRE = (95.0, -5.0, 180.0, 62.0)  # west, south, east, north
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
                    "properties": {"name": geometry.get("properties", {}).get("name", ""), "id": geometry.get("id", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _write(name: str, collection: dict) -> None:
    path = OUT_DIR / name
    path.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{path.relative_to(OUT_DIR.parent.parent)}: {len(collection['features'])} features, {path.stat().st_size // 1024} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="the unpacked world-atlas npm package")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    world = json.loads((args.package_dir / "countries-110m.json").read_text(encoding="utf-8"))
    detail = json.loads((args.package_dir / "countries-50m.json").read_text(encoding="utf-8"))
    _write("countries-110m.geojson", _collection(world, None))
    _write("theatre-50m.geojson", _collection(detail, THEATRE))
    _write("japan-50m.geojson", _collection(detail, None, only_id=JAPAN_ID))


if __name__ == "__main__":
    main()

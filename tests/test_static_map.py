"""The static export map keeps the period's cluster readable when one flight goes far: rendered
through kaleido and opened back (SVG text and subplots, PNG pixels)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest
from PIL import Image

from splashdown.export_figures import export_figure
from splashdown.filters import Filters
from splashdown.static_map import far_flights, map_bounds, splashdown_points, static_map_figure
from splashdown.view import View, load_view

_INSET_EDGE_RGB = (0x44, 0x44, 0x44)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, View]]:
    database = tmp_path_factory.mktemp("static-map") / "splashdown.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{database}")
        yield {
            "2022": load_view(Filters(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31))),
            "2023": load_view(Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))),
            "2021-W12": load_view(Filters(week="2021-W12")),
            "only long flights": load_view(Filters(date_from=date(2017, 8, 29), date_to=date(2017, 9, 15))),
        }


def _render(view: View, fmt: str) -> bytes:
    figure = static_map_figure(view.launches)
    return export_figure(figure, view.context("Launch origins and estimated splashdowns"), fmt)


def _svg_text(svg: bytes) -> str:
    return " ".join(element.text for element in ElementTree.fromstring(svg).iter() if element.text)


def _inset_edges(png: bytes) -> tuple[int, int]:
    """Rows and columns holding a long straight line of the inset's edge colour (the map draws no
    other): the inset's frame."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    edge = np.all(np.abs(pixels - np.array(_INSET_EDGE_RGB)) <= 10, axis=-1)
    height, width = edge.shape
    return int(np.sum(edge.sum(axis=1) > 0.2 * width)), int(np.sum(edge.sum(axis=0) > 0.2 * height))


@pytest.mark.parametrize(("period", "far"), [
    ("2022", ["L-2022-10-04-1"]),
    ("2023", ["L-2023-11-21-1", "L-2023-08-24-1"]),
    ("2021-W12", []),
    ("only long flights", []),
])
def test_only_a_flight_far_beyond_the_others_goes_to_the_inset(views, period, far):
    launches = views[period].launches
    impacts = splashdown_points(launches)
    assert far_flights(launches, impacts) == far
    figure = static_map_figure(launches)
    assert any(trace.meta == "inset" for trace in figure.data) == bool(far)
    lon_min, lon_max = figure.layout.xaxis.range
    lat_min, lat_max = figure.layout.yaxis.range
    cluster = impacts[~impacts["launch_id"].isin(far)]
    for lon, lat in [*zip(launches["lon"].dropna(), launches["lat"].dropna()),
                     *zip(cluster["impact_lon"], cluster["impact_lat"])]:
        assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, "the main frame holds the cluster"
    for row in impacts[impacts["launch_id"].isin(far)].itertuples():
        assert not (lon_min <= row.impact_lon <= lon_max and lat_min <= row.impact_lat <= lat_max)
    assert map_bounds(launches, cluster).lon_max - map_bounds(launches, cluster).lon_min == pytest.approx(
        lon_max - lon_min), "far flights do not widen the main frame"


def test_the_rendered_2022_map_has_an_inset_naming_the_irbm_over_japan(views, static_exports):
    text = _svg_text(_render(views["2022"], "svg"))
    assert "2022-10-04 New IRBM 2022, 4,500 km" in text
    assert "Whole extent; box: the main map; 1 flight beyond it" in text
    rows, columns = _inset_edges(_render(views["2022"], "png"))
    assert rows >= 1 and columns >= 2, "no inset frame in the PNG"


def test_the_rendered_seed_week_map_has_no_inset(views, static_exports):
    assert "Whole extent" not in _svg_text(_render(views["2021-W12"], "svg"))
    assert _inset_edges(_render(views["2021-W12"], "png")) == (0, 0)

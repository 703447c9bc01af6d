"""The Map page in a real browser with every outside request refused: the bundled base map and the
arcs are drawn on the WebGL canvas, and nothing asks for a tile."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from splashdown.maps import LAND_RGB, SEA_RGB
from splashdown.palette import class_rgb

pytestmark = pytest.mark.browser

def _leaves_machine(url: str) -> bool:
    return not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in {"127.0.0.1", "localhost"}


def _pixels(chart) -> np.ndarray:  # noqa: ANN001 - playwright's Locator
    return np.asarray(Image.open(io.BytesIO(chart.screenshot())).convert("RGB"), dtype=int)


def _share_near(pixels: np.ndarray, rgb: list[int], tolerance: int = 12) -> float:
    return float(np.mean(np.all(np.abs(pixels - np.array(rgb[:3])) <= tolerance, axis=-1)))


def _wait_for_drawing(page, chart) -> np.ndarray:  # noqa: ANN001
    """Poll screenshots until the canvas shows land; deck.gl draws a frame or two after load."""
    for _ in range(40):
        pixels = _pixels(chart)
        if _share_near(pixels, LAND_RGB) > 0.02:
            return pixels
        page.wait_for_timeout(500)
    return pixels


def test_map_canvas_draws_coastlines_and_arcs_offline(app_server, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url) if _leaves_machine(request.url) else None)
    page.goto(f"{app_server}/map?week=2021-W12")
    page.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
    chart = page.get_by_test_id("stDeckGlJsonChart")
    chart.locator("canvas").first.wait_for()
    with_arcs = _wait_for_drawing(page, chart)

    assert _share_near(with_arcs, LAND_RGB) > 0.02, "no land drawn from the bundled base map"
    assert _share_near(with_arcs, SEA_RGB) > 0.05, "no sea drawn"
    # Coastlines: land and sea meet along lines of border colour, not in a blank canvas.
    assert _share_near(with_arcs, [120, 120, 120], tolerance=30) > 0.0005
    srbm_with_arcs = _share_near(with_arcs, class_rgb("SRBM"), tolerance=40)
    assert srbm_with_arcs > 0

    page.get_by_text("3D arcs").click()
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000
    )
    without_arcs = with_arcs
    for _ in range(40):
        page.wait_for_timeout(500)
        without_arcs = _pixels(chart)
        if _share_near(without_arcs, class_rgb("SRBM"), tolerance=40) < srbm_with_arcs * 0.8:
            break
    assert _share_near(without_arcs, class_rgb("SRBM"), tolerance=40) < srbm_with_arcs * 0.8, "arcs were not drawn"
    assert _share_near(without_arcs, LAND_RGB) > 0.02
    assert page.get_by_test_id("stException").count() == 0
    assert outside == [], f"requests tried to leave the machine: {outside[:5]}"


def test_a_week_step_updates_the_deck_in_place_sending_only_the_launches(app_server, page):
    outside, fetched, received = [], [], []
    page.on("request", lambda request: outside.append(request.url) if _leaves_machine(request.url) else None)
    page.on("request",
            lambda request: fetched.append(urlparse(request.url).path) if "/app/static/" in request.url else None)
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))))
    page.goto(f"{app_server}/map?week=2022-W40")
    page.get_by_text("2022-W40 (").first.wait_for()
    chart = page.get_by_test_id("stDeckGlJsonChart")
    chart.locator("canvas").first.wait_for()
    _wait_for_drawing(page, chart)
    base_map = set(fetched)
    # A North Pacific week shows its pictures without the names, which would be specks that far out;
    # the named twins are fetched with them, so that a step to a closer view only shows them.
    assert {"/app/static/basemap-korea-japan-plain.png", "/app/static/basemap-korea-japan.png"} <= base_map
    assert not any(".json" in path for path in base_map)

    received.clear()
    # A deck updated in place keeps its canvas (and WebGL context); a rebuilt one draws on a new one.
    chart.locator("canvas").first.evaluate("canvas => { canvas.dataset.kept = 'yes'; }")
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("2022-W41 (").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000)
    page.wait_for_timeout(1000)
    assert 0 < sum(received) < 60_000, f"a week step sent {sum(received):,} bytes"
    assert len(fetched) == len(set(fetched)) and set(fetched) == base_map, (
        "the base map is fetched once, not per rerun, and a step to a named view fetches no picture")
    assert chart.locator("canvas[data-kept=yes]").count() == 1, "the deck was rebuilt instead of updated"
    assert _share_near(_pixels(chart), LAND_RGB) > 0.02
    assert outside == [], f"requests tried to leave the machine: {outside[:5]}"


def _class_pixels(pixels: np.ndarray, classes: list[str]) -> np.ndarray:
    return np.any([np.all(np.abs(pixels - np.array(class_rgb(cls)[:3])) <= 30, axis=-1) for cls in classes], axis=0)


@pytest.mark.slow
def test_the_2022_map_keeps_every_arc_inside_the_canvas(app_server, page):  # noqa: F811
    page.set_default_timeout(90_000)  # a year's deck takes software WebGL a while on a shared machine
    page.goto(f"{app_server}/map?from=2022-01-01&to=2022-12-31")
    page.get_by_text("Arc heights").first.wait_for()
    chart = page.get_by_test_id("stDeckGlJsonChart")
    chart.locator("canvas").first.wait_for()
    pixels = _wait_for_drawing(page, chart)
    page.wait_for_timeout(1500)
    pixels = _pixels(chart)
    arcs = _class_pixels(pixels, ["SRBM", "IRBM", "ICBM"])
    assert arcs.mean() > 0.0005, "no arcs drawn"
    border = 6
    edges = np.concatenate([arcs[:border].ravel(), arcs[-border:].ravel(),
                            arcs[:, :border].ravel(), arcs[:, -border:].ravel()])
    assert edges.sum() == 0, "an arc runs off the edge of the map"
    assert page.get_by_text("compressed to").count() + page.get_by_text("true scale").count() > 0


def test_clicking_a_splashdown_opens_that_launch(app_server, page):  # noqa: F811
    page.goto(f"{app_server}/map?week=2021-W12")
    page.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
    chart = page.get_by_test_id("stDeckGlJsonChart")
    chart.locator("canvas").first.wait_for()
    _wait_for_drawing(page, chart)
    for toggle in ("3D arcs", "Bearing fans"):
        page.get_by_text(toggle).click()
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000)
    marks = np.zeros((1, 1), dtype=bool)
    for _ in range(40):
        page.wait_for_timeout(500)
        marks = _class_pixels(_pixels(chart), ["SRBM"])
        if marks.sum() > 10:
            break
    rows, columns = np.nonzero(marks)
    assert len(rows) > 10, "no splashdown drawn"
    box = chart.bounding_box()
    # deck.gl picks from its last drawn frame: a click landing while it redraws is retried.
    for _ in range(4):
        page.mouse.click(box["x"] + float(np.median(columns)), box["y"] + float(np.median(rows)))
        try:
            page.wait_for_url("**/launches?**", timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    page.get_by_role("heading", name="Launch L-2021-03-25").wait_for()
    assert "launch=L-2021-03-25" in page.url
    assert "week=2021-W12" in page.url, "the filters travel with the launch"

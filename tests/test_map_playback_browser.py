"""Playing 2022 on the Map in a real browser: the week advances by itself, the map's launch count
grows with it, Pause stops it, and the link keeps the week shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

_WEEK = re.compile(r"week (\d+) of 53")
_SO_FAR = re.compile(r"(\d+) since 1 Jan 2022")


def _week_line(page) -> str:  # noqa: ANN001 - playwright's Page
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=_WEEK).first.inner_text()


def _week(page) -> int:  # noqa: ANN001
    return int(_WEEK.search(_week_line(page)).group(1))


def _settled_on_a_later_week(page, shown: int) -> None:  # noqa: ANN001
    """Until the week line, alone on the page (no stale copy from the run before), is past `shown`."""
    page.wait_for_function(
        """shown => {
            const lines = [...document.querySelectorAll('[data-testid=stMarkdownContainer]')]
                .map(element => element.innerText.match(/week (\\d+) of 53/)).filter(Boolean);
            return lines.length === 1 && Number(lines[0][1]) > shown;
        }""",
        arg=shown,
    )


def test_play_advances_the_week_and_the_map_then_pause_stops_it(app_server, page):
    page.set_default_timeout(60_000)  # software WebGL on a shared machine draws a frame slowly
    fetched, received = [], []
    page.on("request", lambda request: fetched.append(request.url) if "/app/static/" in request.url else None)
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: received.append(len(payload))))
    page.goto(f"{app_server}/map?from=2022-01-01&to=2022-12-31&frame=2022-W38")
    page.get_by_text("2022-W38 (19–25 Sep 2022), week 39 of 53").wait_for()
    page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first.wait_for()
    before = int(_SO_FAR.search(_week_line(page)).group(1))
    page.wait_for_timeout(2_000)  # deck.gl has asked for the base map files
    base_map = sorted(fetched)
    received.clear()

    page.get_by_role("button", name="▶ Play").click()
    page.get_by_role("button", name="⏸ Pause").wait_for()
    # 2022-W39 held six launches: the map's count has grown by the time the week has moved on.
    _settled_on_a_later_week(page, 39)
    line, url = _week_line(page), page.url
    assert int(_SO_FAR.search(line).group(1)) > before
    assert re.search(r"frame=2022-W(39|[45]\d)", url), "the link follows the week shown"
    frames = int(_WEEK.search(line).group(1)) - 39
    assert sorted(fetched) == base_map, "the base map is fetched once, not per frame"
    assert 0 < sum(received) / frames < 60_000, f"{sum(received):,} bytes for {frames} frames"

    page.get_by_role("button", name="⏸ Pause").click()
    page.get_by_role("button", name="▶ Play").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    paused_at = _week(page)
    page.wait_for_timeout(3_500)  # more than three ticks at the default 1 s a week
    assert _week(page) == paused_at, "playback went on after Pause"
    assert page.get_by_test_id("stException").count() == 0


def test_the_keyboard_steps_through_the_weeks(app_server, page):
    page.goto(f"{app_server}/map?from=2022-01-01&to=2022-12-31&frame=2022-W05")
    page.get_by_text("week 6 of 53").first.wait_for()
    page.get_by_text("No launches this week; 11 since 1 Jan 2022, shown faded.").wait_for()
    page.get_by_role("button", name="▶ Play").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    page.get_by_role("heading", name="Map").click()  # the page, not a field, has the keyboard
    # On a loaded machine the buttons' shortcuts may not be listening yet when the page looks
    # settled: a first press that changed nothing is pressed again.
    page.keyboard.press("l")
    try:
        page.get_by_text("week 7 of 53").first.wait_for(timeout=10_000)
    except PlaywrightTimeoutError:
        assert page.get_by_text("week 6 of 53").count() > 0
        page.keyboard.press("l")
        page.get_by_text("week 7 of 53").first.wait_for()
    page.keyboard.press("j")
    page.get_by_text("week 6 of 53").first.wait_for()
    page.keyboard.press("j")
    page.get_by_text("week 5 of 53").first.wait_for()
    assert "frame=2022-W04" in page.url
    page.get_by_label("Search text").press_sequentially("kjl")  # typing in a field is not a playback key
    page.wait_for_timeout(1_000)
    assert "frame=2022-W04" in page.url and page.get_by_role("button", name="▶ Play").is_visible()

"""Browser figures: click to settled page in Debian's Chromium, beside Streamlit's own floor.

A real Streamlit server runs the app on the catalog of each size, a second one runs
`tools/bench_floor_app.py` (a button that changes a line of text), and Playwright drives both in
one Chromium, app and floor steps taken in turn so a busy neighbour slows both alike.

"Settled" is measured inside the page. The click is timed by a capturing listener, and the page
counts as settled from the last moment it was still changing or busy: the last DOM mutation or the
end of the last long task or long frame (a requestAnimationFrame gap over 50 ms, so a map still
drawing into its canvas counts), once the script has stopped running, no element is stale, the
step's own content is on screen and 250 ms have passed with nothing busy. A page switch also waits
for what the new page mounts: on the Overview both charts drawn, on the Map a WebGL draw call after
the click (the new deck's first frame; without it a switch could settle before the deck began to
draw). Websocket bytes are those Streamlit sent between the click and the settled page.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlparse

from splashdown import catalog
from splashdown.bench.catalogs import data_dir
from splashdown.catalog import iso_week, today_kst
from splashdown.config import PROJECT_ROOT
from splashdown.filters import FIRST_LAUNCH_DATE, shift_week
from splashdown.local_servers import serve_streamlit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
FLOOR_APP = PROJECT_ROOT / "tools" / "bench_floor_app.py"
APP = PROJECT_ROOT / "app.py"
# The weeks the issue measured: a busy spring (2021) and autumn (2022) of launches.
OVERVIEW_FROM = "2021-W12"
MAP_FROM = "2022-W40"
QUIET_MS = 250
BUSY_MS = 50
_STEP_TIMEOUT_MS = 120_000

_INSTRUMENT = Template("""
(() => {
  const bench = window.__bench = {clickAt: 0, lastChange: 0, busyUntil: 0, lastDraw: 0, lastFrame: 0};
  document.addEventListener("click", () => {
    bench.clickAt = bench.lastChange = performance.now();
    bench.busyUntil = 0;
  }, true);
  new MutationObserver(() => { bench.lastChange = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) bench.busyUntil = Math.max(bench.busyUntil, task.startTime + task.duration);
  }).observe({type: "longtask", buffered: true});
  let previous = performance.now();
  const frame = now => {
    if (now - previous > $busy) bench.busyUntil = Math.max(bench.busyUntil, now);
    previous = now;
    bench.lastFrame = performance.now();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The last WebGL draw call, so a switch to the Map waits for the new deck's first frame.
  for (const context of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    for (const name of ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]) {
      const draw = context?.prototype[name];
      if (!draw) continue;
      context.prototype[name] = function (...args) {
        bench.lastDraw = performance.now();
        return draw.apply(this, args);
      };
    }
  }
})();
""").substitute(busy=BUSY_MS)

# Returns false until settled, then the milliseconds from the click to the settled page.
_SETTLED = Template("""
() => {
  const bench = window.__bench;
  const app = document.querySelector("[data-testid=stApp]");
  if (!app || app.dataset.testScriptState !== "notRunning") return false;
  if (document.querySelector("[data-testid=stElementContainer][data-stale=true]")) return false;
  if (!($ready)) return false;
  // A frame that blocked the page (a WebGL canvas read back for the compositor) is seen only by
  // the next frame callback: until one has run lately, the page may still be inside such a frame.
  if (performance.now() - bench.lastFrame > $busy) return false;
  const settledAt = Math.max(bench.lastChange, bench.busyUntil);
  if (performance.now() - settledAt < $quiet) return false;
  return Math.max(settledAt - bench.clickAt, 0);
}
""")


def _sidebar_shows(text: str) -> str:
    return f"(document.querySelector('[data-testid=stSidebar]')?.textContent ?? '').includes({text!r})"


def _heading_is(title: str) -> str:
    return f"document.querySelector('h1')?.textContent === {title!r}"


def _charts_drawn() -> str:
    """Both Overview charts hold a drawn plot (a page switch mounts them afresh)."""
    return ("document.querySelectorAll('.plotly-live').length >= 2 && "
            "[...document.querySelectorAll('.plotly-live')].every(chart => chart.querySelector('.main-svg'))")


def _deck_drew_since_click() -> str:
    return "window.__bench.lastDraw > window.__bench.clickAt"


def _text_shows(text: str) -> str:
    return f"(document.querySelector('[data-testid=stMain]')?.textContent ?? '').includes({text!r})"


@dataclass(frozen=True)
class Step:
    seconds: float
    bytes: int


class _Tab:
    """One browser tab on one server: clicks a control and waits for the page to settle."""

    def __init__(self, context: Any, url: str) -> None:
        self._url = url
        self.page = context.new_page()
        self.page.set_default_timeout(_STEP_TIMEOUT_MS)
        self._received = 0
        self.page.on("websocket", self._watch)

    def _watch(self, websocket: Any) -> None:
        websocket.on("framereceived", self._count)

    def _count(self, payload: str | bytes) -> None:
        self._received += len(payload.encode() if isinstance(payload, str) else payload)

    def open(self, path: str, ready: str) -> Step:
        self._received = 0
        self.page.bring_to_front()
        self.page.goto(self._url + path)
        return self._settle(ready)

    def click(self, locate: Callable[[Any], Any], ready: str) -> Step:
        self.page.bring_to_front()
        self._received = 0
        # A click dispatched on the element itself: the pointer never hovers, so no tooltip opens
        # while the page is timed.
        locate(self.page).evaluate("element => element.click()")
        return self._settle(ready)

    def _settle(self, ready: str) -> Step:
        from playwright.sync_api import Error

        try:
            settled = self.page.wait_for_function(_SETTLED.substitute(ready=ready, quiet=QUIET_MS, busy=BUSY_MS),
                                                   polling=50)
        except Error as error:
            raise RuntimeError(f"{self.page.url} did not settle showing {ready}: {error.message}") from error
        return Step(float(settled.json_value()) / 1000, self._received)


def _next_button(page: Any) -> Any:
    return page.get_by_role("button", name="Next ▶")


def _button(name: str) -> Callable[[Any], Any]:
    return lambda page: page.get_by_role("button", name=name, exact=True)


def _nav_link(title: str) -> Callable[[Any], Any]:
    return lambda page: page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


class _Floor:
    def __init__(self, tab: _Tab) -> None:
        self._tab = tab
        self._steps = 0
        tab.open("/", _text_shows("Step 0"))

    def step(self) -> Step:
        self._steps += 1
        return self._tab.click(_next_button, _text_shows(f"Step {self._steps}"))


@dataclass(frozen=True)
class _Steps:
    timed: int
    warm_up: int


@dataclass
class _Series:
    """Page and floor steps of one measure, taken in turn."""

    page: str
    steps: list[Step]
    floor: list[float]

    def result(self, size: int) -> dict[str, object]:
        seconds = statistics.median(step.seconds for step in self.steps)
        floor = statistics.median(self.floor)
        return {
            "name": "browser_step",
            "size": size,
            "page": self.page,
            "seconds": round(seconds, 3),
            "floor_seconds": round(floor, 3),
            "ratio": round(seconds / floor, 2),
            "bytes": round(statistics.median(step.bytes for step in self.steps)),
            "max_seconds": round(max(step.seconds for step in self.steps), 3),
        }


def _paired(floor: _Floor, steps: _Steps, take: Callable[[], Step]) -> tuple[list[Step], list[float]]:
    page_steps: list[Step] = []
    floor_steps: list[float] = []
    for number in range(steps.warm_up + steps.timed):
        step = take()
        floor_step = floor.step()
        if number >= steps.warm_up:
            page_steps.append(step)
            floor_steps.append(floor_step.seconds)
    return page_steps, floor_steps


def _week_steps(tab: _Tab, floor: _Floor, path: str, title: str, first_week: str, steps: _Steps) -> _Series:
    tab.open(f"{path}?week={first_week}", f"{_heading_is(title)} && {_sidebar_shows(first_week + ' (')}")
    week = [first_week]

    def step() -> Step:
        week[0] = shift_week(week[0], 1)
        return tab.click(_next_button, _sidebar_shows(week[0] + " ("))

    page_steps, floor_steps = _paired(floor, steps, step)
    return _Series(f"{title} week step from {first_week}", page_steps, floor_steps)


def _since_1984(tab: _Tab, floor: _Floor, steps: _Steps) -> _Series:
    """"Since 1984" on the Overview, each time from this week's view (reached untimed)."""
    this_week = iso_week(today_kst())
    everything = f"{FIRST_LAUNCH_DATE:%d %b %Y} – "
    tab.open(f"/?week={OVERVIEW_FROM}", f"{_sidebar_shows(OVERVIEW_FROM + ' (')} && {_charts_drawn()}")

    def step() -> Step:
        tab.click(_button("This week"), _sidebar_shows(this_week + " ("))
        return tab.click(_button("Since 1984"), _sidebar_shows(everything))

    page_steps, floor_steps = _paired(floor, steps, step)
    return _Series("Overview, Since 1984", page_steps, floor_steps)


def _switches(tab: _Tab, steps: _Steps, size: int) -> list[dict[str, object]]:
    """Overview -> Map and back, on the week the Overview benchmark starts from."""
    tab.open(f"/?week={OVERVIEW_FROM}", f"{_heading_is('Overview')} && {_charts_drawn()}")
    to_map: list[Step] = []
    to_overview: list[Step] = []
    ready = _sidebar_shows(OVERVIEW_FROM + " (")
    for number in range(steps.warm_up + steps.timed):
        there = tab.click(_nav_link("Map"), f"{_heading_is('Map')} && {ready} && {_deck_drew_since_click()}")
        back = tab.click(_nav_link("Overview"), f"{_heading_is('Overview')} && {ready} && {_charts_drawn()}")
        if number >= steps.warm_up:
            to_map.append(there)
            to_overview.append(back)
    return [
        {
            "name": "browser_switch",
            "size": size,
            "page": f"{origin} → {target}",
            "seconds": round(statistics.median(step.seconds for step in switch), 3),
            "bytes": round(statistics.median(step.bytes for step in switch)),
        }
        for origin, target, switch in (("Overview", "Map", to_map), ("Map", "Overview", to_overview))
    ]


def block_external(route: Any) -> None:
    """Let loopback, data: and blob: requests through; refuse anything that would leave the machine."""
    host = urlparse(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
        route.continue_()
    else:
        route.abort()


def instrumented_context(browser: Any) -> Any:
    """A fresh context of a Playwright `browser`: nothing let off the machine, every page timed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", block_external)
    context.add_init_script(_INSTRUMENT)
    return context


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright, with one instrumented context."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise RuntimeError("the browser benchmark needs playwright (pip install -r requirements-dev.txt)") from error
    if not Path(CHROMIUM).exists():
        raise RuntimeError("the browser benchmark needs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            yield instrumented_context(browser)
        finally:
            browser.close()


def measure(size: str, timed: int, warm_up: int = 1) -> list[dict[str, object]]:
    """Browser figures for one catalog size: `timed` steps of each kind after `warm_up` untimed ones."""
    steps = _Steps(timed, warm_up)
    with data_dir(size) as launches_dir, tempfile.TemporaryDirectory(prefix="splashdown-bench-browser-") as work:
        count = len(catalog.load_launches(launches_dir))
        app_dir, floor_dir = Path(work) / "app", Path(work) / "floor"
        app_dir.mkdir()
        floor_dir.mkdir()
        env = {"SPLASHDOWN_DATA_DIR": str(launches_dir), "SPLASHDOWN_ANALYST": "Benchmark"}
        with (
            serve_streamlit(APP, app_dir, env) as app_url,
            serve_streamlit(FLOOR_APP, floor_dir) as floor_url,
            chromium() as context,
        ):
            tab, floor = _Tab(context, app_url), _Floor(_Tab(context, floor_url))
            series = [
                _week_steps(tab, floor, "/", "Overview", OVERVIEW_FROM, steps),
                _week_steps(tab, floor, "/map", "Map", MAP_FROM, steps),
                _since_1984(tab, floor, steps),
            ]
            switches = _switches(tab, steps, count)
    return [entry.result(count) for entry in series] + switches


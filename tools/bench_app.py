"""Benchmark worker: runs the real app script in one fresh process and prints timings as JSON.

Called by `python -m splashdown bench` (which owns the synthetic catalogs and the report); it
lives outside `splashdown/` because it drives Streamlit, and the domain layer never imports it.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from components.plotly_live import COMPONENT_NAME
from splashdown import catalog
from splashdown.charts import timeline_figure, weekly_figure_from
from splashdown.config import settings
from splashdown.filters import Filters, period_bounds
from splashdown.history import LaunchHistory
from splashdown.summary import first_flights

ROOT = Path(__file__).resolve().parent.parent
_TIMEOUT_S = 300

# The floor is the Overview as the browser receives it (navigation, every sidebar widget with its
# options, the bottom line's box, headline figures, notices, the two charts with their selection and
# download popovers) drawn from values the real page produced, doing no work of its own: what
# remains is Streamlit's own cost.
_FLOOR_SCRIPT = """
import pickle
import streamlit as st

from components.plotly_live import live_plotly_chart

@st.cache_resource
def _snapshot(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)

def _nothing(*args):
    pass

def overview():
    # As on the page: the period controls have their place at the top of the sidebar, drawn by the
    # page's fragment with the page body.
    with st.sidebar:
        st.subheader("Period")
        slot = st.container()
        st.subheader("Launches")
        for label, options in shown["multiselects"][:3]:
            st.multiselect(label, options, format_func=str, key=label, on_change=_nothing)
        st.text_input("Search text", key="f_text", on_change=_nothing, placeholder="text")
        st.checkbox("Only launches with team notes", key="f_notes", on_change=_nothing)
        label, options = shown["multiselects"][3]
        st.multiselect(label, options, key=label, on_change=_nothing)
        st.caption("The address bar holds these filters.")
    st.title("Overview")
    body(slot)

@st.fragment
def body(slot):
    with slot:
        st.caption(shown["period"])
        steps = st.container(horizontal=True)
        steps.button("◀ Previous", key="f_previous", on_click=_nothing, args=(-1,), width="stretch", help="before")
        steps.button("Next ▶", key="f_next", on_click=_nothing, args=(1,), width="stretch", help="after")
        st.text_input("ISO week (Korea time)", key="f_week", on_change=_nothing, placeholder="a week")
        st.date_input("Date range (KST)", value=shown["dates"], min_value=shown["date_bounds"][0],
                      max_value=shown["date_bounds"][1], key="f_dates", on_change=_nothing, format="YYYY-MM-DD")
        jumps = st.container(horizontal=True)
        jumps.button("This week", key="f_this_week", on_click=_nothing, width="stretch")
        jumps.button("Since 1984", key="f_all", on_click=_nothing, width="stretch", help="all")
    texts, captions = list(shown["texts"]), list(shown["captions"])
    st.text(texts.pop(0))
    # As on the page: the bottom line, and the headline figures with their captions, are one HTML
    # element each.
    for body in shown["htmls"]:
        st.html(body)
    for caption in captions:
        st.caption(caption)
    for text in texts:
        st.text(text)
    if shown["info"]:
        st.info(shown["info"])
        st.button(shown["button"], on_click=_nothing, key="jump_latest")
    # As on the page: each chart's source line and caption are drawn by the chart's own element.
    timeline_notes, weekly_notes = shown["chart_notes"]
    for number, figure in enumerate(shown["figures"]):
        if number == 0:
            live_plotly_chart(figure, key="timeline", label="Launch timeline", on_select=_nothing,
                              legend_chips=True, notes=timeline_notes)
        else:
            live_plotly_chart(figure, key=f"chart{{number}}", label="Missiles launched per week",
                              legend_chips=True, notes=weekly_notes)
        # As on the page: the popover's buttons are drawn only while it is open.
        with st.popover("Download", icon=":material/download:", key=f"dl_open{{number}}", on_change="rerun") as box:
            if box.open:
                for column, fmt in zip(st.columns(4), ("png", "svg", "pdf", "html")):
                    column.download_button(fmt, data=lambda: b"", file_name=f"chart.{{fmt}}",
                                           key=f"dl{{number}}{{fmt}}", on_click="ignore",
                                           icon=":material/download:", width="stretch")

shown = _snapshot({path!r})
st.set_page_config(page_title="Floor", layout="wide")
pages = [st.Page(overview, title="Overview", icon=":material/timeline:", default=True)]
pages += [st.Page(_nothing, title=title, url_path=title.lower().replace(" ", "-"), icon=":material/map:")
          for title in ("Launches", "Map", "Trajectory", "Add a launch", "Briefing")]
st.navigation(pages).run()
"""


def _timed_run(app: AppTest) -> float:
    started = time.perf_counter()
    app.run(timeout=_TIMEOUT_S)
    elapsed = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"the app failed during the benchmark: {app.exception[0].message}")
    return elapsed


def _rerun_times(app: AppTest, repeat: int, button_key: str) -> list[float]:
    times = []
    for _ in range(repeat):
        app.sidebar.button(key=button_key).click()
        times.append(_timed_run(app))
    return times


def _snapshot(app: AppTest) -> dict[str, object]:
    """What the Overview showed on its last run, for the floor to draw again."""
    info = app.main.info
    sidebar_dates = app.sidebar.date_input[0]
    return {
        "period": app.sidebar.caption[0].value,
        "dates": sidebar_dates.value,
        "date_bounds": (sidebar_dates.min, sidebar_dates.max),
        "multiselects": [(widget.label, list(widget.options)) for widget in app.sidebar.multiselect],
        "texts": [text.value for text in app.main.text],
        "captions": [caption.value for caption in app.main.caption],
        "htmls": [element.proto.body for element in app.main.get("html")],
        "info": info[0].value if len(info) else None,
        "button": app.main.button[0].label if len(app.main.button) else None,
        "figures": _overview_figures(app.sidebar.text_input(key="f_week").value or ""),
        "chart_notes": [json.loads(element.proto.json)["notes"] for element in app.main
                        if element.type == "bidi_component" and element.proto.component_name == COMPONENT_NAME],
    }


def _overview_figures(week: str) -> list[go.Figure]:
    """The Overview's two figures for a week, built as the page builds them (same plotly objects,
    not a JSON round trip, so Streamlit serialises the same thing in both runs)."""
    launches = catalog.load_launches(settings().data_dir)
    history = LaunchHistory.build(launches, first_flights(launches))
    start, end = period_bounds(Filters(week=week))
    return [timeline_figure(history.between(start, end), (start, end)),
            weekly_figure_from(history.window_counts(start, end), start, end)]


def _floor_app(snapshot: dict[str, object], work: Path) -> AppTest:
    snapshot_path = work / "overview.pickle"
    snapshot_path.write_bytes(pickle.dumps(snapshot))
    script = work / "floor.py"
    script.write_text(_FLOOR_SCRIPT.format(path=str(snapshot_path)))
    floor = AppTest.from_file(str(script), default_timeout=_TIMEOUT_S)
    _timed_run(floor)
    _rerun_times(floor, 1, "f_previous")
    return floor


def _paired_rerun_times(app: AppTest, floor: AppTest, repeat: int) -> tuple[list[float], list[float]]:
    """Page and floor reruns taken in turn, so a noisy neighbour slows both alike."""
    page_times: list[float] = []
    floor_times: list[float] = []
    for _ in range(repeat):
        page_times += _rerun_times(app, 1, "f_previous")
        floor_times += _rerun_times(floor, 1, "f_previous")
    return page_times, floor_times


def _long_view_times(week: str, repeat: int) -> list[float]:
    """The Overview's "Since 1984" rerun, each time from this week's view (that rerun untimed);
    the first one warms the caches, as an analyst's first visit does."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=_TIMEOUT_S)
    app.query_params["week"] = week
    _timed_run(app)
    times = []
    for _ in range(repeat + 1):
        _rerun_times(app, 1, "f_this_week")
        times += _rerun_times(app, 1, "f_all")
    return times[1:]


def _map_rerun_times(week: str, repeat: int) -> list[float]:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=_TIMEOUT_S)
    app.query_params["week"] = week
    app.run(timeout=_TIMEOUT_S)
    app.switch_page("views/map.py")
    _timed_run(app)
    _rerun_times(app, 1, "f_previous")
    return _rerun_times(app, repeat, "f_previous")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--week", required=True, help="ISO week to open, e.g. the latest launch week")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=_TIMEOUT_S)
    app.query_params["week"] = args.week
    cold_start = _timed_run(app)
    _rerun_times(app, 1, "f_previous")  # first rerun warms lazily imported modules
    map_rerun = _map_rerun_times(args.week, args.repeat)
    long_view = _long_view_times(args.week, args.repeat)
    # Before the floor's snapshot loads a second copy of the catalog into this process.
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory(prefix="splashdown-floor-") as work:
        floor_app = _floor_app(_snapshot(app), Path(work))
        filter_rerun, floor = _paired_rerun_times(app, floor_app, args.repeat)
    print(
        json.dumps(
            {
                "cold_start": cold_start,
                "filter_rerun": statistics.median(filter_rerun),
                "filter_rerun_p95": max(filter_rerun),
                "floor": statistics.median(floor),
                "map_rerun": statistics.median(map_rerun),
                "long_view_rerun": statistics.median(long_view),
                "rss_mb": peak_rss_mb,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

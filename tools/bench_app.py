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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io as pio  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

_TIMEOUT_S = 300

# The floor renders what the Overview renders (sidebar widgets, metrics, two charts) from
# precomputed figures, doing no work of its own: what remains is Streamlit's own cost.
_FLOOR_SCRIPT = """
import pickle
import streamlit as st

@st.cache_resource
def _figures(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)

figures = _figures({path!r})
with st.sidebar:
    st.subheader("Period")
    st.caption("period")
    left, right = st.columns(2)
    left.button("◀ Previous", key="f_previous")
    right.button("Next ▶", key="f_next")
    st.text_input("ISO week (Korea time)", key="f_week")
    st.date_input("Date range (KST)", value=None, key="f_dates")
    left, right = st.columns(2)
    left.button("This week", key="f_this_week")
    right.button("Since 1984", key="f_all")
    st.subheader("Launches")
    for label in ("Missile class", "Site or province", "Outcome", "Note tags"):
        st.multiselect(label, ["a", "b"], key=label)
    st.text_input("Search text", key="f_text")
    st.checkbox("Only launches with team notes", key="f_notes")
st.title("Overview")
st.caption("period")
for column, label in zip(st.columns(4), ("Launch events", "Missiles", "Longest range", "Highest apogee")):
    column.metric(label, 1, "+1")
st.caption("by class")
for number, figure in enumerate(figures):
    st.plotly_chart(figure, key=f"chart{{number}}", width="stretch")
    st.caption("source line")
    with st.popover("Download", icon=":material/download:"):
        for column, fmt in zip(st.columns(4), ("png", "svg", "pdf", "html")):
            column.download_button(fmt, data=b"", file_name=f"chart.{{fmt}}", key=f"dl{{number}}{{fmt}}",
                                   on_click="ignore", width="stretch")
        st.caption("export note")
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


def _floor_times(figures: list, repeat: int) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="splashdown-floor-"))
    figures_path = work / "figures.pickle"
    figures_path.write_bytes(pickle.dumps(figures))
    script = work / "floor.py"
    script.write_text(_FLOOR_SCRIPT.format(path=str(figures_path)))
    app = AppTest.from_file(str(script), default_timeout=_TIMEOUT_S)
    _timed_run(app)
    return _rerun_times(app, repeat, "f_previous")


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
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=_TIMEOUT_S)
    app.query_params["week"] = args.week
    cold_start = _timed_run(app)
    _rerun_times(app, 1, "f_previous")  # first rerun warms lazily imported modules
    filter_rerun = _rerun_times(app, args.repeat, "f_previous")

    figures = [pio.from_json(chart.proto.spec) for chart in app.get("plotly_chart")]
    floor = _floor_times(figures, args.repeat)
    map_rerun = _map_rerun_times(args.week, args.repeat)

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "cold_start": cold_start,
                "filter_rerun": statistics.median(filter_rerun),
                "filter_rerun_p95": max(filter_rerun),
                "floor": statistics.median(floor),
                "map_rerun": statistics.median(map_rerun),
                "rss_mb": peak_rss_mb,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A plotly chart that updates in place when its figure changes, for charts redrawn on every step.

Streamlit 1.67 derives a `st.plotly_chart` element's identity from its figure, key or not, so
every changed figure unmounts the chart and draws a new one with `Plotly.newPlot`: on a week step
the Overview paid for two fresh plots (most of its time in the browser). This chart is an
`st.components.v2` component (no iframe) whose identity is its key alone; each rerun hands it the
new figure and it calls `Plotly.react` on the plot it already has, which redraws only what changed.

plotly.js is the copy inside the installed plotly package (the version its Python side writes
figures for), served by Streamlit as a static component path and loaded once per page: nothing
comes from the internet. Box selection reaches Python as a trigger with the same shape as
`st.plotly_chart`'s selection (`{"box": [{"x": [start, end]}]}`).

The chart is a `figure` landmark named by its label, so tests and screen readers find it by name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io
import streamlit as st
import streamlit.components.v1 as components_v1

COMPONENT_NAME = "splashdown.plotly_live"
_PLOTLY_JS_DIR = Path(plotly.__file__).parent / "package_data"
_PLOTLY_JS = "plotly.min.js"
_CONFIG = {"displaylogo": False, "responsive": True}

_HTML = '<div class="plotly-live" role="figure"></div>'
_CSS = ".plotly-live { width: 100%; }"
_JS = """
function loadPlotly(url) {
  window.__splashdownPlotly ??= new Promise((resolve, reject) => {
    if (window.Plotly) { resolve(window.Plotly); return; }
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error(`plotly.js did not load from ${url}`));
    document.head.appendChild(script);
  });
  return window.__splashdownPlotly;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const chart = parentElement.querySelector(".plotly-live");
  const figure = JSON.parse(data.figure);
  chart.setAttribute("aria-label", data.label);
  chart.__sendSelection = setTriggerValue;
  loadPlotly(data.plotly_url)
    .then(Plotly => Plotly.react(chart, figure.data, figure.layout, data.config))
    .then(() => {
      if (data.selectable && !chart.__listening) {
        chart.__listening = true;
        chart.on("plotly_selected", event => {
          if (event && event.range && event.range.x) {
            chart.__sendSelection("selection", { box: [{ x: event.range.x }] });
          }
        });
      }
    })
    .catch(error => { chart.textContent = `${data.label} could not be drawn: ${error.message}`; });
  return () => window.Plotly && window.Plotly.purge(chart);
}
"""

_mount = st.components.v2.component(COMPONENT_NAME, html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


def _plotly_js_url() -> str:
    # A v1 component path is how Streamlit serves a folder of files; only its URL is used. Declared
    # on every run because Streamlit registers it only while a script runs. Relative to the page,
    # like the base map's URL, so the app works behind a proxy path.
    served = components_v1.declare_component("plotly_js", path=str(_PLOTLY_JS_DIR))
    return f"component/{served.name}/{_PLOTLY_JS}"


def live_plotly_chart(
    figure: go.Figure,
    *,
    key: str,
    label: str,
    on_select: Callable[[], None] | None = None,
) -> Any:
    """Draw `figure` under `key`, updating the chart already on the page in place.

    With `on_select` the chart reports box selections: the callback runs before the rerun and
    reads `selection(key)`."""
    data = {
        "figure": plotly.io.to_json(figure, validate=False),
        "label": label,
        "config": _CONFIG,
        "plotly_url": _plotly_js_url(),
        "selectable": on_select is not None,
    }
    if on_select is None:
        return _mount(key=key, data=data, width="stretch")
    return _mount(key=key, data=data, width="stretch", on_selection_change=on_select)


def selection(key: str) -> dict:
    """The last box selection of the chart under `key`, `{}` when there is none."""
    state = st.session_state.get(key)
    value = state.get("selection") if state is not None and hasattr(state, "get") else None
    return value if isinstance(value, dict) else {}

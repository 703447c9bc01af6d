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

With `legend_chips` the legend is a row of HTML chips over the plot's top right, where plotly's
own legend sat, rather than plotly's: plotly lays its legend out and measures each entry on every
redraw, for entries that rarely change between weeks. A chip shows its trace's colour and mark
(marker, bar or line with its dash) and, clicked, hides or shows the trace as plotly's legend does.
Exports draw the figure itself, plotly's legend included.

The drawing code is `web/plotly_live.js`, served like plotly.js and imported once per page; the
element itself carries only a small loader. Streamlit sends a component's inline JS and CSS with
every element message, so inline they travelled with each chart on every week step.

With `notes` the lines under the chart (its source line, its caption) are part of the chart's own
element, drawn as plain text (they may carry analysts' source text): each Streamlit element is
re-sent and redrawn on every week step, changed or not, at about 2 ms of browser time apiece.

The chart is a `figure` landmark named by its label, so tests and screen readers find it by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
_WEB_DIR = Path(__file__).parent / "web"
_MODULE = "plotly_live.js"
_CONFIG = {"displaylogo": False, "responsive": True}

_HTML = ('<div class="plotly-live-frame" role="figure"><div class="plotly-live"></div>'
         '<div class="plotly-live-notes"></div></div>')
_JS = """
export default function (component) {
  const chart = component.parentElement.querySelector(".plotly-live");
  window.__splashdownPlotlyLive ??= import(new URL(component.data.module_url, document.baseURI).href);
  window.__splashdownPlotlyLive
    .then(module => module.draw(component))
    .catch(error => { chart.textContent = `${component.data.label} could not be drawn: ${error.message}`; });
  return () => window.Plotly && window.Plotly.purge(chart);
}
"""

_mount = st.components.v2.component(COMPONENT_NAME, html=_HTML, js=_JS, isolate_styles=False)


def _served_url(name: str, folder: Path, file_name: str) -> str:
    # A v1 component path is how Streamlit serves a folder of files; only its URL is used. Declared
    # on every run because Streamlit registers it only while a script runs. Relative to the page,
    # like the base map's URL, so the app works behind a proxy path.
    served = components_v1.declare_component(name, path=str(folder))
    return f"component/{served.name}/{file_name}"


def live_plotly_chart(
    figure: go.Figure,
    *,
    key: str,
    label: str,
    on_select: Callable[[], None] | None = None,
    legend_chips: bool = False,
    notes: Sequence[str] = (),
) -> Any:
    """Draw `figure` under `key`, updating the chart already on the page in place.

    With `on_select` the chart reports box selections: the callback runs before the rerun and
    reads `selection(key)`. With `legend_chips` the legend is drawn as HTML chips, not by plotly.
    `notes` are lines of plain text shown under the chart, in caption style."""
    data = {
        "figure": plotly.io.to_json(figure, validate=False),
        "label": label,
        "config": _CONFIG,
        "plotly_url": _served_url("plotly_js", _PLOTLY_JS_DIR, _PLOTLY_JS),
        "module_url": _served_url("plotly_live_js", _WEB_DIR, _MODULE),
        "selectable": on_select is not None,
        "legend_chips": legend_chips,
        "notes": list(notes),
    }
    if on_select is None:
        return _mount(key=key, data=data, width="stretch")
    return _mount(key=key, data=data, width="stretch", on_selection_change=on_select)


def selection(key: str) -> dict:
    """The last box selection of the chart under `key`, `{}` when there is none."""
    state = st.session_state.get(key)
    value = state.get("selection") if state is not None and hasattr(state, "get") else None
    return value if isinstance(value, dict) else {}

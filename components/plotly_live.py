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

_HTML = '<div class="plotly-live-frame" role="figure"><div class="plotly-live"></div></div>'
_CSS = """
.plotly-live-frame { position: relative; width: 100%; }
.plotly-live { width: 100%; }
.plotly-live-chips { position: absolute; z-index: 1; display: flex; flex-wrap: wrap; justify-content: flex-end;
  gap: 2px 12px; font: 13px "DejaVu Sans", Arial, sans-serif; color: #2a3f5f; }
.plotly-live-chips button { all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 5px;
  line-height: 20px; }
.plotly-live-chips button[aria-pressed=false] { opacity: 0.45; }
.plotly-live-chips button:focus-visible { outline: 2px solid #2a3f5f; outline-offset: 1px; }
.plotly-live-mark { display: inline-block; width: 12px; height: 12px; box-sizing: border-box; }
.plotly-live-mark.marker { border-radius: 50%; border: 1px solid #333333; }
.plotly-live-mark.line { width: 28px; height: 0; border-top-width: 2px; }
"""
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

function legendEntries(figure) {
  const traces = figure.data;
  // As plotly orders its legend: with stacked bars or areas, top of the stack first.
  const stacked = figure.layout.barmode === "stack" || traces.some(trace => trace.stackgroup);
  const entries = traces.map((trace, index) => {
    const isLine = trace.type === "scatter" && !trace.stackgroup && !String(trace.mode ?? "").includes("markers");
    const kind = trace.type === "bar" || trace.stackgroup ? "fill" : isLine ? "line" : "marker";
    const colour = trace.marker?.color ?? trace.fillcolor ?? trace.line?.color ?? "#2a3f5f";
    const dash = { dot: "dotted", dash: "dashed" }[trace.line?.dash] ?? "solid";
    return { index, name: trace.name, kind, colour, dash, shown: trace.showlegend !== false && trace.name };
  }).filter(entry => entry.shown);
  return stacked ? entries.reverse() : entries;
}

function drawChips(frame, chart, figure) {
  let row = frame.querySelector(".plotly-live-chips");
  const entries = figure.layout.showlegend === false ? [] : legendEntries(figure);
  figure.layout.showlegend = false;
  const signature = JSON.stringify(entries);
  if (row && row.dataset.signature === signature) {
    // Same entries as drawn: the new figure shows every trace, so every chip is pressed again.
    row.querySelectorAll("button").forEach(chip => chip.setAttribute("aria-pressed", "true"));
    return;
  }
  row?.remove();
  if (!entries.length) return;
  row = document.createElement("div");
  row.className = "plotly-live-chips";
  row.dataset.signature = signature;
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Legend");
  // Where plotly puts a horizontal legend at the top right: on the plot's top edge, growing upwards.
  const margin = figure.layout.margin ?? {};
  row.style.bottom = `calc(100% - ${margin.t ?? 100}px)`;
  row.style.right = `${margin.r ?? 80}px`;
  row.style.maxWidth = `calc(100% - ${(margin.l ?? 80) + (margin.r ?? 80)}px)`;
  for (const entry of entries) {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.setAttribute("aria-pressed", "true");
    chip.title = "Click to hide or show";
    const mark = document.createElement("span");
    mark.className = `plotly-live-mark ${entry.kind}`;
    if (entry.kind === "line") {
      mark.style.borderTop = `2px ${entry.dash} ${entry.colour}`;
    } else {
      mark.style.background = entry.colour;
    }
    const name = document.createElement("span");
    name.textContent = entry.name;
    chip.append(mark, name);
    chip.addEventListener("click", () => {
      const shown = chip.getAttribute("aria-pressed") !== "true";
      chip.setAttribute("aria-pressed", String(shown));
      window.Plotly.restyle(chart, { visible: shown ? true : "legendonly" }, [entry.index]);
    });
    row.append(chip);
  }
  frame.append(row);
}

export default function ({ data, parentElement, setTriggerValue }) {
  const frame = parentElement.querySelector(".plotly-live-frame");
  const chart = frame.querySelector(".plotly-live");
  const figure = JSON.parse(data.figure);
  frame.setAttribute("aria-label", data.label);
  chart.__sendSelection = setTriggerValue;
  if (data.legend_chips) drawChips(frame, chart, figure);
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
    legend_chips: bool = False,
) -> Any:
    """Draw `figure` under `key`, updating the chart already on the page in place.

    With `on_select` the chart reports box selections: the callback runs before the rerun and
    reads `selection(key)`. With `legend_chips` the legend is drawn as HTML chips, not by plotly."""
    data = {
        "figure": plotly.io.to_json(figure, validate=False),
        "label": label,
        "config": _CONFIG,
        "plotly_url": _plotly_js_url(),
        "selectable": on_select is not None,
        "legend_chips": legend_chips,
    }
    if on_select is None:
        return _mount(key=key, data=data, width="stretch")
    return _mount(key=key, data=data, width="stretch", on_selection_change=on_select)


def selection(key: str) -> dict:
    """The last box selection of the chart under `key`, `{}` when there is none."""
    state = st.session_state.get(key)
    value = state.get("selection") if state is not None and hasattr(state, "get") else None
    return value if isinstance(value, dict) else {}

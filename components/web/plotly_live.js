const STYLES = `
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
.plotly-live-notes p { margin: 0 0 0.25rem; font-size: 0.875rem; line-height: 1.5; color: rgba(49, 51, 63, 0.6);
  white-space: pre-wrap; overflow-wrap: anywhere; }
`;

function addStyles() {
  if (document.getElementById("plotly-live-styles")) return;
  const style = document.createElement("style");
  style.id = "plotly-live-styles";
  style.textContent = STYLES;
  document.head.append(style);
}

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

function drawNotes(frame, notes) {
  // Plain text: a source line can carry analysts' own source text.
  const box = frame.querySelector(".plotly-live-notes");
  const signature = JSON.stringify(notes ?? []);
  if (box.dataset.signature === signature) return;
  box.dataset.signature = signature;
  box.replaceChildren(...(notes ?? []).map(note => {
    const line = document.createElement("p");
    line.textContent = note;
    return line;
  }));
}

function keepChipsBesideTitle(frame, chart, figure) {
  // Many entries wrap upwards: they stay right of the title, measured once per set of entries.
  const row = frame.querySelector(".plotly-live-chips");
  const title = chart.querySelector(".gtitle");
  if (!row || !title || row.dataset.fitted === row.dataset.signature) return;
  row.dataset.fitted = row.dataset.signature;
  const titleEnd = title.getBoundingClientRect().right - frame.getBoundingClientRect().left;
  row.style.maxWidth = `calc(100% - ${Math.ceil(titleEnd) + 16 + (figure.layout.margin?.r ?? 80)}px)`;
}

export function draw({ data, parentElement, setTriggerValue }) {
  addStyles();
  const frame = parentElement.querySelector(".plotly-live-frame");
  const chart = frame.querySelector(".plotly-live");
  const figure = JSON.parse(data.figure);
  frame.setAttribute("aria-label", data.label);
  chart.__sendSelection = setTriggerValue;
  if (data.legend_chips) drawChips(frame, chart, figure);
  drawNotes(frame, data.notes);
  loadPlotly(data.plotly_url)
    .then(Plotly => Plotly.react(chart, figure.data, figure.layout, data.config))
    .then(() => {
      if (data.legend_chips) keepChipsBesideTitle(frame, chart, figure);
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
}

"""Plotly figure builders shared by the pages and the exports: what the analyst sees is what is briefed."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from splashdown.history import BASELINE_WEEKS, WeeklyCounts, window_counts
from splashdown.palette import CLASS_COLOURS, class_colour
from splashdown.vocabulary import MISSILE_CLASSES, NOT_REPORTED

# Beyond this many launch events in view the timeline draws one marker per class and month.
MAX_EVENT_MARKERS = 1_000
# Beyond this many weeks the weekly chart draws each class as one stepped band, not a bar per week.
MAX_WEEKLY_BARS = 156
_WEEK_MS = 7 * 24 * 3600 * 1000
_FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13, color="#2a3f5f")
_TIMELINE_COLUMNS = (
    "launch_id", "event_id", "date_kst", "time_utc", "missile", "missile_class", "site_id", "site_name",
    "province", "range_km", "apogee_km", "flight_time_min", "confirmation", "sources", "origin", "note_count",
)


def _layout(*, title: str, y_title: str, x_title: str, **extra: Any) -> dict:
    """The whole layout as one dict: plotly validates it once at construction, whereas each
    update_layout call after construction costs as much as building the figure."""
    # Fixed margins sized for the class lanes and two-line date ticks: with automargin plotly lays
    # the figure out, measures it and lays it out again, a third of the browser's drawing time.
    # Upright tick labels that may reach the margin: otherwise every redraw measures each label
    # (to tilt crowded ones, to hide ones past the edge), a forced layout each. Axis titles at
    # plotly's default distance: a title standoff is measured from the drawn tick labels, seven or
    # eight forced layouts of the whole page per redraw in the browser.
    axis_style = dict(gridcolor="#e6e6e6", linecolor="#b0b0b0", zerolinecolor="#d0d0d0", zerolinewidth=2,
                      automargin=False, tickangle=0, ticklabeloverflow="allow")
    layout = dict(
        title=dict(text=title, x=0.0, xanchor="left"),
        font=_FONT,
        # An empty template and explicit styling: with no template (None) plotly copies its whole
        # default template into every figure, which costs more than building the figure.
        template={},
        hovermode="closest",
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(CLASS_COLOURS.values()),
        margin=dict(l=70, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0, title=dict(text="")),
        # Declared, because the traces give dates as numbers (see `_epoch_ms`).
        xaxis=dict(type="date", title=dict(text=x_title), **axis_style),
        yaxis=dict(title=dict(text=y_title), **axis_style),
        hoverlabel=dict(align="left"),
    )
    for key, value in extra.items():
        if key in ("xaxis", "yaxis"):
            layout[key] = {**layout[key], **value}  # type: ignore[dict-item]
        else:
            layout[key] = value
    return layout


def _epoch_ms(dates: np.ndarray) -> np.ndarray:
    """Dates as milliseconds since 1970 on a date axis: plotly writes numbers as compact binary,
    whereas dates travel as ISO strings the browser parses one by one (a second for decades)."""
    return dates.astype("datetime64[ms]").astype(np.int64).astype(np.float64)


def _compact_counts(counts: np.ndarray) -> np.ndarray:
    """Counts in the smallest unsigned integer type that holds them (they travel as binary)."""
    largest = int(counts.max()) if len(counts) else 0
    return counts.astype(np.uint8 if largest <= 0xFF else np.uint16 if largest <= 0xFFFF else np.uint32)


def _figure_from(traces: list[dict], layout: dict) -> go.Figure:
    """Skip plotly's per-property validation: it costs ten times the rest of a rerun, and the
    builders here produce fixed, tested structures (the exports render them through kaleido)."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def _figure(value: float | None, unit: str) -> str:
    if value is None or pd.isna(value):
        return NOT_REPORTED
    return f"{float(value):,.0f} {unit}"


def _clean(value: object) -> str:
    # Plotly renders hover strings as its own limited markup, so user-controlled fields lose their
    # angle brackets before they are joined with <br>.
    return str(value).replace("<", "‹").replace(">", "›")


def _hover_text(event: dict) -> str:
    time_utc = f", {event['time_utc']} UTC" if event.get("time_utc") else ""
    lines = [
        f"{_clean(event['missile'])} ({event['missile_class']})",
        f"{event['date_kst']:%Y-%m-%d} KST{time_utc}",
        f"Site: {_clean(event.get('site_name', event['site_id']))}, {_clean(event.get('province', ''))}",
        f"Missiles in salvo: {int(event['missiles'])}",
        f"Range: {_figure(event['range_km'], 'km')}  Apogee: {_figure(event['apogee_km'], 'km')}",
        f"Flight time: {_figure(event['flight_time_min'], 'min')}",
        f"Figures: {_clean(event.get('confirmation', '') or 'unattributed')}",
        f"Sources: {_clean(event['sources'])[:160]}",
    ]
    if event.get("origin") == "analyst":
        lines.append("Added by an analyst")
    if event.get("note_count", 0):
        lines.append(f"Team notes: {int(event['note_count'])}")
    return "<br>".join(lines)


def timeline_events(launches: pd.DataFrame) -> list[dict]:
    """One record per launch event and class: the marker the timeline draws, sized by missiles fired.

    Plain records rather than a DataFrame: the page draws a few dozen markers, and per-row pandas
    selections cost more than the whole figure.
    """
    if launches.empty:
        return []
    used = [column for column in _TIMELINE_COLUMNS if column in launches]
    # By date, then event, longest range first (unknown ranges last) so a salvo's marker shows its
    # longest flight.
    order = np.lexsort((
        -launches["range_km"].to_numpy(dtype=float, na_value=np.nan),
        launches["event_id"].to_numpy(dtype=object),
        launches["date_kst"].to_numpy(),
    ))
    columns = {column: launches[column].tolist() for column in used}
    events: dict[tuple[str, str], dict] = {}
    for position in order:
        key = (columns["event_id"][position], columns["missile_class"][position])
        if key in events:
            events[key]["missiles"] += 1
        else:
            events[key] = {column: values[position] for column, values in columns.items()} | {"missiles": 1}
    for event in events.values():
        event["hover"] = _hover_text(event)
    return list(events.values())


def timeline_figure(
    launches: pd.DataFrame,
    period: tuple[date, date] | None = None,
    title: str = "Launch timeline",
) -> go.Figure:
    """Launch events by date, one lane per missile class, marker area by missiles in the salvo.

    With a `period` the x axis spans the whole period, so an empty stretch reads as empty. Beyond
    `MAX_EVENT_MARKERS` events (decades of a large catalog) single markers would overlap into a
    solid bar and cost seconds to draw, so the lanes show one marker per class and month instead.
    """
    monthly = not launches.empty and launches["event_id"].nunique() > MAX_EVENT_MARKERS
    if monthly:
        traces, lanes = _monthly_traces(launches)
        x_title = "Month (KST): one marker per class and month, area by missiles"
    else:
        traces, lanes = _event_traces(timeline_events(launches))
        x_title = "Date (KST)"
    xaxis: dict[str, object] = {}
    if period is not None or not launches.empty:
        if period is not None:
            start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
        else:
            start, end = launches["date_kst"].min(), launches["date_kst"].max()
        pad = max((end - start) * 0.03, pd.Timedelta(hours=12))
        xaxis = dict(range=[start - pad, end + pad], tickformat="%d %b\n%Y", hoverformat="%Y-%m-%d")
    layout = _layout(
        title=title,
        y_title="Missile class",
        x_title=x_title,
        xaxis=xaxis,
        yaxis=dict(categoryorder="array", categoryarray=lanes),
        dragmode="select",
        selectdirection="h",
        showlegend=bool(lanes),
    )
    return _figure_from(traces, layout)


def _event_traces(events: list[dict]) -> tuple[list[dict], list[str]]:
    traces: list[dict] = []
    present = {event["missile_class"] for event in events}
    lanes = [cls for cls in MISSILE_CLASSES if cls in present]
    for missile_class in lanes:
        rows = [event for event in events if event["missile_class"] == missile_class]
        # Arrays rather than lists: plotly deep-copies every list element when it builds a figure.
        traces.append(
            dict(
                type="scatter",
                x=_epoch_ms(np.array([event["date_kst"] for event in rows], dtype="datetime64[s]")),
                y=np.full(len(rows), missile_class, dtype=object),
                mode="markers",
                name=missile_class,
                marker=dict(
                    size=np.array([10 + 5 * (min(event["missiles"], 8) - 1) for event in rows]),
                    color=class_colour(missile_class),
                    symbol=np.array(["diamond" if event.get("origin") == "analyst" else "circle" for event in rows],
                                    dtype=object),
                    line=dict(width=1, color="#333333"),
                    opacity=0.85,
                ),
                customdata=np.array([[event["event_id"]] for event in rows], dtype=object),
                hovertext=np.array([event["hover"] for event in rows], dtype=object),
                hoverinfo="text",
            )
        )
    return traces, lanes


def _monthly_traces(launches: pd.DataFrame) -> tuple[list[dict], list[str]]:
    """One marker per class and month: missiles and launch events counted with numpy (the
    decades-long views of a large catalog land here), the hover text composed in the browser."""
    months = launches["date_kst"].to_numpy().astype("datetime64[M]").astype(np.int64)
    class_codes, classes = pd.factorize(launches["missile_class"])
    event_codes = pd.factorize(launches["event_id"])[0]
    first_month = int(months.min())
    month_count = int(months.max()) - first_month + 1
    cells = (months - first_month) * len(classes) + class_codes
    missiles = np.bincount(cells, minlength=month_count * len(classes)).reshape(month_count, len(classes))
    # A salvo is one event in its class; distinct (event, class) pairs, counted in their month.
    _, first_rows = np.unique(event_codes.astype(np.int64) * len(classes) + class_codes, return_index=True)
    events = np.bincount(cells[first_rows], minlength=month_count * len(classes)).reshape(month_count, len(classes))
    largest = max(int(missiles.max()), 1)
    month_starts = (np.arange(month_count) + first_month).astype("datetime64[M]")
    middles = _epoch_ms(month_starts.astype("datetime64[D]") + np.timedelta64(14, "D"))
    traces: list[dict] = []
    lanes = [cls for cls in MISSILE_CLASSES if cls in set(classes)]
    for missile_class in lanes:
        column = list(classes).index(missile_class)
        flown = np.flatnonzero(missiles[:, column])
        in_class = missiles[flown, column]
        traces.append(
            dict(
                type="scatter",
                x=middles[flown],
                y=np.full(len(flown), missile_class, dtype=object),
                mode="markers",
                name=missile_class,
                marker=dict(
                    size=6 + 18 * np.sqrt(in_class / largest),
                    color=class_colour(missile_class),
                    line=dict(width=1, color="#333333"),
                    opacity=0.85,
                ),
                customdata=np.stack([events[flown, column], in_class], axis=1).astype(np.uint32),
                hovertemplate=f"%{{x|%b %Y}}: {missile_class}, %{{customdata[0]}} launch event(s), "
                "%{customdata[1]} missile(s)<extra></extra>",
            )
        )
    return traces, lanes


def weekly_figure(
    launches: pd.DataFrame,
    start: date,
    end: date,
    title: str = "Missiles launched per week",
) -> go.Figure:
    """Weekly counts around the period with 4- and 52-week baselines.

    `launches` should hold every date (filters other than the period applied) so the baselines
    can look back a year before the period.
    """
    return weekly_figure_from(window_counts(launches, start, end), start, end, title)


def weekly_figure_from(
    counts: WeeklyCounts,
    start: date,
    end: date,
    title: str = "Missiles launched per week",
) -> go.Figure:
    """The weekly chart from counts already binned for its window (see `history.window_counts`).

    Beyond `MAX_WEEKLY_BARS` weeks (years of history) each class is one stepped band stacked on the
    others rather than a bar per week: the same counts, drawn as a few shapes instead of thousands
    (a bar per class and week took seconds to draw in the browser for Since 1984).
    """
    banded = len(counts.mondays) > MAX_WEEKLY_BARS
    # Consecutive Mondays as a first date and a step: no x array per trace. Counts as small
    # integers and baselines as float32: every array travels with each rerun.
    weeks_axis = dict(x0=_epoch_ms(counts.mondays[:1]).tolist()[0] if len(counts.mondays) else 0, dx=_WEEK_MS)
    traces: list[dict] = []
    for missile_class in MISSILE_CLASSES:
        in_class = counts.by_class.get(missile_class)
        if in_class is not None and in_class.any():
            trace = dict(
                y=_compact_counts(in_class),
                name=missile_class,
                # The ISO week from the date itself: a label per week and trace would travel as text.
                hovertemplate="%{x|%G-W%V}: %{y} " + missile_class + "<extra></extra>",
                **weeks_axis,
            )
            colour = class_colour(missile_class)
            if banded:
                trace |= dict(type="scatter", mode="lines", stackgroup="classes", fillcolor=colour,
                              line=dict(shape="hv", width=0, color=colour))
            else:
                trace |= dict(type="bar", marker=dict(color=colour, line=dict(color="white", width=0.5)))
            traces.append(trace)
    for weeks_averaged, dash in zip(BASELINE_WEEKS, ("dot", "dash"), strict=True):
        name = f"{weeks_averaged}-week average"
        traces.append(
            dict(
                type="scatter",
                y=counts.baselines[weeks_averaged].astype(np.float32),
                name=name,
                mode="lines",
                line=dict(color="#333333", dash=dash, width=2),
                hovertemplate=name + ": %{y:.2f} per week<extra></extra>",
                **weeks_axis,
            )
        )
    band_start = pd.Timestamp(start) - pd.Timedelta(days=start.weekday()) - pd.Timedelta(days=3.5)
    band_end = pd.Timestamp(end) - pd.Timedelta(days=end.weekday()) + pd.Timedelta(days=3.5)
    layout = _layout(
        title=title,
        y_title="Missiles per ISO week",
        x_title="ISO week (KST, Monday)",
        barmode="stack",
        bargap=0.15,
        shapes=[dict(type="rect", xref="x", yref="paper", x0=band_start, x1=band_end, y0=0, y1=1,
                     fillcolor="#ffd54f", opacity=0.25, line=dict(width=0), layer="below")],
        # Inside the plot, under the band's top edge: above it the label collides with the legend.
        annotations=[dict(text="selected period", xref="x", yref="paper", x=band_start, y=0.98,
                          xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color="#7a6000"))],
    )
    return _figure_from(traces, layout)

"""Overview panels: headline figures, the timeline with box-select, weekly counts, the empty state."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.downloads import chart_downloads, downloads_popover
from components.filters import set_period, set_week
from components.loaders import data_as_of
from components.plotly_live import live_plotly_chart, selection
from splashdown.catalog import iso_week
from splashdown.charts import timeline_figure, weekly_figure_from
from splashdown.filters import Filters, describe_period, period_bounds
from splashdown.history import LaunchHistory
from splashdown.provenance import DATA_DATE_MEANING, source_line
from splashdown.summary import PeriodSummary
from splashdown.vocabulary import NOT_REPORTED, NOT_REPORTED_CELL


def _signed(change: int) -> str:
    return f"{change:+d} vs previous period"


# Muted text that reads in the light and the dark theme alike.
_MUTED = "opacity:0.6;font-size:0.875rem"


def headline_figures(history: LaunchHistory, filters: Filters) -> None:
    """The four headline figures with their captions, drawn as one element: a week step re-sends
    and redraws one element instead of eight (each costs the browser a few ms, changed or not)."""
    st.html(headline_html(history.summary(*period_bounds(filters))))


def headline_html(summary: PeriodSummary) -> str:
    """Every text is escaped: missile names may be analysts' own and are never markup."""
    longest, highest = summary.longest_range, summary.highest_apogee
    figures = [
        ("Launch events", str(summary.events), _signed(summary.events_change)),
        ("Missiles", str(summary.missiles), _signed(summary.missiles_change)),
        ("Longest range", *((longest.label(), longest.detail()) if longest
                            else (NOT_REPORTED_CELL, f"range {NOT_REPORTED}"))),
        ("Highest apogee", *((highest.label(), highest.detail()) if highest
                             else (NOT_REPORTED_CELL, f"apogee {NOT_REPORTED}"))),
    ]
    cells = "".join(
        f'<div role="listitem" class="headline-figure" style="flex:1 1 10rem;min-width:10rem">'
        f'<div class="label" style="font-size:0.875rem">{html.escape(label)}</div>'
        f'<div class="value" style="font-size:2.25rem;line-height:1.3">{html.escape(value)}</div>'
        f'<div class="delta" style="{_MUTED}">{html.escape(delta)}</div></div>'
        for label, value, delta in figures
    )
    notes = []
    if summary.by_class:
        notes.append("Missiles by class: " + " · ".join(f"{cls} {count}" for cls, count in summary.by_class.items()))
    if summary.new_types:
        notes.append("First flight of a missile type in this period: " + ", ".join(summary.new_types))
    notes.append("Launch events: same-day salvos from one area count once. Previous period: the same number "
                 "of days immediately before; changes compare against it.")
    lines = "".join(f'<div class="note" style="{_MUTED}">{html.escape(note)}</div>' for note in notes)
    return (f'<div role="list" aria-label="Headline figures" style="display:flex;flex-wrap:wrap;gap:0.5rem 1rem;'
            f'margin-bottom:0.5rem">{cells}</div>{lines}')


def empty_period_notice(history: LaunchHistory, filters: Filters) -> None:
    matching = history.launches
    if matching.empty:
        st.info("No launch matches these filters at any date. Clear some filters in the sidebar.")
        return
    st.info(f"No launches recorded for {describe_period(filters)} with these filters.")
    latest = matching["date_kst"].max()
    week = iso_week(latest.date())
    st.button(f"Go to the latest matching launch week, {week} ({latest:%d %b %Y})",
              on_click=set_week, args=(week,), key="jump_latest")


def timeline_panel(launches: pd.DataFrame, filters: Filters) -> None:
    figure = timeline_figure(launches, period_bounds(filters))
    notes = (
        source_line(launches),
        f"Data as of {data_as_of()} ({DATA_DATE_MEANING}). Each launch's sources are in the Launches table; "
        "diamonds mark analyst-added launches. Drag across the timeline to narrow the period.",
    )
    live_plotly_chart(figure, key="timeline", label="Launch timeline", on_select=_narrow_to_selection,
                      legend_chips=True, notes=notes)
    with downloads_popover("Download the timeline", key="dl_timeline_open") as downloads:
        if downloads.open:
            chart_downloads(figure, launches, filters, title="Launch timeline", kind="timeline")


def _narrow_to_selection() -> None:
    # A callback, so the period widgets can still be updated before they are drawn.
    boxes = selection("timeline").get("box") or []
    if not boxes:
        return
    # Plotly reports the edges as text with or without fractional seconds.
    x_values = sorted(pd.to_datetime(boxes[0]["x"], format="mixed"))
    set_period(x_values[0].date(), x_values[-1].date())


def weekly_panel(history: LaunchHistory, filters: Filters) -> None:
    start, end = period_bounds(filters)
    figure = weekly_figure_from(history.window_counts(start, end), start, end)
    live_plotly_chart(figure, key="weekly", label="Missiles launched per week", legend_chips=True, notes=(
        "Missiles per ISO week of the Korean date, stacked by class; baselines average the 4 and 52 weeks "
        "before each week. The shaded band is the selected period.",
    ))
    with downloads_popover("Download the weekly counts", key="dl_weekly_open") as downloads:
        if downloads.open:
            chart_downloads(figure, history.between(start, end), filters, title="Missiles launched per week",
                            kind="weekly")

"""Plotly figure builders shared by the pages and the exports: what the analyst sees is what is briefed."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from splashdown.catalog import iso_week
from splashdown.palette import MISSILE_CLASSES, class_colour

_FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13)
_MIN_WEEKLY_WINDOW = 26


def _figure_layout(fig: go.Figure, *, title: str, y_title: str, x_title: str) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0.0, xanchor="left"),
        font=_FONT,
        template="plotly_white",
        margin=dict(l=70, r=20, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0, title_text=""),
        xaxis_title=x_title,
        yaxis_title=y_title,
        hoverlabel=dict(align="left"),
    )
    return fig


def _figure(value: object, unit: str) -> str:
    if value is None or pd.isna(value):
        return "unknown"
    return f"{float(value):,.0f} {unit}"


def _hover_text(row: pd.Series) -> str:
    # Plain text joined with <br>: plotly renders hover strings as its own limited markup, so
    # user-controlled fields are stripped of angle brackets first.
    def clean(value: object) -> str:
        return str(value).replace("<", "‹").replace(">", "›")

    lines = [
        f"{clean(row['missile'])} ({row['missile_class']})",
        f"{row['date_kst']:%Y-%m-%d} KST" + (f", {row['time_utc']} UTC" if row.get("time_utc") else ""),
        f"Site: {clean(row.get('site_name', row['site_id']))}, {clean(row.get('province', ''))}",
        f"Missiles in salvo: {int(row['salvo_size'])}",
        f"Range: {_figure(row['range_km'], 'km')}  Apogee: {_figure(row['apogee_km'], 'km')}",
        f"Flight time: {_figure(row['flight_time_min'], 'min')}",
        f"Figures: {clean(row.get('confirmation', '') or 'unattributed')}",
        f"Sources: {clean(row['sources'])[:160]}",
    ]
    if row.get("origin") == "analyst":
        lines.append("Added by an analyst")
    if row.get("note_count", 0):
        lines.append(f"Team notes: {int(row['note_count'])}")
    return "<br>".join(lines)


def timeline_events(launches: pd.DataFrame) -> pd.DataFrame:
    """One row per launch event and class: the marker the timeline draws, sized by missiles fired."""
    if launches.empty:
        return launches.assign(missiles=pd.Series(dtype=int), hover=pd.Series(dtype=str))
    ordered = launches.sort_values(["date_kst", "event_id", "range_km"], ascending=[True, True, False])
    grouped = ordered.groupby(["event_id", "missile_class"], sort=False)
    events = grouped.head(1).copy()
    events["missiles"] = grouped["launch_id"].transform("size").loc[events.index].astype(int)
    events["salvo_size"] = events["missiles"]
    events["hover"] = events.apply(_hover_text, axis=1)
    return events


def timeline_figure(
    launches: pd.DataFrame,
    period: tuple[date, date] | None = None,
    title: str = "Launch timeline",
) -> go.Figure:
    """Launch events by date, one lane per missile class, marker area by missiles in the salvo.

    With a `period` the x axis spans the whole period, so an empty stretch reads as empty.
    """
    events = timeline_events(launches)
    fig = go.Figure()
    lanes = [cls for cls in MISSILE_CLASSES if cls in set(events.get("missile_class", []))]
    for missile_class in lanes:
        rows = events[events["missile_class"] == missile_class]
        analyst = rows.get("origin", pd.Series("catalog", index=rows.index)).eq("analyst")
        fig.add_trace(
            go.Scatter(
                x=rows["date_kst"],
                y=[missile_class] * len(rows),
                mode="markers",
                name=missile_class,
                marker=dict(
                    size=10 + 5 * (rows["missiles"].clip(upper=8) - 1),
                    color=class_colour(missile_class),
                    symbol=["diamond" if is_analyst else "circle" for is_analyst in analyst],
                    line=dict(width=1, color="#333333"),
                    opacity=0.85,
                ),
                customdata=rows[["event_id"]].to_numpy(),
                hovertext=rows["hover"],
                hoverinfo="text",
            )
        )
    _figure_layout(fig, title=title, y_title="Missile class", x_title="Date (KST)")
    fig.update_yaxes(categoryorder="array", categoryarray=lanes)
    fig.update_layout(dragmode="select", selectdirection="h", showlegend=bool(lanes))
    if period is not None:
        start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    elif len(events):
        start, end = events["date_kst"].min(), events["date_kst"].max()
    else:
        return fig
    pad = max((end - start) * 0.03, pd.Timedelta(hours=12))
    fig.update_xaxes(range=[start - pad, end + pad], tickformat="%d %b\n%Y", hoverformat="%Y-%m-%d")
    return fig


def weekly_counts(launches: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Missiles per ISO week (Korean dates) by class, every week from `start` to `end` present.

    Binning happens here rather than in plotly so weeks with no launch count as zero and the
    baselines see them.
    """
    first_monday = start - timedelta(days=start.weekday())
    mondays = pd.date_range(first_monday, end, freq="7D")
    in_range = launches[
        (launches["date_kst"] >= pd.Timestamp(first_monday)) & (launches["date_kst"] <= pd.Timestamp(end))
    ]
    week_start = in_range["date_kst"] - pd.to_timedelta(in_range["date_kst"].dt.weekday, unit="D")
    counts = (
        pd.crosstab(week_start, in_range["missile_class"])
        .reindex(mondays, fill_value=0)
        .rename_axis("week_start")
    )
    counts.columns = counts.columns.astype(str)
    counts["total"] = counts.sum(axis=1)
    counts["week"] = [iso_week(monday.date()) for monday in counts.index]
    return counts


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
    shown_from = min(start, end - timedelta(weeks=_MIN_WEEKLY_WINDOW - 1))
    counts = weekly_counts(launches, shown_from - timedelta(weeks=52), end)
    baseline_4 = counts["total"].shift(1).rolling(4, min_periods=4).mean()
    baseline_52 = counts["total"].shift(1).rolling(52, min_periods=52).mean()
    visible = counts.index >= pd.Timestamp(shown_from - timedelta(days=shown_from.weekday()))
    counts, baseline_4, baseline_52 = counts[visible], baseline_4[visible], baseline_52[visible]

    fig = go.Figure()
    for missile_class in MISSILE_CLASSES:
        if missile_class in counts and counts[missile_class].any():
            fig.add_trace(
                go.Bar(
                    x=counts.index,
                    y=counts[missile_class],
                    name=missile_class,
                    marker_color=class_colour(missile_class),
                    customdata=counts[["week"]].to_numpy(),
                    hovertemplate="%{customdata[0]}: %{y} " + missile_class + "<extra></extra>",
                )
            )
    for series, name, dash in ((baseline_4, "4-week average", "dot"), (baseline_52, "52-week average", "dash")):
        fig.add_trace(
            go.Scatter(
                x=counts.index,
                y=series,
                name=name,
                mode="lines",
                line=dict(color="#333333", dash=dash, width=2),
                hovertemplate=name + ": %{y:.2f} per week<extra></extra>",
            )
        )
    fig.add_vrect(
        x0=pd.Timestamp(start) - pd.Timedelta(days=start.weekday()) - pd.Timedelta(days=3.5),
        x1=pd.Timestamp(end) + pd.Timedelta(days=3.5),
        fillcolor="#ffd54f",
        opacity=0.25,
        line_width=0,
        annotation_text="selected period",
        annotation_position="top left",
    )
    _figure_layout(fig, title=title, y_title="Missiles per ISO week", x_title="ISO week (KST, Monday)")
    fig.update_layout(barmode="stack", bargap=0.15)
    return fig

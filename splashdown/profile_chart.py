"""Side view of a flight on a true-scale curved Earth, with the minimum-energy flight at the same
burnout speed overlaid. One builder for the Trajectory page and the briefing export."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from splashdown.ballistics import EARTH_RADIUS_KM, Trajectory, minimum_energy_twin, reconstruct
from splashdown.palette import class_colour
from splashdown.vocabulary import NOT_REPORTED_CELL

EARTH_FILL = "rgba(196, 181, 150, 0.45)"
EARTH_LINE = "rgb(120, 105, 80)"
TWIN_COLOUR = "rgb(90, 90, 90)"
COMPARISON_COLOUR = "rgba(120, 120, 120, 0.55)"
MARGIN_SHARE = 0.06
NEAR_ORBITAL_Q = 0.96


def profile_figure(launch: Mapping | pd.Series, title: str | None = None) -> go.Figure:
    """The side view of one catalog launch (needs range_km and apogee_km)."""
    trajectory = reconstruct(float(launch["range_km"]), float(launch["apogee_km"]))
    label = f"{launch.get('missile') or 'unknown missile'}"
    date = launch.get("date_kst")
    if date is not None and not pd.isna(date):
        label += f", {pd.Timestamp(date):%d %b %Y}"
    return trajectory_figure(trajectory, label, str(launch.get("missile_class") or "unknown"), title=title)


def trajectory_figure(
    trajectory: Trajectory,
    label: str,
    missile_class: str = "unknown",
    comparisons: Sequence[tuple[str, Trajectory]] = (),
    title: str | None = None,
) -> go.Figure:
    """Flight, its minimum-energy twin and optional other flights, all from one launch point,
    drawn as altitude over a curved Earth with equal scales on both axes."""
    # Plotly reads a subset of HTML in titles and legend names; missile names are analysts' text.
    label = html.escape(label, quote=False)
    comparisons = [(html.escape(name, quote=False), flight) for name, flight in comparisons]
    twin = minimum_energy_twin(trajectory)
    drawn = [trajectory, *(flight for _, flight in comparisons)] + ([twin] if twin else [])
    span_angle = max(flight.range_km for flight in drawn) / EARTH_RADIUS_KM
    top = max(flight.apogee_km for flight in drawn)
    # Centre the view on the middle of the longest drawn flight so the Earth's curve is symmetric.
    centre = span_angle / 2.0
    fig = go.Figure()
    _add_earth(fig, centre, span_angle, top)
    for name, flight in comparisons:
        _add_flight(fig, flight, centre, name, COMPARISON_COLOUR, width=1.2, dash="dot")
    if twin is not None:
        _add_flight(
            fig, twin, centre,
            f"Minimum-energy flight at the same speed: {twin.range_km:,.0f} km, apogee {twin.apogee_km:,.0f} km",
            TWIN_COLOUR, width=1.6, dash="dash",
        )
    _add_flight(
        fig, trajectory, centre,
        f"{label}: {trajectory.range_km:,.0f} km, "
        f"apogee {trajectory.apogee_km:,.0f} km ({trajectory.trajectory_class})",
        class_colour(missile_class), width=3.0, dash="solid",
    )
    fig.update_layout(
        title=title or f"Flight profile: {label}",
        xaxis={"title": "km (true scale on both axes, Earth's curve included)", "zeroline": False},
        yaxis={"title": "km", "scaleanchor": "x", "scaleratio": 1, "zeroline": False},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        plot_bgcolor="white",
        hovermode="closest",
    )
    caveats = caveat_lines(trajectory)
    if caveats:
        fig.add_annotation(
            text="<br>".join(caveats), align="left",
            xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom", showarrow=False, font={"size": 12},
        )
    return fig


def caveat_lines(trajectory: Trajectory) -> list[str]:
    """What the reader must know before trusting the figure."""
    lines = []
    if trajectory.in_atmosphere:
        lines.append("Apogee under 100 km: vacuum model, rough guide")
    if trajectory.orbital:
        lines.append("Burnout speed at or above circular: no minimum-energy range (orbital boundary)")
    elif trajectory.speed_ratio > NEAR_ORBITAL_Q:
        lines.append("Burnout speed within 2 % of circular: the minimum-energy range hinges on the apogee's rounding")
    return lines


def _to_xy(downrange_km: np.ndarray, altitude_km: np.ndarray, centre: float) -> tuple[np.ndarray, np.ndarray]:
    angle = np.asarray(downrange_km) / EARTH_RADIUS_KM - centre
    radius = EARTH_RADIUS_KM + np.asarray(altitude_km)
    return radius * np.sin(angle), radius * np.cos(angle) - EARTH_RADIUS_KM


def _add_earth(fig: go.Figure, centre: float, span_angle: float, top_km: float) -> None:
    margin = max(span_angle * MARGIN_SHARE, top_km * 0.3 / EARTH_RADIUS_KM, 20.0 / EARTH_RADIUS_KM)
    angles = np.linspace(-centre - margin, span_angle - centre + margin, 241)
    surface_x = EARTH_RADIUS_KM * np.sin(angles)
    surface_y = EARTH_RADIUS_KM * np.cos(angles) - EARTH_RADIUS_KM
    depth = min(surface_y.min(), -0.08 * max(top_km, 50.0))
    fig.add_trace(
        go.Scatter(
            x=np.concatenate([surface_x, [surface_x[-1], surface_x[0]]]),
            y=np.concatenate([surface_y, [depth, depth]]),
            fill="toself", fillcolor=EARTH_FILL, line={"color": EARTH_LINE, "width": 1},
            name="Earth's surface (R = 6,371 km)", hoverinfo="skip",
        )
    )


def _add_flight(
    fig: go.Figure, flight: Trajectory, centre: float, name: str, colour: str, width: float, dash: str
) -> None:
    profile = flight.profile
    x, y = _to_xy(profile.downrange_km, profile.altitude_km, centre)
    fig.add_trace(
        go.Scatter(
            x=x, y=y, mode="lines", name=name, line={"color": colour, "width": width, "dash": dash},
            customdata=np.stack([profile.downrange_km, profile.altitude_km, profile.time_s / 60.0], axis=1),
            hovertemplate="%{customdata[0]:,.0f} km downrange<br>%{customdata[1]:,.0f} km altitude"
            "<br>%{customdata[2]:.1f} min after burnout<extra></extra>",
        )
    )


def flight_time_label(seconds: float) -> str:
    if not math.isfinite(seconds):
        return NOT_REPORTED_CELL
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s"

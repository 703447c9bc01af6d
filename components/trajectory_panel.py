"""Streamlit pieces for the Trajectory page: the flight picker (a catalog launch, with any agency's
range/apogee pair, or a typed what-if), the reconstruction's figures, the splashdown summary, the
profile chart and its downloads, the rotating-Earth reach and other flights of the same missile."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.downloads import figure_downloads
from components.loaders import all_claims, all_launches, data_as_of
from splashdown import assessment, ballistics, geometry, reach
from splashdown.ballistics import Trajectory
from splashdown.export_figures import build_context
from splashdown.profile_chart import caveat_lines, flight_time_label, trajectory_figure
from splashdown.vocabulary import FIGURE_BOUNDS, UNNAMED_MISSILE

_MAX_COMPARISONS = 6


@dataclass(frozen=True)
class Subject:
    """The flight the Trajectory page is about: a catalog launch or a typed what-if."""

    trajectory: Trajectory
    label: str
    missile: str
    missile_class: str
    site_name: str
    lat: float
    lon: float
    basis: str
    launch_id: str = ""
    bearing_deg: float = math.nan
    bearing_basis: str = ""
    impact_area: str = "unknown"


def _launch_label(row: pd.Series) -> str:
    return (f"{row['date_kst']:%Y-%m-%d} · {row['missile']} · {row['range_km']:,.0f} km range, "
            f"{row['apogee_km']:,.0f} km apogee · {row['launch_id']}")


def choose_subject(launches: pd.DataFrame, all_sites: pd.DataFrame) -> Subject | None:
    """A launch from the filtered ones (with range and apogee) or a typed what-if."""
    reconstructible = launches[launches["range_km"].notna() & launches["apogee_km"].notna() & launches["lat"].notna()]
    mode = st.segmented_control(
        "Flight", ["A launch in the current filters", "What-if: type range and apogee"],
        default="A launch in the current filters", key="trajectory_mode",
    )
    if mode == "What-if: type range and apogee":
        return _what_if(all_sites)
    if reconstructible.empty:
        st.info("No launch in the current filters has both a range and an apogee. Widen the period in the "
                "sidebar, or switch to a what-if.")
        return None
    ordered = reconstructible.sort_values(["date_kst", "launch_id"], ascending=[False, True])
    labels = {row.launch_id: _launch_label(row) for _, row in ordered.iterrows()}
    launch_id = st.selectbox("Launch", list(labels), format_func=labels.__getitem__, key="trajectory_launch")
    row = ordered.set_index("launch_id").loc[launch_id]
    pairs = agency_pairs(all_claims(), launch_id, row["event_id"])
    headline = f"Headline figures ({row['confirmation'] or 'unattributed'})"
    choice = st.selectbox(
        "Range and apogee from", [headline, *pairs], key="trajectory_pair",
        format_func=lambda option: option if option == headline else
        f"{option}: {pairs[option][0]:,.0f} km range, {pairs[option][1]:,.0f} km apogee",
        help="Each agency that stated both a range and an apogee for this launch (its latest statement; "
        "a bound such as 'at least 650 km' is not a figure).",
    )
    range_km, apogee_km = (row["range_km"], row["apogee_km"]) if choice == headline else pairs[choice]
    trajectory = ballistics.reconstruct(range_km, apogee_km)
    agency = row["confirmation"] or "an unattributed source" if choice == headline else choice
    basis = (f"range {range_km:,.0f} km and apogee {apogee_km:,.0f} km as reported by "
             f"{agency} ({row['sources'] or 'no source given'})")
    if row["notes"]:
        basis += f"; other figures: {row['notes']}"
    return Subject(trajectory, f"{row['missile']}, {row['date_kst']:%d %b %Y}", row["missile"], row["missile_class"],
                   row["site_name"], float(row["lat"]), float(row["lon"]), basis, launch_id,
                   float(row["bearing_deg"]), row["bearing_basis"], row["impact_area"])


def agency_pairs(claims: pd.DataFrame, launch_id: str, event_id: str) -> dict[str, tuple[float, float]]:
    """agency -> (range km, apogee km): each agency's latest stated figures for this launch (or its
    salvo, when the statement is about the whole event), for agencies that gave both."""
    mine = (claims["launch_id"] == launch_id) | ((claims["launch_id"] == "") & (claims["event_id"] == event_id))
    figures = claims["field"].isin(["range_km", "apogee_km"])
    figures &= claims["bound"].isin(FIGURE_BOUNDS)
    about = claims[mine & figures]
    about = about.assign(km=pd.to_numeric(about["value"], errors="coerce")).dropna(subset=["km"])
    latest = about.sort_values(["published", "citation"]).groupby(["agency", "field"])["km"].last().unstack()
    if not {"range_km", "apogee_km"} <= set(latest.columns):
        return {}
    both = latest.dropna(subset=["range_km", "apogee_km"])
    both = both[(both["apogee_km"] > 0) & (both["range_km"] >= 0)]
    return {str(agency): (float(pair["range_km"]), float(pair["apogee_km"])) for agency, pair in both.iterrows()}


def _what_if(all_sites: pd.DataFrame) -> Subject | None:
    range_column, apogee_column, site_column = st.columns(3)
    range_km = range_column.number_input("Range (km)", min_value=0.0, value=450.0, step=10.0, key="whatif_range")
    apogee_km = apogee_column.number_input("Apogee (km)", min_value=0.0, value=60.0, step=10.0, key="whatif_apogee")
    ordered_sites = all_sites.sort_values("name")
    site_names = dict(zip(ordered_sites["site_id"], ordered_sites["name"]))
    site_id = site_column.selectbox(
        "Launch site (for the rotating-Earth reach)", ordered_sites["site_id"].tolist(),
        index=_default_site(ordered_sites), format_func=site_names.__getitem__,
        key="whatif_site",
    )
    try:
        trajectory = ballistics.reconstruct(range_km, apogee_km)
    except ValueError as error:
        st.error(f"Cannot reconstruct that flight: {error}.")
        return None
    site = ordered_sites.set_index("site_id").loc[site_id]
    return Subject(trajectory, f"What-if {range_km:,.0f} km / {apogee_km:,.0f} km", "", "unknown", site["name"],
                   float(site["lat"]), float(site["lon"]),
                   f"range {range_km:,.0f} km and apogee {apogee_km:,.0f} km as typed")


def _default_site(ordered_sites: pd.DataFrame) -> int:
    names = ordered_sites["name"].str.lower().tolist()
    for index, name in enumerate(names):
        if "sunan" in name or "pyongyang" in name:
            return index
    return 0


def trajectory_figures(subject: Subject) -> None:
    flight = subject.trajectory
    speed, angle, time_of_flight, met_range, kind = st.columns(5)
    speed.metric("Burnout speed", f"{flight.burnout_speed_km_s:.2f} km/s",
                 help=f"{flight.speed_ratio:.3f} of the squared circular speed at the surface (Q).")
    angle.metric("Flight-path angle", f"{flight.flight_path_angle_deg:.1f}°",
                 help=f"Minimum-energy angle at this speed: {flight.met_angle_deg:.1f}°.")
    time_of_flight.metric("Time of flight", flight_time_label(flight.time_of_flight_s),
                          help="Burnout to impact in the vacuum model; powered flight is not included.")
    met_range.metric("Minimum-energy range", "∞ (orbital)" if flight.orbital else f"{flight.met_range_km:,.0f} km",
                     help="The range at the same burnout speed on the minimum-energy trajectory.")
    kind.metric("Trajectory", flight.trajectory_class,
                help="Minimum-energy: range ≥ 97 % of the minimum-energy range; lofted: steeper than the "
                "minimum-energy angle; depressed: flatter.")
    # The basis quotes analysts' figures and sources: plain text, never markdown.
    st.text(f"Basis: {subject.basis}. Keplerian reconstruction: vacuum, spherical non-rotating Earth "
            "(R = 6,371 km), launch and impact at sea level, burnout taken at the surface.")
    for line in caveat_lines(flight):
        st.warning(line + _caveat_detail(flight, line))


def splashdown_summary(subject: Subject) -> None:
    """Where a catalog launch is estimated to have come down, and how that was placed."""
    if not subject.launch_id:
        return
    if subject.missile_class in geometry.NOT_BALLISTIC:
        st.caption("Cruise missiles fly patterns: the distance flown does not place where this one came down.")
        return
    estimate = geometry.estimate_splashdown(
        subject.lat, subject.lon, subject.trajectory.range_km, subject.bearing_deg, subject.bearing_basis,
        subject.impact_area,
    )
    if estimate is None:
        st.caption("No splashdown estimate: the catalog gives neither a bearing nor a sea to place one.")
        return
    fan = (f"; bearings from {estimate.fan_bearings[0]:.0f}° to {estimate.fan_bearings[1]:.0f}° reach the "
           f"{subject.impact_area} at this range" if estimate.fan_bearings else "")
    flight = pd.DataFrame([{
        "launch_id": subject.launch_id, "lat": subject.lat, "lon": subject.lon, "range_km": subject.trajectory.range_km,
        "bearing_deg": subject.bearing_deg, "bearing_basis": subject.bearing_basis, "impact_area": subject.impact_area,
        "missile_class": subject.missile_class,
    }])
    judged = assessment.assess_launches(flight).iloc[0]
    st.caption(
        f"Estimated splashdown: {estimate.lat:.2f}° N, {estimate.lon:.2f}° E, bearing {estimate.bearing_deg:.0f}° "
        f"from {subject.site_name} ({estimate.basis}{fan}). {assessment.describe(judged)} " + geometry.EEZ_NOTE
    )


def _caveat_detail(flight: Trajectory, line: str) -> str:
    if line.startswith("Apogee under 100 km"):
        return (": the flight stayed in the atmosphere, where drag, lift and manoeuvres (depressed, pull-up or "
                "gliding flights) shape it; treat speed, angle and reach as indicative.")
    if flight.orbital:
        return (". At this speed no ballistic range limit exists; recent ICBM apogees sit at this boundary and the "
                "rounding of a reported apogee decides which side a flight falls.")
    return f" (Q = {flight.speed_ratio:.3f}); a slightly lower reported apogee would shorten it by thousands of km."


def comparison_flights(launches_any_date: pd.DataFrame, subject: Subject) -> pd.DataFrame:
    """Other flights of the same missile with both figures, newest first."""
    if not subject.missile or subject.missile == UNNAMED_MISSILE:
        return launches_any_date.iloc[0:0]
    same = launches_any_date[
        (launches_any_date["missile"] == subject.missile)
        & (launches_any_date["launch_id"] != subject.launch_id)
        & launches_any_date["range_km"].notna()
        & launches_any_date["apogee_km"].notna()
    ]
    return same.sort_values(["date_kst", "launch_id"], ascending=[False, True])


def profile_chart(subject: Subject, others: pd.DataFrame) -> go.Figure:
    comparisons = [
        (f"{row.missile}, {row.date_kst:%d %b %Y}: {row.range_km:,.0f} km / {row.apogee_km:,.0f} km",
         ballistics.reconstruct(row.range_km, row.apogee_km))
        for row in others.head(_MAX_COMPARISONS).itertuples(index=False)
    ]
    fig = trajectory_figure(subject.trajectory, subject.label, subject.missile_class, comparisons)
    st.plotly_chart(fig, key="trajectory_profile", width="stretch")
    return fig


def comparison_table(others: pd.DataFrame, subject: Subject) -> None:
    if others.empty:
        st.caption("No other flight of this missile type has both a range and an apogee in the catalog."
                   if subject.missile else "A what-if has no missile type to compare with.")
        return
    solved = ballistics.reconstruct_many(others["range_km"], others["apogee_km"])
    table = pd.DataFrame(
        {
            "Date (KST)": others["date_kst"].dt.strftime("%Y-%m-%d"),
            "Launch": others["launch_id"],
            "Range (km)": others["range_km"],
            "Apogee (km)": others["apogee_km"],
            "Burnout speed (km/s)": solved["burnout_speed_km_s"].round(2),
            "Flight-path angle (°)": solved["flight_path_angle_deg"].round(1),
            "Min-energy range (km)": solved["met_range_km"].map(
                lambda km: "∞ (orbital)" if math.isinf(km) else f"{km:,.0f}"
            ),
            "Trajectory": solved["trajectory_class"],
            "Figures from": others["confirmation"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if len(others) > _MAX_COMPARISONS:
        st.caption(f"The chart overlays the {_MAX_COMPARISONS} most recent of these {len(others)} flights.")


@st.cache_data(show_spinner="Integrating on a rotating Earth…", max_entries=64)
def _targets(lat: float, lon: float, range_km: float, apogee_km: float) -> pd.DataFrame:
    return reach.targets_in_reach(lat, lon, ballistics.reconstruct(range_km, apogee_km))


@st.cache_data(show_spinner=False, max_entries=256)
def _toward(lat: float, lon: float, range_km: float, apogee_km: float, azimuth: float) -> reach.Flight:
    return reach.reach_toward(lat, lon, ballistics.reconstruct(range_km, apogee_km), azimuth)


def _km(value: float) -> str:
    if math.isinf(value):
        return "escapes / beyond half the globe"
    return f"{max(value, 0.0):,.0f} km"


def rotating_earth_reach(subject: Subject) -> None:
    flight = subject.trajectory
    st.caption(
        f"Beyond the plain figure: the same burnout state ({flight.burnout_speed_km_s:.2f} km/s at "
        f"{flight.flight_path_angle_deg:.1f}° to the ground) launched from {subject.site_name} on a rotating Earth, "
        "integrated step by step (gravity, Coriolis, centrifugal; still vacuum and spherical). "
        "'Best angle' keeps the speed and searches the flight-path angle in 2° steps: what the same missile could "
        "reach if flown for range rather than lofted. Payload, re-entry and guidance are not modelled."
    )
    targets = _targets(subject.lat, subject.lon, flight.range_km, flight.apogee_km)
    table = pd.DataFrame(
        {
            "Target": targets["name"],
            "Distance": targets["distance_km"].map(_km),
            "Reach as flown": targets["reach_km"].map(_km),
            "Inside as flown": targets["inside"].map({True: "yes", False: "no"}),
            "Reach at best angle": targets["best_reach_km"].map(_km),
            "Best angle": targets["best_angle_deg"].map(lambda deg: f"{deg:.0f}°"),
            "Inside at best angle": targets["inside_at_best"].map({True: "yes", False: "no"}),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    inside = targets.loc[targets["inside_at_best"], "name"].tolist()
    st.caption("Inside at the best angle: " + (", ".join(inside) if inside else "none of the reference targets") + ".")
    azimuth = st.slider("Or toward an azimuth (° from north)", 0, 359, 90, key="trajectory_azimuth")
    toward = _toward(subject.lat, subject.lon, flight.range_km, flight.apogee_km, float(azimuth))
    plain = f"{flight.range_km:,.0f} km"
    if toward.orbital:
        st.metric(f"Reach toward {azimuth}°, rotating Earth", "escapes", f"plain figure {plain}", delta_color="off")
    else:
        st.metric(f"Reach toward {azimuth}°, rotating Earth", _km(toward.range_km),
                  f"{toward.range_km - flight.range_km:+,.0f} km vs the plain figure ({plain})", delta_color="off",
                  help=f"Time of flight {flight_time_label(toward.time_of_flight_s)}; impact at "
                  f"{toward.impact_lat:.2f}°, {toward.impact_lon:.2f}°.")


def profile_exports(fig: go.Figure, subject: Subject) -> None:
    everything = all_launches()
    context = build_context(
        everything[everything["launch_id"] == subject.launch_id],
        title=f"Flight profile: {subject.label}", filter_summary=subject.basis,
        data_date=data_as_of(),
    )
    figure_downloads(fig, context, name="profile", key="profile_downloads")

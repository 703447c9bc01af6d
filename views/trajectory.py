"""Trajectory: one flight reconstructed from its range and apogee, its reach, and its siblings."""

import streamlit as st

from components.filters import current_filters
from components.loaders import all_launches, filtered_launches, sites
from components.trajectory_panel import (
    choose_subject,
    comparison_flights,
    comparison_table,
    profile_chart,
    profile_exports,
    rotating_earth_reach,
    splashdown_summary,
    trajectory_figures,
)
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Trajectory")
st.text(describe(filters))
subject = choose_subject(launches, sites())
if subject is not None:
    trajectory_figures(subject)
    splashdown_summary(subject)
    others = comparison_flights(all_launches(), subject)
    profile_exports(profile_chart(subject, others), subject)
    st.subheader("Rotating-Earth reach")
    rotating_earth_reach(subject)
    st.subheader("Other flights of the same missile")
    if subject.missile:
        st.text(subject.missile)
    comparison_table(others, subject)

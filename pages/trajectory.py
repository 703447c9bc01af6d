"""Trajectory: one flight reconstructed from its range and apogee, its reach, and its siblings."""

import streamlit as st

from components.downloads import figure_downloads
from components.filters import current_filters
from components.loaders import all_launches, filtered_launches, sites
from components.map_panel import (
    choose_subject,
    comparison_flights,
    comparison_table,
    profile_chart,
    rotating_earth_reach,
    trajectory_figures,
)
from splashdown.export_figures import build_context, data_date
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Trajectory")
st.caption(describe(filters))
subject = choose_subject(launches, sites())
if subject is not None:
    trajectory_figures(subject)
    others = comparison_flights(all_launches(), subject)
    fig = profile_chart(subject, others)
    context = build_context(
        launches, title=f"Flight profile: {subject.label}", filter_summary=subject.basis,
        catalog_date=data_date(all_launches()),
    )
    figure_downloads(fig, context, name="profile", key="profile_downloads")
    st.subheader("Rotating-Earth reach")
    rotating_earth_reach(subject)
    st.subheader(f"Other flights of the {subject.missile or 'same missile'}")
    comparison_table(others, subject)

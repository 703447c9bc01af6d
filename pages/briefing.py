"""Briefing: the pack for the current filters in one click, and every chart and the data as files."""

import streamlit as st

from components.downloads import (
    briefing_charts,
    data_downloads,
    export_context,
    pack_downloads,
    pack_summary,
    period_stem,
)
from components.filters import current_filters
from components.loaders import filtered_launches
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Briefing")
st.caption(describe(filters))

st.subheader("Briefing pack")
pack_summary(launches, filters)
pack_downloads(filters, name=f"briefing-{period_stem(filters)}", key="pack")

st.subheader("Charts")
briefing_charts(launches, filters)

st.subheader("Data")
context = export_context(launches, filters, "Launches and team notes")
data_downloads(
    launches,
    {"title": context.title, "filters": context.filter_summary, "data as of": context.data_date,
     "sources": context.source_line, "marking": context.marking or "none"},
    name=f"launches-{period_stem(filters)}",
    key="data",
)

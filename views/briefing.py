"""Briefing: the pack for the current filters in one click, and every chart and the data as files."""

import streamlit as st

from components.downloads import briefing_charts, data_downloads, pack_downloads, pack_summary
from components.filters import current_filters
from components.loaders import filtered_launches
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Briefing")
st.text(describe(filters))

st.subheader("Briefing pack")
pack_summary(launches, filters)
pack_downloads(filters, key="pack")

st.subheader("Charts")
briefing_charts(launches, filters)

st.subheader("Data")
data_downloads(launches, filters, key="data")

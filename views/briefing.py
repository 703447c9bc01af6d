"""Briefing: the bottom line to edit, the pack's sections to choose, then the pack, every chart and the data
as files."""

import streamlit as st

from components.bottom_line import bottom_line_editor
from components.downloads import briefing_charts, data_downloads, pack_choices, pack_downloads, pack_summary
from components.filters import current_filters
from components.loaders import launch_history
from splashdown.filters import describe, period_bounds

filters = current_filters()
history = launch_history(filters)
launches = history.between(*period_bounds(filters))

st.title("Briefing")
st.text(describe(filters))

st.subheader("Bottom line")
title, bottom_line = bottom_line_editor(history, filters)

st.subheader("Briefing pack")
options = pack_choices(launches, filters, title=title, bottom_line=bottom_line)
pack_summary(launches, filters, options)
pack_downloads(filters, options, key="pack")

st.subheader("Charts")
briefing_charts(launches, filters)

st.subheader("Data")
data_downloads(launches, filters, key="data")

"""Overview: what happened in the selected period, compared with the period before it."""

import streamlit as st

from components.filters import current_filters
from components.loaders import filtered_launches
from components.overview import empty_period_notice, headline_figures, timeline_panel, weekly_panel
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Overview")
st.text(describe(filters))
headline_figures(filters)
if launches.empty:
    empty_period_notice(filters)
timeline_panel(launches, filters)
weekly_panel(filters)

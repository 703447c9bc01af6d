"""Overview: what happened in the selected period, compared with the period before it."""

import streamlit as st

from components.bottom_line import bottom_line_panel
from components.filters import current_filters, period_controls
from components.loaders import launch_history
from components.overview import empty_period_notice, headline_figures, timeline_panel, weekly_panel
from splashdown.filters import describe, period_bounds


@st.fragment(key="overview")
def overview() -> None:
    """The page with the sidebar's period controls: stepping through weeks reruns only these."""
    period_controls()
    filters = current_filters()
    history = launch_history(filters)
    launches = history.between(*period_bounds(filters))

    st.text(describe(filters))
    bottom_line_panel(history, filters)
    headline_figures(history, filters)
    if launches.empty:
        empty_period_notice(history, filters)
    timeline_panel(launches, filters)
    weekly_panel(history, filters)


st.title("Overview")
overview()

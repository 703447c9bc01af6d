"""Map: where the selected launches came from and where they are estimated to have come down."""

import streamlit as st

from components.filters import current_filters, period_controls
from components.loaders import filtered_launches
from components.map_panel import (
    empty_map_notice,
    estimate_note,
    map_controls,
    map_data,
    map_exports,
    map_legend,
)
from components.map_playback import map_player
from splashdown.filters import describe


@st.fragment(key="map")
def map_page() -> None:
    """The page with the sidebar's period controls: stepping through weeks reruns only these."""
    period_controls()
    filters = current_filters()
    launches = filtered_launches(filters)

    st.title("Map")
    st.text(describe(filters))
    options = map_controls()
    shapes = map_data(launches, options)
    map_player(launches, shapes, filters)
    if launches.empty:
        empty_map_notice()
    else:
        map_legend(launches, shapes)
        estimate_note(launches, shapes)
        map_exports(launches, shapes, filters)


map_page()

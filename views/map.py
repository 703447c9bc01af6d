"""Map: where the selected launches came from and where they are estimated to have come down."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.filters import current_filters, period_controls
from components.loaders import filtered_launches
from components.map_panel import (
    empty_map_notice,
    map_controls,
    map_data,
    map_exports,
    map_legend,
)
from components.map_playback import map_player
from splashdown.filters import describe
from splashdown.maps import MapOptions


@st.fragment(key="map")
def map_page(period_words: DeltaGenerator, options: MapOptions) -> None:
    """The page with the sidebar's period controls: stepping through weeks reruns only these (the
    title and the map controls, which no step changes, are drawn once by the page's full run)."""
    period_controls()
    filters = current_filters()
    launches = filtered_launches(filters)

    with period_words:
        st.text(describe(filters))
    shapes = map_data(launches, options)
    map_player(launches, shapes, filters)
    if launches.empty:
        empty_map_notice()
    else:
        map_legend(launches, shapes)
        map_exports(launches, shapes, filters)


st.title("Map")
period_words = st.container()
map_page(period_words, map_controls())

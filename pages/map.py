"""Map: where the selected launches came from and where they are estimated to have come down."""

import streamlit as st

from components.downloads import map_downloads
from components.filters import current_filters
from components.loaders import all_launches, filtered_launches
from components.map_panel import empty_map_notice, estimate_note, launch_deck, map_chart, map_controls, map_legend
from splashdown.export_figures import build_context, data_date
from splashdown.filters import describe
from splashdown.static_map import static_map_figure

filters = current_filters()
launches = filtered_launches(filters)

st.title("Map")
st.caption(describe(filters))
options = map_controls()
deck = launch_deck(launches, options)
if launches.empty:
    empty_map_notice()
map_chart(deck)
if not launches.empty:
    map_legend(launches)
    estimate_note(launches, deck)
    context = build_context(
        launches, title="Launch origins and estimated splashdowns", filter_summary=describe(filters),
        catalog_date=data_date(all_launches()),
    )
    map_downloads(static_map_figure(launches), deck, context, name="map", key="map_downloads")

"""Splashdown entry point: page set-up, the shared sidebar filters and notices, navigation."""

from pathlib import Path

import streamlit as st

from components.filters import render_sidebar_filters
from components.notices import notes_database_notice, rejected_launches_notice, stop_unless_catalog_loads

st.set_page_config(page_title="Splashdown", page_icon=str(Path(__file__).parent / "assets" / "icon.png"), layout="wide")

OVERVIEW = st.Page("views/overview.py", title="Overview", icon=":material/timeline:", default=True)
MAP = st.Page("views/map.py", title="Map", icon=":material/map:")
PAGES = [
    OVERVIEW,
    st.Page("views/launches.py", title="Launches", icon=":material/table_rows:"),
    MAP,
    st.Page("views/trajectory.py", title="Trajectory", icon=":material/rocket_launch:"),
    st.Page("views/add_launch.py", title="Add a launch", icon=":material/add_location_alt:"),
    st.Page("views/briefing.py", title="Briefing", icon=":material/slideshow:"),
]

navigation = st.navigation(PAGES)
stop_unless_catalog_loads()
# The Overview and the Map draw the period controls in their own fragment: a week step reruns only the page.
render_sidebar_filters(period_controls_by_page=navigation in (OVERVIEW, MAP))
notes_database_notice()
rejected_launches_notice()
navigation.run()

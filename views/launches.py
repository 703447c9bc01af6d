"""Launches: the filtered launches as a table; open one for its figures, sources and team notes."""

import streamlit as st

from components.annotations import annotation_thread
from components.filters import current_filters
from components.launches import launch_detail, launch_picker, launch_table
from components.loaders import filtered_launches
from splashdown.filters import describe

filters = current_filters()
launches = filtered_launches(filters)

st.title("Launches")
st.text(describe(filters))
launch_table(launches)
selected = launch_picker(launches)
if selected is not None:
    launch_detail(selected)
    annotation_thread(selected["launch_id"])

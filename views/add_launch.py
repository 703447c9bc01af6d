"""Add a launch: from a pasted news report (a prefilled draft to check and save) or from a CSV file."""

import streamlit as st

from components.identity import identity_panel
from components.launch_form import csv_import, draft_editor, report_reader

st.title("Add a launch")
author = identity_panel()
from_report, from_file = st.tabs(["From a report", "From a CSV file"])
with from_report:
    drafts = report_reader()
    draft_editor(drafts, author)
with from_file:
    csv_import(author)

"""Notices every page shows above its content."""

from __future__ import annotations

import streamlit as st

from components.loaders import notes_database_problem


def notes_database_notice() -> None:
    """Say plainly when notes cannot be read or saved, instead of failing each page."""
    problem = notes_database_problem()
    if problem is None:
        return
    st.warning(
        "Team notes and analyst-added launches are unavailable: the catalog is shown without them "
        "until the notes database answers again.",
        icon=":material/cloud_off:",
    )
    st.text(problem)

"""Notices every page shows above its content."""

from __future__ import annotations

import streamlit as st

from components.loaders import catalog_claims, catalog_launches, notes_database_problem, sites
from splashdown.catalog import CatalogError


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


def stop_unless_catalog_loads() -> None:
    """A bad hand edit of the curated files is named row by row, and nothing else is drawn."""
    try:
        sites()
        catalog_launches()
        catalog_claims()
    except CatalogError as error:
        st.error(
            "The curated catalog in the data directory does not pass validation, so no page can be "
            "shown. Fix the rows below (see data/SOURCES.md) and reload.",
            icon=":material/dataset:",
        )
        st.text(str(error))
        st.stop()

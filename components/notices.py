"""Notices every page shows above its content."""

from __future__ import annotations

import streamlit as st

from components.launches import correction_form, withdraw_action
from components.loaders import check_catalog, notes_database_problem, rejected_added_launches
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


def rejected_launches_notice() -> None:
    """Name each saved analyst-added launch that no longer validates, and let its author remove it.

    The catalog and every other analyst-added launch are shown as usual; only the named ones are
    left out, here and in every export, until they are removed (and added again, corrected).
    """
    rejected = rejected_added_launches()
    if not rejected:
        return
    st.warning(
        f"{len(rejected)} analyst-added launch(es) no longer pass the catalog's rules (the curated "
        "sites or rules changed since they were saved), so every page and export leaves them out. "
        "Its author or an admin can correct or remove each one here.",
        icon=":material/rule:",
    )
    for launch in rejected:
        st.text(launch.describe())
        withdraw_action(launch.launch_id, launch.added_by, label=f"Remove {launch.launch_id}")
        correction_form(launch)


def stop_unless_catalog_loads() -> None:
    """A bad hand edit of the curated files is named row by row, and nothing else is drawn."""
    try:
        check_catalog()
    except CatalogError as error:
        st.error(
            "The curated catalog in the data directory does not pass validation, so no page can be "
            "shown. Fix the rows below (see data/SOURCES.md) and reload.",
            icon=":material/dataset:",
        )
        st.text(str(error))
        st.stop()

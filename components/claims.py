"""One launch's claims: what each agency said about each figure, and which claim the headline uses.

Used by the Launches detail for catalog launches and, with the claims an analyst saved, for
analyst-added launches. Everything is drawn in a dataframe or with `st.text`, never as markdown.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from splashdown import claims as rule
from splashdown.vocabulary import AGENCIES, CLAIM_FIELDS, FIGURE_BOUNDS, FIGURE_FIELDS

_URL = re.compile(r"https?://[^\s|)]+")
_FIELD_ORDER = {field: i for i, field in enumerate(CLAIM_FIELDS)}
_COLUMNS = {
    "Figure": st.column_config.TextColumn("Figure"),
    "Agency": st.column_config.TextColumn("Agency"),
    "Claim": st.column_config.TextColumn("Claim"),
    "Stated": st.column_config.TextColumn("Stated on"),
    "Headline": st.column_config.TextColumn("Headline"),
    "Citation": st.column_config.TextColumn("Citation", width="large"),
    "Link": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
}


def claims_rows(launch_id: str, event_id: str, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims about one launch (its own and its event's), one row each, with the headline marked."""
    mine = rule.applying_to(claims, launch_id, event_id)
    if mine.empty:
        return pd.DataFrame(columns=list(_COLUMNS))
    records = mine.to_dict("records")
    used = {chosen for field in CLAIM_FIELDS if (chosen := rule.headline_of(records, field)) is not None}
    marks = {field: rule.mark_of(records, field) for field in (*FIGURE_FIELDS, "count")}
    rows = []
    for index, claim in enumerate(records):
        field = str(claim["field"])
        bound_only = claim["bound"] not in FIGURE_BOUNDS
        headline = "✓ headline" if index in used else ("bound, not a figure" if bound_only else "")
        link = _URL.search(str(claim["citation"]))
        rows.append({
            "_order": (_FIELD_ORDER.get(field, 99),
                       AGENCIES.index(claim["agency"]) if claim["agency"] in AGENCIES else 99, index),
            "Figure": rule.FIELD_LABELS.get(field, field) + (f" ({marks[field]})" if marks.get(field) else ""),
            "Agency": claim["agency"],
            "Claim": rule.describe(claim["value"], str(claim["bound"]), claim["low"], claim["high"], field),
            "Stated": claim["published"] or "undated",
            "Headline": headline,
            "Citation": claim["citation"],
            "Link": link.group(0) if link else None,
        })
    table = pd.DataFrame(rows).sort_values("_order").drop(columns="_order")
    return table.reset_index(drop=True)


def claims_panel(launch_id: str, event_id: str, claims: pd.DataFrame) -> None:
    """What each agency said about this launch, the headline claim marked; an empty state otherwise."""
    st.markdown("**What each agency said**")
    table = claims_rows(launch_id, event_id, claims)
    if table.empty:
        st.text("No agency claims are recorded for this launch.")
        return
    st.dataframe(table, column_config=_COLUMNS, hide_index=True, width="stretch", key=f"claims_{launch_id}")
    st.caption(
        "Headline figures follow one rule: ROK JCS, then Japan MoD, then the US government, then the "
        "compilations (CNS/NTI, nagix), then media, then KCNA; the winning agency's latest statement; "
        "a bound (\"650 km or more\") is never a headline figure. \"disputed\": the agencies' figures "
        "differ by more than 10 %. \"KCNA only\": no other agency gives a figure."
    )

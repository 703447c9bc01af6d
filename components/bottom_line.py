"""The bottom line up front: the drafted summary on the Overview, and its editor on the Briefing page.

Missile and site names in the text may be analysts' own: on the Overview the title and the
sentences are escaped HTML text, never markup. An edit on the Briefing page lives in
the session only (keyed by the view), goes into the pack, and never reaches the catalog.
"""

from __future__ import annotations

import html

import streamlit as st

from components.loaders import all_claims
from splashdown.bottom_line import BottomLine, draft
from splashdown.filters import Filters, period_bounds
from splashdown.history import LaunchHistory
from splashdown.pack_slides import BOTTOM_LINE_MAX_CHARS


def drafted_bottom_line(history: LaunchHistory, filters: Filters) -> BottomLine:
    start, end = period_bounds(filters)
    return draft(history.between(start, end), history.launches, history.first_flights, start, end,
                 week=bool(filters.week), claims=all_claims())


def bottom_line_panel(history: LaunchHistory, filters: Filters) -> None:
    """The period in two to four sentences, above everything else on the Overview."""
    st.html(bottom_line_html(drafted_bottom_line(history, filters)))


def bottom_line_html(summary: BottomLine) -> str:
    """The boxed title and sentences as one element: a week step re-sends and redraws one element
    instead of a box, a heading and a text (each costs the browser a few ms, changed or not)."""
    return ('<section class="bottom-line" aria-label="Bottom line" style="border:1px solid rgba(128,128,128,0.3);'
            'border-radius:0.5rem;padding:1rem;margin-bottom:0.5rem">'
            f'<h3 class="title" style="margin:0 0 0.5rem;padding:0">{html.escape(summary.title)}</h3>'
            f'<div class="text" style="white-space:pre-wrap">{html.escape(summary.text)}</div></section>')


def bottom_line_editor(history: LaunchHistory, filters: Filters) -> tuple[str, str]:
    """The drafted title and text, editable for the pack; returns what the pack should say."""
    summary = drafted_bottom_line(history, filters)
    # Keyed by the view and the draft: another period, or a catalog change, starts from its own draft.
    key = f"bottom_line::{filters.key}::{hash((summary.title, summary.text))}"
    title = st.text_input("Title of the first slide", value=summary.title, key=f"{key}::title", max_chars=160)
    text = st.text_area(
        "Bottom line (two to four sentences)",
        value=summary.text,
        key=f"{key}::text",
        height=140,
        max_chars=BOTTOM_LINE_MAX_CHARS,
        help="Drafted from the data for this view. Your edit goes into the pack you download here, "
        "not into the catalog; reload the page for the draft again.",
    )
    if (title, text) != (summary.title, summary.text):
        st.caption("Edited: the pack uses your wording.")
        st.button("Back to the drafted bottom line", key=f"{key}::reset", on_click=_forget, args=(key,),
                  icon=":material/undo:")
    return title.strip() or summary.title, text.strip() or summary.text


def _forget(key: str) -> None:
    for field in ("title", "text"):
        st.session_state.pop(f"{key}::{field}", None)

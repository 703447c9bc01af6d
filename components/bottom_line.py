"""The bottom line up front: the drafted summary on the Overview, and its editor on the Briefing page.

Missile and site names in the text may be analysts' own: the title is drawn with Markdown's
special characters escaped, the sentences with ``st.text``. An edit on the Briefing page lives in
the session only (keyed by the view), goes into the pack, and never reaches the catalog.
"""

from __future__ import annotations

import streamlit as st

from components.loaders import all_claims
from components.plain_text import plain_markdown
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
    summary = drafted_bottom_line(history, filters)
    with st.container(border=True, key="bottom_line"):
        st.subheader(plain_markdown(summary.title), anchor=False)
        st.text(summary.text)


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

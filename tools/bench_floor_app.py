"""Streamlit's floor for the browser benchmark: a button that changes one line of text.

Whatever a click on it costs from the click to the settled page (a websocket round trip, a
script run, React's update) is what any Streamlit page pays; the benchmark reports the app's
steps beside it.
"""

import streamlit as st

st.session_state.setdefault("step", 0)


def _next() -> None:
    st.session_state.step += 1


st.button("Next ▶", on_click=_next)
st.text(f"Step {st.session_state.step}")

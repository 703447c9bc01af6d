"""Japan's EEZ and overflight, as the Launches page shows them: each flight judged once, then remembered.

Estimating a splashdown is per launch Python work (about a millisecond), so a table of tens of
thousands of launches judges only the flights that could reach Japan (range of at least
REACH_KM), newest first and at most MAX_JUDGED of them; the caption says when others were left.
"""

from __future__ import annotations

import math
from typing import cast

import pandas as pd
import streamlit as st

from splashdown import assessment

REACH_KM = 250.0
MAX_JUDGED = 2000
_COLUMNS = ("launch_id", "date_kst", "lat", "lon", "range_km", "bearing_deg", "bearing_basis", "impact_area",
            "missile_class")


# Enough for every long-range flight a few analysts browse at 100,000 launches; then it starts over.
_MAX_REMEMBERED = 20_000
_UNJUDGED = object()


@st.cache_resource(show_spinner=False)
def _judged_rows() -> dict[tuple, dict | None]:
    """Each flight's assessment (None: no splashdown estimate) by the values it was judged from.

    Remembered per launch rather than per table: every view is a different set of launches, and
    a cache keyed by the whole set judged every flight again (a millisecond each) and hashed and
    copied the table on every rerun. A corrected or re-curated launch has other values, so a new key.
    """
    return {}


def _row_key(values: tuple) -> tuple:
    # NaN is not equal to itself, so it would never find its entry again.
    return tuple(None if isinstance(value, float) and math.isnan(value) else value for value in values)


def _judged(flights: pd.DataFrame) -> list[dict | None]:
    """Each flight's assessment (None: no estimate), in order; only flights not seen before are judged."""
    remembered = _judged_rows()
    keys = [_row_key(values) for values in zip(*(flights[column].tolist() for column in _COLUMNS), strict=True)]
    # Read once into this run's own list: another session may clear the shared memory meanwhile.
    found = [remembered.get(key, _UNJUDGED) for key in keys]
    unjudged = [position for position, row in enumerate(found) if row is _UNJUDGED]
    if unjudged:
        if len(remembered) + len(unjudged) > _MAX_REMEMBERED:
            remembered.clear()
        with st.spinner("Judging splashdowns against Japan's EEZ…"):
            fresh = assessment.assess_launches(flights.iloc[unjudged])
        judged = {row["launch_id"]: row for row in fresh.to_dict("records")}
        for position in unjudged:
            found[position] = remembered[keys[position]] = judged.get(keys[position][0])
    return cast(list[dict | None], found)


def overflight_column(launches: pd.DataFrame) -> tuple[list[str], int]:
    """'yes' where the estimated ground track crosses Japan, '' elsewhere, per row of `launches`
    (newest first, as the table lists them), and how many flights that could reach Japan were left
    unjudged for size."""
    reaching = launches[launches["range_km"].fillna(0) >= REACH_KM]
    judged = _judged(reaching.head(MAX_JUDGED))
    flags = {row["launch_id"]: row["overflies_japan"] for row in judged if row is not None}
    return ["yes" if flags.get(launch_id) else "" for launch_id in launches["launch_id"]], len(reaching) - len(judged)


def japan_summary(launch: pd.Series) -> None:
    """One launch's EEZ status and overflight, worded as the estimate it is."""
    judged = _judged_flight(launch) if launch["range_km"] >= REACH_KM else None
    if judged is None:
        if pd.notna(launch["range_km"]) and launch["range_km"] < REACH_KM:
            st.caption(f"Japan: a {launch['range_km']:,.0f} km flight cannot reach Japan's EEZ from North Korea.")
        else:
            st.caption("Japan: no splashdown estimate (no range, no placed site, or a cruise missile), so no "
                       "EEZ status or overflight.")
        return
    st.text("Japan (estimate): " + assessment.describe(judged))


def _judged_flight(launch: pd.Series) -> dict | None:
    remembered = _judged_rows().get(_row_key(tuple(launch[column] for column in _COLUMNS)), _UNJUDGED)
    if remembered is not _UNJUDGED:
        return cast(dict | None, remembered)
    # Only the columns judged, as a one-row table: transposing the whole launch costs milliseconds.
    return _judged(pd.DataFrame({column: [launch[column]] for column in _COLUMNS}).astype({"range_km": float}))[0]

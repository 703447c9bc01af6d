"""Where the shown figures come from and how current the data is: one line and one date for every output.

Decisions:
- The source line names the agencies whose figures the shown launches carry, most used first with
  their counts (six at most, then "N more"), counts the analyst-added launches among them, says
  dates are Korea time and who compiled the table. The Overview prints it under its timeline; chart
  exports carry it in their footer, data exports in their `about` rows and the briefing pack on its
  sources slide and in every chart's notes, so a figure quoted from any of them cites the same way.
- The data date is the newest of: a launch's date, an agency statement's date (a claim's
  `published`) and an analyst's addition (`added_at`, its date in Korea), over all the data rather than the filtered
  view: it says how current the data is, which a filter does not change, so an empty week still
  has one. It is computed here and nowhere else; the page and the pack both ask for it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from splashdown.vocabulary import KST

NO_DATA = "no data"
DATA_DATE_MEANING = "the newest launch, agency statement or analyst addition"
_MAX_NAMED_AGENCIES = 6


def source_line(launches: pd.DataFrame) -> str:
    """The agencies behind the shown launches' figures, the analyst-added ones, and the time zone."""
    if launches.empty:
        return "Sources: no launches in this selection · compiled by Splashdown from open sources"
    counts = [(name, count) for name, count in _agency_counts(launches["confirmation"]) if name]
    named = [f"{name} ({count})" for name, count in counts[:_MAX_NAMED_AGENCIES]]
    if len(counts) > _MAX_NAMED_AGENCIES:
        named.append(f"{len(counts) - _MAX_NAMED_AGENCIES} more")
    parts = ["Figures: " + (", ".join(named) if named else "unattributed")]
    added = int((launches["origin"] == "analyst").sum()) if "origin" in launches.columns else 0
    if added:
        parts.append(f"{added} analyst-added launch{'es' if added != 1 else ''}")
    parts += ["dates in Korea time (KST)", "compiled by Splashdown from open sources"]
    return " · ".join(parts)


def _agency_counts(confirmations: pd.Series) -> list[tuple[str, int]]:
    """Launches per agency, most first, ties in order of appearance. Distinct values are counted
    once: iterating every row of a decades-long view costs a large catalog 0.1 s, and pandas'
    string methods cost a week's few rows about a millisecond."""
    codes, names = pd.factorize(confirmations)
    per_name = np.bincount(codes[codes >= 0], minlength=len(names))
    counts: dict[str, int] = {}
    for name, count in zip(names.tolist(), per_name.tolist(), strict=True):
        agency = str(name).strip()
        counts[agency] = counts.get(agency, 0) + count
    return sorted(counts.items(), key=lambda item: -item[1])


def data_date(launches: pd.DataFrame, claims: pd.DataFrame) -> str:
    """How current the data is, YYYY-MM-DD: its newest launch, statement or addition (see above)."""
    newest: list[pd.Timestamp] = []
    if len(launches) and launches["date_kst"].notna().any():
        newest.append(pd.Timestamp(launches["date_kst"].max()))
    if "added_at" in launches.columns:
        added = pd.to_datetime(launches["added_at"], utc=True, errors="coerce").dropna()
        if len(added):
            newest.append(pd.Timestamp(added.max().tz_convert(KST).date()))
    if len(claims):
        stated = pd.to_datetime(claims["published"], format="%Y-%m-%d", errors="coerce").dropna()
        if len(stated):
            newest.append(stated.max())
    return max(newest).strftime("%Y-%m-%d") if newest else NO_DATA

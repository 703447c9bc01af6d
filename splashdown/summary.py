"""Headline figures for a period, compared with the previous period of the same length."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Extreme:
    value_km: float
    missile: str
    date_kst: pd.Timestamp
    confirmation: str

    def label(self) -> str:
        return f"{self.value_km:,.0f} km"

    def detail(self) -> str:
        source = f", {self.confirmation}" if self.confirmation else ""
        return f"{self.missile}, {self.date_kst:%d %b %Y}{source}"


@dataclass(frozen=True)
class PeriodSummary:
    events: int
    missiles: int
    by_class: dict[str, int]
    longest_range: Extreme | None
    highest_apogee: Extreme | None
    new_types: tuple[str, ...]
    previous_events: int
    previous_missiles: int

    @property
    def events_change(self) -> int:
        return self.events - self.previous_events

    @property
    def missiles_change(self) -> int:
        return self.missiles - self.previous_missiles


def period_summary(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    catalog: pd.DataFrame,
) -> PeriodSummary:
    """Figures for `current`; `previous` is the same-length period before; `catalog` tells what is new."""
    return PeriodSummary(
        events=current["event_id"].nunique(),
        missiles=len(current),
        by_class={str(k): int(v) for k, v in current["missile_class"].value_counts().items()},
        longest_range=_extreme(current, "range_km"),
        highest_apogee=_extreme(current, "apogee_km"),
        new_types=_new_types(current, catalog),
        previous_events=previous["event_id"].nunique(),
        previous_missiles=len(previous),
    )


def _extreme(launches: pd.DataFrame, column: str) -> Extreme | None:
    figures = launches[column].dropna()
    if figures.empty:
        return None
    row = launches.loc[figures.idxmax()]
    value = float(row[column])
    if not math.isfinite(value):
        return None
    return Extreme(value, str(row["missile"]), row["date_kst"], str(row.get("confirmation", "")))


def _new_types(current: pd.DataFrame, catalog: pd.DataFrame) -> tuple[str, ...]:
    """Named missiles whose first flight in the whole catalog falls inside the current period."""
    if current.empty:
        return ()
    # Group two columns rather than filtering the whole frame: on a large catalog copying every
    # column of the named rows costs more than the rest of the summary.
    first_flights = catalog["date_kst"].groupby(catalog["missile"]).min().drop(["", "unknown"], errors="ignore")
    start, end = current["date_kst"].min(), current["date_kst"].max()
    new = first_flights[(first_flights >= start) & (first_flights <= end)]
    return tuple(sorted(set(new.index) & set(current["missile"])))

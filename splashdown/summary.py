"""Headline figures for a period, compared with the previous period of the same length."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from splashdown.vocabulary import UNNAMED_MISSILE


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
    catalog_first_flights: pd.Series,
) -> PeriodSummary:
    """Figures for `current`; `previous` is the same-length period before; `catalog_first_flights`
    (from `first_flights` of the whole catalog) tell which types are new."""
    return PeriodSummary(
        events=current["event_id"].nunique(),
        missiles=len(current),
        by_class=_by_class(current["missile_class"]),
        longest_range=_extreme(current, "range_km"),
        highest_apogee=_extreme(current, "apogee_km"),
        new_types=_new_types(current, catalog_first_flights),
        previous_events=previous["event_id"].nunique(),
        previous_missiles=len(previous),
    )


def _by_class(classes: pd.Series) -> dict[str, int]:
    """Missiles per class, most first; ties in order of first appearance."""
    if not len(classes):
        return {}
    # Codes in order of first appearance, counted by hashing rather than sorting every string.
    codes, names = pd.factorize(classes)
    counts = np.bincount(codes, minlength=len(names))
    order = np.lexsort((np.arange(len(names)), -counts))
    return {str(names[i]): int(counts[i]) for i in order}


def _extreme(launches: pd.DataFrame, column: str) -> Extreme | None:
    """The launch with the largest figure in `column` (the first one on a tie); None when none is known."""
    figures = launches[column].to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(figures).all():
        return None
    position = int(np.nanargmax(figures))
    value = float(figures[position])
    if not math.isfinite(value):
        return None
    confirmation = launches["confirmation"].iat[position] if "confirmation" in launches else ""
    return Extreme(value, str(launches["missile"].iat[position]), launches["date_kst"].iat[position], str(confirmation))


def first_flights(catalog: pd.DataFrame) -> pd.Series:
    """Date of each named missile's first flight in the catalog, indexed by missile."""
    # Group two columns rather than filtering the whole frame: on a large catalog copying every
    # column of the named rows costs more than the rest of the summary.
    return catalog["date_kst"].groupby(catalog["missile"]).min().drop(["", UNNAMED_MISSILE], errors="ignore")


def _new_types(current: pd.DataFrame, catalog_first_flights: pd.Series) -> tuple[str, ...]:
    """Named missiles whose first flight in the whole catalog falls inside the current period."""
    if current.empty:
        return ()
    dates = current["date_kst"].to_numpy()
    flown = catalog_first_flights.to_numpy()
    new = catalog_first_flights.index[(flown >= dates.min()) & (flown <= dates.max())]
    if new.empty:
        return ()
    # Look the few candidates up in the period rather than collecting every missile name in it.
    missiles = current["missile"]
    return tuple(sorted(str(name) for name in missiles[missiles.isin(new.tolist())].unique()))

"""A filtered launch history indexed by date.

Stepping through weeks is what analysts do most. With the launches sorted by date and the weekly
counts and baselines computed once for the whole history, a period's launches, headline figures
and weekly chart come from slices instead of scans of the catalog.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from splashdown.catalog import iso_week
from splashdown.filters import period_window, previous_period
from splashdown.summary import PeriodSummary, period_summary
from splashdown.vocabulary import MISSILE_CLASSES

BASELINE_WEEKS = (4, 52)
# The weekly chart shows at least this many weeks, each with a year of weeks before it for the baseline.
MIN_WEEKLY_WINDOW = 26
_DAY = np.timedelta64(1, "D")
_REMEMBERED_PERIODS = 32


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeeklyCounts:
    """Missiles per ISO week (Korean dates) by class, every week present, with trailing baselines."""

    mondays: np.ndarray  # datetime64[s], consecutive Mondays
    weeks: np.ndarray  # ISO week labels of `mondays`, as objects
    by_class: dict[str, np.ndarray]  # classes with a launch somewhere in the counted weeks
    total: np.ndarray
    baselines: dict[int, np.ndarray]  # weeks averaged -> mean of that many weeks before each week

    def covers(self, first_monday: date, last_monday: date) -> bool:
        return bool(len(self.mondays)) and self.mondays[0] <= np.datetime64(first_monday, "ns") and (
            np.datetime64(last_monday, "ns") <= self.mondays[-1]
        )

    def between(self, first_monday: date, last_monday: date) -> WeeklyCounts:
        """The weeks from `first_monday` to `last_monday`, baselines as computed over the whole span."""
        first = int((np.datetime64(first_monday, "ns") - self.mondays[0]) // (7 * _DAY))
        last = int((np.datetime64(last_monday, "ns") - self.mondays[0]) // (7 * _DAY)) + 1
        first, last = max(first, 0), max(min(last, len(self.mondays)), 0)
        return WeeklyCounts(
            mondays=self.mondays[first:last],
            weeks=self.weeks[first:last],
            by_class={cls: counts[first:last] for cls, counts in self.by_class.items()},
            total=self.total[first:last],
            baselines={weeks: values[first:last] for weeks, values in self.baselines.items()},
        )


def weekly_counts(launches: pd.DataFrame, start: date, end: date) -> WeeklyCounts:
    """Every ISO week from the one holding `start` to the one holding `end`, zero weeks included.

    Binning happens here rather than in plotly so weeks with no launch count as zero and the
    baselines see them. A baseline is NaN until that many weeks have been counted before it.
    """
    first_monday = _monday(start)
    week_count = (_monday(end) - first_monday).days // 7 + 1
    # Whole seconds, as pandas gives dates: plotly then writes them without a fraction.
    mondays = np.datetime64(first_monday, "s") + np.arange(week_count) * 7 * _DAY
    days = (launches["date_kst"].to_numpy() - np.datetime64(first_monday, "ns")) // _DAY
    week_numbers = np.floor_divide(days, 7)
    in_range = (week_numbers >= 0) & (week_numbers < week_count)
    # Select before converting: turning a large arrow string column into numpy costs milliseconds.
    classes = launches["missile_class"][in_range].to_numpy()
    week_numbers = week_numbers[in_range].astype(np.int64)
    by_class: dict[str, np.ndarray] = {}
    for missile_class in MISSILE_CLASSES:
        in_class = classes == missile_class
        if in_class.any():
            by_class[missile_class] = np.bincount(week_numbers[in_class], minlength=week_count)
    total = np.bincount(week_numbers, minlength=week_count) if len(week_numbers) else np.zeros(week_count, np.int64)
    weeks = _week_labels(first_monday, week_count)
    return WeeklyCounts(mondays, weeks, by_class, total, {n: _trailing_mean(total, n) for n in BASELINE_WEEKS})


@functools.lru_cache(maxsize=8)
def _week_labels(first_monday: date, week_count: int) -> np.ndarray:
    """ISO week labels of consecutive weeks, read-only: every filter set's history labels the same
    forty-odd years of weeks, a few milliseconds of Python each time."""
    labels = np.array([iso_week(first_monday + timedelta(weeks=number)) for number in range(week_count)], dtype=object)
    labels.flags.writeable = False
    return labels


def _trailing_mean(total: np.ndarray, weeks: int) -> np.ndarray:
    """Mean of the `weeks` weeks before each week (not including it); NaN until there are that many."""
    sums = np.concatenate(([0], np.cumsum(total, dtype=np.int64)))
    means = np.full(len(total), np.nan)
    if len(total) > weeks:
        means[weeks:] = (sums[weeks:-1] - sums[: -weeks - 1]) / weeks
    return means


def weekly_window(start: date, end: date) -> tuple[date, date]:
    """The Mondays of the first and last week the weekly chart shows for a period."""
    shown_from = min(start, end - timedelta(weeks=MIN_WEEKLY_WINDOW - 1))
    return _monday(shown_from), _monday(end)


def window_counts(launches: pd.DataFrame, start: date, end: date) -> WeeklyCounts:
    """The weekly chart's weeks for a period, counted with a year before them for the baselines."""
    first_monday, last_monday = weekly_window(start, end)
    counted = weekly_counts(launches, first_monday - timedelta(weeks=max(BASELINE_WEEKS)), end)
    return counted.between(first_monday, last_monday)


@dataclass(frozen=True)
class LaunchHistory:
    """Launches at every date (filters other than the period applied), sorted by Korean date."""

    launches: pd.DataFrame
    weekly: WeeklyCounts
    first_flights: pd.Series
    _days: np.ndarray  # int64 days since 1970 of each launch, ascending
    # A page asks for its period several times a rerun (the view, its summary, the bottom line);
    # each slice of a wide frame costs a fraction of a millisecond, so recent ones are kept.
    _periods: dict[tuple[date, date], pd.DataFrame] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls, launches: pd.DataFrame, catalog_first_flights: pd.Series, today: date | None = None
    ) -> LaunchHistory:
        """`catalog_first_flights` come from the unfiltered catalog: a type is new when it first
        flew, whatever the filters show."""
        ordered = launches.sort_values("date_kst", kind="stable")
        # Every week a linkable period can show (see `period_window`); others are counted on demand.
        first_day, last_day = period_window(today)
        earliest_shown = first_day - timedelta(weeks=MIN_WEEKLY_WINDOW)
        weekly = weekly_counts(ordered, earliest_shown - timedelta(weeks=max(BASELINE_WEEKS)), last_day)
        days = ordered["date_kst"].to_numpy().astype("datetime64[D]").astype(np.int64)
        return cls(ordered, weekly, catalog_first_flights, days)

    def between(self, start: date, end: date) -> pd.DataFrame:
        """Launches on Korean dates from `start` to `end`, both included (read-only, as the history)."""
        found = self._periods.get((start, end))
        if found is None:
            first = np.searchsorted(self._days, _day_number(start), side="left")
            last = np.searchsorted(self._days, _day_number(end), side="right")
            found = self.launches.iloc[first:last]
            if len(self._periods) >= _REMEMBERED_PERIODS:
                self._periods.clear()
            self._periods[(start, end)] = found
        return found

    def summary(self, start: date, end: date) -> PeriodSummary:
        return period_summary(self.between(start, end), self.between(*previous_period(start, end)), self.first_flights)

    def window_counts(self, start: date, end: date) -> WeeklyCounts:
        """As `window_counts`, sliced from the whole-history counts when they cover the window."""
        first_monday, last_monday = weekly_window(start, end)
        if self.weekly.covers(first_monday - timedelta(weeks=max(BASELINE_WEEKS)), last_monday):
            return self.weekly.between(first_monday, last_monday)
        return window_counts(self.launches, start, end)


def _day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


"""The date-indexed history the Overview steps through must show what filtering the catalog shows."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from splashdown import catalog
from splashdown.charts import timeline_figure, weekly_figure_from
from splashdown.filters import Filters, apply_filters, period_bounds, previous_period
from splashdown.history import LaunchHistory, weekly_counts, window_counts
from splashdown.summary import first_flights, period_summary


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return catalog.load_launches()


@pytest.fixture(scope="module")
def history(launches: pd.DataFrame) -> LaunchHistory:
    # Shuffled: the history must not rely on the catalog's own order.
    shuffled = launches.sample(frac=1, random_state=3)
    return LaunchHistory.build(shuffled, first_flights(launches), today=date(2026, 11, 24))


_PERIODS = [
    Filters(week="2021-W12"),  # the seed salvo
    Filters(week="2021-W11"),  # Sunday cruise launches belong to the week before
    Filters(week="2022-W40"),
    Filters(week="2018-W20"),  # no launch at all
    Filters(week="1984-W15"),  # the first launches in the catalog
    Filters(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31)),
    Filters(date_from=date(1984, 4, 1), date_to=date(2026, 11, 24)),
]


@pytest.mark.parametrize("filters", _PERIODS, ids=lambda filters: filters.key)
def test_a_period_slice_holds_exactly_the_launches_filtering_shows(launches, history, filters):
    start, end = period_bounds(filters)
    expected = apply_filters(launches, filters).sort_values(["date_kst", "launch_id"])["launch_id"].tolist()
    shown = history.between(start, end).sort_values(["date_kst", "launch_id"])["launch_id"].tolist()
    assert shown == expected
    assert history.between(start, end)["date_kst"].is_monotonic_increasing


@pytest.mark.parametrize("filters", _PERIODS, ids=lambda filters: filters.key)
def test_headline_figures_match_those_of_the_filtered_catalog(launches, history, filters):
    start, end = period_bounds(filters)
    previous_start, previous_end = previous_period(start, end)
    previous = launches[launches["date_kst"].between(pd.Timestamp(previous_start), pd.Timestamp(previous_end))]
    expected = period_summary(apply_filters(launches, filters), previous, first_flights(launches))
    assert history.summary(start, end) == expected


def test_the_seed_week_summary_names_its_salvo_and_compares_with_the_week_before(history):
    summary = history.summary(*period_bounds(Filters(week="2021-W12")))
    assert (summary.events, summary.missiles) == (1, 2)
    assert summary.by_class == {"SRBM": 2}
    assert summary.longest_range is not None
    assert (summary.longest_range.value_km, summary.longest_range.confirmation) == (450, "ROK JCS")
    # The Sunday before (2021-W11) had the two cruise missiles.
    assert summary.previous_missiles == 2


@pytest.mark.parametrize("week", ["2021-W12", "2017-W36", "1984-W15", "1984-W01", "2027-W52"])
def test_weekly_chart_from_the_whole_history_equals_counting_its_window(launches, history, week):
    start, end = period_bounds(Filters(week=week))
    sliced = history.window_counts(start, end)
    counted = window_counts(launches, start, end)
    assert sliced.weeks.tolist() == counted.weeks.tolist()
    np.testing.assert_array_equal(sliced.total, counted.total)
    for weeks_averaged in (4, 52):
        np.testing.assert_array_equal(sliced.baselines[weeks_averaged], counted.baselines[weeks_averaged])
    # The chart the Overview draws from the history shows, in the selected week, the missiles of
    # each class the catalog dates to that ISO week.
    expected = launches.loc[launches["week"] == week, "missile_class"].value_counts().to_dict()
    assert _bars_in_week(weekly_figure_from(sliced, start, end), start) == expected


def _bars_in_week(figure, day: date) -> dict[str, int]:
    """Each class's bar height in the week of `day`, read from the bars' first Monday and step."""
    monday = pd.Timestamp(day - timedelta(days=day.weekday()))
    heights = {}
    for trace in figure.data:
        if trace.type != "bar":
            continue
        position = int((monday - pd.Timestamp(trace.x0, unit="ms")) / pd.Timedelta(milliseconds=trace.dx))
        if 0 <= position < len(trace.y) and trace.y[position]:
            heights[trace.name] = int(trace.y[position])
    return heights


def test_weekly_baselines_average_the_weeks_before_and_stay_blank_until_there_are_enough():
    mondays = pd.date_range("2024-01-01", periods=8, freq="7D")
    one_a_week = pd.DataFrame({"date_kst": mondays + pd.Timedelta(days=2), "missile_class": ["SRBM"] * 8})
    one_a_week.loc[7, "missile_class"] = "ICBM"
    counts = weekly_counts(one_a_week, date(2024, 1, 1), date(2024, 2, 25))
    assert counts.weeks.tolist()[:2] == ["2024-W01", "2024-W02"]
    assert counts.total.tolist() == [1] * 8
    assert counts.by_class["SRBM"].tolist() == [1] * 7 + [0]
    assert counts.by_class["ICBM"].tolist() == [0] * 7 + [1]
    assert np.isnan(counts.baselines[4][:4]).all()
    assert counts.baselines[4][4:].tolist() == [1.0] * 4
    assert np.isnan(counts.baselines[52]).all()


def test_a_period_outside_the_indexed_years_is_counted_on_demand(launches):
    # Built as if today were 2022: the indexed weeks end in December 2023.
    history = LaunchHistory.build(launches, first_flights(launches), today=date(2022, 6, 1))
    start, end = period_bounds(Filters(week="2024-W10"))
    assert not history.weekly.covers(start - timedelta(days=start.weekday()), end - timedelta(days=end.weekday()))
    counts = history.window_counts(start, end)
    expected = window_counts(launches, start, end)
    np.testing.assert_array_equal(counts.total, expected.total)
    assert counts.weeks[-1] == "2024-W10"


def test_a_view_with_thousands_of_events_draws_one_marker_per_class_and_month(launches):
    days = pd.date_range("2020-01-01", periods=1_200, freq="D")
    many = pd.DataFrame({
        "launch_id": [f"L-{n}" for n in range(1_200)],
        "event_id": [f"E-{n}" for n in range(1_200)],
        "date_kst": days,
        "missile_class": ["SRBM" if n % 3 else "cruise" for n in range(1_200)],
    })
    figure = timeline_figure(many, (date(2020, 1, 1), date(2023, 4, 30)))
    months = many["date_kst"].dt.to_period("M").nunique()
    assert [trace.name for trace in figure.data] == ["SRBM", "cruise"]
    assert sum(len(trace.x) for trace in figure.data) == 2 * months
    # January 2020: 31 days, every third one a cruise missile, each day its own event.
    assert list(figure.data[0].customdata[0]) == [20, 20] and list(figure.data[1].customdata[0]) == [11, 11]
    assert "launch event(s)" in figure.data[0].hovertemplate and "%b %Y" in figure.data[0].hovertemplate
    assert "one marker per class and month" in figure.layout.xaxis.title.text

    # The whole curated catalog stays one marker per launch event.
    whole = timeline_figure(launches)
    assert sum(len(trace.x) for trace in whole.data) == launches.groupby(["event_id", "missile_class"]).ngroups
    assert whole.layout.xaxis.title.text == "Date (KST)"

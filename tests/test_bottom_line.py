"""The drafted bottom line: every number it states is recomputed here from the curated catalog."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
import pytest

from splashdown import catalog
from splashdown.bottom_line import change_phrase, draft, year_earlier
from splashdown.claims import applying_to, headline
from splashdown.filters import week_bounds
from splashdown.summary import first_flights

_WORDS = {word: number for number, word in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))}
_ORDINALS = {word: number for number, word in enumerate(
    ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"))}
_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")
_WEEK = re.compile(r"\b\d{4}-W\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return catalog.load_launches()


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return catalog.load_claims()


def _between(launches: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    return launches[(launches["date_kst"] >= pd.Timestamp(start)) & (launches["date_kst"] <= pd.Timestamp(end))]


def _stated_numbers(text: str, launches: pd.DataFrame) -> list[float]:
    """The numbers a reader takes from the text: not dates, ISO weeks, years or missile names."""
    for name in sorted(set(launches["missile"]) | set(launches["site_name"]), key=len, reverse=True):
        text = text.replace(name, " ")
    for pattern in (_DATE, _WEEK, _YEAR):
        text = pattern.sub(" ", text)
    numbers = [float(found.replace(",", "")) for found in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _WORDS and word != "zero":
            numbers.append(_WORDS[word])
        elif word in _ORDINALS and word != "first":
            numbers.append(_ORDINALS[word])
    return numbers


def _spoken(number: int) -> str:
    return next(word for word, value in _WORDS.items() if value == number) if number < 10 else f"{number:,}"


def _events_in(frame: pd.DataFrame) -> int:
    return frame["event_id"].nunique()


def test_seed_week_bottom_line_states_the_launch_its_figures_and_its_cadence(launches, claims):
    start, end = week_bounds("2021-W12")
    week = _between(launches, start, end)
    longest = week.loc[week["range_km"].idxmax()]
    latest = week["date_kst"].max()
    cadence = launches[(launches["date_kst"] <= latest) & (launches["date_kst"] > latest - pd.Timedelta(days=7))]
    span_days = (latest - cadence["date_kst"].min()).days + 1
    previous = _between(launches, start - timedelta(days=7), start - timedelta(days=1))
    a_year_earlier = _between(launches, *week_bounds("2020-W12"))

    range_by = headline(applying_to(claims, longest["launch_id"], longest["event_id"]), "range_km")

    summary = draft(week, launches, first_flights(launches), start, end, week=True, claims=claims)

    text = summary.text
    assert 2 <= len(summary.sentences) <= 4
    assert text.startswith(f"North Korea launched two SRBMs ({longest['missile']}) on 25 Mar 2021")
    assert "Sondok Airbase and Yonpo Airport (South Hamgyong)" in text
    assert f"about {week['range_km'].max():,.0f} km at an apogee of about {week['apogee_km'].max():,.0f} km" in text
    assert f"({range_by.agency})" in text and range_by.agency == "ROK JCS"
    assert (_events_in(cadence), span_days) == (2, 5)
    assert "the second launch event in five days" in text
    assert f"against {_spoken(_events_in(previous))} in the week before" in text
    assert "in 2020-W12" in text
    expected = {
        len(week), _events_in(week), week["range_km"].max(), week["apogee_km"].max(),
        _events_in(cadence), span_days, _events_in(previous), _events_in(a_year_earlier),
    }
    assert set(_stated_numbers(text, launches)) <= expected
    assert summary.title == "Two SRBMs from South Hamgyong on 25 Mar 2021"


def test_seed_week_longest_range_since_names_the_last_flight_that_went_as_far(launches):
    start, end = week_bounds("2021-W12")
    week = _between(launches, start, end)
    reach = week["range_km"].max()
    earlier = launches[(launches["date_kst"] < pd.Timestamp(start)) & (launches["range_km"] >= reach)]
    last = earlier.sort_values("date_kst").iloc[-1]

    text = draft(week, launches, first_flights(launches), start, end, week=True).text

    assert f"the longest range since {last['date_kst']:%-d %b %Y} ({last['missile']})" in text
    assert (pd.Timestamp(start) - last["date_kst"]).days > 365


def test_year_bottom_line_figures_agree_with_the_catalog(launches, claims):
    start, end = date(2022, 1, 1), date(2022, 12, 31)
    year = _between(launches, start, end)
    before = launches[launches["date_kst"] < pd.Timestamp(start)]
    per_site = year.groupby("site_name")["event_id"].nunique()
    flights = first_flights(launches)
    new_types = flights[(flights >= pd.Timestamp(start)) & (flights <= pd.Timestamp(end))]
    gap = (year["date_kst"].min() - before["date_kst"].max()).days
    events_2021 = _events_in(_between(launches, date(2021, 1, 1), date(2021, 12, 31)))

    longest = year.loc[year["range_km"].idxmax()]
    range_by = headline(applying_to(claims, longest["launch_id"], longest["event_id"]), "range_km")

    summary = draft(year, launches, flights, start, end, claims=claims)

    text = summary.text
    assert f"{len(year)} missiles in {_events_in(year)} launch events" in text
    assert f"{year['missile_class'].eq('SRBM').sum()} SRBMs" in text
    assert f"most often {per_site.idxmax()} ({per_site.max()} events)" in text
    assert f"about {year['range_km'].max():,.0f} km ({range_by.agency})" in text
    assert f"about {year['apogee_km'].max():,.0f} km" in text
    assert f"the first launch in {gap} days" in text
    assert "in 2021." in text and "previous" not in text, (
        "a calendar year's previous period is the year before: said once"
    )
    expected = {
        len(year), _events_in(year), year["site_name"].nunique(), per_site.max(), len(new_types), gap, events_2021,
        year["range_km"].max(), year["apogee_km"].max(), *year["missile_class"].value_counts().tolist(),
    }
    assert set(_stated_numbers(text, launches)) <= expected
    assert summary.title == f"Launch events {change_phrase(_events_in(year), events_2021)} against 2021"
    traced = {figure.name: figure for figure in summary.figures}
    longest = year.loc[year["range_km"] == year["range_km"].max(), "launch_id"]
    assert set(traced["longest range"].launch_ids) == set(longest)


def test_a_period_without_launches_says_when_the_last_one_was(launches):
    start, end = week_bounds("2021-W13")

    summary = draft(_between(launches, start, end), launches, first_flights(launches), start, end, week=True)

    assert summary.title == "No launches; the last was on 25 Mar 2021"
    assert "four days before the period began" in summary.text


@pytest.mark.parametrize(
    ("now", "before", "phrase"),
    [(44, 7, "rose more than sixfold"), (6, 2, "tripled"), (7, 2, "more than tripled"), (8, 5, "rose from 5 to 8"),
     (5, 8, "fell from 8 to 5"), (4, 4, "held at 4"), (3, 0, "rose from none to 3")],
)
def test_change_against_a_year_earlier_is_worded_exactly(now, before, phrase):
    assert change_phrase(now, before) == phrase


def test_a_year_earlier_is_the_same_iso_week_or_the_same_dates():
    assert year_earlier(*week_bounds("2021-W12"), week=True) == week_bounds("2020-W12")
    assert year_earlier(*week_bounds("2020-W53"), week=True) == week_bounds("2019-W52")
    assert year_earlier(date(2024, 2, 29), date(2024, 3, 31), week=False) == (date(2023, 2, 28), date(2023, 3, 31))

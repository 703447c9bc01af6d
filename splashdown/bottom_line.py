"""The bottom line up front: two to four drafted sentences about a period, and a one-message title.

Decisions:
- Drafted from the launches alone (the period, the same filters at every date, the catalog's first
  flights), so the Overview and the pack say the same thing and a test can recompute every figure.
  Each number in the text is also kept as a `Figure` naming what it counts and which launches it
  came from.
- Sentences, in the order a reader asks: what was launched and from where; how far and how high,
  with the agency whose figure it is (the launch's `confirmation`, the winner of the precedence
  rule); what is new; how the period compares with the one before and with a year earlier.
- "New" means something a briefer would lead with: a type's first flight in the catalog; the
  longest range or highest apogee when nothing in the year before the period matched it; the
  first launch after a gap of at least `GAP_DAYS`; for periods of up to a month, the latest event
  counted among the events of the `CADENCE_DAYS` days ending on it ("the second launch event in
  five days", as the seed report's "second time in a week").
- "A year earlier" is the same ISO week of the previous year for a week, otherwise the same dates
  a year before. When it is the previous period as well (a calendar year), it is said once.
- The title carries the message: for periods up to a month the newest event, for longer ones the
  change in launch events against a year earlier, worded exactly ("more than tripled", never a
  rounded multiple).
- Numbers up to nine are words, others digits, as style guides for briefings have it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from splashdown.catalog import iso_week
from splashdown.claims import applying_to, headline
from splashdown.filters import previous_period
from splashdown.vocabulary import MISSILE_CLASSES, UNNAMED_MISSILE

GAP_DAYS = 30
CADENCE_DAYS = 7
SHORT_PERIOD_DAYS = 31
RECORD_LOOKBACK_DAYS = 365
_COLUMNS = ("launch_id", "event_id", "date_kst", "missile", "missile_class", "site_name", "province", "range_km",
            "apogee_km", "confirmation")
_MAX_NAMED_TYPES = 3
_MAX_NAMED_SITES = 2
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORDINALS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled"}
_CLASS_PLURALS = {"cruise": "cruise missiles", "unknown": "missiles of unknown class", "other": "other missiles"}
_CLASS_SINGULAR = {"cruise": "cruise missile", "unknown": "missile of unknown class", "other": "other missile"}


@dataclass(frozen=True)
class Figure:
    """One number the text states, what it counts, and the launches it came from."""

    name: str
    value: float
    launch_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class BottomLine:
    title: str
    sentences: tuple[str, ...]
    figures: tuple[Figure, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def number_word(number: int) -> str:
    """`two`, `12`: words up to nine, digits above."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def ordinal_word(number: int) -> str:
    if 0 < number < len(_ORDINALS):
        return _ORDINALS[number]
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def year_earlier(start: date, end: date, *, week: bool) -> tuple[date, date]:
    """The same ISO week a year before (for a week), else the same dates a year before."""
    if week:
        year, number, _ = start.isocalendar()
        number = min(number, date(year - 1, 12, 28).isocalendar()[1])
        monday = date.fromisocalendar(year - 1, number, 1)
        return monday, monday + timedelta(days=6)
    return _shift_year(start), _shift_year(end)


def _shift_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def draft(
    current: pd.DataFrame,
    history: pd.DataFrame,
    first_flights: pd.Series,
    start: date,
    end: date,
    *,
    week: bool = False,
    claims: pd.DataFrame | None = None,
) -> BottomLine:
    """The bottom line of `current` (the period's launches).

    `history` holds the launches the same filters show at every date; `first_flights` comes from
    the whole catalog (a type is new when it first flew, whatever the filters show); `week` says
    the period is an ISO week; `claims` (`load_claims` columns) name whose figure each is.
    """
    writer = _Writer()
    ordered = _by_date(history)
    before = _window(ordered, None, start - timedelta(days=1))
    if current.empty:
        sentences = [_nothing_launched(writer, before, start, end)]
        sentences.append(_comparison(writer, current, ordered, start, end, week=week))
        return BottomLine(_empty_title(before, start), tuple(s for s in sentences if s), writer.figures())
    current = _by_date(current)
    events = _events(current)
    sentences = [
        _what_and_where(writer, current, events),
        _how_far_and_high(writer, current, before, start, claims),
        _what_is_new(writer, current, events, ordered, before, first_flights, start, end),
        _comparison(writer, current, ordered, start, end, week=week),
    ]
    title = _title(current, events, ordered, start, end, week=week)
    return BottomLine(title, tuple(sentence for sentence in sentences if sentence), writer.figures())


class _Writer:
    """Collects the figures as the sentences state them."""

    def __init__(self) -> None:
        self._figures: list[Figure] = []

    def count(self, name: str, value: int, launches: pd.DataFrame | None = None, *, zero: str = "no") -> str:
        self._figures.append(Figure(name, value, _ids(launches)))
        return number_word(value) if value else zero

    def km(self, name: str, value: float, launches: pd.DataFrame) -> str:
        self._figures.append(Figure(name, value, _ids(launches)))
        return f"{value:,.0f} km"

    def days(self, name: str, value: int) -> str:
        self._figures.append(Figure(name, value))
        return f"{number_word(value)} days" if value != 1 else "one day"

    def figures(self) -> tuple[Figure, ...]:
        return tuple(self._figures)


def _by_date(launches: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the text needs, in date order: a large history is sliced, never copied whole."""
    narrow = launches[[column for column in _COLUMNS if column in launches.columns]]
    if narrow["date_kst"].is_monotonic_increasing:
        return narrow
    return narrow.sort_values("date_kst", kind="stable")


def _window(launches: pd.DataFrame, start: date | pd.Timestamp | None, end: date | pd.Timestamp) -> pd.DataFrame:
    """Launches (in date order) from `start` (None: the first) to `end`, both days included."""
    days = launches["date_kst"].to_numpy()
    first = 0 if start is None else int(np.searchsorted(days, np.datetime64(pd.Timestamp(start)), side="left"))
    last = int(np.searchsorted(days, np.datetime64(pd.Timestamp(end)), side="right"))
    return launches.iloc[first:last]


def _ids(launches: pd.DataFrame | pd.Series | None) -> tuple[str, ...]:
    if launches is None:
        return ()
    if isinstance(launches, pd.Series):
        return (str(launches["launch_id"]),)
    return tuple(_in_order(launches["launch_id"].astype(str), distinct=False))


def _in_order(values: pd.Series, *, distinct: bool = True) -> list:
    """The values as Python objects in row order, each once unless `distinct` is False. Converted
    column-wise: iterating an Arrow-backed column boxes every value, 0.5 s over 100,000 launches."""
    return (values.unique() if distinct else values.array).tolist()


def _events(launches: pd.DataFrame) -> pd.DataFrame:
    """One row per launch event: its first date and its missiles, in date order."""
    grouped = launches.groupby("event_id", sort=False)
    events = pd.DataFrame({"date_kst": grouped["date_kst"].min(), "missiles": grouped.size()})
    return events.sort_values("date_kst", kind="stable")


def _day(value: pd.Timestamp | date) -> str:
    return f"{pd.Timestamp(value):%d %b %Y}".lstrip("0")


def _join(parts: Sequence[str]) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _class_phrase(missile_class: str, count: int) -> str:
    if count == 1:
        return _CLASS_SINGULAR.get(missile_class, missile_class)
    return _CLASS_PLURALS.get(missile_class, f"{missile_class}s")


def _classes(writer: _Writer, launches: pd.DataFrame) -> list[str]:
    counts = launches["missile_class"].value_counts()
    order = [cls for cls in MISSILE_CLASSES if counts.get(cls)] + sorted(set(counts.index) - set(MISSILE_CLASSES))

    def of_class(cls: str) -> pd.DataFrame:
        # Only the ids the figure cites: taking every column of a decades-long view costs more.
        return launches.loc[launches["missile_class"] == cls, ["launch_id"]]

    return [
        f"{writer.count(f'missiles of class {cls}', int(counts[cls]), of_class(cls))} "
        f"{_class_phrase(cls, int(counts[cls]))}"
        for cls in order
    ]


def _types(launches: pd.DataFrame) -> list[str]:
    named = [name for name in _in_order(launches["missile"])
             if name and name != UNNAMED_MISSILE and "missile" not in name]
    return named


def _sites(writer: _Writer, launches: pd.DataFrame, events: pd.DataFrame) -> str:
    """`from Sondok Airbase and Yonpo Airport (South Hamgyong)`, or the busiest sites of many."""
    placed = launches[launches["site_name"].astype(str).str.strip() != ""]
    names = _in_order(placed["site_name"].astype(str))
    provinces = [p for p in _in_order(placed["province"].astype(str)) if p and p != "nan"]
    if not names:
        return ""
    if len(names) <= _MAX_NAMED_SITES:
        where = f"from {_join(names)}"
        return where + (f" ({provinces[0]})" if len(provinces) == 1 else "")
    per_site = placed.groupby("site_name", sort=False)["event_id"].nunique().sort_values(ascending=False, kind="stable")
    busiest = per_site.index[0]
    site_count = writer.count("launch sites", len(names), placed)
    if per_site.iloc[0] == 1:
        return f"from {site_count} sites"
    busiest_count = writer.count(
        f"launch events from {busiest}", int(per_site.iloc[0]), placed[placed["site_name"] == busiest]
    )
    return f"from {site_count} sites, most often {busiest} ({busiest_count} {_plural('event', int(per_site.iloc[0]))})"


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else noun + "s"


def _what_and_where(writer: _Writer, launches: pd.DataFrame, events: pd.DataFrame) -> str:
    missiles = len(launches)
    classes = _classes(writer, launches)
    types = _types(launches)
    where = _sites(writer, launches, events)
    if len(events) == 1:
        what = _join(classes)
        named = f" ({_join(types)})" if 0 < len(types) <= _MAX_NAMED_TYPES else ""
        sentence = f"North Korea launched {what}{named} on {_day(events['date_kst'].iloc[0])}"
    else:
        missile_count = writer.count("missiles", missiles, launches)
        event_count = writer.count("launch events", len(events), launches)
        sentence = (
            f"North Korea launched {missile_count} {_plural('missile', missiles)} in {event_count} launch events "
            f"({_join(classes)})"
        )
    return f"{sentence} {where}." if where else f"{sentence}."


def _agency(row: pd.Series, field: str, claims: pd.DataFrame | None) -> str:
    """` (ROK JCS)`: whose headline figure it is by the precedence rule; the launch's confirmation
    when no claim covers it (a synthetic catalog, an analyst launch saved without claims)."""
    pick = None
    if claims is not None and len(claims):
        pick = headline(applying_to(claims, str(row["launch_id"]), str(row["event_id"])), field)
    agency = pick.agency if pick is not None else str(row.get("confirmation", "") or "")
    if agency == "KCNA":
        return " (KCNA's claim)"
    return f" ({agency})" if agency else " (unattributed)"


def _extreme_row(launches: pd.DataFrame, column: str) -> pd.Series | None:
    figures = launches[column].to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(figures).all():
        return None
    return launches.iloc[int(np.nanargmax(figures))]


def _record_clause(before: pd.DataFrame, column: str, value: float, start: date, what: str) -> str:
    """`the longest range since 29 Nov 2017` when nothing in the year before the period matched it."""
    matched = np.flatnonzero(before[column].to_numpy(dtype=float, na_value=np.nan) >= value)
    if not len(matched):
        return f"the {what} in the catalog" if before[column].notna().any() else ""
    last = before.iloc[int(matched[-1])]
    if (pd.Timestamp(start) - last["date_kst"]).days <= RECORD_LOOKBACK_DAYS:
        return ""
    return f"the {what} since {_day(last['date_kst'])} ({last['missile']})"


def _how_far_and_high(
    writer: _Writer, launches: pd.DataFrame, before: pd.DataFrame, start: date, claims: pd.DataFrame | None
) -> str:
    longest = _extreme_row(launches, "range_km")
    highest = _extreme_row(launches, "apogee_km")
    if longest is None and highest is None:
        return "No range or apogee has been reported for these launches."
    several_events = launches["event_id"].nunique() > 1
    parts = []
    if longest is not None:
        detail = f" ({longest['missile']}, {_day(longest['date_kst'])})" if several_events else ""
        distance = writer.km("longest range", float(longest["range_km"]), longest)
        phrase = f"the longest flight{detail} covered about {distance}"
        range_by = _agency(longest, "range_km", claims)
        if highest is not None and highest["launch_id"] == longest["launch_id"]:
            apogee_by = _agency(highest, "apogee_km", claims)
            phrase += "" if apogee_by == range_by else range_by
            phrase += f" at an apogee of about {writer.km('highest apogee', float(highest['apogee_km']), highest)}"
            phrase += apogee_by
            highest = None
        else:
            phrase += range_by
        record = _record_clause(before, "range_km", float(longest["range_km"]), start, "longest range")
        parts.append(f"{phrase}, {record}" if record else phrase)
    if highest is not None:
        detail = f" ({highest['missile']}, {_day(highest['date_kst'])})" if several_events else ""
        apogee = writer.km("highest apogee", float(highest["apogee_km"]), highest)
        phrase = f"the highest apogee{detail} was about {apogee}{_agency(highest, 'apogee_km', claims)}"
        record = _record_clause(before, "apogee_km", float(highest["apogee_km"]), start, "highest apogee")
        parts.append(f"{phrase}, {record}" if record else phrase)
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _what_is_new(
    writer: _Writer,
    launches: pd.DataFrame,
    events: pd.DataFrame,
    history: pd.DataFrame,
    before: pd.DataFrame,
    first_flights: pd.Series,
    start: date,
    end: date,
) -> str:
    clauses = []
    flown = first_flights[(first_flights >= pd.Timestamp(start)) & (first_flights <= pd.Timestamp(end))]
    new_types = [name for name in _in_order(launches["missile"]) if name in flown.index]
    if new_types:
        shown = new_types[:_MAX_NAMED_TYPES]
        rest = len(new_types) - len(shown)
        if rest:
            count = writer.count("new types", len(new_types), launches[launches["missile"].isin(new_types)])
            clauses.append(f"first flights of {count} types in the catalog, among them {_join(shown)}")
        else:
            clauses.append(f"the first flight{'s' if len(shown) > 1 else ''} of the {_join(shown)} in the catalog")
    first_event_day = events["date_kst"].iloc[0]
    if before.empty:
        clauses.append("the first launch in the catalog with these filters")
    else:
        gap = int((first_event_day - before["date_kst"].iloc[-1]).days)
        if gap >= GAP_DAYS:
            clauses.append(f"the first launch in {writer.days('days since the launch before', gap)}")
    if (pd.Timestamp(end) - pd.Timestamp(start)).days < SHORT_PERIOD_DAYS:
        clauses.append(_cadence(writer, events, history))
    clauses = [clause for clause in clauses if clause]
    if not clauses:
        return ""
    sentence = "; ".join(clauses)
    return "New: " + sentence + "."


def _cadence(writer: _Writer, events: pd.DataFrame, history: pd.DataFrame) -> str:
    """`the second launch event in five days` for the period's latest event."""
    latest = events["date_kst"].iloc[-1]
    window = _window(history, latest - pd.Timedelta(days=CADENCE_DAYS - 1), latest)
    recent = _events(window)
    if len(recent) < 2:
        return ""
    span = int((latest - recent["date_kst"].iloc[0]).days) + 1
    count = len(recent)
    writer.count("launch events in the window", count, window)
    return f"the {ordinal_word(count)} launch event in {writer.days('days the window spans', span)}"


def _period_label(start: date, end: date, *, week: bool, previous: bool) -> str:
    if week:
        return "the week before" if previous else iso_week(start)
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    if previous:
        return f"the {number_word((end - start).days + 1)} days before"
    return f"the same dates of {start.year}" if start.year == end.year else "the same dates a year earlier"


def _comparison(
    writer: _Writer, current: pd.DataFrame, history: pd.DataFrame, start: date, end: date, *, week: bool
) -> str:
    events_now = current["event_id"].nunique()
    previous_start, previous_end = previous_period(start, end)
    earlier_start, earlier_end = year_earlier(start, end, week=week)
    comparisons = []
    if (previous_start, previous_end) != (earlier_start, earlier_end) and not (
        earlier_start == date(start.year - 1, 1, 1) and earlier_end == date(start.year - 1, 12, 31)
    ):
        previous = _window(history, previous_start, previous_end)
        label = _period_label(previous_start, previous_end, week=week, previous=True)
        count = writer.count(
            "launch events in the previous period", previous["event_id"].nunique(), previous, zero="none"
        )
        comparisons.append(f"{count} in {label}")
    earlier = _window(history, earlier_start, earlier_end)
    label = _period_label(earlier_start, earlier_end, week=week, previous=False)
    count = writer.count("launch events a year earlier", earlier["event_id"].nunique(), earlier, zero="none")
    comparisons.append(f"{count} in {label}")
    now = writer.count("launch events", events_now, current)
    noun = _plural("launch event", events_now)
    return f"That is {now} {noun} against {_join(comparisons)}."


def _title(
    current: pd.DataFrame, events: pd.DataFrame, history: pd.DataFrame, start: date, end: date, *, week: bool
) -> str:
    if (end - start).days < SHORT_PERIOD_DAYS:
        latest = current[current["event_id"] == events.index[-1]]
        classes = latest["missile_class"].value_counts()
        cls = str(classes.index[0])
        count = len(latest)
        what = f"{number_word(count).capitalize()} {_class_phrase(cls, count)}" if len(classes) == 1 else (
            f"{number_word(count).capitalize()} missiles"
        )
        provinces = [p for p in _in_order(latest["province"].astype(str)) if p and p != "nan"]
        where = f" from {provinces[0]}" if len(provinces) == 1 else ""
        latest_text = f"{what}{where} on {_day(events['date_kst'].iloc[-1])}"
        if len(events) == 1:
            return latest_text
        latest = latest_text[0].lower() + latest_text[1:]
        return f"{number_word(len(events)).capitalize()} launch events, the latest {latest}"
    earlier_start, earlier_end = year_earlier(start, end, week=week)
    before = _window(history, earlier_start, earlier_end)["event_id"].nunique()
    now = current["event_id"].nunique()
    label = _period_label(earlier_start, earlier_end, week=week, previous=False)
    return f"Launch events {change_phrase(now, before)} against {label}"


def change_phrase(now: int, before: int) -> str:
    """`more than tripled`, `doubled`, `rose from 5 to 8`, `fell from 8 to 5`, `held at 4`: exact."""
    if before == 0:
        return f"rose from none to {now:,}" if now else "held at none"
    if now == before:
        return f"held at {now:,}"
    ratio = now / before
    if ratio >= 2:
        whole = math.floor(ratio)
        if whole in _MULTIPLES:
            return _MULTIPLES[whole] if ratio == whole else f"more than {_MULTIPLES[whole]}"
        return f"rose {number_word(whole)}fold" if ratio == whole else f"rose more than {number_word(whole)}fold"
    if now > before:
        return f"rose from {before:,} to {now:,}"
    return f"fell from {before:,} to {now:,}"


def _nothing_launched(writer: _Writer, before: pd.DataFrame, start: date, end: date) -> str:
    if before.empty:
        return "No launch is recorded in this period or before it with these filters."
    last = before.iloc[-1]
    gap = int((pd.Timestamp(start) - last["date_kst"]).days)
    return (
        f"No launch is recorded in this period; the last one before it was a {last['missile']} "
        f"({last['missile_class']}) on {_day(last['date_kst'])}, {writer.days('days before the period', gap)} "
        "before the period began."
    )


def _empty_title(before: pd.DataFrame, start: date) -> str:
    if before.empty:
        return "No launches recorded"
    return f"No launches; the last was on {_day(before['date_kst'].iloc[-1])}"

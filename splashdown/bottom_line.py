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
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from splashdown.catalog import iso_week
from splashdown.claims import headline_of, plain_records
from splashdown.filters import previous_period
from splashdown.vocabulary import MISSILE_CLASSES, UNNAMED_MISSILE

GAP_DAYS = 30
CADENCE_DAYS = 7
SHORT_PERIOD_DAYS = 31
RECORD_LOOKBACK_DAYS = 365
_MAX_NAMED_TYPES = 3
_BOXED_TEXT_ROWS = 2_000
# Columns only ever listed, never compared: boxed once, each selection's list is a numpy take
# rather than an Arrow take and a conversion (a tenth of a long view's bottom line).
_LISTED_ONLY = frozenset({"launch_id"})
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
    ordered = _Launches.in_date_order(history)
    before = ordered.window(None, start - timedelta(days=1))
    period = _Launches.in_date_order(current)
    if period.empty:
        sentences = [_nothing_launched(writer, before, start, end)]
        sentences.append(_comparison(writer, period, ordered, start, end, week=week))
        return BottomLine(_empty_title(before, start), tuple(s for s in sentences if s), writer.figures())
    events = _events(period)
    sentences = [
        _what_and_where(writer, period, events),
        _how_far_and_high(writer, period, before, start, claims),
        _what_is_new(writer, period, events, ordered, before, first_flights, start, end),
        _comparison(writer, period, ordered, start, end, week=week),
    ]
    title = _title(period, events, ordered, start, end, week=week)
    return BottomLine(title, tuple(sentence for sentence in sentences if sentence), writer.figures())


class _Launches:
    """Launches in date order, read as numpy columns.

    The text asks a period dozens of small questions (each class's missiles, the longest flight,
    the events of a window); asked of a DataFrame each is a pandas selection costing far more
    than its answer (about 20 ms a week step at 100,000 launches). Here a column becomes an array
    on first use, and a window or a selection is positions into the same frame with the columns
    already read sliced along, so a decades-long history is never copied or converted whole for
    the few rows a week needs.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        rows: slice | np.ndarray | None = None,
        columns: dict[str, Any] | None = None,
        parent: tuple[_Launches, slice | np.ndarray] | None = None,
    ) -> None:
        self._frame = frame
        self._rows = slice(0, len(frame)) if rows is None else rows
        self._columns = {} if columns is None else columns
        # A selection of a few rows reads its columns through its parent's arrays.
        self._parent = parent
        self._ids: tuple[str, ...] | None = None

    @classmethod
    def in_date_order(cls, launches: pd.DataFrame) -> _Launches:
        if launches["date_kst"].is_monotonic_increasing:
            return cls(launches)
        return cls(launches.sort_values("date_kst", kind="stable"))

    def __len__(self) -> int:
        if isinstance(self._rows, slice):
            return int(self._rows.stop - self._rows.start)
        return len(self._rows)

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def __getitem__(self, column: str) -> Any:
        """The column as an array (numpy, or Arrow-backed text for many rows)."""
        values = self._columns.get(column)
        if values is None and self._parent is not None and len(self._parent[0]) <= _BOXED_TEXT_ROWS:
            parent, selection = self._parent
            values = self._columns[column] = parent[column][selection]
        if values is None:
            series = self._frame[column]
            if len(self) != len(self._frame):
                series = series.iloc[self._rows]
            if pd.api.types.is_datetime64_dtype(series.dtype):
                values = series.to_numpy()
            elif pd.api.types.is_numeric_dtype(series.dtype):
                values = series.to_numpy(dtype=float, na_value=np.nan)
            else:
                # Text as Python objects answers small questions fastest; a long view's text
                # stays in Arrow, whose comparisons and distinct values beat boxing every row.
                boxed = len(series) <= _BOXED_TEXT_ROWS or column in _LISTED_ONLY
                values = series.to_numpy(dtype=object) if boxed else series.array
            self._columns[column] = values
        return values

    def value(self, position: int, column: str) -> object:
        """One row's value, read from the frame unless the column is already an array."""
        if column not in self._frame.columns:
            return None
        if column in self._columns:
            return self._columns[column][position]
        return self._frame[column].iat[self._absolute(position)]

    def day(self, position: int) -> pd.Timestamp:
        return pd.Timestamp(self.value(position, "date_kst"))

    def ids(self) -> tuple[str, ...]:
        if self._ids is None:
            self._ids = tuple(self["launch_id"].tolist())
        return self._ids

    def event_count(self) -> int:
        return len(pd.unique(self["event_id"]))

    def window(self, start: date | pd.Timestamp | None, end: date | pd.Timestamp) -> _Launches:
        """The launches from `start` (None: the first) to `end`, both days included."""
        days = self["date_kst"]
        first = 0 if start is None else int(np.searchsorted(days, np.datetime64(pd.Timestamp(start)), side="left"))
        last = max(int(np.searchsorted(days, np.datetime64(pd.Timestamp(end)), side="right")), first)
        return self._subset(slice(first, last))

    def where(self, mask: np.ndarray) -> _Launches:
        return self._subset(np.flatnonzero(mask))

    def _absolute(self, position: int) -> int:
        if isinstance(self._rows, slice):
            return int(self._rows.start + (position if position >= 0 else len(self) + position))
        return int(self._rows[position])

    def _subset(self, selection: slice | np.ndarray) -> _Launches:
        rows: slice | np.ndarray
        if isinstance(self._rows, slice) and isinstance(selection, slice):
            rows = slice(self._rows.start + selection.start, self._rows.start + selection.stop)
        elif isinstance(self._rows, slice):
            rows = np.arange(self._rows.start, self._rows.stop)[selection]
        else:
            rows = self._rows[selection]
        columns = {column: values[selection] for column, values in self._columns.items()}
        return _Launches(self._frame, rows, columns, (self, selection))


class _Events(NamedTuple):
    """One entry per launch event, in date order: its id and its first day."""

    ids: np.ndarray
    days: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.days[0])

    def last_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.days[-1])


class _Writer:
    """Collects the figures as the sentences state them."""

    def __init__(self) -> None:
        self._figures: list[Figure] = []

    def count(self, name: str, value: int, launches: _Launches | None = None, *, zero: str = "no") -> str:
        self._figures.append(Figure(name, value, launches.ids() if launches is not None else ()))
        return number_word(value) if value else zero

    def km(self, name: str, value: float, launch_id: str) -> str:
        self._figures.append(Figure(name, value, (launch_id,)))
        return f"{value:,.0f} km"

    def days(self, name: str, value: int) -> str:
        self._figures.append(Figure(name, value))
        return f"{number_word(value)} days" if value != 1 else "one day"

    def figures(self) -> tuple[Figure, ...]:
        return tuple(self._figures)


def _in_order(values: np.ndarray) -> list:
    """The distinct values in row order."""
    return pd.unique(values).tolist()


def _events(launches: _Launches) -> _Events:
    """The events in order of their first launch; the launches are in date order, so that is
    each event's first day."""
    codes, ids = pd.factorize(launches["event_id"])
    first_rows = np.unique(codes, return_index=True)[1]
    return _Events(np.asarray(ids, dtype=object), launches["date_kst"][first_rows])


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


def _counts(values: np.ndarray) -> dict:
    """How often each value occurs, in order of first appearance."""
    codes, distinct = pd.factorize(values)
    return dict(zip(distinct.tolist(), np.bincount(codes, minlength=len(distinct)).tolist(), strict=True))


def _classes(writer: _Writer, launches: _Launches) -> list[str]:
    # Each class's missiles picked by its code: comparing a long view's Arrow text once per class
    # cost its bottom line a sixth of its time.
    codes, distinct = pd.factorize(launches["missile_class"])
    code_of = {cls: code for code, cls in enumerate(distinct.tolist())}
    counts = dict(zip(code_of, np.bincount(codes, minlength=len(distinct)).tolist(), strict=True))
    order = [cls for cls in MISSILE_CLASSES if counts.get(cls)] + sorted(set(counts) - set(MISSILE_CLASSES))
    return [
        f"{writer.count(f'missiles of class {cls}', counts[cls], launches.where(codes == code_of[cls]))} "
        f"{_class_phrase(cls, counts[cls])}"
        for cls in order
    ]


def _types(launches: _Launches) -> list[str]:
    named = [name for name in _in_order(launches["missile"])
             if name and name != UNNAMED_MISSILE and "missile" not in name]
    return named


def _not_blank(values: np.ndarray) -> np.ndarray:
    codes, distinct = pd.factorize(values)
    return np.array([str(value).strip() != "" for value in distinct], dtype=bool)[codes]


def _provinces(launches: _Launches) -> list[str]:
    return [p for p in (str(value) for value in _in_order(launches["province"])) if p and p != "nan"]


def _sites(writer: _Writer, launches: _Launches, events: _Events) -> str:
    """`from Sondok Airbase and Yonpo Airport (South Hamgyong)`, or the busiest sites of many."""
    placed = launches.where(_not_blank(launches["site_name"]))
    names = [str(name) for name in _in_order(placed["site_name"])]
    provinces = _provinces(placed)
    if not names:
        return ""
    if len(names) <= _MAX_NAMED_SITES:
        where = f"from {_join(names)}"
        return where + (f" ({provinces[0]})" if len(provinces) == 1 else "")
    site_codes, sites = pd.factorize(placed["site_name"])
    event_codes, events_seen = pd.factorize(placed["event_id"])
    # Each (site, event) pair once, in no particular order: numpy's unique over a long view's
    # pairs costs a few dozen ms, pandas' hash table about one.
    pairs = pd.unique(site_codes.astype(np.int64) * len(events_seen) + event_codes)
    per_site = np.bincount(pairs // len(events_seen), minlength=len(sites))
    busiest_code = int(np.argsort(-per_site, kind="stable")[0])
    busiest, busiest_events = str(sites[busiest_code]), int(per_site[busiest_code])
    site_count = writer.count("launch sites", len(names), placed)
    if busiest_events == 1:
        return f"from {site_count} sites"
    from_busiest = placed.where(site_codes == busiest_code)
    busiest_count = writer.count(f"launch events from {busiest}", busiest_events, from_busiest)
    return f"from {site_count} sites, most often {busiest} ({busiest_count} {_plural('event', busiest_events)})"


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else noun + "s"


def _what_and_where(writer: _Writer, launches: _Launches, events: _Events) -> str:
    missiles = len(launches)
    classes = _classes(writer, launches)
    types = _types(launches)
    where = _sites(writer, launches, events)
    if len(events) == 1:
        what = _join(classes)
        named = f" ({_join(types)})" if 0 < len(types) <= _MAX_NAMED_TYPES else ""
        sentence = f"North Korea launched {what}{named} on {_day(events.first_day())}"
    else:
        missile_count = writer.count("missiles", missiles, launches)
        event_count = writer.count("launch events", len(events), launches)
        sentence = (
            f"North Korea launched {missile_count} {_plural('missile', missiles)} in {event_count} launch events "
            f"({_join(classes)})"
        )
    return f"{sentence} {where}." if where else f"{sentence}."


@dataclass(frozen=True)
class _Flight:
    """The launch holding a period's longest range or highest apogee."""

    launch_id: str
    event_id: str
    missile: str
    day: pd.Timestamp
    figure: float
    confirmation: str


class _Claimants:
    """Whose headline a flight's figure is, by the precedence rule, from the claims about the
    period's longest and highest flights: the claims table is searched once per draft, not once
    per figure (each search a pandas selection of about a millisecond)."""

    def __init__(self, claims: pd.DataFrame | None, flights: Sequence[_Flight]) -> None:
        self._records: list[dict[str, object]] = []
        if claims is not None and len(claims):
            about = claims["launch_id"].isin([flight.launch_id for flight in flights]) | claims["event_id"].isin(
                [flight.event_id for flight in flights])
            self._records = plain_records(claims[about])

    def agency(self, flight: _Flight, field: str) -> str:
        """` (ROK JCS)`; the launch's confirmation when no claim covers it (a synthetic catalog,
        an analyst launch saved without claims)."""
        # The claims `claims.applying_to` gives: the launch's own and its whole event's.
        mine = [record for record in self._records if record["launch_id"] == flight.launch_id
                or (record["launch_id"] == "" and record["event_id"] == flight.event_id)]
        chosen = headline_of(mine, field)
        agency = str(mine[chosen]["agency"]) if chosen is not None else flight.confirmation
        if agency == "KCNA":
            return " (KCNA's claim)"
        return f" ({agency})" if agency else " (unattributed)"


def _extreme(launches: _Launches, column: str) -> _Flight | None:
    figures = launches[column]
    if np.isnan(figures).all():
        return None
    position = int(np.nanargmax(figures))
    return _Flight(
        launch_id=str(launches.value(position, "launch_id")),
        event_id=str(launches.value(position, "event_id")),
        missile=str(launches.value(position, "missile")),
        day=launches.day(position),
        figure=float(figures[position]),
        confirmation=str(launches.value(position, "confirmation") or ""),
    )


def _record_clause(before: _Launches, column: str, value: float, start: date, what: str) -> str:
    """`the longest range since 29 Nov 2017` when nothing in the year before the period matched it."""
    figures = before[column]
    matched = np.flatnonzero(figures >= value)
    if not len(matched):
        return f"the {what} in the catalog" if (~np.isnan(figures)).any() else ""
    last = int(matched[-1])
    if (pd.Timestamp(start) - before.day(last)).days <= RECORD_LOOKBACK_DAYS:
        return ""
    return f"the {what} since {_day(before.day(last))} ({before.value(last, 'missile')})"


def _how_far_and_high(
    writer: _Writer, launches: _Launches, before: _Launches, start: date, claims: pd.DataFrame | None
) -> str:
    longest = _extreme(launches, "range_km")
    highest = _extreme(launches, "apogee_km")
    if longest is None and highest is None:
        return "No range or apogee has been reported for these launches."
    several_events = launches.event_count() > 1
    claimants = _Claimants(claims, [flight for flight in (longest, highest) if flight is not None])
    parts = []
    if longest is not None:
        detail = f" ({longest.missile}, {_day(longest.day)})" if several_events else ""
        distance = writer.km("longest range", longest.figure, longest.launch_id)
        phrase = f"the longest flight{detail} covered about {distance}"
        range_by = claimants.agency(longest, "range_km")
        if highest is not None and highest.launch_id == longest.launch_id:
            apogee_by = claimants.agency(highest, "apogee_km")
            phrase += "" if apogee_by == range_by else range_by
            phrase += f" at an apogee of about {writer.km('highest apogee', highest.figure, highest.launch_id)}"
            phrase += apogee_by
            highest = None
        else:
            phrase += range_by
        record = _record_clause(before, "range_km", longest.figure, start, "longest range")
        parts.append(f"{phrase}, {record}" if record else phrase)
    if highest is not None:
        detail = f" ({highest.missile}, {_day(highest.day)})" if several_events else ""
        apogee = writer.km("highest apogee", highest.figure, highest.launch_id)
        phrase = f"the highest apogee{detail} was about {apogee}{claimants.agency(highest, 'apogee_km')}"
        record = _record_clause(before, "apogee_km", highest.figure, start, "highest apogee")
        parts.append(f"{phrase}, {record}" if record else phrase)
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _what_is_new(
    writer: _Writer,
    launches: _Launches,
    events: _Events,
    history: _Launches,
    before: _Launches,
    first_flights: pd.Series,
    start: date,
    end: date,
) -> str:
    clauses = []
    flown_on = first_flights.to_numpy()
    flown = set(first_flights.index[(flown_on >= np.datetime64(pd.Timestamp(start)))
                                    & (flown_on <= np.datetime64(pd.Timestamp(end)))])
    missiles = launches["missile"]
    new_types = [name for name in _in_order(missiles) if name in flown]
    if new_types:
        shown = new_types[:_MAX_NAMED_TYPES]
        rest = len(new_types) - len(shown)
        if rest:
            of_new_types = launches.where(pd.Index(missiles).isin(new_types))
            count = writer.count("new types", len(new_types), of_new_types)
            clauses.append(f"first flights of {count} types in the catalog, among them {_join(shown)}")
        else:
            clauses.append(f"the first flight{'s' if len(shown) > 1 else ''} of the {_join(shown)} in the catalog")
    if before.empty:
        clauses.append("the first launch in the catalog with these filters")
    else:
        gap = int((events.first_day() - before.day(-1)).days)
        if gap >= GAP_DAYS:
            clauses.append(f"the first launch in {writer.days('days since the launch before', gap)}")
    if (pd.Timestamp(end) - pd.Timestamp(start)).days < SHORT_PERIOD_DAYS:
        clauses.append(_cadence(writer, events, history))
    clauses = [clause for clause in clauses if clause]
    if not clauses:
        return ""
    sentence = "; ".join(clauses)
    return "New: " + sentence + "."


def _cadence(writer: _Writer, events: _Events, history: _Launches) -> str:
    """`the second launch event in five days` for the period's latest event."""
    latest = events.last_day()
    window = history.window(latest - pd.Timedelta(days=CADENCE_DAYS - 1), latest)
    recent = _events(window)
    if len(recent) < 2:
        return ""
    span = int((latest - recent.first_day()).days) + 1
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
    writer: _Writer, current: _Launches, history: _Launches, start: date, end: date, *, week: bool
) -> str:
    events_now = current.event_count()
    previous_start, previous_end = previous_period(start, end)
    earlier_start, earlier_end = year_earlier(start, end, week=week)
    comparisons = []
    if (previous_start, previous_end) != (earlier_start, earlier_end) and not (
        earlier_start == date(start.year - 1, 1, 1) and earlier_end == date(start.year - 1, 12, 31)
    ):
        previous = history.window(previous_start, previous_end)
        label = _period_label(previous_start, previous_end, week=week, previous=True)
        count = writer.count("launch events in the previous period", previous.event_count(), previous, zero="none")
        comparisons.append(f"{count} in {label}")
    earlier = history.window(earlier_start, earlier_end)
    label = _period_label(earlier_start, earlier_end, week=week, previous=False)
    count = writer.count("launch events a year earlier", earlier.event_count(), earlier, zero="none")
    comparisons.append(f"{count} in {label}")
    now = writer.count("launch events", events_now, current)
    noun = _plural("launch event", events_now)
    return f"That is {now} {noun} against {_join(comparisons)}."


def _title(current: _Launches, events: _Events, history: _Launches, start: date, end: date, *, week: bool) -> str:
    if (end - start).days < SHORT_PERIOD_DAYS:
        latest = current.where(current["event_id"] == events.ids[-1])
        classes = _counts(latest["missile_class"])
        count = len(latest)
        what = f"{number_word(count).capitalize()} {_class_phrase(str(next(iter(classes))), count)}" if (
            len(classes) == 1) else f"{number_word(count).capitalize()} missiles"
        provinces = _provinces(latest)
        where = f" from {provinces[0]}" if len(provinces) == 1 else ""
        latest_text = f"{what}{where} on {_day(events.last_day())}"
        if len(events) == 1:
            return latest_text
        latest_text = latest_text[0].lower() + latest_text[1:]
        return f"{number_word(len(events)).capitalize()} launch events, the latest {latest_text}"
    earlier_start, earlier_end = year_earlier(start, end, week=week)
    before = history.window(earlier_start, earlier_end).event_count()
    now = current.event_count()
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


def _nothing_launched(writer: _Writer, before: _Launches, start: date, end: date) -> str:
    if before.empty:
        return "No launch is recorded in this period or before it with these filters."
    last_day = before.day(-1)
    gap = int((pd.Timestamp(start) - last_day).days)
    return (
        f"No launch is recorded in this period; the last one before it was a {before.value(-1, 'missile')} "
        f"({before.value(-1, 'missile_class')}) on {_day(last_day)}, {writer.days('days before the period', gap)} "
        "before the period began."
    )


def _empty_title(before: _Launches, start: date) -> str:
    if before.empty:
        return "No launches recorded"
    return f"No launches; the last was on {_day(before.day(-1))}"

"""The analyst's view as a value: filters parsed from and written to URL query parameters.

The URL is the state: every page and export reads the same `Filters`, so a copied link reproduces
the view. Parsing never raises; what it cannot use comes back as a notice for the sidebar.

A list parameter is written `class=SRBM,ICBM`; when a value itself holds a comma (note tags are free
text) the list is written in Datasette's JSON-array form, `tag=["kn-23, lofted","assessment"]`,
and both forms are read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from splashdown.catalog import iso_week, today_kst
from splashdown.vocabulary import MISSILE_CLASSES, OUTCOMES

FIRST_LAUNCH_DATE = date(1984, 4, 1)

FILTER_PARAMS: tuple[str, ...] = (
    "week", "from", "to", "class", "site", "province", "outcome", "q", "notes", "tag",
)
# Page-specific parameters the sidebar leaves alone (a selected launch, map options...).
PAGE_PARAMS: frozenset[str] = frozenset({"launch", "exag", "rings", "target", "range", "apogee", "frame"})

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{1,2})$")
_TEXT_COLUMNS = ("launch_id", "missile", "missile_class", "site_name", "province", "sources", "notes")
_MAX_TEXT = 200


@dataclass(frozen=True)
class Filters:
    week: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    classes: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    text: str = ""
    has_notes: bool = False
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A stable string for cache keys and for comparing views: the link's query, URL-encoded, so
        no text typed into a filter can read as another parameter."""
        return urlencode(sorted(to_query(self).items()))


@dataclass(frozen=True)
class ParsedFilters:
    filters: Filters
    notices: tuple[str, ...] = field(default_factory=tuple)


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week like `2021-W12`; ValueError when it does not exist."""
    match = _WEEK_PATTERN.match(week.strip())
    if not match:
        raise ValueError(f"week {week!r} is not an ISO week like 2021-W12")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError as error:
        raise ValueError(f"week {week!r} does not exist ({error})") from None
    return monday, monday + timedelta(days=6)


def shift_week(week: str, weeks: int) -> str:
    monday, _ = week_bounds(week)
    return iso_week(monday + timedelta(weeks=weeks))


def period_bounds(filters: Filters, today: date | None = None) -> tuple[date, date]:
    """The inclusive Korean-date period a view covers: its week, its date range, or this week."""
    if filters.week:
        return week_bounds(filters.week)
    if filters.date_from or filters.date_to:
        return filters.date_from or FIRST_LAUNCH_DATE, filters.date_to or today or today_kst()
    return week_bounds(iso_week(today or today_kst()))


def period_window(today: date | None = None) -> tuple[date, date]:
    """The first and last day a view may cover: the first known launch to the end of next year.

    Periods far outside the catalog's years would only overflow date arithmetic downstream.
    """
    today = today or today_kst()
    return FIRST_LAUNCH_DATE, date(today.year + 1, 12, 31)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start`."""
    length = end - start
    previous_end = start - timedelta(days=1)
    return previous_end - length, previous_end


def describe_period(filters: Filters, today: date | None = None) -> str:
    start, end = period_bounds(filters, today)
    if filters.week:
        return f"{filters.week} ({start:%d %b %Y} – {end:%d %b %Y}, KST)"
    if not (filters.date_from or filters.date_to):
        return f"this week, {iso_week(start)} ({start:%d %b %Y} – {end:%d %b %Y}, KST)"
    return f"{start:%d %b %Y} – {end:%d %b %Y} (KST)"


def describe(filters: Filters, today: date | None = None) -> str:
    """One line saying what the view shows, for captions and export titles."""
    parts = [describe_period(filters, today)]
    if filters.classes:
        parts.append("classes: " + ", ".join(filters.classes))
    if filters.provinces or filters.sites:
        parts.append("sites: " + ", ".join(filters.provinces + filters.sites))
    if filters.outcomes:
        parts.append("outcome: " + ", ".join(filters.outcomes))
    if filters.text:
        parts.append(f'text: "{filters.text}"')
    if filters.has_notes:
        parts.append("with notes")
    if filters.tags:
        parts.append("tags: " + ", ".join(filters.tags))
    return "; ".join(parts)


def apply_filters(
    launches: pd.DataFrame,
    filters: Filters,
    today: date | None = None,
    *,
    period: bool = True,
) -> pd.DataFrame:
    """The launches a view shows. `period=False` keeps every date (for baselines and comparisons)."""
    mask = pd.Series(True, index=launches.index)
    if period:
        start, end = period_bounds(filters, today)
        dates = launches["date_kst"]
        mask &= (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    if filters.classes:
        mask &= launches["missile_class"].isin(filters.classes)
    if filters.sites or filters.provinces:
        mask &= launches["site_id"].isin(filters.sites) | launches["province"].isin(filters.provinces)
    if filters.outcomes:
        mask &= launches["outcome"].isin(filters.outcomes)
    if filters.has_notes and "note_count" in launches:
        mask &= launches["note_count"] > 0
    if filters.tags and "tags" in launches:
        wanted = set(filters.tags)
        mask &= launches["tags"].map(lambda tags: bool(wanted.intersection(tags or ())))
    if filters.text:
        mask &= _text_mask(launches, filters.text)
    return launches.loc[mask]


def _text_mask(launches: pd.DataFrame, text: str) -> pd.Series:
    needle = text.casefold()
    mask = pd.Series(False, index=launches.index)
    for column in _TEXT_COLUMNS:
        if column in launches:
            mask |= launches[column].astype(str).str.casefold().str.contains(needle, regex=False)
    return mask


def to_query(filters: Filters) -> dict[str, str]:
    """Query parameters for a view; defaults are left out so links stay short."""
    query: dict[str, str] = {}
    if filters.week:
        query["week"] = filters.week
    if filters.date_from:
        query["from"] = filters.date_from.isoformat()
    if filters.date_to:
        query["to"] = filters.date_to.isoformat()
    for name, values in (
        ("class", filters.classes),
        ("site", filters.sites),
        ("province", filters.provinces),
        ("outcome", filters.outcomes),
        ("tag", filters.tags),
    ):
        if values:
            query[name] = _join(values)
    if filters.text:
        query["q"] = filters.text
    if filters.has_notes:
        query["notes"] = "1"
    return query


def from_query(
    params: Mapping[str, str],
    *,
    known_sites: frozenset[str] | None = None,
    known_provinces: frozenset[str] | None = None,
    known_tags: frozenset[str] | None = None,
) -> ParsedFilters:
    """Filters from query parameters. Anything unknown or malformed is dropped with a notice.

    `known_*` are the values a link may name (None: any); the page passes the gazetteer's sites
    and provinces and the tags in use.
    """
    notices: list[str] = []
    values: dict[str, Any] = {}

    for name in sorted(set(params) - set(FILTER_PARAMS) - PAGE_PARAMS):
        notices.append(f"Ignored unknown link parameter '{name}'.")

    first, last = period_window()
    covered = f"links cover {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    week = params.get("week", "").strip()
    if week:
        try:
            monday, sunday = week_bounds(week)
            if sunday < first or monday > last:
                notices.append(f"Ignored week '{week}': {covered}.")
            else:
                values["week"] = week.upper()
        except ValueError as error:
            notices.append(f"Ignored {error}.")

    for name, attribute in (("from", "date_from"), ("to", "date_to")):
        raw = params.get(name, "").strip()
        if raw:
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                notices.append(f"Ignored '{name}={raw}': dates are written YYYY-MM-DD.")
                continue
            if first <= day <= last:
                values[attribute] = day
            else:
                notices.append(f"Ignored '{name}={raw}': {covered}.")
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        notices.append("Ignored the date range: 'from' is after 'to'.")
        values.pop("date_from")
        values.pop("date_to")
    if "week" in values and ("date_from" in values or "date_to" in values):
        notices.append("The link gives both a week and dates; showing the week.")
        values.pop("date_from", None)
        values.pop("date_to", None)

    values["classes"] = _known_values(params, "class", frozenset(MISSILE_CLASSES), "missile class", notices)
    values["outcomes"] = _known_values(params, "outcome", frozenset(OUTCOMES), "outcome", notices)
    values["sites"] = _known_values(params, "site", known_sites, "site", notices)
    values["provinces"] = _known_values(params, "province", known_provinces, "province", notices)
    values["tags"] = _known_values(params, "tag", known_tags, "note tag", notices)

    text = params.get("q", "").strip()
    if len(text) > _MAX_TEXT:
        notices.append(f"Shortened the search text to {_MAX_TEXT} characters.")
        text = text[:_MAX_TEXT]
    values["text"] = text

    notes = params.get("notes", "").strip()
    if notes and notes not in {"0", "1"}:
        notices.append(f"Ignored 'notes={notes}': use notes=1.")
    values["has_notes"] = notes == "1"

    return ParsedFilters(Filters(**values), tuple(notices))


def with_week(filters: Filters, week: str) -> Filters:
    return replace(filters, week=week, date_from=None, date_to=None)


def with_dates(filters: Filters, start: date | None, end: date | None) -> Filters:
    return replace(filters, week=None, date_from=start, date_to=end)


def _join(values: tuple[str, ...]) -> str:
    if any("," in value for value in values) or values[0].startswith("["):
        return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return ",".join(values)


def _split(name: str, raw: str, notices: list[str]) -> tuple[str, ...]:
    raw = raw.strip()
    if raw.startswith("["):
        try:
            parts = json.loads(raw)
        except ValueError:
            parts = None
        if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
            notices.append(f"Ignored '{name}={raw[:60]}': a list is written a,b or as a JSON array of texts.")
            return ()
    else:
        parts = raw.split(",")
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


def _known_values(
    params: Mapping[str, str],
    name: str,
    known: frozenset[str] | None,
    label: str,
    notices: list[str],
) -> tuple[str, ...]:
    values = _split(name, params.get(name, ""), notices)
    if known is None:
        return values
    unknown = [value for value in values if value not in known]
    for value in unknown:
        notices.append(f"Ignored unknown {label} '{value}'.")
    return tuple(value for value in values if value in known)

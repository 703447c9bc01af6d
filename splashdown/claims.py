"""Claims: one statement of one figure by one agency, and the one rule that picks a headline.

Decisions:
- A claim is a row of `data/claims.csv`: `event_id, launch_id` (empty launch_id: the statement is
  about the whole event, e.g. a count, or one figure given for a whole salvo), `field`, `agency`,
  `value`, `bound`, `low`, `high`, `published` (the statement's date, empty when the source does
  not date it), `citation`. Initial and revised statements are both kept.
- Bounds: `approx` and `exact` are figures; `at least`, `at most` and `between` are bounds. A
  numeric `at least` puts its number in `value` and `low`, `at most` in `value` and `high`,
  `between` leaves `value` empty and gives `low` and `high`.
- Precedence (documented in data/SOURCES.md): ROK JCS, then Japan MoD, then the US government,
  then the compilations (CNS/NTI, nagix), then media, then KCNA. Among the winning agency's claims
  the latest statement wins (undated statements count as the earliest; on the same date the one
  written later in the file, i.e. the later release). A bound is never a headline figure, but it
  rules out lower-ranked figures it contradicts. One exception for counts: when no count figure
  is left, the largest "at least N" of the best-ranked agency gives N missile rows, because those
  N are known to have flown; the headline then says "at least".
- A figure is *disputed* when the agencies' latest figures differ by more than 10 % of the
  largest, and *KCNA only* when KCNA is the only agency giving a figure. Both are marked on screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from splashdown.numerals import NOT_A_NUMBER, parse_number
from splashdown.vocabulary import (
    AGENCIES,
    BOUNDS,
    CLAIM_COLUMNS,
    CLAIM_FIELDS,
    FIGURE_BOUNDS,
    FIGURE_FIELDS,
    IMPACT_AREAS,
    MISSILE_CLASSES,
    NUMERIC_CLAIM_FIELDS,
    OUTCOMES,
)

DISPUTE_SHARE = 0.10

FIELD_LABELS: dict[str, str] = {
    "count": "missiles", "range_km": "range", "apogee_km": "apogee", "flight_time_min": "flight time",
    "missile_class": "class", "date_kst": "date (Korea)", "time_utc": "time (UTC)", "site": "site",
    "impact_area": "impact area", "outcome": "outcome",
}
_UNITS: dict[str, str] = {"range_km": " km", "apogee_km": " km", "flight_time_min": " min", "count": ""}
_RANK: dict[str, int] = {agency: rank for rank, agency in enumerate(AGENCIES)}
_ID_PATTERN = re.compile(r"^[A-Z]-\d{4}-\d{2}-\d{2}-\d+$")
_TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Plausible numeric claims; the catalog's own bounds for the same fields.
_Report = Callable[[str, str], None]
_NUMBER_LIMITS: dict[str, tuple[float, float]] = {
    "count": (0, 100), "range_km": (0, 20000), "apogee_km": (0, 10000), "flight_time_min": (0, 300),
}


@dataclass(frozen=True)
class Headline:
    """The claim a field's headline comes from."""

    field: str
    agency: str
    value: float | str
    bound: str
    published: str
    citation: str
    position: int  # the claim's row in the claims table (0-based)


def validate_claim_rows(
    frame: pd.DataFrame,
    source_name: str,
    *,
    launch_events: dict[str, str] | None = None,
    site_ids: Iterable[str] | None = None,
) -> list[str]:
    """Row-level messages ("claims.csv row 3: bound = 'roughly': must be one of ..."); empty when valid.

    `launch_events` maps each known launch_id to its event_id: a claim must name a known event,
    and its launch (when given) must belong to that event. `site_ids` checks `site` claims.
    """
    missing = [c for c in CLAIM_COLUMNS if c not in frame.columns]
    if missing:
        return [f"{source_name}: missing column(s) {', '.join(missing)}"]
    events = set(launch_events.values()) if launch_events is not None else None
    sites = set(site_ids) if site_ids is not None else None
    errors: list[str] = []
    for index, row in enumerate(_text(frame).to_dict("records")):
        def report(field: str, reason: str, row: dict[str, str] = row, index: int = index) -> None:
            errors.append(f"{source_name} row {index + 1}: {field} = {row[field]!r}: {reason}")

        _check_ids(row, report, launch_events, events)
        if row["field"] not in CLAIM_FIELDS:
            report("field", f"must be one of {', '.join(CLAIM_FIELDS)}")
        if row["agency"] not in AGENCIES:
            report("agency", f"must be one of {', '.join(AGENCIES)}")
        if row["bound"] not in BOUNDS:
            report("bound", f"must be one of {', '.join(BOUNDS)}")
        elif row["field"] in NUMERIC_CLAIM_FIELDS:
            _check_numeric(row, report)
        elif row["field"] in CLAIM_FIELDS:
            _check_text_value(row, report, sites)
        if row["field"] == "count" and row["launch_id"]:
            report("launch_id", "must be empty for a count (a count is about the whole event)")
        if row["published"]:
            try:
                date.fromisoformat(row["published"]) if _DATE_PATTERN.match(row["published"]) else _raise()
            except ValueError:
                report("published", "must be a date written YYYY-MM-DD or empty (undated)")
        if not row["citation"].strip():
            report("citation", "is required: every claim says where it was stated")
    return errors


def headline(claims: pd.DataFrame, field: str) -> Headline | None:
    """The headline of one field from the claims that apply (one launch's and its event's).

    `claims` is a slice of the claims table, indexed by row position as load_claims gives it;
    the rule itself is `headline_of`.
    """
    records = plain_records(claims)
    chosen = headline_of(records, field)
    if chosen is None:
        return None
    row = records[chosen]
    value: float | str = parse_number(row["value"]) if field in NUMERIC_CLAIM_FIELDS else str(row["value"])
    return Headline(field, str(row["agency"]), value, str(row["bound"]), str(row["published"]),
                    str(row["citation"]), int(claims.index[chosen]))


def plain_records(claims: pd.DataFrame) -> list[dict[str, object]]:
    """The rows as plain dicts, read column by column: `to_dict("records")` costs about a
    millisecond for a handful of Arrow-backed rows, which the pages pay on every rerun."""
    columns = {column: claims[column].tolist() for column in claims.columns}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def headline_of(claims: Sequence[Mapping[str, object]], field: str) -> int | None:
    """The precedence rule on plain records (`field, agency, value, bound, low, high, published`),
    in the order stated: the index of the claim that gives the field's headline, or None.

    The highest-ranked agency's latest figure, leaving out figures that a higher-ranked agency's
    bound rules out (CNS "640 km" under Japan MoD "650 km or more"). A count with no figure left
    takes the largest "at least" of the highest-ranked agency that gives one.
    """
    mine = [i for i, c in enumerate(claims) if c["field"] == field and c["agency"] in _RANK]
    figures = [i for i in mine if claims[i]["bound"] in FIGURE_BOUNDS]
    bounds = [i for i in mine if claims[i]["bound"] not in FIGURE_BOUNDS]
    if field in NUMERIC_CLAIM_FIELDS and bounds:
        figures = [i for i in figures if not _ruled_out(claims[i], [claims[b] for b in bounds])]
    if figures:
        best = min(_RANK[str(claims[i]["agency"])] for i in figures)
        # Latest statement: by date (undated first), then the later one stated.
        return max((i for i in figures if _RANK[str(claims[i]["agency"])] == best),
                   key=lambda i: (str(claims[i]["published"] or ""), i))
    at_least = [i for i in bounds if claims[i]["bound"] == "at least"]
    if field == "count" and at_least:
        best = min(_RANK[str(claims[i]["agency"])] for i in at_least)
        return max((i for i in at_least if _RANK[str(claims[i]["agency"])] == best),
                   key=lambda i: (parse_number(claims[i]["value"]), i))
    return None


def _ruled_out(figure: Mapping[str, object], bounds: Sequence[Mapping[str, object]]) -> bool:
    value = parse_number(figure["value"])
    rank = _RANK[str(figure["agency"])]
    for bound in bounds:
        if _RANK[str(bound["agency"])] >= rank:
            continue
        low, high = parse_number(bound["low"]), parse_number(bound["high"])
        if (not math.isnan(low) and value < low) or (not math.isnan(high) and value > high):
            return True
    return False


def every_claim(catalog_claims: pd.DataFrame, analyst_claims: pd.DataFrame) -> pd.DataFrame:
    """The catalog's claims, then those saved with analyst-added launches: what every page, the pack
    and the exports judge a figure by (the index is the row's position, as `headline` expects)."""
    return pd.concat([catalog_claims, analyst_claims], ignore_index=True)


def applying_to(claims: pd.DataFrame, launch_id: str, event_id: str) -> pd.DataFrame:
    """The claims about one launch: its own and its event's (launch_id empty)."""
    own = claims["launch_id"] == launch_id
    whole_event = (claims["launch_id"] == "") & (claims["event_id"] == event_id)
    return claims[own | whole_event]


def subject_positions(claims: pd.DataFrame) -> dict[tuple[str, str], list[int]]:
    """Positions in `claims` by what each statement is about: `("launch", launch_id)` for a
    launch's own, `("event", event_id)` for a whole event's (launch_id empty). `applying_to` as a
    lookup, for a table searched on every rerun."""
    subjects: dict[tuple[str, str], list[int]] = {}
    for position, (launch_id, event_id) in enumerate(zip(claims["launch_id"].tolist(), claims["event_id"].tolist(),
                                                         strict=True)):
        subject = ("launch", launch_id) if launch_id != "" else ("event", event_id)
        subjects.setdefault(subject, []).append(position)
    return subjects


def confirming_agency_of(claims: Sequence[Mapping[str, object]]) -> str | None:
    """The agency whose claims fill a row: that of the range headline; failing that, of the
    apogee, then the flight time, then the count; failing all, the best-ranked agency with a claim."""
    for field in (*FIGURE_FIELDS, "count"):
        chosen = headline_of(claims, field)
        if chosen is not None:
            return str(claims[chosen]["agency"])
    agencies = [str(c["agency"]) for c in claims if c["agency"] in _RANK]
    return min(agencies, key=_RANK.__getitem__) if agencies else None


def headline_disagreements(launches: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """Where a launch table's figures, confirmation or number of rows differ from the rule's headlines.

    Launches without any claim keep their own confirmation (nothing to check it against).
    """
    problems: list[str] = []
    applying = by_launch(launches, claims)
    for row in launches.to_dict("records"):
        mine = applying[row["launch_id"]]
        for field in FIGURE_FIELDS:
            chosen = headline_of(mine, field)
            expected = math.nan if chosen is None else parse_number(mine[chosen]["value"])
            actual = parse_number(row[field])
            if not (math.isnan(expected) and math.isnan(actual)) and not math.isclose(expected, actual):
                said = "no headline" if chosen is None else _said(mine[chosen], field)
                problems.append(f"{row['launch_id']}: {field} is {row[field]!r}, the rule gives {said}")
        agency = confirming_agency_of(mine) if mine else None
        if agency is not None and row["confirmation"] != agency:
            problems.append(f"{row['launch_id']}: confirmation is {row['confirmation']!r}, the rule gives {agency!r}")
    sizes = launches.groupby("event_id")["launch_id"].size()
    for event, group in claims[claims["launch_id"] == ""].groupby("event_id"):
        records = group.to_dict("records")
        chosen = headline_of(records, "count")
        if chosen is not None and event in sizes and sizes[event] != int(parse_number(records[chosen]["value"])):
            problems.append(f"{event}: {sizes[event]} missile rows, the rule gives {_said(records[chosen], 'count')}")
    return problems


def _said(claim: Mapping[str, object], field: str) -> str:
    return f"{claim['agency']} {describe(claim['value'], str(claim['bound']), claim['low'], claim['high'], field)}"


def latest_figures_of(claims: Sequence[Mapping[str, object]], field: str) -> dict[str, float]:
    """Each agency's latest figure (bounds left out) for one field."""
    figures: dict[str, float] = {}
    for agency in AGENCIES:
        mine = [c for c in claims if c["agency"] == agency and c["field"] == field and c["bound"] in FIGURE_BOUNDS]
        chosen = headline_of(mine, field)
        if chosen is not None:
            figures[agency] = parse_number(mine[chosen]["value"])
    return figures


def mark(claims: pd.DataFrame, field: str) -> str:
    """'disputed', 'KCNA only' or '' for one field of one launch."""
    return mark_of(claims.to_dict("records"), field)


def mark_of(claims: Sequence[Mapping[str, object]], field: str) -> str:
    figures = latest_figures_of(claims, field)
    if not figures:
        return ""
    if set(figures) == {"KCNA"}:
        return "KCNA only"
    largest = max(figures.values())
    if largest > 0 and (largest - min(figures.values())) / largest > DISPUTE_SHARE:
        return "disputed"
    return ""


def by_launch(launches: pd.DataFrame, claims: pd.DataFrame) -> dict[str, list[dict[str, object]]]:
    """Each launch's applicable claims (its own and its event's) as records carrying their
    `position` in the claims table, in the order stated."""
    records = claims.to_dict("records")
    for position, record in zip(claims.index, records):
        record["position"] = int(position)
    own: dict[str, list[dict[str, object]]] = {}
    whole_event: dict[str, list[dict[str, object]]] = {}
    for record in records:
        target = own if record["launch_id"] else whole_event
        target.setdefault(str(record["launch_id"] or record["event_id"]), []).append(record)
    applying: dict[str, list[dict[str, object]]] = {}
    for launch_id, event_id in zip(launches["launch_id"], launches["event_id"]):
        mine = own.get(launch_id, []) + whole_event.get(event_id, [])
        applying[launch_id] = sorted(mine, key=lambda r: int(r["position"]))  # type: ignore[call-overload]
    return applying


def launch_marks(launches: pd.DataFrame, claims: pd.DataFrame) -> dict[str, dict[str, str]]:
    """launch_id -> {field: 'disputed' | 'KCNA only'} for the fields that carry a mark."""
    marks: dict[str, dict[str, str]] = {}
    for launch_id, mine in by_launch(launches, claims).items():
        found = {field: m for field in (*FIGURE_FIELDS, "count") if (m := mark_of(mine, field))}
        if found:
            marks[launch_id] = found
    return marks


def headline_positions(launches: pd.DataFrame, claims: pd.DataFrame) -> set[int]:
    """Positions of the claims some launch's headline uses (figures, and each event's count)."""
    used: set[int] = set()
    for mine in by_launch(launches, claims).values():
        for field in (*FIGURE_FIELDS, "count", "date_kst", "time_utc"):
            chosen = headline_of(mine, field)
            if chosen is not None:
                used.add(int(mine[chosen]["position"]))  # type: ignore[call-overload]
    return used


def describe(value: object, bound: str, low: object, high: object, field: str) -> str:
    """A claim as an analyst would say it: "about 600 km", "650 km or more", "100 to 200 km"."""
    unit = _UNITS.get(field, "")
    if field not in NUMERIC_CLAIM_FIELDS:
        text = str(value)
        return f"about {text}" if bound == "approx" else text
    if bound == "between":
        return f"{_format(low)} to {_format(high)}{unit}"
    number = _format(value)
    if bound == "at least":
        return f"at least {number}{unit}" if field == "count" else f"{number}{unit} or more"
    if bound == "at most":
        return f"at most {number}{unit}" if field == "count" else f"{number}{unit} or less"
    if bound == "approx":
        return f"about {number}{unit}"
    return f"{number}{unit}"


# --- helpers -------------------------------------------------------------------------------------


def _raise() -> None:
    raise ValueError


def _format(value: object) -> str:
    number = parse_number(value)
    if math.isnan(number):
        return ""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}".rstrip("0").rstrip(".")


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), "").astype(str).apply(lambda column: column.str.strip())


def _check_ids(
    row: dict[str, str], report: _Report, launch_events: dict[str, str] | None, events: set[str] | None
) -> None:
    if not _ID_PATTERN.match(row["event_id"]):
        report("event_id", "is required and must look like E-2021-03-25-1")
    elif events is not None and row["event_id"] not in events:
        report("event_id", "is not an event in launches.csv")
    if row["launch_id"]:
        if not _ID_PATTERN.match(row["launch_id"]):
            report("launch_id", "must look like L-2021-03-25-1 or be empty (a claim about the whole event)")
        elif launch_events is not None:
            event = launch_events.get(row["launch_id"])
            if event is None:
                report("launch_id", "is not a launch in launches.csv")
            elif event != row["event_id"]:
                report("launch_id", f"belongs to event {event}, not {row['event_id']}")


def _check_numeric(row: dict[str, str], report: _Report) -> None:
    low_limit, high_limit = _NUMBER_LIMITS[row["field"]]
    numbers: dict[str, float] = {}
    for part in ("value", "low", "high"):
        if row[part]:
            number = parse_number(row[part])
            if not math.isfinite(number):
                report(part, NOT_A_NUMBER if math.isnan(number) else "must be a finite number")
            elif not low_limit < number <= high_limit and not (row["field"] == "range_km" and number == 0):
                report(part, f"must be above {low_limit:g} and at most {high_limit:g}")
            else:
                numbers[part] = number
    bound = row["bound"]
    if bound == "between":
        if row["value"]:
            report("value", "must be empty for a 'between' claim (give low and high)")
        if "low" not in numbers or "high" not in numbers:
            report("low" if "low" not in numbers else "high", "is required for a 'between' claim")
        elif numbers["low"] >= numbers["high"]:
            report("low", f"must be below high ({row['high']})")
        return
    if "value" not in numbers:
        if not row["value"]:
            report("value", "is required")
        return
    expected = {"at least": ("value", ""), "at most": ("", "value")}.get(bound, ("", ""))
    for part, wanted in zip(("low", "high"), expected):
        if wanted and numbers.get(part) != numbers["value"]:
            report(part, f"must repeat the value ({row['value']}) for an '{bound}' claim")
        elif not wanted and row[part]:
            report(part, f"must be empty for an '{bound}' claim")
    if row["field"] == "count" and not numbers["value"].is_integer():
        report("value", "must be a whole number of missiles")


def _check_text_value(row: dict[str, str], report: _Report, sites: set[str] | None) -> None:
    field, value = row["field"], row["value"]
    if row["low"] or row["high"]:
        report("low" if row["low"] else "high", f"must be empty for a {field} claim")
    if row["bound"] not in FIGURE_BOUNDS:
        report("bound", f"must be exact or approx for a {field} claim")
    vocabulary = {"missile_class": MISSILE_CLASSES, "impact_area": IMPACT_AREAS, "outcome": OUTCOMES}.get(field)
    if vocabulary is not None and value not in vocabulary:
        report("value", f"must be one of {', '.join(vocabulary)}")
    elif field == "date_kst":
        try:
            date.fromisoformat(value) if _DATE_PATTERN.match(value) else _raise()
        except ValueError:
            report("value", "must be a date written YYYY-MM-DD (the day of the launch in Korea)")
    elif field == "time_utc" and not _TIME_PATTERN.match(value):
        report("value", 'must be "HH:MM" (UTC, 24-hour)')
    elif field == "site" and (not value or (sites is not None and value not in sites)):
        report("value", "is not a site_id in sites.csv")

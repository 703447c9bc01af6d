"""The curated launch catalog: load and validate data/launches.csv and data/sites.csv.

One row per missile. Every check names the file, the row, the field and the offending value, so a
bad hand edit or a bad import is fixed in seconds. Derived columns (ISO week, site coordinates,
salvo size) are computed here and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from splashdown.claims import validate_claim_rows
from splashdown.config import settings
from splashdown.numerals import NOT_A_NUMBER, NUMBER_TEXT, parse_numbers
from splashdown.vocabulary import (
    BEARING_BASES,
    CLAIM_COLUMNS,
    FIGURE_COLUMNS,
    IMPACT_AREAS,
    KST,
    MISSILE_CLASSES,
    OUTCOMES,
    RAW_COLUMNS,
    SITE_COLUMNS,
    SITE_PRECISIONS,
    TEXT_COLUMNS,
)

DERIVED_COLUMNS: tuple[str, ...] = (
    "week", "year", "site_name", "province", "lat", "lon", "site_precision", "salvo_size", "origin",
)
FIRST_LAUNCH_YEAR = 1984

# Plausible bounds. The Hwasong-19 of 2024-10-31 reached 7,687 km apogee; a satellite launcher's
# stages fall a few thousand km downrange; strategic cruise missiles fly for close to three hours.
# column: (low, high, low is exclusive, high is exclusive)
_NUMERIC_BOUNDS: dict[str, tuple[float, float, bool, bool]] = {
    "range_km": (0.0, 20000.0, False, False),
    "apogee_km": (0.0, 10000.0, True, False),
    "flight_time_min": (0.0, 300.0, True, False),
    "bearing_deg": (0.0, 360.0, False, True),
}
_NOT_A_NUMBER = NOT_A_NUMBER + ", or empty (empty means unknown)"
_ID_PATTERN = re.compile(r"^[A-Z]-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]+$")
_TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MAX_LISTED_ERRORS = 25


class CatalogError(ValueError):
    """The catalog files (or rows offered for import) break the catalog's rules."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:_MAX_LISTED_ERRORS]
        more = len(errors) - len(shown)
        message = "\n".join(shown) + (f"\n... and {more} more" if more else "")
        super().__init__(message)


@dataclass(frozen=True)
class RowProblem:
    """One broken rule: the row (numbered from 1), the field, its value and what is wrong."""

    row: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field} = {self.value!r}: {self.reason}"


@dataclass(frozen=True)
class RejectedLaunch:
    """A saved analyst-added launch that no longer passes the catalog's rules (re-curation renamed
    its site, a bound tightened): left out of the merged catalog and named wherever it is missing."""

    launch_id: str
    date_kst: str
    added_by: str
    problems: tuple[RowProblem, ...]

    def describe(self) -> str:
        return (f"analyst-added launch {self.launch_id} of {self.date_kst} (added by {self.added_by}) "
                f"no longer validates: {'; '.join(map(str, self.problems))}")


def iso_week(day: date | datetime | pd.Timestamp) -> str:
    """The ISO week of a date, written like 2021-W12."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def today_kst() -> date:
    return datetime.now(KST).date()


def load_sites(data_dir: Path | str | None = None) -> pd.DataFrame:
    """data/sites.csv, validated: `site_id, name, aliases, province, lat, lon, precision`."""
    path = _data_dir(data_dir) / "sites.csv"
    raw = _read_text_csv(path, SITE_COLUMNS)
    errors = _site_errors(raw, path.name)
    if errors:
        raise CatalogError(errors)
    sites = raw.copy()
    for column in ("lat", "lon"):
        sites[column] = parse_numbers(sites[column])
    return sites


def load_launches(data_dir: Path | str | None = None) -> pd.DataFrame:
    """data/launches.csv validated against data/sites.csv, with the derived columns."""
    directory = _data_dir(data_dir)
    sites = load_sites(directory)
    path = directory / "launches.csv"
    raw = _read_text_csv(path, RAW_COLUMNS)
    # Parsed once for the checks and the derived frame: parsing every figure column twice cost a
    # 100,000-launch cold start a fifth of a second.
    figures = _parsed_figures(raw)
    problems = _row_problems(raw, sites, require_ids=True, catalog=True, existing_ids=(), figures=figures)
    if problems:
        raise CatalogError(_worded(problems, path.name))
    return _with_derived(raw, sites, origin="catalog", figures=figures)


def load_claims(data_dir: Path | str | None = None) -> pd.DataFrame:
    """data/claims.csv validated against launches.csv and sites.csv: one row per agency statement.

    Columns `event_id, launch_id, field, agency, value, bound, low, high, published, citation`
    (see splashdown.claims); `low` and `high` are floats, the rest text ("" when empty). The index
    is the row's position in the file, which the precedence rule uses to order same-day statements.
    A data folder without claims.csv (a synthetic catalog) has no claims: an empty table.
    """
    directory = _data_dir(data_dir)
    path = directory / "claims.csv"
    if not path.exists():
        return pd.DataFrame({column: pd.Series(dtype="float64" if column in ("low", "high") else str)
                             for column in CLAIM_COLUMNS})
    raw = _read_text_csv(path, CLAIM_COLUMNS)
    launches = _read_text_csv(directory / "launches.csv", ("launch_id", "event_id"))
    sites = _read_text_csv(directory / "sites.csv", ("site_id",))
    errors = validate_claim_rows(
        raw, path.name,
        launch_events=dict(zip(launches["launch_id"], launches["event_id"], strict=True)),
        site_ids=sites["site_id"],
    )
    if errors:
        raise CatalogError(errors)
    claims = _as_text(raw[list(CLAIM_COLUMNS)])
    for column in ("low", "high"):
        claims[column] = pd.to_numeric(claims[column].replace("", None), errors="raise").astype("float64")
    return claims.reset_index(drop=True)


def merge_saved_added(
    launches: pd.DataFrame, added: pd.DataFrame, data_dir: Path | str | None = None
) -> tuple[pd.DataFrame, tuple[RejectedLaunch, ...]]:
    """The catalog plus the saved analyst-added launches that still pass the catalog's rules, and
    the ones that no longer do (re-curation renamed a site, a rule tightened), each with its problems.

    Saved launches are judged one by one: a single stale launch must not take the catalog and every
    colleague's launches down with it. A salvo keeps its missiles that still pass.
    """
    if added is None or added.empty:
        return launches.copy(), ()
    sites = load_sites(data_dir)
    raw = _added_as_text(added)
    problems: dict[int, list[RowProblem]] = {}
    for problem in _row_problems(raw, sites, require_ids=True, catalog=False, existing_ids=_launch_ids(launches)):
        problems.setdefault(problem.row - 1, []).append(problem)
    if not problems:
        return _merged(launches, added, raw, sites), ()
    authors = added["added_by"] if "added_by" in added else pd.Series("", index=added.index)
    rejected = tuple(
        RejectedLaunch(raw["launch_id"].iloc[index], raw["date_kst"].iloc[index], str(authors.iloc[index]),
                       tuple(problems[index]))
        for index in sorted(problems)
    )
    keep = [index not in problems for index in range(len(raw))]
    if not any(keep):
        return launches.copy(), rejected
    return _merged(launches, added[keep], raw[keep], sites), rejected


def _added_as_text(added: pd.DataFrame) -> pd.DataFrame:
    raw = added.copy()
    for column in RAW_COLUMNS:
        if column not in raw.columns:
            raw[column] = ""
    return _as_text(raw)


def _launch_ids(launches: pd.DataFrame) -> list[str]:
    return launches["launch_id"].tolist() if "launch_id" in launches else []


def _merged(launches: pd.DataFrame, added: pd.DataFrame, raw: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    extra = [c for c in added.columns if c not in RAW_COLUMNS]
    derived = _with_derived(raw[list(RAW_COLUMNS)].reset_index(drop=True), sites, origin="analyst")
    for column in extra:
        derived[column] = added[column].to_numpy()
    merged = pd.concat([launches, derived], ignore_index=True)
    for column in extra:
        if merged[column].dtype == object or pd.api.types.is_string_dtype(merged[column]):
            merged[column] = merged[column].fillna("")
    return merged.sort_values(["date_kst", "origin"], kind="stable").reset_index(drop=True)


def validate_launch_rows(
    df: pd.DataFrame,
    source_name: str,
    *,
    sites: pd.DataFrame | None = None,
    require_ids: bool = False,
    catalog: bool = False,
    existing_ids: Iterable[str] = (),
) -> list[str]:
    """Row-level error messages ("launches.csv row 3: range_km = '-5': ..."); empty when all is well.

    Rows are numbered from 1 (the first row under the header). `require_ids` demands launch_id and
    event_id (rows from an import may leave them to the store); `catalog` also demands the
    provenance columns (confirmation, sources) that every curated row carries.
    """
    missing = [c for c in RAW_COLUMNS if c not in df.columns and c not in ("launch_id", "event_id", "notes")]
    if require_ids:
        missing += [c for c in ("launch_id", "event_id") if c not in df.columns]
    if missing:
        return [f"{source_name}: missing column(s) {', '.join(missing)}"]
    return _worded(
        _row_problems(
            df, load_sites() if sites is None else sites,
            require_ids=require_ids, catalog=catalog, existing_ids=existing_ids,
        ),
        source_name,
    )


def _worded(problems: list[RowProblem], source_name: str) -> list[str]:
    return [
        f"{source_name} row {problem.row}: {problem.field} = {problem.value!r}: {problem.reason}"
        for problem in problems
    ]


def _row_problems(
    df: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    require_ids: bool,
    catalog: bool,
    existing_ids: Iterable[str],
    figures: dict[str, pd.Series] | None = None,
) -> list[RowProblem]:
    """`figures`: the figure columns already parsed by `_parsed_figures` (from these rows' text)."""
    rows = _as_text(df)
    known_sites = set(sites["site_id"])
    today = today_kst()
    numbers = _parsed_figures(rows) if figures is None else figures
    if _rows_pass(
        rows, known_sites, today, numbers, require_ids=require_ids, catalog=catalog, existing_ids=existing_ids
    ):
        return []
    errors: list[RowProblem] = []

    def report(index: int, field: str, value: str, reason: str) -> None:
        errors.append(RowProblem(index + 1, field, value, reason))

    seen_ids: dict[str, int] = {}
    existing = set(existing_ids)
    event_dates: dict[str, tuple[str, int]] = {}
    figure_problems = {field: _number_problems(field, rows[field], numbers[field]).tolist() for field in FIGURE_COLUMNS}
    for index, row in enumerate(rows.to_dict("records")):
        launch_id = row.get("launch_id", "")
        event_id = row.get("event_id", "")
        for field, value in (("launch_id", launch_id), ("event_id", event_id)):
            if not value:
                if require_ids:
                    report(index, field, value, "is required")
            elif not _ID_PATTERN.match(value):
                report(index, field, value, "must look like L-2021-03-25-1")
        if launch_id:
            if launch_id in seen_ids:
                report(index, "launch_id", launch_id, f"duplicates row {seen_ids[launch_id] + 1}")
            elif launch_id in existing:
                report(index, "launch_id", launch_id, "is already in the catalog")
            seen_ids.setdefault(launch_id, index)

        day = _check_date(row["date_kst"], today, partial(report, index, "date_kst", row["date_kst"]))
        if day is not None and event_id:
            first = event_dates.setdefault(event_id, (row["date_kst"], index))
            if first[0] != row["date_kst"]:
                report(index, "event_id", event_id, f"row {first[1] + 1} of this event is dated {first[0]}")

        if row["time_utc"] and not _TIME_PATTERN.match(row["time_utc"]):
            report(index, "time_utc", row["time_utc"], 'must be "HH:MM" (UTC, 24-hour) or empty')
        if not row["missile"].strip():
            report(index, "missile", row["missile"], 'is required ("unknown" when not identified)')
        if row["missile_class"] not in MISSILE_CLASSES:
            report(index, "missile_class", row["missile_class"], f"must be one of {', '.join(MISSILE_CLASSES)}")
        if row["site_id"] not in known_sites:
            report(index, "site_id", row["site_id"], "is not a site_id in sites.csv")
        for field, vocabulary in (("impact_area", IMPACT_AREAS), ("outcome", OUTCOMES)):
            if row[field] not in vocabulary:
                report(index, field, row[field], f"must be one of {', '.join(vocabulary)}")

        for field in FIGURE_COLUMNS:
            if figure_problems[field][index]:
                report(index, field, row[field], figure_problems[field][index])
        if row["bearing_deg"]:
            if row["bearing_basis"] not in BEARING_BASES:
                bases = ", ".join(BEARING_BASES)
                report(index, "bearing_basis", row["bearing_basis"], f"must be one of {bases} when a bearing is given")
        elif row["bearing_basis"]:
            report(index, "bearing_basis", row["bearing_basis"], "must be empty when bearing_deg is empty")

        if catalog:
            for field in ("confirmation", "sources"):
                if not row[field].strip():
                    report(index, field, row[field], "is required for a curated row")
    return errors


# --- helpers -------------------------------------------------------------------------------------


def _rows_pass(
    rows: pd.DataFrame,
    known_sites: set[str],
    today: date,
    numbers: dict[str, pd.Series],
    *,
    require_ids: bool,
    catalog: bool,
    existing_ids: Iterable[str],
) -> bool:
    """Every rule of `validate_launch_rows`, column at a time: a 100,000-row catalog validates in
    a fraction of a second. Only when something fails does the row loop run to word the errors."""
    ok = True
    for field in ("launch_id", "event_id"):
        if field in rows:
            values = rows[field]
            present = values != ""
            ok &= bool(values[present].str.fullmatch(_ID_PATTERN.pattern.strip("^$")).all())
            ok &= not (require_ids and not present.all())
    if "launch_id" in rows:
        ids = rows.loc[rows["launch_id"] != "", "launch_id"]
        ok &= not ids.duplicated().any() and not ids.isin(set(existing_ids)).any()
    dates = pd.to_datetime(rows["date_kst"], format="%Y-%m-%d", errors="coerce")
    ok &= bool(rows["date_kst"].str.fullmatch(_DATE_PATTERN.pattern.strip("^$")).all()) and not dates.isna().any()
    if not ok:
        return False
    # Midnight timestamps against today's midnight: no date object boxed per row.
    ok &= bool((dates.dt.year >= FIRST_LAUNCH_YEAR).all() and (dates <= pd.Timestamp(today)).all())
    if "event_id" in rows:
        with_event = rows["event_id"] != ""
        ok &= bool((rows.loc[with_event].groupby("event_id")["date_kst"].nunique() <= 1).all())
    times = rows["time_utc"]
    ok &= bool((times.eq("") | times.str.fullmatch(_TIME_PATTERN.pattern.strip("^$"))).all())
    ok &= bool((rows["missile"].str.strip() != "").all())
    ok &= bool(rows["missile_class"].isin(MISSILE_CLASSES).all() and rows["site_id"].isin(known_sites).all())
    ok &= bool(rows["impact_area"].isin(IMPACT_AREAS).all() and rows["outcome"].isin(OUTCOMES).all())
    for field in FIGURE_COLUMNS:
        ok &= not _number_problem_codes(field, rows[field], numbers[field])[0].any()
    with_bearing = rows["bearing_deg"] != ""
    ok &= bool(rows.loc[with_bearing, "bearing_basis"].isin(BEARING_BASES).all())
    ok &= bool((rows.loc[~with_bearing, "bearing_basis"] == "").all())
    if catalog:
        ok &= bool((rows["confirmation"].str.strip() != "").all() and (rows["sources"].str.strip() != "").all())
    return ok


def _read_csv_text(path: Path) -> pd.DataFrame:
    """Every cell as text, "" when empty. Arrow's reader gives the same frame as pandas' own in about
    a fifth of the time (a tenth of a second or more of a 100,000-launch cold start), but refuses a
    row with a field too many or too few outright; pandas' reader then reads the file as before, so
    the checks name the row and field as they always did."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", engine="pyarrow")
    except pd.errors.ParserError:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else settings().data_dir


def _read_text_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise CatalogError([f"{path}: file not found"])
    try:
        frame = _read_csv_text(path)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise CatalogError([f"{path.name}: cannot be read as UTF-8 CSV ({error})"]) from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CatalogError([f"{path.name}: missing column(s) {', '.join(missing)}"])
    return frame


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a stripped string, "" for missing, whatever types the caller passed."""
    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
            return ""
        if isinstance(value, (pd.Timestamp, datetime)):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    if not len(frame):
        return frame.astype(str)
    # Frames read from CSV as text only need stripping; other types go cell by cell.
    return frame.apply(
        lambda column: column.str.strip() if pd.api.types.is_string_dtype(column) and not column.isna().any()
        else column.map(cell)
    )


def _check_date(value: str, today: date, report: Callable[[str], None]) -> date | None:
    if not _DATE_PATTERN.match(value):
        report("must be a date written YYYY-MM-DD (Korean local date)")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        report("is not a calendar date")
        return None
    if day.year < FIRST_LAUNCH_YEAR:
        report(f"is before {FIRST_LAUNCH_YEAR}, the first known North Korean missile test")
    elif day > today:
        report(f"is in the future (today is {today.isoformat()} in Korea)")
    return day


def number_problems(field: str, text: pd.Series) -> pd.Series:
    """Why each cell of a figure column breaks the catalog's rules ("" when it does not).

    The one rule for figures: the fast check over a whole catalog and the wording of each row's
    error both read it, so they cannot disagree.
    """
    return _number_problems(field, text, parse_numbers(text))


def _number_problems(field: str, text: pd.Series, numbers: pd.Series) -> pd.Series:
    codes, reasons = _number_problem_codes(field, text, numbers)
    return pd.Series(np.array(reasons, dtype=object)[codes], index=text.index, dtype=object)


def _parsed_figures(rows: pd.DataFrame) -> dict[str, pd.Series]:
    return {field: parse_numbers(rows[field]) for field in FIGURE_COLUMNS}


def _number_problem_codes(field: str, text: pd.Series, numbers: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    """`number_problems` as the position of each cell's reason (0: none): the fast check needs
    no text, and selecting strings for 100,000 cells costs a cold start a tenth of a second.
    `numbers` is `parse_numbers(text)`."""
    text = text.astype(str)
    given = text != ""
    written = text.str.fullmatch(NUMBER_TEXT)
    low, high, low_exclusive, high_exclusive = _NUMERIC_BOUNDS[field]
    below = (numbers <= low) if low_exclusive else (numbers < low)
    above = (numbers >= high) if high_exclusive else (numbers > high)
    if field == "bearing_deg":
        below_reason = above_reason = "must be a bearing from 0 to below 360 degrees"
    else:
        below_reason = f"must be {'above' if low_exclusive else 'at least'} {low:g}"
        above_reason = f"is implausible (above {high:g})"
    reasons = ("", _NOT_A_NUMBER, "must be a finite number", below_reason + " (leave it empty when unknown, never 0)",
               below_reason, above_reason)
    codes = np.select(
        [~given, ~written, ~np.isfinite(numbers), below & (numbers == 0), below, above], [0, 1, 2, 3, 4, 5], default=0
    )
    return codes, reasons


def _site_errors(sites: pd.DataFrame, source_name: str) -> list[str]:
    errors: list[str] = []
    seen: dict[str, int] = {}
    # Parsed by column: one pandas parse per cell cost a cold start a sixth of a second.
    numbers = {field: parse_numbers(sites[field]).tolist() for field in ("lat", "lon")}
    for index, row in enumerate(sites.to_dict("records")):
        def report(field: str, reason: str, index: int = index, row: dict = row) -> None:
            errors.append(f"{source_name} row {index + 1}: {field} = {row[field]!r}: {reason}")

        if not row["site_id"] or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["site_id"]):
            report("site_id", "must be a lower-case slug like sondok")
        elif row["site_id"] in seen:
            report("site_id", f"duplicates row {seen[row['site_id']] + 1}")
        seen.setdefault(row["site_id"], index)
        if row["precision"] not in SITE_PRECISIONS:
            report("precision", f"must be one of {', '.join(SITE_PRECISIONS)}")
        if not row["name"].strip():
            report("name", "is required")
        located = row["precision"] != "unknown"
        for field, limit in (("lat", 90.0), ("lon", 180.0)):
            if not located:
                if row[field]:
                    report(field, "must be empty for a site of unknown location")
                continue
            number = numbers[field][index]
            if math.isnan(number):
                report(field, NOT_A_NUMBER)
                continue
            if not -limit <= number <= limit:
                report(field, f"must be within ±{limit:g}")
        if located and not row["province"].strip():
            report("province", "is required for a located site")
    return errors


def _with_derived(
    raw: pd.DataFrame, sites: pd.DataFrame, origin: str, figures: dict[str, pd.Series] | None = None
) -> pd.DataFrame:
    frame = raw[list(RAW_COLUMNS)].copy()
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].astype(str)
    frame["date_kst"] = pd.to_datetime(frame["date_kst"], format="%Y-%m-%d").astype("datetime64[ns]")
    for column in FIGURE_COLUMNS:
        frame[column] = parse_numbers(frame[column]) if figures is None else figures[column]

    iso = frame["date_kst"].dt.isocalendar()
    frame["week"] = (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).astype(str)
    frame["year"] = frame["date_kst"].dt.year.astype("int64")
    # Looked up once per distinct site, then spread by position: five maps over 100,000 launches
    # cost a cold start a tenth of a second.
    positions, site_ids = pd.factorize(frame["site_id"])
    site_rows = pd.Series(site_ids)
    lookup = sites.set_index("site_id")
    for column, field, dtype in (("site_name", "name", "str"), ("province", "province", "str"),
                                 ("lat", "lat", "float64"), ("lon", "lon", "float64"),
                                 ("site_precision", "precision", "str")):
        per_site = site_rows.map(lookup[field]).to_numpy(dtype=object)
        frame[column] = pd.Series(per_site[positions], index=frame.index).astype(dtype)
    frame["salvo_size"] = frame.groupby("event_id")["launch_id"].transform("size").astype("int64")
    frame["origin"] = origin
    return frame[list(RAW_COLUMNS + DERIVED_COLUMNS)].reset_index(drop=True)

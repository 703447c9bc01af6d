"""CSV import of analyst launches: a template, row-by-row validation, a preview, an all-or-nothing commit.

The same functions serve the Add-launch page and `python -m splashdown import FILE.csv`.
Rows are numbered as the catalog numbers them: row 1 is the first row under the header.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from splashdown import catalog
from splashdown.config import settings
from splashdown.vocabulary import RAW_COLUMNS, UNNAMED_MISSILE

TEMPLATE_COLUMNS: tuple[str, ...] = tuple(c for c in RAW_COLUMNS if c != "launch_id")
REQUIRED_COLUMNS: tuple[str, ...] = ("date_kst", "site_id")
# Empty cells that have an honest default: a class or outcome nobody reported is "unknown".
_DEFAULTS: dict[str, str] = {"missile": UNNAMED_MISSILE, "missile_class": "unknown", "impact_area": "unknown",
                             "outcome": "unknown"}
MAX_BYTES = 5_000_000
MAX_ROWS = 5_000
MAX_CELL_CHARS = 10_000
DUPLICATE_WINDOW_DAYS = 1


@dataclass(frozen=True)
class ImportPreview:
    """What an import would add: the rows as they will be stored, or why it cannot be done."""

    source_name: str
    rows: pd.DataFrame
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and len(self.rows) > 0

    def records(self) -> list[dict[str, str]]:
        return self.rows[list(TEMPLATE_COLUMNS)].to_dict("records")


def template_csv() -> bytes:
    """The header an import file needs, one column per raw catalog field (launch ids are assigned)."""
    return (",".join(TEMPLATE_COLUMNS) + "\n").encode("utf-8")


def read_import(
    data: bytes,
    source_name: str,
    *,
    sites: pd.DataFrame | None = None,
    launches: pd.DataFrame | None = None,
) -> ImportPreview:
    """Validate every row of an import file; errors name the file, row, field and value."""
    empty = pd.DataFrame(columns=list(TEMPLATE_COLUMNS))
    if len(data) > MAX_BYTES:
        return ImportPreview(source_name, empty, [
            f"{source_name}: the file is {len(data):,} bytes; an import takes at most {MAX_BYTES:,} bytes."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ImportPreview(source_name, empty, [
            f"{source_name}: byte {error.start + 1} is not UTF-8 text; save the file as CSV UTF-8."])
    if "\x00" in text:
        return ImportPreview(source_name, empty, [
            f"{source_name}: the file contains NUL bytes; it is not a CSV text file."])
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        return ImportPreview(source_name, empty, [f"{source_name}: not a readable CSV file ({error})."])
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        return ImportPreview(source_name, empty, [f"{source_name}: the file is empty; start from the template."])
    header = [name.strip() for name in table[0]]
    header_errors = _header_errors(header, source_name)
    if header_errors:
        return ImportPreview(source_name, empty, header_errors)
    body = table[1:]
    if not body:
        return ImportPreview(source_name, empty, [f"{source_name}: there are no rows under the header."])
    if len(body) > MAX_ROWS:
        return ImportPreview(source_name, empty, [
            f"{source_name}: {len(body):,} rows; an import takes at most {MAX_ROWS:,} rows at a time."])
    errors: list[str] = []
    records: list[dict[str, str]] = []
    for number, cells in enumerate(body, start=1):
        if len(cells) > len(header):
            errors.append(f"{source_name} row {number}: {len(cells)} cells for {len(header)} columns "
                          f"(a comma inside a value needs quotes)")
        row = {name: (cells[index].strip() if index < len(cells) else "") for index, name in enumerate(header)}
        if row.get("launch_id"):
            errors.append(f"{source_name} row {number}: launch_id = {row['launch_id']!r}: leave it empty; "
                          f"analyst launches get their A-... id when saved")
        for column, value in row.items():
            if len(value) > MAX_CELL_CHARS:
                errors.append(f"{source_name} row {number}: {column} is {len(value):,} characters long; "
                              f"at most {MAX_CELL_CHARS:,} fit")
        records.append({column: row.get(column, "") or _DEFAULTS.get(column, "") for column in TEMPLATE_COLUMNS})
    rows = pd.DataFrame(records, columns=list(TEMPLATE_COLUMNS))
    errors += catalog.validate_launch_rows(rows.assign(launch_id=""), source_name, sites=sites)
    warnings = _duplicate_warnings(rows, launches, sites, source_name) if not errors else []
    return ImportPreview(source_name, rows, errors, warnings)


def commit_import(preview: ImportPreview, store, author: str) -> list[str]:  # noqa: ANN001 - domain Store
    """Store every previewed row or none; returns the new launch ids."""
    if not preview.ok:
        raise ValueError(f"{preview.source_name} has errors; nothing was imported.")
    return store.add_launches(preview.records(), author, source_text=f"CSV import: {preview.source_name}")


def matching_launches(
    launches: pd.DataFrame, day: date, province: str, days: int = DUPLICATE_WINDOW_DAYS
) -> pd.DataFrame:
    """Launches already known on the same Korean date (± `days`) from the same province or area."""
    if launches is None or launches.empty or not province:
        return launches.iloc[0:0] if launches is not None else pd.DataFrame()
    start, end = pd.Timestamp(day - timedelta(days=days)), pd.Timestamp(day + timedelta(days=days))
    dates = launches["date_kst"]
    same_area = launches["province"].str.casefold() == province.casefold()
    return launches[(dates >= start) & (dates <= end) & same_area]


def _header_errors(header: list[str], source_name: str) -> list[str]:
    errors: list[str] = []
    known = set(TEMPLATE_COLUMNS) | {"launch_id"}
    unknown = [name for name in header if name not in known]
    if unknown:
        errors.append(f"{source_name}: unknown column(s) {', '.join(repr(n) for n in unknown)}; "
                      f"the template's columns are {', '.join(TEMPLATE_COLUMNS)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        errors.append(f"{source_name}: column(s) {', '.join(repeated)} appear more than once")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append(f"{source_name}: missing required column(s) {', '.join(missing)}")
    return errors


def _duplicate_warnings(rows: pd.DataFrame, launches: pd.DataFrame | None, sites: pd.DataFrame | None,
                        source_name: str) -> list[str]:
    if launches is None or launches.empty:
        return []
    sites = catalog.load_sites() if sites is None else sites
    province_of = dict(zip(sites["site_id"], sites["province"]))
    warnings: list[str] = []
    for number, row in enumerate(rows.to_dict("records"), start=1):
        province = province_of.get(row["site_id"], "")
        known = matching_launches(launches, date.fromisoformat(row["date_kst"]), province)
        if len(known):
            ids = ", ".join(known["launch_id"].head(4))
            warnings.append(f"{source_name} row {number}: {row['date_kst']} from {province} may already be "
                            f"known as {ids}")
    return warnings


def main(argv: Sequence[str]) -> int:
    """`python -m splashdown import FILE.csv`: 0 imported (or valid on --dry-run), 1 invalid file, 2 usage."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown import",
        description="Import analyst launches from a CSV file (columns of the template), all or nothing.",
    )
    parser.add_argument("file", type=Path, help="CSV file with the template's columns")
    parser.add_argument("--author", default=None,
                        help="who adds the launches (default: SPLASHDOWN_ANALYST or the OS user)")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and show what would be imported, write nothing")
    parser.add_argument("--database-url", default=None, help="store to write to (default: SPLASHDOWN_DATABASE_URL)")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    if not args.file.is_file():
        print(f"splashdown import: {args.file}: no such file", file=sys.stderr)
        return 2
    config = settings()
    author = (args.author or config.analyst or getpass.getuser()).strip()
    size = args.file.stat().st_size
    if size > MAX_BYTES:  # refuse by size before reading a byte of it
        print(f"{args.file.name}: the file is {size:,} bytes; an import takes at most {MAX_BYTES:,} bytes.\n"
              f"{args.file.name}: nothing was imported.", file=sys.stderr)
        return 1
    catalog_launches = catalog.load_launches()
    preview = read_import(args.file.read_bytes(), args.file.name, launches=catalog_launches)
    if not preview.ok:
        for message in preview.errors or [f"{args.file.name}: no launches to import"]:
            print(message, file=sys.stderr)
        print(f"{args.file.name}: nothing was imported.", file=sys.stderr)
        return 1
    for warning in preview.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(_summary_table(preview.rows))
    if args.dry_run:
        print(f"{args.file.name} is valid: {len(preview.rows)} launch(es) would be imported "
              f"(dry run, nothing written).")
        return 0
    from splashdown.store import open_store

    try:
        store = open_store(args.database_url or config.database_url)
    except Exception as error:  # noqa: BLE001 - any driver error: say so plainly, import nothing
        print(f"splashdown import: cannot open the store ({type(error).__name__}: {error}); nothing was imported.",
              file=sys.stderr)
        return 1
    try:
        launch_ids = commit_import(preview, store, author)
    except Exception as error:  # noqa: BLE001 - the store rolled back; nothing landed
        print(f"{args.file.name}: {error} Nothing was imported.", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Imported {len(launch_ids)} launch(es) from {args.file.name} as {author}: {', '.join(launch_ids)}")
    return 0


def _summary_table(rows: pd.DataFrame) -> str:
    shown = rows[["date_kst", "missile_class", "site_id", "range_km", "apogee_km", "impact_area"]].copy()
    shown.index = pd.RangeIndex(1, len(shown) + 1, name="row")
    return shown.to_string()

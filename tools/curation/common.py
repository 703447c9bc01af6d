"""What every curation step shares: paths, the missile record, the claim, and CSV reading."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from splashdown.vocabulary import KST, UNNAMED_MISSILE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
CURATION_DIR = DATA_DIR / "curation"
DEFAULT_SOURCES = PROJECT_ROOT.parent / "shared" / "sources"
CNS_ROWS = 245  # the first 245 nagix rows are the CNS/NTI table, in the same order


@dataclass
class Record:
    """One missile, as the curation builds it up before ids are given."""

    key: str
    date_kst: date
    time_utc: str = ""
    missile: str = UNNAMED_MISSILE
    missile_class: str = "unknown"
    site_id: str = ""
    range_km: float | None = None
    apogee_km: float | None = None
    flight_time_min: float | None = None
    bearing_deg: float | None = None
    bearing_basis: str = ""
    impact_area: str = "unknown"
    outcome: str = "unknown"
    confirmation: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    utc_date: str = ""
    nagix_bearing: float | None = None
    reported_direction: float | None = None
    curated_bearing: bool = False
    corrected: set[str] = field(default_factory=set)


@dataclass
class Claim:
    """One statement of one figure by one agency, anchored to a record until ids are given.

    `whole_event` claims are about the anchor's event (a count, or one figure for a salvo).
    """

    anchor: str
    whole_event: bool
    field: str
    agency: str
    value: str
    bound: str
    citation: str
    published: str = ""
    low: str = ""
    high: str = ""


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a curation table; lines whose first cell starts with # are comments."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if not row.get(next(iter(row)), "").startswith("#")]


def write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def number(raw: object) -> float | None:
    if raw in (None, "", "unknown", "na"):
        return None
    return float(raw)  # type: ignore[arg-type]


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def kst_date(utc_date: str, time_utc: str) -> date:
    if len(utc_date) == 7:
        return date.fromisoformat(f"{utc_date}-01")
    day = date.fromisoformat(utc_date)
    if not time_utc:
        return day
    return datetime.combine(day, datetime.strptime(time_utc, "%H:%M").time(), UTC).astimezone(KST).date()


def kst_minutes(time_utc: str) -> int:
    hours, minutes = (int(part) for part in time_utc.split(":"))
    return ((hours + 9) % 24) * 60 + minutes


def jst_minutes(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def figure_claim(anchor: str, whole_event: bool, field: str, agency: str, value: float, bound: str,
                 citation: str, published: str = "") -> Claim:
    """A numeric claim with low/high filled as its bound demands."""
    text = fmt_number(value)
    low = text if bound == "at least" else ""
    high = text if bound == "at most" else ""
    return Claim(anchor, whole_event, field, agency, text, bound, citation, published, low, high)


def between_claim(anchor: str, whole_event: bool, field: str, agency: str, low: float, high: float,
                  citation: str, published: str = "") -> Claim:
    return Claim(anchor, whole_event, field, agency, "", "between", citation, published,
                 fmt_number(low), fmt_number(high))

"""nagix/nk-missile-tests rows become the catalog's missile records; CNS/NTI and nagix figures become claims.

The first 245 nagix rows are the CNS/NTI table row for row: for them the CNS figure is the
CNS/NTI claim (dated by CNS's "Date Entered/Updated") and nagix only adds a claim where its
figure differs. Later rows are nagix's own preliminary compilation (undated claims).
`curation/compilation_fixes.csv` corrects a compilation's transcription error (swapped range and
apogee) that the agencies' own releases show, and says so in the claim's citation.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from tools.curation.common import (
    CNS_ROWS,
    CURATION_DIR,
    Claim,
    Record,
    between_claim,
    figure_claim,
    kst_date,
    number,
    read_csv,
)

NAGIX_LANDING = {
    "sea-of-japan": "east-sea",
    "yellow-sea": "yellow-sea",
    "pacific-ocean": "pacific",
    "north-korea": "land",
    "unknown": "unknown",
    "na": "unknown",
}
NAGIX_SITE_RENAMES = {"pyongyang": "sunan", "sondok-ab": "sondok"}
NAGIX_CLASS = {"Unknown": "unknown"}
_CORRECTABLE = ("time_utc", "missile", "missile_class", "site_id", "impact_area", "outcome")


def _nagix_rows(sources: Path) -> list[tuple[str, dict]]:
    """Every nagix row with its stable key: UTC date as written there, then its order on that date."""
    tests = json.loads((sources / "nagix-nk-missile-tests" / "test.en.json").read_text())
    keyed: list[tuple[str, dict]] = []
    per_date: dict[str, int] = defaultdict(int)
    for time_bin in tests["timeBins"]:
        for row in time_bin["data"]:
            per_date[row["date"]] += 1
            keyed.append((f"nagix:{row['date']}#{per_date[row['date']]}", row))
    return keyed


def nagix_records(sources: Path, site_ids: set[str]) -> tuple[list[Record], list[Claim]]:
    """One record per nagix row, and the CNS/NTI and nagix range and apogee claims."""
    missiles = json.loads((sources / "nagix-nk-missile-tests" / "missile.en.json").read_text())
    cns_rows = _cns_rows(sources)
    fixes = _compilation_fixes()
    records: list[Record] = []
    claims: list[Claim] = []
    for position, (key, row) in enumerate(_nagix_rows(sources)):
        time_utc = "" if row["time"] == "unknown" else row["time"].split(" ")[0]
        missile = missiles[row["missile"]]
        site_id = NAGIX_SITE_RENAMES.get(row["facility"], row["facility"])
        if site_id not in site_ids:
            raise SystemExit(f"{key}: nagix facility {row['facility']!r} has no site row")
        from_cns = position < CNS_ROWS
        record = Record(
            key=key,
            date_kst=kst_date(row["date"], time_utc),
            time_utc=time_utc,
            missile="unknown" if row["missile"] == "unknown" else missile["name"],
            missile_class=NAGIX_CLASS.get(missile["type"], missile["type"]),
            site_id=site_id,
            impact_area=NAGIX_LANDING[row["landing"]],
            outcome=row["outcome"],
        )
        record.nagix_bearing = float(row["bearing"])
        record.utc_date = row["date"]
        record.sources.append(f"CNS/NTI DB F1 {position + 1}" if from_cns else f"nagix {row['date']} UTC")
        if len(row["date"]) == 7:
            record.notes.append(f"month only ({row['date']}); the day is not known")
        records.append(record)
        nagix_citation = f"nagix/nk-missile-tests {row['date']} UTC row {key.split('#')[1]}"
        for field_name, column in (("range_km", "distance"), ("apogee_km", "apogee")):
            nagix_value = number(row[column])
            fix = fixes.get((key, field_name, "nagix"))
            if from_cns:
                cns = cns_rows[position]
                cns_claim = _cns_claim(key, field_name, cns, fixes.get((key, field_name, "CNS/NTI")))
                if cns_claim is not None:
                    claims.append(cns_claim)
                if nagix_value is None or (cns_claim is not None and nagix_value == float(cns_claim.value or "nan")):
                    continue
            if nagix_value is None:
                continue
            citation = nagix_citation
            if fix is not None:
                if fix["value"] == "":
                    continue
                nagix_value = float(fix["value"])
                citation += f" (corrected: {fix['reason']})"
            claims.append(figure_claim(key, False, field_name, "nagix", nagix_value, "approx", citation))
    _inherit_sibling_dates(records)
    return records, claims


def apply_corrections(records: list[Record]) -> None:
    """Field-level fixes to records that are not figures (dates, times, sites, classes, notes)."""
    by_key = {record.key: record for record in records}
    for row in read_csv(CURATION_DIR / "corrections.csv"):
        record = by_key.get(row["key"])
        if record is None:
            raise SystemExit(f"corrections.csv: no record with key {row['key']!r}")
        field_name, value = row["field"], row["value"]
        if field_name == "note":
            record.notes.append(value)
        elif field_name == "source":
            record.sources.append(value)
        elif field_name == "date_kst":
            record.date_kst = date.fromisoformat(value)
        elif field_name in _CORRECTABLE:
            setattr(record, field_name, value)
        else:
            raise SystemExit(
                f"corrections.csv {row['key']}: cannot correct {field_name!r} here; figures are claims "
                "(curation/claims.csv, or curation/compilation_fixes.csv for a compilation's slip)"
            )
        if field_name not in ("note", "source"):
            record.corrected.add(field_name)
            record.sources.append(row["citation"].split(" (")[0].split("; ")[0])


def _cns_rows(sources: Path) -> list[dict[str, str]]:
    path = sources / "cns-nk-missile-test-db" / "north_korea_missile_test_database.csv"
    with path.open(encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


def _compilation_fixes() -> dict[tuple[str, str, str], dict[str, str]]:
    """(record key, field, agency) -> the corrected value ("" drops the claim) and the reason."""
    return {(row["key"], row["field"], row["agency"]): row for row in read_csv(CURATION_DIR / "compilation_fixes.csv")}


def _cns_claim(key: str, field_name: str, cns: dict[str, str], fix: dict[str, str] | None) -> Claim | None:
    text = cns["Apogee" if field_name == "apogee_km" else "Distance Travelled"]
    citation = f"CNS/NTI North Korea Missile Test Database F1 {cns['F1']}"
    published = _cns_date(cns["Date Entered/Updated"])
    if fix is not None:
        if fix["value"] == "":
            return None
        return figure_claim(key, False, field_name, "CNS/NTI", float(fix["value"]), "approx",
                            f"{citation} (corrected: {fix['reason']})", published)
    between = re.fullmatch(r"\s*between ([\d,.]+) and ([\d,.]+) km\s*", text)
    if between:
        low, high = (float(part.replace(",", "")) for part in between.groups())
        return between_claim(key, False, field_name, "CNS/NTI", low, high, citation, published)
    value = _cns_number(text)
    if value is None:
        return None
    return figure_claim(key, False, field_name, "CNS/NTI", value, "approx", citation, published)


def _cns_number(text: str) -> float | None:
    """ "450 km" -> 450; "Unknown", "N/A", ranges and the placeholder "0 km" -> None."""
    found = re.fullmatch(r"\s*([\d,]+(?:\.\d+)?)\s*(?:km|lm)\s*", text)
    if not found:
        return None
    value = float(found.group(1).replace(",", ""))
    return value or None


def _cns_date(text: str) -> str:
    for pattern in ("%d-%b-%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return ""


def _inherit_sibling_dates(records: list[Record]) -> None:
    """An untimed row takes the KST date of timed rows from the same facility on the same UTC date."""
    timed: dict[tuple[str, str], set[date]] = defaultdict(set)
    for record in records:
        if record.time_utc:
            timed[(record.utc_date, record.site_id)].add(record.date_kst)
    for record in records:
        dates = timed.get((record.utc_date, record.site_id), set())
        if not record.time_utc and len(dates) == 1:
            record.date_kst = next(iter(dates))

"""Build data/launches.csv and data/sites.csv from the public sources and the hand-curated tables.

Reads `../shared/sources/` (override with --sources) and `data/curation/*.csv`; the product never
reads the sources. Run it with `make curate`. Ids already recorded in data/curation/ids.csv are
kept, so annotations that reference a launch survive re-curation.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
CURATION_DIR = DATA_DIR / "curation"
DEFAULT_SOURCES = PROJECT_ROOT.parent / "shared" / "sources"

LAUNCH_COLUMNS = [
    "launch_id", "event_id", "date_kst", "time_utc", "missile", "missile_class", "site_id",
    "range_km", "apogee_km", "flight_time_min", "bearing_deg", "bearing_basis", "impact_area",
    "outcome", "confirmation", "sources", "notes",
]
SITE_COLUMNS = ["site_id", "name", "aliases", "province", "lat", "lon", "precision"]
KST = timedelta(hours=9)

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
JMOD_DIRECTION = {"北": 0.0, "北東": 45.0, "東": 90.0, "南東": 135.0, "南": 180.0,
                  "南西": 225.0, "西": 270.0, "北西": 315.0, "東北東": 67.5, "東南東": 112.5}
IMPACT_BEARING = {"east-sea": 90.0, "pacific": 90.0, "yellow-sea": 270.0}

# Romanization variants of province names, used to build the alias lists of province rows.
_PROVINCE_STEMS: dict[str, list[str]] = {
    "Hamgyong": ["Hamgyong", "Hamkyung", "Hamgyŏng", "Hamkyong", "Hamgyeong", "Ham'gyong",
                 "Hamgyung", "Hamkyŏng"],
    "Pyongan": ["Pyongan", "Phyongan", "P'yongan", "P'yŏngan", "Pyŏngan", "Pyeongan", "Pyong'an"],
    "Hwanghae": ["Hwanghae", "Hwanghai"],
}
_SINGLE_PROVINCES: dict[str, list[str]] = {
    "Jagang": ["Jagang", "Chagang", "Jagang-do", "Chagang-do", "Chagangdo", "Jagangdo"],
    "Kangwon": ["Kangwon", "Gangwon", "Kangwŏn", "Kangwong", "Kangwon-do", "Gangwon-do",
                "North Korea's Kangwon"],
    "Ryanggang": ["Ryanggang", "Yanggang", "Ryanggang-do", "Yanggang-do"],
    "Pyongyang": ["Pyongyang", "P'yongyang", "Phyongyang", "Pyŏngyang", "Pyongyang area",
                  "Pyongyang city"],
    "Nampo": ["Nampo", "Namp'o", "Nampho", "Nampo City"],
}
_DIRECTION_WORDS = {
    "North": ["North", "N.", "Northern"],
    "South": ["South", "S.", "Southern"],
}
_KOREAN_SUFFIX = {"North": ["bukto", "pukto", "bukdo", "pukdo"], "South": ["namdo", "namdo"]}


@dataclass
class Record:
    """One missile, as the curation builds it up before ids are given."""

    key: str
    date_kst: date
    time_utc: str = ""
    missile: str = "unknown"
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
    event_group: str = ""


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if not row.get(next(iter(row)), "").startswith("#")]


def _number(raw: object) -> float | None:
    if raw in (None, "", "unknown", "na"):
        return None
    return float(raw)  # type: ignore[arg-type]


def _fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))


# --- sites -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _province_aliases(name: str) -> list[str]:
    parts = name.split(" ", 1)
    if len(parts) == 2 and parts[0] in _DIRECTION_WORDS:
        direction, stem = parts
        aliases: list[str] = []
        for variant in _PROVINCE_STEMS[stem]:
            for word in _DIRECTION_WORDS[direction]:
                aliases.append(f"{word} {variant}")
            for suffix in _KOREAN_SUFFIX[direction]:
                aliases.append(f"{variant}-{suffix}")
        return _unique(aliases)
    return _unique(_SINGLE_PROVINCES.get(name, [name]))


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def build_sites(sources: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """Facility rows (hand-curated), named counties and every province (open-admin-data-kp)."""
    facilities = _read_csv(CURATION_DIR / "facilities.csv")
    wanted_counties = {row["county"] for row in facilities if row["county"]}
    wanted_counties |= {row["county"] for row in _read_csv(CURATION_DIR / "counties.csv")}

    provinces = json.loads((sources / "open-admin-data-kp" / "all-province.json").read_text())
    counties = json.loads((sources / "open-admin-data-kp" / "all-county.json").read_text())

    rows: list[dict[str, str]] = []
    for row in facilities:
        rows.append({column: row[column] for column in SITE_COLUMNS})
    facility_ids = {row["site_id"] for row in rows}
    for county in sorted(counties, key=lambda c: c["name"]["en"]):
        name = county["name"]["en"]
        if name not in wanted_counties:
            continue
        base = name.removesuffix(" City").removesuffix(" Dist.")
        site_id = f"county-{_slug(base)}"
        if site_id in facility_ids:
            raise SystemExit(f"county id {site_id} collides with a facility id")
        rows.append({
            "site_id": site_id,
            "name": f"{base} County" if not name.endswith((" City", " Dist.")) else name,
            "aliases": ";".join(_unique([name, base, f"{base} County", f"{base}-gun", f"{base} area"])),
            "province": county["parent"]["name"]["en"],
            "lat": county["geo"]["lat"],
            "lon": county["geo"]["lon"],
            "precision": "county",
        })
    for province in sorted(provinces, key=lambda p: p["name"]["en"]):
        name = province["name"]["en"]
        rows.append({
            "site_id": f"prov-{_slug(name)}",
            "name": f"{name} Province" if name not in {"Pyongyang", "Nampo"} else name,
            "aliases": ";".join(_province_aliases(name)),
            "province": name,
            "lat": province["geo"]["lat"],
            "lon": province["geo"]["lon"],
            "precision": "province",
        })
    known_provinces = {p["name"]["en"] for p in provinces}
    for row in rows:
        if row["province"] not in known_provinces and row["precision"] != "unknown":
            raise SystemExit(f"site {row['site_id']}: unknown province {row['province']!r}")
    return rows, {row["site_id"]: row for row in rows}


# --- nagix / CNS ---------------------------------------------------------------------------------


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


def _kst_date(utc_date: str, time_utc: str) -> date:
    if len(utc_date) == 7:
        return date.fromisoformat(f"{utc_date}-01")
    day = date.fromisoformat(utc_date)
    if not time_utc:
        return day
    stamp = datetime.combine(day, datetime.strptime(time_utc, "%H:%M").time()) + KST
    return stamp.date()


def nagix_records(sources: Path, site_ids: set[str]) -> list[Record]:
    missiles = json.loads((sources / "nagix-nk-missile-tests" / "missile.en.json").read_text())
    records: list[Record] = []
    for key, row in _nagix_rows(sources):
        time_utc = "" if row["time"] == "unknown" else row["time"].split(" ")[0]
        missile = missiles[row["missile"]]
        site_id = NAGIX_SITE_RENAMES.get(row["facility"], row["facility"])
        if site_id and site_id not in site_ids:
            raise SystemExit(f"{key}: nagix facility {row['facility']!r} has no site row")
        record = Record(
            key=key,
            date_kst=_kst_date(row["date"], time_utc),
            time_utc=time_utc,
            missile="unknown" if row["missile"] == "unknown" else missile["name"],
            missile_class=NAGIX_CLASS.get(missile["type"], missile["type"]),
            site_id=site_id,
            range_km=_number(row["distance"]),
            apogee_km=_number(row["apogee"]),
            impact_area=NAGIX_LANDING[row["landing"]],
            outcome=row["outcome"],
            confirmation="CNS/NTI" if row["date"] <= "2023-04-12" else "nagix",
        )
        record.sources.append(
            f"CNS/NTI DB + nagix {row['date']} UTC" if row["date"] <= "2023-04-12" else f"nagix {row['date']} UTC"
        )
        _nagix_bearing(record, float(row["bearing"]))
        if len(row["date"]) == 7:
            record.notes.append(f"month only ({row['date']}); day unknown")
        records.append(record)
    return records


def _nagix_bearing(record: Record, bearing: float) -> None:
    """A 90° nagix bearing is its default; other values are nagix/CNS estimates from landing reports."""
    if bearing != 90.0:
        record.bearing_deg, record.bearing_basis = bearing, "inferred"
    elif record.impact_area in IMPACT_BEARING:
        record.bearing_deg, record.bearing_basis = IMPACT_BEARING[record.impact_area], "inferred"
    else:
        record.bearing_deg, record.bearing_basis = 90.0, "assumed"


# --- ids -----------------------------------------------------------------------------------------


def _province_of(record: Record, sites: dict[str, dict[str, str]]) -> str:
    return sites[record.site_id]["province"] if record.site_id in sites else ""


def assign_ids(records: list[Record], sites: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Reuse recorded ids; give new records the next free number on their KST date."""
    id_path = CURATION_DIR / "ids.csv"
    known = {row["key"]: row for row in _read_csv(id_path)}
    used_launch: dict[str, int] = defaultdict(int)
    used_event: dict[str, int] = defaultdict(int)
    for row in known.values():
        for used, value in ((used_launch, row["launch_id"]), (used_event, row["event_id"])):
            prefix, number = value.rsplit("-", 1)
            used[prefix] = max(used[prefix], int(number))

    groups: dict[tuple[date, str], list[Record]] = defaultdict(list)
    for record in records:
        group = record.event_group or _province_of(record, sites) or record.site_id
        groups[(record.date_kst, group)].append(record)

    ids: dict[str, tuple[str, str]] = {}
    for (day, _), members in sorted(groups.items(), key=lambda item: (item[0][0], _first_time(item[1]))):
        event_id = next((known[m.key]["event_id"] for m in members if m.key in known), "")
        if not event_id:
            prefix = f"E-{day.isoformat()}"
            used_event[prefix] += 1
            event_id = f"{prefix}-{used_event[prefix]}"
        for member in members:
            if member.key in known:
                ids[member.key] = (known[member.key]["launch_id"], known[member.key]["event_id"])
                continue
            prefix = f"L-{day.isoformat()}"
            used_launch[prefix] += 1
            ids[member.key] = (f"{prefix}-{used_launch[prefix]}", event_id)

    rows = [{"key": key, "launch_id": launch_id, "event_id": event_id} for key, (launch_id, event_id) in ids.items()]
    rows += [row for key, row in known.items() if key not in ids]
    rows.sort(key=lambda row: _id_sort_key(row["launch_id"]))
    with id_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["key", "launch_id", "event_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return [
        {"launch_id": ids[r.key][0], "event_id": ids[r.key][1], **_raw_columns(r)} for r in records
    ]


def _first_time(members: list[Record]) -> str:
    times = [m.time_utc for m in members if m.time_utc]
    return min(times) if times else "99:99"


def _id_sort_key(launch_id: str) -> tuple[str, int]:
    prefix, number = launch_id.rsplit("-", 1)
    return prefix, int(number)


def _raw_columns(record: Record) -> dict[str, str]:
    return {
        "date_kst": record.date_kst.isoformat(),
        "time_utc": record.time_utc,
        "missile": record.missile,
        "missile_class": record.missile_class,
        "site_id": record.site_id,
        "range_km": _fmt_number(record.range_km),
        "apogee_km": _fmt_number(record.apogee_km),
        "flight_time_min": _fmt_number(record.flight_time_min),
        "bearing_deg": _fmt_number(record.bearing_deg),
        "bearing_basis": record.bearing_basis if record.bearing_deg is not None else "",
        "impact_area": record.impact_area,
        "outcome": record.outcome,
        "confirmation": record.confirmation,
        "sources": " | ".join(_unique(record.sources)),
        "notes": "; ".join(_unique(record.notes)),
    }


# --- main ----------------------------------------------------------------------------------------


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="the shared sources folder")
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        print(f"sources folder not found: {args.sources}", file=sys.stderr)
        return 2

    site_rows, sites = build_sites(args.sources)
    records = nagix_records(args.sources, set(sites))
    records.sort(key=lambda r: (r.date_kst, r.time_utc or "99:99", r.key))
    launch_rows = assign_ids(records, sites)
    launch_rows.sort(key=lambda row: (row["date_kst"], _id_sort_key(row["launch_id"])))

    _write(DATA_DIR / "sites.csv", SITE_COLUMNS, site_rows)
    _write(DATA_DIR / "launches.csv", LAUNCH_COLUMNS, launch_rows)
    print(f"{len(launch_rows)} launches, {len(site_rows)} sites written to {DATA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
sys.path.insert(0, str(PROJECT_ROOT))

from splashdown.sites import fold  # noqa: E402

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
CNS_ROWS = 245  # the first 245 nagix rows are the CNS/NTI table, in the same order

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
    "Kangwon": ["Kangwon", "Gangwon", "Kangwŏn", "Kangwong", "Kangwon-do", "Gangwon-do"],
    "Ryanggang": ["Ryanggang", "Yanggang", "Ryanggang-do", "Yanggang-do"],
    "Pyongyang": ["Pyongyang", "P'yongyang", "Phyongyang", "Pyŏngyang", "Pyongyang area",
                  "Pyongyang city"],
    "Nampo": ["Nampo Special City", "Nampho Special City", "Nampo province"],
}
_PROVINCE_NAMES = {"Pyongyang": "Pyongyang", "Nampo": "Nampo Special City"}
_DIRECTION_WORDS = {
    "North": ["North", "N.", "Northern"],
    "South": ["South", "S.", "Southern"],
}
_KOREAN_SUFFIX = {"North": ["bukto", "pukto", "bukdo", "pukdo"], "South": ["namdo"]}


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
    utc_date: str = ""
    nagix_bearing: float | None = None
    reported_direction: float | None = None
    curated_bearing: bool = False
    corrected: set[str] = field(default_factory=set)
    jmod_filled: set[str] = field(default_factory=set)


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


def _county_forms(name: str, base: str) -> list[str]:
    if name.endswith((" City", " Dist.")):
        return [f"{base} City"]
    return [f"{base} County", f"{base}-gun"]


_PRECISION_ORDER = {"facility": 0, "county": 1, "province": 2, "unknown": 3}


def _drop_shared_aliases(rows: list[dict[str, str]]) -> None:
    """An alias names one place: the most specific site keeps it, the others drop it."""
    owner: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: _PRECISION_ORDER[r["precision"]]):
        name_key = fold(row["name"])
        if name_key in owner and owner[name_key] != row["site_id"]:
            raise SystemExit(f"site {row['site_id']}: name {row['name']!r} already names {owner[name_key]}")
        owner.setdefault(name_key, row["site_id"])
        kept = []
        for alias in row["aliases"].split(";") if row["aliases"] else []:
            key = fold(alias)
            if key and owner.setdefault(key, row["site_id"]) == row["site_id"]:
                kept.append(alias)
        row["aliases"] = ";".join(kept)


def build_sites(sources: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """Facility rows (hand-curated), named counties and every province (open-admin-data-kp)."""
    facilities = _read_csv(CURATION_DIR / "facilities.csv")
    county_aliases = {row["county"]: row["aliases"].split(";") for row in _read_csv(CURATION_DIR / "counties.csv")}
    represented = {row["county"] for row in facilities if row["precision"] == "county"}
    wanted_counties = {row["county"] for row in facilities if row["county"]} | set(county_aliases)
    wanted_counties -= represented - set(county_aliases)

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
            "aliases": ";".join(_unique([name, base, *_county_forms(name, base), *county_aliases.get(name, [])])),
            "province": county["parent"]["name"]["en"],
            "lat": county["geo"]["lat"],
            "lon": county["geo"]["lon"],
            "precision": "county",
        })
    for province in sorted(provinces, key=lambda p: p["name"]["en"]):
        name = province["name"]["en"]
        rows.append({
            "site_id": f"prov-{_slug(name)}",
            "name": _PROVINCE_NAMES.get(name, f"{name} Province"),
            "aliases": ";".join(_province_aliases(name)),
            "province": name,
            "lat": province["geo"]["lat"],
            "lon": province["geo"]["lon"],
            "precision": "province",
        })
    _drop_shared_aliases(rows)
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
    """One record per nagix row; rows up to 2023-04-12 are the CNS/NTI table row for row."""
    missiles = json.loads((sources / "nagix-nk-missile-tests" / "missile.en.json").read_text())
    keyed = _nagix_rows(sources)
    records: list[Record] = []
    for position, (key, row) in enumerate(keyed):
        time_utc = "" if row["time"] == "unknown" else row["time"].split(" ")[0]
        missile = missiles[row["missile"]]
        site_id = NAGIX_SITE_RENAMES.get(row["facility"], row["facility"])
        if site_id not in site_ids:
            raise SystemExit(f"{key}: nagix facility {row['facility']!r} has no site row")
        from_cns = position < CNS_ROWS
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
            confirmation="CNS/NTI" if from_cns else "nagix",
        )
        record.nagix_bearing = float(row["bearing"])
        record.utc_date = row["date"]
        record.sources.append(
            f"CNS/NTI DB F1 {position + 1}" if from_cns else f"nagix {row['date']} UTC"
        )
        if len(row["date"]) == 7:
            record.notes.append(f"month only ({row['date']}); the day is not known")
        records.append(record)
    _inherit_sibling_dates(records)
    return records


def cross_check_cns(records: list[Record], sources: Path) -> None:
    """Note where nagix's figure is not the CNS/NTI one (CNS rows are nagix's first 245, in order)."""
    path = sources / "cns-nk-missile-test-db" / "north_korea_missile_test_database.csv"
    with path.open(encoding="latin-1", newline="") as handle:
        cns_rows = list(csv.DictReader(handle))
    nagix = [r for r in records if r.key.startswith("nagix:")]
    for record, cns in zip(nagix[:CNS_ROWS], cns_rows):
        for field_name, column in (("range_km", "Distance Travelled"), ("apogee_km", "Apogee")):
            if field_name in record.corrected:
                continue
            label = "range" if field_name == "range_km" else "apogee"
            ours, theirs = getattr(record, field_name), _cns_number(cns[column])
            if ours is not None and theirs is None:
                record.notes.append(f"{label} from nagix (CNS/NTI: {cns[column].strip() or 'blank'})")
            elif ours is not None and theirs is not None and abs(ours - theirs) > 0.5:
                record.notes.append(f"CNS/NTI {label} {theirs:g} km")


def _cns_number(text: str) -> float | None:
    """ "450 km" -> 450; "Unknown", "N/A", ranges and the placeholder "0 km" -> None."""
    found = re.fullmatch(r"\s*([\d,]+(?:\.\d+)?)\s*(?:km|lm)\s*", text)
    if not found:
        return None
    value = float(found.group(1).replace(",", ""))
    return value or None


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


def _angle_between(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def apply_corrections(records: list[Record]) -> None:
    by_key = {record.key: record for record in records}
    for row in _read_csv(CURATION_DIR / "corrections.csv"):
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
        elif field_name in ("range_km", "apogee_km", "flight_time_min"):
            setattr(record, field_name, _number(value))
        elif field_name in ("time_utc", "missile", "missile_class", "site_id", "impact_area",
                            "outcome", "confirmation"):
            setattr(record, field_name, value)
        else:
            raise SystemExit(f"corrections.csv: cannot correct field {field_name!r}")
        if field_name not in ("note", "source"):
            record.corrected.add(field_name)
        if field_name != "source":
            record.sources.append(row["citation"].split(" (")[0].split("; ")[0])


def addition_records() -> list[Record]:
    records: list[Record] = []
    for row in _read_csv(CURATION_DIR / "additions.csv"):
        count = int(row["count"])
        times = row["time_utc"].split(";") if ";" in row["time_utc"] else [row["time_utc"]] * count
        if len(times) != count:
            raise SystemExit(f"additions.csv {row['key']}: {len(times)} times for {count} missiles")
        for number in range(1, count + 1):
            record = Record(
                key=f"{row['key']}#{number}",
                date_kst=date.fromisoformat(row["date_kst"]),
                time_utc=times[number - 1],
                missile=row["missile"],
                missile_class=row["missile_class"],
                site_id=row["site_id"],
                range_km=_number(row["range_km"]),
                apogee_km=_number(row["apogee_km"]),
                flight_time_min=_number(row["flight_time_min"]),
                bearing_deg=_number(row["bearing_deg"]),
                bearing_basis=row["bearing_basis"],
                impact_area=row["impact_area"],
                outcome=row["outcome"],
                confirmation=row["confirmation"],
                sources=row["sources"].split(" | "),
                notes=[row["notes"]] if row["notes"] else [],
            )
            record.curated_bearing = record.bearing_deg is not None
            records.append(record)
    return records


def finish_bearings(records: list[Record]) -> None:
    """A reported direction wins; then nagix/CNS estimates; a bare 90° is nagix's default."""
    for record in records:
        if record.curated_bearing:
            continue
        if record.reported_direction is not None:
            estimate = record.nagix_bearing
            if estimate is not None and estimate != 90.0 and _angle_between(estimate, record.reported_direction) <= 22.5:
                record.bearing_deg = estimate
            else:
                record.bearing_deg = record.reported_direction
                if estimate is not None and estimate != 90.0:
                    record.notes.append(f"nagix/CNS bearing estimate {estimate:g}°")
            record.bearing_basis = "reported"
        elif record.nagix_bearing is not None and record.nagix_bearing != 90.0:
            record.bearing_deg, record.bearing_basis = record.nagix_bearing, "inferred"
        elif record.impact_area in IMPACT_BEARING:
            record.bearing_deg, record.bearing_basis = IMPACT_BEARING[record.impact_area], "inferred"
        elif record.nagix_bearing is not None:
            record.bearing_deg, record.bearing_basis = 90.0, "assumed"



# --- Japan MoD -----------------------------------------------------------------------------------

_BOUND_WORDS = {"at least": "at least", "over": "over", "at most": "or below"}


def apply_jmod(records: list[Record], sources: Path) -> list[str]:
    """Cite, fill and cross-check from the Japan MoD releases; returns releases matching no record."""
    reports = json.loads((sources / "jmod-launch-reports" / "launch-reports.extract.json").read_text())["reports"]
    fixes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _read_csv(CURATION_DIR / "jmod_fixes.csv"):
        fixes[row["release"]].append(row)
    by_launch: dict[str, list[dict]] = defaultdict(list)
    for report in reports:
        by_launch[report["launchJst"]].append(report)
    per_day: dict[str, int] = defaultdict(int)
    for launch in by_launch:
        per_day[launch[:10]] += 1

    unmatched: list[str] = []
    for launch, group in sorted(by_launch.items()):
        group.sort(key=lambda r: r["id"])
        final = group[-1]
        citations = [f"Japan MoD {r['id']}" + (" (preliminary)" if r is not final else "") for r in group]
        matched = _jmod_matches(final, records, only_release_that_day=per_day[launch[:10]] == 1)
        if not matched:
            if not any(final["id"] in source for r in records for source in r.sources):
                unmatched.append(final["id"])
            continue
        release_fixes = {fix["field"]: fix for fix in fixes.get(final["id"], [])}
        for record in matched:
            record.sources.extend(citations)
        for field_name, values in (("range_km", final["rangeKm"]), ("apogee_km", final["apogeeKm"])):
            bound_field = "rangeBound" if field_name == "range_km" else "apogeeBound"
            fix = release_fixes.get(field_name)
            if fix:
                for record in matched:
                    _reconcile_bound(record, field_name, fix["value"], fix["bound"], final["id"])
                continue
            pairs = _spread(matched, values, final["timesJst"], final["count"])
            for record, value in pairs:
                _reconcile(record, field_name, float(value), final.get(bound_field), final["id"])
            if values and not pairs:
                label = "ranges" if field_name == "range_km" else "apogees"
                for record in matched:
                    record.notes.append(f"Japan MoD {label} for this salvo: " + ", ".join(f"{v:g} km" for v in values))
        if final["flightMinutes"]:
            for record in matched:
                if record.flight_time_min is None:
                    record.flight_time_min = float(final["flightMinutes"])
                    record.jmod_filled.add("flight_time_min")
        direction = final["directionJa"]
        if direction and "direction" not in release_fixes:
            for record in matched:
                record.reported_direction = JMOD_DIRECTION[direction]
        elif "direction" in release_fixes:
            for record in matched:
                record.notes.append("Japan MoD: fired in two directions")
    return unmatched


def _jmod_matches(report: dict, records: list[Record], only_release_that_day: bool) -> list[Record]:
    day = date.fromisoformat(report["launchJst"][:10])
    candidates = [r for r in records if r.date_kst == day and r.key.startswith("nagix:")]
    if report["precision"] == "day":
        return candidates if only_release_that_day else []
    stamps = [_jst_minutes(t) for t in report["timesJst"]] or [_jst_minutes(report["launchJst"][11:16])]
    slack = 20 if report["precision"] == "minute" else 90
    low, high = min(stamps) - slack, max(stamps) + slack + (59 if report["precision"] == "hour" else 0)
    matched = [r for r in candidates if r.time_utc and low <= _kst_minutes(r.time_utc) <= high]
    if only_release_that_day:
        matched += [r for r in candidates if not r.time_utc]
    return sorted(matched, key=lambda r: (r.time_utc == "", _kst_minutes(r.time_utc) if r.time_utc else 0))


def _jst_minutes(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def _kst_minutes(time_utc: str) -> int:
    hours, minutes = (int(part) for part in time_utc.split(":"))
    return ((hours + 9) % 24) * 60 + minutes


def _spread(matched: list[Record], values: list, times: list[str], count: int | None) -> list[tuple[Record, object]]:
    """Pair each matched missile with its figure: one per missile, or one stated for them all."""
    if not values:
        return []
    if len(values) == len(matched):
        return list(zip(matched, values))
    if len(values) == 1 and (len(times) <= 1 or count == len(times)):
        return [(record, values[0]) for record in matched]
    if len(values) == len(times) and all(r.time_utc for r in matched):
        stamps = [_jst_minutes(t) for t in times]
        pairs = []
        for record in matched:
            minute = _kst_minutes(record.time_utc)
            nearest = min(range(len(stamps)), key=lambda i: abs(stamps[i] - minute))
            pairs.append((record, values[nearest]))
        return pairs
    return []


def _reconcile(record: Record, field_name: str, value: float, bound: str | None, release: str) -> None:
    label = "apogee" if field_name == "apogee_km" else "range"
    current = getattr(record, field_name)
    if bound:
        _reconcile_bound(record, field_name, f"{value:g}", bound, release)
        return
    if current is None:
        setattr(record, field_name, value)
        record.jmod_filled.add(field_name)
    elif abs(current - value) > 0.02 * max(current, value):
        record.notes.append(f"Japan MoD {label} {value:,.0f} km")


def _reconcile_bound(record: Record, field_name: str, value: str, bound: str, release: str) -> None:
    label = "apogee" if field_name == "apogee_km" else "range"
    current = getattr(record, field_name)
    if bound == "between":
        low, high = (float(part) for part in value.split("-"))
        if current is None or not low <= current <= high:
            record.notes.append(f"Japan MoD {label} {low:g} to {high:g} km")
        return
    number = float(value)
    consistent = current is not None and (current <= number if bound == "at most" else current >= number)
    if not consistent:
        words = f"{number:g} km or below" if bound == "at most" else f"{bound} {number:g} km"
        record.notes.append(f"Japan MoD {label} {words}")


# --- CSIS ----------------------------------------------------------------------------------------

CSIS_CLASS = {
    "Short-range Ballistic Missile Launch": "SRBM",
    "Short-range Missile Launch": "SRBM",
    "Medium-range Ballistic Missile Launch": "MRBM",
    "Intermediate-range Ballistic Missile Launch": "IRBM",
    "Intercontinental Ballistic Missile": "ICBM",
    "Submarine Launched Ballistic Missile Launch": "SLBM",
    "Multiple Lanuch Rocket System (MLRS) Test": "SRBM",
    "Multiple Launch Rocket System (MLRS) Test": "SRBM",
    "Satellite Launch": "SLV",
    "Satellite Launch (Other Provocation)": "SLV",
}
CSIS_AUDIT_FROM = "2019-01-01"


def apply_csis(records: list[Record], sources: Path) -> list[str]:
    """Cite the CSIS row of each launch day, take its class label and its ROK JCS figures.

    Returns the CSIS rows from 2019 on that neither match a catalogued launch nor are excluded.
    """
    rows = json.loads((sources / "csis-provocations-stiles" / "raw" / "north_korea_provocations_1958_present.json").read_text())
    rows = [r for r in rows if r["type"] == "Missile Provocation" or "Satellite Launch" in r["event"]]
    links = {row["csis_date"]: row["action"] for row in _read_csv(CURATION_DIR / "csis_links.csv")}
    by_day: dict[date, list[Record]] = defaultdict(list)
    for record in records:
        by_day[record.date_kst].append(record)

    unaccounted: list[str] = []
    for row in sorted(rows, key=lambda r: r["date"]):
        action = links.get(row["date"], "")
        if action == "exclude":
            continue
        day = date.fromisoformat(row["date"])
        cruise = "ruise" in row["event"]
        if action.startswith("cite:"):
            targets = by_day.get(date.fromisoformat(action[5:]), [])
        else:
            targets = _csis_targets(by_day, day, cruise)
        if not targets:
            if row["date"] >= CSIS_AUDIT_FROM:
                unaccounted.append(f"{row['date']} {row['event']}")
            continue
        citation = f"CSIS Beyond Parallel {row['date']}"
        label_class = CSIS_CLASS.get(row["event"].strip())
        text = re.sub(r"(?<=\d),(?=\d{3})", "", row["description"])
        from_jcs = "Joint Chiefs" in text or "JCS" in text
        for record in targets:
            if citation not in record.sources:
                record.sources.append(citation)
            if label_class and record.missile_class == "unknown" and "missile_class" not in record.corrected:
                record.missile_class = label_class
            if (
                from_jcs and record.range_km is not None and "range_km" not in record.jmod_filled
                and "confirmation" not in record.corrected and record.confirmation in ("CNS/NTI", "nagix")
                and re.search(rf"\b{record.range_km:g}\s*(km|kilomet)", text)
            ):
                record.confirmation = "ROK JCS"
    return unaccounted


def _csis_targets(by_day: dict[date, list[Record]], day: date, cruise: bool) -> list[Record]:
    def compatible(day_: date) -> list[Record]:
        return [r for r in by_day.get(day_, []) if (r.missile_class == "cruise") == cruise]

    exact = compatible(day)
    if exact:
        return exact
    near = [compatible(day - timedelta(days=1)), compatible(day + timedelta(days=1))]
    near = [group for group in near if group]
    return near[0] if len(near) == 1 else []


def finish_confirmation(records: list[Record]) -> None:
    """A row whose only figures came from Japan MoD is Japan MoD's; figures from two sources are noted."""
    for record in records:
        filled = record.jmod_filled & {"range_km", "apogee_km"}
        if not filled:
            continue
        own = {"range_km", "apogee_km"} - filled
        if not any(getattr(record, f) is not None for f in own):
            record.confirmation = "Japan MoD"
        else:
            names = " and ".join("range" if f == "range_km" else "apogee" for f in sorted(filled, reverse=True))
            record.notes.append(f"{names} from Japan MoD")


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

    ids: dict[str, tuple[str, str]] = {}
    for day, members in _events(records, sites):
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


EVENT_GAP_MINUTES = 120


def _kst_order(record: Record) -> tuple[int, str]:
    """Launches of one Korean day in local time order; untimed ones last, in source order."""
    return (_kst_minutes(record.time_utc) if record.time_utc else 24 * 60, record.key)


def _events(records: list[Record], sites: dict[str, dict[str, str]]) -> list[tuple[date, list[Record]]]:
    """Same Korean day, same province (or same unplaced site), no gap over two hours: one event."""
    areas: dict[tuple[date, str], list[Record]] = defaultdict(list)
    for record in records:
        area = _province_of(record, sites) or record.site_id
        areas[(record.date_kst, area)].append(record)
    events: list[tuple[date, list[Record]]] = []
    for (day, _), members in areas.items():
        members.sort(key=_kst_order)
        current: list[Record] = []
        last = None
        for member in members:
            minute = _kst_minutes(member.time_utc) if member.time_utc else None
            if current and minute is not None and last is not None and minute - last > EVENT_GAP_MINUTES:
                events.append((day, current))
                current = []
            current.append(member)
            last = minute if minute is not None else last
        events.append((day, current))
    events.sort(key=lambda item: (item[0], _kst_order(item[1][0])))
    return events


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
    apply_corrections(records)
    cross_check_cns(records, args.sources)
    records += addition_records()
    for record in records:
        if record.site_id not in sites:
            raise SystemExit(f"{record.key}: site_id {record.site_id!r} is not in sites.csv")
    unmatched_jmod = apply_jmod(records, args.sources)
    unaccounted_csis = apply_csis(records, args.sources)
    finish_confirmation(records)
    finish_bearings(records)
    problems = [f"Japan MoD release {r} matches no launch" for r in unmatched_jmod]
    problems += [f"CSIS row {r} matches no launch and is not in csis_links.csv" for r in unaccounted_csis]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    records.sort(key=lambda r: (r.date_kst, _kst_order(r)))
    launch_rows = assign_ids(records, sites)
    launch_rows.sort(key=lambda row: (row["date_kst"], _id_sort_key(row["launch_id"])))

    _write(DATA_DIR / "sites.csv", SITE_COLUMNS, site_rows)
    _write(DATA_DIR / "launches.csv", LAUNCH_COLUMNS, launch_rows)
    print(f"{len(launch_rows)} launches, {len(site_rows)} sites written to {DATA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

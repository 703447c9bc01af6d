"""Japan MoD releases (北朝鮮のミサイル等関連情報, as parsed by free-north-korea) become claims.

Every release is kept, preliminary and final alike: each is a statement with its own date. A
release is matched to the missiles launched within its stated minutes (or, for the only release of
a day given to the day, to that day's missiles). One figure stated for the whole release is a
claim about the event; a figure per missile is a claim about that missile. The "以上" (or more)
bounds and "50 km以下" the parser missed or misread are restored from `curation/jmod_fixes.csv`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from tools.curation.common import (
    CURATION_DIR,
    Claim,
    Record,
    between_claim,
    figure_claim,
    jst_minutes,
    kst_minutes,
    read_csv,
)

JMOD_DIRECTION = {"北": 0.0, "北東": 45.0, "東": 90.0, "南東": 135.0, "南": 180.0,
                  "南西": 225.0, "西": 270.0, "北西": 315.0, "東北東": 67.5, "東南東": 112.5}
_BOUNDS = {None: "approx", "over": "at least", "at least": "at least"}
AGENCY = "Japan MoD"


def apply_jmod(records: list[Record], sources: Path) -> tuple[list[Claim], list[str]]:
    """Claims from every release, citations and reported directions; also the releases matching no record."""
    reports = json.loads((sources / "jmod-launch-reports" / "launch-reports.extract.json").read_text())["reports"]
    fixes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(CURATION_DIR / "jmod_fixes.csv"):
        fixes[row["release"]].append(row)
    by_launch: dict[str, list[dict]] = defaultdict(list)
    for report in reports:
        by_launch[report["launchJst"]].append(report)
    per_day: dict[str, int] = defaultdict(int)
    for launch in by_launch:
        per_day[launch[:10]] += 1

    claims: list[Claim] = []
    unmatched: list[str] = []
    for launch, group in sorted(by_launch.items()):
        group.sort(key=lambda r: r["id"])
        final = group[-1]
        only_release = per_day[launch[:10]] == 1
        matched = _matches(final, records, only_release_that_day=only_release)
        day = date.fromisoformat(launch[:10])
        whole_day = [r for r in records if r.date_kst == day and r.key.startswith("nagix:")]
        whole_event = only_release and len(matched) == len(whole_day)
        if not matched:
            if not any(final["id"] in source for r in records for source in r.sources):
                unmatched.append(final["id"])
            continue
        for report in group:
            release_fixes = {fix["field"]: fix for fix in fixes.get(report["id"], [])}
            for record in matched:
                record.sources.append(f"Japan MoD {report['id']}" + (" (preliminary)" if report is not final else ""))
            claims += _release_claims(report, matched, release_fixes, whole_event=whole_event)
        final_fixes = {fix["field"] for fix in fixes.get(final["id"], [])}
        direction = final["directionJa"]
        for record in matched:
            if "direction" in final_fixes:
                record.notes.append("Japan MoD: fired in two directions")
            elif direction:
                record.reported_direction = JMOD_DIRECTION[direction]
    return claims, unmatched


def citation(report: dict) -> str:
    return f"Japan MoD {report['id']} ({report['htmlUrl']})"


def _release_claims(report: dict, matched: list[Record], release_fixes: dict[str, dict[str, str]],
                    whole_event: bool) -> list[Claim]:
    cite, published, anchor = citation(report), report["published"], matched[0].key
    claims: list[Claim] = []
    count_bound = {"exact": "exact", "total": "exact", "at least": "at least", "multiple": "at least"}.get(
        report["countNote"] or ""
    )
    count = report["count"] if report["count"] is not None else (2 if report["countNote"] == "multiple" else None)
    # A release covering part of a day's launches counts only its own: no count of the event.
    if count_bound and count and whole_event:
        claims.append(figure_claim(anchor, True, "count", AGENCY, float(count), count_bound, cite, published))
    for field_name, values, bound_key in (("range_km", report["rangeKm"], "rangeBound"),
                                          ("apogee_km", report["apogeeKm"], "apogeeBound")):
        fix = release_fixes.get(field_name)
        if fix is not None:
            claims += _fixed_claims(fix, matched, field_name, cite, published, whole_event)
            continue
        bound = _BOUNDS[report.get(bound_key)]
        pairs = _spread(matched, values, report["timesJst"], report["count"])
        if len(values) == 1 and len(pairs) == len(matched) and whole_event:
            claims.append(figure_claim(anchor, True, field_name, AGENCY, float(values[0]), bound, cite, published))
        else:
            claims += [figure_claim(r.key, False, field_name, AGENCY, float(v), bound, cite, published)
                       for r, v in pairs]
    if report["flightMinutes"]:
        minutes = float(report["flightMinutes"])
        if whole_event:
            claims.append(figure_claim(anchor, True, "flight_time_min", AGENCY, minutes, "approx", cite, published))
        else:
            claims += [figure_claim(r.key, False, "flight_time_min", AGENCY, minutes, "approx", cite, published)
                       for r in matched]
    return claims


def _fixed_claims(fix: dict[str, str], matched: list[Record], field_name: str, cite: str, published: str,
                  whole_event: bool) -> list[Claim]:
    cite = f"{cite}; {fix['citation']}"
    targets = [(matched[0].key, True)] if whole_event else [(r.key, False) for r in matched]
    if fix["bound"] == "between":
        low, high = (float(part) for part in fix["value"].split("-"))
        return [between_claim(key, event, field_name, AGENCY, low, high, cite, published) for key, event in targets]
    bound = {"over": "at least"}.get(fix["bound"], fix["bound"])
    return [figure_claim(key, event, field_name, AGENCY, float(fix["value"]), bound, cite, published)
            for key, event in targets]


def _matches(report: dict, records: list[Record], only_release_that_day: bool) -> list[Record]:
    day = date.fromisoformat(report["launchJst"][:10])
    candidates = [r for r in records if r.date_kst == day and r.key.startswith("nagix:")]
    if report["precision"] == "day":
        return candidates if only_release_that_day else []
    stamps = [jst_minutes(t) for t in report["timesJst"]] or [jst_minutes(report["launchJst"][11:16])]
    slack = 20 if report["precision"] == "minute" else 90
    low, high = min(stamps) - slack, max(stamps) + slack + (59 if report["precision"] == "hour" else 0)
    matched = [r for r in candidates if r.time_utc and low <= kst_minutes(r.time_utc) <= high]
    if only_release_that_day:
        matched += [r for r in candidates if not r.time_utc]
    return sorted(matched, key=lambda r: (r.time_utc == "", kst_minutes(r.time_utc) if r.time_utc else 0))


def _spread(matched: list[Record], values: list, times: list[str], count: int | None) -> list[tuple[Record, Any]]:
    """Pair each matched missile with its figure: one per missile, or one stated for them all."""
    if not values:
        return []
    if len(values) == len(matched):
        return list(zip(matched, values))
    if len(values) == 1 and (len(times) <= 1 or count == len(times)):
        return [(record, values[0]) for record in matched]
    if len(values) == len(times) and all(r.time_utc for r in matched):
        stamps = [jst_minutes(t) for t in times]
        pairs = []
        for record in matched:
            minute = kst_minutes(record.time_utc)
            nearest = min(range(len(stamps)), key=lambda i: abs(stamps[i] - minute))
            pairs.append((record, values[nearest]))
        return pairs
    return []

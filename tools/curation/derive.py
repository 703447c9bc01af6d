"""The catalog's figures, dates, counts and confirmation, derived from the claims by the one rule.

The rule itself lives in `splashdown.claims` (the product and its tests use the same code).
Here it decides: the Korean date of each event (date claims), the number of missile rows of an
event (count claims; missing rows are added as unnamed missiles of the same event, surplus rows
are reported), each row's range, apogee and flight time, and `confirmation`, the agency whose
claims fill the row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from splashdown import claims as rule
from splashdown.vocabulary import (
    CLAIM_COLUMNS,
    COMPILATIONS,
    FIGURE_BOUNDS,
    FIGURE_FIELDS,
    OFFICIAL_AGENCIES,
    UNNAMED_MISSILE,
)
from tools.curation.common import Claim, Record, fmt_number, unique

IMPACT_BEARING = {"east-sea": 90.0, "pacific": 90.0, "yellow-sea": 270.0}


def claims_frame(claims: list[Claim], anchor_event: dict[str, str], anchor_launch: dict[str, str]) -> pd.DataFrame:
    """The claims with ids; identical statements (same agency, figure and date) are kept once."""
    rows = []
    for claim in claims:
        rows.append({
            "event_id": anchor_event[claim.anchor],
            "launch_id": "" if claim.whole_event else anchor_launch[claim.anchor],
            "field": claim.field, "agency": claim.agency, "value": claim.value, "bound": claim.bound,
            "low": claim.low, "high": claim.high, "published": claim.published, "citation": claim.citation,
        })
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    frame = frame.drop_duplicates(subset=[c for c in CLAIM_COLUMNS if c != "citation"], keep="first")
    return frame.reset_index(drop=True)


def group_claims(claims: list[Claim], members: list[Record]) -> list[Claim]:
    keys = {m.key for m in members}
    return [c for c in claims if c.anchor in keys]


def as_frame(claims: list[Claim]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"event_id": "E", "launch_id": "" if c.whole_event else c.anchor, "field": c.field, "agency": c.agency,
          "value": c.value, "bound": c.bound, "low": c.low, "high": c.high, "published": c.published,
          "citation": c.citation} for c in claims],
        columns=list(CLAIM_COLUMNS),
    )


def apply_dates(groups: list[tuple[date, list[Record]]], claims: list[Claim]) -> None:
    """An event with date claims takes the headline date (a report's day is never a launch's);
    its untimed missiles take the headline time of the event."""
    for _, members in groups:
        own = as_frame([c for c in group_claims(claims, members) if c.field in ("date_kst", "time_utc")])
        day = rule.headline(own, "date_kst")
        time = rule.headline(own, "time_utc")
        for member in members:
            if day is not None:
                member.date_kst = date.fromisoformat(str(day.value))
            if time is not None and not member.time_utc:
                member.time_utc = str(time.value)


def compilation_counts(groups: list[tuple[date, list[Record]]]) -> list[Claim]:
    """The compilations' counts: how many rows CNS/NTI (or nagix, after CNS ends) lists for the event."""
    claims: list[Claim] = []
    for _, members in groups:
        cns = [m for m in members if any(s.startswith("CNS/NTI DB F1") for s in m.sources)]
        nagix = [m for m in members if m.key.startswith("nagix:") and m not in cns]
        for agency, rows in (("CNS/NTI", cns), ("nagix", nagix)):
            if not rows:
                continue
            if agency == "CNS/NTI":
                cite = "CNS/NTI North Korea Missile Test Database F1 " + ", ".join(
                    s.removeprefix("CNS/NTI DB F1 ") for m in rows for s in m.sources if s.startswith("CNS/NTI DB F1"))
            else:
                cite = "nagix/nk-missile-tests " + ", ".join(unique([m.utc_date for m in rows])) + " UTC rows"
            claims.append(Claim(rows[0].key, True, "count", agency, str(len(rows)), "exact", cite))
    return claims


def apply_counts(groups: list[tuple[date, list[Record]]], claims: list[Claim]) -> tuple[list[Record], list[Record]]:
    """Rows to add and rows to drop so each event has as many missiles as its headline count.

    Added rows are unnamed missiles of the event; dropped rows are the event's last ones in Korean
    time order (their ids stay recorded in ids.csv and are never given to another launch).
    """
    added: list[Record] = []
    dropped: list[Record] = []
    for _, members in groups:
        own = [c for c in group_claims(claims, members) if c.field == "count"]
        pick = rule.headline(as_frame(own), "count") if own else None
        if pick is None:
            continue
        wanted = int(float(pick.value))
        if wanted > len(members):
            template = members[0]
            for number in range(len(members) + 1, wanted + 1):
                added.append(replace(
                    template, key=f"count:{template.key}#{number}", time_utc="", missile=UNNAMED_MISSILE,
                    sources=[*template.sources, pick.citation.split(" (")[0]],
                    notes=[(f"listed because {pick.agency} counted "
                            f"{rule.describe(pick.value, pick.bound, '', '', 'count')} missiles")],
                    corrected=set(), nagix_bearing=template.nagix_bearing,
                ))
        elif wanted < len(members):
            dropped += members[wanted:]
    return added, dropped


def repeated_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """A compilation figure equal to an official agency's bound on the same launch is that bound
    copied (nagix's 50 km for Japan MoD's "50 km or more"): it is recorded with the bound."""
    frame = frame.copy()
    official = frame[frame["agency"].isin(OFFICIAL_AGENCIES) & ~frame["bound"].isin(FIGURE_BOUNDS)]
    for index in frame.index[frame["agency"].isin(COMPILATIONS) & frame["bound"].isin(FIGURE_BOUNDS)]:
        row = frame.loc[index]
        if row["field"] not in FIGURE_FIELDS:
            continue
        launch_ids = official["launch_id"]
        same_launch = (launch_ids == "") | (launch_ids == row["launch_id"]) | (row["launch_id"] == "")
        same = official[(official["field"] == row["field"]) & (official["event_id"] == row["event_id"]) & same_launch]
        for _, bound in same.iterrows():
            if bound["bound"] in ("at least", "at most") and bound["value"] == row["value"]:
                frame.loc[index, ["bound", "low", "high"]] = [bound["bound"], bound["low"], bound["high"]]
                repeated = f"repeats {bound['agency']}'s bound: {bound['citation']}"
                frame.loc[index, "citation"] = f"{row['citation']} ({repeated})"
                break
    return frame


def apply_headlines(records: list[Record], ids: dict[str, tuple[str, str]], claims: pd.DataFrame) -> None:
    """Each row's figures and confirmation from its claims."""
    launches = pd.DataFrame([ids[r.key] for r in records], columns=["launch_id", "event_id"])
    applying = rule.by_launch(launches, claims)
    for record in records:
        mine = applying[ids[record.key][0]]
        for field_name in FIGURE_FIELDS:
            chosen = rule.headline_of(mine, field_name)
            setattr(record, field_name, float(str(mine[chosen]["value"])) if chosen is not None else None)
        agency = rule.confirming_agency_of(mine) if mine else None
        if agency is not None:
            record.confirmation = agency


def finish_bearings(records: list[Record]) -> None:
    """A reported direction wins; then nagix/CNS estimates; a bare 90° is nagix's default."""
    for record in records:
        if record.curated_bearing:
            continue
        if record.reported_direction is not None:
            estimate = record.nagix_bearing
            near_reported = estimate is not None and _angle_between(estimate, record.reported_direction) <= 22.5
            if estimate is not None and estimate != 90.0 and near_reported:
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


def _angle_between(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def raw_columns(record: Record) -> dict[str, str]:
    return {
        "date_kst": record.date_kst.isoformat(),
        "time_utc": record.time_utc,
        "missile": record.missile,
        "missile_class": record.missile_class,
        "site_id": record.site_id,
        "range_km": fmt_number(record.range_km),
        "apogee_km": fmt_number(record.apogee_km),
        "flight_time_min": fmt_number(record.flight_time_min),
        "bearing_deg": fmt_number(record.bearing_deg),
        "bearing_basis": record.bearing_basis if record.bearing_deg is not None else "",
        "impact_area": record.impact_area,
        "outcome": record.outcome,
        "confirmation": record.confirmation,
        "sources": " | ".join(unique(record.sources)),
        "notes": "; ".join(unique(record.notes)),
    }

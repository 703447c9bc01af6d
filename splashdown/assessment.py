"""Each launch assessed as Japan MoD assesses it: where its estimated splashdown lies against
Japan's EEZ, how far from Japan's coast, and whether its ground track crossed Japan.

All of it is an estimate built on an estimate: the splashdown is site + bearing + reported range
(`geometry.estimate_splashdowns`), the line is approximate (`splashdown.japan`). So besides the
status of the estimated point, the plausible bearings are judged too: the fan the reported sea
allows, or the reported bearing +-FAN_HALF_WIDTH_DEG when a bearing was reported (agencies report
a compass point, not a degree). A status the fan does not share is a weak one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from splashdown import geometry, japan

FAN_HALF_WIDTH_DEG = 10.0
FAN_POINTS = geometry.FAN_POINTS
COLUMNS: tuple[str, ...] = (
    "launch_id", "impact_lat", "impact_lon", "est_bearing_deg", "est_basis", "eez_status", "eez_line_km",
    "eez_dispute", "japan_coast_km", "fan_inside", "fan_points", "overflies_japan",
)


def assess_launches(launches: pd.DataFrame) -> pd.DataFrame:
    """One row per launch with an estimated splashdown (cruise missiles and launches without a range
    or site have none), in the order given, with the COLUMNS above. `eez_line_km` is positive inside
    Japan's claim; `fan_inside` of `fan_points` plausible splashdowns lie inside it."""
    placed = launches[launches["lat"].notna() & launches["lon"].notna()] if len(launches) else launches
    return assess_estimates(placed, geometry.estimate_splashdowns(placed) if len(placed) else pd.DataFrame())


def assess_estimates(launches: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """`assess_launches` for splashdowns already estimated (`geometry.estimate_splashdowns`)."""
    placed = launches
    if estimates.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    sites = placed.drop_duplicates("launch_id").set_index("launch_id").loc[estimates["launch_id"]]
    status = japan.eez_status_many(estimates["impact_lat"].to_numpy(), estimates["impact_lon"].to_numpy())
    fans = [_fan(row, site) for row, (_, site) in zip(estimates.itertuples(index=False), sites.iterrows())]
    fan_points = [len(fan) for fan in fans]
    all_fans = np.concatenate([fan for fan in fans if len(fan)]) if any(fan_points) else np.empty((0, 2))
    inside = japan.inside_claim(all_fans[:, 1], all_fans[:, 0])
    fan_inside = [int(part.sum()) for part in np.split(inside, np.cumsum(fan_points)[:-1])]
    overflights = [
        japan.overflies_japan(float(site["lat"]), float(site["lon"]), float(bearing), float(site["range_km"]))
        for bearing, (_, site) in zip(estimates["est_bearing_deg"], sites.iterrows())
    ]
    coast = [geometry.distance_to_japan_km(float(lat), float(lon))
             for lat, lon in zip(estimates["impact_lat"], estimates["impact_lon"])]
    assessed = estimates[["launch_id", "impact_lat", "impact_lon", "est_bearing_deg", "est_basis"]].assign(
        eez_status=status["eez_status"].to_numpy(),
        eez_line_km=status["eez_line_km"].round(1).to_numpy(),
        eez_dispute=status["eez_dispute"].to_numpy(),
        japan_coast_km=np.round(coast, 1),
        fan_inside=fan_inside,
        fan_points=fan_points,
        overflies_japan=overflights,
    )
    return assessed[list(COLUMNS)].reset_index(drop=True)


def describe(row: pd.Series | dict) -> str:
    """One sentence, worded as the estimate it is, for tooltips, summaries and tables."""
    status = row["eez_status"]
    line = abs(float(row["eez_line_km"]))
    if status == "near-line":
        side = "inside" if row["eez_line_km"] > 0 else "outside"
        where = (f"within {japan.NEAR_LINE_KM:.0f} km of the approximate line of Japan's EEZ "
                 f"({line:,.0f} km {side}): too close to call")
    else:
        where = f"{status} Japan's EEZ by the approximate line ({line:,.0f} km {'in' if status == 'inside' else 'out'})"
    text = f"Estimated splashdown {where}, about {float(row['japan_coast_km']):,.0f} km from Japan's coast"
    if row["eez_dispute"]:
        text += f"; inside only by counting {row['eez_dispute']} as Japan's"
    text += f"; {int(row['fan_inside'])} of {int(row['fan_points'])} plausible bearings end inside"
    if row["overflies_japan"]:
        text += "; the estimated ground track crosses Japan (land or 12 nm territorial sea)"
    return text + "."


def _fan(row: Any, site: pd.Series) -> np.ndarray:
    """[lon, lat] end points of the plausible bearings."""
    if isinstance(row.fan, list) and len(row.fan) > 1:
        return np.asarray(row.fan, dtype=float)
    bearings = float(row.est_bearing_deg) + np.linspace(-FAN_HALF_WIDTH_DEG, FAN_HALF_WIDTH_DEG, FAN_POINTS)
    points = [geometry.splashdown_point(float(site["lat"]), float(site["lon"]), bearing, float(site["range_km"]))
              for bearing in bearings]
    return np.array([[lon, lat] for lat, lon in points]) if math.isfinite(float(site["range_km"])) else np.empty((0, 2))


def eez_agreement(statements: pd.DataFrame, launches: pd.DataFrame) -> pd.DataFrame:
    """Each agency EEZ statement (data/eez_statements.csv) beside our estimate for its event.

    `ours` is "inside" when any of the event's estimated splashdowns is decisively inside, "outside"
    when every decisive one is outside, "near-line" when all are too close to call, "no estimate"
    when none could be placed. `verdict`: agrees, differs, near-line or no estimate.
    """
    events = launches[launches["event_id"].isin(statements["event_id"])]
    assessed = assess_launches(events).merge(events[["launch_id", "event_id"]], on="launch_id")
    rows = []
    for statement in statements.itertuples(index=False):
        own = assessed[assessed["event_id"] == statement.event_id]
        decisive = own[own["eez_status"] != "near-line"]
        if own.empty:
            ours = "no estimate"
        elif decisive.empty:
            ours = "near-line"
        else:
            ours = "inside" if (decisive["eez_status"] == "inside").any() else "outside"
        verdict = ours if ours in {"near-line", "no estimate"} else ("agrees" if ours == statement.eez else "differs")
        rows.append({
            "event_id": statement.event_id, "date_kst": statement.date_kst, "stated": statement.eez,
            "place": statement.place, "ours": ours, "verdict": verdict,
            "line_km": ", ".join(f"{km:+.0f}" for km in own["eez_line_km"]),
        })
    return pd.DataFrame(rows, columns=["event_id", "date_kst", "stated", "place", "ours", "verdict", "line_km"])


def agreement_summary(judged: pd.DataFrame) -> str:
    counts = judged["verdict"].value_counts()
    decisive = int(counts.get("agrees", 0) + counts.get("differs", 0))
    share = counts.get("agrees", 0) / decisive if decisive else float("nan")
    return (f"{len(judged)} statements: {counts.get('agrees', 0)} agree, {counts.get('differs', 0)} differ, "
            f"{counts.get('near-line', 0)} near-line, {counts.get('no estimate', 0)} without an estimate; "
            f"agreement where ours is decisive {share:.0%}")

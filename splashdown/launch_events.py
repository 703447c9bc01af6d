"""Launch events as a briefing lists them: one line per event with its headline figures, whose
figures they are, where it fell against Japan's EEZ, and every agency's statements behind it.

Decisions:
- An event's headline range and apogee are the largest of its missiles' headline figures (the
  precedence rule of `splashdown.claims` picked each), credited to the agency whose claim that
  headline is; without claims (a synthetic catalog) the launch's `confirmation` stands in.
- A headline figure carries the claims module's mark: "disputed" when the agencies' latest
  figures differ by more than 10 %, "KCNA only" when nobody else gives one.
- The count says "at least" when the headline count is a bound (Japan MoD's "at least seven").
- Japan: the event's most serious estimated splashdown (inside, then near the line, then
  outside the approximate EEZ) and whether any missile's estimated ground track crossed Japan,
  from `splashdown.assessment`; worded as estimates by the slides.
- Every statement about the event (initial and revised, bounds included) is kept for the speaker
  notes and the appendix, so the other agencies' figures travel with the pack.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from splashdown.claims import FIELD_LABELS, applying_to, describe, headline, mark
from splashdown.vocabulary import EEZ_STATUSES, FIGURE_FIELDS, NUMERIC_CLAIM_FIELDS, UNNAMED_MISSILE

_STATED_FIELDS = ("count", "range_km", "apogee_km", "flight_time_min", "missile_class", "impact_area")


@dataclass(frozen=True)
class HeadlineFigure:
    value: float
    agency: str
    mark: str = ""


@dataclass(frozen=True)
class LaunchEvent:
    event_id: str
    date_kst: pd.Timestamp
    missiles: int
    count_text: str
    classes: str
    main_class: str
    types: str
    site: str
    range_km: HeadlineFigure | None
    apogee_km: HeadlineFigure | None
    japan_eez: str
    overflew_japan: bool
    notes: int
    sources: tuple[str, ...]
    statements: tuple[str, ...]


def launch_events(launches: pd.DataFrame, claims: pd.DataFrame, assessed: pd.DataFrame) -> list[LaunchEvent]:
    """The launch events of `launches` in date order; `claims` are the statements about them
    (`load_claims` columns), `assessed` the Japan assessment of their splashdowns."""
    ordered = launches.sort_values(["date_kst", "launch_id"], kind="stable")
    claims_by_event = {event: group for event, group in claims.groupby("event_id")} if len(claims) else {}
    japan = assessed.set_index("launch_id") if len(assessed) else pd.DataFrame()
    empty = claims.iloc[0:0]
    events = []
    for event_id, rows in ordered.groupby("event_id", sort=False):
        said = claims_by_event.get(event_id, empty)
        counts = rows["missile_class"].value_counts()
        statuses = [japan.at[launch_id, "eez_status"] for launch_id in rows["launch_id"] if launch_id in japan.index]
        events.append(
            LaunchEvent(
                event_id=str(event_id),
                date_kst=rows["date_kst"].min(),
                missiles=len(rows),
                count_text=_count_text(said, len(rows)),
                classes=", ".join(f"{count} {cls}" if len(counts) > 1 else cls for cls, count in counts.items()),
                main_class=str(counts.index[0]),
                types=", ".join(name for name in dict.fromkeys(rows["missile"]) if name and name != UNNAMED_MISSILE),
                site="; ".join(dict.fromkeys(site_label(row) for _, row in rows.iterrows())),
                range_km=_headline(rows, said, "range_km"),
                apogee_km=_headline(rows, said, "apogee_km"),
                japan_eez=next((status for status in EEZ_STATUSES if status in statuses), ""),
                overflew_japan=any(
                    bool(japan.at[launch_id, "overflies_japan"]) for launch_id in rows["launch_id"]
                    if launch_id in japan.index
                ),
                notes=int(rows["note_count"].sum()) if "note_count" in rows else 0,
                sources=tuple(_citations(rows, said)),
                statements=tuple(statements(said)),
            )
        )
    return events


def site_label(row: pd.Series) -> str:
    """`Sondok Airbase, South Hamgyong`; the name alone when it already says the province."""
    name = str(row["site_name"] or row["site_id"])
    province = str(row["province"] or "")
    return f"{name}, {province}" if province and province != "nan" and province not in name else name


def statements(claims: pd.DataFrame) -> list[str]:
    """Each claim as the agency made it: `range: ROK JCS about 600 km (2024-04-02; Yonhap ...)`."""
    lines = []
    for field in _STATED_FIELDS:
        for row in claims[claims["field"] == field].itertuples(index=False):
            value = describe(row.value, row.bound, row.low, row.high, field) if field in NUMERIC_CLAIM_FIELDS else (
                str(row.value))
            whose = f" ({row.launch_id})" if row.launch_id else ""
            when = f"{row.published}; " if row.published else ""
            lines.append(f"{FIELD_LABELS[field]}{whose}: {row.agency} {value} ({when}{row.citation})")
    return lines


def other_agencies(claims: pd.DataFrame, launch_id: str, event_id: str) -> list[str]:
    """What agencies other than the headline's said about a launch's figures, each agency's latest
    statement, one entry per figure: `range: Japan MoD about 650 km, KCNA about 1,000 km`."""
    applying = applying_to(claims, launch_id, event_id)
    said = []
    for field in FIGURE_FIELDS:
        rows = applying[applying["field"] == field]
        if rows.empty:
            continue
        pick = headline(rows, field)
        others = rows[rows["agency"] != (pick.agency if pick is not None else "")]
        latest = others.assign(_order=range(len(others))).sort_values(["published", "_order"]).groupby("agency").tail(1)
        if len(latest):
            said.append(f"{FIELD_LABELS[field]}: " + ", ".join(
                f"{row.agency} {describe(row.value, row.bound, row.low, row.high, field)}"
                for row in latest.itertuples(index=False)
            ))
    return said


def _count_text(claims: pd.DataFrame, rows: int) -> str:
    pick = headline(claims[claims["launch_id"] == ""], "count") if len(claims) else None
    return f"at least {rows}" if pick is not None and pick.bound == "at least" else str(rows)


def _headline(rows: pd.DataFrame, claims: pd.DataFrame, field: str) -> HeadlineFigure | None:
    known = rows[rows[field].notna()]
    if known.empty:
        return None
    top = known.loc[known[field].idxmax()]
    applying = applying_to(claims, str(top["launch_id"]), str(top["event_id"]))
    pick = headline(applying, field) if len(applying) else None
    agency = pick.agency if pick is not None else str(top["confirmation"] or "unattributed")
    return HeadlineFigure(float(top[field]), agency, mark(applying, field) if len(applying) else "")


def _citations(rows: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    cited = {part.strip() for text in rows["sources"] for part in str(text).split(" | ") if part.strip()}
    cited |= {str(citation).strip() for citation in claims["citation"] if str(citation).strip()}
    return sorted(cited)

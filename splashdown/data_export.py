"""CSV and XLSX of the launches a view shows, with the team's notes beside each launch, and the
agencies' claims behind their figures (a second CSV file, or the XLSX sheet `claims`).

Spreadsheet programs run a cell that starts with = + - @ (and, in some, tab or carriage return)
as a formula, so every text cell starting with one of those is prefixed with an apostrophe.
Numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from splashdown import assessment
from splashdown import claims as claim_rule

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# Estimates (splashdown.assessment), named so: the estimated splashdown against Japan's approximate
# EEZ line (km, positive inside), its distance to Japan's coast, and whether the track crosses Japan.
JAPAN_COLUMNS: tuple[str, ...] = (
    "est_impact_lat", "est_impact_lon", "est_eez_status", "est_eez_line_km", "est_eez_dispute",
    "est_japan_coast_km", "est_over_japan",
)
_JAPAN_FROM = {
    "impact_lat": "est_impact_lat", "impact_lon": "est_impact_lon", "eez_status": "est_eez_status",
    "eez_line_km": "est_eez_line_km", "eez_dispute": "est_eez_dispute", "japan_coast_km": "est_japan_coast_km",
    "overflies_japan": "est_over_japan",
}

EXPORT_COLUMNS: tuple[str, ...] = (
    "launch_id", "event_id", "date_kst", "week", "time_utc", "missile", "missile_class",
    "site_id", "site_name", "province", "lat", "lon", "site_precision", "salvo_size",
    "range_km", "apogee_km", "flight_time_min", "bearing_deg", "bearing_basis", "impact_area",
    *JAPAN_COLUMNS, "outcome", "confirmation", "sources", "notes", "origin", "note_count", "team_notes",
)
CLAIM_EXPORT_COLUMNS: tuple[str, ...] = (
    "event_id", "launch_id", "date_kst", "field", "agency", "claim", "value", "bound", "low", "high",
    "published", "citation", "headline",
)
_NOTE_SEPARATOR = "\n---\n"


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def notes_text(notes: Sequence[Any]) -> str:
    """Live notes as plain text, oldest first: `author, YYYY-MM-DD [tags]: text`."""
    lines = []
    for note in sorted(notes, key=lambda note: _attribute(note, "created_at")):
        tags = _attribute(note, "tags") or []
        tag_text = f" [{', '.join(tags)}]" if tags else ""
        created = pd.Timestamp(_attribute(note, "created_at")).strftime("%Y-%m-%d")
        lines.append(f"{_attribute(note, 'author')}, {created}{tag_text}: {_attribute(note, 'text')}")
    return _NOTE_SEPARATOR.join(lines)


def export_frame(launches: pd.DataFrame, notes: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """The launches in export column order, with their notes as text, every text cell neutralised."""
    frame = launches.copy()
    frame["team_notes"] = [notes_text(notes.get(launch_id, ())) for launch_id in frame["launch_id"]]
    frame["note_count"] = [len(notes.get(launch_id, ())) for launch_id in frame["launch_id"]]
    if "origin" not in frame:
        frame["origin"] = "catalog"
    frame = _with_japan(frame)
    frame = frame[[column for column in EXPORT_COLUMNS if column in frame.columns]]
    frame = frame.sort_values(["date_kst", "launch_id"]).reset_index(drop=True)
    frame["date_kst"] = frame["date_kst"].dt.strftime("%Y-%m-%d")
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].fillna("").map(neutralise)
    return frame


def claims_frame(launches: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims about the exported launches (their own and their events'), in export column order.

    `headline` says "yes" where the launch table's figure (or the event's count) comes from that
    claim; `claim` reads it as an analyst would ("650 km or more"). Text cells are neutralised.
    """
    events = set(launches["event_id"])
    mine = claims[claims["launch_id"].isin(set(launches["launch_id"]))
                  | ((claims["launch_id"] == "") & claims["event_id"].isin(events))]
    used = claim_rule.headline_positions(launches, mine)
    dates = launches.groupby("event_id")["date_kst"].first()
    frame = mine.copy()
    frame["date_kst"] = pd.to_datetime(frame["event_id"].map(dates)).dt.strftime("%Y-%m-%d")
    frame["claim"] = [claim_rule.describe(v, b, lo, hi, f)
                      for v, b, lo, hi, f in zip(frame["value"], frame["bound"], frame["low"], frame["high"],
                                                 frame["field"])]
    frame["headline"] = ["yes" if position in used else "" for position in frame.index]
    frame = frame[list(CLAIM_EXPORT_COLUMNS)].reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].fillna("").map(neutralise)
    return frame


def _with_japan(frame: pd.DataFrame) -> pd.DataFrame:
    if not {"lat", "lon", "range_km", "bearing_deg", "impact_area"} <= set(frame.columns):
        return frame
    judged = assessment.assess_launches(frame.drop_duplicates("launch_id"))[["launch_id", *_JAPAN_FROM]]
    judged = judged.rename(columns=_JAPAN_FROM)
    judged["est_over_japan"] = judged["est_over_japan"].map({True: "yes", False: "no"})
    return frame.merge(judged, on="launch_id", how="left")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Korean place names and dashes correctly."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, about: Mapping[str, str], claims: pd.DataFrame | None = None) -> bytes:
    """A workbook with the launches sheet (header frozen, filters on), the `claims` sheet when
    claims are given (from `claims_frame`), and an About sheet.

    XML cannot carry most control characters (a bell or escape pasted into a note), so each becomes
    U+FFFD, the replacement character, and the rest of the text is kept.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def printable(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    frame = frame.map(printable)
    sheets = {"Launches": frame}
    if claims is not None:
        sheets["claims"] = claims.map(printable)
    about = {printable(name): printable(str(value)) for name, value in about.items()}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name, index=False)
        about_frame = pd.DataFrame(
            {"field": list(about), "value": [neutralise(str(value)) for value in about.values()]}
        )
        about_frame.to_excel(writer, sheet_name="About", index=False)
        for name, table in sheets.items():
            sheet = writer.sheets[name]
            sheet.freeze_panes = "B2"
            sheet.auto_filter.ref = sheet.dimensions
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for index, column in enumerate(table.columns, start=1):
                width = min(60, max(10, len(column) + 2, *(len(str(value)) for value in table[column].head(200))))
                sheet.column_dimensions[get_column_letter(index)].width = width
        sheet = writer.sheets["Launches"]
        if "team_notes" in frame.columns:
            letter = get_column_letter(list(frame.columns).index("team_notes") + 1)
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        about_sheet = writer.sheets["About"]
        about_sheet.column_dimensions["A"].width = 18
        about_sheet.column_dimensions["B"].width = 100
        for cell in about_sheet[1]:
            cell.font = Font(bold=True)
    return buffer.getvalue()


def _attribute(note: Any, name: str) -> Any:
    return note[name] if isinstance(note, Mapping) else getattr(note, name)

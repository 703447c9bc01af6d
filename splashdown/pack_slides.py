"""What the briefing pack says, slide by slide, before it is drawn as PPTX or PDF.

Decisions:
- The pack opens with the bottom line (`splashdown.bottom_line`), which the analyst may have
  edited; every other slide's title carries its one message ("Most missiles in one week: 23 in
  2022-W44"), worked out from the same data as the slide.
- Over a short period (up to `EVENT_TABLE_AFTER_DAYS`) the table lists missiles, as an analyst
  checks a salvo; over longer ones it lists launch events, one line each, and the missile-by-
  missile table moves to the appendix with the full source list. The appendix can be left out;
  every slide's speaker notes still name its sources.
- An event's headline range and apogee are the largest of its missiles', with the agency whose
  figure that is (the launch's `confirmation`).
- Sections the analyst leaves out are not built at all, and only the annotated launches chosen
  get a notes slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from splashdown.assessment import assess_launches
from splashdown.bottom_line import BottomLine, draft
from splashdown.claims import applying_to, headline
from splashdown.launch_events import HeadlineFigure, LaunchEvent, launch_events, other_agencies, site_label
from splashdown.provenance import DATA_DATE_MEANING
from splashdown.summary import first_flights
from splashdown.view import View, longest_flight
from splashdown.vocabulary import MISSILE_CLASSES, NOT_REPORTED, NOT_REPORTED_CELL, UNNAMED_MISSILE

# Sections an analyst can leave in or out, in pack order; the opening slide always comes first.
SECTIONS: dict[str, str] = {
    "figures": "Key figures",
    "timeline": "Timeline",
    "weekly": "Weekly counts",
    "map": "Map",
    "profile": "Flight profile",
    "table": "Table of launches",
    "notes": "Team notes",
    "appendix": "Appendix (every missile, every source)",
}
CHART_SECTIONS: tuple[str, ...] = ("timeline", "weekly", "map", "profile")
EVENT_TABLE_AFTER_DAYS = 31
# What the opening slide holds at its smallest type (14 pt over 11.6 x 3.3 inches).
BOTTOM_LINE_MAX_CHARS = 1_500


@dataclass(frozen=True)
class PackOptions:
    """What the analyst chose for this pack."""

    sections: frozenset[str] = frozenset(SECTIONS)
    # Launch ids whose team notes get a slide; None: every annotated launch in the view.
    annotated: tuple[str, ...] | None = None
    # The analyst's edit of the bottom line; None: the draft.
    title: str | None = None
    bottom_line: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"unknown pack section {', '.join(sorted(unknown))}: choose from {', '.join(SECTIONS)}")

    def wants(self, section: str) -> bool:
        return section in self.sections


@dataclass(frozen=True)
class PackChart:
    """One rendered chart of the pack: which chart, its message title, its PNG and its sources."""

    chart: str
    title: str
    png: bytes
    notes: str = ""


@dataclass(frozen=True)
class OpeningSlide:
    title: str
    bottom_line: str
    lines: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class FiguresSlide:
    title: str
    tiles: tuple[Tile, ...]
    notes: str = ""


@dataclass(frozen=True)
class ChartSlide:
    title: str
    png: bytes
    notes: str = ""


@dataclass(frozen=True)
class TableSlide:
    """A table that the PPTX splits over as many slides as it needs (the PDF flows it).

    `row_notes` are the speaker notes of each row (sources, other agencies' figures); a slide's
    notes hold those of the rows it shows.
    """

    title: str
    caption: str
    header: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str, ...]
    row_notes: tuple[str, ...] = ()
    class_column: int = 1
    notes: str = ""
    # Reference tables in the appendix are read, not projected: smaller type fits more per slide.
    reference: bool = False


@dataclass(frozen=True)
class NotesSlide:
    title: str
    subtitle: str
    notes_shown: tuple[tuple[str, str], ...]
    notes: str = ""


@dataclass(frozen=True)
class ListSlide:
    title: str
    lines: tuple[str, ...]
    notes: str = ""
    reference: bool = False


Slide = OpeningSlide | FiguresSlide | ChartSlide | TableSlide | NotesSlide | ListSlide


@dataclass(frozen=True)
class Pack:
    """The slides in order, where the appendix starts (None: no appendix), and what every page says."""

    slides: tuple[Slide, ...]
    marking: str
    footer: str
    document_title: str
    author: str
    appendix_from: int | None = None
    bottom_line: BottomLine | None = field(default=None, compare=False)


def counted(number: int, noun: str) -> str:
    """`1 missile`, `2 missiles`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def drafted_bottom_line(view: View) -> BottomLine:
    return draft(
        view.launches, view.any_date, first_flights(view.everything), view.start, view.end,
        week=bool(view.filters.week), claims=view.claims,
    )


def lists_events(start: date, end: date) -> bool:
    """Whether a period's table lists launch events (long periods) rather than missiles."""
    return (end - start).days >= EVENT_TABLE_AFTER_DAYS


def pack_slides(view: View, charts: Sequence[PackChart], options: PackOptions | None = None) -> Pack:
    """The pack's content, in order, independent of PPTX or PDF."""
    options = options or PackOptions()
    summary = drafted_bottom_line(view)
    slides: list[Slide] = [_opening_slide(view, summary, options)]
    if options.wants("figures"):
        slides.append(_figures_slide(view))
    slides += [ChartSlide(chart.title, chart.png, chart.notes) for chart in charts if options.wants(chart.chart)]
    long_period = lists_events(view.start, view.end)
    if options.wants("table"):
        slides.append(_events_slide(view) if long_period else _missiles_slide(view, "Launches"))
    if options.wants("notes"):
        chosen = view.notes.keys() if options.annotated is None else set(options.annotated)
        slides += [_notes_slide(view, launch_id) for launch_id in view.launches["launch_id"]
                   if launch_id in view.notes and launch_id in chosen]
    appendix_from = None
    if options.wants("appendix"):
        appendix_from = len(slides)
        if long_period:
            slides.append(_missiles_slide(view, "Appendix: every missile", reference=True))
        slides.append(_sources_slide(view))
    return Pack(
        slides=tuple(slides),
        marking=view.marking,
        footer=f"Splashdown briefing · {view.description} · data as of {view.data_date}",
        document_title=f"Splashdown briefing: {view.description}",
        author=view.author or "Splashdown",
        appendix_from=appendix_from,
        bottom_line=summary,
    )


def _citations(launches: pd.DataFrame) -> list[str]:
    return sorted({part.strip() for text in launches["sources"] for part in str(text).split(" | ") if part.strip()})


def sources_note(launches: pd.DataFrame, heading: str = "Sources") -> str:
    """Speaker notes naming the sources of the launches a slide shows."""
    citations = _citations(launches)
    if not citations:
        return f"{heading}: no launches shown."
    return f"{heading} ({len(citations)}): " + "; ".join(citations)


def _opening_slide(view: View, summary: BottomLine, options: PackOptions) -> OpeningSlide:
    analyst = view.author
    launches = view.launches
    lines = (
        view.description,
        (f"{counted(launches['event_id'].nunique(), 'launch event')}, {counted(len(launches), 'missile')}, "
        f"{len(view.notes)} with team notes · data as of {view.data_date} ({DATA_DATE_MEANING})"),
        f"North Korean missile launches · generated {view.generated_at:%Y-%m-%d %H:%M} UTC"
        + (f" by {analyst}" if analyst else ""),
    )
    edited = options.bottom_line is not None and options.bottom_line.strip() != summary.text
    if edited:
        notes = "Bottom line as edited by the analyst for this pack; the draft read: " + summary.text
    else:
        notes = "\n".join(["Bottom line drafted from the catalog; each figure and the launches it came from:",
                           *_traced_figures(summary, launches)])
    return OpeningSlide(
        title=(options.title or summary.title).strip(),
        bottom_line=(options.bottom_line or summary.text).strip(),
        lines=lines,
        notes=notes,
    )


def _traced_figures(summary: BottomLine, launches: pd.DataFrame) -> list[str]:
    """`- longest range: 450 (CNS/NTI DB F1 155; ABC News 2021-03-25 ...)`, one line per stated figure."""
    sources = launches.set_index("launch_id")["sources"] if len(launches) else pd.Series(dtype=str)
    lines = []
    for figure in summary.figures:
        cited = sorted({part.strip() for launch_id in figure.launch_ids if launch_id in sources.index
                        for part in str(sources[launch_id]).split(" | ") if part.strip()})
        shown = "; ".join(cited[:6]) + (f" and {len(cited) - 6} more" if len(cited) > 6 else "")
        lines.append(f"- {figure.name}: {figure.value:,.0f}" + (f" ({shown})" if cited else ""))
    return lines


def _figures_slide(view: View) -> FiguresSlide:
    summary = view.summary()
    previous = "previous period of the same length"

    def change(now: int, before: int) -> str:
        return f"{now - before:+d} vs {previous} ({before})"

    by_class = ", ".join(f"{summary.by_class[cls]} {cls}" for cls in MISSILE_CLASSES if summary.by_class.get(cls))
    tiles = (
        Tile("Launch events", str(summary.events), change(summary.events, summary.previous_events)),
        Tile("Missiles", str(summary.missiles), change(summary.missiles, summary.previous_missiles)),
        Tile("By class", by_class or "none", "missiles per class"),
        Tile(
            "Longest range",
            summary.longest_range.label() if summary.longest_range else NOT_REPORTED_CELL,
            summary.longest_range.detail() if summary.longest_range else f"range {NOT_REPORTED}",
        ),
        Tile(
            "Highest apogee",
            summary.highest_apogee.label() if summary.highest_apogee else NOT_REPORTED_CELL,
            summary.highest_apogee.detail() if summary.highest_apogee else f"apogee {NOT_REPORTED}",
        ),
        Tile(
            "New types",
            str(len(summary.new_types)) if summary.new_types else "none",
            _first_few(summary.new_types) if summary.new_types else "every type flew before",
        ),
    )
    change_word = "more" if summary.events > summary.previous_events else (
        "fewer" if summary.events < summary.previous_events else "as many")
    title = (
        f"{counted(summary.events, 'launch event')} and {counted(summary.missiles, 'missile')}: "
        f"{change_word} than the period before" if change_word != "as many"
        else f"{counted(summary.events, 'launch event')} and {counted(summary.missiles, 'missile')}, "
        "as many events as the period before"
    )
    return FiguresSlide(title, tiles, sources_note(view.launches))


def _first_few(names: Sequence[str], shown: int = 6) -> str:
    listed = ", ".join(names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


def figure_text(value: float | None, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return NOT_REPORTED_CELL
    return f"{float(value):,.0f}{unit}"


# --- tables ---------------------------------------------------------------------------------

_MISSILE_HEADER = (
    "Date (KST)", "Missile", "Site", "Range\nkm", "Apogee\nkm", "Flight\nmin", "Bearing", "Outcome", "Figures\nby",
    "Other agencies' figures",
)
_REFERENCE_HEADER = (*_MISSILE_HEADER[:-1], "Sources and other agencies' figures")
# Inches on a 13.33-inch slide, each wide enough for its longest word; the PDF scales them.
_MISSILE_WIDTHS = (1.1, 1.7, 1.6, 0.75, 0.85, 0.7, 1.1, 1.0, 1.0, 2.6)
_MISSILE_CAPTION = (
    f"{NOT_REPORTED_CELL} {NOT_REPORTED} · bearing reported, inferred from the impact area, or assumed · "
    "Figures by: whose numbers fill the row"
)
_EVENT_HEADER = (
    "Date (KST)", "Missiles", "Class and type", "Site", "Range\nkm", "Apogee\nkm", "Figures by",
    "Japan EEZ\n(estimate)",
    "Team\nnotes",
)
_EVENT_WIDTHS = (1.15, 1.0, 2.55, 2.75, 0.85, 0.9, 1.2, 1.35, 0.65)
_EVENT_CAPTION = (
    f"Range, apogee: the event's largest, by the agency named · † agencies differ by over 10 % · "
    f"K: KCNA only · {NOT_REPORTED_CELL} {NOT_REPORTED} · all statements in the notes"
)
_CITATIONS_PER_LINE = 8
_MARKS = {"disputed": " †", "KCNA only": " K"}
_JAPAN_WORDS = {"inside": "inside", "near-line": "near line", "outside": "outside"}


def _missiles_slide(view: View, title: str, *, reference: bool = False) -> TableSlide:
    rows, notes = [], []
    for _, row in view.launches.iterrows():
        bearing = figure_text(row["bearing_deg"], "°")
        if bearing != NOT_REPORTED_CELL and row["bearing_basis"]:
            bearing = f"{bearing} {row['bearing_basis']}"
        missile = row["missile"] or UNNAMED_MISSILE
        if row.get("origin", "catalog") == "analyst":
            missile += " (analyst-added)"
        sources = str(row["sources"]).replace(" | ", "; ")
        others = other_agencies(view.claims, row["launch_id"], row["event_id"]) if len(view.claims) else []
        other_figures = "; ".join(others) if others else str(row["notes"] or "")
        time = f" {row['time_utc']} UTC" if row["time_utc"] else ""
        rows.append(
            (
                f"{row['date_kst']:%Y-%m-%d}{time}",
                f"{missile}\n{row['missile_class']}",
                site_label(row),
                figure_text(row["range_km"]),
                figure_text(row["apogee_km"]),
                figure_text(row["flight_time_min"]),
                bearing,
                row["outcome"],
                row["confirmation"] or "unattributed",
                f"{sources}\n{other_figures}" if reference and other_figures else (
                    sources if reference else other_figures or NOT_REPORTED_CELL),
            )
        )
        notes.append(f"{row['launch_id']}: sources: {sources}" + (f"; other figures: {other_figures}"
                                                                   if other_figures else ""))
    return TableSlide(
        title=title if view.launches.empty else f"{title}: {counted(len(view.launches), 'missile')}",
        caption=_MISSILE_CAPTION,
        header=_REFERENCE_HEADER if reference else _MISSILE_HEADER,
        widths=_MISSILE_WIDTHS,
        rows=tuple(rows),
        classes=tuple(view.launches["missile_class"]),
        row_notes=tuple(notes),
        reference=reference,
    )


def _figure_cell(figure: HeadlineFigure | None) -> str:
    if figure is None:
        return NOT_REPORTED_CELL
    return figure_text(figure.value) + _MARKS.get(figure.mark, "")


def _agencies(event: LaunchEvent) -> str:
    named = list(dict.fromkeys(figure.agency for figure in (event.range_km, event.apogee_km) if figure))
    return " / ".join(named) if named else NOT_REPORTED_CELL


def _japan_cell(event: LaunchEvent) -> str:
    status = _JAPAN_WORDS.get(event.japan_eez, NOT_REPORTED_CELL)
    return f"{status}; overflew" if event.overflew_japan else status


def _events_slide(view: View) -> TableSlide:
    events = launch_events(view.launches, view.claims, assess_launches(view.launches))
    rows, notes = [], []
    for event in events:
        rows.append(
            (
                f"{event.date_kst:%Y-%m-%d}",
                event.count_text,
                event.classes + (f": {event.types}" if event.types else ""),
                event.site,
                _figure_cell(event.range_km),
                _figure_cell(event.apogee_km),
                _agencies(event),
                _japan_cell(event),
                str(event.notes) if event.notes else "",
            )
        )
        said = "; ".join(event.statements) if event.statements else "no agency statements recorded"
        notes.append(f"{event.date_kst:%Y-%m-%d} ({event.event_id}): {said}. Sources: " + "; ".join(event.sources))
    return TableSlide(
        title=f"{counted(len(events), 'launch event')}, {counted(len(view.launches), 'missile')}"
        if events else "Launch events",
        caption=_EVENT_CAPTION,
        header=_EVENT_HEADER,
        widths=_EVENT_WIDTHS,
        rows=tuple(rows),
        classes=tuple(event.main_class for event in events),
        row_notes=tuple(notes),
        class_column=2,
    )


def _notes_slide(view: View, launch_id: str) -> NotesSlide:
    row = view.launches.loc[view.launches["launch_id"] == launch_id].iloc[0]
    figures = ", ".join(
        part
        for part in (
            f"{figure_text(row['range_km'])} km range" if pd.notna(row["range_km"]) else "",
            f"{figure_text(row['apogee_km'])} km apogee" if pd.notna(row["apogee_km"]) else "",
        )
        if part
    )
    subtitle = " · ".join(
        part
        for part in (
            launch_id,
            row["missile_class"],
            str(row["site_name"] or row["site_id"]),
            f"{figures} ({row['confirmation'] or 'unattributed'})" if figures else "",
        )
        if part
    )
    shown = tuple(
        (
            f"{note.author} · {note.updated_at:%Y-%m-%d %H:%M} UTC"
            + (f" · edited (v{note.version})" if note.version > 1 else "")
            + (f" · {', '.join(note.tags)}" if note.tags else ""),
            note.text,
        )
        for note in view.notes[launch_id]
    )
    return NotesSlide(
        f"Team notes: {row['missile'] or UNNAMED_MISSILE}, {row['date_kst']:%d %b %Y}",
        subtitle,
        shown,
        sources_note(view.launches[view.launches["launch_id"] == launch_id]),
    )


def _sources_slide(view: View) -> ListSlide:
    launches = view.launches
    citations = sorted(set(_citations(launches)) | {str(text).strip() for text in view.claims["citation"]
                                                    if str(text).strip()})
    lines = [
        view.context("").source_line,
        ("Splashdowns on the map are estimates: site + bearing + range. Bearings are reported, "
        "inferred from the impact area, or assumed, as the table says."),
        "Dates are Korean local dates (KST); weeks are ISO weeks of that date.",
    ]
    if "origin" in launches and (launches["origin"] == "analyst").any():
        lines.append("Analyst-added launches come from news reports entered in Splashdown; see the data export.")
    lines.append(f"{len(citations)} source citations in this period:" if citations else "No source citations.")
    # Citations run on in paragraphs, a slide holds dozens of them instead of one a line.
    lines += [" · ".join(citations[start:start + _CITATIONS_PER_LINE])
              for start in range(0, len(citations), _CITATIONS_PER_LINE)]
    return ListSlide("Appendix: sources and method", tuple(lines), sources_note(launches), reference=True)


# --- chart titles ---------------------------------------------------------------------------


def chart_message(view: View, chart: str, fallback: str) -> str:
    """The one message of a chart slide, from the launches it draws."""
    launches = view.launches
    if launches.empty:
        return f"{fallback}: no launches in this period"
    if chart == "timeline":
        days = launches["date_kst"].dt.normalize().nunique()
        events = launches["event_id"].nunique()
        if not lists_events(view.start, view.end):
            return f"{counted(events, 'launch event')} on {counted(days, 'day')}"
        months = launches.groupby(launches["date_kst"].dt.to_period("M"))["event_id"].nunique()
        busiest = months.idxmax()
        return f"Busiest month: {busiest:%b %Y}, {counted(int(months.max()), 'launch event')}"
    if chart == "weekly":
        weeks = launches.groupby("week").size()
        return f"Most missiles in one week: {int(weeks.max())} in {weeks.idxmax()}"
    if chart == "map":
        sites = launches["site_id"].nunique()
        reach = launches["range_km"].max()
        where = f"From {counted(sites, 'site')}"
        return f"{where}; the farthest flew about {reach:,.0f} km" if pd.notna(reach) else (
            f"{where}; range {NOT_REPORTED}")
    if chart == "profile":
        longest = longest_flight(launches)
        if longest is None:
            return fallback
        agency = headline(applying_to(view.claims, str(longest["launch_id"]), str(longest["event_id"])), "range_km")
        by = agency.agency if agency is not None else str(longest["confirmation"] or "unattributed")
        return (
            f"Longest flight: {longest['missile'] or UNNAMED_MISSILE}, {longest['date_kst']:%d %b %Y}, about "
            f"{longest['range_km']:,.0f} km at {longest['apogee_km']:,.0f} km apogee ({by})"
        )
    return fallback

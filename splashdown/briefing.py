"""The briefing pack: what the app shows for a set of filters, as PPTX slides or a PDF.

`load_view` reads exactly what the pages show (catalog + analyst-added launches + notes, filtered);
the pack and the `brief` command line build on it. Charts come from the same builders as the pages
and are rendered once by the export browser, then placed in both formats.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from splashdown import catalog
from splashdown.charts import timeline_figure, weekly_figure
from splashdown.config import settings
from splashdown.export_figures import (
    ExportBrowserUnavailable,
    ExportContext,
    EXIT_STATUS,
    ExportError,
    build_context,
    decorate,
    one_line,
    plot_aspect,
    render_static,
    shutdown_export_browser,
    static_export_available,
)
from splashdown.filters import (
    Filters,
    apply_filters,
    describe,
    period_bounds,
    period_window,
    previous_period,
    week_bounds,
)
from splashdown.palette import MISSILE_CLASSES, class_colour
from splashdown.static_map import static_map_figure
from splashdown.store import Note, open_store
from splashdown.summary import PeriodSummary, first_flights, period_summary

__all__ = [
    "ExportBrowserUnavailable",
    "PackChart",
    "View",
    "build_pack",
    "chart_for",
    "load_view",
    "main",
    "pack_slides",
    "render_charts",
    "static_export_available",
    "to_pdf",
    "to_pptx",
]

PACK_FORMATS: tuple[str, ...] = ("pptx", "pdf")
PACK_MIME_TYPES: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
# Pack pictures: rendered at this logical size and 2x scale, shown about 12.5 inches wide, so the
# figures' 20 px type lands near 14 pt on the slide.
PACK_CHART_WIDTH = 1250
PACK_CHART_HEIGHT = 600
PACK_FONT_PX = 20
_DAILY_TICKS_UP_TO = 16


@dataclass(frozen=True)
class View:
    """The launches a set of filters shows, with what the pack needs around them."""

    filters: Filters
    launches: pd.DataFrame
    any_date: pd.DataFrame
    previous: pd.DataFrame
    everything: pd.DataFrame
    notes: dict[str, list[Note]]
    start: date
    end: date
    description: str
    catalog_date: str
    marking: str
    generated_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    # Who the pack says generated it: the signed-in (or named) analyst, "" when nobody is known.
    author: str = ""

    def context(self, title: str) -> ExportContext:
        return build_context(
            self.launches,
            title=title,
            filter_summary=self.description,
            catalog_date=self.catalog_date,
            marking=self.marking,
        )

    def summary(self) -> PeriodSummary:
        return period_summary(self.launches, self.previous, first_flights(self.everything))


@dataclass(frozen=True)
class PackChart:
    """One rendered chart of the pack: its slide title and 2x PNG."""

    title: str
    png: bytes


def load_view(
    filters: Filters, *, today: date | None = None, database_url: str | None = None, author: str | None = None
) -> View:
    """Catalog + analyst-added launches + notes, filtered as the pages filter them.

    ``author`` names who generates the pack (the app passes the signed-in user); by default
    it is ``SPLASHDOWN_ANALYST``.
    """
    config = settings()
    launches = catalog.load_launches(config.data_dir)
    store = open_store(database_url or config.database_url)
    try:
        added = store.added_launches()
        if len(added):
            launches = catalog.merge_added(launches, added)
        launches = _with_note_summary(launches, store.note_summary())
        start, end = period_bounds(filters, today)
        shown = apply_filters(launches, filters, today)
        any_date = apply_filters(launches, filters, today, period=False)
        previous_start, previous_end = previous_period(start, end)
        dates = any_date["date_kst"]
        previous = any_date[(dates >= pd.Timestamp(previous_start)) & (dates <= pd.Timestamp(previous_end))]
        annotated = shown.loc[shown["note_count"] > 0, "launch_id"]
        notes = {launch_id: store.for_launch(launch_id) for launch_id in annotated}
    finally:
        store.close()
    return View(
        filters=filters,
        launches=shown.sort_values(["date_kst", "launch_id"]).reset_index(drop=True),
        any_date=any_date,
        previous=previous,
        everything=launches,
        notes={launch_id: found for launch_id, found in notes.items() if found},
        start=start,
        end=end,
        description=describe(filters, today),
        catalog_date=pd.Timestamp(launches["date_kst"].max()).strftime("%Y-%m-%d") if len(launches) else "no data",
        marking=config.marking,
        author=config.analyst if author is None else author,
    )


def _with_note_summary(launches: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    merged = launches.drop(columns=["note_count", "latest_tag", "tags"], errors="ignore").merge(
        summary, on="launch_id", how="left"
    )
    merged["note_count"] = merged["note_count"].fillna(0).astype(int)
    merged["latest_tag"] = merged["latest_tag"].fillna("").astype(str)
    merged["tags"] = merged["tags"].map(lambda tags: tuple(tags) if isinstance(tags, (list, tuple)) else ())
    return merged


def chart_for(view: View, chart: str, *, aspect: float | None = None) -> tuple[go.Figure, str]:
    """The page's figure for `chart` (timeline, weekly, map, profile) and its export title.

    `aspect` is the width/height of the plot area the map will fill (default: a standard export).
    """
    if chart == "timeline":
        return _period_timeline(view), "Launch timeline"
    if chart == "weekly":
        return weekly_figure(view.any_date, view.start, view.end), "Missiles launched per week"
    if chart == "map":
        shape = aspect or plot_aspect(marking=bool(view.marking))
        return static_map_figure(view.launches, aspect=shape), "Launch origins and estimated splashdowns"
    if chart == "profile":
        return _profile_figure(view)
    raise LookupError(f"unknown chart {chart!r}: choose timeline, weekly, map or profile")


def _period_timeline(view: View) -> go.Figure:
    """The page's timeline; over a short period the axis spans the period with one tick a day."""
    fig = timeline_figure(view.launches, (view.start, view.end))
    days = (view.end - view.start).days + 1
    if days <= _DAILY_TICKS_UP_TO:
        fig.update_xaxes(
            range=[pd.Timestamp(view.start) - pd.Timedelta(hours=12), pd.Timestamp(view.end) + pd.Timedelta(hours=12)],
            dtick=24 * 3600 * 1000,
            tickformat="%a %d %b",
        )
    return fig


def _profile_figure(view: View) -> tuple[go.Figure, str]:
    from splashdown import profile_chart

    longest = _longest_flight(view.launches)
    if longest is None:
        raise LookupError("no launch in this period has both a range and an apogee to draw a profile")
    title = f"Flight profile: {longest['missile']}, {longest['date_kst']:%d %b %Y}"
    return profile_chart.profile_figure(longest), title


def _longest_flight(launches: pd.DataFrame) -> pd.Series | None:
    known = launches[launches["range_km"].notna() & launches["apogee_km"].notna()]
    if known.empty:
        return None
    return known.loc[known["range_km"].idxmax()]


def _profile_available() -> bool:
    try:
        from splashdown import profile_chart  # noqa: F401
    except ImportError:
        return False
    return True


def render_charts(view: View) -> list[PackChart]:
    """The pack's charts, rendered once as PNG for both formats (the marking goes on the slide)."""
    wanted = ["timeline", "weekly", "map"]
    if _profile_available() and _longest_flight(view.launches) is not None:
        wanted.append("profile")
    charts = []
    aspect = plot_aspect(PACK_CHART_WIDTH, PACK_CHART_HEIGHT, with_title=False)
    for chart in wanted:
        fig, title = chart_for(view, chart, aspect=aspect)
        context = ExportContext(
            title=title,
            filter_summary=view.description,
            data_date=view.catalog_date,
            source_line=view.context(title).source_line,
        )
        decorated = decorate(
            fig, context, width=PACK_CHART_WIDTH, height=PACK_CHART_HEIGHT, font_size=PACK_FONT_PX, with_title=False
        )
        png = render_static(decorated, "png", width=PACK_CHART_WIDTH, height=PACK_CHART_HEIGHT)
        charts.append(PackChart(title=title, png=png))
    return charts


def build_pack(view: View, fmt: str) -> bytes:
    """The briefing pack for a view as PPTX or PDF bytes."""
    if fmt not in PACK_FORMATS:
        raise ValueError(f"pack format must be pptx or pdf, not {fmt!r}")
    charts = render_charts(view)
    slides = pack_slides(view, charts)
    return to_pptx(slides, view) if fmt == "pptx" else to_pdf(slides, view)


@dataclass(frozen=True)
class TitleSlide:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class FiguresSlide:
    title: str
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class ChartSlide:
    title: str
    png: bytes


@dataclass(frozen=True)
class TableSlide:
    """A table that the PPTX splits over as many slides as it needs (the PDF flows it)."""

    title: str
    caption: str
    header: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str, ...]


@dataclass(frozen=True)
class NotesSlide:
    title: str
    subtitle: str
    notes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ListSlide:
    title: str
    lines: tuple[str, ...]


Slide = TitleSlide | FiguresSlide | ChartSlide | TableSlide | NotesSlide | ListSlide

_NOT_REPORTED = "—"
_TABLE_HEADER = (
    "Date (KST)", "Missile", "Site", "Range\nkm", "Apogee\nkm", "Flight\nmin", "Bearing", "Outcome", "Figures\nby",
    "Sources and other figures",
)
# Inches on a 13.33-inch slide, each wide enough for its longest word; the PDF scales them.
_TABLE_WIDTHS = (1.1, 1.7, 1.6, 0.75, 0.85, 0.7, 1.1, 1.0, 1.0, 2.6)
_TABLE_CAPTION = (
    f"{_NOT_REPORTED} not reported · bearing basis: reported, inferred from the impact area, or assumed · "
    "Figures: the authority whose numbers fill the row"
)


def pack_slides(view: View, charts: Sequence[PackChart]) -> list[Slide]:
    """The pack's content, in order, independent of PPTX or PDF."""
    slides: list[Slide] = [_title_slide(view), _figures_slide(view)]
    slides += [ChartSlide(chart.title, chart.png) for chart in charts]
    slides.append(_table_slide(view))
    slides += [_notes_slide(view, launch_id) for launch_id in view.launches["launch_id"] if launch_id in view.notes]
    slides.append(_sources_slide(view))
    return slides


def counted(number: int, noun: str) -> str:
    """`1 missile`, `2 missiles`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _title_slide(view: View) -> TitleSlide:
    analyst = view.author
    launches = view.launches
    lines = [
        view.description,
        f"{counted(launches['event_id'].nunique(), 'launch event')}, {counted(len(launches), 'missile')}, "
        f"{len(view.notes)} with team notes",
        f"Data as of {view.catalog_date} (newest launch in the catalog)",
        f"Generated {view.generated_at:%Y-%m-%d %H:%M} UTC" + (f" by {analyst}" if analyst else ""),
    ]
    if view.marking:
        lines.insert(0, view.marking)
    return TitleSlide("North Korean missile launches", tuple(lines))


def _figures_slide(view: View) -> FiguresSlide:
    summary = view.summary()
    previous = "previous period of the same length"

    def change(now: int, before: int) -> str:
        return f"{now - before:+d} vs {previous} ({before})"

    by_class = ", ".join(
        f"{summary.by_class[cls]} {cls}" for cls in MISSILE_CLASSES if summary.by_class.get(cls)
    )
    tiles = (
        Tile("Launch events", str(summary.events), change(summary.events, summary.previous_events)),
        Tile("Missiles", str(summary.missiles), change(summary.missiles, summary.previous_missiles)),
        Tile("By class", by_class or "none", "missiles per class"),
        Tile(
            "Longest range",
            summary.longest_range.label() if summary.longest_range else _NOT_REPORTED,
            summary.longest_range.detail() if summary.longest_range else "no range reported",
        ),
        Tile(
            "Highest apogee",
            summary.highest_apogee.label() if summary.highest_apogee else _NOT_REPORTED,
            summary.highest_apogee.detail() if summary.highest_apogee else "no apogee reported",
        ),
        Tile(
            "New types",
            str(len(summary.new_types)) if summary.new_types else "none",
            _first_few(summary.new_types) if summary.new_types else "every type flew before",
        ),
    )
    return FiguresSlide("Key figures", tiles)


def _first_few(names: Sequence[str], shown: int = 6) -> str:
    listed = ", ".join(names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _figure(value: object, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return _NOT_REPORTED
    return f"{float(value):,.0f}{unit}"


def _table_slide(view: View) -> TableSlide:
    rows = []
    for row in view.launches.itertuples(index=False):
        bearing = _figure(row.bearing_deg, "°")
        if bearing != _NOT_REPORTED and row.bearing_basis:
            bearing = f"{bearing} {row.bearing_basis}"
        missile = row.missile or "unknown"
        if getattr(row, "origin", "catalog") == "analyst":
            missile += " (analyst-added)"
        sources = row.sources.replace(" | ", "; ")
        if row.notes:
            sources += f"\nOther figures: {row.notes}"
        time = f" {row.time_utc} UTC" if row.time_utc else ""
        rows.append(
            (
                f"{row.date_kst:%Y-%m-%d}{time}",
                f"{missile}\n{row.missile_class}",
                f"{row.site_name or row.site_id}, {row.province}" if row.province else (row.site_name or row.site_id),
                _figure(row.range_km),
                _figure(row.apogee_km),
                _figure(row.flight_time_min),
                bearing,
                row.outcome,
                row.confirmation or "unattributed",
                sources,
            )
        )
    return TableSlide(
        title="Launches",
        caption=_TABLE_CAPTION,
        header=_TABLE_HEADER,
        widths=_TABLE_WIDTHS,
        rows=tuple(rows),
        classes=tuple(view.launches["missile_class"]),
    )


def _notes_slide(view: View, launch_id: str) -> NotesSlide:
    row = view.launches.loc[view.launches["launch_id"] == launch_id].iloc[0]
    figures = ", ".join(
        part
        for part in (
            f"{_figure(row['range_km'])} km range" if pd.notna(row["range_km"]) else "",
            f"{_figure(row['apogee_km'])} km apogee" if pd.notna(row["apogee_km"]) else "",
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
    notes = tuple(
        (
            f"{note.author} · {note.updated_at:%Y-%m-%d %H:%M} UTC"
            + (f" · edited (v{note.version})" if note.version > 1 else "")
            + (f" · {', '.join(note.tags)}" if note.tags else ""),
            note.text,
        )
        for note in view.notes[launch_id]
    )
    return NotesSlide(f"Team notes: {row['missile'] or 'unknown'}, {row['date_kst']:%d %b %Y}", subtitle, notes)


def _sources_slide(view: View) -> ListSlide:
    launches = view.launches
    citations = sorted(
        {part.strip() for text in launches["sources"] for part in str(text).split(" | ") if part.strip()}
    )
    lines = [
        view.context("").source_line,
        "Splashdowns on the map are estimates: site + bearing + range. Bearings are reported, "
        "inferred from the impact area, or assumed, as the table says.",
        "Dates are Korean local dates (KST); weeks are ISO weeks of that date.",
    ]
    if "origin" in launches and (launches["origin"] == "analyst").any():
        lines.append("Analyst-added launches come from news reports entered in Splashdown; see the data export.")
    lines.append(f"{len(citations)} source citations in this period:" if citations else "No source citations.")
    lines += citations
    return ListSlide("Sources and method", tuple(lines))


# --- PPTX -----------------------------------------------------------------------------------

_SLIDE_W_IN = 13.333
_SLIDE_H_IN = 7.5
_MARGIN_IN = 0.45
_BODY_TOP_IN = 1.1
_BODY_BOTTOM_IN = 6.75
_PPTX_FONT = "Arial"
_INK = "1F2933"
_MUTED = "52606D"
_MARKING_FILL = "FFF3C4"
_MARKING_INK = "7A0000"
_HEADER_FILL = "2E3B4E"
_BAND_FILL = "F1F4F7"
_TABLE_PT = 13
_NOTES_PT = 18
_LIST_PT = 17


def to_pptx(slides: Sequence[Slide], view: View) -> bytes:
    """16:9 slides with large type; long tables and notes continue on further slides."""
    from pptx import Presentation
    from pptx.util import Emu

    presentation = Presentation()
    # PowerPoint's own 16:9 size, exactly 13.333 x 7.5 inches.
    presentation.slide_width = Emu(12_192_000)
    presentation.slide_height = Emu(6_858_000)
    pages: list[tuple[Slide, Any]] = []
    for slide in slides:
        pages += [(slide, part) for part in _pptx_parts(slide)]
    footer = f"Splashdown briefing · {view.description} · data as of {view.catalog_date}"
    for number, (slide, part) in enumerate(pages, start=1):
        page = presentation.slides.add_slide(presentation.slide_layouts[6])
        _pptx_chrome(page, view.marking, footer, f"{number} / {len(pages)}")
        _pptx_draw(page, slide, part)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _pptx_parts(slide: Slide) -> list[Any]:
    """What goes on each PPTX slide for one logical slide: row ranges, note groups, line groups."""
    if isinstance(slide, TableSlide):
        return _paginate(
            list(range(len(slide.rows))),
            lambda index: _row_height_in(slide.rows[index], slide.widths, _TABLE_PT),
            _BODY_BOTTOM_IN - _BODY_TOP_IN - 0.45 - _row_height_in(slide.header, slide.widths, _TABLE_PT),
        ) or [[]]
    if isinstance(slide, NotesSlide):
        return _paginate(
            list(slide.notes),
            lambda note: (
                _text_height_in(note[0], 12.3, _NOTES_PT - 2) + _text_height_in(note[1], 12.3, _NOTES_PT) + 0.2
            ),
            _BODY_BOTTOM_IN - _BODY_TOP_IN - 0.55,
        )
    if isinstance(slide, ListSlide):
        return _paginate(
            list(slide.lines),
            lambda line: _text_height_in(line, 12.2, _LIST_PT) + 0.03,
            _BODY_BOTTOM_IN - _BODY_TOP_IN,
        )
    return [None]


def _paginate(items: list[Any], height: Callable[[Any], float], budget: float) -> list[list[Any]]:
    pages: list[list[Any]] = []
    current: list[Any] = []
    used = 0.0
    for item in items:
        needed = height(item)
        if current and used + needed > budget:
            pages.append(current)
            current, used = [], 0.0
        current.append(item)
        used += needed
    if current:
        pages.append(current)
    return pages


def _text_lines(text: str, width_in: float, points: float) -> int:
    # Arial's average glyph is about half the point size wide; PowerPoint grows a table row that
    # overflows, so an underestimate shows as a table running into the footer.
    chars_per_line = max(1, int(width_in * 72 / (points * 0.5)))
    return sum(max(1, -(-len(paragraph) // chars_per_line)) for paragraph in str(text).split("\n"))


def _text_height_in(text: str, width_in: float, points: float) -> float:
    return _text_lines(text, width_in, points) * points * 1.2 / 72


def _row_height_in(cells: Sequence[str], widths: Sequence[float], points: float) -> float:
    lines = max(_text_lines(cell, width - 0.16, points) for cell, width in zip(cells, widths))
    return lines * points * 1.18 / 72 + 0.1


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _pptx_text(
    page: Any,
    left: float,
    top: float,
    width: float,
    height: float,
    paragraphs: Sequence[tuple[str, float, bool, str]],
    *,
    align: str = "left",
    anchor: str = "top",
    gap_before_bold: float = 0,
) -> Any:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    box = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
    for margin in ("margin_left", "margin_right"):
        setattr(frame, margin, Inches(0.05))
    for index, (text, points, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        if bold and index and gap_before_bold:
            paragraph.space_before = Pt(gap_before_bold)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(points)
        run.font.bold = bold
        run.font.name = _PPTX_FONT
        run.font.color.rgb = _rgb(colour)
    return box


def _pptx_chrome(page: Any, marking: str, footer: str, number: str) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    if marking:
        for top in (0.0, _SLIDE_H_IN - 0.34):
            band = page.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, 0, Inches(top), Inches(_SLIDE_W_IN), Inches(0.34)
            )
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(_MARKING_FILL)
            band.line.fill.background()
            paragraph = band.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = marking
            run.font.size = Pt(14)
            run.font.bold = True
            run.font.name = _PPTX_FONT
            run.font.color.rgb = _rgb(_MARKING_INK)
    _pptx_text(page, _MARGIN_IN, 6.82, 10.6, 0.3, [(footer, 11, False, _MUTED)])
    _pptx_text(page, _SLIDE_W_IN - _MARGIN_IN - 1.6, 6.82, 1.6, 0.3, [(number, 11, False, _MUTED)], align="right")


def _pptx_title(page: Any, title: str, subtitle: str = "") -> None:
    paragraphs = [(title, 28, True, _INK)]
    if subtitle:
        paragraphs.append((subtitle, 15, False, _MUTED))
    _pptx_text(page, _MARGIN_IN, 0.4, _SLIDE_W_IN - 2 * _MARGIN_IN, 0.7 if not subtitle else 0.75, paragraphs)


def _pptx_draw(page: Any, slide: Slide, part: Any) -> None:
    from pptx.util import Inches

    if isinstance(slide, TitleSlide):
        lines = list(slide.lines)
        _pptx_text(page, 0.9, 1.6, 11.5, 1.2, [(slide.title, 44, True, _INK)], anchor="bottom")
        _pptx_text(
            page,
            0.9,
            3.0,
            11.5,
            3.4,
            [
                (line, 24 if index == 0 else 20, index == 0, _INK if index == 0 else _MUTED)
                for index, line in enumerate(lines)
            ],
        )
    elif isinstance(slide, FiguresSlide):
        _pptx_title(page, slide.title)
        for index, tile in enumerate(slide.tiles):
            left = _MARGIN_IN + (index % 3) * 4.2
            top = _BODY_TOP_IN + 0.1 + (index // 3) * 2.75
            _pptx_text(
                page,
                left,
                top,
                4.0,
                2.6,
                [(tile.label, 18, False, _MUTED), (tile.value, 36 if len(tile.value) < 16 else 24, True, _INK),
                 (tile.detail, 15, False, _MUTED)],
            )
    elif isinstance(slide, ChartSlide):
        _pptx_title(page, slide.title)
        height = _BODY_BOTTOM_IN - _BODY_TOP_IN
        width = height * PACK_CHART_WIDTH / PACK_CHART_HEIGHT
        page.shapes.add_picture(
            io.BytesIO(slide.png),
            Inches((_SLIDE_W_IN - width) / 2),
            Inches(_BODY_TOP_IN),
            Inches(width),
            Inches(height),
        )
    elif isinstance(slide, TableSlide):
        _pptx_title(page, slide.title, slide.caption)
        _pptx_table(page, slide, part)
    elif isinstance(slide, NotesSlide):
        _pptx_title(page, slide.title, slide.subtitle)
        paragraphs: list[tuple[str, float, bool, str]] = []
        for heading, text in part:
            paragraphs.append((heading, _NOTES_PT - 2, True, _MUTED))
            paragraphs += [(line, _NOTES_PT, False, _INK) for line in text.split("\n")]
        _pptx_text(
            page, _MARGIN_IN, _BODY_TOP_IN + 0.35, 12.4, _BODY_BOTTOM_IN - _BODY_TOP_IN - 0.35, paragraphs,
            gap_before_bold=_NOTES_PT * 0.7,
        )
    elif isinstance(slide, ListSlide):
        _pptx_title(page, slide.title)
        _pptx_text(
            page,
            _MARGIN_IN,
            _BODY_TOP_IN,
            12.4,
            _BODY_BOTTOM_IN - _BODY_TOP_IN,
            [(line, _LIST_PT, False, _INK) for line in part],
        )


def _pptx_table(page: Any, slide: TableSlide, indices: list[int]) -> None:
    from pptx.util import Inches

    if not indices:
        _pptx_text(page, _MARGIN_IN, _BODY_TOP_IN + 0.5, 12.0, 1.0, [("No launches in this period.", 24, False, _INK)])
        return
    top = _BODY_TOP_IN + 0.45
    shape = page.shapes.add_table(
        len(indices) + 1, len(slide.header), Inches(_MARGIN_IN), Inches(top), Inches(sum(slide.widths)), Inches(0.4)
    )
    table = shape.table
    for column, width in enumerate(slide.widths):
        table.columns[column].width = Inches(width)
    grid = [(slide.header, None)] + [(slide.rows[index], slide.classes[index]) for index in indices]
    for row_number, (cells, missile_class) in enumerate(grid):
        table.rows[row_number].height = Inches(_row_height_in(cells, slide.widths, _TABLE_PT))
        for column, text in enumerate(cells):
            cell = table.cell(row_number, column)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(
                _HEADER_FILL if row_number == 0 else (_BAND_FILL if row_number % 2 == 0 else "FFFFFF")
            )
            frame = cell.text_frame
            frame.word_wrap = True
            lines = text.split("\n")
            for line_number, line in enumerate(lines):
                paragraph = frame.paragraphs[0] if line_number == 0 else frame.add_paragraph()
                if row_number and column == 1 and line_number == 1 and missile_class:
                    swatch = paragraph.add_run()
                    swatch.text = "■ "
                    _style_run(swatch, _TABLE_PT, False, _class_hex(missile_class))
                run = paragraph.add_run()
                run.text = line
                _style_run(run, _TABLE_PT, row_number == 0, "FFFFFF" if row_number == 0 else _INK)


def _style_run(run: Any, points: float, bold: bool, colour: str) -> None:
    from pptx.util import Pt

    run.font.size = Pt(points)
    run.font.bold = bold
    run.font.name = _PPTX_FONT
    run.font.color.rgb = _rgb(colour)


def _class_hex(missile_class: str) -> str:
    return class_colour(missile_class).lstrip("#").upper()


# --- PDF ------------------------------------------------------------------------------------

_PDF_FONT = "Helvetica"
_PDF_BOLD = "Helvetica-Bold"


def _pdf_fonts() -> tuple[str, str]:
    """DejaVu Sans when installed (it has the ŏ of Hamgyŏng and every dash); else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    bold = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not (regular.exists() and bold.exists()):
        return _PDF_FONT, _PDF_BOLD
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def to_pdf(slides: Sequence[Slide], view: View) -> bytes:
    """The same content as the slides on landscape A4 pages; tables and notes flow over pages."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import (
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = _pdf_fonts()
    page_w, page_h = landscape(A4)
    margin = 0.4 * inch
    body_w = page_w - 2 * margin

    def style(name: str, size: float, font: str = regular, colour: str = _INK, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.25, textColor=colors.HexColor("#" + colour), **extra
        )

    big_title = style("big", 36, bold, spaceAfter=18)
    title = style("title", 24, bold, spaceAfter=4)
    subtitle = style("subtitle", 13, colour=_MUTED, spaceAfter=10)
    lead = style("lead", 20, bold, spaceAfter=8)
    body = style("body", 15, spaceAfter=6)
    muted = style("muted", 15, colour=_MUTED, spaceAfter=6)
    note_head = style("note_head", 13, bold, colour=_MUTED, spaceBefore=8)
    cell = style("cell", 10.5)
    head_cell = style("head_cell", 10.5, bold, colour="FFFFFF")
    tile_label = style("tile_label", 14, colour=_MUTED)
    tile_value = style("tile_value", 28, bold)
    tile_detail = style("tile_detail", 12, colour=_MUTED)

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    story: list = []
    for slide in slides:
        if isinstance(slide, TitleSlide):
            story += [Spacer(1, 1.4 * inch), Paragraph(text(slide.title), big_title)]
            story += [Paragraph(text(line), lead if index == 0 else muted) for index, line in enumerate(slide.lines)]
        elif isinstance(slide, FiguresSlide):
            story.append(Paragraph(text(slide.title), title))
            tiles = [
                [Paragraph(text(tile.label), tile_label), Paragraph(text(tile.value), tile_value),
                 Paragraph(text(tile.detail), tile_detail)]
                for tile in slide.tiles
            ]
            grid = Table([tiles[:3], tiles[3:]], colWidths=[body_w / 3] * 3)
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 24)]))
            story += [Spacer(1, 0.3 * inch), grid]
        elif isinstance(slide, ChartSlide):
            height = page_h - 2 * margin - 1.2 * inch
            width = min(body_w, height * PACK_CHART_WIDTH / PACK_CHART_HEIGHT)
            picture = Image(io.BytesIO(slide.png), width, width * PACK_CHART_HEIGHT / PACK_CHART_WIDTH)
            story += [Paragraph(text(slide.title), title), picture]
        elif isinstance(slide, TableSlide):
            story += [Paragraph(text(slide.title), title), Paragraph(text(slide.caption), subtitle)]
            if not slide.rows:
                story.append(Paragraph("No launches in this period.", body))
            else:
                scale = body_w / sum(slide.widths)
                data = [[Paragraph(text(value), head_cell) for value in slide.header]]
                for cells, missile_class in zip(slide.rows, slide.classes):
                    row = [Paragraph(text(value), cell) for value in cells]
                    missile, _, cls = cells[1].partition("\n")
                    row[1] = Paragraph(
                        f'{text(missile)}<br/><font color="#{_class_hex(missile_class)}">■</font> {text(cls)}', cell
                    )
                    data.append(row)
                table = Table(data, colWidths=[width * scale for width in slide.widths], repeatRows=1)
                table.setStyle(
                    TableStyle(
                        [
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + _HEADER_FILL)),
                            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#" + _BAND_FILL)]),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 3),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#C8D0D8")),
                        ]
                    )
                )
                story.append(table)
        elif isinstance(slide, NotesSlide):
            story += [Paragraph(text(slide.title), title), Paragraph(text(slide.subtitle), subtitle)]
            for heading, note in slide.notes:
                story.append(KeepTogether([Paragraph(text(heading), note_head), Paragraph(text(note), body)]))
        elif isinstance(slide, ListSlide):
            story.append(Paragraph(text(slide.title), title))
            story += [Paragraph(text(line), body) for line in slide.lines]
        story.append(PageBreak())
    story.pop()

    footer = f"Splashdown briefing · {view.description} · data as of {view.catalog_date}"

    def decorate_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        if view.marking:
            for y in (page_h - 0.3 * inch, 0.12 * inch):
                canvas.setFillColor(colors.HexColor("#" + _MARKING_FILL))
                canvas.rect(0, y - 0.04 * inch, page_w, 0.26 * inch, stroke=0, fill=1)
                canvas.setFillColor(colors.HexColor("#" + _MARKING_INK))
                canvas.setFont(bold, 12)
                canvas.drawCentredString(page_w / 2, y + 0.03 * inch, view.marking)
        canvas.setFillColor(colors.HexColor("#" + _MUTED))
        canvas.setFont(regular, 9)
        canvas.drawString(margin, 0.45 * inch, footer[:150])
        canvas.drawRightString(page_w - margin, 0.45 * inch, f"page {document.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=0.55 * inch,
        bottomMargin=0.7 * inch,
        title=f"Splashdown briefing: {view.description}",
        author=view.author or "Splashdown",
    )
    document.build(story, onFirstPage=decorate_page, onLaterPages=decorate_page)
    return buffer.getvalue()


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The period and class options shared by `brief` and `export`."""
    period = parser.add_argument_group("period (default: this week, Korean dates)")
    period.add_argument("--week", help="ISO week of the Korean date, like 2021-W12")
    period.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    period.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day")
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        choices=MISSILE_CLASSES,
        default=[],
        metavar="CLASS",
        help=f"missile class to include, repeatable ({', '.join(MISSILE_CLASSES)})",
    )


def filters_from_args(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Filters:
    """Filters from parsed options; contradictions are usage errors (exit 2)."""
    if args.week and (args.date_from or args.date_to):
        parser.error("give either --week or --from/--to, not both")
    first, last = period_window()
    if args.week:
        try:
            monday, sunday = week_bounds(args.week)
        except ValueError as error:
            parser.error(str(error))
        if sunday < first or monday > last:
            parser.error(f"week {args.week} is outside {first:%Y-%m-%d} to {last:%Y-%m-%d}")
    for option, day in (("--from", args.date_from), ("--to", args.date_to)):
        if day and not first <= day <= last:
            parser.error(f"{option} {day} is outside {first:%Y-%m-%d} to {last:%Y-%m-%d}")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        parser.error(f"--from {args.date_from} is after --to {args.date_to}")
    return Filters(
        week=args.week.upper() if args.week else None,
        date_from=args.date_from,
        date_to=args.date_to,
        classes=tuple(dict.fromkeys(args.classes)),
    )


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2021-03-25") from None


def add_output_arguments(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """The filters plus `--format` and `--out`, shared by `brief` and `export`."""
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=formats,
                        help=f"{' or '.join(formats)} (default: from --out's extension)")
    parser.add_argument("--out", required=True, type=Path, help="file to write")


def parse_output_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str], formats: Sequence[str]
) -> tuple[argparse.Namespace, str, Filters]:
    """Arguments, output format and filters; usage errors exit through `parser.error` (status 2)."""
    args = parser.parse_args(list(argv))
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in formats:
        parser.error(f"cannot tell the format from {args.out.name!r}: pass --format {'|'.join(formats)}")
    return args, fmt, filters_from_args(args, parser)


def main(argv: Sequence[str]) -> int:
    """`python -m splashdown brief ...`: 0 written, 1 failed (one line on stderr), 2 usage."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown brief",
        description="Build the briefing pack (PPTX or PDF) for a period, as the Briefing page does.",
        epilog=EXIT_STATUS,
    )
    add_output_arguments(parser, PACK_FORMATS)
    try:
        args, fmt, filters = parse_output_arguments(parser, argv, PACK_FORMATS)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    def pack() -> tuple[bytes, str]:
        view = load_view(filters)
        return build_pack(view, fmt), f"{len(view.launches)} launches, {len(view.notes)} annotated, {view.description}"

    return write_output("brief", args.out, pack)


def write_output(command: str, out: Path, produce: Callable[[], tuple[bytes, str]]) -> int:
    """Make a file for `brief`/`export` and write it: 0 and a summary line, or 1 and one line for cron."""
    try:
        payload, summary = produce()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(payload)
    except (ExportError, ValueError, OSError, LookupError) as error:
        print(f"splashdown {command}: {one_line(error)}", file=sys.stderr)
        return 1
    finally:
        shutdown_export_browser()
    print(f"wrote {out} ({len(payload):,} bytes): {summary}")
    return 0

"""The briefing pack as 16:9 PowerPoint slides (python-pptx), as LibreOffice and PowerPoint open them.

Decisions:
- Every slide gets the marking top and bottom, the period and data date in the footer, and
  speaker notes with the sources of what it shows.
- Long tables and notes continue on further slides, sized by an estimate of the wrapped text
  (python-pptx cannot measure text); an underestimate would show as a table running into the
  footer, so the estimate is generous.
- Chart pictures fill the content area exactly: they are rendered at its aspect ratio.
- Appendix slides carry a tinted title band so a reader sees where the briefing proper ends.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from splashdown.pack_slides import (
    ChartSlide,
    FiguresSlide,
    ListSlide,
    NotesSlide,
    OpeningSlide,
    Pack,
    Slide,
    TableSlide,
)
from splashdown.pack_style import (
    APPENDIX_FILL,
    BAND_FILL,
    BODY_BOTTOM_IN,
    BODY_TOP_IN,
    CHART_H_IN,
    CHART_W_IN,
    HEADER_FILL,
    INK,
    MARGIN_IN,
    MARKING_FILL,
    MARKING_INK,
    MUTED,
    SLIDE_H_IN,
    SLIDE_W_IN,
    class_hex,
)

_FONT = "Arial"
_TABLE_PT = 13
_NOTES_PT = 18
_LIST_PT = 17
_REFERENCE_PT = 11
_FOOTER_PT = 11
_TABLE_TOP_IN = BODY_TOP_IN + 0.3


def to_pptx(pack: Pack) -> bytes:
    """16:9 slides with large type; long tables and notes continue on further slides."""
    from pptx import Presentation
    from pptx.util import Emu

    presentation = Presentation()
    # PowerPoint's own 16:9 size, exactly 13.333 x 7.5 inches.
    presentation.slide_width = Emu(12_192_000)
    presentation.slide_height = Emu(6_858_000)
    presentation.core_properties.title = pack.document_title
    presentation.core_properties.author = pack.author
    pages: list[tuple[Slide, Any, bool, str]] = []
    for index, slide in enumerate(pack.slides):
        in_appendix = pack.appendix_from is not None and index >= pack.appendix_from
        parts = _parts(slide)
        pages += [
            (slide, part, in_appendix, f" ({number}/{len(parts)})" if len(parts) > 1 else "")
            for number, part in enumerate(parts, start=1)
        ]
    for number, (slide, part, in_appendix, continued) in enumerate(pages, start=1):
        page = presentation.slides.add_slide(presentation.slide_layouts[6])
        _chrome(page, pack.marking, pack.footer, f"{number} / {len(pages)}", appendix=in_appendix)
        _draw(page, slide, part, continued)
        page.notes_slide.notes_text_frame.text = _speaker_notes(slide, part)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _speaker_notes(slide: Slide, part: Any) -> str:
    if isinstance(slide, TableSlide) and slide.row_notes and part:
        return "Sources of the rows on this slide:\n" + "\n".join(slide.row_notes[index] for index in part)
    return slide.notes


def _parts(slide: Slide) -> list[Any]:
    """What goes on each PPTX slide for one logical slide: row ranges, note groups, line groups."""
    if isinstance(slide, TableSlide):
        return _paginate(
            list(range(len(slide.rows))),
            lambda index: _row_height_in(slide.rows[index], slide.widths, _table_pt(slide)),
            BODY_BOTTOM_IN - _TABLE_TOP_IN - _row_height_in(slide.header, slide.widths, _table_pt(slide)),
        ) or [[]]
    if isinstance(slide, NotesSlide):
        return _paginate(
            list(slide.notes_shown),
            lambda note: (
                _text_height_in(note[0], 12.3, _NOTES_PT - 2) + _text_height_in(note[1], 12.3, _NOTES_PT) + 0.2
            ),
            BODY_BOTTOM_IN - BODY_TOP_IN - 0.55,
        )
    if isinstance(slide, ListSlide):
        return _paginate(
            list(slide.lines),
            lambda line: _text_height_in(line, 12.2, _list_pt(slide)) + 0.03,
            BODY_BOTTOM_IN - BODY_TOP_IN,
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
    # Arial's average glyph is about half the point size wide, a little more with capitals and
    # digits; PowerPoint and Impress grow a table row that overflows, so an underestimate shows
    # as a table running into the footer.
    chars_per_line = max(1, int(width_in * 72 / (points * 0.52)))
    return sum(max(1, -(-len(paragraph) // chars_per_line)) for paragraph in str(text).split("\n"))


def _text_height_in(text: str, width_in: float, points: float) -> float:
    return _text_lines(text, width_in, points) * points * 1.2 / 72


def _row_height_in(cells: Sequence[str], widths: Sequence[float], points: float) -> float:
    lines = max(_text_lines(cell, width - 0.16, points) for cell, width in zip(cells, widths))
    return lines * points * 1.22 / 72 + 0.1


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(
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
    space_after: float = 0,
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
        if space_after:
            paragraph.space_after = Pt(space_after)
        run = paragraph.add_run()
        run.text = text
        _style_run(run, points, bold, colour)
    return box


def _band(page: Any, top: float, height: float, fill: str) -> Any:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    band = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(top), Inches(SLIDE_W_IN), Inches(height))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(fill)
    band.line.fill.background()
    return band


def _chrome(page: Any, marking: str, footer: str, number: str, *, appendix: bool) -> None:
    from pptx.enum.text import PP_ALIGN

    if appendix:
        _band(page, 0.34 if marking else 0.0, BODY_TOP_IN - (0.4 if marking else 0.06), APPENDIX_FILL)
    if marking:
        for top in (0.0, SLIDE_H_IN - 0.34):
            band = _band(page, top, 0.34, MARKING_FILL)
            paragraph = band.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = marking
            _style_run(run, 14, True, MARKING_INK)
    footer_top = SLIDE_H_IN - 0.34 - 0.36
    _text(page, MARGIN_IN, footer_top, 10.6, 0.3, [(footer, _FOOTER_PT, False, MUTED)])
    _text(page, SLIDE_W_IN - MARGIN_IN - 1.6, footer_top, 1.6, 0.3, [(number, _FOOTER_PT, False, MUTED)], align="right")


def _title(page: Any, title: str, subtitle: str = "") -> None:
    """The message on one line above the body; a subtitle (a caption, a byline) just under it."""
    top = 0.4
    bottom = BODY_TOP_IN - (0.05 if not subtitle else 0.3)
    _text(page, MARGIN_IN, top, SLIDE_W_IN - 2 * MARGIN_IN, bottom - top, [(title, 26, True, INK)], anchor="bottom")
    if subtitle:
        _text(page, MARGIN_IN, bottom, SLIDE_W_IN - 2 * MARGIN_IN, 0.3, [(subtitle, 13, False, MUTED)])


def _draw(page: Any, slide: Slide, part: Any, continued: str = "") -> None:
    from pptx.util import Inches

    if isinstance(slide, OpeningSlide):
        _text(page, 0.8, 0.6, 11.7, 1.3, [(slide.title, 36, True, INK)], anchor="bottom")
        _text(page, 0.8, 2.05, 11.7, 3.3, [(slide.bottom_line, _bottom_line_pt(slide.bottom_line), False, INK)])
        _text(
            page, 0.8, 5.3, 11.7, 1.2,
            [(line, 15 if index else 16, index == 0, INK if index == 0 else MUTED) for index, line in
             enumerate(slide.lines)],
        )
    elif isinstance(slide, FiguresSlide):
        _title(page, slide.title)
        for index, tile in enumerate(slide.tiles):
            left = MARGIN_IN + (index % 3) * 4.2
            top = BODY_TOP_IN + 0.15 + (index // 3) * 2.75
            _text(
                page, left, top, 4.0, 2.6,
                [(tile.label, 18, False, MUTED), (tile.value, 36 if len(tile.value) < 16 else 24, True, INK),
                 (tile.detail, 15, False, MUTED)],
            )
    elif isinstance(slide, ChartSlide):
        _title(page, slide.title)
        page.shapes.add_picture(
            io.BytesIO(slide.png), Inches(MARGIN_IN), Inches(BODY_TOP_IN), Inches(CHART_W_IN), Inches(CHART_H_IN)
        )
    elif isinstance(slide, TableSlide):
        _title(page, slide.title + continued, slide.caption)
        _table(page, slide, part)
    elif isinstance(slide, NotesSlide):
        _title(page, slide.title + continued, slide.subtitle)
        paragraphs: list[tuple[str, float, bool, str]] = []
        for heading, text in part:
            paragraphs.append((heading, _NOTES_PT - 2, True, MUTED))
            paragraphs += [(line, _NOTES_PT, False, INK) for line in text.split("\n")]
        _text(
            page, MARGIN_IN, BODY_TOP_IN + 0.2, 12.4, BODY_BOTTOM_IN - BODY_TOP_IN - 0.2, paragraphs,
            gap_before_bold=_NOTES_PT * 0.7,
        )
    elif isinstance(slide, ListSlide):
        _title(page, slide.title + continued)
        _text(
            page, MARGIN_IN, BODY_TOP_IN + 0.05, 12.4, BODY_BOTTOM_IN - BODY_TOP_IN - 0.05,
            [(line, _list_pt(slide), False, INK) for line in part],
        )


def _table(page: Any, slide: TableSlide, indices: list[int]) -> None:
    from pptx.util import Inches

    if not indices:
        _text(page, MARGIN_IN, BODY_TOP_IN + 0.5, 12.0, 1.0, [("No launches in this period.", 24, False, INK)])
        return
    shape = page.shapes.add_table(
        len(indices) + 1, len(slide.header), Inches(MARGIN_IN), Inches(_TABLE_TOP_IN), Inches(sum(slide.widths)),
        Inches(0.4),
    )
    table = shape.table
    points = _table_pt(slide)
    for column, width in enumerate(slide.widths):
        table.columns[column].width = Inches(width)
    grid = [(slide.header, None)] + [(slide.rows[index], slide.classes[index]) for index in indices]
    for row_number, (cells, missile_class) in enumerate(grid):
        table.rows[row_number].height = Inches(_row_height_in(cells, slide.widths, points))
        for column, text in enumerate(cells):
            cell = table.cell(row_number, column)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(
                HEADER_FILL if row_number == 0 else (BAND_FILL if row_number % 2 == 0 else "FFFFFF")
            )
            frame = cell.text_frame
            frame.word_wrap = True
            for line_number, line in enumerate(text.split("\n")):
                paragraph = frame.paragraphs[0] if line_number == 0 else frame.add_paragraph()
                if row_number and column == slide.class_column and line_number == _swatch_line(slide) and missile_class:
                    swatch = paragraph.add_run()
                    swatch.text = "■ "
                    _style_run(swatch, points, False, class_hex(missile_class))
                run = paragraph.add_run()
                run.text = line
                _style_run(run, points, row_number == 0, "FFFFFF" if row_number == 0 else INK)


def _bottom_line_pt(text: str) -> float:
    """The largest of a few sizes at which the (possibly edited) bottom line fits its 3.3-inch box."""
    for points in (21, 18, 16, 14):
        if _text_height_in(text, 11.6, points) <= 3.3:
            return points
    return 13


def _table_pt(slide: TableSlide) -> float:
    return _REFERENCE_PT if slide.reference else _TABLE_PT


def _list_pt(slide: ListSlide) -> float:
    return _REFERENCE_PT + 1 if slide.reference else _LIST_PT


def _swatch_line(slide: TableSlide) -> int:
    """The class colour goes before the class: line 2 of the missile cell, line 1 of an event's."""
    return 1 if slide.class_column == 1 else 0


def _style_run(run: Any, points: float, bold: bool, colour: str) -> None:
    from pptx.util import Pt

    run.font.size = Pt(points)
    run.font.bold = bold
    run.font.name = _FONT
    run.font.color.rgb = _rgb(colour)

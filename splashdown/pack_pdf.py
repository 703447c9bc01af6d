"""The briefing pack as a PDF (reportlab): the slides' content on landscape A4 pages.

Decisions:
- One page per slide; tables and team notes flow over as many pages as they need, their header
  row repeated.
- DejaVu Sans when installed (it has the ŏ of Hamgyŏng and every dash); else Helvetica.
- The marking goes on every page top and bottom, the period and data date in the footer; the
  appendix pages say "Appendix" in their footer. Speaker notes have no place on paper: a chart's
  sources are in its own footer, a table's in its cells or the appendix.
- Everything typed by a person is escaped before reportlab's mini-markup sees it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from splashdown.pack_slides import (
    ChartSlide,
    FiguresSlide,
    ListSlide,
    NotesSlide,
    OpeningSlide,
    Pack,
    TableSlide,
)
from splashdown.pack_style import (
    BAND_FILL,
    CHART_HEIGHT_PX,
    CHART_WIDTH_PX,
    HEADER_FILL,
    INK,
    MARKING_FILL,
    MARKING_INK,
    MUTED,
    RULE,
    class_hex,
)

_HELVETICA = ("Helvetica", "Helvetica-Bold")
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return _HELVETICA
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def to_pdf(pack: Pack) -> bytes:
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

    regular, bold = _fonts()
    page_w, page_h = landscape(A4)
    margin = 0.4 * inch
    body_w = page_w - 2 * margin

    def style(name: str, size: float, font: str = regular, colour: str = INK, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.25, textColor=colors.HexColor("#" + colour), **extra
        )

    big_title = style("big", 30, bold, spaceAfter=16)
    bottom_line = style("bottom_line", 18, spaceAfter=18)
    title = style("title", 22, bold, spaceAfter=4)
    subtitle = style("subtitle", 12, colour=MUTED, spaceAfter=8)
    lead = style("lead", 14, bold, spaceAfter=4)
    body = style("body", 14, spaceAfter=6)
    muted = style("muted", 13, colour=MUTED, spaceAfter=4)
    note_head = style("note_head", 13, bold, colour=MUTED, spaceBefore=8)
    cell = style("cell", 10.5)
    head_cell = style("head_cell", 10.5, bold, colour="FFFFFF")
    tile_label = style("tile_label", 14, colour=MUTED)
    tile_value = style("tile_value", 28, bold)
    tile_detail = style("tile_detail", 12, colour=MUTED)

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    appendix_pages: set[int] = set()

    class _AppendixMark(Spacer):
        """Zero-height marker: the page it lands on, and every later one, is the appendix."""

        def draw(self) -> None:
            appendix_pages.add(self.canv.getPageNumber())

    story: list[Any] = []
    for index, slide in enumerate(pack.slides):
        if index == pack.appendix_from:
            story.append(_AppendixMark(1, 0))
        if isinstance(slide, OpeningSlide):
            story += [Spacer(1, 0.5 * inch), Paragraph(text(slide.title), big_title),
                      Paragraph(text(slide.bottom_line), bottom_line)]
            story += [Paragraph(text(line), lead if number == 0 else muted) for number, line in enumerate(slide.lines)]
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
            height = page_h - 0.55 * inch - 0.7 * inch - 0.75 * inch
            width = min(body_w, height * CHART_WIDTH_PX / CHART_HEIGHT_PX)
            picture = Image(io.BytesIO(slide.png), width, width * CHART_HEIGHT_PX / CHART_WIDTH_PX)
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
                    swatch = f'<font color="#{class_hex(missile_class)}">■</font> '
                    first, _, rest = cells[slide.class_column].partition("\n")
                    row[slide.class_column] = Paragraph(
                        f"{text(first)}<br/>{swatch}{text(rest)}" if slide.class_column == 1 and rest
                        else f"{swatch}{text(cells[slide.class_column])}",
                        cell,
                    )
                    data.append(row)
                table = Table(data, colWidths=[width * scale for width in slide.widths], repeatRows=1)
                table.setStyle(
                    TableStyle(
                        [
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + HEADER_FILL)),
                            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#" + BAND_FILL)]),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 3),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#" + RULE)),
                        ]
                    )
                )
                story.append(table)
        elif isinstance(slide, NotesSlide):
            story += [Paragraph(text(slide.title), title), Paragraph(text(slide.subtitle), subtitle)]
            for heading, note in slide.notes_shown:
                story.append(KeepTogether([Paragraph(text(heading), note_head), Paragraph(text(note), body)]))
        elif isinstance(slide, ListSlide):
            story.append(Paragraph(text(slide.title), title))
            story += [Paragraph(text(line), body) for line in slide.lines]
        story.append(PageBreak())
    story.pop()

    def decorate_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        if pack.marking:
            for y in (page_h - 0.3 * inch, 0.12 * inch):
                canvas.setFillColor(colors.HexColor("#" + MARKING_FILL))
                canvas.rect(0, y - 0.04 * inch, page_w, 0.26 * inch, stroke=0, fill=1)
                canvas.setFillColor(colors.HexColor("#" + MARKING_INK))
                canvas.setFont(bold, 12)
                canvas.drawCentredString(page_w / 2, y + 0.03 * inch, pack.marking)
        canvas.setFillColor(colors.HexColor("#" + MUTED))
        canvas.setFont(regular, 9)
        in_appendix = bool(appendix_pages) and document.page >= min(appendix_pages)
        canvas.drawString(margin, 0.45 * inch, (("Appendix · " if in_appendix else "") + pack.footer)[:150])
        canvas.drawRightString(page_w - margin, 0.45 * inch, f"page {document.page}")
        canvas.restoreState()

    class _Document(SimpleDocTemplate):
        # After the page's flowables: by then an appendix that starts on this page has said so.
        def afterPage(self) -> None:
            decorate_page(self.canv, self)

    buffer = io.BytesIO()
    document = _Document(
        buffer,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=0.55 * inch,
        bottomMargin=0.7 * inch,
        title=pack.document_title,
        author=pack.author,
    )
    document.build(story)
    return buffer.getvalue()

"""The briefing pack: a filtered view (`splashdown.view`) as PPTX slides or a PDF.

The slides model is `pack_slides`, the formats `pack_pptx` and `pack_pdf`. Charts come from the
same builders as the pages and are rendered once by the export browser, then placed in both
formats. The `brief` command line is in `splashdown.cli`.
"""

from __future__ import annotations

from dataclasses import replace

from splashdown.export_figures import decorate, plot_aspect, render_static
from splashdown.pack_pdf import to_pdf
from splashdown.pack_pptx import to_pptx
from splashdown.pack_slides import (
    CHART_SECTIONS,
    SECTIONS,
    PackChart,
    PackOptions,
    chart_message,
    counted,
    pack_slides,
    sources_note,
)
from splashdown.pack_style import CHART_FONT_PX, CHART_HEIGHT_PX, CHART_WIDTH_PX
from splashdown.view import View, chart_for, longest_flight

__all__ = [
    "PACK_FORMATS",
    "PACK_MIME_TYPES",
    "SECTIONS",
    "PackOptions",
    "build_pack",
    "counted",
    "render_charts",
]

PACK_FORMATS: tuple[str, ...] = ("pptx", "pdf")
PACK_MIME_TYPES: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def render_charts(view: View, options: PackOptions | None = None) -> list[PackChart]:
    """The pack's charts the analyst chose, rendered once as PNG for both formats.

    Each fills the slide's content area; its slide title carries its message, so the picture
    keeps its legend, source line and data date (the slide carries the marking).
    """
    options = options or PackOptions()
    wanted = [chart for chart in CHART_SECTIONS if options.wants(chart)]
    if "profile" in wanted and longest_flight(view.launches) is None:
        wanted.remove("profile")
    charts = []
    aspect = plot_aspect(CHART_WIDTH_PX, CHART_HEIGHT_PX, with_title=False)
    for chart in wanted:
        fig, title = chart_for(view, chart, aspect=aspect)
        # The slide carries the marking; the picture would only repeat it.
        context = replace(view.context(title), marking="")
        decorated = decorate(
            fig, context, width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX, font_size=CHART_FONT_PX, with_title=False
        )
        png = render_static(decorated, "png", width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX)
        longest = longest_flight(view.launches)
        shown = view.launches.loc[[longest.name]] if chart == "profile" and longest is not None else view.launches
        message = chart_message(view, chart, title)
        charts.append(PackChart(chart, message, png, f"{title}. {context.source_line}.\n" + sources_note(shown)))
    return charts


def build_pack(view: View, fmt: str, options: PackOptions | None = None) -> bytes:
    """The briefing pack for a view as PPTX or PDF bytes, with the sections the analyst chose."""
    if fmt not in PACK_FORMATS:
        raise ValueError(f"pack format must be pptx or pdf, not {fmt!r}")
    options = options or PackOptions()
    pack = pack_slides(view, render_charts(view, options), options)
    return to_pptx(pack) if fmt == "pptx" else to_pdf(pack)

"""Finished exports of any plotly figure: title, filter summary, data date, source line, marking.

PNG, SVG and PDF go through one headless Chromium per process (kaleido), started on first use and
reused; HTML is written by plotly itself with plotly.js inlined, so it needs no browser and no
network.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from splashdown.config import settings
from splashdown.provenance import source_line

STATIC_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
FORMATS: tuple[str, ...] = (*STATIC_FORMATS, "html")
MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
}

EXPORT_WIDTH = 1600
EXPORT_HEIGHT = 900
PNG_SCALE = 2
RENDER_TIMEOUT_S = 60.0
START_TIMEOUT_S = 60.0
INSTALL_HINT = (
    "no Chrome or Chromium found for PNG/SVG/PDF export: install it (Debian: apt-get install chromium) "
    "or set BROWSER_PATH; HTML export still works"
)

_FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
_MARKING_PX = 34
_TITLE_PX = 92
_LEGEND_PX = 44
_FOOTER_PX = 56
_AXIS_PX = 72


class ExportError(RuntimeError):
    """A static export could not be produced; the message says why and what to do."""


class ExportBrowserUnavailable(ExportError):
    """No Chrome/Chromium on this machine: static formats are off, HTML export still works."""


@dataclass(frozen=True)
class ExportContext:
    """What every exported figure states about itself."""

    title: str
    filter_summary: str
    data_date: str
    source_line: str
    marking: str = ""


def build_context(
    launches: pd.DataFrame,
    *,
    title: str,
    filter_summary: str,
    data_date: str,
    marking: str | None = None,
) -> ExportContext:
    """An export context for the launches shown; `data_date` is how current all the data is
    (splashdown.provenance.data_date)."""
    return ExportContext(
        title=title,
        filter_summary=filter_summary,
        data_date=data_date,
        source_line=source_line(launches),
        marking=settings().marking if marking is None else marking,
    )


def decorate(
    fig: go.Figure,
    context: ExportContext,
    *,
    width: int = EXPORT_WIDTH,
    height: int = EXPORT_HEIGHT,
    font_size: int = 18,
    with_title: bool = True,
) -> go.Figure:
    """A copy of `fig` that carries its title, filters, data date, sources and marking.

    `with_title=False` leaves the title and filter line to the page around the picture (the pack).
    A legend placed below the plot gets its own band between the axis and the footer.
    """
    decorated = go.Figure(fig)
    marking_px = _MARKING_PX if context.marking else 0
    legend_below = _legend_px(decorated, width, font_size, below=True)
    legend_above = _legend_px(decorated, width, font_size, below=False)
    top = marking_px + (_TITLE_PX if with_title else 0) + max(legend_above, 0 if with_title else _LEGEND_PX)
    axis_px = _axis_px(decorated, font_size)
    bottom = marking_px + _FOOTER_PX + axis_px + legend_below
    if legend_below:
        decorated.update_layout(legend=dict(y=-(axis_px - 8) / max(1, height - top - bottom), yanchor="top"))
    layout = decorated.layout
    margin_left = layout.margin.l if layout.margin.l is not None else 80
    margin_right = layout.margin.r if layout.margin.r is not None else 40
    decorated.update_layout(
        height=height,
        font=dict(family=_FONT_FAMILY, size=font_size),
        margin=dict(t=top, b=bottom, l=max(margin_left, 80), r=max(margin_right, 40)),
        paper_bgcolor="white",
        # The page fixes its margins for drawing speed; a file is drawn once, at a larger font.
        xaxis=dict(automargin=True),
        yaxis=dict(automargin=True),
    )
    decorated.update_layout(
        title=dict(
            text=f"<b>{_plain(context.title)}</b>",
            subtitle=dict(text=_plain(context.filter_summary), font=dict(size=font_size - 2, color="#444")),
            x=0.01,
            xanchor="left",
            xref="container",
            yref="container",
            y=1 - (marking_px + 10) / height,
            yanchor="top",
            font=dict(size=font_size + 8),
        )
        if with_title
        else dict(text=""),
    )
    footer = f"{_plain(context.source_line)}<br>Data as of {_plain(context.data_date)}"
    decorated.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        yshift=-(bottom - marking_px - 6),
        align="left",
        showarrow=False,
        font=dict(size=font_size - 4, color="#333"),
    )
    if context.marking:
        for y, anchor, shift in ((1, "bottom", top - marking_px + 4), (0, "top", -(bottom - marking_px + 4))):
            decorated.add_annotation(
                text=f"<b>{_plain(context.marking)}</b>",
                xref="paper",
                yref="paper",
                x=0.5,
                y=y,
                xanchor="center",
                yanchor=anchor,
                yshift=shift,
                showarrow=False,
                font=dict(size=font_size, color="#7a0000"),
                bgcolor="#fff3c4",
                bordercolor="#7a0000",
                borderwidth=1,
                borderpad=4,
            )
    return decorated


def _legend_px(fig: go.Figure, width: int, font_size: int, *, below: bool) -> int:
    """Height of a legend drawn under (or over) the plot, estimated from its entries and the width."""
    legend = fig.layout.legend
    if legend.y is None or fig.layout.showlegend is False or (legend.y < 0) != below or (not below and legend.y < 1):
        return 0
    names = [trace.name for trace in fig.data if trace.name and trace.showlegend is not False]
    if not names:
        return 0
    rows = len(names)
    if legend.orientation == "h":
        available = width - 160
        rows, used = 1, 0.0
        for name in names:
            item = (len(name) + 5) * font_size * 0.6
            if used and used + item > available:
                rows, used = rows + 1, 0.0
            used += item
    return int(rows * font_size * 1.5 + 10)


def _axis_px(fig: go.Figure, font_size: int) -> int:
    """Room under the plot for the x tick labels and axis title; two-line date ticks need a line more."""
    tick_format = fig.layout.xaxis.tickformat or ""
    lines = 3 if ("\n" in tick_format or "<br>" in tick_format) else 2
    return max(_AXIS_PX, int(lines * font_size * 1.4 + 16))


def plot_aspect(
    width: int = EXPORT_WIDTH,
    height: int = EXPORT_HEIGHT,
    *,
    marking: bool = False,
    with_title: bool = True,
) -> float:
    """Width over height of the plot area `decorate` leaves, so a map can be shaped to fill it."""
    marking_px = _MARKING_PX if marking else 0
    top = marking_px + (_TITLE_PX if with_title else _LEGEND_PX)
    bottom = marking_px + _FOOTER_PX + _AXIS_PX
    return (width - 80 - 40) / max(1, height - top - bottom)


def _plain(text: str) -> str:
    """Plotly reads a subset of HTML in text; analysts' text must show as typed."""
    return html.escape(str(text), quote=False)


class ExportBrowser:
    """One headless Chromium driven by kaleido on its own event-loop thread."""

    def __init__(self, browser_path: str) -> None:
        self.browser_path = browser_path
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="export-browser", daemon=True)
        self._thread.start()
        self._kaleido: Any = None

    def start(self) -> None:
        import kaleido

        async def _open() -> Any:
            # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
            browser = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False, path=self.browser_path)
            return await browser.__aenter__()

        self._kaleido = self._run(_open(), START_TIMEOUT_S, "starting the export browser")

    def render(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT_S, f"rendering {fmt.upper()}")

    def close(self) -> None:
        if self._kaleido is not None:
            try:
                self._run(self._kaleido.close(), 10, "closing the export browser")
            except ExportError:
                pass
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _run(self, coroutine: Any, timeout: float, doing: str) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError as error:
            future.cancel()
            raise ExportError(f"timed out after {timeout:.0f} s {doing}") from error
        except ExportError:
            raise
        except Exception as error:
            raise ExportError(f"failed {doing}: {error}") from error


_browser: ExportBrowser | None = None
_browser_lock = threading.Lock()


def find_browser() -> str | None:
    """Path of the Chrome/Chromium kaleido would use, or None."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    # BROWSER_PATH is returned as given, even when nothing is there.
    return path if path and Path(path).is_file() else None


def static_export_available() -> tuple[bool, str]:
    """Whether PNG/SVG/PDF can be made here, and if not, what to install."""
    return (True, "") if find_browser() else (False, INSTALL_HINT)


def export_browser() -> ExportBrowser:
    """The process's export browser, started on first call and reused afterwards."""
    global _browser
    with _browser_lock:
        if _browser is None:
            path = find_browser()
            if not path:
                raise ExportBrowserUnavailable(INSTALL_HINT)
            browser = ExportBrowser(path)
            try:
                browser.start()
            except ExportError:
                browser.close()
                raise
            _browser = browser
        return _browser


def shutdown_export_browser() -> None:
    """Close the export browser; the next export starts a new one."""
    global _browser
    with _browser_lock:
        if _browser is not None:
            _browser.close()
            _browser = None


# A server that exits (Streamlit, tests) must not leave its Chromium behind.
atexit.register(shutdown_export_browser)


def render_static(
    fig: go.Figure,
    fmt: str,
    *,
    width: int = EXPORT_WIDTH,
    height: int = EXPORT_HEIGHT,
    scale: float | None = None,
) -> bytes:
    """PNG (2x by default), SVG or PDF bytes of the figure as it stands."""
    if fmt not in STATIC_FORMATS:
        raise ValueError(f"static format must be one of {', '.join(STATIC_FORMATS)}, not {fmt!r}")
    scale = scale or (PNG_SCALE if fmt == "png" else 1)
    try:
        return _render_once(fig, fmt, width, height, scale)
    except ExportError as error:
        if not _page_not_ready(error):
            raise
    return _render_once(fig, fmt, width, height, scale)


def _render_once(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    browser = export_browser()
    try:
        return browser.render(fig, fmt, width, height, scale)
    except ExportError:
        # A browser that timed out or crashed is not trusted with the next export.
        shutdown_export_browser()
        raise


def _page_not_ready(error: ExportError) -> bool:
    """kaleido can evaluate its render call before its tab's page script has loaded (seen on a
    busy machine: "ReferenceError: kaleido_scopes is not defined"); a fresh browser renders it."""
    return "kaleido_scopes is not defined" in str(error)


def offline_html(fig: go.Figure, *, title: str = "Splashdown chart") -> bytes:
    """A standalone HTML page with plotly.js inlined: opens anywhere without a network."""
    page = fig.to_html(
        full_html=True,
        include_plotlyjs=True,
        include_mathjax=False,
        config={"displaylogo": False, "responsive": True, "topojsonURL": ""},
    )
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    return page.encode("utf-8")


_DECK_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 0; padding: 0; overflow: hidden; font-family: "DejaVu Sans", Arial, sans-serif; }}
#deck-container {{ width: 100vw; height: 100vh; }}
#deck-container canvas {{ z-index: 1; }}
.caption {{ position: absolute; z-index: 10; left: 12px; background: rgba(255, 255, 255, 0.9);
  padding: 6px 10px; border-radius: 4px; max-width: 70vw; color: #1f2933; }}
#header {{ top: 12px; }}
#header h1 {{ font-size: 20px; margin: 0 0 4px 0; }}
#footer {{ bottom: 12px; font-size: 12px; }}
.marking {{ position: absolute; z-index: 11; left: 50%; transform: translateX(-50%); background: #fff3c4;
  color: #7a0000; font-weight: bold; padding: 2px 12px; border: 1px solid #7a0000; }}
#marking-top {{ top: 0; }}
#marking-bottom {{ bottom: 0; }}
</style>
<script>{bundle}</script>
</head>
<body>
<div id="deck-container"></div>
{marking}
<div class="caption" id="header"><h1>{title}</h1><div>{summary}</div></div>
<div class="caption" id="footer">{source_line}<br>Data as of {data_date}</div>
<script>
const deckInstance = createDeck({{
  container: document.getElementById("deck-container"),
  jsonInput: {deck_json},
  tooltip: true,
  customLibraries: null,
  configuration: null,
}});
</script>
</body>
</html>
"""


def offline_deck_html(deck: Any, context: ExportContext) -> bytes:
    """A standalone interactive map: pydeck's deck.gl bundle inlined, no CDN stylesheets or scripts.

    pydeck's own `to_html(offline=True)` still links Mapbox, Bootstrap and deck.gl CSS from CDNs,
    so the page is assembled here from the bundle that ships inside the pydeck package.
    """
    import pydeck

    bundle_path = Path(pydeck.__file__).parent / "nbextension" / "static" / "index.js"
    try:
        bundle = bundle_path.read_text(encoding="utf-8")
    except OSError as error:
        raise ExportError(f"pydeck's bundled deck.gl script is missing ({bundle_path}): reinstall pydeck") from error
    # "</" inside inline JSON would close the script element early.
    deck_json = deck.to_json().replace("</", "<\\/")
    marking = ""
    if context.marking:
        text = html.escape(context.marking)
        marking = (
            f'<div class="marking" id="marking-top">{text}</div>'
            f'<div class="marking" id="marking-bottom">{text}</div>'
        )
    page = _DECK_PAGE.format(
        title=html.escape(context.title),
        summary=html.escape(context.filter_summary),
        source_line=html.escape(context.source_line),
        data_date=html.escape(context.data_date),
        marking=marking,
        bundle=bundle,
        deck_json=deck_json,
    )
    return page.encode("utf-8")


def export_figure(
    fig: go.Figure,
    context: ExportContext,
    fmt: str,
    *,
    width: int = EXPORT_WIDTH,
    height: int = EXPORT_HEIGHT,
) -> bytes:
    """The decorated figure in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    decorated = decorate(fig, context, width=width, height=height)
    if fmt == "html":
        return offline_html(decorated, title=context.title)
    return render_static(decorated, fmt, width=width, height=height)


def file_name(stem: str, fmt: str) -> str:
    """A download file name like `splashdown-timeline-2021-W12.png`."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem).strip("-")
    return f"splashdown-{safe or 'export'}.{fmt}"

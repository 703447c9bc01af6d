"""Download buttons for charts, maps, the filtered data and the briefing pack.

Files are made only when a button is clicked (Streamlit calls the `data` callable then), so a
rerun never pays for a render. PNG, SVG, PDF and the pack need Chromium; without it those buttons
are disabled with the reason, and HTML still downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.elements.lib.mutable_popover_container import PopoverContainer

from components.identity import current_identity
from components.loaders import (
    all_claims,
    data_as_of,
    get_store,
    launch_history,
    notes_database_problem,
    static_map,
)
from splashdown import briefing
from splashdown.charts import timeline_figure, weekly_figure_from
from splashdown.config import settings
from splashdown.data_export import (
    claims_frame,
    export_frame,
    to_csv_bytes,
    to_xlsx_bytes,
)
from splashdown.export_figures import (
    FORMATS,
    MIME_TYPES,
    ExportContext,
    build_context,
    export_figure,
    file_name,
    offline_deck_html,
    static_export_available,
)
from splashdown.filters import Filters, describe, period_bounds
from splashdown.pack_slides import CHART_SECTIONS, SECTIONS, PackOptions, lists_events
from splashdown.static_map import static_map_figure
from splashdown.view import load_view
from splashdown.vocabulary import UNNAMED_MISSILE

_LABELS = {"png": "PNG (2x)", "svg": "SVG", "pdf": "PDF", "html": "HTML (offline)"}
_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The Briefing page's chart tabs, by label: "Timeline", "Weekly counts" or "Map".
CHART_TAB = "briefing_chart"


@st.cache_resource(show_spinner=False)
def _static_export() -> tuple[bool, str]:
    return static_export_available()


def static_export_notice() -> bool:
    """Whether PNG/SVG/PDF exports work here; if not, say what to install."""
    available, reason = _static_export()
    if not available:
        _explain_missing_static_export(reason)
    return available


def _explain_missing_static_export(reason: str) -> None:
    st.caption(f":material/info: {reason[0].upper()}{reason[1:]}.")


def figure_downloads(
    fig: go.Figure | Callable[[], go.Figure],
    context: ExportContext | Callable[[], ExportContext],
    *,
    name: str,
    key: str,
) -> None:
    """PNG (2x), SVG, PDF and offline HTML of a figure, each with its title, filters and sources.

    `fig` and `context` may be callables: they then run only when a button is clicked, not on
    every rerun (a figure drawn only for export need not be built for every view).
    """
    available, reason = _static_export()
    make_fig = fig if callable(fig) else (lambda: fig)
    make_context = context if callable(context) else (lambda: context)
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        column.download_button(
            _LABELS[fmt],
            data=_deferred(lambda fmt=fmt: export_figure(make_fig(), make_context(), fmt)),
            file_name=file_name(name, fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key}_{fmt}",
            disabled=fmt != "html" and not available,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    if not available:
        _explain_missing_static_export(reason)


def map_downloads(
    static_map: go.Figure | Callable[[], go.Figure],
    deck: Callable[[], Any] | None,
    context: ExportContext,
    *,
    name: str,
    key: str,
) -> None:
    """The static map in every figure format, plus the interactive map as one offline HTML file.

    `deck` builds the deck, run only when its button is clicked (a page need not build a deck it
    does not draw on every rerun)."""
    figure_downloads(static_map, context, name=name, key=key)
    if deck is not None:
        st.download_button(
            "Interactive map (offline HTML)",
            data=_deferred(lambda: offline_deck_html(deck(), context)),
            file_name=file_name(f"{name}-interactive", "html"),
            mime=MIME_TYPES["html"],
            key=f"{key}_deck",
            on_click="ignore",
            icon=":material/map:",
        )


def data_downloads(launches: pd.DataFrame, filters: Filters, *, key: str) -> None:
    """CSV and XLSX of the launches with the team's notes, and the agencies' claims behind their
    figures (a second CSV file; the XLSX sheet `claims`); formula-like cells are neutralised."""
    context = export_context(launches, filters, "Launches and team notes")
    about = {
        "title": context.title,
        "filters": context.filter_summary,
        "data as of": context.data_date,
        "sources": context.source_line,
        "marking": context.marking or "none",
    }
    name = f"launches-{period_stem(filters)}"
    csv_column, claims_column, xlsx_column = st.columns(3)
    csv_column.download_button(
        "Launches and notes (CSV)",
        data=_deferred(lambda: to_csv_bytes(_frame_with_notes(launches))),
        file_name=file_name(name, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/table_view:",
        width="stretch",
    )
    claims_column.download_button(
        "Agencies' claims (CSV)",
        data=_deferred(lambda: to_csv_bytes(claims_frame(launches, all_claims()))),
        file_name=file_name(f"claims-{period_stem(filters)}", "csv"),
        mime="text/csv",
        key=f"{key}_claims_csv",
        on_click="ignore",
        icon=":material/fact_check:",
        width="stretch",
    )
    xlsx_column.download_button(
        "Launches and notes (XLSX)",
        help="With the agencies' claims behind the figures on the sheet 'claims'.",
        data=_deferred(
            lambda: to_xlsx_bytes(_frame_with_notes(launches), about, claims_frame(launches, all_claims()))
        ),
        file_name=file_name(name, "xlsx"),
        mime=_XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
        width="stretch",
    )


def pack_choices(launches: pd.DataFrame, filters: Filters, *, title: str, bottom_line: str) -> PackOptions:
    """Which sections and which annotated launches go into the pack, with the analyst's bottom line."""
    sections = st.pills(
        "Sections",
        options=list(SECTIONS),
        default=list(SECTIONS),
        format_func=SECTIONS.__getitem__,
        selection_mode="multi",
        key="pack_sections",
        help="The first slide, with the bottom line, always opens the pack.",
    )
    annotated: tuple[str, ...] | None = None
    noted = launches.loc[launches.get("note_count", pd.Series(0, index=launches.index)) > 0]
    if "notes" in sections and len(noted):
        labels = {
            row.launch_id: f"{row.date_kst:%Y-%m-%d} {row.missile or UNNAMED_MISSILE} ({row.launch_id}, "
            f"{briefing.counted(int(row.note_count), 'note')})"
            for row in noted.itertuples(index=False)
        }
        annotated = tuple(
            st.multiselect(
                "Annotated launches with a notes slide",
                options=list(labels),
                default=list(labels),
                format_func=labels.__getitem__,
                key=f"pack_annotated::{filters.key}",
            )
        )
    return PackOptions(sections=frozenset(sections), annotated=annotated, title=title, bottom_line=bottom_line)


def pack_downloads(filters: Filters, options: PackOptions, *, key: str) -> None:
    """The briefing pack for the current filters and choices, built when a button is clicked."""
    available, _ = _static_export()
    needs_charts = any(options.wants(chart) for chart in CHART_SECTIONS)
    name = f"briefing-{period_stem(filters)}"
    # Read while the page is drawn: the pack is built later, when its button is clicked.
    identity = current_identity()
    author = identity.name if identity is not None else None
    # The pack carries the team's notes: without the database it would silently leave them out.
    database_problem = notes_database_problem()
    pptx_column, pdf_column = st.columns(2)
    buttons = ((pptx_column, "pptx", "Briefing pack (PowerPoint)"), (pdf_column, "pdf", "Briefing pack (PDF)"))
    for column, fmt, label in buttons:
        column.download_button(
            label,
            data=_deferred(_pack, filters, fmt, author, options),
            file_name=file_name(name, fmt),
            mime=briefing.PACK_MIME_TYPES[fmt],
            key=f"{key}_{fmt}",
            disabled=(needs_charts and not available) or database_problem is not None,
            on_click="ignore",
            icon=":material/slideshow:",
            type="primary",
            width="stretch",
        )
    if database_problem is not None:
        st.caption(f":material/cloud_off: The pack carries the team notes, so it waits for the notes database: "
                   f"{database_problem}")
    if needs_charts:
        static_export_notice()


def period_stem(filters: Filters) -> str:
    """The period part of download file names: the week, or first and last day."""
    if filters.week:
        return filters.week
    start, end = period_bounds(filters)
    return f"{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"


def export_context(launches: pd.DataFrame, filters: Filters, title: str) -> ExportContext:
    """What an export of these launches says about itself: title, filters, data date, sources, marking."""
    return build_context(
        launches, title=title, filter_summary=describe(filters), data_date=data_as_of(), marking=settings().marking
    )


def pack_summary(launches: pd.DataFrame, filters: Filters, options: PackOptions) -> None:
    """What the pack will hold, so the analyst knows before clicking."""
    annotated = int((launches.get("note_count", pd.Series(0, index=launches.index)) > 0).sum())
    noted = annotated if options.annotated is None else len(options.annotated)
    table = "launch events, one row each" if lists_events(*period_bounds(filters)) else "every missile"
    wording = {
        "figures": "key figures", "timeline": "the timeline", "weekly": "weekly counts", "map": "the map",
        "profile": "the longest flight's profile", "table": f"a table of {table}",
        "notes": f"team notes on {briefing.counted(noted, 'launch')}" if noted else "",
        "appendix": "an appendix with every missile and every source",
    }
    parts = ["the bottom line"] + [wording[name] for name in SECTIONS if options.wants(name) and wording[name]]
    st.text(
        f"{briefing.counted(launches['event_id'].nunique(), 'launch event')}, "
        f"{briefing.counted(len(launches), 'missile')}, {annotated} with team notes. The pack holds "
        + (f"{', '.join(parts[:-1])} and {parts[-1]}." if len(parts) > 1 else "the bottom line only.")
    )
    marking = settings().marking
    if marking:
        st.caption(f"Every page is marked {marking!r} (SPLASHDOWN_MARKING).")
    else:
        st.caption("No marking is set; set SPLASHDOWN_MARKING (for example UNCLASSIFIED) to mark every page.")


def chart_downloads(fig: go.Figure, launches: pd.DataFrame, filters: Filters, *, title: str, kind: str) -> None:
    """One call for any page: a chart's PNG/SVG/PDF/HTML downloads for the current view."""
    figure_downloads(fig, lambda: export_context(launches, filters, title),
                     name=f"{kind}-{period_stem(filters)}", key=f"dl_{kind}")


def launch_map_downloads(
    launches: pd.DataFrame, filters: Filters, deck: Callable[[], Any] | None = None
) -> None:
    """The map's downloads: the offline static map in every format, and the deck as offline HTML."""
    context = export_context(launches, filters, "Launch origins and estimated splashdowns")
    map_downloads(lambda: static_map_figure(launches), deck, context, name=f"map-{period_stem(filters)}", key="dl_map")


def briefing_charts(launches: pd.DataFrame, filters: Filters) -> None:
    """The pack's charts as the pages draw them, each with its downloads.

    Only the open tab is drawn (a tab click reruns the page): the static map alone costs a new view
    a tenth of a second or more, and every rerun of the page (a bottom line edit, a pack section
    chosen) paid for all three charts although one is seen.
    """
    start, end = period_bounds(filters)
    timeline_tab, weekly_tab, map_tab = st.tabs(["Timeline", "Weekly counts", "Map"], key=CHART_TAB,
                                                 on_change="rerun")
    if timeline_tab.open:
        with timeline_tab:
            figure = timeline_figure(launches, (start, end))
            st.plotly_chart(figure, key="briefing_timeline", width="stretch")
            chart_downloads(figure, launches, filters, title="Launch timeline", kind="timeline")
    if weekly_tab.open:
        with weekly_tab:
            figure = weekly_figure_from(launch_history(filters).window_counts(start, end), start, end)
            st.plotly_chart(figure, key="briefing_weekly", width="stretch")
            chart_downloads(figure, launches, filters, title="Missiles launched per week", kind="weekly")
    if map_tab.open:
        with map_tab:
            st.plotly_chart(static_map(filters), key="briefing_map", width="stretch")
            # Imported on use: pydeck and the deck builders cost the Overview's first run a few dozen ms.
            from splashdown.maps import build_deck

            launch_map_downloads(launches, filters, lambda: build_deck(launches))


def _pack(filters: Filters, fmt: str, author: str | None, options: PackOptions) -> bytes:
    return briefing.build_pack(load_view(filters, author=author), fmt, options)


def _frame_with_notes(launches: pd.DataFrame) -> pd.DataFrame:
    annotated = launches.loc[launches.get("note_count", pd.Series(0, index=launches.index)) > 0, "launch_id"]
    if annotated.empty:
        return export_frame(launches, {})
    store = get_store()
    return export_frame(launches, {launch_id: store.for_launch(launch_id) for launch_id in annotated})


def _deferred(make: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """A no-argument callable for `st.download_button(data=...)`, run only on click."""
    return lambda: make(*args)


def downloads_popover(label: str, *, key: str) -> PopoverContainer:
    # Filled only while open: a closed popover's buttons would otherwise be re-sent and redrawn on
    # every week step (their deferred files get new addresses each run). Opening it reruns the page.
    return st.popover(label, icon=":material/download:", key=key, on_change="rerun")

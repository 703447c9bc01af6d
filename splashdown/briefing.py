"""The briefing pack: what the app shows for a set of filters, as PPTX slides or a PDF.

`load_view` reads exactly what the pages show (catalog + analyst-added launches + notes, filtered);
the pack and the `brief` command line build on it. Charts come from the same builders as the pages
and are rendered once by the export browser, then placed in both formats.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from splashdown import catalog
from splashdown.charts import timeline_figure, weekly_figure
from splashdown.claims import CLAIM_COLUMNS
from splashdown.config import settings
from splashdown.export_figures import (
    EXIT_STATUS,
    ExportContext,
    ExportError,
    build_context,
    decorate,
    one_line,
    plot_aspect,
    render_static,
    shutdown_export_browser,
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
from splashdown.palette import MISSILE_CLASSES
from splashdown.static_map import static_map_figure
from splashdown.store import Note, open_store
from splashdown.summary import PeriodSummary, first_flights, period_summary

__all__ = [
    "PACK_FORMATS",
    "PACK_MIME_TYPES",
    "SECTIONS",
    "PackOptions",
    "View",
    "build_pack",
    "chart_for",
    "counted",
    "load_view",
    "main",
    "render_charts",
]

PACK_FORMATS: tuple[str, ...] = ("pptx", "pdf")
PACK_MIME_TYPES: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
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
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Who the pack says generated it: the signed-in (or named) analyst, "" when nobody is known.
    author: str = ""
    # Every agency's statements about the shown launches (catalog and analyst-added).
    claims: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CLAIM_COLUMNS)))

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
        claims = pd.concat([catalog.load_claims(config.data_dir), store.added_claims()], ignore_index=True)
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
        claims=claims[claims["event_id"].isin(set(shown["event_id"]))].reset_index(drop=True),
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


def render_charts(view: View, options: PackOptions | None = None) -> list[PackChart]:
    """The pack's charts the analyst chose, rendered once as PNG for both formats.

    Each fills the slide's content area; its slide title carries its message, so the picture
    keeps its legend, source line and data date (the slide carries the marking).
    """
    options = options or PackOptions()
    wanted = [chart for chart in CHART_SECTIONS if options.wants(chart)]
    if "profile" in wanted and not (_profile_available() and _longest_flight(view.launches) is not None):
        wanted.remove("profile")
    charts = []
    aspect = plot_aspect(CHART_WIDTH_PX, CHART_HEIGHT_PX, marking=bool(view.marking), with_title=False)
    for chart in wanted:
        fig, title = chart_for(view, chart, aspect=aspect)
        # The slide carries the marking; the picture would only repeat it.
        context = replace(view.context(title), marking="")
        decorated = decorate(
            fig, context, width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX, font_size=CHART_FONT_PX, with_title=False
        )
        png = render_static(decorated, "png", width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX)
        longest = _longest_flight(view.launches)
        shown = view.launches.loc[[longest.name]] if chart == "profile" and longest is not None else view.launches
        message = title if chart == "profile" else chart_message(view, chart, title)
        charts.append(PackChart(chart, message, png, f"{title}. {context.source_line}.\n" + sources_note(shown)))
    return charts


def build_pack(view: View, fmt: str, options: PackOptions | None = None) -> bytes:
    """The briefing pack for a view as PPTX or PDF bytes, with the sections the analyst chose."""
    if fmt not in PACK_FORMATS:
        raise ValueError(f"pack format must be pptx or pdf, not {fmt!r}")
    options = options or PackOptions()
    pack = pack_slides(view, render_charts(view, options), options)
    return to_pptx(pack) if fmt == "pptx" else to_pdf(pack)


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
    _add_pack_arguments(parser)
    try:
        args, fmt, filters = parse_output_arguments(parser, argv, PACK_FORMATS)
        options = _pack_options(args, parser)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    def pack() -> tuple[bytes, str]:
        view = load_view(filters)
        unknown = sorted(set(options.annotated or ()) - set(view.notes))
        if unknown:
            raise LookupError(f"--notes-for {', '.join(unknown)}: no launch with team notes in {view.description}")
        return build_pack(view, fmt, options), (
            f"{len(view.launches)} launches, {len(view.notes)} annotated, {view.description}"
        )

    return write_output("brief", args.out, pack)


def _add_pack_arguments(parser: argparse.ArgumentParser) -> None:
    pack = parser.add_argument_group("what the pack holds (default: every section, every annotated launch)")
    pack.add_argument(
        "--without", action="append", default=[], choices=tuple(SECTIONS), metavar="SECTION",
        help=f"leave a section out, repeatable ({', '.join(SECTIONS)})",
    )
    pack.add_argument(
        "--notes-for", action="append", default=None, metavar="LAUNCH_ID",
        help="give only these annotated launches a notes slide, repeatable (e.g. L-2021-03-25-1)",
    )
    pack.add_argument("--title", help="the first slide's title instead of the drafted one")
    pack.add_argument("--bottom-line", type=Path, metavar="FILE",
                      help="a text file with your bottom line instead of the drafted one (UTF-8)")


def _pack_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> PackOptions:
    bottom_line = None
    if args.bottom_line is not None:
        try:
            bottom_line = args.bottom_line.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            parser.error(f"--bottom-line {args.bottom_line}: {one_line(error)}")
        if not bottom_line:
            parser.error(f"--bottom-line {args.bottom_line} is empty")
    return PackOptions(
        sections=frozenset(SECTIONS) - set(args.without),
        annotated=tuple(args.notes_for) if args.notes_for is not None else None,
        title=args.title.strip() if args.title and args.title.strip() else None,
        bottom_line=bottom_line,
    )


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

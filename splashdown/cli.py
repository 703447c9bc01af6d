"""Command line of the `brief` and `export` commands: options, filters, and the one-line failure.

Both commands take the same period and class options as the sidebar, write one file, and report in
a way cron can use: exit status 0 and a summary line, 1 and one line on stderr (nothing written),
2 for a usage error. A saved analyst-added launch that no longer validates does not stop the file:
it is left out, as on the pages, and named in one line on stderr. `__main__.py` dispatches here;
`import` and `bench` keep their own parsers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from splashdown.briefing import PACK_FORMATS, SECTIONS, PackOptions, build_pack
from splashdown.export_figures import FORMATS, ExportError, export_figure, shutdown_export_browser
from splashdown.filters import Filters, period_window, week_bounds
from splashdown.pack_slides import BOTTOM_LINE_MAX_CHARS
from splashdown.store import DatabaseError, describe_database_error
from splashdown.view import CHARTS, View, chart_for, load_view
from splashdown.vocabulary import MISSILE_CLASSES

EXIT_STATUS = "exit status: 0 file written, 1 failed (one line on stderr, nothing written), 2 usage error"


def brief(argv: Sequence[str]) -> int:
    """`python -m splashdown brief ...`: 0 written, 1 failed (one line on stderr), 2 usage."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown brief",
        description="Build the briefing pack (PPTX or PDF) for a period, as the Briefing page does.",
        epilog=EXIT_STATUS,
    )
    _add_output_arguments(parser, PACK_FORMATS)
    _add_pack_arguments(parser)
    try:
        args, fmt, filters = _parse_output_arguments(parser, argv, PACK_FORMATS)
        options = _pack_options(args, parser)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    def pack() -> tuple[bytes, str]:
        view = _loaded_view("brief", filters)
        unknown = sorted(set(options.annotated or ()) - set(view.notes))
        if unknown:
            raise LookupError(f"--notes-for {', '.join(unknown)}: no launch with team notes in {view.description}")
        return build_pack(view, fmt, options), (
            f"{len(view.launches)} launches, {len(view.notes)} annotated, {view.description}"
        )

    return _write_output("brief", args.out, pack)


def export(argv: Sequence[str]) -> int:
    """`python -m splashdown export CHART ...`: 0 written, 1 failed (one line on stderr), 2 usage."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown export",
        description="Export one chart for the selected period as PNG, SVG, PDF or offline HTML.",
        epilog=EXIT_STATUS,
    )
    parser.add_argument("chart", choices=CHARTS, help="which chart to export")
    _add_output_arguments(parser, FORMATS)
    try:
        args, fmt, filters = _parse_output_arguments(parser, argv, FORMATS)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    def chart() -> tuple[bytes, str]:
        view = _loaded_view("export", filters)
        fig, title = chart_for(view, args.chart)
        return export_figure(fig, view.context(title), fmt), f"{len(view.launches)} launches"

    return _write_output("export", args.out, chart)


def _loaded_view(command: str, filters: Filters) -> View:
    """The view the file is made from; each saved analyst launch it leaves out is one line on stderr."""
    view = load_view(filters)
    for launch in view.rejected:
        print(f"splashdown {command}: left out {_one_line(launch.describe())}", file=sys.stderr)
    return view


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
            parser.error(f"--bottom-line {args.bottom_line}: {_one_line(error)}")
        if not bottom_line:
            parser.error(f"--bottom-line {args.bottom_line} is empty")
        if len(bottom_line) > BOTTOM_LINE_MAX_CHARS:
            parser.error(f"--bottom-line {args.bottom_line} has {len(bottom_line):,} characters; the opening slide "
                         f"holds {BOTTOM_LINE_MAX_CHARS:,}")
    return PackOptions(
        sections=frozenset(SECTIONS) - set(args.without),
        annotated=tuple(args.notes_for) if args.notes_for is not None else None,
        title=args.title.strip() if args.title and args.title.strip() else None,
        bottom_line=bottom_line,
    )


def _add_filter_arguments(parser: argparse.ArgumentParser) -> None:
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


def _filters_from_args(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Filters:
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


def _add_output_arguments(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """The filters plus `--format` and `--out`, shared by `brief` and `export`."""
    _add_filter_arguments(parser)
    parser.add_argument("--format", choices=formats,
                        help=f"{' or '.join(formats)} (default: from --out's extension)")
    parser.add_argument("--out", required=True, type=Path, help="file to write")


def _parse_output_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str], formats: Sequence[str]
) -> tuple[argparse.Namespace, str, Filters]:
    """Arguments, output format and filters; usage errors exit through `parser.error` (status 2)."""
    args = parser.parse_args(list(argv))
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in formats:
        parser.error(f"cannot tell the format from {args.out.name!r}: pass --format {'|'.join(formats)}")
    return args, fmt, _filters_from_args(args, parser)


def _write_output(command: str, out: Path, produce: Callable[[], tuple[bytes, str]]) -> int:
    """Make a file for `brief`/`export` and write it: 0 and a summary line, or 1 and one line for cron."""
    try:
        payload, summary = produce()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(payload)
    except DatabaseError as error:
        print(f"splashdown {command}: {_one_line(describe_database_error(error))}", file=sys.stderr)
        return 1
    except (ExportError, ValueError, OSError, LookupError) as error:
        print(f"splashdown {command}: {_one_line(error)}", file=sys.stderr)
        return 1
    finally:
        shutdown_export_browser()
    print(f"wrote {out} ({len(payload):,} bytes): {summary}")
    return 0


def _one_line(error: BaseException | str, limit: int = 400) -> str:
    """An error as one line for cron mail: a multi-line catalog error becomes `first; second; ...`."""
    text = "; ".join(line.strip() for line in str(error).splitlines() if line.strip()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"

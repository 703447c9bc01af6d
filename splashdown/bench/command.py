"""The `bench` command: which parts run at which sizes, and the report (a table or JSON)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from typing import Any

from splashdown import catalog
from splashdown.bench import browser, server
from splashdown.bench.catalogs import CURATED

DEFAULT_SIZES = (CURATED, "10000", "100000")
PARTS = ("server", "browser", "load")
_DESCRIPTION = """Measured speed at the curated size and on synthetic catalogs (default 10,000 and 100,000).

server   the real app in a fresh AppTest worker per size: cold start, filter, map and Since 1984
         reruns, the filter rerun beside Streamlit's floor, peak memory; a briefing pack; ballistics
browser  click to settled page in Debian's Chromium, beside a trivial Streamlit app's floor
load     simulated analysts at once on SQLite and a throwaway PostgreSQL
"""


def _machine() -> dict[str, object]:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
    }


def measure_load(analysts: int, seconds: float) -> list[dict[str, object]]:
    """Simulated analysts filtering, switching pages and annotating at once, on SQLite and on a
    throwaway PostgreSQL when the machine has one: rerun percentiles, errors and lost notes."""
    from splashdown.bench.concurrent_analysts import run_load
    from splashdown.pgserver import PostgresUnavailable, throwaway_postgres

    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="splashdown-bench-load-") as work:
        results.append(_load_result("sqlite", run_load(f"sqlite:///{work}/load.db", analysts, seconds)))
    try:
        with throwaway_postgres() as url:
            results.append(_load_result("postgresql", run_load(url, analysts, seconds)))
    except PostgresUnavailable as reason:
        print(f"load on PostgreSQL not measured: {reason}", file=sys.stderr)
    return results


def _load_result(database: str, load: dict[str, object]) -> dict[str, object]:
    return {
        "name": f"load_{database}",
        "size": len(catalog.load_launches()),
        "analysts": load["analysts"],
        "seconds": load["seconds"],
        "reruns": load["reruns"],
        "p50_seconds": round(float(load["p50_seconds"]), 4),  # type: ignore[arg-type]
        "p95_seconds": round(float(load["p95_seconds"]), 4),  # type: ignore[arg-type]
        "errors": load["errors"],
        "notes_lost": int(load["notes_written"]) - int(load["notes_found"]),  # type: ignore[call-overload]
    }


def _table(report: dict[str, Any]) -> str:
    lines = [f"machine: {report['machine']}", "", f"{'name':<16}{'size':>8}  figures"]
    for result in report["results"]:
        figures = ", ".join(f"{key}={value}" for key, value in result.items() if key not in {"name", "size"})
        lines.append(f"{result['name']:<16}{result['size']:>8}  {figures}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m splashdown bench", description=_DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                        help="comma-separated: curated and/or synthetic launch counts (default: %(default)s)")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="comma-separated parts to run (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per server figure; medians are reported")
    parser.add_argument("--browser-steps", type=int, default=9,
                        help="timed clicks per browser figure, each beside a floor click (default: %(default)s)")
    parser.add_argument("--browser-warm-up", type=int, default=1,
                        help="untimed clicks before each browser figure (default: %(default)s)")
    parser.add_argument("--analysts", type=int, default=20, help="simulated analysts in the load test")
    parser.add_argument("--load-seconds", type=float, default=60.0,
                        help="length of the load test; 0 skips it (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    for size in sizes:
        if size != CURATED and not size.isdigit():
            parser.error(f"size {size!r} is neither 'curated' nor a number of launches")
    parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    if unknown := sorted(parts - set(PARTS)):
        parser.error(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}")
    if args.repeat < 1 or args.browser_steps < 1 or args.browser_warm_up < 0:
        parser.error("--repeat and --browser-steps need at least one repetition, --browser-warm-up none or more")

    results: list[dict[str, object]] = []
    try:
        for size in sizes:
            if "server" in parts:
                print(f"measuring {size} on the server…", file=sys.stderr, flush=True)
                results += server.measure(size, args.repeat)
            if "browser" in parts:
                print(f"measuring {size} in the browser…", file=sys.stderr, flush=True)
                results += browser.measure(size, args.browser_steps, args.browser_warm_up)
        if "load" in parts and args.load_seconds > 0:
            print(f"load: {args.analysts} analysts for {args.load_seconds:g} s…", file=sys.stderr, flush=True)
            results += measure_load(args.analysts, args.load_seconds)
    except RuntimeError as error:
        print(f"splashdown bench: {error}", file=sys.stderr)
        return 1
    report = {"machine": _machine(), "results": results}
    print(json.dumps(report, indent=2) if args.json else _table(report))
    return 0

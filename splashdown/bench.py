"""`python -m splashdown bench`: measured speed at the curated size and on synthetic catalogs.

Each size runs the real app in a fresh worker process (`tools/bench_app.py`), so cold start and
peak memory are those of a new server. Figures are medians of several repetitions; the filter
rerun is reported beside a floor measured in the same run (Streamlit's own cost of redrawing the
same page from precomputed figures), because on a shared 2-core machine only ratios travel. Page
and floor reruns alternate, so a busy neighbour slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from splashdown import catalog
from splashdown.ballistics import reconstruct_many
from splashdown.config import PROJECT_ROOT, settings
from splashdown.catalog import iso_week

DEFAULT_SIZES = ("curated", "10000", "100000")
_WORKER = PROJECT_ROOT / "tools" / "bench_app.py"
_BALLISTICS_MIN_BATCH = 100_000


def _machine() -> dict[str, object]:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
    }


def synthetic_catalog(curated: pd.DataFrame, size: int, seed: int = 1) -> pd.DataFrame:
    """`size` launches drawn from the curated rows (classes, sites, figures) on random dates."""
    rng = np.random.default_rng(seed)
    rows = curated.iloc[rng.integers(0, len(curated), size)].reset_index(drop=True)
    first, last = pd.Timestamp(f"{catalog.FIRST_LAUNCH_YEAR}-04-01"), curated["date_kst"].max()
    days = np.sort(rng.integers(0, (last - first).days + 1, size))
    dates = first + pd.to_timedelta(days, unit="D")
    rows["date_kst"] = dates.strftime("%Y-%m-%d")
    # One event per day keeps salvos realistic: a few missiles share a date and an area.
    day_numbers = pd.Series(days).groupby(days).cumcount() + 1
    rows["launch_id"] = [f"L-{day}-{n}" for day, n in zip(rows["date_kst"], day_numbers, strict=True)]
    rows["event_id"] = [f"E-{day}-1" for day in rows["date_kst"]]
    rows["sources"] = "synthetic benchmark row drawn from " + rows["sources"].astype(str)
    return rows[list(catalog.RAW_COLUMNS)]


@contextmanager
def _data_dir(size: str) -> Iterator[Path]:
    real = settings().data_dir
    if size == "curated":
        yield real
        return
    with tempfile.TemporaryDirectory(prefix=f"splashdown-bench-{size}-") as work:
        data_dir = Path(work)
        for entry in real.iterdir():
            if entry.name != "launches.csv":
                (data_dir / entry.name).symlink_to(entry)
        raw = pd.read_csv(real / "launches.csv", dtype=str, keep_default_na=False)
        raw["date_kst"] = pd.to_datetime(raw["date_kst"])
        synthetic_catalog(raw, int(size)).to_csv(data_dir / "launches.csv", index=False)
        yield data_dir


def _run_worker(data_dir: Path, week: str, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="splashdown-bench-var-") as var_dir:
        env = os.environ | {
            "SPLASHDOWN_DATA_DIR": str(data_dir),
            "SPLASHDOWN_VAR_DIR": var_dir,
            "SPLASHDOWN_DATABASE_URL": f"sqlite:///{var_dir}/bench.db",
            "SPLASHDOWN_ANALYST": "Benchmark",
        }
        done = subprocess.run(
            [sys.executable, str(_WORKER), "--week", week, "--repeat", str(repeat)],
            env=env, capture_output=True, text=True, check=False, cwd=PROJECT_ROOT,
        )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _briefing_seconds(data_dir: Path, week: str) -> float:
    with tempfile.TemporaryDirectory(prefix="splashdown-bench-brief-") as work:
        env = os.environ | {
            "SPLASHDOWN_DATA_DIR": str(data_dir),
            "SPLASHDOWN_DATABASE_URL": f"sqlite:///{work}/bench.db",
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "splashdown", "brief", "--week", week, "--format", "pptx",
             "--out", f"{work}/brief.pptx"],
            env=env, capture_output=True, text=True, check=False, cwd=PROJECT_ROOT,
        )
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"briefing pack failed:\n{done.stderr[-3000:]}")
    return elapsed


def _ballistics_per_second(launches: pd.DataFrame, repeat: int) -> float:
    known = launches.dropna(subset=["range_km", "apogee_km"])
    batch = max(len(launches), _BALLISTICS_MIN_BATCH)
    picks = np.random.default_rng(2).integers(0, len(known), batch)
    ranges = known["range_km"].to_numpy()[picks]
    apogees = known["apogee_km"].to_numpy()[picks]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        reconstruct_many(ranges, apogees)
        times.append(time.perf_counter() - started)
    return batch / statistics.median(times)


def measure(size: str, repeat: int) -> list[dict[str, object]]:
    with _data_dir(size) as data_dir:
        launches = catalog.load_launches(data_dir)
        count = len(launches)
        week = iso_week(launches["date_kst"].max().date())
        app = _run_worker(data_dir, week, repeat)
        briefing = _briefing_seconds(data_dir, week)
    return [
        {"name": "cold_start", "size": count, "seconds": round(app["cold_start"], 4)},
        {
            "name": "filter_rerun",
            "size": count,
            "seconds": round(app["filter_rerun"], 4),
            "floor_seconds": round(app["floor"], 4),
            "ratio": round(app["filter_rerun"] / app["floor"], 2),
            "max_seconds": round(app["filter_rerun_p95"], 4),
        },
        {"name": "map_rerun", "size": count, "seconds": round(app["map_rerun"], 4)},
        {"name": "briefing", "size": count, "seconds": round(briefing, 3)},
        {"name": "ballistics", "size": count, "per_second": round(_ballistics_per_second(launches, repeat))},
        {"name": "rss_mb", "size": count, "mb": round(app["rss_mb"], 1)},
    ]


def measure_load(analysts: int, seconds: float) -> list[dict[str, object]]:
    """Simulated analysts filtering, switching pages and annotating at once, on SQLite and on a
    throwaway PostgreSQL when the machine has one: rerun percentiles, errors and lost notes."""
    from splashdown.load import run_load
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
        "p50_seconds": round(float(load["p50_seconds"]), 4),
        "p95_seconds": round(float(load["p95_seconds"]), 4),
        "errors": load["errors"],
        "notes_lost": int(load["notes_written"]) - int(load["notes_found"]),  # type: ignore[arg-type]
    }


def _table(report: dict[str, object]) -> str:
    lines = [f"machine: {report['machine']}", "", f"{'name':<14}{'size':>8}  figures"]
    for result in report["results"]:  # type: ignore[union-attr]
        figures = ", ".join(f"{key}={value}" for key, value in result.items() if key not in {"name", "size"})
        lines.append(f"{result['name']:<14}{result['size']:>8}  {figures}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m splashdown bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                        help="comma-separated: curated and/or synthetic launch counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per figure; medians are reported")
    parser.add_argument("--analysts", type=int, default=20, help="simulated analysts in the load test")
    parser.add_argument("--load-seconds", type=float, default=60.0,
                        help="length of the load test; 0 skips it (default: %(default)s)")
    args = parser.parse_args(argv)
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    for size in sizes:
        if size != "curated" and not size.isdigit():
            parser.error(f"size {size!r} is neither 'curated' nor a number of launches")

    results: list[dict[str, object]] = []
    try:
        for size in sizes:
            print(f"measuring {size}…", file=sys.stderr, flush=True)
            results += measure(size, args.repeat)
        if args.load_seconds > 0:
            print(f"load: {args.analysts} analysts for {args.load_seconds:g} s…", file=sys.stderr, flush=True)
            results += measure_load(args.analysts, args.load_seconds)
    except RuntimeError as error:
        print(f"splashdown bench: {error}", file=sys.stderr)
        return 1
    report = {"machine": _machine(), "results": results}
    print(json.dumps(report, indent=2) if args.json else _table(report))
    return 0

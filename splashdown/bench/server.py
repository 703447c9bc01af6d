"""Server-side figures: the real app in a fresh AppTest worker (`tools/bench_app.py`) per size.

Cold start and peak memory are those of a new process. The filter rerun is reported beside a
floor measured in the same worker (Streamlit's own cost of redrawing the same page from
precomputed figures), page and floor reruns taken in turn, so a busy neighbour slows both alike.
The briefing pack is timed as a whole command-line process, the ballistics as a vectorized batch.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from splashdown import catalog
from splashdown.ballistics import reconstruct_many
from splashdown.bench.catalogs import data_dir
from splashdown.catalog import iso_week
from splashdown.config import PROJECT_ROOT

_WORKER = "tools.bench_app"
_BALLISTICS_MIN_BATCH = 100_000


def _run_worker(launches_dir: Path, week: str, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="splashdown-bench-var-") as var_dir:
        env = os.environ | {
            "SPLASHDOWN_DATA_DIR": str(launches_dir),
            "SPLASHDOWN_VAR_DIR": var_dir,
            "SPLASHDOWN_DATABASE_URL": f"sqlite:///{var_dir}/bench.db",
            "SPLASHDOWN_ANALYST": "Benchmark",
        }
        done = subprocess.run(
            [sys.executable, "-m", _WORKER, "--week", week, "--repeat", str(repeat)],
            env=env, capture_output=True, text=True, check=False, cwd=PROJECT_ROOT,
        )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _briefing_seconds(launches_dir: Path, week: str) -> float:
    with tempfile.TemporaryDirectory(prefix="splashdown-bench-brief-") as work:
        env = os.environ | {
            "SPLASHDOWN_DATA_DIR": str(launches_dir),
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
    """The server-side figures for one catalog size."""
    with data_dir(size) as launches_dir:
        launches = catalog.load_launches(launches_dir)
        count = len(launches)
        week = iso_week(launches["date_kst"].max().date())
        app = _run_worker(launches_dir, week, repeat)
        briefing = _briefing_seconds(launches_dir, week)
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
        {"name": "long_view_rerun", "size": count, "seconds": round(app["long_view_rerun"], 4)},
        {"name": "briefing", "size": count, "seconds": round(briefing, 3)},
        {"name": "ballistics", "size": count, "per_second": round(_ballistics_per_second(launches, repeat))},
        {"name": "rss_mb", "size": count, "mb": round(app["rss_mb"], 1)},
    ]

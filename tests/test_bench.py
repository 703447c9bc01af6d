"""The benchmark runs end to end and reports what DESIGN.md promises (the numbers are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from splashdown.catalog import load_launches
from splashdown.export_figures import static_export_available
from tests.apps import ROOT
from tests.support import require


def test_bench_reports_every_figure_with_its_floor_for_the_curated_catalog() -> None:
    available, reason = static_export_available()
    require(available, f"the benchmark times a briefing pack, and {reason}")
    done = subprocess.run(
        [sys.executable, "-m", "splashdown", "bench", "--json", "--sizes", "curated", "--repeat", "2",
         "--load-seconds", "0"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["machine"]["cpus"] >= 1
    results = {result["name"]: result for result in report["results"]}
    assert set(results) == {"cold_start", "filter_rerun", "map_rerun", "briefing", "ballistics", "rss_mb"}
    assert {result["size"] for result in results.values()} == {len(load_launches())}
    rerun = results["filter_rerun"]
    assert rerun["seconds"] > 0 and rerun["floor_seconds"] > 0
    assert rerun["ratio"] == pytest.approx(rerun["seconds"] / rerun["floor_seconds"], abs=0.02)
    assert results["ballistics"]["per_second"] > 0 and results["rss_mb"]["mb"] > 0


def test_bench_refuses_a_size_that_is_not_a_number() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "splashdown", "bench", "--sizes", "lots"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=60,
    )
    assert done.returncode == 2 and "size 'lots' is neither 'curated' nor a number" in done.stderr

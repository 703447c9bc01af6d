"""The benchmark runs end to end and reports what DESIGN.md promises (the numbers are not judged
here), and its browser part counts a page as settled only once it really is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from splashdown import catalog
from splashdown.bench import browser as browser_bench
from splashdown.bench.catalogs import data_dir
from splashdown.catalog import load_launches
from splashdown.export_figures import static_export_available
from splashdown.local_servers import serve_streamlit
from tests.apps import ROOT
from tests.support import require


def _bench(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "splashdown", "bench", *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout,
    )


def _require_chromium() -> None:
    require(Path(browser_bench.CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "playwright is not installed (pip install -r requirements-dev.txt)")


def test_bench_reports_every_server_figure_with_its_floor_for_the_curated_catalog() -> None:
    available, reason = static_export_available()
    require(available, f"the benchmark times a briefing pack, and {reason}")

    done = _bench("--json", "--sizes", "curated", "--parts", "server", "--repeat", "2")

    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["machine"]["cpus"] >= 1
    results = {result["name"]: result for result in report["results"]}
    assert set(results) == {"cold_start", "filter_rerun", "map_rerun", "long_view_rerun", "briefing", "ballistics",
                            "rss_mb"}
    assert {result["size"] for result in results.values()} == {len(load_launches())}
    rerun = results["filter_rerun"]
    assert rerun["seconds"] > 0 and rerun["floor_seconds"] > 0
    assert rerun["ratio"] == pytest.approx(rerun["seconds"] / rerun["floor_seconds"], abs=0.02)
    assert results["long_view_rerun"]["seconds"] > 0
    assert results["ballistics"]["per_second"] > 0 and results["rss_mb"]["mb"] > 0


@pytest.mark.browser
def test_browser_bench_reports_each_step_beside_the_floor_and_the_page_switches() -> None:
    _require_chromium()

    done = _bench("--json", "--sizes", "curated", "--parts", "browser", "--browser-steps", "1",
                  "--browser-warm-up", "0", timeout=600)

    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)["results"]
    steps = {result["page"]: result for result in results if result["name"] == "browser_step"}
    assert set(steps) == {"Overview week step from 2021-W12", "Map week step from 2022-W40", "Overview, Since 1984"}
    for step in steps.values():
        assert step["size"] == len(load_launches())
        assert step["seconds"] > 0 and step["floor_seconds"] > 0 and step["bytes"] > 0
        assert step["ratio"] == pytest.approx(step["seconds"] / step["floor_seconds"], rel=0.02)
    switches = {result["page"]: result for result in results if result["name"] == "browser_switch"}
    assert set(switches) == {"Overview → Map", "Map → Overview"}
    assert all(switch["seconds"] > 0 for switch in switches.values())


@pytest.mark.browser
def test_a_page_still_busy_after_its_text_changed_is_not_yet_settled(browser, tmp_path: Path) -> None:
    context = browser_bench.instrumented_context(browser)
    try:
        with serve_streamlit(browser_bench.FLOOR_APP, tmp_path) as url:
            tab = browser_bench._Tab(context, url)
            tab.open("/", browser_bench._text_shows("Step 0"))
            quick = tab.click(browser_bench._next_button, browser_bench._text_shows("Step 1"))
            # As a map still drawing would: the main thread stays blocked after the new text is shown.
            tab.page.evaluate("""() => document.addEventListener("click", () => setTimeout(() => {
                const until = performance.now() + 1000;
                while (performance.now() < until) {}
            }, 0), {once: true})""")

            busy = tab.click(browser_bench._next_button, browser_bench._text_shows("Step 2"))
    finally:
        context.close()

    assert busy.bytes > 0
    assert busy.seconds >= 1.0 > quick.seconds


def test_a_synthetic_catalog_passes_the_checks_the_app_makes_before_drawing_a_page() -> None:
    with data_dir("500") as synthetic:
        launches = catalog.load_launches(synthetic)
        catalog.load_claims(synthetic)
        catalog.load_sites(synthetic)

    assert len(launches) == 500 and launches["launch_id"].is_unique


def test_bench_refuses_a_size_that_is_not_a_number_and_a_part_it_does_not_have() -> None:
    done = _bench("--sizes", "lots", timeout=60)
    assert done.returncode == 2 and "size 'lots' is neither 'curated' nor a number" in done.stderr

    done = _bench("--parts", "server,gpu", timeout=60)
    assert done.returncode == 2 and "unknown part 'gpu'" in done.stderr

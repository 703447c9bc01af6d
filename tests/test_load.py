"""A short load run: a few analysts at once filter, switch pages and annotate; no error, no lost note.

The full 20 analysts x 60 s run belongs to the benchmark (`python -m splashdown bench`).
"""

from __future__ import annotations

from pathlib import Path

from splashdown.bench import concurrent_analysts
from splashdown.bench.concurrent_analysts import run_load
from splashdown.store import open_store

ANALYSTS = 3
SECONDS = 5.0


def _assert_held(report: dict, database_url: str) -> None:
    assert report["errors"] == 0, report["error_messages"]
    assert report["analysts"] == ANALYSTS and report["seconds"] == SECONDS
    assert report["notes_written"] >= ANALYSTS, "every simulated analyst writes at least one note"
    assert report["notes_found"] == report["notes_written"]
    assert report["reruns"] >= ANALYSTS
    assert 0 < report["p50_seconds"] <= report["p95_seconds"]
    store = open_store(database_url)
    try:
        authors = {note.author for note in _all_notes(store)}
    finally:
        store.close()
    assert authors and authors <= {f"Load analyst {index}" for index in range(ANALYSTS)}


def _all_notes(store) -> list:  # noqa: ANN001 - a splashdown Store
    summary = store.note_summary()
    return [note for launch_id in summary["launch_id"] for note in store.for_launch(launch_id)]


def test_analysts_working_at_once_on_sqlite_lose_no_note(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"

    report = run_load(url, analysts=ANALYSTS, seconds=SECONDS)

    _assert_held(report, url)


def test_analysts_working_at_once_on_postgresql_lose_no_note(pg_database_url: str) -> None:
    report = run_load(pg_database_url, analysts=ANALYSTS, seconds=SECONDS)

    _assert_held(report, pg_database_url)


def test_a_note_the_store_does_not_have_is_counted_as_lost(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    store = open_store(url)
    store.add("L-2021-03-25-1", "Load analyst 0", "saved")
    store.close()
    written = [("L-2021-03-25-1", "saved"), ("L-2021-03-25-1", "never saved")]
    analyst = concurrent_analysts.AnalystResult(0, reruns=[0.2, 0.4], notes=written)

    report = concurrent_analysts._summary(url, 1, 1.0, [analyst])

    assert (report["notes_written"], report["notes_found"], report["errors"]) == (2, 1, 1)
    assert "1 of 2 notes written are missing from the store" in report["error_messages"]
